# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# What the harness reports: the requirements check, the machine and versions, the results table,
# the ratios against the targets, and docs/performance.md (only between the markers).

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import math
import os
import platform
import subprocess
import sys

BEGIN = '<!-- benchmark results: begin (written by benchmarks/run.py --write-docs) -->'
END = '<!-- benchmark results: end -->'
REQUIRED = ('requests', 'openai', 'jsonschema', 'ansible')
VERSIONS = (('ansible-core', 'ansible-core'), ('requests', 'requests'), ('jsonschema', 'jsonschema'),
            ('jsonschema-rs', 'jsonschema_rs'), ('fastjsonschema', 'fastjsonschema'), ('openai', 'openai'))
PAGE_SIZE = 100
NETWORK_TOOLS = ('a', 'b', 'c', 'd', 'e')


def check_requirements():
    """Fail clearly, before anything starts, when a package or an Ansible command is missing."""
    # Imported in a child: the harness itself stays small (see emulator_process.py).
    probe = 'import importlib.util, sys; print(" ".join(n for n in sys.argv[1:] if importlib.util.find_spec(n) is None))'
    missing = subprocess.run([sys.executable, '-c', probe] + list(REQUIRED), check=True, stdout=subprocess.PIPE,
                             universal_newlines=True).stdout.split()
    for command in ('ansible', 'ansible-inventory'):
        if not os.path.exists(os.path.join(os.path.dirname(sys.executable), command)):
            missing.append('the %s command next to %s' % (command, sys.executable))
    if missing:
        sys.exit('benchmarks/run.py: missing %s.\nRun it with the Python of the venv that scripts/setup.sh makes, e.g.\n'
                 '  ~/.cache/llmops-openai/venvs/demo-core2.19.14/bin/python benchmarks/run.py\n'
                 'and install the benchmark extras into it: <venv>/bin/pip install -r benchmarks/requirements.txt' % ', '.join(missing))


def _version(distribution):
    try:
        from importlib.metadata import version, PackageNotFoundError  # pylint: disable=import-outside-toplevel
    except ImportError:
        return 'unknown'
    try:
        return version(distribution)
    except PackageNotFoundError:
        return 'not installed'


def machine():
    cpu = 'unknown'
    memory = 'unknown'
    try:
        with open('/proc/cpuinfo') as stream:
            for line in stream:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
        with open('/proc/meminfo') as stream:
            for line in stream:
                if line.startswith('MemTotal'):
                    memory = '%.1f GiB' % (int(line.split()[1]) / 1024.0 / 1024.0)
                    break
    except OSError:
        pass
    return 'nproc %s, %s, %s memory, %s' % (os.cpu_count(), cpu, memory, platform.platform())


def versions():
    parts = ['python %s' % platform.python_version()]
    parts += ['%s %s' % (label, _version(distribution)) for label, distribution in VERSIONS]
    return ', '.join(parts)


def _ratio(numerator, denominator):
    return numerator / denominator if denominator else float('nan')


def _verdict(ok):
    return 'met' if ok else '**MISSED**'


