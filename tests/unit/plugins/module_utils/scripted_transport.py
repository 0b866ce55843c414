# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# A requests transport adapter that answers from a script: unit tests mock at the transport only,
# so everything above it (session, headers, retries, decoding, paging) is the real code.

import io
import json

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from urllib3.response import HTTPResponse

from ansible_collections.llmops.openai.plugins.module_utils._api.client import ApiClient
from ansible_collections.llmops.openai.plugins.module_utils._api.settings import ConnectionSettings
from ansible_collections.llmops.openai.plugins.module_utils._api.retry import RetryPolicy

API_KEY = 'sk-unit-test-0123456789'
BASE_URL = 'https://api.test/v1'


def reply(status=200, body=None, headers=None, raw=None, request_id='req_unit'):
    """One scripted answer: a JSON body (or raw bytes) with headers."""
    all_headers = {'Content-Type': 'application/json', 'x-request-id': request_id}
    all_headers.update(headers or {})
    content = raw if raw is not None else json.dumps(body if body is not None else {}).encode('utf-8')
    return (status, all_headers, content)


def error_reply(status, message, error_type='invalid_request_error', code=None, param=None, headers=None, request_id='req_err'):
    body = {'error': {'message': message, 'type': error_type, 'param': param, 'code': code}}
    return reply(status, body, headers=headers, request_id=request_id)


def build_response(request, status, headers, content, reason='Scripted'):
    """A requests Response over a real urllib3 body stream, as HTTPAdapter builds it: the client
    streams, decompresses and bounds the body exactly as it does over a socket. ``content`` is
    bytes or a readable file object."""
    body = io.BytesIO(content) if isinstance(content, bytes) else content
    response = requests.Response()
    response.status_code = status
    response.headers = CaseInsensitiveDict(headers)
    response.raw = HTTPResponse(body=body, headers=headers, status=status, preload_content=False, decode_content=False)
    response.url = request.url
    response.request = request
    response.reason = reason
    return response


class ScriptedAdapter(BaseAdapter):
    """Answers each request with the next scripted item: a reply() tuple, an exception, or a callable."""

    def __init__(self, script):
        super(ScriptedAdapter, self).__init__()
        self.script = list(script)
        self.requests = []

    def send(self, request, **kwargs):
        self.requests.append(request)
        if not self.script:
            raise AssertionError('unexpected request %s %s' % (request.method, request.url))
        item = self.script.pop(0)
        if callable(item) and not isinstance(item, type):
            item = item(request)
        if isinstance(item, Exception):
            raise item
        status, headers, content = item
        return build_response(request, status, headers, content)

    def close(self):
        pass


def scripted_client(script, max_retries=2, sleeps=None, **settings):
    """An ApiClient whose session is served by a ScriptedAdapter; waits are recorded, not slept."""
    options = dict(api_key=API_KEY, base_url=BASE_URL, max_retries=max_retries)
    options.update(settings)
    adapter = ScriptedAdapter(script)
    session = requests.Session()
    session.mount('https://', adapter)
    session.mount('http://', adapter)
    recorded = sleeps if sleeps is not None else []
    client = ApiClient(ConnectionSettings(**options), retry_policy=RetryPolicy(max_retries=max_retries, rand=lambda: 0.0),
                       session=session, sleep=recorded.append)
    return client, adapter, recorded
