# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Only the values of secret headers are no_log values (issue 19, finding 7): these tests run the modules
# against the emulator with Ansible's own output path (exit_json and its masking of no_log values), so a
# plain header value such as 1 that rewrote ids and dates would fail them.

import json

import pytest

from ansible_collections.llmops.openai.plugins.modules import container_info, container_prune
from ansible_collections.llmops.openai.emulator.openai_emulator import Emulator
from ansible_collections.llmops.openai.tests.unit.plugins.modules.module_runner import patch_module_args

KEY = 'sk-emulator'
# The values: plain headers whose characters are in every id and date.
PLAIN_HEADERS = {'X-Debug': '1', 'X-Team': 'research'}
GATEWAY_TOKEN = 'gw-tok-0123456789'


@pytest.fixture(name='emulator')
def emulator_fixture():
    with Emulator(containers=6, seed=19, now=1750000000, api_key=KEY) as emulator:
        yield emulator


def run_masked(capsys, main, args):
    """Run ``main()`` as Ansible does: its result is what exit_json or fail_json prints, after
    Ansible removed every no_log value from it."""
    capsys.readouterr()
    with patch_module_args(dict(args, _ansible_check_mode=False, _ansible_diff=False)):
        with pytest.raises(SystemExit):
            main()
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_plain_header_values_leave_the_listing_intact(capsys, emulator):
    connection = dict(api_key=KEY, base_url=emulator.base_url, headers=PLAIN_HEADERS)
    result = run_masked(capsys, container_info.main, connection)
    stored = emulator.store.all(order='desc')
    assert [container['id'] for container in result['containers']] == [container['id'] for container in stored]
    assert [container['created_at'] for container in result['containers']] == [container['created_at'] for container in stored]
    assert any('1' in container['id'] for container in result['containers'])
    # ansible-core 2.21 no longer returns the invocation by default; where it does, it is not masked either.
    assert result.get('invocation', {'module_args': {'headers': PLAIN_HEADERS}})['module_args']['headers'] == PLAIN_HEADERS


def test_the_listed_ids_are_then_pruned(capsys, emulator):
    connection = dict(api_key=KEY, base_url=emulator.base_url, headers=PLAIN_HEADERS)
    ids = [container['id'] for container in run_masked(capsys, container_info.main, connection)['containers']][:3]
    result = run_masked(capsys, container_prune.main, dict(connection, ids=ids))
    assert sorted(result['deleted']) == sorted(ids) and result['already_gone'] == []
    assert all(emulator.store.get(container_id) is None for container_id in ids)


def test_a_secret_header_value_is_still_masked_everywhere(capsys, emulator):
    headers = dict(PLAIN_HEADERS, **{'X-Gateway-Token': GATEWAY_TOKEN})
    emulator.add_fault({'path': '/v1/containers', 'action': {'type': 'status', 'status': 400}})
    result = run_masked(capsys, container_info.main, dict(api_key=KEY, base_url=emulator.base_url, headers=headers, max_retries=0))
    assert result['failed'] and 'HTTP 400' in result['msg']
    assert GATEWAY_TOKEN not in json.dumps(result)
    assert result.get('invocation', {'module_args': {'headers': PLAIN_HEADERS}})['module_args']['headers']['X-Team'] == 'research'


@pytest.mark.parametrize('name', ['X-Api-Key', 'Cookie', 'X-Auth-Token', 'Proxy-Authorization'])
def test_a_secret_header_too_short_to_mask_is_refused_before_any_request(capsys, emulator, name):
    result = run_masked(capsys, container_info.main, dict(api_key=KEY, base_url=emulator.base_url, headers={name: 'abc1'}))
    assert result['failed'] and "option 'headers'" in result['msg'] and name in result['msg']
    assert 'abc1' not in result['msg']
    assert emulator.stats()['requests'] == 0
