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

MAX_PAGE_SIZE = 100
ORDERS = ('asc', 'desc')
LISTING_OPTION_NAMES = ('page_size', 'max_results', 'order', 'after', 'name')


class ListingOptions(object):
    """Validated listing options (``page_size`` is sent as the API's ``limit``)."""

    def __init__(self, page_size=None, max_results=None, order=None, after=None, name=None):
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


def list_containers(client, options, validator):
    """Follow the cursor to the end (or to ``max_results``) and return a ContainerListing.

    Next cursor = id of the last item of a page, as the official SDK does; the listing stops when
    ``has_more`` is false or a page is empty. A cursor seen before means the server is looping: that
    raises PaginationError instead of looping forever. An id seen twice is kept once.
    """
    listing = ContainerListing()
    seen = set()
    cursors = set()
    after = options.after
    while True:
        limit = options.page_size
        if options.max_results is not None:
            limit = min(limit, options.max_results - len(listing.containers))
        params = {'limit': limit, 'order': options.order}
        if after:
            params['after'] = after
        if options.name is not None:
            params['name'] = options.name
        page = client.get('/containers', params=params)
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
        after = _next_cursor(data, after, cursors)


def _page_items(page, after):
    # These checks hold in every schema_validation mode: without them paging cannot go on safely.
    if not isinstance(page, dict) or not isinstance(page.get('data'), list):
        raise PaginationError('the list page after cursor %s has no "data" list: %r' % (after, _short(page)))
    has_more = page.get('has_more')
    if not isinstance(has_more, bool):
        raise PaginationError('the list page after cursor %s has no boolean "has_more": %r' % (after, _short(has_more)))
    return page['data'], has_more


def _next_cursor(data, after, cursors):
    last = data[-1]
    cursor = last.get('id') if isinstance(last, dict) else None
    if not isinstance(cursor, str) or not cursor:
        raise PaginationError('cannot continue the listing after cursor %s: the last container of the page has no id' % after)
    if cursor in cursors or cursor == after:
        raise PaginationError(
            'the API sent the cursor %s again (after %s): the server is repeating pages; '
            'stopping rather than looping forever' % (cursor, after))
    cursors.add(cursor)
    return cursor


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
