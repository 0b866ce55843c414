# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import pytest
import requests

from ansible_collections.llmops.openai.plugins.module_utils._api.client import ApiClient
from ansible_collections.llmops.openai.plugins.module_utils._api.settings import ConnectionSettings
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OptionError
from ansible_collections.llmops.openai.plugins.module_utils._version import COLLECTION_VERSION

from ..scripted_transport import API_KEY, error_reply, reply, scripted_client


def test_headers_carry_the_key_and_identify_the_collection():
    client, adapter, dummy = scripted_client([reply(body={'ok': True})], organization='org-1', project='proj_1')
    assert client.get('/containers') == {'ok': True}
    headers = adapter.requests[0].headers
    assert headers['Authorization'] == 'Bearer %s' % API_KEY
    assert headers['OpenAI-Organization'] == 'org-1'
    assert headers['OpenAI-Project'] == 'proj_1'
    assert headers['User-Agent'].startswith('llmops.openai/%s' % COLLECTION_VERSION)


def test_organization_and_project_headers_only_when_set():
    client, adapter, dummy = scripted_client([reply(body={})])
    client.get('/containers')
    assert 'OpenAI-Organization' not in adapter.requests[0].headers
    assert 'OpenAI-Project' not in adapter.requests[0].headers


def test_api_error_carries_status_type_code_message_and_request_id():
    client, dummy, dummy2 = scripted_client([error_reply(401, 'Incorrect API key provided: sk-unit***6789.', code='invalid_api_key',
                                                         request_id='req_abc')])
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    error = caught.value
    assert (error.status, error.error_type, error.code, error.request_id) == (401, 'invalid_request_error', 'invalid_api_key', 'req_abc')
    assert 'HTTP 401' in str(error) and 'req_abc' in str(error) and 'Incorrect API key provided' in str(error)


def test_the_key_never_appears_in_an_error_even_when_the_server_echoes_it():
    client, dummy, dummy2 = scripted_client([error_reply(400, 'bad key %s' % API_KEY)])
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    assert API_KEY not in str(caught.value)
    assert API_KEY not in repr(caught.value.as_dict())


def test_retries_429_then_succeeds_waiting_as_told():
    client, adapter, sleeps = scripted_client([
        error_reply(429, 'slow down', headers={'retry-after': '2'}),
        error_reply(503, 'busy', headers={'retry-after-ms': '150'}),
        reply(body={'data': []}),
    ])
    assert client.get('/containers') == {'data': []}
    assert sleeps == [2.0, 0.15]
    assert len(adapter.requests) == 3


def test_gives_up_after_max_retries_with_the_last_error():
    client, adapter, sleeps = scripted_client([error_reply(500, 'boom %d' % n, error_type='server_error') for n in range(3)])
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    assert caught.value.status == 500 and 'boom 2' in str(caught.value)
    assert sleeps == [0.5, 1.0]
    assert len(adapter.requests) == 3


def test_connection_errors_are_retried_then_reported_without_traceback():
    client, adapter, sleeps = scripted_client([requests.exceptions.ConnectionError('[Errno 111] Connection refused')] * 2, max_retries=1)
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    assert caught.value.status is None
    assert 'Connection refused' in str(caught.value) and 'after 2 attempts' in str(caught.value)
    assert sleeps == [0.5]


def test_timeouts_are_reported_with_the_timeout():
    client, dummy, dummy2 = scripted_client([requests.exceptions.ReadTimeout('read timed out')], max_retries=0, timeout=7)
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    assert 'no complete answer within the 7.0 s timeout' in str(caught.value)


def test_post_is_never_retried():
    client, adapter, sleeps = scripted_client([error_reply(503, 'busy')])
    with pytest.raises(ApiError):
        client.request('POST', '/containers', body={'name': 'x'})
    assert len(adapter.requests) == 1 and sleeps == []


def test_delete_is_retried():
    client, adapter, dummy = scripted_client([error_reply(502, 'bad gateway'), reply(body={'deleted': True})])
    assert client.request('DELETE', '/containers/cntr_1') == {'deleted': True}
    assert len(adapter.requests) == 2


def test_a_non_json_answer_is_a_clear_error():
    client, dummy, dummy2 = scripted_client([reply(raw=b'<html>oops</html>', headers={'Content-Type': 'text/html'})])
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    assert 'not JSON' in str(caught.value) and 'text/html' in str(caught.value)


