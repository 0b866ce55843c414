# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection through the real LiteLLM proxy (the gateway step, on demand: noxfile.py session gateway).

Starts the bundled emulator (in this process) and the LiteLLM proxy (a subprocess, its container routes
sent to the emulator with global OpenAI credentials, no database, offline), both on 127.0.0.1; runs
the modules, the audit role (gateway.yml) and the inventory plugin (ansible-inventory) through the
proxy; checks what must hold behind it and shows what the proxy changes (see the LiteLLM section of
docs/docsite/rst/providers.rst); stops both. Then runs the same against the emulator alone with its
LiteLLM-like fault rules (docs/docsite/rst/contributing/emulator.rst) and checks that the collection sees the same.

    python check_gateway.py LITELLM COLLECTIONS_PATH WORK_DIR
(LITELLM: the proxy's `litellm` command; ansible-playbook and ansible-inventory first on PATH; the
collection installed in COLLECTIONS_PATH). Ends with "gateway: N passed, N failed".

A KNOWN line is a gap of the collection behind the proxy that is not fixed yet: the check proves the
gap is at least visible (and passes when it is fixed).
"""

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'emulator'))

from openai_emulator import Emulator  # noqa: E402  pylint: disable=wrong-import-position

UPSTREAM_KEY = 'sk-upstream-gateway-7c1f9e20b4'
MASTER_KEY = 'sk-litellm-master-gateway-3e8a51d6f2'
NAME = 'gw-report'
START_TIMEOUT = 120


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def __call__(self, condition, what):
        if condition:
            self.passed += 1
        else:
            self.failed += 1
        print('%s %s' % ('ok  ' if condition else 'FAIL', what))
        sys.stdout.flush()
        return condition

    def known(self, fixed, what_fixed, gap_visible, gap):
        """A gap not fixed yet: passes when fixed, or when the gap shows as described (KNOWN)."""
        if fixed:
            return self(True, what_fixed)
        if self(gap_visible, 'KNOWN %s' % gap):
            print('     (issue 19: the collection should close this gap behind the proxy)')
        return False


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def start_proxy(litellm, log, emulator):
    """The LiteLLM proxy on a free loopback port, its routes to the emulator, its output to LOG (a file);
    returns (process, base_url)."""
    port = free_port()
    env = dict(os.environ, LITELLM_LOCAL_MODEL_COST_MAP='True', LITELLM_MASTER_KEY=MASTER_KEY,
               OPENAI_API_KEY=UPSTREAM_KEY, OPENAI_BASE_URL=emulator.base_url, NO_PROXY='127.0.0.1,localhost')
    command = [litellm, '--config', os.path.join(HERE, 'litellm_config.yaml'), '--host', '127.0.0.1', '--port', str(port)]
    print('running: %s' % ' '.join(command))
    process = subprocess.Popen(command, cwd=os.path.dirname(log.name), env=env, stdout=log,  # pylint: disable=consider-using-with
                               stderr=subprocess.STDOUT)
    started = time.monotonic()
    while time.monotonic() - started < START_TIMEOUT:
        if process.poll() is not None:
            raise RuntimeError('the LiteLLM proxy ended with %s at start; see %s' % (process.returncode, log.name))
        try:
            if requests.get('http://127.0.0.1:%d/health/liveliness' % port, timeout=2).ok:
                print('LiteLLM proxy up after %.1f s' % (time.monotonic() - started))
                return process, 'http://127.0.0.1:%d/v1' % port
        except requests.RequestException:
            pass
        time.sleep(0.5)
    process.kill()
    raise RuntimeError('the LiteLLM proxy did not answer within %d s; see %s' % (START_TIMEOUT, log.name))


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run(command, env, work):
    print('running: %s' % ' '.join(command))
    result = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, check=False)
    with open(os.path.join(work, 'output.log'), 'a', encoding='utf-8') as log:
        log.write('$ %s\n%s%s\n' % (' '.join(command), result.stdout, result.stderr))
    return result


def check_modules(check, results, emu, ids):
    total = len(ids)
    listed = results['all']['containers']
    check(len(listed) == total and {item['id'] for item in listed} == ids,
          'container_info lists every container through the proxy: %d of %d' % (len(listed), total))
    check(not [item for item in listed if 'memory_limit' in item] and emu.store.all('desc')[0].get('memory_limit'),
          'the proxy strips memory_limit from every container it passes on (the emulator has it)')
    named = results['named']['containers']
    check.known(named and all(item['name'] == NAME for item in named) and len(named) == 3,
                'container_info name=%s returns only its 3 containers (client-side check)' % NAME,
                len(named) == total, 'the proxy drops the name filter: container_info name=%s returned all %d containers, '
                'not 3, without a warning' % (NAME, len(named)))

    created = results['created']
    stored = [item for item in emu.store.all('desc') if item.get('name') == 'gw-created']
    check(created.get('changed') is True and len(stored) == 1, 'container created once through the proxy')
    check(stored and stored[0].get('memory_limit') == '1g' and stored[0].get('expires_after', {}).get('minutes') == 30,
          'the proxy drops memory_limit on the way in (asked 4g, the API created %s) and passes expires_after (%s)'
          % (stored and stored[0].get('memory_limit'), stored and stored[0].get('expires_after')))
    check(any('does not say the memory_limit' in warning and '4g' in warning for warning in created.get('warnings', [])),
          'the container module warns that the answer does not say the memory_limit asked for')
    left = [item for item in emu.store.all() if item.get('name') == 'gw-delete-me']
    check(results['removed'].get('changed') is True and not left,
          'container state=absent deletes a container by name through the proxy')

    failed = results['failed']
    error = failed.get('error') or {}
    check(error.get('status') == 500 and 'upstream broke' in failed.get('msg', '') and 'containers' not in failed,
          'an upstream HTTP 500 fails the listing with the status and the API\'s message: %s' % failed.get('msg'))
    check(error.get('request_id') and '[request id: %s]' % error.get('request_id') in failed.get('msg', ''),
          'the error names the request id the proxy sends as `request-id` / `llm_provider-x-request-id` (%s)'
          % error.get('request_id'))
    check(len(results['after_429'].get('containers', [])) == total, 'a 429 through the proxy is retried and the listing completes')


def check_inventory(check, hosts, total):
    check(hosts, 'ansible-inventory lists the containers through the proxy')
    # ansible-inventory --list writes API data (unsafe) as {"__ansible_unsafe": value}.
    names = {str(_plain(variables.get('openai_container_name'))) for variables in hosts.values()}
    check.known(names == {NAME} and len(hosts) == 3, 'the inventory with name: %s has its 3 containers' % NAME,
                len(hosts) == total, 'the proxy drops the name filter: the inventory with name: %s has all %d containers'
                % (NAME, len(hosts)))


def _plain(value):
    return value.get('__ansible_unsafe') if isinstance(value, dict) and '__ansible_unsafe' in value else value


def check_audit(check, report, output, total):
    """memory_limit stripped: every container is "cost unknown", said where the role says it (docs/docsite/rst/audit.rst:
    the JSON report's cost.note and cost_unknown, the play's summary line), never priced at USD 0.00 silently."""
    check(report['summary']['total'] == total, 'the audit counts every container: %d' % report['summary']['total'])
    cost = report['cost']
    unpriced = sum(tier['unpriced'] for tier in cost['by_memory_tier'])
    note = 'cost unknown for %d containers (%d without a memory tier that has a rate)' % (total, total)
    check(report['summary']['by_memory_limit'] == {'unknown': total} and unpriced == total
          and cost['cost_unknown_count'] == total == len(cost['cost_unknown']) and cost['unknown_tier_count'] == total
          and (cost['note'] or '').startswith(note) and note in output,
          'memory_limit stripped: the audit says "%s" in the JSON report (cost.note, cost.cost_unknown) and the play\'s '
          'summary, the estimate (USD %.2f) leaves them out' % (note, cost['total']))


def proxied_429(emu, base_url):
    """A 429 with ``retry-after: 7`` from the API as the proxy passes it on (status, headers)."""
    emu.add_fault({'path': '/v1/containers', 'action': {'type': 'status', 'status': 429, 'headers': {'retry-after': '7'}}})
    answer = requests.get(base_url + '/containers', headers={'Authorization': 'Bearer %s' % MASTER_KEY}, timeout=60)
    return answer.status_code, answer.headers


def check_retry_after(check, status, headers):
    """The collection's retry policy (module_utils/_api/retry.py, standard library only) reads the wait the proxy passes on."""
    spec = importlib.util.spec_from_file_location('collection_retry', os.path.join(HERE, '..', '..', 'plugins', 'module_utils', '_api', 'retry.py'))
    retry = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(retry)
    names = sorted(name for name in headers if 'retry' in name.lower())
    check(status == 429 and retry.parse_retry_after(headers) == 7.0 and retry.RetryPolicy(rand=lambda: 0.0).next_delay(0, 429, headers) == 7.0,
          'a 429 through the proxy carries the API\'s wait (%s) and the collection waits those 7 s' % ', '.join(
              '%s: %s' % (name, headers[name]) for name in names))


