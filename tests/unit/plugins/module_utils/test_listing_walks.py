# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The meeting logic of the walks from both ends, on an in-memory listing (no HTTP): every result is
# compared with what one cursor returns from the same data.

import math
import random
import threading

import pytest

from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, PaginationError
from ansible_collections.llmops.openai.plugins.module_utils._listing_walks import (
    ConcurrentRounds, Page, list_from_both_ends, list_with_one_cursor, next_cursor)


def item(n, created_at=None):
    return {'id': 'cntr_%05d' % n, 'created_at': 1000 + n if created_at is None else created_at}


class Listing:
    """A server's listing in memory, paged as the API pages it: sorted by (created_at, id), ``after``
    excluded. Records every request; ``on_request(listing, number)`` may change the data first."""

    def __init__(self, count, on_request=None):
        self.items = [item(n) for n in range(count)]
        self.requests = []
        self.on_request = on_request
        self.created = 0
        # The last id of every page served: the cursors a walk may still send.
        self.page_ends = set()
        # The ids there were when the newest-first walk read its first page.
        self.at_first_desc_page = None
        self._lock = threading.Lock()

    def fetch_page(self, order, after, limit):
        with self._lock:
            self.requests.append((order, after, limit))
            if self.on_request is not None:
                self.on_request(self, len(self.requests))
            if order == 'desc' and after is None:
                self.at_first_desc_page = set(i['id'] for i in self.items)
            ordered = sorted(self.items, key=lambda i: (i['created_at'], i['id']), reverse=order == 'desc')
            ids = [i['id'] for i in ordered]
            start = 0 if after is None else ids.index(after) + 1
            page = ordered[start:start + limit]
            self.page_ends.update(i['id'] for i in page[-1:])
            return Page([dict(i) for i in page], start + limit < len(ordered), [], len(page))

    def one_cursor(self, order, limit):
        """What one cursor returns (the oracle)."""
        items, after = [], None
        while True:
            page = self.fetch_page(order, after, limit)
            items.extend(page.items)
            if not page.has_more or not page.items:
                return items
            after = page.items[-1]['id']

    def create(self):
        self.created += 1
        newest = max([i['created_at'] for i in self.items] or [1000])
        created = item(90000 + self.created, created_at=newest + 1)
        self.items.append(created)
        return created


def ids(items):
    return [i['id'] for i in items]


def pages_of(fetch_page, page_size):
    """The walks from both ends ask for pages of the listing's size: ``fetch_page(order, after)``."""
    return lambda order, after: fetch_page(order, after, page_size)


def walk(listing, order='desc', page_size=2, **kwargs):
    return list_from_both_ends(pages_of(listing.fetch_page, page_size), order, **kwargs)


@pytest.mark.parametrize('order', ['desc', 'asc'])
@pytest.mark.parametrize('page_size', [1, 2, 3, 100])
@pytest.mark.parametrize('count', list(range(0, 14)) + [250])
def test_the_same_as_one_cursor_in_fewer_rounds(count, page_size, order):
    expected = ids(Listing(count).one_cursor(order, page_size))
    listing = Listing(count)
    rounds = []
    result = walk(listing, order, page_size, before_round=rounds.append)
    assert ids(result.items) == expected
    assert result.duplicates == 0 and result.warnings == []
    pages = max(1, int(math.ceil(count / float(page_size))))
    assert result.pages == len(listing.requests) == sum(rounds)
    # At most three requests more than one cursor (two walks, and the page after a meeting on a single
    # item: see test_meeting_on_a_single_item_looks_one_page_past_it), never more rounds (round trips of wall time).
    assert result.pages <= pages + 3
    assert len(rounds) <= pages + 1
    if pages > 2:
        assert len(rounds) <= pages // 2 + 3
    # Both walks ask for whole pages in their own order, each from its own cursor.
    assert set(order for order, dummy, dummy2 in listing.requests) <= {'asc', 'desc'}
    assert all(limit == page_size for dummy, dummy2, limit in listing.requests)


