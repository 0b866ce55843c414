# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# Walking a cursor-paginated listing (containers, a container's files): the loop guard every walk
# applies, one cursor to the end, and a complete listing walked from both ends at once (newest first
# and oldest first) until the two walks meet, which halves the round trips of a listing of many pages.
# Nothing here knows HTTP: a walk asks a ``fetch_page(order, after, limit)`` callable for its pages.
# The walks from both ends rest on more than one cursor does (that order=asc is the exact reverse of
# order=desc); they check what they rest on as the pages come and otherwise finish with one cursor.

import threading

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.llmops.openai.plugins.module_utils._container_time import is_finite_number
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import PaginationError

OPPOSITE = {'asc': 'desc', 'desc': 'asc'}
# What the walks from both ends cost at most above one cursor on a server where they need not fall
# back: the first page of each walk past the meeting, and the page after a meeting on a single item.
EXTRA_REQUESTS = 3
ENDS = {'asc': 'oldest first', 'desc': 'newest first'}


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
        # Items left out by the walk's ``keep`` (see list_with_one_cursor).
        self.dropped = 0
        self.warnings = []
        # Whether the result came from one cursor (always, or after the walks from both ends fell back).
        self.one_cursor = True


def created_at(item):
    """An item's ``created_at`` when it is a finite number, else None (possible with schema_validation off or warn)."""
    value = item.get('created_at') if isinstance(item, dict) else None
    return value if is_finite_number(value) else None


class SortCheck:
    """Whether what one walk receives, page after page, is sorted by ``created_at`` in its order.

    Ties are allowed (containers created in the same second). ``unknown``: an item had no usable
    created_at, so the order cannot be checked.
    """

    def __init__(self, order):
        self.order = order
        self.first = None
        self.last = None
        self.unsorted = False
        self.unknown = False

    def see(self, items):
        for item in items:
            value = created_at(item)
            if value is None:
                self.unknown = True
                continue
            if self.last is None:
                self.first = value
            elif comes_before(self.order, value, self.last):
                self.unsorted = True
            self.last = value


def comes_before(order, value, other):
    """Whether a container created at ``value`` comes strictly before one created at ``other`` in ``order``."""
    return value < other if order == 'asc' else value > other


def not_in_order_warning(order):
    return ('the server did not honour order=%s: its pages were not sorted by created_at, %s; the containers are '
            'returned in the order the server sent them' % (order, ENDS[order]))


def list_with_one_cursor(fetch_page, order, page_size, after=None, max_results=None, before_page=None, keep=None):
    """Follow one cursor to the end (or to ``max_results`` kept items) and return a Listing.

    ``keep(item)``, when given, says which items the listing returns; the others are counted in
    ``dropped`` (they still move the cursor). A server that does not sort the pages as ``order`` asks
    gets a warning saying so; its order is kept, as the only order one cursor can give.
    """
    check = SortCheck(order)
    listing = _walk_one_cursor(fetch_page, order, page_size, after, max_results, before_page, keep, check)
    if check.unsorted:
        listing.warnings.append(not_in_order_warning(order))
    return listing


def _walk_one_cursor(fetch_page, order, page_size, after, max_results, before_page, keep, check):
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
        check.see([item for item in page.items if _identity(item) not in seen])
        for item in page.items:
            item_id = item.get('id')
            if usable_id(item_id):
                if item_id in seen:
                    listing.duplicates += 1
                    continue
                seen.add(item_id)
            if keep is not None and not keep(item):
                listing.dropped += 1
                continue
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
        self.duplicates = 0
        # Every item this walk received, in its order: the checks of what the walks rest on.
        self.check = SortCheck(order)
        # has_more was false: this walk went all the way to the far end.
        self.reached_end = False
        # An empty page although has_more was true: this walk cannot go on (the other one may).
        self.stalled = False
        # What the walk received could not be verified: it is left, and the other walk goes on alone.
        self.abandoned = False
        # The second walk came to containers of the same second (see _BothEnds.untied): it keeps what
        # came before them and stops; the first walk goes on alone until it meets what it kept.
        self.tied = False

    @property
    def going(self):
        return not (self.reached_end or self.stalled or self.abandoned or self.tied)

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


