# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# The options every front-end shares, declared once: name, type, default, choices and no_log. The
# modules take these dicts as their argument spec; the plugins and the event source read the same
# names (their types come from the doc fragments llmops.openai.connection and llmops.openai.listing,
# which tests/unit/plugins/doc_fragments checks against this file); ConnectionSettings (_api/settings.py,
# which alone reads the environment variables of the connection options) and ListingOptions validate the values.
# Adding an option: one entry here and one in the doc fragment.
# Below the declarations, the parsers that turn an option's value into a number or refuse it with an
# OptionError naming the option (ConnectionSettings, ListingOptions, the event source, the filters).
# This file imports nothing of the collection but its errors, so that every layer can use it.

import math

from ansible.module_utils.common.validation import check_type_float

from ansible_collections.llmops.openai.plugins.module_utils._api.errors import OptionError

# The API's default expires_after.minutes: a live container idle longer than that is worth a look
# (the staleness option of the bulk modules, the filters and the event source; _container_time.py).
DEFAULT_IDLE_THRESHOLD_MINUTES = 20
# How the answers are checked against the API's schema (SchemaValidator in _schema.py).
VALIDATION_MODES = ('strict', 'warn', 'off')
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

MAX_PAGE_SIZE = 100
ORDERS = ('asc', 'desc')
# 200,000 containers at 100 per page: twice the 100,000 (1,000 pages) a play can still hold, and a
# bound on what an endless listing makes the controller hold (benchmarks/listing_bounds.py).
DEFAULT_MAX_PAGES = 2000
# 10 minutes: 1,000 pages at 0.6 s each, several times what the real API takes per page; an endless
# listing at 100 pages per second reaches max_pages first.
DEFAULT_LISTING_TIMEOUT = 600.0

# No env fallback: ConnectionSettings reads the environment for an option not set (ENVIRONMENT in
# _api/settings.py, per auth_header for api_key and base_url), for every front-end alike.
CONNECTION_ARGUMENT_SPEC = dict(
    api_key=dict(type='str', no_log=True),
    base_url=dict(type='str'),
    organization=dict(type='str'),
    project=dict(type='str'),
    timeout=dict(type='float', default=DEFAULT_TIMEOUT),
    max_retries=dict(type='int', default=DEFAULT_MAX_RETRIES),
    max_retry_wait=dict(type='float', default=DEFAULT_MAX_RETRY_WAIT),
    max_response_bytes=dict(type='int', default=DEFAULT_MAX_RESPONSE_BYTES),
    validate_certs=dict(type='bool', default=True),
    ca_path=dict(type='path'),
    auth_header=dict(type='str', choices=list(AUTH_HEADERS)),
    # Not no_log: only the values of secret headers are secrets (OpenAIModule masks them), see is_secret_header.
    headers=dict(type='dict', no_log=False),
    schema_validation=dict(type='str', default='strict', choices=list(VALIDATION_MODES)),
)
# What ConnectionSettings takes and an entry of `projects` may set: every connection option but
# schema_validation, which checks the answers of the whole task or source.
CONNECTION_OPTION_NAMES = tuple(name for name in CONNECTION_ARGUMENT_SPEC if name != 'schema_validation')

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


# The parsers of options (and of a filter's numeric arguments).


def integer_option(option, value, default=None, minimum=None, maximum=None):
    """``value`` as an int (``default`` when it is None), or OptionError naming the option.

    Booleans are not integers. ``minimum`` and ``maximum`` bound it; the message of a value out of
    bounds quotes the value as given.
    """
    if value is None:
        return default
    if isinstance(value, bool):
        raise OptionError(option, 'must be an integer, got %r' % (value,))
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise OptionError(option, 'must be an integer, got %r' % (value,))
    if maximum is not None and not minimum <= number <= maximum:
        raise OptionError(option, 'must be between %d and %d, got %s' % (minimum, maximum, value))
    if minimum is not None and number < minimum:
        raise OptionError(option, 'must be at least %d, got %s' % (minimum, value))
    return number


def number_option(option, value, minimum=None, above=None, unit=None, default=None):
    """``value`` as a finite float (``default`` when it is None), or OptionError naming the option.

    Booleans are not numbers; numeric text is (a plugin option or a rulebook argument may be text).
    ``minimum`` is the smallest value allowed, ``above`` a bound the value must exceed; ``unit``
    (V(seconds)) is named in the message of a value out of bounds.
    """
    if value is None:
        return default
    if isinstance(value, bool):
        raise OptionError(option, 'must be a number, got %r' % (value,))
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise OptionError(option, 'must be a number, got %r' % (value,))
    if not math.isfinite(number):
        raise OptionError(option, 'must be a finite number, got %r' % (value,))
    unit = ' %s' % unit if unit else ''
    if minimum is not None and number < minimum:
        raise OptionError(option, 'must be at least %s%s, got %s' % (minimum, unit, value))
    if above is not None and number <= above:
        raise OptionError(option, 'must be greater than %s%s, got %s' % (above, unit, value))
    return number


def number_argument(name, value, minimum=None):
    """A caller's numeric argument (a filter's keyword, a staleness criterion): ``value`` itself if it
    is a finite int or float of at least ``minimum``; TypeError or ValueError, which the filters turn
    into their errors, otherwise. Unlike an option (number_option) it is never text, and a bool is no number.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError('%s must be a number (int or float), got %s' % (name, type(value).__name__))
    # An int is always finite (and math.isfinite cannot take one of 400 digits).
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError('%s must be a finite number, got %r' % (name, value))
    if minimum is not None and value < minimum:
        raise ValueError('%s must be >= %s, got %r' % (name, minimum, value))
    return value


# -- the event source llmops.openai.containers (extensions/eda) ------------------------------------
# Its arguments, for ansible-core's ArgumentSpecValidator (plugin_utils/_container_events.py
# SourceOptions): the connection options (ConnectionSettings reads their environment variables), the
# listing options of a complete listing, and its own. The bounds (interval at least 1 second, ...)
# are checked after the types, by SourceOptions.

DEFAULT_EVENT_INTERVAL = 60.0
DEFAULT_ERROR_AFTER_FAILURES = 3


def number(value):
    """A float, but not from a boolean: ArgumentSpecValidator's float would take `yes` for 1.0.
    Named so that its message reads 'unable to convert to number'."""
    if isinstance(value, bool):
        raise TypeError('a boolean is not a number')
    return check_type_float(value)


def _path_as_text(spec):
    """``spec`` with ``path`` read as text: ArgumentSpecValidator would expand ``$VARIABLES`` in it,
    and nothing but ConnectionSettings reads the environment."""
    entry = dict(spec)
    if entry.get('type') == 'path':
        entry['type'] = 'str'
    return entry


EVENT_SOURCE_ARGUMENT_SPEC = dict(
    ((name, _path_as_text(spec)) for name, spec in CONNECTION_ARGUMENT_SPEC.items()),
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
