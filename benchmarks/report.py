# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# What the harness reports: the requirements check, the machine and versions, the results table,
# the ratios against the targets, and the performance guide (docs/docsite/rst/contributing/performance.rst, only
# between the markers). Everything is reStructuredText, readable as printed and as the docsite renders it.

import math
import os
import platform
import re
import subprocess
import sys

# RST comments: invisible on the docsite, and they end at the next blank line.
BEGIN = '.. benchmark results%s: begin (written by benchmarks/run.py --write-docs%s)'
END = '.. benchmark results%s: end'
GUIDE_HEAD = '.. _ansible_collections.llmops.openai.docsite.performance:\n\nPerformance\n===========\n\n'
REQUIRED = ('requests', 'openai', 'jsonschema', 'ansible')
VERSIONS = (('ansible-core', 'ansible-core'), ('requests', 'requests'), ('jsonschema', 'jsonschema'),
            ('jsonschema-rs', 'jsonschema_rs'), ('fastjsonschema', 'fastjsonschema'), ('openai', 'openai'))
PAGE_SIZE = 100
NETWORK_TOOLS = ('a', 'b', 'c', 'c1', 'd', 'e')
# The tools whose listing walks from both ends (walk_both_ends, the default): two connections, at
# most two requests more than one cursor.
BOTH_ENDS_TOOLS = ('c', 'd', 'e', 'p1')
# A complete listing from both ends through a play, above the same play without the listing: at most
# this many times pages x round trip; its CPU within this factor of one cursor.
BOTH_ENDS_WALL = 0.6
BOTH_ENDS_CPU = 1.1


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
        sys.exit('benchmarks/run.py: missing %s.\nRun it with the Python of the venv that `make setup` makes, e.g.\n'
                 '  ~/.cache/llmops-openai/nox/demo/bin/python benchmarks/run.py\n'
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


def escape(text):
    """Text from elsewhere (a tool's error, the platform) as literal RST: no markup, no reference."""
    return re.sub(r'([\\*`|]|_(?!\w))', r'\\\1', text)


def _cell(text):
    """A table cell such as "(a) requests loop" would start an enumerated list: escape its enumerator."""
    return re.sub(r'^(\(?[A-Za-z0-9]{1,3}[.)] )', r'\\\1', text)


def rst_table(header, rows, right=()):
    """The lines of an RST simple table; the columns of ``right`` (indexes) are right-aligned."""
    header = [_cell(cell) for cell in header]
    rows = [[_cell(cell) for cell in row] for row in rows]
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]
    rule = '  '.join('=' * width for width in widths)

    def line(cells):
        return '  '.join(cell.rjust(width) if index in right else cell.ljust(width)
                         for index, (cell, width) in enumerate(zip(cells, widths))).rstrip()
    return [rule, line(header), rule] + [line(row) for row in rows] + [rule]


def table(results, tools):
    header = ('N', 'tool', 'CPU s', 'wall s', 'CPU / (a)', 'CPU us per container', 'peak RSS MB', 'RSS KB per container',
              'requests', 'TCP connections')
    rows, failures = [], []
    for size, run in sorted(results['runs'].items()):
        floor = run['tools'].get('a')
        measured = [(key, summary, '') for key, summary in run['tools'].items()]
        for latency, at_latency in sorted(run['latency'].items()):
            measured += [(key, summary, ', %d ms latency' % latency) for key, summary in at_latency['tools'].items()]
        for key, summary, suffix in measured:
            rows.append(('%d' % size, tools[key].label + suffix, '%.3f' % summary.cpu, '%.3f' % summary.wall,
                         '%.2f' % _ratio(summary.cpu, floor.cpu) if floor and not suffix else '',
                         '%.1f' % (summary.cpu / size * 1e6), '%.0f' % (summary.maxrss_kb / 1024.0),
                         '%.2f' % (summary.maxrss_kb / size), '%d' % summary.requests, '%d' % summary.connections))
        for key, reason in sorted(run['failed'].items()):
            failures.append('- N=%d, %s: %s' % (size, escape(key), escape(reason.splitlines()[0][:200])))
    lines = rst_table(header, rows, right=(0,) + tuple(range(2, len(header)))) if rows else []
    return lines + (['', 'Failed:', ''] + failures if failures else [])


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
                lines.append(_requests_line(size, '', key, tools[key], pages))
        if 'g' in tools:
            for key, limit in (('e', 1.2), ('f', 1.1)):
                if key in tools:
                    ratio = _ratio(tools[key].cpu, tools['g'].cpu)
                    lines.append('- N=%d: (%s) CPU / (g) CPU = %.2f (wall %.2f; target <= %.1f): %s' % (
                        size, key, ratio, _ratio(tools[key].wall, tools['g'].wall), limit, _verdict(ratio <= limit)))
        for latency, measured in sorted(run['latency'].items()):
            lines += _latency_targets(size, pages, latency, measured)
    return lines + linearity(runs)