def test_a_retry_after_of_exactly_the_cap_is_waited_for():
    client, adapter, sleeps = scripted_client([error_reply(429, 'quota', headers={'retry-after': '120'}), reply(body={'ok': True})])
    assert client.get('/containers') == {'ok': True}
    assert sleeps == [120.0]
    assert len(adapter.requests) == 2


def test_a_retry_after_beyond_the_cap_says_why_it_did_not_retry():
    client, adapter, dummy = scripted_client([error_reply(429, 'quota', headers={'retry-after': '3600'})])
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    assert len(adapter.requests) == 1
    assert 'retry after 3600 s' in str(caught.value)


def test_ca_path_is_used_for_verification(tmp_path):
    ca = tmp_path / 'ca.pem'
    ca.write_text(u'not read in this test')
    client, dummy, dummy2 = scripted_client([], ca_path=str(ca))
    assert client._session.verify == str(ca)
    client, dummy, dummy2 = scripted_client([], validate_certs=False)
    assert client._session.verify is False


@pytest.mark.parametrize('options, option', [
    (dict(api_key=None), 'api_key'),
    (dict(api_key='sk-unit-key', base_url='ftp://x'), 'base_url'),
    (dict(api_key='sk-unit-key', timeout=0), 'timeout'),
    (dict(api_key='sk-unit-key', timeout='soon'), 'timeout'),
    (dict(api_key='sk-unit-key', max_retries=-1), 'max_retries'),
    (dict(api_key='sk-unit-key', max_retries=11), 'max_retries'),
    (dict(api_key='sk-unit-key', ca_path='/no/such/ca.pem'), 'ca_path'),
])
def test_bad_connection_options_name_the_option(options, option):
    with pytest.raises(OptionError) as caught:
        ConnectionSettings(**options)
    assert caught.value.option == option
    assert str(caught.value).startswith("option '%s'" % option)


def test_base_url_trailing_slash_is_ignored():
    assert ConnectionSettings(api_key='sk-unit-key', base_url='http://127.0.0.1:1/v1/').base_url == 'http://127.0.0.1:1/v1'


def test_the_environment_is_read_once_and_netrc_cannot_replace_the_key(monkeypatch):
    monkeypatch.setenv('HTTPS_PROXY', 'http://proxy.invalid:3128')
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', '/etc/ssl/custom.pem')
    client, dummy, dummy2 = scripted_client([])
    assert client._session.trust_env is False
    assert client._session.proxies['https'] == 'http://proxy.invalid:3128'
    assert client._session.verify == '/etc/ssl/custom.pem'


def test_the_session_cookie_jar_iterates_over_a_snapshot():
    # requests iterates the jar to prepare a request while another walk's thread may store or drop a
    # cookie. On Python 3.9 and 3.10 http.cookiejar then yields None for a cookie dropped meanwhile;
    # the client's jar iterates over a copy taken under the jar's lock, on every Python.
    client, dummy, dummy2 = scripted_client([])
    jar = client._session.cookies
    jar.set('first', '1', domain='api.test')
    jar.set('second', '2', domain='api.test')
    cookies = iter(jar)
    assert next(cookies).name == 'first'
    jar.clear('api.test', '/', 'second')
    jar.set('third', '3', domain='api.test')
    assert [cookie.name for cookie in cookies] == ['second']
    assert sorted(cookie.name for cookie in jar) == ['first', 'third']


def test_cookies_of_a_given_session_are_kept():
    session = requests.Session()
    session.cookies.set('sticky', 'lb-1', domain='api.test')
    client = ApiClient(ConnectionSettings(api_key='sk-x-unit-key', base_url='https://api.test/v1'), session=session)
    assert client._session.cookies.get('sticky') == 'lb-1'


@pytest.mark.parametrize('key', ['1', 'sk-1234'])
def test_a_key_too_short_to_mask_safely_is_refused_before_any_request(key):
    # Ansible masks every occurrence of a no_log value: a key of '1' turned ids into cntr_0********
    # and created_at into VALUE_SPECIFIED_IN_NO_LOG_PARAMETER (issue 19, finding 7).
    with pytest.raises(OptionError) as caught:
        ConnectionSettings(api_key=key, base_url='http://127.0.0.1:1/v1')
    assert caught.value.option == 'api_key' and 'shorter than 8 characters' in str(caught.value)
    assert key not in str(caught.value).replace('8', '')
