# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The benchmark harness (not a test): starts the emulator with N containers and measures every tool
# (a) .. (g) as a whole process on that same emulator, several times, then the network-bound tools
# (the clients and the plays (p0) .. (p2)) again on emulators that add latency to every response.
# See the performance guide, docs/docsite/rst/contributing/performance.rst.
# With the Python of the venv that `make setup` makes:
#
#   ~/.cache/llmops-openai/nox/demo/bin/python benchmarks/run.py \
#       [--sizes 1000,10000,100000] [--repeat 5] [--latency-ms 50,150] [--latency-only] [--write-docs] [--json results.json]
#   benchmarks/run.py --cleanup [--repeat 3]   the cleanup benchmark only (see cleanup.py)
#   benchmarks/run.py --files [--repeat 3] [--file-bytes N]   the files download benchmark only (see files_download.py)

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile

from cleanup import run_cleanup
from files_download import GIB, run_files
from emulator_process import EmulatorProcess
from measure import Summary, ToolFailed, run_process
from report import check_requirements, render, write_docs
from tools import build_tools, count_containers, round_trip, save_containers, write_inventory_config, write_static_inventory

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
API_KEY = 'sk-benchmark'
LATENCY_TOOLS = ('a', 'b', 'c', 'c1', 'p0', 'p1', 'p2')


def parse_args(argv):
    parser = argparse.ArgumentParser(description='Benchmarks the collection against the emulator; see docs/docsite/rst/contributing/performance.rst.')
    parser.add_argument('--sizes', default='1000,10000,100000', help='numbers of containers, comma separated')
    parser.add_argument('--repeat', type=int, default=5, help='measured runs of each tool (the median is reported)')
    parser.add_argument('--tools', default='a,b,c,c1,d0,d,e,f,g,p0,p1,p2', help='which tools to measure')
    parser.add_argument('--latency-ms', default='50,150', help='latencies of the other emulators, comma separated (0: none)')
    parser.add_argument('--latency-sizes', default=None, help='sizes measured with latency (default: --sizes)')
    parser.add_argument('--latency-only', action='store_true',
                        help='only the runs with latency (--write-docs then writes the latency results only)')
    parser.add_argument('--write-docs', action='store_true', help='write the results into the performance guide, docs/docsite/rst/contributing/performance.rst')
    parser.add_argument('--json', default=None, help='also write every sample to this JSON file')
    parser.add_argument('--keep', action='store_true', help='keep the scratch directory (outputs, inventories)')
    parser.add_argument('--cleanup', action='store_true',
                        help='run only the cleanup benchmark (role deleting ~300 stale containers, prune concurrency)')
    parser.add_argument('--files', action='store_true',
                        help='run only the files download benchmark (one large container file: module and play against plain requests)')
    parser.add_argument('--file-bytes', type=int, default=GIB, help='size of the file the files benchmark downloads (default 1 GiB)')
    args = parser.parse_args(argv)
    args.sizes = [int(size) for size in args.sizes.split(',')]
    args.latency_sizes = args.sizes if args.latency_sizes is None else [int(size) for size in args.latency_sizes.split(',') if size]
    args.tools = args.tools.split(',')
    args.latency_ms = [int(value) for value in args.latency_ms.split(',') if int(value) > 0]
    return args


def collections_path(workdir):
    """A collections path whose ansible_collections/llmops/openai is this work tree (a symlink)."""
    root = os.path.join(workdir, 'collections')
    namespace = os.path.join(root, 'ansible_collections', 'llmops')
    os.makedirs(namespace)
    os.symlink(REPO, os.path.join(namespace, 'openai'))
    return root


def tool_environment(collections_dir, workdir):
    env = dict((key, value) for key, value in os.environ.items() if not key.startswith(('ANSIBLE_', 'OPENAI_')))
    env.update({
        'PATH': os.path.dirname(sys.executable) + os.pathsep + env.get('PATH', ''),
        'ANSIBLE_COLLECTIONS_PATH': collections_dir,
        'ANSIBLE_LOCAL_TEMP': os.path.join(workdir, 'ansible-tmp'),
        'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'true',
        'ANSIBLE_LOCALHOST_WARNING': 'false',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
        'ANSIBLE_DEPRECATION_WARNINGS': 'false',
        'ANSIBLE_NOCOLOR': 'true',
        'ANSIBLE_RETRY_FILES_ENABLED': 'false',
    })
    return env


