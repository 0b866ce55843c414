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

from ansible_collections.llmops.openai.plugins.module_utils._container_time import unusable_numbers
from ansible_collections.llmops.openai.plugins.module_utils._errors import (
    ApiError, OptionError, PaginationError, integer_option, number_option, printable, seconds_text)
from ansible_collections.llmops.openai.plugins.module_utils._listing_walks import (
    ConcurrentRounds, list_from_both_ends, next_cursor, usable_id)
from ansible_collections.llmops.openai.plugins.module_utils._options import (
    DEFAULT_LISTING_TIMEOUT, DEFAULT_MAX_PAGES, LISTING_OPTION_NAMES, MAX_PAGE_SIZE, ORDERS)

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


class ContainerPage:
    """One checked list page: the items to keep, the API's ``has_more``, and what was noticed.

    ``items`` holds only objects; ``received`` counts every item the API sent.
    """

    def __init__(self, items, has_more, warnings, received):
        self.items = items
        self.has_more = has_more
        self.warnings = warnings
        self.received = received


class ContainerListing:
    """The result of a listing: every container once, in the API's order, and what was noticed."""

    def __init__(self):
        self.containers = []
        self.pages = 0
        self.duplicates = 0
        self.warnings = []


def fetch_page(client, params, validator):
    """GET one list page with these query ``params`` and check it; return a ContainerPage.

    Every check of a single page lives here, so that any walk over the pages (one cursor or
    several) applies the same ones:

    - a body without a ``data`` list or a boolean ``has_more`` cannot be followed: PaginationError
      in every ``schema_validation`` mode;
    - the schema (strict: SchemaValidationError; warn: warnings; off: nothing);
    - more items than ``params['limit']``, items that are not objects, items whose id is missing or
      not a string: PaginationError in strict mode, else a warning. Non-objects are left out (they
      are not containers); every object is kept, an item without a usable id is never merged with
      another;
    - numbers out of range (a derived expiry or idle time is then unknown): a warning in every mode.
    """
    after = params.get('after')
    body = client.get('/containers', params=params)
    data, has_more = _page_items(body, after)
    warnings = list(validator.validate('page', body))
    where = 'the list page after cursor %s' % after if after else 'the first list page'
    problems = _page_problems(data, params.get('limit'), where)
    if problems and validator.mode == 'strict':
        raise PaginationError('; '.join(problems) + ' (schema_validation=strict; with warn or off this is a warning)')
    warnings.extend(problems)
    items = [item for item in data if isinstance(item, dict)]
    for item in items:
        warnings.extend(_number_warnings(item))
    return ContainerPage(items, has_more, warnings, len(data))


def _page_problems(data, limit, where):
    problems = []
    if isinstance(limit, int) and len(data) > limit:
        problems.append('%s has %d items, more than the limit of %d that was asked for' % (where, len(data), limit))
    not_objects = [index for index, item in enumerate(data) if not isinstance(item, dict)]
    if not_objects:
        problems.append('%s: %s %s not an object (left out): %s' % (
            where, _positions(not_objects), 'is' if len(not_objects) == 1 else 'are',
            ', '.join(short_repr(data[index], 40) for index in not_objects[:SHOWN_ITEMS])))
    no_id = [index for index, item in enumerate(data) if isinstance(item, dict) and not usable_id(item.get('id'))]
    if no_id:
        problems.append('%s: %s %s no string id (kept, each on its own): %s' % (
            where, _positions(no_id), 'has' if len(no_id) == 1 else 'have',
            ', '.join('id %s' % short_repr(data[index].get('id'), 40) for index in no_id[:SHOWN_ITEMS])))
    return problems


def first_and_more(texts):
    """The first SHOWN_ITEMS of ``texts``, then how many more: 'a, b, c, d, e and 7 more'."""
    more = len(texts) - SHOWN_ITEMS
    return ', '.join(texts[:SHOWN_ITEMS]) + (' and %d more' % more if more > 0 else '')


def _positions(indexes):
    return first_and_more(['data[%d]' % index for index in indexes])


def _number_warnings(container):
    fields = unusable_numbers(container)
    if not fields:
        return []
    container_id = container.get('id')
    return ['container %s: %s out of range; what depends on %s (expiry, idle time) is unknown' % (
        printable(container_id) if usable_id(container_id) else '<no id>',
        ', '.join('%s=%s' % (field, short_repr(value, 40)) for field, value in fields),
        'it' if len(fields) == 1 else 'them')]


