# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Secrets a server echoes never reach a message in part (issue 19, findings 5 and 6): every text the
# client quotes from an answer is redacted before it is cut, a cut through a secret masks its start,
# and every field of an ApiError (and the client's log line) is redacted where it is made.

import json

import pytest
import requests

from ansible_collections.llmops.openai.plugins.module_utils._api.client import MESSAGE_LIMIT, ApiClient
from ansible_collections.llmops.openai.plugins.module_utils._api.settings import ConnectionSettings
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError
from ansible_collections.llmops.openai.plugins.module_utils._text import MIN_SECRET_PREFIX
from ansible_collections.llmops.openai.plugins.module_utils._api.retry import RetryPolicy

from ..scripted_transport import API_KEY, BASE_URL, ScriptedAdapter, error_reply, reply, scripted_client

GATEWAY_TOKEN = 'gw-token-5e1f0a9c3b7d'


def assert_no_part_of(secret, text):
    """Not the secret, nor any of its beginnings of MIN_SECRET_PREFIX characters or more."""
    shown = [secret[:length] for length in range(MIN_SECRET_PREFIX, len(secret) + 1) if secret[:length] in text]
    assert not shown, 'the start of a secret is shown: %r in %r' % (shown[-1], text)


def raised(script, **settings):
    client, dummy, dummy2 = scripted_client(script, max_retries=0, **settings)
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    return caught.value


def everything(error):
    return str(error) + json.dumps(error.as_dict())


def test_every_field_of_an_api_error_leaves_the_client_redacted():
    # A path holds ids the server chose: one that echoes the key is redacted where the error is made,
    # so a front end that shows error.path or error.as_dict() as they are shows no key.
    client, dummy, dummy2 = scripted_client([error_reply(404, 'no such container')], max_retries=0)
    with pytest.raises(ApiError) as caught:
        client.request('DELETE', '/containers/cntr_%s' % API_KEY)
    error = caught.value
    assert error.path == '/containers/cntr_********' and error.method == 'DELETE'
    assert API_KEY not in str(error) and API_KEY not in json.dumps(error.as_dict()) and API_KEY not in error.path


# Where the cut falls: after the first MIN_SECRET_PREFIX characters of the echoed secret, after all but its last, and between.
CUTS = [MIN_SECRET_PREFIX, 9, len(API_KEY) - 1]
# What follows the echo, so that the text is cut even once the echo is redacted.
TAIL = ' and then' * 120


@pytest.mark.parametrize('shown', CUTS)
def test_a_message_cut_through_the_key_shows_no_part_of_it(shown):
    message = 'x' * (MESSAGE_LIMIT - shown) + API_KEY + TAIL
    error = raised([error_reply(400, message)])
    assert error.message.endswith('...') and 'HTTP 400' in str(error)
    assert_no_part_of(API_KEY, everything(error))


@pytest.mark.parametrize('field, limit', [('code', 100), ('error_type', 100), ('param', 200)])
@pytest.mark.parametrize('shown', CUTS)
def test_an_error_field_cut_through_the_key_shows_no_part_of_it(field, limit, shown):
    value = 'y' * (limit - shown) + API_KEY + TAIL
    fields = dict(code=None, error_type='invalid_request_error', param=None)
    fields[field] = value
    error = raised([error_reply(400, 'refused', **fields)])
    assert getattr(error, field).endswith('...')
    assert_no_part_of(API_KEY, everything(error))


@pytest.mark.parametrize('shown', CUTS)
def test_a_request_id_cut_through_the_key_shows_no_part_of_it(shown):
    error = raised([error_reply(400, 'refused', request_id='z' * (200 - shown) + API_KEY + TAIL)])
    assert error.request_id.endswith('...')
    assert_no_part_of(API_KEY, everything(error))


@pytest.mark.parametrize('shown', [MIN_SECRET_PREFIX, 9, len(GATEWAY_TOKEN) - 1])
def test_a_body_excerpt_cut_through_a_secret_header_shows_no_part_of_it(shown):
    body = ('<html>' + 'w' * (200 - 6 - shown) + GATEWAY_TOKEN + '</html>' + TAIL).encode('utf-8')
    error = raised([reply(502, raw=body, headers={'Content-Type': 'text/html'})], headers={'X-Gateway-Token': GATEWAY_TOKEN})
    assert 'HTTP 502' in str(error) and '<html>www' in str(error)
    assert_no_part_of(GATEWAY_TOKEN, everything(error))


@pytest.mark.parametrize('shown', CUTS)
def test_a_cut_after_the_start_of_a_key_the_server_cut_itself_masks_that_start(shown):
    # An echo the server already shortened cannot be redacted whole: its start, where the client cuts, is masked.
    message = 'x' * (MESSAGE_LIMIT - shown) + API_KEY[:shown] + TAIL
    error = raised([error_reply(400, message)])
    assert error.message.endswith('x********...')
    assert_no_part_of(API_KEY, everything(error))


def test_a_body_excerpt_whose_whitespace_hides_the_first_cut_shows_no_part_of_the_key():
    # The excerpt first cuts the body at 4 times its length, then joins whitespace: the key cut there
    # would be all that is left, short enough to be shown whole but for its last character.
    body = (' ' * (800 - len(API_KEY) + 1) + API_KEY + ' ' + 'v' * 1000).encode('utf-8')
    error = raised([reply(200, raw=body, headers={'Content-Type': 'text/plain'})])
    assert 'not JSON' in str(error)
    assert_no_part_of(API_KEY, everything(error))


def test_every_field_of_an_api_error_is_redacted_where_it_is_made():
    echo = 'Bearer %s' % API_KEY
    error = raised([error_reply(401, 'bad %s' % echo, error_type=echo, code=echo, param=echo, request_id=echo)])
    assert error.status == 401
    for value in (error.message, error.error_type, error.code, error.param, error.request_id, str(error)):
        assert API_KEY not in value and 'Bearer ********' in value


def test_the_log_line_of_an_answer_shows_no_key_in_its_request_id():
    # The inventory plugin shows these lines with -vvv.
    adapter = ScriptedAdapter([reply(body={'ok': True}, request_id='Bearer %s' % API_KEY)])
    session = requests.Session()
    session.mount('https://', adapter)
    lines = []
    client = ApiClient(ConnectionSettings(api_key=API_KEY, base_url=BASE_URL), retry_policy=RetryPolicy(max_retries=0),
                       session=session, log=lines.append)
    client.get('/containers')
    assert lines == ['GET /containers -> HTTP 200 [request id: Bearer ********]']


def test_plain_header_values_are_no_secrets_and_secret_ones_are():
    settings = ConnectionSettings(api_key=API_KEY, base_url=BASE_URL, environ={}, headers={
        'X-Debug': '1', 'X-Team': 'research', 'X-Gateway-Token': GATEWAY_TOKEN, 'Cookie': 'session=0123456789'})
    assert sorted(settings.secrets) == sorted([API_KEY, GATEWAY_TOKEN, 'session=0123456789'])
    # A plain value is quoted as the server sent it: redacting 1 would rewrite 'HTTP 401'.
    error = raised([error_reply(401, 'team research, debug 1')], headers={'X-Debug': '1', 'X-Team': 'research'})
    assert 'HTTP 401' in str(error) and 'team research, debug 1' in str(error)
