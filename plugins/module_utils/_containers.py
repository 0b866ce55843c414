# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# The Containers endpoints on top of ApiClient: complete cursor-paginated listing, retrieve,
# create and delete. A listing returns every container or raises: never a silent partial list.

import threading
import time

from urllib.parse import quote

from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OpenAIError, OptionError, PaginationError
from ansible_collections.llmops.openai.plugins.module_utils._container_time import unusable_numbers
from ansible_collections.llmops.openai.plugins.module_utils._listing_walks import (
    EXTRA_REQUESTS, ConcurrentRounds, Page, list_from_both_ends, list_with_one_cursor, usable_id)
from ansible_collections.llmops.openai.plugins.module_utils._options import (
    DEFAULT_LISTING_TIMEOUT, DEFAULT_MAX_PAGES, LISTING_OPTION_NAMES, MAX_PAGE_SIZE, ORDERS, integer_option,
    number_option)
from ansible_collections.llmops.openai.plugins.module_utils._text import clip, printable, redact_all, seconds_text

# How many item positions a warning names before it says "and N more".
SHOWN_ITEMS = 5


class ListingOptions:
    """Validated listing options (``page_size`` is sent as the API's ``limit``).

    Takes the options of LISTING_OPTION_NAMES (_options.py) by name; an option that is missing
    or None gets its default.
    """

    def __init__(self, **options):
        unknown = sorted(set(options) - set(LISTING_OPTION_NAMES))
        if unknown:
            raise TypeError('not a listing option: %s' % ', '.join(unknown))
        option = options.get
        self.page_size = integer_option('page_size', option('page_size'), MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE)
        self.max_results = integer_option('max_results', option('max_results'), minimum=1)
        self.order = option('order') or 'desc'
        if self.order not in ORDERS:
            raise OptionError('order', 'must be one of asc, desc, got %r' % (option('order'),))
        self.after = option('after') or None
        self.name = option('name') if option('name') not in (None, '') else None
        self.max_pages = integer_option('max_pages', option('max_pages'), DEFAULT_MAX_PAGES, 1)
        self.listing_timeout = number_option('listing_timeout', option('listing_timeout'), above=0, unit='seconds',
                                             default=DEFAULT_LISTING_TIMEOUT)
        walk_both_ends = option('walk_both_ends')
        if walk_both_ends not in (None, True, False):
            raise OptionError('walk_both_ends', 'must be a boolean, got %r' % (walk_both_ends,))
        self.walk_both_ends = walk_both_ends is not False

    @property
    def from_both_ends(self):
        """Whether a listing with these options walks from both ends: only a complete one does."""
        return self.walk_both_ends and self.after is None and self.max_results is None

    @classmethod
    def from_options(cls, options):
        return cls(**dict((key, options.get(key)) for key in LISTING_OPTION_NAMES))

    def page_params(self, after=None, limit=None, order=None):
        """The query of one list request: ``limit`` (default page_size), ``order`` (default the
        listing's), ``after``, ``name``."""
        params = {'limit': self.page_size if limit is None else limit, 'order': order or self.order}
        if after:
            params['after'] = after
        if self.name is not None:
            params['name'] = self.name
        return params


