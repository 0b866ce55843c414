# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import threading

import pytest
import requests
from requests.adapters import BaseAdapter
from urllib.parse import parse_qs, urlparse

from ansible_collections.llmops.openai.plugins.module_utils._api.client import ApiClient
from ansible_collections.llmops.openai.plugins.module_utils._api.settings import ConnectionSettings
from ansible_collections.llmops.openai.plugins.module_utils._api.retry import RetryPolicy
from ansible_collections.llmops.openai.plugins.module_utils._containers import (
    DEFAULT_LISTING_TIMEOUT, DEFAULT_MAX_PAGES, ListingOptions, UnsafeIdError, delete_container, fetch_page, list_containers,
    retrieve_container)
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OptionError, PaginationError, SchemaValidationError
from ansible_collections.llmops.openai.plugins.module_utils._schema import SchemaValidator
from ansible_collections.llmops.openai.emulator.openai_emulator import Emulator

from .scripted_transport import API_KEY, BASE_URL, build_response, error_reply, reply, scripted_client


def container(n, **fields):
    item = {'id': 'cntr_%03d' % n, 'object': 'container', 'name': 'c%d' % n, 'created_at': 1700000000 - n, 'status': 'running'}
    item.update(fields)
    return item


def page(items, has_more):
    return reply(body={'object': 'list', 'data': items, 'first_id': _id_of(items[0]) if items else None,
                       'last_id': _id_of(items[-1]) if items else None, 'has_more': has_more})


def _id_of(item):
    return item.get('id') if isinstance(item, dict) else None


def query(request):
    return dict((key, values[0]) for key, values in parse_qs(urlparse(request.url).query).items())


def run(script, validator=None, clock=None, **options):
    """One cursor (the scripted transport answers in order); the walks from both ends are tested
    below with a transport that answers by query, and in test_listing_walks.py."""
    options.setdefault('walk_both_ends', False)
    client, adapter, sleeps = scripted_client(script)
    extra = {} if clock is None else {'clock': clock}
    listing = list_containers(client, ListingOptions(**options), validator or SchemaValidator('strict'), **extra)
    return listing, adapter, sleeps


def test_follows_the_last_id_as_cursor_and_resends_every_parameter():
    listing, adapter, dummy = run([page([container(1, name='c'), container(2, name='c')], True), page([container(3, name='c')], False)],
                                  page_size=2, order='asc', name='c')
    assert [c['id'] for c in listing.items] == ['cntr_001', 'cntr_002', 'cntr_003']
    assert query(adapter.requests[0]) == {'limit': '2', 'order': 'asc', 'name': 'c'}
    assert query(adapter.requests[1]) == {'limit': '2', 'order': 'asc', 'name': 'c', 'after': 'cntr_002'}
    assert listing.pages == 2


def test_the_cursor_is_the_last_item_not_last_id():
    body = {'object': 'list', 'data': [container(1), container(2)], 'first_id': 'container_123', 'last_id': 'container_123', 'has_more': True}
    listing, adapter, dummy = run([reply(body=body), page([container(3)], False)], page_size=2)
    assert query(adapter.requests[1])['after'] == 'cntr_002'
    assert len(listing.items) == 3


def test_defaults_ask_for_100_newest_first():
    dummy, adapter, dummy2 = run([page([container(1)], False)])
    assert query(adapter.requests[0]) == {'limit': '100', 'order': 'desc'}


def test_starts_after_the_given_cursor():
    dummy, adapter, dummy2 = run([page([container(5)], False)], after='cntr_004')
    assert query(adapter.requests[0])['after'] == 'cntr_004'


def test_max_results_stops_early_and_asks_only_for_what_is_left():
    listing, adapter, dummy = run([page([container(1), container(2)], True), page([container(3)], True)], page_size=2, max_results=3)
    assert [c['id'] for c in listing.items] == ['cntr_001', 'cntr_002', 'cntr_003']
    assert query(adapter.requests[1])['limit'] == '1'
    assert len(adapter.requests) == 2


def test_an_id_seen_twice_is_returned_once():
    listing, dummy, dummy2 = run([page([container(1), container(2)], True), page([container(2), container(3)], False)], page_size=2)
    assert [c['id'] for c in listing.items] == ['cntr_001', 'cntr_002', 'cntr_003']
    assert listing.duplicates == 1


