# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# The options every front-end shares, declared once: name, type, default, choices, no_log and
# environment variable. The modules take these dicts as their argument spec; the plugins and the
# event source read the same names (their types and env: come from the doc fragments
# llmops.openai.connection and llmops.openai.listing, which tests/unit/plugins/doc_fragments
# checks against this file); ConnectionSettings and ListingOptions validate the values.
# Adding an option: one entry here and one in the doc fragment.

from ansible.module_utils.common.parameters import env_fallback
from ansible.module_utils.common.validation import check_type_float

from ansible_collections.llmops.openai.plugins.module_utils._container_time import DEFAULT_IDLE_THRESHOLD_MINUTES
from ansible_collections.llmops.openai.plugins.module_utils._schema import VALIDATION_MODES

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2
# The seconds one task (or one inventory project) may spend waiting between retries, in total.
DEFAULT_MAX_RETRY_WAIT = 300.0
# A page of 100 containers is about 50 kB: 16 MiB is far above any real answer and still a
# bound on what a broken server or a decompression bomb can make the controller hold.
DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024
# How the key is sent: OpenAI and most gateways read `Authorization: Bearer KEY`, Azure OpenAI reads
# `api-key: KEY` (as the official SDK's AzureOpenAI client sends it).
AUTH_HEADERS = {'bearer': 'Authorization', 'api-key': 'api-key'}
AUTH_HEADER_ENV = 'OPENAI_AUTH_HEADER'

MAX_PAGE_SIZE = 100
ORDERS = ('asc', 'desc')
# 200,000 containers at 100 per page: twice the 100,000 (1,000 pages) a play can still hold, and a
# bound on what an endless listing makes the controller hold (benchmarks/listing_bounds.py).
DEFAULT_MAX_PAGES = 2000
# 10 minutes: 1,000 pages at 0.6 s each, several times what the real API takes per page; an endless
# listing at 100 pages per second reaches max_pages first.
DEFAULT_LISTING_TIMEOUT = 600.0

# api_key and base_url have no env fallback: ConnectionSettings reads the pair of variables that
# belongs to auth_header (ENVIRONMENT_FALLBACKS in _api_client.py), for every front-end alike.
CONNECTION_ARGUMENT_SPEC = dict(
    api_key=dict(type='str', no_log=True),
    base_url=dict(type='str'),
    organization=dict(type='str', fallback=(env_fallback, ['OPENAI_ORG_ID'])),
    project=dict(type='str', fallback=(env_fallback, ['OPENAI_PROJECT_ID'])),
    timeout=dict(type='float', default=DEFAULT_TIMEOUT),
    max_retries=dict(type='int', default=DEFAULT_MAX_RETRIES),
    max_retry_wait=dict(type='float', default=DEFAULT_MAX_RETRY_WAIT),
    max_response_bytes=dict(type='int', default=DEFAULT_MAX_RESPONSE_BYTES),
    validate_certs=dict(type='bool', default=True),
    ca_path=dict(type='path'),
    auth_header=dict(type='str', choices=list(AUTH_HEADERS), fallback=(env_fallback, [AUTH_HEADER_ENV])),
    # Not no_log: only the values of secret headers are secrets (OpenAIModule masks them), see is_secret_header.
    headers=dict(type='dict', no_log=False),
    schema_validation=dict(type='str', default='strict', choices=list(VALIDATION_MODES)),
)
# What ConnectionSettings takes and an entry of `projects` may set: every connection option but
# schema_validation, which checks the answers of the whole task or source.
CONNECTION_OPTION_NAMES = tuple(name for name in CONNECTION_ARGUMENT_SPEC if name != 'schema_validation')
# The environment variables of the options that have one, for a front-end that reads them itself
# (the event source: modules have env_fallback, plugins the env: of their docs).
CONNECTION_ENVIRONMENT = dict((name, spec['fallback'][1][0]) for name, spec in CONNECTION_ARGUMENT_SPEC.items() if 'fallback' in spec)

LISTING_ARGUMENT_SPEC = dict(
    page_size=dict(type='int', default=MAX_PAGE_SIZE),
    max_results=dict(type='int'),
    order=dict(type='str', default='desc', choices=list(ORDERS)),
    after=dict(type='str'),
    name=dict(type='str'),
    max_pages=dict(type='int', default=DEFAULT_MAX_PAGES),
    listing_timeout=dict(type='float', default=DEFAULT_LISTING_TIMEOUT),
    walk_both_ends=dict(type='bool', default=True),
)
LISTING_OPTION_NAMES = tuple(LISTING_ARGUMENT_SPEC)
# What is asked of the API, and so what a cached answer depends on; the other listing options are
# the bounds and the strategy of a listing, which change whether and how fast it ends, never what it returns.
LISTING_QUERY_OPTION_NAMES = ('page_size', 'max_results', 'order', 'after', 'name')


# -- the event source llmops.openai.containers (extensions/eda) ------------------------------------
# Its arguments, for ansible-core's ArgumentSpecValidator (plugin_utils/_container_events.py
# SourceOptions): the connection options without their env fallbacks (the event source reads the
# environment itself, in one place), the listing options of a complete listing, and its own. The
# bounds (interval at least 1 second, ...) are checked after the types, by SourceOptions.

DEFAULT_EVENT_INTERVAL = 60.0
DEFAULT_ERROR_AFTER_FAILURES = 3


def number(value):
    """A float, but not from a boolean: ArgumentSpecValidator's float would take `yes` for 1.0.
    Named so that its message reads 'unable to convert to number'."""
    if isinstance(value, bool):
        raise TypeError('a boolean is not a number')
    return check_type_float(value)


def _without_environment(spec):
    """``spec`` without env fallbacks, and with ``path`` read as text (ArgumentSpecValidator would
    expand ``$VARIABLES`` in it): nothing but the event source's own code reads the environment."""
    entry = dict((key, value) for key, value in spec.items() if key != 'fallback')
    if entry.get('type') == 'path':
        entry['type'] = 'str'
    return entry


EVENT_SOURCE_ARGUMENT_SPEC = dict(
    ((name, _without_environment(spec)) for name, spec in CONNECTION_ARGUMENT_SPEC.items()),
    projects=dict(type='list'),
    # Only the API's own filter and the bounds: a partial listing (max_results, after) would look like deletions.
    **dict((name, LISTING_ARGUMENT_SPEC[name]) for name in ('name', 'page_size', 'max_pages', 'listing_timeout')))
EVENT_SOURCE_ARGUMENT_SPEC.update(
    interval=dict(type=number, default=DEFAULT_EVENT_INTERVAL),
    idle_threshold_minutes=dict(type=number, default=DEFAULT_IDLE_THRESHOLD_MINUTES),
    max_age_days=dict(type=number),
    startup_snapshot=dict(type='bool', default=False),
    error_after_failures=dict(type='int', default=DEFAULT_ERROR_AFTER_FAILURES),
    expiring_within_minutes=dict(type=number),
)