def test_one_page_makes_one_request():
    listing = Listing(3)
    result = walk(listing, page_size=100)
    assert ids(result.items) == ['cntr_00002', 'cntr_00001', 'cntr_00000']
    assert listing.requests == [('desc', None, 100)]


def test_empty_listing_makes_one_request():
    listing = Listing(0)
    result = walk(listing)
    assert result.items == [] and listing.requests == [('desc', None, 2)]


def test_the_second_walk_starts_from_the_other_end_after_the_first_page():
    listing = Listing(6)
    walk(listing, 'asc', 2)
    assert listing.requests[:3] == [('asc', None, 2), ('asc', 'cntr_00001', 2), ('desc', None, 2)]


def test_meeting_inside_a_page():
    # desc 4,3 | 2,1,0 with asc 0,1,2: the asc page meets the desc walk at 2, inside the page.
    listing = Listing(6)
    result = walk(listing, 'desc', 3)
    assert ids(result.items) == ['cntr_00005', 'cntr_00004', 'cntr_00003', 'cntr_00002', 'cntr_00001', 'cntr_00000']
    assert listing.requests == [('desc', None, 3), ('desc', 'cntr_00003', 3), ('asc', None, 3)]


def test_meeting_on_a_single_item_looks_one_page_past_it():
    # desc 4,3 | 2,1 with asc 0,1: the walks share only 1, the last item of both. Another container
    # created in the same second as 1 could follow it in both orders (when the server does not
    # reverse ties) and be missed: one page past it, from the walk that has it last, tells.
    listing = Listing(5)
    result = walk(listing, 'desc', 2)
    assert ids(result.items) == ['cntr_00004', 'cntr_00003', 'cntr_00002', 'cntr_00001', 'cntr_00000']
    assert listing.requests == [('desc', None, 2), ('desc', 'cntr_00003', 2), ('asc', None, 2), ('desc', 'cntr_00001', 2)]
    assert not result.one_cursor


def test_pages_that_only_touch_need_one_more_round():
    # 6 items by 2: desc 5,4 | 3,2 and asc 0,1 cover everything without a shared id; the next round meets.
    listing = Listing(6)
    rounds = []
    result = walk(listing, 'desc', 2, before_round=rounds.append)
    assert ids(result.items) == ids(Listing(6).one_cursor('desc', 2))
    assert rounds == [1, 2, 2] and result.pages == 5


def test_what_the_other_walk_returned_past_the_meeting_is_dropped():
    # The oldest-first walk returned d2; it was deleted before the newest-first walk got there. Kept,
    # it would come after d1 although it is newer: the order would break.
    d = [item(n) for n in range(6)]
    fetch = Scripted({
        ('desc', None): ([d[5], d[4]], True),
        ('desc', 'cntr_00004'): ([d[3], d[1]], True),
        ('asc', None): ([d[0], d[2]], True),
        ('desc', 'cntr_00001'): ([d[0]], False),
        ('asc', 'cntr_00002'): ([d[3], d[4]], True),
    })
    result = list_from_both_ends(pages_of(fetch, 2), 'desc')
    assert ids(result.items) == ['cntr_00005', 'cntr_00004', 'cntr_00003', 'cntr_00001', 'cntr_00000']


def test_the_page_of_the_walk_in_the_asked_order_is_looked_at_first():
    # In the last round both pages overlap the other walk; the asked order's page decides the meeting.
    listing = Listing(7)
    result = walk(listing, 'asc', 3)
    assert ids(result.items) == ids(Listing(7).one_cursor('asc', 3))


class Scripted:
    """fetch_page answered from a script keyed by (order, after), for servers that misbehave."""

    def __init__(self, pages):
        self.pages = pages
        self.requests = []

    def __call__(self, order, after, limit):
        self.requests.append((order, after))
        answer = self.pages[(order, after)]
        if isinstance(answer, Exception):
            raise answer
        items, has_more = answer
        return Page(items, has_more, [], len(items))


