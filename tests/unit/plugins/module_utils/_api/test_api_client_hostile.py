# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The client against a server that cannot be trusted: oversized and compressed bodies, redirects,
# absurd Retry-After values, nested JSON, control characters, and options that would let any of
# that through. The transport is scripted (a real urllib3 body stream), or a real loopback server
# where timing and TLS are the point.

import gzip
import io
import time
import tracemalloc
import warnings

import pytest
import requests

from ansible_collections.llmops.openai.plugins.module_utils._api.client import ApiClient
from ansible_collections.llmops.openai.plugins.module_utils._api.settings import ConnectionSettings, redact_url
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OptionError
from ansible_collections.llmops.openai.plugins.module_utils._options import DEFAULT_MAX_RESPONSE_BYTES
from ansible_collections.llmops.openai.plugins.module_utils._text import printable
from ansible_collections.llmops.openai.emulator.openai_emulator import Emulator

from ..scripted_transport import API_KEY, error_reply, reply, scripted_client

EMULATOR_KEY = 'sk-emulator'
PAGE = {'object': 'list', 'data': [], 'first_id': None, 'last_id': None, 'has_more': False}


class CountingBody(io.BytesIO):
    """A response body that remembers how far it was read before it was closed."""

    def __init__(self, data):
        super(CountingBody, self).__init__(data)
        self.size = len(data)
        self.read_up_to = None

    def close(self):
        if not self.closed:
            self.read_up_to = self.tell()
        super(CountingBody, self).close()


def gzip_of_spaces(megabytes):
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode='wb', compresslevel=9) as stream:
        for dummy in range(megabytes):
            stream.write(b' ' * (1024 * 1024))
        stream.write(b'{}')
    return buffer.getvalue()


# -- the control-character escape ----------------------------------------------------------------

@pytest.mark.parametrize('raw, shown', [
    (u'red \x1b[31mALERT\x1b[0m', u'red \\x1b[31mALERT\\x1b[0m'),
    (u'line\r\nnext\ttab', u'line\\r\\nnext\\ttab'),
    (u'nul\x00 del\x7f csi\x9b', u'nul\\x00 del\\x7f csi\\x9b'),
    (u'bidi \u202eevil\u2066', u'bidi \\u202eevil\\u2066'),
    (u'caf\xe9 \u65e5\u672c \\path', u'caf\xe9 \u65e5\u672c \\path'),
])
def test_printable_escapes_controls_and_keeps_text(raw, shown):
    assert printable(raw) == shown
    assert printable(printable(raw)) == shown


def test_printable_of_none_and_numbers():
    assert printable(None) == u''
    assert printable(42) == u'42'


# -- body size, counted decompressed ---------------------------------------------------------------

def test_a_body_over_the_limit_fails_naming_the_option():
    client, dummy, dummy2 = scripted_client([reply(raw=b' ' * 5000 + b'{}')], max_response_bytes=4096)
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    message = str(caught.value)
    assert 'max_response_bytes' in message and '4096 bytes' in message
    assert caught.value.status == 200 and caught.value.request_id == 'req_unit'


def test_a_declared_length_over_the_limit_fails_before_reading():
    body = CountingBody(b' ' * 10000)
    client, dummy, dummy2 = scripted_client([reply(raw=body, headers={'Content-Length': '10000'})], max_response_bytes=1000)
    with pytest.raises(ApiError, match='declares 10000 bytes'):
        client.get('/containers')
    assert body.read_up_to == 0


