# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import copy

import pytest

from ansible_collections.llmops.openai.plugins.module_utils._api.errors import OptionError, SchemaValidationError
from ansible_collections.llmops.openai.plugins.module_utils._schema import (
    SPEC_VERSION, SchemaValidator, available_engines, compiled_check, explain)

SPEC_EXAMPLE = {
    'id': 'cntr_682dfebaacac8198bbfe9c2474fb6f4a085685cbe3cb5863', 'object': 'container', 'created_at': 1747844794,
    'status': 'running', 'expires_after': {'anchor': 'last_active_at', 'minutes': 20}, 'last_active_at': 1747844794,
    'memory_limit': '4g', 'name': 'My Container',
}


def variant(**changes):
    item = copy.deepcopy(SPEC_EXAMPLE)
    for key, value in changes.items():
        if value is Ellipsis:
            del item[key]
        else:
            item[key] = value
    return item


VALID_CONTAINERS = [
    SPEC_EXAMPLE,
    variant(status='expired'),
    variant(status='deleted', object='container.deleted'),
    variant(status='some-future-status'),
    variant(last_active_at=Ellipsis, expires_after=Ellipsis, memory_limit=Ellipsis),
    variant(last_active_at=None, expires_after=None, memory_limit=None, network_policy=None),
    variant(expires_after={'anchor': None, 'minutes': None}),
    variant(expires_after={}),
    variant(network_policy={'type': 'allowlist', 'allowed_domains': ['api.example.com']}),
    variant(network_policy={'type': 'a-new-policy-type'}),
    variant(brand_new_field={'anything': [1, 2]}),
    variant(memory_limit='64g'),
    variant(name=''),
]

INVALID_CONTAINERS = [
    variant(id=Ellipsis),
    variant(name=Ellipsis),
    variant(created_at=Ellipsis),
    variant(status=Ellipsis),
    variant(object=Ellipsis),
    variant(id=42),
    variant(created_at='1747844794'),
    variant(created_at=1747844794.5),
    variant(created_at=True),
    variant(status=None),
    variant(last_active_at='yesterday'),
    variant(memory_limit='3g'),
    variant(memory_limit=4),
    variant(expires_after={'anchor': 'created_at', 'minutes': 20}),
    variant(expires_after={'anchor': 'last_active_at', 'minutes': '20'}),
    variant(expires_after='20m'),
    variant(network_policy={'allowed_domains': []}),
    variant(network_policy={'type': 'allowlist', 'allowed_domains': [1]}),
    ['not', 'an', 'object'],
]


def page(items, **changes):
    body = {'object': 'list', 'data': items, 'first_id': None, 'last_id': None, 'has_more': False}
    body.update(changes)
    return body


VALID_PAGES = [page([]), page(VALID_CONTAINERS), page([SPEC_EXAMPLE], first_id='container_123', last_id='container_123', has_more=True)]
INVALID_PAGES = [page([item]) for item in INVALID_CONTAINERS] + [
    {'object': 'list', 'data': []},
    page([], has_more='false'),
    page({}),
    page([], first_id=7),
]

CORPUS = ([('container', doc, True) for doc in VALID_CONTAINERS] + [('container', doc, False) for doc in INVALID_CONTAINERS]
          + [('page', doc, True) for doc in VALID_PAGES] + [('page', doc, False) for doc in INVALID_PAGES])


def test_the_fast_engines_are_installed_in_the_test_environment():
    # The corpus below compares every engine with jsonschema; it must not pass by having only one.
    assert available_engines() == ['jsonschema-rs', 'fastjsonschema', 'jsonschema']


@pytest.mark.parametrize('engine', ['jsonschema-rs', 'fastjsonschema', 'jsonschema'])
def test_every_engine_gives_the_expected_verdict_on_the_corpus(engine):
    verdicts = [compiled_check(kind, engine)(doc) for kind, doc, dummy in CORPUS]
    assert verdicts == [expected for dummy, dummy2, expected in CORPUS]


def test_the_default_engine_is_the_fastest_available():
    assert SchemaValidator('strict').engine == available_engines()[0]


def test_explain_names_the_id_and_the_json_path():
    lines = explain('page', page([SPEC_EXAMPLE, variant(id='cntr_bad', memory_limit='3g', expires_after={'anchor': 'x'})]))
    assert lines == [
        "container cntr_bad (data[1]) at $.expires_after.anchor: 'x' is not one of ['last_active_at', None]",
        "container cntr_bad (data[1]) at $.memory_limit: '3g' is not one of ['1g', '4g', '16g', '64g', None]",
    ]


def test_explain_a_container_without_id():
    assert explain('container', variant(id=Ellipsis)) == ["container <no id> at $: 'id' is a required property"]


def test_explain_the_page_envelope():
    assert explain('page', {'object': 'list', 'data': [], 'first_id': None, 'last_id': None}) == [
        "list page at $: 'has_more' is a required property"]


def test_strict_raises_with_every_violation():
    with pytest.raises(SchemaValidationError) as caught:
        SchemaValidator('strict').validate('container', variant(created_at='x', memory_limit='3g'))
    assert len(caught.value.violations) == 2
    assert '2 violations' in str(caught.value)


def test_warn_returns_the_violations():
    assert SchemaValidator('warn').validate('container', variant(memory_limit='3g')) == [
        "container cntr_682dfebaacac8198bbfe9c2474fb6f4a085685cbe3cb5863 at $.memory_limit: '3g' is not one of ['1g', '4g', '16g', '64g', None]"]


def test_off_accepts_anything():
    assert SchemaValidator('off').validate('page', 'not even a dict') == []


def test_unknown_mode_names_the_option():
    with pytest.raises(OptionError) as caught:
        SchemaValidator('lenient')
    assert caught.value.option == 'schema_validation'


def test_the_schema_names_the_spec_version():
    assert SPEC_VERSION == '2.3.0'


HOSTILE_ID = 'cntr_\x1b]0;owned\x07\x1b[2J\u202e'


def assert_escaped(text):
    assert text.isprintable(), text
    assert 'cntr_\\x1b]0;owned\\x07\\x1b[2J\\u202e' in text


@pytest.mark.parametrize('kind, document', [
    ('container', variant(id=HOSTILE_ID, memory_limit='3g')),
    ('page', page([variant(id=HOSTILE_ID, memory_limit='3g')])),
])
def test_violations_escape_the_ids_they_quote_in_warnings_and_errors(kind, document):
    # An id from the API is shown as visible escapes: a terminal printing the warning or the error obeys nothing in it.
    (warning,) = SchemaValidator('warn').validate(kind, document)
    assert_escaped(warning)
    with pytest.raises(SchemaValidationError) as caught:
        SchemaValidator('strict').validate(kind, document)
    assert_escaped(str(caught.value))