def test_a_repeating_cursor_fails_instead_of_looping():
    same = page([container(1), container(2)], True)
    with pytest.raises(PaginationError) as caught:
        run([same, same, same], page_size=2)
    assert 'cntr_002' in str(caught.value) and 'repeating' in str(caught.value)


def test_a_two_page_cursor_cycle_fails_instead_of_looping():
    # A server that answers the cursor of page 2 with page 1 again: cursors A, B, A, ...
    # No cursor equals the one just sent, so only remembering every cursor catches it.
    first = page([container(1), container(2)], True)
    second = page([container(3), container(4)], True)
    with pytest.raises(PaginationError) as caught:
        run([first, second, first, second, first], page_size=2)
    assert 'cntr_002' in str(caught.value) and 'repeating' in str(caught.value)


def test_a_cursor_cycle_of_the_emulator_fails_instead_of_looping():
    with Emulator(containers=30, seed=5, now=1750000000) as emulator:
        emulator.add_fault({'times': None, 'action': {'type': 'cursor_cycle'}})
        client = BoundedClient(ConnectionSettings(api_key='sk-emulator', base_url=emulator.base_url, max_retries=0))
        try:
            with pytest.raises(PaginationError) as caught:
                list_containers(client, ListingOptions(page_size=10, walk_both_ends=False), SchemaValidator('strict'))
        finally:
            client.close()
    assert 'repeating' in str(caught.value)
    assert client.calls == 3


class BoundedClient(ApiClient):
    """An ApiClient that refuses a 20th request, so a listing that loops fails instead of hanging."""

    calls = 0

    def request(self, method, path, params=None, body=None, retry=None):
        self.calls += 1
        assert self.calls < 20, 'the listing is looping: %d requests' % self.calls
        return super(BoundedClient, self).request(method, path, params=params, body=body, retry=retry)


def test_an_empty_page_ends_the_listing_with_a_warning_when_has_more_lies():
    listing, dummy, dummy2 = run([page([container(1)], True), page([], True)], page_size=1)
    assert len(listing.items) == 1
    assert listing.warnings == ['the API said has_more=true but sent an empty page after cursor cntr_001; '
                                'the listing ends there, as the official SDK does']


def test_a_failure_on_a_later_page_fails_the_whole_listing():
    with pytest.raises(ApiError) as caught:
        run([page([container(1)], True)] + [error_reply(500, 'boom', error_type='server_error')] * 3, page_size=1)
    assert caught.value.status == 500


def test_retried_pages_lose_and_duplicate_nothing():
    script = [page([container(1)], True), error_reply(429, 'slow', headers={'retry-after-ms': '10'}), page([container(2)], False)]
    listing, adapter, sleeps = run(script, page_size=1)
    assert [c['id'] for c in listing.items] == ['cntr_001', 'cntr_002']
    assert sleeps == [0.01]


def test_strict_validation_fails_naming_the_container_and_path():
    with pytest.raises(SchemaValidationError) as caught:
        run([page([container(1), container(2, created_at='yesterday', memory_limit='3g')], False)])
    text = str(caught.value)
    assert 'container cntr_002 (data[1]) at $.created_at' in text
    assert 'container cntr_002 (data[1]) at $.memory_limit' in text
    assert len(caught.value.violations) == 2


def test_warn_validation_keeps_the_data_and_warns():
    listing, dummy, dummy2 = run([page([container(1, memory_limit='3g')], False)], validator=SchemaValidator('warn'))
    assert len(listing.items) == 1
    assert 'memory_limit' in listing.warnings[0]


def test_off_validation_still_refuses_a_page_it_cannot_follow():
    with pytest.raises(PaginationError):
        run([reply(body={'object': 'list', 'data': 'nope'})], validator=SchemaValidator('off'))
    with pytest.raises(PaginationError):
        run([reply(body={'object': 'list', 'data': [], 'has_more': 'yes'})], validator=SchemaValidator('off'))