def fetch_page(client, params, validator, path='/containers', schema='page', item_warnings=None):
    """GET one list page of ``path`` with these query ``params`` and check it; return a Page.

    Every check of a single page lives here, so that any walk over the pages (one cursor or
    several) and any listing (containers; a container's files with ``schema`` 'file_page') applies
    the same ones:

    - a body without a ``data`` list or a boolean ``has_more`` cannot be followed: PaginationError
      in every ``schema_validation`` mode;
    - the schema (strict: SchemaValidationError; warn: warnings; off: nothing);
    - more items than ``params['limit']``, items that are not objects, items whose id is missing or
      not a string: PaginationError in strict mode, else a warning. Non-objects are left out (they
      are not containers); every object is kept, an item without a usable id is never merged with
      another;
    - ``item_warnings(item, secrets)``, the listing's own checks of an item (default for containers: numbers
      out of range, which make a derived expiry or idle time unknown): warnings in every mode.
    """
    item_warnings = item_warnings or _number_warnings
    after = params.get('after')
    body = client.get(path, params=params)
    # What the checks quote from the page is cut: the secrets go before the cut (clip).
    secrets = client.settings.secrets
    data, has_more = _page_items(body, after, secrets)
    warnings = list(validator.validate(schema, body))
    where = 'the list page after cursor %s' % after if after else 'the first list page'
    problems = _page_problems(data, params.get('limit'), where, secrets)
    if problems and validator.mode == 'strict':
        raise PaginationError('; '.join(problems) + ' (schema_validation=strict; with warn or off this is a warning)')
    warnings.extend(problems)
    items = [item for item in data if isinstance(item, dict)]
    for item in items:
        warnings.extend(item_warnings(item, secrets))
    return Page(items, has_more, warnings, len(data))


def _page_problems(data, limit, where, secrets):
    problems = []
    if isinstance(limit, int) and len(data) > limit:
        problems.append('%s has %d items, more than the limit of %d that was asked for' % (where, len(data), limit))
    not_objects = [index for index, item in enumerate(data) if not isinstance(item, dict)]
    if not_objects:
        problems.append('%s: %s %s not an object (left out): %s' % (
            where, _positions(not_objects), 'is' if len(not_objects) == 1 else 'are',
            ', '.join(short_repr(data[index], 40, secrets) for index in not_objects[:SHOWN_ITEMS])))
    no_id = [index for index, item in enumerate(data) if isinstance(item, dict) and not usable_id(item.get('id'))]
    if no_id:
        problems.append('%s: %s %s no string id (kept, each on its own): %s' % (
            where, _positions(no_id), 'has' if len(no_id) == 1 else 'have',
            ', '.join('id %s' % short_repr(data[index].get('id'), 40, secrets) for index in no_id[:SHOWN_ITEMS])))
    return problems


def first_and_more(texts):
    """The first SHOWN_ITEMS of ``texts``, then how many more: 'a, b, c, d, e and 7 more'."""
    more = len(texts) - SHOWN_ITEMS
    return ', '.join(texts[:SHOWN_ITEMS]) + (' and %d more' % more if more > 0 else '')


def _positions(indexes):
    return first_and_more(['data[%d]' % index for index in indexes])


def _number_warnings(container, secrets):
    fields = unusable_numbers(container)
    if not fields:
        return []
    container_id = container.get('id')
    return ['container %s: %s out of range; what depends on %s (expiry, idle time) is unknown' % (
        printable(redact_all(container_id, secrets)) if usable_id(container_id) else '<no id>',
        ', '.join('%s=%s' % (field, short_repr(value, 40, secrets)) for field, value in fields),
        'it' if len(fields) == 1 else 'them')]


def list_containers(client, options, validator, clock=time.monotonic, spare_slots=None):
    """Follow the cursor to the end (or to ``max_results``) and return a Listing of the containers.

    Next cursor = id of the last item of a page, as the official SDK does; the listing stops when
    ``has_more`` is false or a page is empty. A cursor seen before means the server is looping: that
    raises PaginationError instead of looping forever; so does a listing that goes on past
    ``max_pages`` pages or ``listing_timeout`` seconds (checked before each page: a page request
    itself is bounded by the connection's timeout and retries). An id seen twice is kept once;
    an item without a string id is always kept (see list_with_one_cursor).

    A complete listing (see ListingOptions.from_both_ends) walks from both ends at once instead
    (list_from_both_ends): the same containers in the same order, in about half the round trips, with
    the same page checks and bounds. ``spare_slots`` bounds the requests of several concurrent
    listings (see ConcurrentRounds).
    """
    return list_pages(lambda params: fetch_page(client, params, validator), options, clock, spare_slots)


