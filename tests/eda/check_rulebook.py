# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The event source llmops.openai.containers under the real ansible-rulebook (the eda step of make test).

Runs the collection's documented rulebook llmops.openai.cleanup_stale_containers against the
bundled emulator (a real HTTP server on 127.0.0.1, in this process), changes containers between
polls through the API and the emulator's control API, and checks that ansible-rulebook prints
exactly the expected events, that the cleanup playbook deletes the stale container, that a
failing API gives one error event and no false "disappeared", and that the key never shows.

    python check_rulebook.py COLLECTIONS_PATH WORK_DIR
(the ansible-rulebook virtualenv's bin must be first on PATH; the collection installed in
COLLECTIONS_PATH). Ends with "eda: N passed, N failed".
"""

import ast
import json
import os
import signal
import subprocess
import sys
import threading
import time

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'emulator'))

from openai_emulator import Emulator  # noqa: E402  pylint: disable=wrong-import-position

KEY = 'sk-eda-test-key-9d41c7a2e5b8f'
INTERVAL = 2
RULEBOOK = 'llmops.openai.cleanup_stale_containers'
TIMEOUT = 90


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def __call__(self, condition, what):
        if condition:
            self.passed += 1
            print('ok   %s' % what)
        else:
            self.failed += 1
            print('FAIL %s' % what)
        sys.stdout.flush()
        return condition


class Rulebook:
    """ansible-rulebook in a subprocess; its events (print_event lines) parsed as they come."""

    def __init__(self, work, collections, base_url):
        self.lines = []
        self.events = []
        self._lock = threading.Lock()
        inventory = os.path.join(work, 'inventory.yml')
        with open(inventory, 'w') as handle:
            # The inventory of the EDA guide (docs/docsite/rst/eda.rst).
            handle.write('all:\n  hosts:\n    localhost:\n      ansible_connection: local\n'
                         '      ansible_python_interpreter: "{{ ansible_playbook_python }}"\n')
        variables = os.path.join(work, 'vars.yml')
        with open(variables, 'w') as handle:
            json.dump({'openai_interval': INTERVAL, 'openai_error_after_failures': 2}, handle)
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, OPENAI_API_KEY=KEY, OPENAI_BASE_URL=base_url,
                   ANSIBLE_LOCAL_TEMP=os.path.join(work, 'tmp'))
        for name in ('OPENAI_ORG_ID', 'OPENAI_PROJECT_ID', 'ANSIBLE_CONFIG'):
            env.pop(name, None)
        self.command = ['ansible-rulebook', '-r', RULEBOOK, '-i', inventory, '--vars', variables]
        print('running: %s' % ' '.join(self.command))
        self.process = subprocess.Popen(self.command, cwd=work, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.log = open(os.path.join(work, 'rulebook.log'), 'w')
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        after_banner = False
        for line in self.process.stdout:
            self.log.write(line)
            self.log.flush()
            stripped = line.strip()
            with self._lock:
                self.lines.append(stripped)
                if after_banner and stripped.startswith('{'):
                    self.events.append(ast.literal_eval(stripped))
                after_banner = stripped.startswith('** ') and '[event]' in stripped

    def snapshot(self):
        with self._lock:
            return list(self.events), list(self.lines)

    def wait(self, predicate, what, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            events, lines = self.snapshot()
            if predicate(events, lines):
                return True
            if self.process.poll() is not None:
                print('ansible-rulebook ended (rc %s) while waiting for %s' % (self.process.returncode, what))
                return False
            time.sleep(0.1)
        print('timed out after %s s waiting for %s' % (timeout, what))
        return False

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=10)
        self.log.close()
        return self.process.returncode


def container_events(events):
    return [event for event in events if 'container' in event]


def kinds(events, container_names):
    """(type, container name) of each event, naming containers by the test's names for them."""
    return [(event['type'], container_names.get(event.get('container', {}).get('id'), event.get('project')))
            for event in events]