@pytest.mark.parametrize('body', [
    ['not', 'a', 'page'],
    {'object': 'list', 'data': 'nope', 'has_more': False},
    {'object': 'list', 'data': {'id': 'cntr_001'}, 'has_more': True},
])
def test_a_page_without_a_data_list_is_refused(body):
    with pytest.raises(PaginationError) as caught:
        run([reply(body=body)], validator=SchemaValidator('off'))
    assert str(caught.value).startswith('the list page after cursor None has no "data" list: ')


@pytest.mark.parametrize('last', [{'name': 'no id'}, {'id': ''}, {'id': 123}])
def test_a_page_whose_last_container_has_no_usable_id_is_refused(last):
    with pytest.raises(PaginationError) as caught:
        run([page([container(1)], True)] + [reply(body={'object': 'list', 'data': [container(2), last], 'has_more': True})],
            validator=SchemaValidator('off'), page_size=2)
    assert str(caught.value) == 'cannot continue the listing after cursor cntr_001: the last item of the page has no string id to use as the next cursor'


def test_a_server_stuck_at_the_callers_cursor_fails():
    # `after` given by the caller, never seen as a page's cursor: the page ends with it again.
    with pytest.raises(PaginationError) as caught:
        run([page([container(1), container(2)], True)], page_size=2, after='cntr_002')
    assert 'the API sent the cursor cntr_002 again (after cntr_002)' in str(caught.value)


def test_max_results_asks_for_exactly_the_rest():
    # 5 of pages of 3: the second page asks for 2 (a bound computed any other way asks for 3).
    listing, adapter, dummy = run([page([container(1), container(2), container(3)], True),
                                   page([container(4), container(5)], True)], page_size=3, max_results=5)
    assert [query(request)['limit'] for request in adapter.requests] == ['3', '2']
    assert len(listing.items) == 5


def test_max_results_beyond_the_small_integers_stops_exactly():
    # 300: past the integers CPython shares, so the stop must compare values, not identities.
    pages = [page([container(n) for n in range(start, start + 100)], True) for start in (1, 101, 201)]
    listing, adapter, dummy = run(pages, max_results=300)
    assert len(listing.items) == 300 and len(adapter.requests) == 3


def test_retrieve_returns_none_for_404():
    client, dummy, dummy2 = scripted_client([error_reply(404, 'No container found')])
    assert retrieve_container(client, 'cntr_x', SchemaValidator('strict')) == (None, [])


def test_retrieve_quotes_the_id():
    client, adapter, dummy = scripted_client([reply(body=container(1))])
    found, warnings = retrieve_container(client, 'cntr x?y#z%2F..', SchemaValidator('strict'))
    assert adapter.requests[0].path_url == '/v1/containers/cntr%20x%3Fy%23z%252F..'
    assert found['id'] == 'cntr_001' and warnings == []


def test_delete_reports_already_absent():
    client, dummy, dummy2 = scripted_client([reply(body={'id': 'cntr_1', 'object': 'container.deleted', 'deleted': True}),
                                             error_reply(404, 'gone')])
    assert delete_container(client, 'cntr_1') is True
    assert delete_container(client, 'cntr_1') is False


@pytest.mark.parametrize('options, option', [
    (dict(page_size=0), 'page_size'),
    (dict(page_size=101), 'page_size'),
    (dict(page_size='ten'), 'page_size'),
    (dict(max_results=0), 'max_results'),
    (dict(max_results=True), 'max_results'),
    (dict(order='sideways'), 'order'),
    (dict(max_pages=0), 'max_pages'),
    (dict(max_pages='many'), 'max_pages'),
    (dict(max_pages=True), 'max_pages'),
    (dict(listing_timeout=0), 'listing_timeout'),
    (dict(listing_timeout=-1), 'listing_timeout'),
    (dict(listing_timeout='soon'), 'listing_timeout'),
    (dict(listing_timeout=float('nan')), 'listing_timeout'),
    (dict(listing_timeout=float('inf')), 'listing_timeout'),
    (dict(listing_timeout=True), 'listing_timeout'),
    (dict(walk_both_ends='yes'), 'walk_both_ends'),
])
def test_bad_listing_options_name_the_option(options, option):
    with pytest.raises(OptionError) as caught:
        ListingOptions(**options)
    assert caught.value.option == option


# -- bounds of a listing (issue 10) ---------------------------------------------------------------

