# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The modules against an Azure-style or gateway configuration, with only the transport scripted:
# the options reach the wire, bad headers fail before any request, nothing secret is returned.

import json

from ansible_collections.llmops.openai.plugins.modules import container as container_module
from ansible_collections.llmops.openai.plugins.modules import container_info
from ansible_collections.llmops.openai.tests.unit.plugins.module_utils.scripted_transport import API_KEY, error_reply, reply
from ansible_collections.llmops.openai.tests.unit.plugins.modules.module_runner import run_module

AZURE_KEY = 'azure-unit-test-key-0123456789abcdef'
GATEWAY_TOKEN = 'gw-unit-test-token-5555'
CONTAINER = {'id': 'cntr_1', 'object': 'container', 'name': 'job', 'created_at': 1700000000, 'status': 'running',
             'expires_after': {'anchor': 'last_active_at', 'minutes': 20}, 'last_active_at': 1700000000, 'memory_limit': '1g'}


def page(*containers):
    return reply(body={'object': 'list', 'data': list(containers), 'first_id': None, 'last_id': None, 'has_more': False})


def test_container_info_from_the_azure_environment(mocker):
    mocker.patch.dict('os.environ', {'AZURE_OPENAI_API_KEY': AZURE_KEY, 'AZURE_OPENAI_ENDPOINT': 'https://res.openai.azure.com/',
                                     'OPENAI_API_KEY': API_KEY, 'OPENAI_BASE_URL': 'https://api.test/v1'})
    outcome = run_module(mocker, container_info.main, {'auth_header': 'api-key'}, [page(CONTAINER)], connection=False)
    assert not outcome.failed and outcome.result['containers'] == [CONTAINER]
    request = outcome.requests[0]
    assert request.url.startswith('https://res.openai.azure.com/openai/v1/containers?')
    assert request.headers['api-key'] == AZURE_KEY and 'Authorization' not in request.headers


def test_openai_auth_header_in_the_environment_selects_api_key(mocker):
    mocker.patch.dict('os.environ', {'OPENAI_AUTH_HEADER': 'api-key'})
    outcome = run_module(mocker, container_info.main, {}, [page()])
    assert outcome.requests[0].headers['api-key'] == API_KEY


def test_the_container_module_creates_and_deletes_with_api_key_and_extra_headers(mocker):
    connection = {'auth_header': 'api-key', 'headers': {'X-Gateway-Token': GATEWAY_TOKEN}}
    outcome = run_module(mocker, container_module.main, dict(connection, name='job'), [page(), reply(body=CONTAINER)])
    assert outcome.result['changed'] is True
    outcome2 = run_module(mocker, container_module.main, dict(connection, id='cntr_1', state='absent'), [
        reply(body=CONTAINER), reply(body={'id': 'cntr_1', 'object': 'container.deleted', 'deleted': True})])
    assert outcome2.result['changed'] is True
    requests_sent = outcome.requests + outcome2.requests
    assert [request.method for request in requests_sent] == ['GET', 'POST', 'GET', 'DELETE']
    for request in requests_sent:
        assert request.headers['api-key'] == API_KEY and request.headers['X-Gateway-Token'] == GATEWAY_TOKEN
        assert 'Authorization' not in request.headers


def test_a_bad_header_fails_before_any_request_without_its_value(mocker):
    outcome = run_module(mocker, container_info.main, {'headers': {'X-Gateway-Token': GATEWAY_TOKEN + '\r\nHost: evil.test'}}, [])
    assert outcome.failed and "option 'headers'" in outcome.result['msg'] and 'X-Gateway-Token' in outcome.result['msg']
    assert GATEWAY_TOKEN not in outcome.result['msg']
    assert outcome.requests == []


def test_a_header_that_would_replace_the_key_is_refused(mocker):
    outcome = run_module(mocker, container_info.main, {'auth_header': 'api-key', 'headers': {'Api-Key': 'other'}}, [])
    assert outcome.failed and 'Api-Key is set by the collection: use the option api_key' in outcome.result['msg']
    assert outcome.requests == []


def test_an_unknown_auth_header_is_refused_by_the_argument_spec(mocker):
    outcome = run_module(mocker, container_info.main, {'auth_header': 'x-api-key'}, [])
    assert outcome.failed and 'auth_header' in outcome.result['msg'] and outcome.requests == []


def test_api_errors_never_show_a_header_value_or_an_environment_key(mocker):
    mocker.patch.dict('os.environ', {'AZURE_OPENAI_API_KEY': AZURE_KEY})
    echo = error_reply(401, 'Access denied for %s (token %s)' % (AZURE_KEY, GATEWAY_TOKEN), error_type=None, code='401')
    outcome = run_module(mocker, container_info.main, {'auth_header': 'api-key', 'base_url': 'https://api.test/openai/v1',
                                                       'headers': {'X-Gateway-Token': GATEWAY_TOKEN}}, [echo], connection=False)
    assert outcome.failed and 'HTTP 401' in outcome.result['msg']
    text = json.dumps(outcome.result)
    assert AZURE_KEY not in text and GATEWAY_TOKEN not in text
