# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Providers that serve the same API: the auth header (Bearer or Azure's api-key), extra headers,
# and the environment pair each auth header reads. The transport is scripted, so the headers
# asserted here are the ones requests really put on the wire.

import pytest

from ansible_collections.llmops.openai.plugins.module_utils._api.settings import DEFAULT_BASE_URL, ConnectionSettings
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OptionError

from .scripted_transport import API_KEY, error_reply, reply, scripted_client

AZURE_KEY = 'azure-unit-test-key-0123456789abcdef'
GATEWAY_TOKEN = 'gw-unit-test-token-5555'


def test_bearer_is_the_default_and_sends_no_api_key_header():
    client, adapter, dummy = scripted_client([reply(body={})])
    client.get('/containers')
    headers = adapter.requests[0].headers
    assert headers['Authorization'] == 'Bearer %s' % API_KEY
    assert 'api-key' not in headers


def test_api_key_mode_sends_the_key_in_api_key_and_no_authorization():
    client, adapter, dummy = scripted_client([reply(body={})], auth_header='api-key')
    client.get('/containers')
    headers = adapter.requests[0].headers
    assert headers['api-key'] == API_KEY
    assert 'Authorization' not in headers


def test_extra_headers_are_sent_with_every_request_and_may_replace_the_user_agent():
    client, adapter, dummy = scripted_client([reply(body={}), reply(body={})],
                                             headers={'X-Gateway-Token': GATEWAY_TOKEN, 'X-Tenant': 7, 'User-Agent': 'mine/1'})
    client.get('/containers')
    client.request('DELETE', '/containers/cntr_1')
    for request in adapter.requests:
        assert request.headers['X-Gateway-Token'] == GATEWAY_TOKEN
        assert request.headers['X-Tenant'] == '7'
        assert request.headers['User-Agent'] == 'mine/1'
        assert request.headers['Authorization'] == 'Bearer %s' % API_KEY


def test_authorization_is_an_ordinary_extra_header_in_api_key_mode():
    # A gateway in front of Azure may want its own token next to the Azure key: nothing is replaced.
    client, adapter, dummy = scripted_client([reply(body={})], auth_header='api-key',
                                             headers={'Authorization': 'Bearer ' + GATEWAY_TOKEN})
    client.get('/containers')
    assert adapter.requests[0].headers['api-key'] == API_KEY
    assert adapter.requests[0].headers['Authorization'] == 'Bearer ' + GATEWAY_TOKEN


@pytest.mark.parametrize('auth_header, headers, message', [
    (None, {'X-Token': GATEWAY_TOKEN + '\r\nX-Injected: 1'}, 'contains a line break'),
    (None, {'X-Token': GATEWAY_TOKEN + '\n'}, 'contains a line break'),
    (None, {'X-Token': GATEWAY_TOKEN + '\x00'}, 'another control character'),
    (None, {'X-Token\r\nX-Injected': GATEWAY_TOKEN}, 'is not a valid header name'),
    (None, {'X Token': GATEWAY_TOKEN}, 'is not a valid header name'),
    (None, {'X-Token:': GATEWAY_TOKEN}, 'is not a valid header name'),
    (None, {'': GATEWAY_TOKEN}, 'is not a valid header name'),
    (None, {'X-Token': [GATEWAY_TOKEN]}, 'the value of X-Token must be a string'),
    (None, {'X-Token': True}, 'the value of X-Token must be a string'),
    (None, {'authorization': 'Bearer ' + GATEWAY_TOKEN}, 'authorization is set by the collection: use the option api_key'),
    ('api-key', {'API-Key': GATEWAY_TOKEN}, 'API-Key is set by the collection: use the option api_key'),
    (None, {'OpenAI-Organization': GATEWAY_TOKEN}, 'use the option organization'),
    (None, {'openai-project': GATEWAY_TOKEN}, 'use the option project'),
    (None, {'X-Token': GATEWAY_TOKEN, 'x-token': GATEWAY_TOKEN}, 'given twice'),
    (None, [('X-Token', GATEWAY_TOKEN)], 'must be a dictionary'),
])
def test_bad_extra_headers_are_refused_naming_the_option_never_the_value(auth_header, headers, message):
    with pytest.raises(OptionError) as caught:
        ConnectionSettings(api_key=API_KEY, base_url='https://api.test/v1', auth_header=auth_header, headers=headers, environ={})
    assert caught.value.option == 'headers'
    assert message in str(caught.value)
    assert GATEWAY_TOKEN not in str(caught.value)


def test_extra_header_values_never_appear_in_an_error():
    client, dummy, dummy2 = scripted_client([error_reply(403, 'token %s refused for key %s' % (GATEWAY_TOKEN, API_KEY))],
                                            headers={'X-Gateway-Token': GATEWAY_TOKEN})
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    assert 'HTTP 403' in str(caught.value)
    assert GATEWAY_TOKEN not in str(caught.value) and API_KEY not in str(caught.value)
    assert GATEWAY_TOKEN not in repr(caught.value.as_dict())