def fresh_pages(count, per_page=2):
    """A server whose listing never ends: every page has new ids and has_more=true."""
    return [page([container(n * per_page + k) for k in range(per_page)], True) for n in range(count)]


def test_the_defaults_allow_large_real_projects_and_bound_an_endless_listing():
    options = ListingOptions()
    assert (options.max_pages, options.listing_timeout) == (DEFAULT_MAX_PAGES, DEFAULT_LISTING_TIMEOUT)
    # 100,000 containers (1,000 pages) list, with room to spare, at 0.6 s a page.
    assert DEFAULT_MAX_PAGES * 100 >= 2 * 100000 and DEFAULT_LISTING_TIMEOUT >= 1000 * 0.6
    # Finding 15: an endless listing at 100 pages per second fails within 150 s (it ran 30 minutes),
    # holding at most 250,000 containers (benchmarks/listing_bounds.py measured 238 MiB for 200,200).
    assert (DEFAULT_MAX_PAGES + 3) / 100.0 <= 150 and (DEFAULT_MAX_PAGES + 3) * 100 <= 250000


def test_a_listing_that_never_ends_stops_at_max_pages():
    # The script holds exactly max_pages pages: a fourth request would fail the test as unexpected.
    with pytest.raises(PaginationError) as caught:
        run(fresh_pages(3), page_size=2, max_pages=3)
    assert 'has_more=true after 3 pages (max_pages=3, 6 containers; ' in str(caught.value)
    assert 'raise max_pages' in str(caught.value)


@pytest.mark.parametrize('walk_both_ends', [False, True])
def test_pages_larger_than_asked_count_by_what_they_hold(walk_both_ends):
    # With schema_validation warn, a page may hold more than page_size: 5 pages of 10 at page_size=2
    # are 50 containers, more than max_pages=20 pages of 2 would hold (40): the listing fails.
    # (The scripted transport answers in order, whatever the walk asks.)
    pages = [page([container(n) for n in range(10 * p, 10 * p + 10)], True) for p in range(5)]
    with pytest.raises(PaginationError) as caught:
        run(pages, validator=SchemaValidator('warn'), page_size=2, max_pages=20, walk_both_ends=walk_both_ends)
    assert 'max_pages x page_size=40' in str(caught.value)


def test_a_few_new_ids_per_page_also_stop_at_max_pages():
    # Each page repeats one old id and adds one new one: the cursor always advances.
    script = [page([container(n), container(n + 1)], True) for n in range(4)]
    with pytest.raises(PaginationError) as caught:
        run(script, page_size=2, max_pages=4)
    assert 'max_pages=4' in str(caught.value)


def test_a_listing_that_needs_exactly_max_pages_succeeds():
    listing, dummy, dummy2 = run(fresh_pages(2) + [page([container(99)], False)], page_size=2, max_pages=3)
    assert listing.pages == 3 and len(listing.items) == 5


def test_a_listing_past_its_deadline_stops_with_what_it_had_read():
    ticks = iter(range(0, 1000, 10))  # every look at the clock is 10 s later
    with pytest.raises(PaginationError) as caught:
        run(fresh_pages(2), page_size=2, listing_timeout=25, clock=lambda: next(ticks))
    assert 'did not finish within listing_timeout=25 s (2 pages, 4 containers so far)' in str(caught.value)


def test_the_deadline_counts_the_whole_listing_not_one_page():
    listing, dummy, dummy2 = run(fresh_pages(2) + [page([container(9)], False)], page_size=2, listing_timeout=1000)
    assert len(listing.items) == 5


# -- fetch_page: one page, every per-page check ---------------------------------------------------

def test_fetch_page_sends_the_params_and_returns_the_checked_page():
    client, adapter, dummy = scripted_client([page([container(1), container(2)], True)])
    result = fetch_page(client, {'limit': 2, 'order': 'asc', 'after': 'cntr_000'}, SchemaValidator('strict'))
    assert query(adapter.requests[0]) == {'limit': '2', 'order': 'asc', 'after': 'cntr_000'}
    assert [c['id'] for c in result.items] == ['cntr_001', 'cntr_002']
    assert (result.has_more, result.warnings, result.received) == (True, [], 2)