def list_from_both_ends(fetch_page, order, run_round=None, before_round=None):
    """Every item of a complete listing in ``order``, exactly as one cursor would return it, as a
    Listing (``pages`` counts the requests sent). ``fetch_page(order, after)`` returns a Page of the
    listing's page size: the caller holds the listing's options, so the walks never see them.

    The first page comes from a walk in ``order``; a listing of one page ends there. After it, a
    walk in the opposite order starts, and each round asks both walks for their next page at once
    (``run_round``, see ConcurrentRounds; in sequence by default). The page of the walk in ``order``
    is looked at first. The walks meet when a page holds an id the other walk has kept: that walk
    keeps what comes before it, the other walk drops what it returned past it (see cut_after), and
    both stop. The result is the first walk's items, then the other walk's, reversed.

    That result is one cursor's only when order=asc is the exact reverse of order=desc, which one
    cursor does not need: a server may ignore ``order``, or keep containers created in the same
    second in the same relative order both ways. So the walks check it as the pages come (see
    _BothEnds.problem): each walk's pages sorted by created_at in its order, the second walk
    starting at the far end, no tie of created_at at the meeting (see meeting_problem). The second
    walk stops at its first tie, keeping what came before it (see untied): its part is returned
    reversed, which for ties is one cursor's order only on a server that reverses them. When a check
    fails, the second walk is left and the first goes on alone with its cursor: the result is then
    exactly one cursor's, at the cost of the requests the second walk made. A failure that shows the
    server did not honour an order is a warning; a tie or an item without created_at (which the API
    allows) is not.

    A walk that reaches the far end (has_more false) ends the listing: it has seen everything. A walk
    whose page is empty although has_more is true stops with a warning (as the official SDK stops),
    and the other walk goes on until it meets it or reaches its own end.

    Under change: a container created meanwhile appears at the newest end, which the newest-first
    walk has already left, so it is not returned (unless it was created before that walk's first
    page, which for ``order`` asc is sent in the second round); a container deleted meanwhile may be
    returned or not. Every container that exists for the whole listing is returned exactly once, in
    order.

    ``before_round(count)`` is called in this thread before each round with the number of requests
    it is about to send (where a page cap or a deadline belongs). Every walk applies the loop guard
    (next_cursor); an id seen twice by the same walk is kept once and counted in ``duplicates``.
    """
    return _BothEnds(order).run(fetch_page, run_round or run_in_sequence, before_round)


