# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# Walking a cursor-paginated listing (containers, a container's files): the loop guard every walk
# applies, one cursor to the end, and a complete listing walked from both ends at once (newest first
# and oldest first) until the two walks meet, which halves the round trips of a listing of many pages.
# Nothing here knows HTTP: a walk asks a ``fetch_page(order, after, limit)`` callable for its pages.

import threading

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.llmops.openai.plugins.module_utils._errors import PaginationError

OPPOSITE = {'asc': 'desc', 'desc': 'asc'}


def usable_id(value):
    """Whether an id can be a cursor and tell containers apart: a non-empty string."""
    return isinstance(value, str) and value != ''


def next_cursor(items, after, cursors):
    """The cursor after a page of objects (the id of its last item, as the official SDK does).

    A cursor this walk has already followed means the server is repeating pages: that raises
    PaginationError rather than looping forever. ``cursors`` is the walk's set of followed cursors.
    """
    cursor = items[-1].get('id') if items else None
    if not usable_id(cursor):
        raise PaginationError('cannot continue the listing after cursor %s: the last item of the page has no '
                              'string id to use as the next cursor' % after)
    if cursor in cursors or cursor == after:
        raise PaginationError(
            'the API sent the cursor %s again (after %s): the server is repeating pages; '
            'stopping rather than looping forever' % (cursor, after))
    cursors.add(cursor)
    return cursor


class Page:
    """One checked list page: the items to keep (objects only), the API's ``has_more``, what was
    noticed, and ``received``, the count of every item the API sent."""

    def __init__(self, items, has_more, warnings, received):
        self.items = items
        self.has_more = has_more
        self.warnings = warnings
        self.received = received


class Listing:
    """The result of a walk: every item once, in the API's order, and what was noticed."""

    def __init__(self):
        self.items = []
        self.pages = 0
        self.duplicates = 0
        self.warnings = []


def list_with_one_cursor(fetch_page, order, page_size, after=None, max_results=None, before_page=None):
    """Follow one cursor to the end (or to ``max_results`` items) and return a Listing.

    ``fetch_page(order, after, limit)`` returns a Page. Next cursor = id of the last item of a page,
    as the official SDK does (next_cursor, with its loop guard); the listing stops when ``has_more``
    is false or a page is empty (with a warning when has_more was true). An id seen twice is kept
    once and counted in ``duplicates``; an item without a usable id is always kept.
    ``before_page(listing)`` is called before each request (where a page cap or a deadline belongs).
    """
    listing = Listing()
    seen = set()
    cursors = set()
    while True:
        if before_page is not None:
            before_page(listing)
        limit = page_size
        if max_results is not None:
            limit = min(limit, max_results - len(listing.items))
        page = fetch_page(order, after, limit)
        listing.pages += 1
        listing.warnings.extend(page.warnings)
        for item in page.items:
            item_id = item.get('id')
            if usable_id(item_id):
                if item_id in seen:
                    listing.duplicates += 1
                    continue
                seen.add(item_id)
            listing.items.append(item)
            if max_results is not None and len(listing.items) >= max_results:
                return listing
        if not page.has_more:
            return listing
        if not page.received:
            listing.warnings.append('the API said has_more=true but sent an empty page after cursor %s; '
                                    'the listing ends there, as the official SDK does' % after)
            return listing
        after = next_cursor(page.items, after, cursors)


class _Walk:
    """One cursor going through the listing in one order: what it kept, where it is, how it ended."""

    def __init__(self, order):
        self.order = order
        self.after = None
        self.cursors = set()
        self.items = []
        self.positions = {}
        # has_more was false: this walk went all the way to the far end.
        self.reached_end = False
        # An empty page although has_more was true: this walk cannot go on (the other one may).
        self.stalled = False

    @property
    def going(self):
        return not (self.reached_end or self.stalled)

    def keep(self, key, item):
        self.positions[key] = len(self.items)
        self.items.append(item)

    def cut_after(self, position):
        """Drop what this walk returned past ``position``, where the walks met: the other walk has
        covered that part. Anything there the other walk did not return was deleted before it got
        there (or created after it started): kept, it would break the order. (The listing ends at the
        meeting, so ``positions`` is not needed any more.)"""
        del self.items[position + 1:]


def _identity(item):
    # The id says which walk already has a container. An item without one (possible only with
    # schema_validation off or warn) is never merged with another: it is known by the object itself,
    # and so never makes the walks meet either.
    if isinstance(item, dict) and usable_id(item.get('id')):
        return item['id']
    return ('no id', id(item))