def test_listing_options_build_the_page_params():
    options = ListingOptions(page_size=7, order='asc', name='job')
    assert options.page_params('cntr_5') == {'limit': 7, 'order': 'asc', 'after': 'cntr_5', 'name': 'job'}
    assert options.page_params(limit=3) == {'limit': 3, 'order': 'asc', 'name': 'job'}


def test_a_page_with_more_items_than_asked_fails_in_strict_mode():
    client, dummy, dummy2 = scripted_client([page([container(n) for n in range(5)], False)])
    with pytest.raises(PaginationError) as caught:
        fetch_page(client, {'limit': 3, 'order': 'desc'}, SchemaValidator('strict'))
    assert 'the first list page has 5 items, more than the limit of 3' in str(caught.value)


@pytest.mark.parametrize('mode', ['warn', 'off'])
def test_a_page_with_more_items_than_asked_is_a_warning_otherwise(mode):
    listing, dummy, dummy2 = run([page([container(n) for n in range(5)], False)], validator=SchemaValidator(mode), page_size=3)
    assert len(listing.items) == 5
    assert any('has 5 items, more than the limit of 3' in warning for warning in listing.warnings)


def test_items_that_are_not_objects_fail_in_strict_mode():
    with pytest.raises(SchemaValidationError) as caught:
        run([page([container(1), 'cntr_002', 7], False)])
    assert 'data[1]' in str(caught.value) and 'data[2]' in str(caught.value)


@pytest.mark.parametrize('mode', ['warn', 'off'])
def test_items_that_are_not_objects_are_left_out_with_a_warning(mode):
    listing, dummy, dummy2 = run([page([container(1), 'cntr_002', [3], None], False)], validator=SchemaValidator(mode))
    assert [c['id'] for c in listing.items] == ['cntr_001']
    warning = [w for w in listing.warnings if 'not an object' in w]
    assert warning == ["the first list page: data[1], data[2], data[3] are not an object (left out): "
                       "'cntr_002', [3], None"]


def test_items_without_a_string_id_fail_in_strict_mode_naming_them():
    with pytest.raises(SchemaValidationError) as caught:
        run([page([container(1, id=None), container(2)], False)])
    assert 'container <no id> (data[0])' in str(caught.value)


@pytest.mark.parametrize('mode', ['warn', 'off'])
def test_items_without_id_are_each_kept_never_merged(mode):
    items = [dict(container(n), id=None) for n in range(3)]
    for item in items:
        del item['id']
    listing, dummy, dummy2 = run([page(items + [container(9)], False)], validator=SchemaValidator(mode))
    assert [c['name'] for c in listing.items] == ['c0', 'c1', 'c2', 'c9']
    assert listing.duplicates == 0
    assert any('data[0], data[1], data[2] have no string id (kept, each on its own)' in w for w in listing.warnings)


@pytest.mark.parametrize('mode', ['warn', 'off'])
def test_non_string_ids_never_crash_and_are_kept(mode):
    # A list or dict id made the old code fail with "unhashable type".
    odd = [container(1, id=[1]), container(2, id={'a': 1}), container(3, id=3), container(4, id=[1])]
    listing, dummy, dummy2 = run([page(odd + [container(5)], False)], validator=SchemaValidator(mode))
    assert [c['name'] for c in listing.items] == ['c1', 'c2', 'c3', 'c4', 'c5']
    assert any("have no string id" in w and "id [1], id {'a': 1}, id 3" in w for w in listing.warnings)


def test_a_page_whose_last_item_has_no_id_cannot_be_followed():
    with pytest.raises(PaginationError) as caught:
        run([page([container(1), container(2, id=None)], True)], validator=SchemaValidator('off'))
    assert 'no string id to use as the next cursor' in str(caught.value)


def test_dropped_duplicates_are_counted_and_reported():
    listing, dummy, dummy2 = run([page([container(1), container(2)], True), page([container(1), container(2), container(3)], False)],
                                 page_size=3)
    assert listing.duplicates == 2
    assert '2 containers were listed more than once' in listing.warnings[-1]


