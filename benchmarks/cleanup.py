# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The cleanup benchmark (run.py --cleanup): the container_audit role on the same data three ways,
# report only, deleting the stale containers, and deleting in check mode, against an emulator that
# adds DELETE_DELAY_MS to every DELETE; then llmops.openai.container_prune's deletion rate at a few
# concurrency settings (the module's own code in this process, over real sockets).

import json
import os
import statistics
import sys
import time
from urllib.request import Request, urlopen

from emulator_process import EmulatorProcess
from measure import run_process
from report import rst_table

NOW = 1780000000
DELETE_DELAY_MS = 50
IDLE_MINUTES = 60


def _control(emulator, method, name, body=None):
    root = emulator.base_url[:-len('/v1')]
    data = None if body is None else json.dumps(body).encode('utf-8')
    request = Request('%s/_emulator/%s' % (root, name), data=data if data is not None else (b'' if method == 'POST' else None),
                      method=method, headers={'Content-Type': 'application/json'})
    with urlopen(request, timeout=60) as response:
        return json.loads(response.read().decode('utf-8'))


def stale_batch(count, now):
    """Containers stale by any clock after NOW: live, idle two hours, in the four tiers and a few names."""
    tiers = ('1g', '1g', '4g', '16g')
    return [{'object': 'container', 'name': 'batch-job-%d' % (index % 7), 'status': 'running', 'memory_limit': tiers[index % 4],
             'created_at': now - 3 * 3600 - index, 'last_active_at': now - 2 * 3600 - index,
             'expires_after': {'anchor': 'last_active_at', 'minutes': 20}} for index in range(count)]


def prepare(emulator, seeded, stale):
    """The same data before every run: the seed, the stale batch, and the DELETE delay."""
    _control(emulator, 'POST', 'reset', {'containers': seeded, 'seed': 3, 'now': NOW})
    for start in range(0, stale, 100):
        _control(emulator, 'POST', 'containers', stale_batch(stale, NOW)[start:start + 100])
    _control(emulator, 'POST', 'faults', {'method': 'DELETE', 'times': None, 'action': {'type': 'delay', 'ms': DELETE_DELAY_MS}})
    return _control(emulator, 'GET', 'stats')['containers']


def write_playbook(workdir):
    path = os.path.join(workdir, 'cleanup.yml')
    with open(path, 'w') as stream:
        stream.write('''- hosts: localhost
  gather_facts: false
  module_defaults:
    group/llmops.openai.openai:
      base_url: "{{ bench_url }}"
      api_key: "{{ bench_key }}"
  roles:
    - role: llmops.openai.container_audit
''')
    return path


def role_runs(emulator, env, workdir, api_key, seeded, stale, repeat):
    playbook = write_playbook(workdir)
    modes = [('report only', []), ('delete', ['-e', 'container_audit_delete_stale=true']),
             ('delete, check mode', ['-e', 'container_audit_delete_stale=true', '--check'])]
    walls = dict((name, []) for name, extra in modes)
    deleted = {}
    for rep in range(repeat):
        for name, extra in modes:
            total = prepare(emulator, seeded, stale)
            argv = ['ansible-playbook', '-i', 'localhost,', '-c', 'local', '-e', 'ansible_python_interpreter=%s' % sys.executable,
                    playbook, '-e', 'bench_url=%s' % emulator.base_url, '-e', 'bench_key=%s' % api_key,
                    '-e', 'container_audit_now=%d' % NOW, '-e', 'container_audit_idle_threshold_minutes=%d' % IDLE_MINUTES,
                    '-e', 'container_audit_report_dir=%s' % os.path.join(workdir, 'reports')] + extra
            sample = run_process(argv, env, os.path.join(workdir, 'cleanup.out'), os.path.join(workdir, 'cleanup.err'))
            after = _control(emulator, 'GET', 'stats')
            deleted[name] = total - after['containers']
            walls[name].append(sample.wall)
            print('  cleanup rep %d %-20s wall %6.2f s  deleted %d of %d' % (rep + 1, name, sample.wall, deleted[name], total),
                  file=sys.stderr)
    return dict((name, statistics.median(values)) for name, values in walls.items()), deleted, total


def deletion_rates(emulator, collections_dir, api_key, seeded, stale, settings):
    sys.path.insert(0, collections_dir)
    from ansible_collections.llmops.openai.plugins.module_utils._api.client import ApiClient, ConnectionSettings
    from ansible_collections.llmops.openai.plugins.module_utils._bulk_delete import delete_all
    from ansible_collections.llmops.openai.plugins.module_utils._containers import ListingOptions, list_containers
    from ansible_collections.llmops.openai.plugins.module_utils._container_time import stale_containers
    from ansible_collections.llmops.openai.plugins.module_utils._schema import SchemaValidator

    connection = ConnectionSettings(api_key=api_key, base_url=emulator.base_url)
    rates = {}
    for concurrency in settings:
        prepare(emulator, seeded, stale)
        client = ApiClient(connection)
        containers = list_containers(client, ListingOptions(), SchemaValidator('off')).items
        client.close()
        ids = [item['id'] for item in stale_containers(containers, NOW, IDLE_MINUTES)]
        started = time.perf_counter()
        outcomes = delete_all(ids, concurrency, lambda sleep: ApiClient(connection, sleep=sleep))
        elapsed = time.perf_counter() - started
        assert all(outcome['outcome'] == 'deleted' for outcome in outcomes), outcomes[:3]
        rates[concurrency] = (len(ids), elapsed)
        print('  concurrency %2d: %d deletions in %.2f s, %.0f/s' % (concurrency, len(ids), elapsed, len(ids) / elapsed),
              file=sys.stderr)
    return rates


def run_cleanup(env, workdir, collections_dir, api_key, seeded=300, stale=300, repeat=3, settings=(1, 4, 8, 16, 32)):
    with EmulatorProcess(containers=seeded, api_key=api_key) as emulator:
        walls, deleted, total = role_runs(emulator, env, workdir, api_key, seeded, stale, repeat)
        rates = deletion_rates(emulator, collections_dir, api_key, seeded, stale, settings)
    report = walls['report only']
    lines = [
        'Cleanup: %d containers, %d of them stale, %d ms added to every DELETE (median of %d runs).' % (
            total, deleted['delete'], DELETE_DELAY_MS, repeat),
        '',
    ]
    lines += rst_table(('container_audit run', 'wall (s)', 'vs report only', 'containers deleted'),
                       [(name, '%.2f' % walls[name], '%.2fx' % (walls[name] / report), '%d' % deleted[name])
                        for name in ('report only', 'delete', 'delete, check mode')], right=(1, 2, 3))
    lines.append('')
    lines += rst_table(('container_prune concurrency', 'deletions', 'seconds', 'deletions per second'),
                       [('%d' % concurrency, '%d' % count, '%.2f' % elapsed, '%.0f' % (count / elapsed))
                        for concurrency, (count, elapsed) in sorted(rates.items())], right=(0, 1, 2, 3))
    return '\n'.join(lines) + '\n'
