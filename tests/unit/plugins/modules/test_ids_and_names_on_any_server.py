# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Issue 19, findings 1 and 12 for the modules that delete: delete by name on servers where only one
# cursor is complete (the emulator's order_ignored, stable_ties, orders_disagree and name_ignored
# rules, over real sockets), and ids that are not one safe path segment, from the user or the API.

import time

import pytest

from ansible_collections.llmops.openai.plugins.modules import container, container_info, container_prune
from ansible_collections.llmops.openai.emulator.openai_emulator import Emulator
from ansible_collections.llmops.openai.tests.unit.plugins.modules.module_runner import run_module, run_module_on_server
from ansible_collections.llmops.openai.tests.unit.plugins.modules.test_container import live, page

UNSAFE_IDS = ['.', '..', 'cntr/../x', 'a\\b', 'cntr_1\x00', 'cntr\r\nX-Injected: 1', 'cntr\x1b[31m']


@pytest.fixture(name='emulator', scope='module')
def emulator_fixture():
    with Emulator(containers=0, seed=3) as emulator:
        yield emulator


def connection(emulator):
    return dict(api_key='sk-emulator', base_url=emulator.base_url, max_retries=0)


def dups(emulator, count=250):
    """``count`` live containers named dup, a few created in each second, and 5 others."""
    emulator.reseed(containers=5)
    emulator.clear_faults()
    now = int(time.time())
    return emulator.add_containers([{'object': 'container', 'name': 'dup', 'status': 'running', 'created_at': now - 600 - n // 3,
                                     'last_active_at': now - 60, 'expires_after': {'anchor': 'last_active_at', 'minutes': 20},
                                     'memory_limit': '1g'} for n in range(count)])


@pytest.mark.parametrize('kind', ['order_ignored', 'stable_ties', 'orders_disagree', 'name_ignored'])
def test_absent_by_a_name_250_containers_share_refuses_to_choose_on_any_server(mocker, emulator, kind):
    # Finding 1: on the order-ignoring server this deleted one of the 250.
    created = dups(emulator)
    emulator.add_fault({'times': None, 'action': {'type': kind}})
    outcome = run_module_on_server(mocker, container.main, dict(connection(emulator), name='dup', state='absent'))
    assert outcome.failed
    assert outcome.result['msg'].startswith("250 live containers are named 'dup' (")
    assert sorted(c['id'] for c in outcome.result['containers']) == sorted(created)
    assert len(emulator.store) == 255 and emulator.stats()['by_route'].get('DELETE /v1/containers/{container_id}') is None


@pytest.mark.parametrize('kind', ['order_ignored', 'name_ignored'])
def test_absent_by_a_name_only_one_container_has_deletes_that_one(mocker, emulator, kind):
    created = dups(emulator, count=1)
    emulator.add_fault({'times': None, 'action': {'type': kind}})
    outcome = run_module_on_server(mocker, container.main, dict(connection(emulator), name='dup', state='absent'))
    assert not outcome.failed and outcome.result['changed'] is True
    assert outcome.result['container']['id'] == created[0] and created[0] not in emulator.store


@pytest.mark.parametrize('bad_id', UNSAFE_IDS)
@pytest.mark.parametrize('main, args', [(container.main, dict(state='absent')), (container_info.main, {})])
def test_an_unsafe_id_option_fails_naming_it_before_any_request(mocker, main, args, bad_id):
    # Finding 12: '.' and '..' left the container URL (DELETE /v1/containers/, DELETE /v1/).
    outcome = run_module(mocker, main, dict(args, id=bad_id), [])
    assert outcome.failed and outcome.requests == []
    if '\x00' in bad_id and 'embedded null character' in outcome.result['msg']:
        # ansible-core 2.21 refuses a NUL in any module argument itself (logging the invocation to
        # syslog), before the module's code runs: no request either.
        return
    assert outcome.result['msg'].startswith("option 'id': ") and 'cannot be an id' in outcome.result['msg']
    assert '\x1b' not in outcome.result['msg'] and '\r' not in outcome.result['msg'] and '\x00' not in outcome.result['msg']


@pytest.mark.parametrize('bad_id', UNSAFE_IDS)
def test_prune_refuses_an_unsafe_id_option_before_any_request(mocker, bad_id):
    outcome = run_module(mocker, container_prune.main, dict(ids=['cntr_ok', bad_id]), [])
    assert outcome.failed and outcome.requests == []
    assert outcome.result['msg'].startswith("option 'ids': ")


@pytest.mark.parametrize('server_id', ['.', '..', 'a/b'])
def test_prune_of_a_stale_id_the_server_chose_fails_that_id_without_a_request(mocker, server_id):
    now = 1767225600
    stale = dict(created_at=now - 7200, last_active_at=now - 3600)
    listing = page(live('cntr_old', **stale), live(server_id, **stale))
    outcome = run_module(mocker, container_prune.main, dict(stale=True, now=now, idle_threshold_minutes=30),
                         [listing, lambda request: (200, {'Content-Type': 'application/json'},
                                                    b'{"id": "cntr_old", "object": "container.deleted", "deleted": true}')])
    assert outcome.methods() == [('GET', '/v1/containers'), ('DELETE', '/v1/containers/cntr_old')]
    assert outcome.failed and outcome.result['deleted'] == ['cntr_old']
    assert [failure['id'] for failure in outcome.result['failed_deletions']] == [server_id]
    assert 'refusing to send a request for the id' in outcome.result['failed_deletions'][0]['msg']