def test_numbers_out_of_range_are_a_warning_even_in_strict_mode():
    huge = container(1, last_active_at=1700000000, expires_after={'anchor': 'last_active_at', 'minutes': 1e308})
    listing, dummy, dummy2 = run([page([huge, container(2)], False)])
    assert len(listing.items) == 2
    assert listing.warnings == ['container cntr_001: expires_after.minutes=1e+308 out of range; what depends on it '
                                '(expiry, idle time) is unknown']


def test_retrieve_warns_about_numbers_out_of_range():
    client, dummy, dummy2 = scripted_client([reply(body=container(1, created_at=10 ** 30))])
    found, warnings = retrieve_container(client, 'cntr_001', SchemaValidator('strict'))
    assert found['id'] == 'cntr_001'
    assert warnings and 'created_at=' in warnings[0]


# -- delete: a lost answer -------------------------------------------------------------------------

def test_a_delete_whose_answer_was_lost_and_whose_retry_gets_404_was_deleted():
    client, adapter, dummy = scripted_client([requests.exceptions.ConnectionError('dropped'), error_reply(404, 'gone')])
    assert delete_container(client, 'cntr_1') is True
    assert [request.method for request in adapter.requests] == ['DELETE', 'DELETE']


def test_a_delete_retried_after_a_5xx_that_gets_404_was_deleted():
    client, dummy, dummy2 = scripted_client([error_reply(502, 'bad gateway'), error_reply(404, 'gone')])
    assert delete_container(client, 'cntr_1') is True


def test_a_delete_retried_after_a_429_that_gets_404_was_already_gone():
    # A 429 was not carried out: the container was gone before this call.
    client, dummy, dummy2 = scripted_client([error_reply(429, 'slow'), error_reply(404, 'gone')])
    assert delete_container(client, 'cntr_1') is False


@pytest.mark.parametrize('bad_id', ['', None, 7, ['cntr_1']])
def test_delete_refuses_an_id_that_is_not_a_string(bad_id):
    client, dummy, dummy2 = scripted_client([])
    with pytest.raises(UnsafeIdError):
        delete_container(client, bad_id)


# -- a complete listing walks from both ends -------------------------------------------------------

class ListingApi(BaseAdapter):
    """A transport that answers GET /containers by its query (order, after, limit, name), from any
    thread, like the API: ``containers`` newest first. ``faults`` maps a query's (order, after) to
    replies sent before the real page (to test retries and validation on either walk)."""

    def __init__(self, containers, faults=None):
        super(ListingApi, self).__init__()
        self.containers = containers
        self.faults = dict(faults or {})
        self.queries = []
        self.threads = set()
        self._lock = threading.Lock()

    def send(self, request, **kwargs):
        params = query(request)
        with self._lock:
            self.queries.append(params)
            self.threads.add(threading.current_thread().name)
            pending = self.faults.get((params['order'], params.get('after')))
            scripted = pending.pop(0) if pending else None
        if scripted is None:
            items = [c for c in self.containers if 'name' not in params or c['name'] == params['name']]
            if params['order'] == 'asc':
                items = items[::-1]
            ids = [c['id'] for c in items]
            start = ids.index(params['after']) + 1 if 'after' in params else 0
            limit = int(params['limit'])
            scripted = page(items[start:start + limit], start + limit < len(items))
        status, headers, content = scripted
        return build_response(request, status, headers, content)

    def close(self):
        pass


def listing_client(api):
    session = requests.Session()
    session.mount('https://', api)
    client = ApiClient(ConnectionSettings(api_key=API_KEY, base_url=BASE_URL, max_retries=2),
                       retry_policy=RetryPolicy(max_retries=2, rand=lambda: 0.0), session=session, sleep=lambda seconds: None)
    return client


def walked(containers, validator=None, faults=None, **options):
    api = ListingApi(containers, faults)
    listing = list_containers(listing_client(api), ListingOptions(**options), validator or SchemaValidator('strict'))
    return listing, api


def one_cursor(containers, **options):
    return [c['id'] for c in walked(containers, walk_both_ends=False, **options)[0].items]


CONTAINERS = [container(n, name='even' if n % 2 else 'odd') for n in range(1, 24)]


