# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""An id from the API never reaches a terminal as escape sequences: the out-of-range number
warnings of a listing and of a retrieve escape it, in every schema_validation mode."""

import pytest

from ansible_collections.llmops.openai.plugins.module_utils._containers import fetch_page, retrieve_container
from ansible_collections.llmops.openai.plugins.module_utils._schema import SchemaValidator

from .scripted_transport import reply, scripted_client

HOSTILE_ID = 'cntr_\x1b]8;;http://127.0.0.1:9/\x07click\x1b[2J\r\u202e'
ESCAPED_ID = 'cntr_\\x1b]8;;http://127.0.0.1:9/\\x07click\\x1b[2J\\r\\u202e'


def hostile(**fields):
    container = {'id': HOSTILE_ID, 'object': 'container', 'name': 'n', 'created_at': 1767225600, 'status': 'running',
                 'last_active_at': 1767225600, 'expires_after': {'anchor': 'last_active_at', 'minutes': 10 ** 30}}
    container.update(fields)
    return container


def number_warnings(warnings):
    found = [warning for warning in warnings if 'out of range' in warning]
    assert len(found) == 1, warnings
    return found[0]


@pytest.mark.parametrize('mode', ['strict', 'warn', 'off'])
def test_the_number_warning_of_a_list_page_escapes_the_id(mode):
    body = {'object': 'list', 'data': [hostile()], 'first_id': HOSTILE_ID, 'last_id': HOSTILE_ID, 'has_more': False}
    client, dummy, dummy2 = scripted_client([reply(body=body)])
    warning = number_warnings(fetch_page(client, {'limit': 10}, SchemaValidator(mode)).warnings)
    assert ESCAPED_ID in warning and warning.isprintable()


@pytest.mark.parametrize('mode', ['strict', 'warn', 'off'])
def test_the_number_warning_of_a_retrieve_escapes_the_id(mode):
    client, dummy, dummy2 = scripted_client([reply(body=hostile(created_at=10 ** 30))])
    container, warnings = retrieve_container(client, 'cntr_1', SchemaValidator(mode))
    assert container['id'] == HOSTILE_ID
    warning = number_warnings(warnings)
    assert ESCAPED_ID in warning and warning.isprintable()
