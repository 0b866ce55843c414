# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# The Containers endpoints on top of ApiClient: complete cursor-paginated listing, retrieve,
# create and delete. A listing returns every container or raises: never a silent partial list.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from urllib.parse import quote

from ansible_collections.llmops.openai.plugins.module_utils._errors import ApiError, OptionError, PaginationError, integer_option
from ansible_collections.llmops.openai.plugins.module_utils._listing_walks import ConcurrentRounds, list_from_both_ends, next_cursor

MAX_PAGE_SIZE = 100
ORDERS = ('asc', 'desc')
LISTING_OPTION_NAMES = ('page_size', 'max_results', 'order', 'after', 'name', 'walk_both_ends')


class ListingOptions(object):
    """Validated listing options (``page_size`` is sent as the API's ``limit``)."""

    def __init__(self, page_size=None, max_results=None, order=None, after=None, name=None, walk_both_ends=None):
        self.page_size = MAX_PAGE_SIZE if page_size is None else integer_option('page_size', page_size)
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise OptionError('page_size', 'must be between 1 and %d, got %s' % (MAX_PAGE_SIZE, page_size))
        self.max_results = None if max_results is None else integer_option('max_results', max_results)
        if self.max_results is not None and self.max_results < 1:
            raise OptionError('max_results', 'must be at least 1, got %s' % max_results)
        self.order = order or 'desc'
        if self.order not in ORDERS:
            raise OptionError('order', 'must be one of asc, desc, got %r' % (order,))
        self.after = after or None
        self.name = name if name not in (None, '') else None
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


class ContainerListing(object):
    """The result of a listing: every container once, in the API's order, and what was noticed."""

    def __init__(self):
        self.containers = []
        self.pages = 0
        self.duplicates = 0
        self.warnings = []


def list_containers(client, options, validator, spare_slots=None):
    """Follow the cursor to the end (or to ``max_results``) and return a ContainerListing.

    Next cursor = id of the last item of a page, as the official SDK does; the listing stops when
    ``has_more`` is false or a page is empty. A cursor seen before means the server is looping: that
    raises PaginationError instead of looping forever. An id seen twice is kept once.

    A complete listing (see ListingOptions.from_both_ends) walks from both ends at once instead
    (_listing_walks.py): the same containers in the same order, in about half the round trips.
    ``spare_slots`` bounds the requests of several concurrent listings (see ConcurrentRounds).
    """
    listing = ContainerListing()
    if options.from_both_ends:
        return _list_from_both_ends(client, options, validator, listing, spare_slots)
    seen = set()
    cursors = set()
    after = options.after
    while True:
        limit = options.page_size
        if options.max_results is not None:
            limit = min(limit, options.max_results - len(listing.containers))
        page = client.get('/containers', params=_page_params(options, options.order, after, limit))
        listing.pages += 1
        data, has_more = _page_items(page, after)
        listing.warnings.extend(validator.validate('page', page))
        for container in data:
            container_id = container.get('id') if isinstance(container, dict) else None
            if container_id in seen:
                listing.duplicates += 1
                continue
            seen.add(container_id)
            listing.containers.append(container)
            if options.max_results is not None and len(listing.containers) >= options.max_results:
                return listing
        if not has_more:
            return listing
        if not data:
            listing.warnings.append('the API said has_more=true but sent an empty page after cursor %s; '
                                    'the listing ends there, as the official SDK does' % after)
            return listing
        after = next_cursor(data, after, cursors)


def _list_from_both_ends(client, options, validator, listing, spare_slots):
    # The hook of the walks from both ends: one page fetched and checked as above, from either walk's
    # thread (ApiClient is safe for that), and the walks' result put into the listing.
    def fetch_page(order, after, limit):
        page = client.get('/containers', params=_page_params(options, order, after, limit))
        data, has_more = _page_items(page, after)
        listing.warnings.extend(validator.validate('page', page))
        return data, has_more

    with ConcurrentRounds(spare_slots) as rounds:
        walked = list_from_both_ends(fetch_page, options.order, options.page_size, rounds)
    listing.containers = walked.items
    listing.pages = walked.requests
    listing.duplicates = walked.duplicates
    listing.warnings.extend(walked.warnings)
    return listing


def _page_params(options, order, after, limit):
    params = {'limit': limit, 'order': order}
    if after:
        params['after'] = after
    if options.name is not None:
        params['name'] = options.name
    return params


def _page_items(page, after):
    # These checks hold in every schema_validation mode: without them paging cannot go on safely.
    if not isinstance(page, dict) or not isinstance(page.get('data'), list):
        raise PaginationError('the list page after cursor %s has no "data" list: %r' % (after, _short(page)))
    has_more = page.get('has_more')
    if not isinstance(has_more, bool):
        raise PaginationError('the list page after cursor %s has no boolean "has_more": %r' % (after, _short(has_more)))
    return page['data'], has_more


def _short(value, limit=120):
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
    return container, validator.validate('container', container)


def create_container(client, body, validator):
    """Create a container (never retried blindly: see ApiClient.request). Returns (container, warnings)."""
    container = client.request('POST', '/containers', body=body)
    return container, validator.validate('container', container)


def delete_container(client, container_id):
    """Delete a container; True when it was deleted, False when it was already gone (404)."""
    try:
        client.request('DELETE', '/containers/%s' % _quote(container_id))
    except ApiError as exc:
        if exc.status == 404:
            return False
        raise
    return True


def _quote(container_id):
    return quote(container_id, safe='')