def test_an_id_repeated_on_the_next_page_of_a_walk_is_kept_once():
    a, b, c, d, e = [item(n) for n in range(5)]
    fetch = Scripted({
        ('desc', None): ([e, d], True),
        ('desc', 'cntr_00003'): ([d, c], True),
        ('asc', None): ([a, b], True),
        ('desc', 'cntr_00002'): ([b, a], False),
        ('asc', 'cntr_00001'): ([c, d], True),
    })
    result = list_from_both_ends(pages_of(fetch, 2), 'desc')
    assert ids(result.items) == ['cntr_00004', 'cntr_00003', 'cntr_00002', 'cntr_00001', 'cntr_00000']
    assert result.duplicates == 1


@pytest.mark.parametrize('stuck', ['desc', 'asc'])
def test_the_loop_guard_applies_to_either_walk(stuck):
    items = [item(n) for n in range(10)]
    newest, oldest = items[::-1], items
    pages = {
        ('desc', None): (newest[0:2], True),
        ('asc', None): (oldest[0:2], True),
        ('desc', 'cntr_00008'): (newest[2:4], True),
        ('asc', 'cntr_00001'): (oldest[2:4], True),
        ('desc', 'cntr_00006'): (newest[4:6], True),
        ('asc', 'cntr_00003'): (oldest[4:6], True),
    }
    # The stuck walk's second page ends on the same cursor again.
    if stuck == 'desc':
        pages[('desc', 'cntr_00008')] = (newest[0:2], True)
    else:
        pages[('asc', 'cntr_00001')] = (oldest[0:2], True)
    with pytest.raises(PaginationError, match='sent the cursor .* again'):
        list_from_both_ends(pages_of(Scripted(pages), 2), 'desc')


def test_next_cursor_refuses_a_page_without_an_id_to_follow():
    with pytest.raises(PaginationError, match='has no string id'):
        next_cursor([{'name': 'x'}], 'cntr_1', set())


def test_an_empty_page_that_claims_more_stops_that_walk_and_the_other_finishes():
    items = [item(n) for n in range(5)]
    fetch = Scripted({
        ('desc', None): ([items[4], items[3]], True),
        ('desc', 'cntr_00003'): ([], True),
        ('asc', None): ([items[0], items[1]], True),
        ('asc', 'cntr_00001'): ([items[2], items[3]], True),
        # The walks share only 3: the page after it (see test_meeting_on_a_single_item_looks_one_page_past_it).
        ('asc', 'cntr_00003'): ([items[4]], False),
    })
    result = list_from_both_ends(pages_of(fetch, 2), 'desc')
    assert ids(result.items) == ['cntr_00004', 'cntr_00003', 'cntr_00002', 'cntr_00001', 'cntr_00000']
    assert len(result.warnings) == 1 and 'has_more=true but sent an empty page' in result.warnings[0]


def test_a_failed_request_fails_the_listing():
    items = [item(n) for n in range(6)]
    fetch = Scripted({
        ('desc', None): ([items[5], items[4]], True),
        ('desc', 'cntr_00004'): ApiError('boom', status=500, request_id='req_x'),
        ('asc', None): ([items[0], items[1]], True),
    })
    with pytest.raises(ApiError, match='boom'):
        list_from_both_ends(pages_of(fetch, 2), 'desc')


def test_a_failed_request_the_listing_does_not_need_is_not_a_failure():
    # The desc page completes the listing; the asc page of the same round failed and is not needed.
    items = [item(n) for n in range(4)]
    fetch = Scripted({
        ('desc', None): ([items[3], items[2]], True),
        ('desc', 'cntr_00002'): ([items[1], items[0]], False),
        ('asc', None): ApiError('boom', status=500),
    })
    result = list_from_both_ends(pages_of(fetch, 2), 'desc')
    assert ids(result.items) == ['cntr_00003', 'cntr_00002', 'cntr_00001', 'cntr_00000']


def test_items_without_an_id_are_each_kept_never_merged():
    # Possible with schema_validation off or warn: an id-less item is never merged with another, not
    # even with one of the same content (as with one cursor: see _containers.fetch_page).
    first, second = {'name': 'no id 1'}, {'name': 'no id 2'}
    fetch = Scripted({
        ('desc', None): ([item(9), first, second, item(8)], True),
        ('desc', 'cntr_00008'): ([dict(second), item(7)], False),
        ('asc', None): ([item(7)], True),
    })
    result = list_from_both_ends(pages_of(fetch, 4), 'desc')
    assert result.items == [item(9), first, second, item(8), dict(second), item(7)]
    assert result.duplicates == 0


