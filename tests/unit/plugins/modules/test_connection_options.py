# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The connection options every module shares, seen from a module: the new limits reach the client,
# bad values fail before any request, validate_certs=false warns once, a base_url password is masked.

import pytest

from ansible_collections.llmops.openai.plugins.module_utils._module import OpenAIModule
from ansible_collections.llmops.openai.plugins.modules import container_info
from ansible_collections.llmops.openai.tests.unit.plugins.module_utils.scripted_transport import API_KEY, error_reply, reply
from ansible_collections.llmops.openai.tests.unit.plugins.modules.module_runner import patch_module_args, run_module

PAGE = reply(body={'object': 'list', 'data': [], 'first_id': None, 'last_id': None, 'has_more': False})


@pytest.mark.parametrize('args, option', [
    ({'timeout': 'nan'}, 'timeout'),
    ({'timeout': 'inf'}, 'timeout'),
    ({'max_retry_wait': 'inf'}, 'max_retry_wait'),
    ({'max_response_bytes': 0}, 'max_response_bytes'),
    ({'api_key': API_KEY + '\n'}, 'api_key'),
])
def test_bad_limits_fail_before_any_request(mocker, args, option):
    outcome = run_module(mocker, container_info.main, args, [])
    assert outcome.failed and ("option '%s'" % option) in outcome.result['msg']
    assert outcome.requests == []
    assert API_KEY not in outcome.result['msg']


def test_the_limits_reach_the_client(mocker):
    busy = error_reply(429, 'busy', headers={'retry-after': '2'})
    outcome = run_module(mocker, container_info.main, {'max_retries': 5, 'max_retry_wait': 3}, [busy, busy])
    assert outcome.failed and 'max_retry_wait' in outcome.result['msg']
    outcome = run_module(mocker, container_info.main, {'max_response_bytes': 10}, [PAGE])
    assert outcome.failed and 'max_response_bytes' in outcome.result['msg']
    assert outcome.result['error']['status'] == 200


def test_validate_certs_false_is_one_warning(mocker):
    outcome = run_module(mocker, container_info.main, {'validate_certs': False}, [PAGE])
    assert not outcome.failed
    assert len(outcome.warnings) == 1 and 'validate_certs is false' in outcome.warnings[0]
    outcome = run_module(mocker, container_info.main, {}, [PAGE])
    assert outcome.warnings == []


def test_a_password_in_base_url_is_a_no_log_value():
    with patch_module_args({'api_key': API_KEY, 'base_url': 'https://proxyuser:m0dule-pass@api.test/v1'}):
        module = OpenAIModule(argument_spec={})
    assert 'm0dule-pass' in module.no_log_values


def test_a_token_as_the_user_of_base_url_is_a_no_log_value_and_refused_before_any_request(mocker):
    token = 'gw-user-token-0123456789'
    with patch_module_args({'api_key': API_KEY, 'base_url': 'https://%s@gateway.test/v1' % token}):
        module = OpenAIModule(argument_spec={})
    assert token in module.no_log_values
    outcome = run_module(mocker, container_info.main, {'base_url': 'https://%s@gateway.test/v1' % token}, [])
    assert outcome.failed and "option 'base_url'" in outcome.result['msg'] and token not in outcome.result['msg']


def test_only_secret_header_values_are_no_log_values():
    headers = {'X-Debug': 1, 'X-Team': 'research', 'X-Gateway-Token': 'gw-token-0123456789', 'Proxy-Authorization': 'Basic dXNlcjpwYXNz'}
    with patch_module_args({'api_key': API_KEY, 'headers': headers}):
        module = OpenAIModule(argument_spec={})
    assert {'gw-token-0123456789', 'Basic dXNlcjpwYXNz'} <= module.no_log_values
    assert not {'1', 'research'} & module.no_log_values
