# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The headers as the LiteLLM proxy (1.108.7, measured) renames them: the API's request id comes as
``request-id`` and ``llm_provider-x-request-id`` on errors, ``retry-after`` as ``llm_provider-retry-after``."""

import pytest

from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError

from ..scripted_transport import API_KEY, error_reply, reply, scripted_client


def proxied_error(status, message, headers):
    """An error answer as the proxy passes it on: no x-request-id, the proxy's own headers instead."""
    answer_status, answer_headers, content = error_reply(status, message, headers=headers)
    del answer_headers['x-request-id']
    return answer_status, answer_headers, content


def failed_request(answers, **settings):
    client, adapter, sleeps = scripted_client(answers, **settings)
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    return caught.value, adapter, sleeps


@pytest.mark.parametrize('header', ['request-id', 'llm_provider-x-request-id'])
def test_the_request_id_of_an_error_behind_the_proxy(header):
    error, dummy, dummy2 = failed_request([proxied_error(500, 'upstream broke', {header: 'req_upstream1'})], max_retries=0)
    assert error.request_id == 'req_upstream1'
    assert 'req_upstream1' in str(error)


def test_x_request_id_wins_then_request_id():
    answer = error_reply(400, 'bad', headers={'request-id': 'req_second', 'llm_provider-x-request-id': 'req_third'},
                         request_id='req_first')
    error, dummy, dummy2 = failed_request([answer], max_retries=0)
    assert error.request_id == 'req_first'
    error, dummy, dummy2 = failed_request([proxied_error(400, 'bad', {'request-id': 'req_second', 'llm_provider-x-request-id': 'req_third'})],
                                          max_retries=0)
    assert error.request_id == 'req_second'


def test_a_proxy_request_id_is_escaped_and_redacted():
    hostile = 'req_\x1b[2J%s' % API_KEY
    error, dummy, dummy2 = failed_request([proxied_error(500, 'x', {'llm_provider-x-request-id': hostile})], max_retries=0)
    assert error.request_id == 'req_\\x1b[2J********'
    assert API_KEY not in str(error) and '\x1b' not in str(error)


def test_the_debug_log_names_the_proxy_request_id():
    lines = []
    client, dummy, dummy2 = scripted_client([proxied_error(404, 'gone', {'request-id': 'req_logged'})], max_retries=0)
    client._log = lines.append  # pylint: disable=protected-access
    with pytest.raises(ApiError):
        client.get('/containers/cntr_1')
    assert any('HTTP 404' in line and '[request id: req_logged]' in line for line in lines), lines


def test_llm_provider_retry_after_is_waited_for():
    error_then_ok = [proxied_error(429, 'slow down', {'llm_provider-retry-after': '7'}), reply(body={'ok': True})]
    client, adapter, sleeps = scripted_client(error_then_ok)
    assert client.get('/containers') == {'ok': True}
    assert sleeps == [7.0] and len(adapter.requests) == 2


def test_llm_provider_retry_after_beyond_the_cap_is_no_retry():
    error, adapter, sleeps = failed_request([proxied_error(429, 'quota', {'llm_provider-retry-after': '3600'})])
    assert len(adapter.requests) == 1 and sleeps == []
    assert 'retry after 3600 s' in str(error)


def test_llm_provider_retry_after_counts_against_max_retry_wait():
    error, adapter, sleeps = failed_request([proxied_error(429, 'quota', {'llm_provider-retry-after': '30'})], max_retry_wait=10)
    assert len(adapter.requests) == 1 and sleeps == []
    assert 'max_retry_wait' in str(error)


def test_retry_after_wins_over_the_proxy_name():
    answers = [proxied_error(503, 'busy', {'retry-after': '2', 'llm_provider-retry-after': '9'}), reply(body={})]
    client, dummy, sleeps = scripted_client(answers)
    client.get('/containers')
    assert sleeps == [2.0]


def test_an_unusable_llm_provider_retry_after_is_named():
    error, dummy, dummy2 = failed_request([proxied_error(400, 'bad', {'llm_provider-retry-after': 'soon\x1b[2J'})])
    assert 'ignored the unusable llm_provider-retry-after: soon\\x1b[2J' in str(error)