def test_the_log_lines_never_carry_a_header():
    lines = []
    client, dummy, dummy2 = scripted_client([error_reply(503, 'busy'), reply(body={})], headers={'X-Gateway-Token': GATEWAY_TOKEN},
                                            auth_header='api-key')
    client._log = lines.append
    client.get('/containers')
    assert len(lines) == 3
    assert not [line for line in lines if GATEWAY_TOKEN in line or API_KEY in line]


def test_auth_header_must_be_known():
    with pytest.raises(OptionError) as caught:
        ConnectionSettings(api_key=API_KEY, auth_header='x-api-key', environ={})
    assert caught.value.option == 'auth_header' and 'api-key, bearer' in str(caught.value)


# -- the environment: each auth header reads its own pair ------------------------------------------

OPENAI_ENV = {'OPENAI_API_KEY': API_KEY, 'OPENAI_BASE_URL': 'https://gateway.test/v1'}
AZURE_ENV = {'AZURE_OPENAI_API_KEY': AZURE_KEY, 'AZURE_OPENAI_ENDPOINT': 'https://res.openai.azure.com/'}


def test_bearer_reads_the_openai_pair_and_never_the_azure_one():
    settings = ConnectionSettings(environ=dict(OPENAI_ENV, **AZURE_ENV))
    assert (settings.api_key, settings.base_url, settings.auth_header) == (API_KEY, 'https://gateway.test/v1', 'bearer')
    settings = ConnectionSettings(environ={'OPENAI_API_KEY': API_KEY, 'AZURE_OPENAI_ENDPOINT': 'https://res.openai.azure.com/'})
    assert settings.base_url == DEFAULT_BASE_URL
    with pytest.raises(OptionError) as caught:
        ConnectionSettings(environ=AZURE_ENV)
    assert caught.value.option == 'api_key' and 'OPENAI_API_KEY environment variable' in str(caught.value)


def test_api_key_mode_reads_the_azure_pair_and_never_the_openai_one():
    settings = ConnectionSettings(auth_header='api-key', environ=dict(OPENAI_ENV, **AZURE_ENV))
    # A bare resource endpoint, as the SDK's AZURE_OPENAI_ENDPOINT is set, means its v1 API.
    assert (settings.api_key, settings.base_url) == (AZURE_KEY, 'https://res.openai.azure.com/openai/v1')
    with pytest.raises(OptionError) as caught:
        ConnectionSettings(auth_header='api-key', environ=OPENAI_ENV)
    assert caught.value.option == 'api_key' and 'AZURE_OPENAI_API_KEY environment variable' in str(caught.value)
    assert API_KEY not in str(caught.value)


def test_api_key_mode_needs_a_base_url():
    with pytest.raises(OptionError) as caught:
        ConnectionSettings(auth_header='api-key', environ={'AZURE_OPENAI_API_KEY': AZURE_KEY, 'OPENAI_BASE_URL': 'https://x.test/v1'})
    assert caught.value.option == 'base_url'
    assert 'AZURE_OPENAI_ENDPOINT' in str(caught.value) and 'openai.azure.com/openai/v1' in str(caught.value)


def test_an_endpoint_with_a_path_is_used_as_it_is_and_options_win_over_the_environment():
    environ = {'AZURE_OPENAI_API_KEY': AZURE_KEY, 'AZURE_OPENAI_ENDPOINT': 'https://gw.test/azure/openai/v1/'}
    assert ConnectionSettings(auth_header='api-key', environ=environ).base_url == 'https://gw.test/azure/openai/v1'
    settings = ConnectionSettings(api_key='explicit', base_url='https://res.openai.azure.com', auth_header='api-key', environ=environ)
    assert (settings.api_key, settings.base_url) == ('explicit', 'https://res.openai.azure.com/openai/v1')
    # Only api-key mode completes a bare URL: a Bearer base URL is taken literally.
    assert ConnectionSettings(api_key='sk-unit-key', base_url='http://127.0.0.1:8080', environ={}).base_url == 'http://127.0.0.1:8080'


def test_openai_auth_header_selects_the_mode_and_the_option_wins(monkeypatch):
    monkeypatch.setenv('OPENAI_AUTH_HEADER', 'api-key')
    monkeypatch.setenv('AZURE_OPENAI_API_KEY', AZURE_KEY)
    monkeypatch.setenv('AZURE_OPENAI_ENDPOINT', 'https://res.openai.azure.com')
    monkeypatch.setenv('OPENAI_API_KEY', API_KEY)
    settings = ConnectionSettings()
    assert (settings.auth_header, settings.api_key, settings.base_url) == ('api-key', AZURE_KEY, 'https://res.openai.azure.com/openai/v1')
    settings = ConnectionSettings(auth_header='bearer')
    assert (settings.auth_header, settings.api_key, settings.base_url) == ('bearer', API_KEY, DEFAULT_BASE_URL)


def test_a_bare_message_body_is_the_errors_message():
    # Azure refusing a Bearer token, and many gateways, answer {"message": ...} without an "error" object.
    body = {'statusCode': 401, 'message': 'Unauthorized. Access token is missing, invalid, audience is incorrect.'}
    client, dummy, dummy2 = scripted_client([reply(401, body, request_id='req_az')], auth_header='api-key')
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    assert caught.value.message == body['message']
    assert str(caught.value).startswith('OpenAI API error HTTP 401: Unauthorized. Access token is missing')
    assert 'req_az' in str(caught.value)
