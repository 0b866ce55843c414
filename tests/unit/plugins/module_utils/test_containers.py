# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import threading

import pytest
import requests
from requests.adapters import BaseAdapter
from urllib.parse import parse_qs, urlparse

from ansible_collections.llmops.openai.plugins.module_utils._api_client import ApiClient, ConnectionSettings
from ansible_collections.llmops.openai.plugins.module_utils._retry import RetryPolicy
from ansible_collections.llmops.openai.plugins.module_utils._containers import (
    ListingOptions, delete_container, list_containers, retrieve_container)
from ansible_collections.llmops.openai.plugins.module_utils._errors import (
    ApiError, OptionError, PaginationError, SchemaValidationError)
from ansible_collections.llmops.openai.plugins.module_utils._schema import SchemaValidator

from .scripted_transport import API_KEY, BASE_URL, error_reply, reply, scripted_client


def container(n, **fields):
    item = {'id': 'cntr_%03d' % n, 'object': 'container', 'name': 'c%d' % n, 'created_at': 1700000000 - n, 'status': 'running'}
    item.update(fields)
    return item


def page(items, has_more):
    return reply(body={'object': 'list', 'data': items, 'first_id': items[0]['id'] if items else None,
                       'last_id': items[-1]['id'] if items else None, 'has_more': has_more})


def query(request):
    return dict((key, values[0]) for key, values in parse_qs(urlparse(request.url).query).items())


def run(script, validator=None, **options):
    """One cursor (the scripted transport answers in order); the walks from both ends are tested
    below with a transport that answers by query, and in test_listing_walks.py."""
    options.setdefault('walk_both_ends', False)
    client, adapter, sleeps = scripted_client(script)
    listing = list_containers(client, ListingOptions(**options), validator or SchemaValidator('strict'))
    return listing, adapter, sleeps


def test_follows_the_last_id_as_cursor_and_resends_every_parameter():
    listing, adapter, dummy = run([page([container(1), container(2)], True), page([container(3)], False)],
                                  page_size=2, order='asc', name='c')
    assert [c['id'] for c in listing.containers] == ['cntr_001', 'cntr_002', 'cntr_003']
    assert query(adapter.requests[0]) == {'limit': '2', 'order': 'asc', 'name': 'c'}
    assert query(adapter.requests[1]) == {'limit': '2', 'order': 'asc', 'name': 'c', 'after': 'cntr_002'}
    assert listing.pages == 2


def test_the_cursor_is_the_last_item_not_last_id():
    body = {'object': 'list', 'data': [container(1), container(2)], 'first_id': 'container_123', 'last_id': 'container_123', 'has_more': True}
    listing, adapter, dummy = run([reply(body=body), page([container(3)], False)], page_size=2)
    assert query(adapter.requests[1])['after'] == 'cntr_002'
    assert len(listing.containers) == 3


def test_defaults_ask_for_100_newest_first():
    dummy, adapter, dummy2 = run([page([container(1)], False)])
    assert query(adapter.requests[0]) == {'limit': '100', 'order': 'desc'}


def test_starts_after_the_given_cursor():
    dummy, adapter, dummy2 = run([page([container(5)], False)], after='cntr_004')
    assert query(adapter.requests[0])['after'] == 'cntr_004'


def test_max_results_stops_early_and_asks_only_for_what_is_left():
    listing, adapter, dummy = run([page([container(1), container(2)], True), page([container(3)], True)], page_size=2, max_results=3)
    assert [c['id'] for c in listing.containers] == ['cntr_001', 'cntr_002', 'cntr_003']
    assert query(adapter.requests[1])['limit'] == '1'
    assert len(adapter.requests) == 2


def test_an_id_seen_twice_is_returned_once():
    listing, dummy, dummy2 = run([page([container(1), container(2)], True), page([container(2), container(3)], False)], page_size=2)
    assert [c['id'] for c in listing.containers] == ['cntr_001', 'cntr_002', 'cntr_003']
    assert listing.duplicates == 1


def test_a_repeating_cursor_fails_instead_of_looping():
    same = page([container(1), container(2)], True)
    with pytest.raises(PaginationError) as caught:
        run([same, same, same], page_size=2)
    assert 'cntr_002' in str(caught.value) and 'repeating' in str(caught.value)


def test_an_empty_page_ends_the_listing_with_a_warning_when_has_more_lies():
    listing, dummy, dummy2 = run([page([container(1)], True), page([], True)], page_size=1)
    assert len(listing.containers) == 1
    assert 'has_more=true but sent an empty page' in listing.warnings[0]


def test_a_failure_on_a_later_page_fails_the_whole_listing():
    with pytest.raises(ApiError) as caught:
        run([page([container(1)], True)] + [error_reply(500, 'boom', error_type='server_error')] * 3, page_size=1)
    assert caught.value.status == 500


def test_retried_pages_lose_and_duplicate_nothing():
    script = [page([container(1)], True), error_reply(429, 'slow', headers={'retry-after-ms': '10'}), page([container(2)], False)]
    listing, adapter, sleeps = run(script, page_size=1)
    assert [c['id'] for c in listing.containers] == ['cntr_001', 'cntr_002']
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
    assert len(listing.containers) == 1
    assert 'memory_limit' in listing.warnings[0]


def test_off_validation_still_refuses_a_page_it_cannot_follow():
    with pytest.raises(PaginationError):
        run([reply(body={'object': 'list', 'data': 'nope'})], validator=SchemaValidator('off'))
    with pytest.raises(PaginationError):
        run([reply(body={'object': 'list', 'data': [], 'has_more': 'yes'})], validator=SchemaValidator('off'))


def test_retrieve_returns_none_for_404():
    client, dummy, dummy2 = scripted_client([error_reply(404, 'No container found')])
    assert retrieve_container(client, 'cntr_x', SchemaValidator('strict')) == (None, [])


def test_retrieve_quotes_the_id():
    client, adapter, dummy = scripted_client([reply(body=container(1))])
    found, warnings = retrieve_container(client, 'cntr/../x', SchemaValidator('strict'))
    assert adapter.requests[0].path_url == '/v1/containers/cntr%2F..%2Fx'
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
    (dict(walk_both_ends='yes'), 'walk_both_ends'),
])
def test_bad_listing_options_name_the_option(options, option):
    with pytest.raises(OptionError) as caught:
        ListingOptions(**options)
    assert caught.value.option == option


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
        response = requests.Response()
        response.status_code, response._content, response.url, response.request = status, content, request.url, request
        response.headers.update(headers)
        return response

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
    return [c['id'] for c in walked(containers, walk_both_ends=False, **options)[0].containers]


CONTAINERS = [container(n, name='even' if n % 2 else 'odd') for n in range(1, 24)]


@pytest.mark.parametrize('options', [
    dict(page_size=5), dict(page_size=5, order='asc'), dict(page_size=2, name='even'), dict(page_size=3, order='asc', name='odd'),
    dict(page_size=1), dict(page_size=100),
])
def test_a_complete_listing_walks_from_both_ends_and_returns_what_one_cursor_does(options):
    listing, api = walked(CONTAINERS, **options)
    assert [c['id'] for c in listing.containers] == one_cursor(CONTAINERS, **options)
    pages = -(-len(one_cursor(CONTAINERS, **options)) // options['page_size'])
    assert listing.pages == len(api.queries) <= pages + 2
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
    assert [c['id'] for c in listing.containers] == one_cursor(CONTAINERS, page_size=5)
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
