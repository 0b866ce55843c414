# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# JSON Schema (Draft 2020-12) of the list page and the container object, derived from the official
# OpenAPI spec version 2.3.0 (ContainerListResource, ContainerResource), made forward compatible:
# unknown fields are allowed, optional fields may be absent or null, and `status` and `object` are
# not enum-checked (the API documents, shows and sends different values). Types, required fields,
# `memory_limit` and `expires_after.anchor` are checked.
# The same for a container's files (ContainerFileListResource, ContainerFileResource): every field of
# the file object is required by the spec; `object` and `source` are not enum-checked either.
#
# A compiled validator (jsonschema-rs, else fastjsonschema) decides whether a document is valid;
# jsonschema itself is the fallback and explains every violation when one is found, so the fast
# path costs nothing in the messages.

import copy
import importlib.util

try:
    import jsonschema_rs
except ImportError:
    jsonschema_rs = None

try:
    import fastjsonschema
except ImportError:
    fastjsonschema = None

from ansible_collections.llmops.openai.plugins.module_utils._api.errors import OptionError, SchemaValidationError
from ansible_collections.llmops.openai.plugins.module_utils._options import VALIDATION_MODES
from ansible_collections.llmops.openai.plugins.module_utils._text import printable

# jsonschema costs about 60 ms of CPU to import and is needed only to explain a violation (or when no
# compiled engine is installed): it is imported on first use.
HAS_JSONSCHEMA = importlib.util.find_spec('jsonschema') is not None
JSONSCHEMA_IMPORT_ERROR = None if HAS_JSONSCHEMA else 'No module named jsonschema'

SPEC_VERSION = '2.3.0'
DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema'
MEMORY_LIMITS = ('1g', '4g', '16g', '64g')

CONTAINER_SCHEMA = {
    'type': 'object',
    'required': ['id', 'object', 'name', 'created_at', 'status'],
    'properties': {
        'id': {'type': 'string'},
        'object': {'type': 'string'},
        'name': {'type': 'string'},
        'created_at': {'type': 'integer'},
        'status': {'type': 'string'},
        'last_active_at': {'type': ['integer', 'null']},
        'expires_after': {
            'type': ['object', 'null'],
            'properties': {
                'anchor': {'enum': ['last_active_at', None]},
                'minutes': {'type': ['integer', 'null']},
            },
        },
        'memory_limit': {'enum': list(MEMORY_LIMITS) + [None]},
        'network_policy': {
            'type': ['object', 'null'],
            'required': ['type'],
            'properties': {
                'type': {'type': 'string'},
                'allowed_domains': {'type': ['array', 'null'], 'items': {'type': 'string'}},
            },
        },
    },
}

PAGE_SCHEMA = {
    '$schema': DRAFT_2020_12,
    'type': 'object',
    'required': ['object', 'data', 'first_id', 'last_id', 'has_more'],
    'properties': {
        'object': {'type': 'string'},
        'data': {'type': 'array', 'items': {'$ref': '#/$defs/container'}},
        'first_id': {'type': ['string', 'null']},
        'last_id': {'type': ['string', 'null']},
        'has_more': {'type': 'boolean'},
    },
    '$defs': {'container': CONTAINER_SCHEMA},
}

CONTAINER_DOCUMENT_SCHEMA = dict(CONTAINER_SCHEMA, **{'$schema': DRAFT_2020_12})

FILE_SCHEMA = {
    'type': 'object',
    'required': ['id', 'object', 'created_at', 'bytes', 'container_id', 'path', 'source'],
    'properties': {
        'id': {'type': 'string'},
        'object': {'type': 'string'},
        'container_id': {'type': 'string'},
        'created_at': {'type': 'integer'},
        'bytes': {'type': 'integer'},
        'path': {'type': 'string'},
        'source': {'type': 'string'},
    },
}

# The same list page, holding files.
FILE_PAGE_SCHEMA = dict(
    PAGE_SCHEMA,
    properties=dict(PAGE_SCHEMA['properties'], data={'type': 'array', 'items': {'$ref': '#/$defs/file'}}),
    **{'$defs': {'file': FILE_SCHEMA}})

FILE_DOCUMENT_SCHEMA = dict(FILE_SCHEMA, **{'$schema': DRAFT_2020_12})