# -- under change: containers created and deleted between pages ------------------------------------

def _changing(seed, count, creates, deletes):
    rng = random.Random(seed)
    original = Listing(count)
    deleted = set()

    def change(listing, number):
        if number < 2:
            return
        for dummy in range(rng.randint(0, creates)):
            listing.create()
        # Delete anything but the cursors the walks hold (the API would reject a deleted cursor).
        candidates = [i for i in listing.items if i['id'] not in listing.page_ends]
        for victim in rng.sample(candidates, min(len(candidates), rng.randint(0, deletes))):
            deleted.add(victim['id'])
            listing.items.remove(victim)

    listing = Listing(count, on_request=change)
    return original, listing, deleted


@pytest.mark.parametrize('order', ['desc', 'asc'])
@pytest.mark.parametrize('seed', range(40))
def test_under_change_every_lasting_container_once_in_order_and_none_created_meanwhile(seed, order):
    original, listing, deleted = _changing(seed, count=random.Random(seed).randint(5, 60), creates=3, deletes=3)
    result = walk(listing, order, page_size=4)
    got = ids(result.items)
    lasting = [i for i in ids(original.items) if i not in deleted]
    assert len(got) == len(set(got)), 'a container was returned twice'
    assert set(lasting) <= set(got), 'a container that existed for the whole listing is missing'
    # Created meanwhile: returned only when created before the newest-first walk's first page.
    assert set(got) <= set(ids(original.items)) | listing.at_first_desc_page, 'a container created later was returned'
    if order == 'desc':
        assert set(got) <= set(ids(original.items))
    keys = [(i['created_at'], i['id']) for i in result.items]
    assert keys == sorted(keys, reverse=order == 'desc')


# -- running rounds concurrently -----------------------------------------------------------------

def test_concurrent_rounds_send_both_requests_at_once():
    barrier = threading.Barrier(2, timeout=10)
    seen = []

    def call(name):
        def run():
            # Both requests must be in flight together, or the barrier breaks.
            barrier.wait()
            seen.append(threading.current_thread().name)
            return name
        return run

    with ConcurrentRounds() as rounds:
        assert rounds([call('first'), call('second')]) == ['first', 'second']
    assert len(set(seen)) == 2


def test_concurrent_rounds_without_a_free_slot_fall_back_to_one_walk():
    slots = threading.Semaphore(0)
    listing = Listing(10)
    with ConcurrentRounds(slots) as rounds:
        result = walk(listing, 'desc', 2, run_round=rounds)
    assert ids(result.items) == ids(Listing(10).one_cursor('desc', 2))
    assert set(order for order, dummy, dummy2 in listing.requests) == {'desc'}
    assert len(listing.requests) == 5


def test_concurrent_rounds_give_the_slot_back():
    slots = threading.Semaphore(1)
    listing = Listing(50)
    with ConcurrentRounds(slots) as rounds:
        result = walk(listing, 'asc', 5, run_round=rounds)
    assert ids(result.items) == ids(Listing(50).one_cursor('asc', 5))
    assert 'desc' in set(order for order, dummy, dummy2 in listing.requests)
    assert slots.acquire(False), 'the spare slot was not released'


# -- servers on which only one cursor is complete -----------------------------------------------
# Each answers every order in a stable way, so that one cursor is complete, but order=asc is not
# the exact reverse of order=desc. The walks from both ends must return exactly one cursor's result.

def _order_ignored(order):
    # Newest first whatever the order asked (a gateway that drops the parameter).
    return lambda i: (-i['created_at'], i['id'])


def _stable_ties(order):
    # Sorted by created_at only, containers of the same second in the same relative order both ways.
    return lambda i: (i['created_at'] if order == 'asc' else -i['created_at'], i['id'])