def seed(emu):
    """Three live containers of one name, and one to delete by name (the playbook creates one: the count
    stays); returns the ids of all."""
    now = int(time.time())
    emu.add_containers([{'object': 'container', 'name': name, 'status': 'running', 'memory_limit': tier,
                         'created_at': now - 300, 'last_active_at': now - 60,
                         'expires_after': {'anchor': 'last_active_at', 'minutes': 20}}
                        for name, tier in ((NAME, '1g'), (NAME, '4g'), (NAME, '16g'), ('gw-delete-me', '1g'))])
    return {item['id'] for item in emu.store.all()}


def run_collection(collections, work, emu, base_url, key):
    """The inventory (name: NAME) and gateway.yml against BASE_URL with KEY: a dict of the inventory's
    hosts, the playbook's results and exit status, the audit's report, and all their output."""
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH='false',
               OPENAI_API_KEY=key, OPENAI_BASE_URL=base_url, ANSIBLE_LOCALHOST_WARNING='false',
               ANSIBLE_INVENTORY_UNPARSED_WARNING='false', ANSIBLE_LOCAL_TEMP=os.path.join(work, 'tmp'))
    for name in ('OPENAI_ORG_ID', 'OPENAI_PROJECT_ID', 'ANSIBLE_CONFIG'):
        env.pop(name, None)
    config = os.path.join(work, 'gateway.openai_containers.yml')
    with open(config, 'w', encoding='utf-8') as handle:
        handle.write('plugin: llmops.openai.containers\nname: %s\n' % NAME)
    listed = run(['ansible-inventory', '-i', config, '--list'], env, work)
    played = run(['ansible-playbook', os.path.join(HERE, 'gateway.yml'), '-e', 'gateway_out=%s' % work,
                  '-e', 'gateway_control=%s/_emulator' % emu.endpoint], env, work)
    print(played.stdout[-1200:])
    run_ = {'hosts': {}, 'results': None, 'report': None, 'rc': played.returncode,
            'output': listed.stdout + listed.stderr + played.stdout + played.stderr}
    if not listed.returncode:
        run_['hosts'] = json.loads(listed.stdout).get('_meta', {}).get('hostvars', {})
    if not played.returncode:
        with open(os.path.join(work, 'results.json'), encoding='utf-8') as handle:
            run_['results'] = json.load(handle)
        with open(os.path.join(work, 'container-audit', 'container-audit.json'), encoding='utf-8') as handle:
            run_['report'] = json.load(handle)
    return run_