def main(collections, work):
    check = Checks()
    os.makedirs(os.path.join(work, 'tmp'), exist_ok=True)
    canary = os.path.join(work, 'canary-ran')
    with Emulator(containers=0, api_key=KEY) as emu:
        root = emu.endpoint
        api = requests.Session()
        api.headers['Authorization'] = 'Bearer %s' % KEY
        now = int(time.time())
        seeded = [
            {'object': 'container', 'name': 'alpha', 'memory_limit': '1g', 'created_at': now - 600},
            {'object': 'container', 'name': 'bravo', 'memory_limit': '4g', 'created_at': now - 500},
            # The one that becomes stale: its name is a template that must never run.
            {'object': 'container', 'name': "{{ lookup('pipe', 'touch %s') }}" % canary, 'memory_limit': '1g',
             'created_at': now - 400},
        ]
        for item in seeded:
            item.update(status='running', last_active_at=now - 60, expires_after={'anchor': 'last_active_at', 'minutes': 20})
        alpha, bravo, canary_id = requests.post(root + '/_emulator/containers', json=seeded, timeout=10).json()['ids']
        names = {alpha: 'alpha', bravo: 'bravo', canary_id: 'canary'}

        rulebook = Rulebook(work, collections, emu.base_url)
        try:
            # -- start: one snapshot event per container, in the API's order (newest first) ----------
            rulebook.wait(lambda events, lines: len(events) >= 3, 'the snapshot events')
            events = rulebook.snapshot()[0]
            check(kinds(events, names) == [('snapshot', 'canary'), ('snapshot', 'bravo'), ('snapshot', 'alpha')],
                  'startup_snapshot: one snapshot event per container: %s' % kinds(events, names))
            first = events[0] if events else {}
            check(first.get('project') == 'default' and first.get('stale') is False and first.get('state') == 'active'
                  and first.get('expires_at') == now - 60 + 20 * 60 and isinstance(first.get('idle_seconds'), int)
                  and first.get('container', {}).get('memory_limit') == '1g'
                  and first.get('meta', {}).get('source', {}).get('type') == 'llmops.openai.containers',
                  'a snapshot event carries the container, the project and expires_at / idle_seconds')

            # -- between two polls: create, expire, make stale, delete --------------------------------
            big = api.post(emu.base_url + '/containers', json={'name': 'big-job', 'memory_limit': '64g'}, timeout=10).json()['id']
            names[big] = 'big'
            check(requests.patch('%s/_emulator/containers/%s' % (root, bravo), json={'status': 'expired'},
                                 timeout=10).status_code == 200, 'control API: bravo expired')
            check(requests.patch('%s/_emulator/containers/%s' % (root, canary_id), json={'last_active_at': now - 3600},
                                 timeout=10).status_code == 200, 'control API: the canary idle for an hour')
            check(api.delete('%s/containers/%s' % (emu.base_url, alpha), timeout=10).status_code == 200, 'alpha deleted')

            def changes_seen(events, lines):
                return ('disappeared', 'canary') in kinds(events, names)

            rulebook.wait(changes_seen, 'the changes and the cleanup of the stale container')
            events, lines = rulebook.snapshot()
            changes = kinds(events[3:], names)
            expected = [('appeared', 'big'), ('status_changed', 'bravo'), ('stale', 'canary'), ('disappeared', 'alpha'),
                        ('disappeared', 'canary')]
            # The four changes were made between two polls, but a poll may fall among them: each
            # must come exactly once, and the playbook's deletion after the stale event.
            check(sorted(changes) == sorted(expected)
                  and changes.index(('stale', 'canary')) < changes.index(('disappeared', 'canary')),
                  'one event per change, then the playbook\'s deletion: %s' % changes)
            by_kind = dict(((event['type'], names.get(event['container']['id'])), event) for event in container_events(events))
            changed = by_kind.get(('status_changed', 'bravo'), {})
            check(changed.get('previous_status') == 'running' and changed.get('container', {}).get('status') == 'expired',
                  'status_changed says the previous and the new status')
            stale = by_kind.get(('stale', 'canary'), {})
            check(stale.get('stale') is True and stale.get('reasons') == ['idle', 'past_expiry']
                  and stale.get('idle_seconds', 0) >= 3600, 'stale says why: %s' % stale.get('reasons'))
            check(by_kind.get(('appeared', 'big'), {}).get('container', {}).get('memory_limit') == '64g',
                  'appeared carries the new container')
            check(any('Large container: %s (64g) in project default' % big in line for line in lines),
                  'the large-memory rule ran its debug action')
            check(api.get('%s/containers/%s' % (emu.base_url, canary_id), timeout=10).status_code == 404,
                  'the cleanup playbook deleted the stale container')
            deletes = emu.stats()['by_route'].get('DELETE /v1/containers/{container_id}', 0)
            check(deletes == 2, 'exactly two deletions reached the API (the test\'s and the playbook\'s): %d' % deletes)
            check(not os.path.exists(canary), 'the template in the container name never ran')

            # -- the API fails two polls in a row: one error event, no false disappeared ------------
            # max_retries is 2 by default: each failed poll is 3 failed requests.
            emu.add_fault({'method': 'GET', 'path': '/v1/containers', 'times': 6,
                           'action': {'type': 'status', 'status': 500}})
            count = len(events)
            rulebook.wait(lambda events, lines: any(event['type'] == 'recovered' for event in events[count:]),
                          'the error and recovered events')
            time.sleep(INTERVAL * 2 + 1)  # two more polls: nothing may change
            events, lines = rulebook.snapshot()
            tail = events[count:]
            check(kinds(tail, names) == [('error', 'default'), ('recovered', 'default')],
                  'two failed polls: one error event, then recovered, nothing else: %s' % kinds(tail, names))
            error = tail[0] if tail else {}
            details = error.get('error', {})
            check(error.get('failures') == 2 and details.get('status') == 500 and 'HTTP 500' in details.get('message', '')
                  and str(details.get('request_id')).startswith('req_'),
                  'the error event has the status, the message and the request id')
            check(len(tail) > 1 and tail[1].get('failures') == 2, 'recovered counts the failures')
            check(any('Listing project default failed 2 times in a row' in line for line in lines),
                  'the error rule ran its debug action')
            check(emu.stats()['containers'] == 2, 'bravo and big are still there')
            check(rulebook.process.poll() is None, 'ansible-rulebook still runs (no action or source failed)')
        finally:
            returncode = rulebook.stop()
        events, lines = rulebook.snapshot()
        output = '\n'.join(lines)
        check(KEY not in output, 'the API key is nowhere in the output of ansible-rulebook and its playbook')
        check('Traceback' not in output, 'no traceback')
        check(len(events) == 3 + 5 + 2, '%d events in all, as expected' % len(events))
        print('ansible-rulebook ended with rc %s after SIGINT; its output: %s' % (returncode, os.path.join(work, 'rulebook.log')))
    print('eda: %d passed, %d failed' % (check.passed, check.failed))
    return 1 if check.failed else 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:3]))