def list_containers(client, options, validator, clock=time.monotonic, spare_slots=None):
    """Follow the cursor to the end (or to ``max_results``) and return a ContainerListing.

    Next cursor = id of the last item of a page, as the official SDK does; the listing stops when
    ``has_more`` is false or a page is empty. A cursor seen before means the server is looping: that
    raises PaginationError instead of looping forever; so does a listing that goes on past
    ``max_pages`` pages or ``listing_timeout`` seconds (checked before each page: a page request
    itself is bounded by the connection's timeout and retries). An id seen twice is kept once;
    an item without a string id is always kept.

    A complete listing (see ListingOptions.from_both_ends) walks from both ends at once instead
    (_listing_walks.py): the same containers in the same order, in about half the round trips, with
    the same page checks and bounds. ``spare_slots`` bounds the requests of several concurrent
    listings (see ConcurrentRounds).
    """
    listing = ContainerListing()
    if options.from_both_ends:
        return _finished(_list_from_both_ends(client, options, validator, listing, clock, spare_slots))
    seen = set()
    cursors = set()
    after = options.after
    deadline = clock() + options.listing_timeout
    while True:
        if clock() > deadline:
            raise _timed_out(options, listing.pages, len(listing.containers))
        limit = options.page_size
        if options.max_results is not None:
            limit = min(limit, options.max_results - len(listing.containers))
        page = fetch_page(client, options.page_params(after, limit), validator)
        listing.pages += 1
        listing.warnings.extend(page.warnings)
        for container in page.items:
            container_id = container.get('id')
            if usable_id(container_id):
                if container_id in seen:
                    listing.duplicates += 1
                    continue
                seen.add(container_id)
            listing.containers.append(container)
            if options.max_results is not None and len(listing.containers) >= options.max_results:
                return _finished(listing)
        if not page.has_more:
            return _finished(listing)
        if not page.received:
            listing.warnings.append('the API said has_more=true but sent an empty page after cursor %s; '
                                    'the listing ends there, as the official SDK does' % after)
            return _finished(listing)
        if listing.pages >= options.max_pages:
            raise _too_many_pages(options, listing.pages, len(listing.containers))
        after = next_cursor(page.items, after, cursors)


def _list_from_both_ends(client, options, validator, listing, clock, spare_slots):
    # The hook of the walks from both ends: each page is fetched and checked by fetch_page, from
    # either walk's thread (ApiClient is safe for that), and the bounds are checked before each round.
    deadline = clock() + options.listing_timeout
    lock = threading.Lock()
    fetched = {'pages': 0, 'items': 0}

    def fetch_walk_page(order, after, limit):
        page = fetch_page(client, options.page_params(after, limit, order), validator)
        with lock:
            fetched['pages'] += 1
            fetched['items'] += len(page.items)
            listing.warnings.extend(page.warnings)
        return page.items, page.has_more

    def before_round(requests):
        # Two walks take at most two requests more than one cursor: max_pages allows for them.
        if clock() > deadline:
            raise _timed_out(options, fetched['pages'], fetched['items'])
        if fetched['pages'] and fetched['pages'] + requests > options.max_pages + 2:
            raise _too_many_pages(options, fetched['pages'], fetched['items'])

    with ConcurrentRounds(spare_slots) as rounds:
        walked = list_from_both_ends(fetch_walk_page, options.order, options.page_size, rounds, before_round)
    listing.containers = walked.items
    listing.pages = walked.requests
    listing.duplicates = walked.duplicates
    listing.warnings.extend(walked.warnings)
    return listing


def _timed_out(options, pages, containers):
    return PaginationError(
        'the listing did not finish within listing_timeout=%s s (%d pages, %d containers so far); '
        'stopping rather than returning a partial list: raise listing_timeout if the project is that large' % (
            seconds_text(options.listing_timeout), pages, containers))


def _too_many_pages(options, pages, containers):
    return PaginationError(
        'the API still says has_more=true after %d pages (max_pages=%d, %d containers); stopping rather '
        'than paging forever or returning a partial list: raise max_pages if the project is that large' % (
            pages, options.max_pages, containers))


def _finished(listing):
    if listing.duplicates:
        listing.warnings.append(
            '%d container%s listed more than once (the listing changed while it was read, or the server repeats '
            'items): each id is returned once' % (listing.duplicates, ' was' if listing.duplicates == 1 else 's were'))
    return listing


def _page_items(page, after):
    # These checks hold in every schema_validation mode: without them paging cannot go on safely.
    if not isinstance(page, dict) or not isinstance(page.get('data'), list):
        raise PaginationError('the list page after cursor %s has no "data" list: %r' % (after, short_repr(page)))
    has_more = page.get('has_more')
    if not isinstance(has_more, bool):
        raise PaginationError('the list page after cursor %s has no boolean "has_more": %r' % (after, short_repr(has_more)))
    return page['data'], has_more


def short_repr(value, limit=120):
    """``repr(value)``, cut after ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + '...'


def retrieve_container(client, container_id, validator):
    """The container with this id, or None when the API answers 404 (unknown or deleted).

    Returns (container, warnings).
    """
    if not container_id:
        raise OptionError('id', 'must not be empty')
    try:
        container = client.get('/containers/%s' % _quote(container_id))
    except ApiError as exc:
        if exc.status == 404:
            return None, []
        raise
    warnings = validator.validate('container', container)
    if isinstance(container, dict):
        warnings.extend(_number_warnings(container))
    return container, warnings


def create_container(client, body, validator):
    """Create a container (never retried blindly: see ApiClient.request). Returns (container, warnings)."""
    container = client.request('POST', '/containers', body=body)
    return container, validator.validate('container', container)


def delete_container(client, container_id):
    """Delete a container; True when it was deleted, False when it was already gone (404).

    A 404 that answers a retry after an attempt that may have been carried out (no answer, or
    HTTP 5xx) is True: the first attempt most likely deleted it and only its answer was lost.
    """
    if not usable_id(container_id):
        raise OptionError('id', 'must be a non-empty string, got %s' % short_repr(container_id))
    try:
        client.request('DELETE', '/containers/%s' % _quote(container_id))
    except ApiError as exc:
        if exc.status == 404:
            return exc.after_ambiguous_attempt
        raise
    return True


def _quote(container_id):
    return quote(container_id, safe='')