def behaviour(run_, emu):
    """What the collection saw, in terms that do not depend on ids or messages: the same behind the proxy
    and behind the emulator's LiteLLM-like rules."""
    results, created = run_['results'], [item for item in emu.store.all() if item.get('name') == 'gw-created']
    return {
        'inventory hosts': len(run_['hosts']),
        'containers listed': len(results['all']['containers']),
        'listed with memory_limit': len([item for item in results['all']['containers'] if 'memory_limit' in item]),
        'listed by name': len(results['named']['containers']),
        'tier created for 4g': created[0].get('memory_limit') if created else None,
        'warned about memory_limit': any('does not say the memory_limit' in warning for warning in results['created'].get('warnings', [])),
        'error status': (results['failed'].get('error') or {}).get('status'),
        'error request id': bool((results['failed'].get('error') or {}).get('request_id')),
        'audit tiers': run_['report']['summary']['by_memory_limit'],
    }


# The LiteLLM proxy's behaviour as emulator fault rules (docs/docsite/rst/contributing/emulator.rst): name_ignored
# (when the emulator has it) drops the name filter; the others strip what the proxy strips.
LITELLM_LIKE = [
    {'times': None, 'action': {'type': 'strip_fields', 'fields': ['memory_limit', 'network_policy', 'skills'], 'from_requests': True}},
    {'times': None, 'action': {'type': 'no_request_id', 'error_headers': ['request-id', 'llm_provider-x-request-id']}},
]
# Only on listings by name, so that the faults the run injects later (a 500, a 429) still fire first.
NAME_IGNORED = {'method': 'GET', 'path': '/v1/containers', 'query': {'name': NAME}, 'times': None, 'action': {'type': 'name_ignored'}}