def _orders_disagree(order):
    # Both orders sorted by created_at, ties broken by the id one way and by another key the other way.
    if order == 'asc':
        return lambda i: (i['created_at'], i['id'])
    return lambda i: (-i['created_at'], i['id'][::-1])


SERVERS = {'order_ignored': _order_ignored, 'stable_ties': _stable_ties, 'orders_disagree': _orders_disagree}


class Server:
    """A static listing sorted by ``sort_key(order)`` (the whole order, no reversal assumed), paged
    after the cursor's position in that order; records the requests."""

    def __init__(self, kind, count, seed=0, ties=True):
        rng = random.Random(seed)
        created, self.items = 1000, []
        for n in range(count):
            # A few containers per second when ``ties``: batches created together.
            if not ties or rng.random() < 0.4:
                created += 1
            self.items.append({'id': 'cntr_%05d_%d' % (n, rng.randint(0, 9)), 'created_at': created})
        self.sort_key = SERVERS[kind]
        self.requests = []

    def fetch_page(self, order, after, limit):
        self.requests.append((order, after, limit))
        ordered = sorted(self.items, key=self.sort_key(order))
        ids_in_order = [i['id'] for i in ordered]
        start = 0 if after is None else ids_in_order.index(after) + 1
        page = ordered[start:start + limit]
        return Page([dict(i) for i in page], start + limit < len(ordered), [], len(page))

    def one_cursor(self, order, limit):
        return list_with_one_cursor(self.fetch_page, order, limit)


@pytest.mark.parametrize('kind', sorted(SERVERS))
@pytest.mark.parametrize('order', ['desc', 'asc'])
@pytest.mark.parametrize('page_size', [1, 2, 3, 7, 100])
@pytest.mark.parametrize('count', [2, 3, 5, 8, 13, 40, 250])
def test_on_a_server_where_only_one_cursor_is_complete_the_result_is_one_cursors(kind, order, page_size, count):
    for seed in range(3):
        expected = Server(kind, count, seed).one_cursor(order, page_size)
        result = list_from_both_ends(pages_of(Server(kind, count, seed).fetch_page, page_size), order)
        assert ids(result.items) == ids(expected.items), 'seed %d' % seed
        assert result.duplicates == 0


def test_a_server_that_ignores_order_gives_every_container_and_a_warning_naming_it():
    # Finding 1: 1 of 250 containers before; the inventory then had 1 host.
    server = Server('order_ignored', 250, ties=False)
    result = list_from_both_ends(pages_of(server.fetch_page, 100), 'desc')
    assert len(result.items) == 250 and result.one_cursor
    assert ids(result.items) == ids(Server('order_ignored', 250, ties=False).one_cursor('desc', 100).items)
    assert [w for w in result.warnings if 'did not honour order=asc' in w] == result.warnings and len(result.warnings) == 1


def test_asking_asc_from_a_server_that_ignores_order_returns_its_order_with_a_warning():
    server = Server('order_ignored', 250, ties=False)
    result = list_from_both_ends(pages_of(server.fetch_page, 100), 'asc')
    assert ids(result.items) == ids(Server('order_ignored', 250, ties=False).one_cursor('asc', 100).items)
    assert any('did not honour order=asc' in w and 'in the order the server sent them' in w for w in result.warnings)
    # The second walk is left at once: its requests are those of one cursor, and one more at most.
    assert len(server.requests) <= 3 + 1


def test_one_cursor_warns_when_the_pages_are_not_in_the_requested_order():
    result = Server('order_ignored', 30, ties=False).one_cursor('asc', 7)
    assert len(result.items) == 30
    assert result.warnings == ['the server did not honour order=asc: its pages were not sorted by created_at, oldest first; '
                               'the containers are returned in the order the server sent them']
    assert Server('order_ignored', 30, ties=False).one_cursor('desc', 7).warnings == []


def test_stable_ties_give_every_container_without_a_warning():
    # Finding 1: 201 of 250 before. Ties are allowed by the API: no warning.
    expected = Server('stable_ties', 250, seed=1).one_cursor('desc', 100)
    result = list_from_both_ends(pages_of(Server('stable_ties', 250, seed=1).fetch_page, 100), 'desc')
    assert ids(result.items) == ids(expected.items) and len(result.items) == 250
    assert result.warnings == []