class Bench:
    """Runs tools against one emulator and collects their samples."""

    def __init__(self, tools, env, workdir):
        self.tools = dict((tool.key, tool) for tool in tools)
        self.env = env
        self.workdir = workdir

    def run(self, key, emulator, size, output_name=None):
        tool = self.tools[key]
        stdout = os.path.join(self.workdir, output_name or '%s.out' % key)
        stderr = os.path.join(self.workdir, '%s.err' % key)
        emulator.reset_stats()
        sample = run_process(tool.argv(emulator.base_url), self.env, stdout, stderr)
        stats = emulator.stats()
        sample.requests, sample.connections = stats['requests'], stats['connections']
        try:
            count = count_containers(tool.output, stdout)
        except subprocess.CalledProcessError as exc:
            raise ToolFailed('%s printed an output that cannot be read (%s): see %s' % (tool.label, exc, stdout)) from exc
        if count >= 0 and count != size:
            raise ToolFailed('%s saw %d containers, the emulator has %d' % (tool.label, count, size))
        return sample

    def measure(self, keys, emulator, size, repeat):
        """Round-robin over the tools, ``repeat`` times, so drift hits every tool alike."""
        samples = dict((key, []) for key in keys)
        failed = {}
        for rep in range(repeat):
            for key in keys:
                if key in failed:
                    continue
                try:
                    samples[key].append(self.run(key, emulator, size))
                except ToolFailed as exc:
                    failed[key] = str(exc)
                    print('  %s FAILED: %s' % (self.tools[key].label, exc), file=sys.stderr)
                    continue
                sample = samples[key][-1]
                print('  N=%d rep %d %-40s cpu %7.3f s  wall %7.3f s  rss %6.0f MB  req %d  conn %d' % (
                    size, rep + 1, self.tools[key].label, sample.cpu, sample.wall, sample.maxrss_kb / 1024.0,
                    sample.requests, sample.connections), file=sys.stderr)
        return dict((key, Summary(value)) for key, value in samples.items() if value), failed

    def prepare_inventories(self, emulator, size, keys):
        """Write the plugin configs; fill (f)'s cache and derive (g) from one unmeasured run of (e)."""
        write_inventory_config(os.path.join(self.workdir, 'cold.openai_containers.yml'), emulator.base_url, API_KEY)
        cache_dir = os.path.join(self.workdir, 'inventory-cache-%d' % size)
        write_inventory_config(os.path.join(self.workdir, 'cached.openai_containers.yml'), emulator.base_url, API_KEY, cache_dir)
        failed = {}
        if not set(keys) & set('efg'):
            return failed
        try:
            self.run('e', emulator, size, output_name='e-list.json')
            write_static_inventory(os.path.join(self.workdir, 'e-list.json'), os.path.join(self.workdir, 'static.json'))
        except (ToolFailed, subprocess.CalledProcessError) as exc:
            failed.update(dict((key, 'the inventory plugin failed: %s' % exc) for key in 'efg'))
            return failed
        try:
            self.run('f', emulator, size)
        except ToolFailed as exc:
            failed['f'] = 'filling the cache failed: %s' % exc
        return failed


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    check_requirements()
    # A SIGTERM (e.g. a CI timeout) still stops the emulators and removes the scratch directory.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit('benchmarks/run.py: terminated'))
    workdir = tempfile.mkdtemp(prefix='llmops-openai-bench-')
    collections_dir = collections_path(workdir)
    bench = Bench(build_tools(collections_dir, workdir, API_KEY), tool_environment(collections_dir, workdir), workdir)
    if args.cleanup:
        try:
            print(run_cleanup(bench.env, workdir, collections_dir, API_KEY, repeat=args.repeat))
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        return 0
    if args.files:
        try:
            print(run_files(bench.env, workdir, collections_dir, API_KEY, size=args.file_bytes, repeat=args.repeat))
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        return 0
    results = {'sizes': args.sizes, 'repeat': args.repeat, 'latency_ms': args.latency_ms, 'latency_only': args.latency_only,
               'runs': {}, 'load': [os.getloadavg()[0]]}
    try:
        for size in args.sizes:
            run = results['runs'][size] = {'tools': {}, 'latency': {}, 'failed': {}}
            if not args.latency_only:
                print('== %d containers' % size, file=sys.stderr)
                with EmulatorProcess(containers=size, api_key=API_KEY) as emulator:
                    failed = bench.prepare_inventories(emulator, size, args.tools)
                    keys = [key for key in args.tools if key not in failed and key not in ('p0', 'p1', 'p2')]
                    run['tools'], more_failed = bench.measure(keys, emulator, size, args.repeat)
                    run['failed'] = dict(failed, **more_failed)
            if size not in args.latency_sizes:
                continue
            for latency in args.latency_ms:
                print('== %d containers, %d ms latency' % (size, latency), file=sys.stderr)
                with EmulatorProcess(containers=size, api_key=API_KEY, latency_ms=latency) as emulator:
                    keys = [key for key in LATENCY_TOOLS if key in args.tools]
                    if 'p0' in keys:
                        save_containers(emulator.base_url, API_KEY, os.path.join(workdir, 'containers.json'))
                    measured = {'round_trip': round_trip(emulator.base_url, API_KEY)}
                    measured['tools'], failed = bench.measure(keys, emulator, size, args.repeat)
                    run['latency'][latency] = measured
                    run['failed'].update(dict(('%s@%d ms' % (key, latency), value) for key, value in failed.items()))
    finally:
        if args.keep:
            print('scratch directory kept: %s' % workdir, file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    # Every forked tool starts with the harness's high-water RSS: it is the floor of the RSS column.
    results['harness_maxrss_kb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results['load'].append(os.getloadavg()[0])
    text = render(results, bench.tools)
    print(text)
    if args.json:
        with open(args.json, 'w') as stream:
            json.dump(_plain(results), stream, indent=1)
    if args.write_docs:
        write_docs(os.path.join(REPO, 'docs', 'docsite', 'rst', 'contributing', 'performance.rst'), text, 'latency' if args.latency_only else None)
    return 0


def _plain(results):
    plain = dict(results, runs={})
    for size, run in results['runs'].items():
        plain['runs'][size] = {
            'tools': dict((key, summary.as_dict()) for key, summary in run['tools'].items()),
            'latency': dict((latency, {'round_trip_s': measured['round_trip'],
                                       'tools': dict((key, summary.as_dict()) for key, summary in measured['tools'].items())})
                            for latency, measured in run['latency'].items()),
            'failed': run['failed'],
        }
    return plain


if __name__ == '__main__':
    sys.exit(main())
