# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Property tests: whatever JSON (or bytes) the server answers, the containers page parsing
(fetch_page) gives a Page or an OpenAIError, and the error-body parsing of ApiClient an
ApiError with the status, a printable message and the request id; never another exception.
Everything runs through ApiClient on the scripted transport, as in the other unit tests."""

import json

import pytest

from hypothesis import HealthCheck, given, settings, strategies as st

from ansible_collections.llmops.openai.plugins.module_utils._containers import fetch_page
from ansible_collections.llmops.openai.plugins.module_utils._listing_walks import Page
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OpenAIError
from ansible_collections.llmops.openai.plugins.module_utils._schema import SchemaValidator

from .scripted_transport import API_KEY, reply, scripted_client

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

numbers = st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from([10 ** 400, -10 ** 400, 1e308, 2 ** 63, 1767225600]))
# Text with the characters a hostile server would send: controls, escapes, bidi overrides, the key.
texts = st.one_of(st.text(max_size=16), st.sampled_from(['\x1b[2J', '\u202e', '\r\n', API_KEY, '']))
scalars = st.one_of(st.none(), st.booleans(), numbers, texts)
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)), max_leaves=16)
containers = st.fixed_dictionaries({}, optional={
    'id': st.one_of(texts, json_values), 'object': st.one_of(st.just('container'), json_values),
    'name': st.one_of(texts, json_values), 'created_at': st.one_of(numbers, json_values),
    'status': st.one_of(st.sampled_from(['running', 'expired']), json_values),
    'last_active_at': st.one_of(numbers, json_values),
    'expires_after': st.one_of(json_values, st.fixed_dictionaries({}, optional={
        'anchor': st.one_of(st.just('last_active_at'), json_values), 'minutes': st.one_of(numbers, json_values)})),
    'memory_limit': st.one_of(st.sampled_from(['1g', '4g', '3g']), json_values),
})
pages = st.one_of(json_values, st.fixed_dictionaries({
    'data': st.one_of(st.lists(st.one_of(containers, json_values), max_size=4), json_values),
    'has_more': st.one_of(st.booleans(), json_values)}, optional={
    'object': st.one_of(st.just('list'), json_values),
    'first_id': st.one_of(texts, json_values), 'last_id': st.one_of(texts, json_values)}))


def body_bytes(value):
    # allow_nan: Python's json (and so the client) reads NaN and Infinity; ints of over 4300 digits it refuses.
    try:
        return json.dumps(value).encode('utf-8')
    except ValueError:
        return b'{"unencodable": true}'


@PROPERTY_SETTINGS
@given(pages, st.sampled_from(['strict', 'warn', 'off']), st.integers(min_value=1, max_value=100))
def test_any_list_page_gives_a_page_or_an_openai_error(body, mode, limit):
    client, dummy, dummy2 = scripted_client([reply(raw=body_bytes(body))])
    try:
        page = fetch_page(client, {'limit': limit, 'order': 'desc'}, SchemaValidator(mode))
    except OpenAIError as exc:
        assert str(exc)
        return
    assert isinstance(page, Page)
    assert isinstance(page.has_more, bool)
    assert all(isinstance(item, dict) for item in page.items)
    # Every warning can be printed on a terminal as it is: the server's text is escaped in it.
    assert all(isinstance(warning, str) and warning.isprintable() for warning in page.warnings), page.warnings


error_bodies = st.one_of(
    json_values.map(body_bytes),
    st.fixed_dictionaries({}, optional={'message': st.one_of(texts, json_values), 'type': st.one_of(texts, json_values),
                                        'code': st.one_of(texts, json_values), 'param': st.one_of(texts, json_values)})
    .map(lambda fields: body_bytes({'error': fields})),
    st.binary(max_size=64),
    st.sampled_from([b'[' * 100000, b'{"error": ' * 50000, b'\xff\xfe', b'']))


@PROPERTY_SETTINGS
@given(st.sampled_from([400, 401, 403, 404, 418, 422]), error_bodies, texts)
def test_any_error_body_gives_an_api_error_with_status_printable_message_and_request_id(status, content, request_id):
    client, dummy, dummy2 = scripted_client([reply(status, raw=content, request_id=request_id.replace('\r', '').replace('\n', ''))])
    with pytest.raises(ApiError) as caught:
        client.get('/containers/cntr_1')
    error = caught.value
    assert error.status == status
    assert error.message and str(error).isprintable()
    for field in (error.error_type, error.code, error.param, error.request_id):
        assert field is None or (isinstance(field, str) and field.isprintable())


@PROPERTY_SETTINGS
@given(st.one_of(json_values.map(body_bytes), st.binary(max_size=64)))
def test_any_success_body_gives_its_json_or_an_api_error(content):
    client, dummy, dummy2 = scripted_client([reply(200, raw=content)])
    try:
        client.get('/containers/cntr_1')
    except ApiError as exc:
        assert exc.status == 200 and str(exc).isprintable()