def list_pages(fetch, options, clock=time.monotonic, spare_slots=None, noun='container'):
    """Walk a listing whose pages ``fetch(params)`` returns (a checked Page, see fetch_page) with
    these ListingOptions and their bounds (max_pages, listing_timeout); return a Listing. ``noun``
    names the items in the messages ('container', 'file').

    With a ``name``, only the items of that name are returned, whatever the server sent: a gateway
    that drops the filter (as some proxies do) cannot widen the result; a warning counts the others.
    """
    deadline = clock() + options.listing_timeout
    keep = None if options.name is None else (lambda item: item.get('name') == options.name)
    if options.from_both_ends:
        listing = _list_from_both_ends(fetch, options, clock, deadline, spare_slots, noun)
        if keep is not None:
            kept = [item for item in listing.items if keep(item)]
            listing.dropped, listing.items = len(listing.items) - len(kept), kept
        return _finished(listing, options, noun)

    def fetch_cursor_page(order, after, limit):
        return fetch(options.page_params(after, limit, order))

    def before_page(listing):
        if clock() > deadline:
            raise _timed_out(options, listing.pages, len(listing.items), noun)
        if listing.pages >= options.max_pages or len(listing.items) > options.max_pages * options.page_size:
            raise _too_many_pages(options, listing.pages, len(listing.items), noun)

    return _finished(list_with_one_cursor(fetch_cursor_page, options.order, options.page_size, options.after,
                                          options.max_results, before_page, keep), options, noun)


def _list_from_both_ends(fetch, options, clock, deadline, spare_slots, noun):
    # The hook of the walks from both ends: each page is fetched and checked by ``fetch``, from
    # either walk's thread (ApiClient is safe for that), and the bounds are checked before each round.
    lock = threading.Lock()
    fetched = {'pages': 0, 'items': 0}

    def fetch_walk_page(order, after):
        page = fetch(options.page_params(after, order=order))
        with lock:
            fetched['pages'] += 1
            fetched['items'] += len(page.items)
        return page

    def before_round(requests):
        # Two walks take at most EXTRA_REQUESTS more than one cursor: max_pages allows for them.
        if clock() > deadline:
            raise _timed_out(options, fetched['pages'], fetched['items'], noun)
        if fetched['pages'] and fetched['pages'] + requests > options.max_pages + EXTRA_REQUESTS \
                or fetched['items'] > (options.max_pages + EXTRA_REQUESTS) * options.page_size:
            raise _too_many_pages(options, fetched['pages'], fetched['items'], noun)

    with ConcurrentRounds(spare_slots) as rounds:
        return list_from_both_ends(fetch_walk_page, options.order, rounds, before_round)


def _timed_out(options, pages, items, noun):
    return PaginationError(
        'the listing did not finish within listing_timeout=%s s (%d pages, %d %ss so far); '
        'stopping rather than returning a partial list: raise listing_timeout if the %s is that large' % (
            seconds_text(options.listing_timeout), pages, items, noun, 'project' if noun == 'container' else 'listing'))


def _too_many_pages(options, pages, items, noun):
    # Pages larger than page_size (schema_validation warn or off) count by what they hold: the
    # bound is on what the controller keeps, max_pages full pages.
    return PaginationError(
        'the API still says has_more=true after %d pages (max_pages=%d, %d %ss; max_pages x page_size=%d '
        'at most are kept); stopping rather than paging forever or returning a partial list: raise max_pages if '
        'the %s is that large' % (pages, options.max_pages, items, noun, options.max_pages * options.page_size,
                                  'project' if noun == 'container' else 'listing'))


def _finished(listing, options, noun):
    if listing.dropped:
        listing.warnings.append(
            'the server did not honour the name filter: %d listed item%s had another name than %s and %s left out' % (
                listing.dropped, '' if listing.dropped == 1 else 's', printable(repr(options.name)),
                'was' if listing.dropped == 1 else 'were'))
    if listing.duplicates:
        listing.warnings.append(
            '%d %s%s listed more than once (the listing changed while it was read, or the server repeats '
            'items): each id is returned once' % (listing.duplicates, noun, ' was' if listing.duplicates == 1 else 's were'))
    return listing