class _BothEnds:
    """The two walks of list_from_both_ends, and the checks that let their results be joined."""

    def __init__(self, order):
        self.first, self.second = _Walk(order), _Walk(OPPOSITE[order])
        self.result = Listing()
        self.result.one_cursor = False

    def run(self, fetch_page, run_round, before_round):
        self.fetch_page, self.before_round = fetch_page, before_round
        first, second, result = self.first, self.second, self.result
        # The first page alone, so that a listing of one page costs one request, as with one cursor.
        going, run = [first], run_in_sequence
        while going:
            if before_round is not None:
                before_round(len(going))
            answers = run([_page_call(fetch_page, walk) for walk in going])
            result.pages += sum(1 for answer in answers if answer is not SKIPPED)
            for answer in answers:
                if isinstance(answer, Page):
                    result.warnings.extend(answer.warnings)
            ended = False
            for walk, answer in zip(going, answers):
                # A walk left in this round (by the first walk's page) needs neither its page nor its failure.
                if answer is SKIPPED or walk.abandoned:
                    continue
                if isinstance(answer, _Failure):
                    raise answer.error
                if self.take_page(walk, answer.items, answer.has_more) or walk.reached_end:
                    ended = True
                    break
            going = [] if ended else [walk for walk in (first, second) if walk.going]
            run = run_round
        if first.check.unsorted:
            result.warnings.append(not_in_order_warning(first.order))
        result.duplicates = first.duplicates + (0 if second.abandoned else second.duplicates)
        result.items = first.items + second.items[::-1]
        return result

    def take_page(self, walk, items, has_more):
        """Check a page, then keep its new items in ``walk``; return True when the walks met on it."""
        other = self.second if walk is self.first else self.first
        # Repeated items are the loop guard's and the duplicate count's business, not the order's.
        walk.check.see([item for item in items if _identity(item) not in walk.positions])
        if not self.second.abandoned:
            self.leave_second_if(self.problem())
        if walk.abandoned:
            return False
        if walk is self.second:
            items = self.untied(items)
        for index, item in enumerate(items):
            key = _identity(item)
            if key in walk.positions:
                walk.duplicates += 1
                continue
            position = None if other.abandoned else other.positions.get(key)
            if position is not None:
                if self.leave_second_if(self.meeting_problem(walk, other, items, index, position)):
                    if walk.abandoned:
                        return False
                else:
                    other.cut_after(position)
                    return True
            walk.keep(key, item)
        if walk.tied:
            return False
        if not has_more:
            walk.reached_end = True
            if walk is self.second and self.first.items and self.leave_second_if(self.junction_problem()):
                walk.reached_end = False
        elif not items:
            walk.stalled = True
            self.result.warnings.append('the API said has_more=true but sent an empty page after cursor %s (order %s); '
                                        'this walk ends there, as the official SDK does' % (walk.after, walk.order))
        else:
            walk.after = next_cursor(items, walk.after, walk.cursors)
        return False

    def untied(self, items):
        """The items of the second walk's page before its first tie of created_at (with what it kept).

        Containers of the same second may come in any order, and the second walk's part of the result
        is its order reversed, which is one cursor's only if the server reverses ties too (a stable
        sort does not). So the second walk keeps what came before the first tie, all of distinct
        created_at, and stops there (``tied``); the first walk goes on alone until it meets the last
        of those, and the meeting is checked as any other.
        """
        second = self.second
        previous, previous_index = (second.items[-1] if second.items else None), None
        for index, item in enumerate(items):
            if _identity(item) in second.positions:
                continue
            value = created_at(item)
            if previous is not None and value is not None and value == created_at(previous):
                second.tied = True
                if previous_index is None:
                    # The tie began with the last item the walk kept: that one goes too.
                    del second.positions[_identity(previous)]
                    second.items.pop()
                    return []
                return items[:previous_index]
            previous, previous_index = item, index
        return items

    def leave_second_if(self, problem):
        """Leave the second walk when there is a ``problem`` (a warning, or '' for one that is no
        fault of the server); the first walk goes on alone, as one cursor. Return whether it was left."""
        if problem is None:
            return False
        second = self.second
        second.abandoned = True
        second.items, second.positions = [], {}
        self.result.one_cursor = True
        if problem:
            self.result.warnings.append(problem + '; the listing was finished with one cursor (order=%s)' % self.first.order)
        return True

    def problem(self):
        """What makes the two walks' results impossible to join, as far as their pages show, or None."""
        first, second = self.first.check, self.second.check
        if first.unsorted:
            # The first walk's own pages are what one cursor returns: it goes on (with a warning at the end).
            return ''
        if second.unsorted:
            return ('the server did not honour order=%s: its pages were not sorted by created_at, %s'
                    % (second.order, ENDS[second.order]))
        if first.unknown or second.unknown:
            # No fault of the server: created_at may be missing (schema_validation off or warn).
            return ''
        # The second walk's first container is at the far end: never before what the first walk reached.
        if second.first is not None and first.last is not None and comes_before(first.order, second.first, first.last):
            return ('the server did not honour order=%s: its first page did not start at the %s end (%s)'
                    % (second.order, 'oldest' if second.order == 'asc' else 'newest',
                       'a container newer than ones order=desc had already listed' if second.order == 'asc'
                       else 'a container older than ones order=asc had already listed'))
        return None

    def meeting_problem(self, walk, other, items, index, position):
        """Whether the meeting item (``items[index]``, kept by ``other`` at ``position``) is the only
        container with its created_at: its neighbours seen on both sides in one walk's order have
        another (an end of the listing counts as a neighbour). Otherwise a container created in the
        same second may lie past the meeting in both orders and be missed: '' (fall back), or None."""
        value = created_at(items[index])
        start = object()
        in_other = (other.items[position - 1] if position else start,
                    other.items[position + 1] if position + 1 < len(other.items) else None)
        in_walk = (items[index - 1] if index else (walk.items[-1] if walk.items else start),
                   items[index + 1] if index + 1 < len(items) else None)
        seen = [neighbour for neighbour in in_other + in_walk if neighbour is not None and neighbour is not start]
        if value is None or any(created_at(neighbour) in (None, value) for neighbour in seen):
            return ''
        if None in in_other and None in in_walk:
            # Ask the walk whose last item it is (the other may still be inside its page), or the
            # second walk when that one is the first and cannot go on.
            if other.reached_end:
                return None
            if not other.stalled:
                return self.probe_past(other, items[index], value)
            if walk is self.second:
                return self.probe_past(walk, items[index], value)
            return ''
        return None

    def probe_past(self, walk, meeting, value):
        """Neither walk has seen what follows the meeting item: ask ``walk`` for the page after it (one
        request, needed only when the walks overlap by exactly that item). Return '' when that page
        starts with another container of the same created_at, else None. When the walks then fall
        back and ``walk`` is the first one, it keeps that page as one cursor would."""
        if self.before_round is not None:
            self.before_round(1)
        page = self.fetch_page(walk.order, meeting['id'])
        self.result.pages += 1
        self.result.warnings.extend(page.warnings)
        following = [item for item in page.items if _identity(item) != meeting['id']][:1]
        if not following or created_at(following[0]) not in (None, value):
            return None
        if walk is self.first:
            self.leave_second_if('')
            self.take_page(walk, page.items, page.has_more)
        return ''

    def junction_problem(self):
        """The second walk reached the far end without meeting the first (possible only under change):
        the two parts join only if the first walk's last item comes strictly before the second's last."""
        if not self.second.items:
            return None
        last_first, last_second = created_at(self.first.items[-1]), created_at(self.second.items[-1])
        if last_first is None or last_second is None or not comes_before(self.first.order, last_first, last_second):
            return ''
        return None


def _page_call(fetch_page, walk):
    order, after = walk.order, walk.after
    return lambda: fetch_page(order, after)


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