def test_a_gzip_bomb_fails_without_being_read_whole():
    bomb = gzip_of_spaces(32)
    client, dummy, dummy2 = scripted_client([reply(raw=bomb, headers={'Content-Encoding': 'gzip'})], max_response_bytes=1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(ApiError) as caught:
            client.get('/containers')
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert 'max_response_bytes' in str(caught.value) and 'decompressed' in str(caught.value)
    # 32 KiB on the wire, 32 MiB decompressed: the client held a few MiB at most, never the whole.
    assert len(bomb) < 64 * 1024 and peak < 6 * 1024 * 1024


def test_the_default_body_limit_is_far_above_a_page():
    assert ConnectionSettings(api_key='sk-unit-key').max_response_bytes == DEFAULT_MAX_RESPONSE_BYTES == 16 * 1024 * 1024


def test_a_compressed_body_under_the_limit_is_decoded():
    body = gzip.compress(b'{"data": [], "has_more": false}')
    client, dummy, dummy2 = scripted_client([reply(raw=body, headers={'Content-Encoding': 'gzip'})])
    assert client.get('/containers') == {'data': [], 'has_more': False}


def test_an_error_body_over_the_limit_is_bounded_too():
    client, dummy, dummy2 = scripted_client([reply(500, raw=b'x' * 3000)], max_retries=0, max_response_bytes=2048)
    with pytest.raises(ApiError, match='max_response_bytes') as caught:
        client.get('/containers')
    assert caught.value.status == 500


# -- redirects -------------------------------------------------------------------------------------

@pytest.mark.parametrize('method', ['GET', 'DELETE'])
@pytest.mark.parametrize('status', [301, 302, 307, 308])
def test_a_redirect_is_never_followed(method, status):
    target = 'http://elsewhere.test/v1/containers/cntr_1'
    client, adapter, dummy = scripted_client([reply(status, raw=b'', headers={'Location': target})])
    with pytest.raises(ApiError) as caught:
        client.request(method, '/containers/cntr_1')
    assert len(adapter.requests) == 1
    assert caught.value.status == status
    assert 'redirect to %s' % target in str(caught.value)
    assert 'base_url' in str(caught.value) and 'req_unit' in str(caught.value)


def test_a_redirect_location_is_escaped_and_its_user_information_hidden():
    location = 'http://user:hunter2@elsewhere.test/\x1b]0;owned\x07'
    client, dummy, dummy2 = scripted_client([reply(302, raw=b'', headers={'Location': location})])
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    message = str(caught.value)
    assert '\x1b' not in message and '\x07' not in message and '\\x1b]0;owned\\x07' in message
    assert 'hunter2' not in message and 'user' not in message and 'http://********@elsewhere.test/' in message


def test_a_redirect_without_location():
    client, dummy, dummy2 = scripted_client([reply(301, raw=b'')])
    with pytest.raises(ApiError, match='without a Location header'):
        client.get('/containers')


# -- Retry-After values that are no wait -------------------------------------------------------------

@pytest.mark.parametrize('headers, shown', [
    ({'retry-after': 'inf'}, 'retry-after: inf'),
    ({'retry-after': '1e400'}, 'retry-after: 1e400'),
    ({'retry-after': 'nan'}, 'retry-after: nan'),
    ({'retry-after-ms': 'inf'}, 'retry-after-ms: inf'),
    ({'retry-after-ms': 'nan'}, 'retry-after-ms: nan'),
    ({'retry-after': 'Mon, 01 Jan 99999 00:00:00 GMT'}, 'retry-after: Mon, 01 Jan 99999'),
])
def test_an_unusable_retry_after_is_a_message_not_a_crash(headers, shown):
    client, dummy, sleeps = scripted_client([error_reply(429, 'slow down', headers=headers, request_id='req_ra')] * 2, max_retries=1)
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    message = str(caught.value)
    assert sleeps == [0.5]  # the header was ignored: the usual backoff
    assert 'HTTP 429' in message and 'req_ra' in message and 'slow down' in message
    assert 'ignored the unusable %s' % shown in message
    assert '\n' not in message


def test_a_huge_finite_retry_after_is_refused_readably():
    client, dummy, sleeps = scripted_client([error_reply(429, 'later', headers={'retry-after': '1e300'})])
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    assert sleeps == []
    assert 'retry after 1e+300 s, longer than the 120 s' in str(caught.value)


# -- the retry budget of a client ------------------------------------------------------------------

def test_the_retry_waits_of_one_task_are_bounded_over_all_its_requests():
    busy = error_reply(429, 'busy', headers={'retry-after': '3'}, request_id='req_busy')
    client, adapter, sleeps = scripted_client([busy, reply(body=PAGE), busy, reply(body=PAGE), busy],
                                              max_retries=5, max_retry_wait=7)
    assert client.get('/containers') == PAGE
    assert client.get('/containers') == PAGE
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    assert sleeps == [3.0, 3.0]
    message = str(caught.value)
    assert 'HTTP 429' in message and 'req_busy' in message
    assert 'not retried: waiting 3 s more would pass the 7 s of retry waiting that max_retry_wait allows' in message


def test_the_retry_budget_also_bounds_connection_retries():
    client, dummy, sleeps = scripted_client([requests.exceptions.ConnectionError('[Errno 111] Connection refused')] * 3,
                                            max_retries=5, max_retry_wait=1)
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    assert sleeps == [0.5]
    assert 'after 2 attempts' in str(caught.value) and 'max_retry_wait' in str(caught.value)


# -- bodies a decoder cannot follow ------------------------------------------------------------------

def nested(depth):
    return b'{"error":' + b'[' * depth + b']' * depth + b'}'


def test_a_deeply_nested_error_body_keeps_status_and_request_id():
    client, dummy, dummy2 = scripted_client([reply(500, raw=nested(100000), request_id='req_deep')], max_retries=0)
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    message = str(caught.value)
    assert 'HTTP 500' in message and 'req_deep' in message
    assert 'the error body is JSON nested too deeply to decode' in message
    assert 'Recursion' not in message


def test_a_deeply_nested_success_body_is_a_clear_error():
    client, dummy, dummy2 = scripted_client([reply(raw=nested(100000))])
    with pytest.raises(ApiError, match='the response is JSON nested too deeply to decode'):
        client.get('/containers')


def test_an_error_message_that_is_not_a_string_is_not_trusted():
    client, dummy, dummy2 = scripted_client([reply(400, body={'error': {'message': [[1]], 'type': {'x': 1}}})])
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    assert caught.value.error_type is None
    assert 'HTTP 400' in str(caught.value)


# -- control characters from the server ----------------------------------------------------------------

def test_control_characters_from_the_api_are_escaped_in_errors():
    hostile = u'\x1b[2J\x1b[31mpwned\r\x00\x9b'
    script = [error_reply(400, 'bad ' + hostile, error_type='t' + hostile, code='c' + hostile, param='p' + hostile,
                          request_id='req_' + hostile)]
    client, dummy, dummy2 = scripted_client(script)
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    error = caught.value
    escaped = u'\\x1b[2J\\x1b[31mpwned\\r\\x00\\x9b'
    assert u'bad ' + escaped in str(error)
    assert (error.message, error.error_type, error.code, error.param, error.request_id) == (
        u'bad ' + escaped, u't' + escaped, u'c' + escaped, u'p' + escaped, u'req_' + escaped)
    for char in (u'\x1b', u'\r', u'\x00', u'\x9b'):
        assert char not in str(error)


def test_control_characters_in_a_non_json_body_and_its_content_type_are_escaped():
    client, dummy, dummy2 = scripted_client([reply(502, raw=b'<h1>\x1b[5mdown</h1>', headers={'Content-Type': 'text/html\x1b'})],
                                            max_retries=0)
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    assert '\x1b' not in str(caught.value) and '\\x1b[5mdown' in str(caught.value)
    client, dummy, dummy2 = scripted_client([reply(raw=b'\x1b[5m<html>', headers={'Content-Type': 'text/html\x1b'})])
    with pytest.raises(ApiError) as caught:
        client.get('/containers')
    assert '\x1b' not in str(caught.value) and 'text/html\\x1b' in str(caught.value)


# -- options that would let the server (or a typo) in ----------------------------------------------------

@pytest.mark.parametrize('options, option', [
    (dict(timeout='nan'), 'timeout'),
    (dict(timeout=float('inf')), 'timeout'),
    (dict(timeout=-1), 'timeout'),
    (dict(max_retry_wait='inf'), 'max_retry_wait'),
    (dict(max_retry_wait=-1), 'max_retry_wait'),
    (dict(max_retry_wait='soon'), 'max_retry_wait'),
    (dict(max_response_bytes=0), 'max_response_bytes'),
    (dict(max_response_bytes='big'), 'max_response_bytes'),
    (dict(api_key='sk-abc\n'), 'api_key'),
    (dict(api_key='sk-abc\r\nX-Injected: 1'), 'api_key'),
    (dict(api_key='sk-\x00abc'), 'api_key'),
    (dict(organization='org-1\n'), 'organization'),
    (dict(project='proj\t1'), 'project'),
])
def test_unusable_connection_options_are_option_errors(options, option):
    with pytest.raises(OptionError) as caught:
        ConnectionSettings(**dict(dict(api_key='sk-ok-unit-key'), **options))
    assert caught.value.option == option
    assert 'sk-abc' not in str(caught.value)


def test_max_retry_wait_zero_means_no_retry_wait():
    assert ConnectionSettings(api_key='sk-unit-key', max_retry_wait=0).max_retry_wait == 0


@pytest.mark.parametrize('base_url', [
    'http://proxyuser:s3cr3t-pass@127.0.0.1:9/v1',
    'https://s3cr3t-pass@gateway.test/v1',  # a token as the user part
    'ftp://proxyuser:s3cr3t-pass@host/v1',
    's3cr3t-pass@gateway.test/v1',  # no scheme: the check of the scheme must not quote it either
])
def test_user_information_in_base_url_is_refused_without_being_shown(base_url):
    with pytest.raises(OptionError) as caught:
        ConnectionSettings(api_key='sk-unit-key', base_url=base_url)
    assert caught.value.option == 'base_url' and 'must not hold user information' in str(caught.value)
    assert 's3cr3t-pass' not in str(caught.value) and 'proxyuser' not in str(caught.value)
    assert '********@' in str(caught.value)
    assert redact_url('https://host/v1') == 'https://host/v1'


def test_user_information_never_replaces_the_key():
    # Were it let through, requests would send Basic authentication from it instead of the Bearer key.
    client, adapter, dummy = scripted_client([reply(body={'ok': True})])
    request = requests.Request('GET', 'https://proxyuser:s3cr3t-pass@api.test/v1/containers')
    client._session.send(client._session.prepare_request(request))
    assert adapter.requests[0].headers['Authorization'] == 'Bearer %s' % API_KEY


# -- real sockets: the whole-request deadline and TLS ---------------------------------------------------------

def emulator_client(emu, **options):
    settings = dict(api_key=EMULATOR_KEY, base_url=emu.base_url, max_retries=0)
    settings.update(options)
    return ApiClient(ConnectionSettings(**settings))


@pytest.mark.parametrize('trickle_headers', [False, True])
def test_timeout_bounds_a_server_that_trickles(trickle_headers):
    with Emulator(containers=3) as emu:
        emu.add_fault({'path': '/v1/containers', 'action': {'type': 'trickle', 'interval_ms': 200, 'headers': trickle_headers}})
        client = emulator_client(emu, timeout=1)
        started = time.monotonic()
        with pytest.raises(ApiError) as caught:
            client.get('/containers')
        elapsed = time.monotonic() - started
        client.close()
    # The page alone takes 76 * 0.2 s = 15 s to trickle; a per-read timeout would wait for all of it.
    assert elapsed < 6
    assert 'no complete answer within the 1.0 s timeout' in str(caught.value)


def test_the_connection_is_usable_again_after_a_deadline():
    with Emulator(containers=3) as emu:
        emu.add_fault({'path': '/v1/containers', 'action': {'type': 'trickle', 'interval_ms': 200}})
        client = emulator_client(emu, timeout=1, max_retries=1)
        started = time.monotonic()
        page = client.get('/containers')
        client.close()
    assert len(page['data']) == 3
    assert time.monotonic() - started < 6


def test_a_gzip_bomb_over_a_real_socket():
    with Emulator(containers=3) as emu:
        emu.add_fault({'path': '/v1/containers', 'action': {'type': 'gzip_bomb', 'mb': 3}})
        client = emulator_client(emu, max_response_bytes=1024 * 1024)
        with pytest.raises(ApiError) as caught:
            client.get('/containers')
        client.close()
    assert 'max_response_bytes' in str(caught.value) and caught.value.status == 200


def test_https_to_a_plain_http_server_says_it_did_not_speak_tls():
    with Emulator(containers=3) as emu:
        client = emulator_client(emu, base_url=emu.base_url.replace('http://', 'https://'))
        with pytest.raises(ApiError) as caught:
            client.get('/containers')
        client.close()
    message = str(caught.value)
    assert 'did not speak TLS' in message
    assert 'ca_path' not in message and 'validate_certs' not in message


def test_a_certificate_failure_suggests_ca_path_never_turning_verification_off():
    with Emulator(containers=3, tls=True) as emu:
        client = emulator_client(emu)
        with pytest.raises(ApiError) as caught:
            client.get('/containers')
        client.close()
    message = str(caught.value)
    assert 'TLS certificate verification failed' in message and 'ca_path' in message
    assert 'validate_certs' not in message and 'did not speak TLS' not in message


def test_validate_certs_false_warns_once_and_urllib3_stays_quiet():
    with Emulator(containers=3, tls=True) as emu:
        settings = ConnectionSettings(api_key=EMULATOR_KEY, base_url=emu.base_url, validate_certs=False)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            client = ApiClient(settings)
            assert len(client.get('/containers')['data']) == 3
            assert len(client.get('/containers')['data']) == 3
            client.close()
    assert [str(warning.message) for warning in caught if 'Unverified HTTPS' in str(warning.message)] == []
    assert len(settings.warnings()) == 1 and 'validate_certs is false' in settings.warnings()[0]
    assert ConnectionSettings(api_key='sk-unit-key', base_url='http://127.0.0.1/v1', validate_certs=False).warnings() == []
    assert ConnectionSettings(api_key='sk-unit-key').warnings() == []
