# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The archive benchmark (not a test): llmops.openai.container_archive run as Ansible runs a module
# (its own process, arguments in a JSON file), archiving 300 containers holding 1,000 files, one of
# them of 300 MB, from an emulator that adds LATENCY_MS to every response, at the default concurrency.
# Reports the wall time against the bound of the issue, 1.3 x requests x round trip / concurrency,
# and the module's peak RSS (which must not grow with the file sizes). Numbers go into
# docs/docsite/rst/contributing/performance.rst by hand.
#
#   python benchmarks/archive.py [--containers 300] [--files 1000] [--large-mb 300] [--latency-ms 50] [--repeat 1]

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from urllib.request import Request, urlopen

from emulator_process import EmulatorProcess
from measure import run_process
from tools import round_trip

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
API_KEY = 'sk-benchmark'
NOW = 1780000000
CONCURRENCY = 8


def _control(emulator, method, name, body=None):
    root = emulator.base_url[:-len('/v1')]
    data = json.dumps(body).encode('utf-8') if body is not None else (b'' if method == 'POST' else None)
    request = Request('%s/_emulator/%s' % (root, name), data=data, method=method, headers={'Content-Type': 'application/json'})
    with urlopen(request, timeout=120) as response:
        return json.loads(response.read().decode('utf-8'))


def prepare(emulator, containers, files, large_mb):
    """``containers`` containers holding ``files`` small files in all (a few KB each, generated), the
    first one also a file of ``large_mb`` MB; returns (ids, total bytes)."""
    ids = []
    for start in range(0, containers, 100):
        ids += _control(emulator, 'POST', 'containers', [
            {'object': 'container', 'name': 'bench-%d' % n, 'status': 'running', 'memory_limit': '1g',
             'created_at': NOW - 7200, 'last_active_at': NOW - 3600, 'expires_after': {'anchor': 'last_active_at', 'minutes': 20}}
            for n in range(start, min(start + 100, containers))])['ids']
    total = 0
    for index, container_id in enumerate(ids):
        count = files // containers + (1 if index < files % containers else 0)
        items = [{'path': '/mnt/data/out/file-%d.bin' % n, 'bytes': 2048 + 97 * n} for n in range(count)]
        if index == 0:
            items.append({'path': '/mnt/data/large.bin', 'bytes': large_mb * 1024 * 1024})
        total += sum(item['bytes'] for item in items)
        _control(emulator, 'POST', 'containers/%s/files' % container_id, items)
    return ids, total


def run_module(emulator, workdir, collections_dir, ids, dest):
    args_path = os.path.join(workdir, 'args.json')
    with open(args_path, 'w') as stream:
        json.dump({'ANSIBLE_MODULE_ARGS': {'api_key': API_KEY, 'base_url': emulator.base_url, 'container_ids': ids,
                                           'dest': dest, 'max_total_bytes': 2 * 1024 ** 3}}, stream)
    module = os.path.join(collections_dir, 'ansible_collections', 'llmops', 'openai', 'plugins', 'modules', 'container_archive.py')
    env = dict(os.environ, PYTHONPATH=collections_dir)
    out, err = os.path.join(workdir, 'module.out'), os.path.join(workdir, 'module.err')
    sample = run_process([sys.executable, module, args_path], env, out, err)
    with open(out) as stream:
        result = json.loads(stream.read())
    return sample, result


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--containers', type=int, default=300)
    parser.add_argument('--files', type=int, default=1000)
    parser.add_argument('--large-mb', type=int, default=300)
    parser.add_argument('--latency-ms', type=int, default=50)
    parser.add_argument('--repeat', type=int, default=1)
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix='llmops-openai-bench-archive-')
    collections_dir = os.path.join(workdir, 'collections')
    os.makedirs(os.path.join(collections_dir, 'ansible_collections', 'llmops'))
    os.symlink(REPO, os.path.join(collections_dir, 'ansible_collections', 'llmops', 'openai'))
    try:
        with EmulatorProcess(containers=0, api_key=API_KEY, latency_ms=args.latency_ms) as emulator:
            ids, total = prepare(emulator, args.containers, args.files, args.large_mb)
            rtt = round_trip(emulator.base_url, API_KEY)
            walls, rss = [], []
            for rep in range(args.repeat):
                dest = os.path.join(workdir, 'archive-%d' % rep)
                emulator.reset_stats()
                sample, result = run_module(emulator, workdir, collections_dir, ids, dest)
                requests = emulator.stats()['requests']
                assert result['totals']['downloaded'] == args.files + 1 and not result.get('failed'), result.get('msg')
                assert result['totals']['downloaded_bytes'] == total
                bound = 1.3 * requests * rtt / CONCURRENCY
                walls.append(sample.wall)
                rss.append(sample.maxrss_kb)
                print(json.dumps({'containers': args.containers, 'files': args.files + 1, 'bytes': total, 'requests': requests,
                                  'round_trip_s': round(rtt, 4), 'concurrency': CONCURRENCY, 'wall_s': round(sample.wall, 2),
                                  'bound_s': round(bound, 2), 'ratio_to_ideal': round(sample.wall / (bound / 1.3), 2),
                                  'peak_rss_mb': round(sample.maxrss_kb / 1024, 1), 'cpu_s': round(sample.cpu, 2)}))
                shutil.rmtree(dest, ignore_errors=True)
            print('median wall %.2f s, peak RSS %.1f MB' % (statistics.median(walls), max(rss) / 1024), file=sys.stderr)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    main(sys.argv[1:])