def list_from_both_ends(fetch_page, order, page_size, run_round=None, before_round=None):
    """Every item of a complete listing in ``order``, exactly as one cursor would return it, as a
    Listing (``pages`` counts the requests sent).

    The first page comes from a walk in ``order``; a listing of one page ends there. After it, a
    walk in the opposite order starts, and each round asks both walks for their next page at once
    (``run_round``, see ConcurrentRounds; in sequence by default). The page of the walk in ``order``
    is looked at first. The walks meet when a page holds an id the other walk has kept: that walk
    keeps what comes before it, the other walk drops what it returned past it (see cut_after), and
    both stop. The result is the first walk's items, then the other walk's, reversed.

    A walk that reaches the far end (has_more false) ends the listing: it has seen everything. A walk
    whose page is empty although has_more is true stops with a warning (as the official SDK stops),
    and the other walk goes on until it meets it or reaches its own end.

    Under change: a container created meanwhile appears at the newest end, which the newest-first
    walk has already left, so it is not returned (unless it was created before that walk's first
    page, which for ``order`` asc is sent in the second round); a container deleted meanwhile may be
    returned or not. Every container that exists for the whole listing is returned exactly once, in
    order. This relies on asc being the exact reverse of desc, which cursor paging needs anyway.

    ``before_round(count)`` is called in this thread before each round with the number of requests
    it is about to send (where a page cap or a deadline belongs). Every walk applies the loop guard
    (next_cursor); an id seen twice by the same walk is kept once and counted in ``duplicates``.
    """
    run_round = run_round or run_in_sequence
    result = Listing()
    first, second = _Walk(order), _Walk(OPPOSITE[order])
    # The first page alone, so that a listing of one page costs one request, as with one cursor.
    going, run = [first], run_in_sequence
    while going:
        if before_round is not None:
            before_round(len(going))
        answers = run([_page_call(fetch_page, walk, page_size) for walk in going])
        result.pages += sum(1 for answer in answers if answer is not SKIPPED)
        for answer in answers:
            if isinstance(answer, Page):
                result.warnings.extend(answer.warnings)
        for walk, answer in zip(going, answers):
            if answer is SKIPPED:
                continue
            if isinstance(answer, _Failure):
                raise answer.error
            met = _take_page(result, walk, second if walk is first else first, answer.items, answer.has_more)
            if met or walk.reached_end:
                going = []
                break
        else:
            going, run = [walk for walk in (first, second) if walk.going], run_round
    result.items = first.items + second.items[::-1]
    return result


def _page_call(fetch_page, walk, page_size):
    order, after = walk.order, walk.after
    return lambda: fetch_page(order, after, page_size)


def _take_page(result, walk, other, items, has_more):
    """Keep a page's new items in ``walk``; return True when the walks met on it."""
    for item in items:
        key = _identity(item)
        if key in walk.positions:
            result.duplicates += 1
            continue
        position = other.positions.get(key)
        if position is not None:
            other.cut_after(position)
            return True
        walk.keep(key, item)
    if not has_more:
        walk.reached_end = True
    elif not items:
        walk.stalled = True
        result.warnings.append('the API said has_more=true but sent an empty page after cursor %s (order %s); '
                               'this walk ends there, as the official SDK does' % (walk.after, walk.order))
    else:
        walk.after = next_cursor(items, walk.after, walk.cursors)
    return False


# -- running the requests of a round -------------------------------------------------------------

SKIPPED = object()


class _Failure:
    """An exception a request raised, kept until its walk's answer is looked at (it may not be needed)."""

    def __init__(self, error):
        self.error = error


def _call(function):
    try:
        return function()
    except Exception as exc:  # pylint: disable=broad-except
        return _Failure(exc)


def run_in_sequence(calls):
    """Run the calls of a round one after the other (for tests, and a server that takes one request at a time)."""
    return [_call(call) for call in calls]


class ConcurrentRounds:
    """Runs the requests of a round at once: the first in the calling thread, each other one in a
    helper thread. With ``spare_slots`` (a threading.Semaphore shared by several listings), a helper
    request runs only when it can take a slot at once; otherwise it waits for the next round, so a
    busy bound makes a listing fall back to one cursor, never wait longer than one cursor would.

    Use as a context manager: the helper thread is started on first use and stopped at the end.
    """

    def __init__(self, spare_slots=None):
        self._slots = spare_slots
        self._pool = None
        self._lock = threading.Lock()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def __call__(self, calls):
        futures = []
        for call in calls[1:]:
            if self._slots is not None and not self._slots.acquire(False):
                futures.append(None)
                continue
            futures.append(self._executor().submit(self._in_slot, call))
        answers = [_call(calls[0])] if calls else []
        return answers + [SKIPPED if future is None else future.result() for future in futures]

    def _in_slot(self, call):
        try:
            return _call(call)
        finally:
            if self._slots is not None:
                self._slots.release()

    def _executor(self):
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix='llmops-openai-walk')
            return self._pool