def table(results, tools):
    lines = [
        '| N | tool | CPU s | wall s | CPU / (a) | CPU us per container | peak RSS MB | RSS KB per container | requests | TCP connections |',
        '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ]
    for size, run in sorted(results['runs'].items()):
        floor = run['tools'].get('a')
        rows = [(key, summary, '') for key, summary in run['tools'].items()]
        rows += [(key, summary, ', %d ms latency' % results['latency_ms']) for key, summary in run['latency'].items()]
        for key, summary, suffix in rows:
            lines.append('| %d | %s%s | %.3f | %.3f | %s | %.1f | %.0f | %.2f | %d | %d |' % (
                size, tools[key].label, suffix, summary.cpu, summary.wall,
                '%.2f' % _ratio(summary.cpu, floor.cpu) if floor and not suffix else '',
                summary.cpu / size * 1e6, summary.maxrss_kb / 1024.0, summary.maxrss_kb / size,
                summary.requests, summary.connections))
        for key, reason in sorted(run['failed'].items()):
            lines.append('| %d | %s | failed: %s | | | | | | | |' % (size, key, reason.splitlines()[0][:200]))
    return lines


def targets(results):
    """One line per target and size: the measured ratio and whether it is met."""
    lines = []
    runs = results['runs']
    for size, run in sorted(runs.items()):
        tools = run['tools']
        pages = int(math.ceil(size / float(PAGE_SIZE)))
        if 'a' in tools and 'c' in tools:
            ratio = _ratio(tools['c'].cpu, tools['a'].cpu)
            lines.append('- N=%d: (c) CPU / (a) CPU = %.2f (target <= 1.5 at 10k): %s' % (
                size, ratio, _verdict(ratio <= 1.5) if size == 10000 else 'for information'))
        if 'b' in tools and 'c' in tools:
            ratio = _ratio(tools['c'].cpu, tools['b'].cpu)
            lines.append('- N=%d: (c) CPU / (b) CPU = %.2f (target <= 0.5): %s' % (size, ratio, _verdict(ratio <= 0.5)))
        for key in NETWORK_TOOLS:
            if key in tools:
                got = tools[key]
                ok = got.requests == pages and got.connections == 1
                lines.append('- N=%d: (%s) %d requests (target %d), %d TCP connection(s) (target 1): %s' % (
                    size, key, got.requests, pages, got.connections, _verdict(ok)))
        if 'c' in run['latency']:
            wall = run['latency']['c'].wall
            floor = pages * results['latency_ms'] / 1000.0
            lines.append('- N=%d, %d ms latency: (c) wall %.2f s = %.3f x pages x latency (%.2f s; target <= 1.05): %s' % (
                size, results['latency_ms'], wall, _ratio(wall, floor), floor, _verdict(wall <= 1.05 * floor)))
        if 'g' in tools:
            for key, limit in (('e', 1.2), ('f', 1.1)):
                if key in tools:
                    ratio = _ratio(tools[key].cpu, tools['g'].cpu)
                    lines.append('- N=%d: (%s) CPU / (g) CPU = %.2f (wall %.2f; target <= %.1f): %s' % (
                        size, key, ratio, _ratio(tools[key].wall, tools['g'].wall), limit, _verdict(ratio <= limit)))
    return lines + linearity(runs)


def linearity(runs):
    """CPU per container at 100k against 10k, per tool (ping lists nothing, so it is left out)."""
    if 10000 not in runs or 100000 not in runs:
        return []
    lines = []
    small, large = runs[10000]['tools'], runs[100000]['tools']
    for key in sorted(set(small) & set(large) - set(['d0'])):
        ratio = _ratio(large[key].cpu / 100000.0, small[key].cpu / 10000.0)
        lines.append('- linearity (%s): CPU per container at 100k / at 10k = %.2f (target <= 1.2): %s; '
                     'peak RSS %.2f KB per container at 100k' % (key, ratio, _verdict(ratio <= 1.2), large[key].maxrss_kb / 100000.0))
    return lines


def render(results, tools):
    lines = [
        'Machine: %s.' % machine(),
        '',
        'Versions: %s.' % versions(),
        '',
        'Median of %d runs per tool; CPU = user + sys of the whole process tree (os.wait4); '
        'requests and TCP connections are counted by the emulator per listing; peak RSS = ru_maxrss '
        '(its floor is the harness\'s own %.0f MB, which a forked process inherits). Load average (1 min) at the start '
        'and the end: %s; above nproc, wall times mostly measure the other processes.' % (
            results['repeat'], results['harness_maxrss_kb'] / 1024.0, ' / '.join('%.1f' % load for load in results.get('load', []))),
        '',
    ]
    lines += table(results, tools)
    lines += ['', 'Targets:', '']
    lines += targets(results)
    return '\n'.join(lines) + '\n'


def write_docs(path, text):
    """Replace what is between the markers; keep the prose around it."""
    if os.path.exists(path):
        with open(path) as stream:
            current = stream.read()
    else:
        current = '# Performance\n\n%s\n%s\n' % (BEGIN, END)
    if BEGIN not in current or END not in current:
        current = current.rstrip('\n') + '\n\n%s\n%s\n' % (BEGIN, END)
    head, rest = current.split(BEGIN, 1)
    dummy, tail = rest.split(END, 1)
    with open(path, 'w') as stream:
        stream.write('%s%s\n%s%s%s' % (head, BEGIN, text, END, tail))
