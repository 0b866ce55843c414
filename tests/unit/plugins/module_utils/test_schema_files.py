# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The file object and the file list page schemas, pinned to the spec (2.3.0: ContainerFileResource,
ContainerFileListResource), and a property test of the file page checks: any JSON page gives a
Page or an OpenAIError, never another exception."""

import copy

import pytest

from hypothesis import HealthCheck, given, settings, strategies as st

from ansible_collections.llmops.openai.plugins.module_utils._container_files import file_item_warnings
from ansible_collections.llmops.openai.plugins.module_utils._containers import fetch_page
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import OpenAIError, SchemaValidationError
from ansible_collections.llmops.openai.plugins.module_utils._listing_walks import Page
from ansible_collections.llmops.openai.plugins.module_utils._schema import (
    FILE_SCHEMA, SPEC_VERSION, SchemaValidator, available_engines, compiled_check, explain)

from .scripted_transport import reply, scripted_client

# The spec's example of ContainerFileResource (openai-openapi 2.3.0, x-oaiMeta.example), verbatim.
SPEC_EXAMPLE = {
    'id': 'cfile_682e0e8a43c88191a7978f477a09bdf5', 'object': 'container.file', 'created_at': 1747848842, 'bytes': 880,
    'container_id': 'cntr_682e0e7318108198aa783fd921ff305e08e78805b9fdbb04',
    'path': '/mnt/data/88e12fa445d32636f190a0b33daed6cb-tsconfig.json', 'source': 'user',
}
# ContainerFileResource.required and the property types of the spec, pinned: a schema that drifts
# from them fails here.
SPEC_REQUIRED = ['id', 'object', 'created_at', 'bytes', 'container_id', 'path', 'source']
SPEC_TYPES = {'id': 'string', 'object': 'string', 'container_id': 'string', 'created_at': 'integer', 'bytes': 'integer',
              'path': 'string', 'source': 'string'}


def variant(**changes):
    item = copy.deepcopy(SPEC_EXAMPLE)
    for key, value in changes.items():
        if value is Ellipsis:
            del item[key]
        else:
            item[key] = value
    return item


def page(items, **changes):
    body = {'object': 'list', 'data': items, 'first_id': None, 'last_id': None, 'has_more': False}
    body.update(changes)
    return body


VALID_FILES = [
    SPEC_EXAMPLE,
    variant(source='assistant'),
    variant(source='a-future-source', object='container.file.v2'),
    variant(path='/mnt/data/chart.png'),
    variant(bytes=0),
    variant(brand_new_field=[1, {'x': None}]),
]
INVALID_FILES = [variant(**{field: Ellipsis}) for field in SPEC_REQUIRED] + [
    variant(bytes='880'), variant(bytes=880.5), variant(bytes=True), variant(bytes=None),
    variant(created_at='1747848842'), variant(id=7), variant(path=None), variant(source=None), variant(container_id=1),
    ['not', 'a', 'file'],
]
VALID_PAGES = [page([]), page(VALID_FILES), page([SPEC_EXAMPLE], first_id=SPEC_EXAMPLE['id'], last_id=SPEC_EXAMPLE['id'], has_more=True)]
INVALID_PAGES = [page([item]) for item in INVALID_FILES] + [
    {'object': 'list', 'data': []}, page([], has_more='false'), page({}), page([], last_id=7)]
CORPUS = ([('file', doc, True) for doc in VALID_FILES] + [('file', doc, False) for doc in INVALID_FILES]
          + [('file_page', doc, True) for doc in VALID_PAGES] + [('file_page', doc, False) for doc in INVALID_PAGES])


def test_the_file_schema_is_the_spec_s():
    assert SPEC_VERSION == '2.3.0'
    assert FILE_SCHEMA['required'] == SPEC_REQUIRED
    assert dict((name, entry['type']) for name, entry in FILE_SCHEMA['properties'].items()) == SPEC_TYPES


@pytest.mark.parametrize('engine', available_engines())
def test_every_engine_gives_the_expected_verdict_on_the_file_corpus(engine):
    verdicts = [compiled_check(kind, engine)(doc) for kind, doc, dummy in CORPUS]
    assert verdicts == [expected for dummy, dummy2, expected in CORPUS]


def test_explain_names_the_file_and_the_json_path():
    assert explain('file_page', page([SPEC_EXAMPLE, variant(id='cfile_bad', bytes='1')])) == [
        "file cfile_bad (data[1]) at $.bytes: '1' is not of type 'integer'"]
    assert explain('file', variant(id=Ellipsis)) == ["file <no id> at $: 'id' is a required property"]


def test_the_container_messages_are_unchanged():
    assert explain('container', {'object': 'container'})[0].startswith('container <no id> at $:')


def test_strict_raises_and_warn_returns_the_violations():
    with pytest.raises(SchemaValidationError):
        SchemaValidator('strict').validate('file', variant(bytes='x'))
    assert SchemaValidator('warn').validate('file', variant(bytes='x')) == [
        "file cfile_682e0e8a43c88191a7978f477a09bdf5 at $.bytes: 'x' is not of type 'integer'"]


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
                    max_leaves=20)
FILE_LIKE = st.fixed_dictionaries({}, optional=dict((name, JSON | st.sampled_from([SPEC_EXAMPLE[name]])) for name in SPEC_REQUIRED))
PAGES = JSON | st.fixed_dictionaries({'data': st.lists(FILE_LIKE | JSON, max_size=4)},
                                     optional={'object': JSON, 'has_more': st.booleans() | JSON, 'first_id': JSON, 'last_id': JSON})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=PAGES, mode=st.sampled_from(['strict', 'warn', 'off']))
def test_any_json_page_gives_a_page_or_an_openai_error(body, mode):
    client, dummy, dummy2 = scripted_client([reply(body=body)])
    try:
        result = fetch_page(client, {'limit': 3}, SchemaValidator(mode), path='/containers/c/files', schema='file_page',
                            item_warnings=file_item_warnings('c'))
    except OpenAIError:
        return
    assert isinstance(result, Page)
    assert all(isinstance(item, dict) for item in result.items)