def _page_items(page, after, secrets):
    # These checks hold in every schema_validation mode: without them paging cannot go on safely.
    if not isinstance(page, dict) or not isinstance(page.get('data'), list):
        raise PaginationError('the list page after cursor %s has no "data" list: %r' % (after, short_repr(page, secrets=secrets)))
    has_more = page.get('has_more')
    if not isinstance(has_more, bool):
        raise PaginationError('the list page after cursor %s has no boolean "has_more": %r' % (after, short_repr(has_more, secrets=secrets)))
    return page['data'], has_more


def short_repr(value, limit=120, secrets=()):
    """``repr(value)``, without ``secrets`` and cut after ``limit`` characters (see clip)."""
    return clip(repr(value), limit, secrets)


def retrieve_container(client, container_id, validator):
    """The container with this id, or None when the API answers 404 (unknown or deleted).

    Returns (container, warnings).
    """
    check_id_option('id', container_id)
    try:
        container = client.get('/containers/%s' % path_segment(container_id))
    except ApiError as exc:
        if exc.status == 404:
            return None, []
        raise
    warnings = validator.validate('container', container)
    if isinstance(container, dict):
        warnings.extend(_number_warnings(container, client.settings.secrets))
    return container, warnings


def create_container(client, body, validator):
    """Create a container (never retried blindly: see ApiClient.request). Returns (container, warnings)."""
    container = client.request('POST', '/containers', body=body)
    return container, validator.validate('container', container)


def delete_container(client, container_id):
    """Delete a container; True when it was deleted, False when it was already gone (404).

    A 404 that answers a retry after an attempt that may have been carried out (no answer, or
    HTTP 5xx) is True: the first attempt most likely deleted it and only its answer was lost.
    An id that is not one safe path segment raises UnsafeIdError before any request (see path_segment).
    """
    return delete_path(client, '/containers/%s' % path_segment(container_id))


def delete_path(client, path):
    """DELETE ``path`` (a container, a container's file): True when deleted, False when already gone
    (404), True for a 404 after an attempt that may have been carried out (see delete_container)."""
    try:
        client.request('DELETE', path)
    except ApiError as exc:
        if exc.status == 404:
            return exc.after_ambiguous_attempt
        raise
    return True


class UnsafeIdError(OpenAIError):
    """An id (of a container, of a file) that cannot be sent as one segment of a URL path."""


def id_problem(value):
    """Why ``value`` cannot be one segment of a request path, or None.

    Quoting is not enough: ``.`` and ``..`` stay as they are and a URL resolves them (so
    ``DELETE /v1/containers/..`` would become ``DELETE /v1/``), and a proxy may decode ``%2F`` or
    ``%5C`` into a separator. Ids are never such strings: refusing them costs nothing.
    """
    if not isinstance(value, str) or value == '':
        return 'it is empty or not a string'
    if value in ('.', '..'):
        return 'a URL resolves %r to another path' % value
    if '/' in value or '\\' in value:
        return 'it contains a slash or a backslash'
    if any(ord(char) < 0x20 or 0x7f <= ord(char) <= 0x9f for char in value):
        return 'it contains a control character'
    return None


def path_segment(value):
    """``value`` quoted as one segment of a URL path (a container id, a file id); raises UnsafeIdError,
    before any request, for one that is not a safe segment (see id_problem). Every route that puts
    an id in its path goes through here, whoever chose the id (the user or an answer)."""
    problem = id_problem(value)
    if problem is not None:
        raise UnsafeIdError('refusing to send a request for the id %s: %s' % (printable(short_repr(value, 80)), problem))
    return quote(value, safe='')


def check_id_option(option, value):
    """Fail with an OptionError naming ``option`` (before any request) when its id is not a safe path segment."""
    problem = id_problem(value)
    if problem is not None:
        raise OptionError(option, '%s cannot be an id: %s' % (printable(short_repr(value, 80)), problem))