def check_emulator_agrees(check, collections, work, proxied):
    """The same run against the emulator with the LiteLLM-like rules must behave as through the proxy."""
    with Emulator(containers=120, seed=19, api_key=UPSTREAM_KEY) as emu:
        seed(emu)
        emu.add_fault(LITELLM_LIKE)
        rules = 'strip_fields, no_request_id'
        try:
            emu.add_fault(NAME_IGNORED)
            rules += ', name_ignored'
        except ValueError:
            print('note: this emulator has no name_ignored rule; the name filter is left out of the comparison')
            proxied = {key: value for key, value in proxied.items() if key not in ('inventory hosts', 'listed by name')}
        emulated = run_collection(collections, work, emu, emu.base_url, UPSTREAM_KEY)
        if not check(emulated['rc'] == 0, 'gateway.yml ran against the emulator with the LiteLLM-like rules'):
            return emulated['output']
        seen = behaviour(emulated, emu)
    differences = ['%s: proxy %r, emulator %r' % (key, value, seen[key]) for key, value in proxied.items() if seen[key] != value]
    check(not differences, 'the emulator with %s behaves as the proxy: %s' % (rules, '; '.join(differences) or proxied))
    return emulated['output']


def main(litellm, collections, work):
    check = Checks()
    os.makedirs(work, exist_ok=True)
    started = time.monotonic()
    with Emulator(containers=120, seed=19, api_key=UPSTREAM_KEY) as emu:
        ids = seed(emu)
        total = len(ids)
        proxy_log = open(os.path.join(work, 'litellm.log'), 'w', encoding='utf-8')  # pylint: disable=consider-using-with
        proxy, base_url = start_proxy(litellm, proxy_log, emu)
        try:
            proxied = run_collection(collections, work, emu, base_url, MASTER_KEY)
            too_many = proxied_429(emu, base_url)
        finally:
            stop(proxy)
            proxy_log.close()
        output = proxied['output']
        check_inventory(check, proxied['hosts'], total)
        check_retry_after(check, *too_many)
        if check(proxied['rc'] == 0, 'gateway.yml ran through the proxy (rc %d)' % proxied['rc']):
            check_modules(check, proxied['results'], emu, ids)
            check_audit(check, proxied['report'], output, total)
            output += check_emulator_agrees(check, collections, os.path.join(work, 'emulator'), behaviour(proxied, emu))
    with open(proxy_log.name, encoding='utf-8') as handle:
        proxy_output = handle.read()
    check('Traceback' not in output, 'no traceback in the output of the modules, the role and the inventory')
    for name, key in (('master', MASTER_KEY), ('upstream', UPSTREAM_KEY)):
        check(key not in output and key not in proxy_output, 'the %s key is nowhere in the output or the proxy\'s log' % name)
    check('api.openai.com' not in proxy_output, 'the proxy never tried api.openai.com (its log does not name it)')
    print('gateway: %d passed, %d failed in %.0f s (outputs in %s)' % (check.passed, check.failed, time.monotonic() - started, work))
    return 1 if check.failed else 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:4]))