@pytest.mark.parametrize('options', [
    dict(page_size=5), dict(page_size=5, order='asc'), dict(page_size=2, name='even'), dict(page_size=3, order='asc', name='odd'),
    dict(page_size=1), dict(page_size=100),
])
def test_a_complete_listing_walks_from_both_ends_and_returns_what_one_cursor_does(options):
    listing, api = walked(CONTAINERS, **options)
    assert [c['id'] for c in listing.items] == one_cursor(CONTAINERS, **options)
    pages = -(-len(one_cursor(CONTAINERS, **options)) // options['page_size'])
    assert listing.pages == len(api.queries) <= pages + 3
    order = options.get('order', 'desc')
    assert api.queries[0] == dict({'limit': str(options['page_size']), 'order': order}, **({'name': options['name']} if 'name' in options else {}))
    if pages > 1:
        # Both orders asked, every parameter sent again on every page, from two threads.
        assert set(q['order'] for q in api.queries) == {'asc', 'desc'}
        assert all(q.get('name') == options.get('name') and q['limit'] == str(options['page_size']) for q in api.queries)
        assert len(api.threads) == 2
    else:
        assert len(api.queries) == 1


@pytest.mark.parametrize('options', [dict(after='cntr_005'), dict(max_results=7), dict(walk_both_ends=False)])
def test_after_max_results_and_the_option_keep_one_cursor(options):
    listing, api = walked(CONTAINERS, page_size=3, **options)
    assert set(q['order'] for q in api.queries) == {'desc'}
    assert len(api.threads) == 1


def test_retries_apply_to_the_walk_from_the_other_end():
    faults = {('asc', None): [error_reply(503, 'busy', error_type='server_error'), error_reply(429, 'slow')]}
    listing, api = walked(CONTAINERS, page_size=5, faults=faults)
    assert [c['id'] for c in listing.items] == one_cursor(CONTAINERS, page_size=5)
    assert sum(1 for q in api.queries if q['order'] == 'asc' and 'after' not in q) == 3


def test_validation_applies_to_the_walk_from_the_other_end():
    oldest = [container(23), container(22, memory_limit='3g')]
    faults = {('asc', None): [page(oldest, True)]}
    with pytest.raises(SchemaValidationError) as caught:
        walked(CONTAINERS, page_size=2, faults=faults)
    assert 'container cntr_022 (data[1]) at $.memory_limit' in str(caught.value)
    listing, dummy = walked(CONTAINERS, page_size=2, faults={('asc', None): [page(oldest, True)]}, validator=SchemaValidator('warn'))
    assert any('memory_limit' in warning for warning in listing.warnings)


def test_a_failure_of_either_walk_fails_the_listing_naming_the_status():
    faults = {('asc', 'cntr_022'): [error_reply(500, 'boom', error_type='server_error')] * 3}
    with pytest.raises(ApiError) as caught:
        walked(CONTAINERS, page_size=2, faults=faults)
    assert caught.value.status == 500


def test_the_loop_guard_applies_to_the_walk_from_the_other_end():
    stuck = page([container(23), container(22)], True)
    faults = {('asc', 'cntr_022'): [stuck]}
    with pytest.raises(PaginationError) as caught:
        walked(CONTAINERS, page_size=2, faults=faults)
    assert 'repeating' in str(caught.value)


def test_max_pages_bounds_the_walks_from_both_ends_too():
    # 23 containers at 2 a page: 12 pages for one cursor. Both walks together may take max_pages + 3
    # requests (what two walks cost at most above one cursor), never more.
    with pytest.raises(PaginationError) as caught:
        walked(CONTAINERS, page_size=2, max_pages=3)
    assert '(max_pages=3, ' in str(caught.value)
    listing, api = walked(CONTAINERS, page_size=2, max_pages=12)
    assert [c['id'] for c in listing.items] == one_cursor(CONTAINERS, page_size=2)
    assert len(api.queries) <= 15


def test_listing_timeout_bounds_the_walks_from_both_ends_too():
    ticks = iter(range(0, 1000, 10))  # every look at the clock is 10 s later
    api = ListingApi(CONTAINERS)
    with pytest.raises(PaginationError) as caught:
        list_containers(listing_client(api), ListingOptions(page_size=2, listing_timeout=25), SchemaValidator('strict'),
                        clock=lambda: next(ticks))
    assert 'did not finish within listing_timeout=25 s' in str(caught.value)
    assert len(api.queries) < 12