SCHEMAS = {'page': PAGE_SCHEMA, 'container': CONTAINER_DOCUMENT_SCHEMA, 'file_page': FILE_PAGE_SCHEMA, 'file': FILE_DOCUMENT_SCHEMA}
# What the items of each kind of document are called in a message.
_ITEM_NOUNS = {'page': 'container', 'container': 'container', 'file_page': 'file', 'file': 'file'}
_PAGE_KINDS = ('page', 'file_page')


def _jsonschema():
    import jsonschema  # pylint: disable=import-outside-toplevel
    return jsonschema


def available_engines():
    """Validator engines importable here, fastest first."""
    engines = []
    if jsonschema_rs is not None:
        engines.append('jsonschema-rs')
    if fastjsonschema is not None:
        engines.append('fastjsonschema')
    if HAS_JSONSCHEMA:
        engines.append('jsonschema')
    return engines


_COMPILED = {}


def compiled_check(kind, engine):
    """A function document -> bool for one schema, compiled once per process and engine."""
    key = (kind, engine)
    if key not in _COMPILED:
        schema = SCHEMAS[kind]
        if engine == 'jsonschema-rs':
            _COMPILED[key] = jsonschema_rs.Draft202012Validator(schema).is_valid
        elif engine == 'fastjsonschema':
            _COMPILED[key] = _fastjsonschema_check(schema)
        elif engine == 'jsonschema':
            _COMPILED[key] = _jsonschema().Draft202012Validator(schema).is_valid
        else:
            raise ValueError('unknown schema engine %r' % engine)
    return _COMPILED[key]


def _fastjsonschema_check(schema):
    # fastjsonschema knows drafts 4 to 7; the keywords used here mean the same in draft 7,
    # with $defs reached through an ordinary JSON pointer.
    draft7 = copy.deepcopy(schema)
    draft7['$schema'] = 'http://json-schema.org/draft-07/schema#'
    validate = fastjsonschema.compile(draft7)

    def check(document):
        try:
            validate(document)
        except fastjsonschema.JsonSchemaException:
            return False
        return True
    return check


def explain(kind, document):
    """Every violation in a document, as readable lines naming the container (or file) id and JSON path.

    The lines quote the API's data (ids, values, keys), so each is escaped for the terminal.
    """
    validator = _jsonschema().Draft202012Validator(SCHEMAS[kind])
    noun = _ITEM_NOUNS[kind]
    lines = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        path = list(error.absolute_path)
        where = _json_path(path)
        if kind in _PAGE_KINDS and len(path) >= 2 and path[0] == 'data':
            item = document['data'][path[1]]
            item_id = item.get('id') if isinstance(item, dict) else None
            inner = _json_path(path[2:])
            lines.append('%s %s (data[%d]) at %s: %s' % (
                noun, item_id if isinstance(item_id, str) else '<no id>', path[1], inner, error.message))
        elif kind not in _PAGE_KINDS:
            item_id = document.get('id') if isinstance(document, dict) else None
            lines.append('%s %s at %s: %s' % (
                noun, item_id if isinstance(item_id, str) else '<no id>', where, error.message))
        else:
            lines.append('list page at %s: %s' % (where, error.message))
    return [printable(line) for line in lines]


def _json_path(path):
    text = '$'
    for part in path:
        text += '[%d]' % part if isinstance(part, int) else '.%s' % part
    return text


class SchemaValidator:
    """Applies the ``schema_validation`` option: strict (raise), warn (return warnings) or off."""

    def __init__(self, mode='strict', engine=None):
        if mode not in VALIDATION_MODES:
            raise OptionError('schema_validation', 'must be one of %s, got %r' % (', '.join(VALIDATION_MODES), mode))
        self.mode = mode
        if mode == 'off':
            self.engine = None
            return
        engines = available_engines()
        if not HAS_JSONSCHEMA:
            raise OptionError('schema_validation', 'needs the Python library jsonschema (or set it to off)')
        if engine is not None and engine not in engines:
            raise ValueError('schema engine %r is not available here (available: %s)' % (engine, ', '.join(engines)))
        self.engine = engine or engines[0]

    def validate(self, kind, document):
        """Check a 'page', a 'container', a 'file_page' or a 'file'; return warnings (warn mode) or raise (strict mode)."""
        if self.mode == 'off' or compiled_check(kind, self.engine)(document):
            return []
        violations = explain(kind, document)
        if not violations:
            # The engines disagree only on documents the reference implementation accepts.
            return []
        if self.mode == 'strict':
            raise SchemaValidationError(violations)
        return violations