def _requests_line(size, where, key, got, pages):
    if key in BOTH_ENDS_TOOLS:
        ok = got.requests <= pages + 2 and got.connections <= 2 and (pages > 1 or got.requests == 1)
        target = '<= %d, from both ends' % (pages + 2)
        connections = '<= 2'
    else:
        ok = got.requests == pages and got.connections == 1
        target, connections = '%d' % pages, '1'
    return '- N=%d%s: (%s) %d requests (target %s), %d TCP connection(s) (target %s): %s' % (
        size, where, key, got.requests, target, got.connections, connections, _verdict(ok))


def _latency_targets(size, pages, latency, measured):
    tools, trip = measured['tools'], measured['round_trip']
    floor = pages * trip
    where = ', %d ms latency' % latency
    lines = ['- N=%d%s: one round trip (a page of 100 on a warm connection) = %.1f ms, so pages x round trip = %.2f s' % (
        size, where, trip * 1000, floor)]
    if 'p0' in tools:
        for key, label in (('p1', 'from both ends'), ('p2', 'one cursor')):
            if key in tools:
                above = tools[key].wall - tools['p0'].wall
                ratio = _ratio(above, floor)
                verdict = _verdict(ratio <= BOTH_ENDS_WALL) if key == 'p1' else 'for information'
                lines.append('- N=%d%s: (%s) play wall - (p0) play wall = %.2f s = %.2f x pages x round trip (%s; target <= %.1f): %s' % (
                    size, where, key, above, ratio, label, BOTH_ENDS_WALL, verdict))
    for key in ('a', 'b', 'c1', 'c'):
        if key in tools:
            lines.append('- N=%d%s: (%s) wall %.2f s = %.2f x pages x round trip: for information' % (
                size, where, key, tools[key].wall, _ratio(tools[key].wall, floor)))
    for both, one in (('c', 'c1'), ('p1', 'p2')):
        if both in tools and one in tools:
            ratio = _ratio(tools[both].cpu, tools[one].cpu)
            lines.append('- N=%d%s: (%s) CPU per container / (%s) (one cursor) = %.2f (target <= %.1f): %s' % (
                size, where, both, one, ratio, BOTH_ENDS_CPU, _verdict(ratio <= BOTH_ENDS_CPU)))
    if 'b' in tools and 'c' in tools:
        lines.append('- N=%d%s: (c) wall / (b) (official SDK) wall = %.2f, CPU %.2f: for information' % (
            size, where, _ratio(tools['c'].wall, tools['b'].wall), _ratio(tools['c'].cpu, tools['b'].cpu)))
    for key in ('c', 'p1', 'c1', 'p2'):
        if key in tools:
            lines.append(_requests_line(size, where, key, tools[key], pages))
    return lines


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
        'Machine: %s.' % escape(machine()),
        '',
        'Versions: %s.' % escape(versions()),
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


def write_docs(path, text, section=None):
    """Replace what is between the markers (of ``section``: None, or 'latency'); keep the prose around it."""
    begin = BEGIN % (' (%s)' % section if section else '', ' --latency-only' if section else '')
    end = END % (' (%s)' % section if section else '')
    if os.path.exists(path):
        with open(path) as stream:
            current = stream.read()
    else:
        current = GUIDE_HEAD
    if begin not in current or end not in current:
        current = current.rstrip('\n') + '\n\n%s\n%s\n' % (begin, end)
    head, rest = current.split(begin, 1)
    dummy, tail = rest.split(end, 1)
    # Blank lines around the text: a comment would otherwise swallow it, or end without one.
    with open(path, 'w') as stream:
        stream.write('%s%s\n\n%s\n%s\n%s' % (head, begin, text.rstrip('\n') + '\n', end, '\n' + tail.lstrip('\n') if tail.strip() else ''))