def test_the_second_walk_keeps_what_came_before_its_first_tie():
    # Oldest first: 0, 1, then 2 and 3 of the same second. The asc walk keeps 0 and 1 and stops; the
    # desc walk goes on alone and meets it at 1, so the second walk's pages are not wasted.
    items = [item(0), item(1), item(2, created_at=1003), item(3)] + [item(n) for n in range(4, 12)]
    listing = Listing(0)
    listing.items = items
    result = walk(listing, 'desc', 4)
    expected = sorted(items, key=lambda i: (i['created_at'], i['id']), reverse=True)
    assert ids(result.items) == ids(expected)
    asc_pages = [request for request in listing.requests if request[0] == 'asc']
    assert asc_pages == [('asc', None, 4)]
    assert not result.one_cursor and result.warnings == []


def test_a_tie_at_the_meeting_that_no_walk_saw_both_sides_of_falls_back():
    # x (created_at 3) is the last item of both walks' pages; its twin z comes after it in both orders.
    x, z = {'id': 'x', 'created_at': 3}, {'id': 'z', 'created_at': 3}
    items = [{'id': 'a', 'created_at': 1}, x, z, {'id': 'b', 'created_at': 4}, {'id': 'c', 'created_at': 5},
             {'id': 'd', 'created_at': 5}]
    fetch = Scripted({
        ('desc', None): ([items[5], items[4]], True),
        ('desc', 'c'): ([items[3], x], True),
        ('asc', None): ([items[0], x], True),
        ('desc', 'x'): ([z, items[0]], False),
    })
    result = list_from_both_ends(pages_of(fetch, 2), 'desc')
    assert ids(result.items) == ['d', 'c', 'b', 'x', 'z', 'a']


def test_a_conforming_server_costs_no_more_requests_than_before():
    # Distinct created_at, asc the reverse of desc: the checks never fall back (see also the first test).
    for count in (5, 6, 7, 250):
        listing = Listing(count)
        result = walk(listing, 'desc', 2)
        assert not result.one_cursor
        assert len(listing.requests) <= int(math.ceil(count / 2.0)) + 2


def test_items_without_created_at_make_the_walks_fall_back_silently():
    items = [{'id': 'cntr_%d' % n} for n in range(9)]
    server = Scripted(dict(
        [(('desc', None), (items[8:6:-1], True)), (('desc', 'cntr_7'), (items[6:4:-1], True)),
         (('asc', None), (items[0:2], True)), (('desc', 'cntr_5'), (items[4:2:-1], True)),
         (('desc', 'cntr_3'), (items[2::-1], False))]))
    result = list_from_both_ends(pages_of(server, 2), 'desc')
    assert ids(result.items) == ['cntr_%d' % n for n in range(8, -1, -1)]
    assert result.warnings == [] and result.one_cursor


@pytest.mark.parametrize('kind', sorted(SERVERS))
@pytest.mark.parametrize('seed', range(10))
def test_under_change_on_such_a_server_every_lasting_container_is_returned_once(kind, seed):
    rng = random.Random(seed)
    server = Server(kind, rng.randint(20, 80), seed)
    original = [dict(i) for i in server.items]
    fetch_page = server.fetch_page
    held = set()

    def changing(order, after, limit):
        # Between pages: one container created (newest), one deleted that no walk holds as a cursor.
        if len(server.requests) >= 2:
            server.items.append({'id': 'cntr_new_%d' % len(server.requests), 'created_at': 5000 + len(server.requests)})
            candidates = [i for i in server.items if i['id'] not in held]
            server.items.remove(rng.choice(candidates))
        page = fetch_page(order, after, limit)
        held.update(i['id'] for i in page.items[-1:])
        return page

    result = list_from_both_ends(pages_of(changing, 5), 'desc')
    got = ids(result.items)
    lasting = set(i['id'] for i in server.items) & set(i['id'] for i in original)
    assert len(got) == len(set(got))
    assert lasting <= set(got)
