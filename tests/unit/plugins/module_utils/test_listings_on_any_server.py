# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Issue 19, findings 1 and 8, over real sockets: on the emulator's servers where only one cursor is
# complete (order_ignored, stable_ties, orders_disagree) the default listing returns exactly what one
# cursor returns, and behind a gateway that drops the name filter (name_ignored) a listing by name
# still returns only that name.

import pytest

from ansible_collections.llmops.openai.plugins.module_utils._api.client import ApiClient
from ansible_collections.llmops.openai.plugins.module_utils._api.settings import ConnectionSettings
from ansible_collections.llmops.openai.plugins.module_utils._containers import ListingOptions, list_containers
from ansible_collections.llmops.openai.plugins.module_utils._schema import SchemaValidator
from ansible_collections.llmops.openai.plugins.plugin_utils._projects import fetch_projects, project_specs
from ansible_collections.llmops.openai.emulator.openai_emulator import Emulator

NOW = 1750000000


@pytest.fixture(name='emulator', scope='module')
def emulator_fixture():
    with Emulator(containers=0, seed=5, now=NOW) as emulator:
        yield emulator


def ties(emulator, count=250, per_second=4):
    """``count`` containers, ``per_second`` created in the same second (a batch)."""
    emulator.reseed(containers=0)
    emulator.clear_faults()
    return emulator.add_containers([{'object': 'container', 'name': 'dup', 'status': 'running', 'created_at': NOW - n // per_second}
                                    for n in range(count)])


def listing(emulator, **options):
    client = ApiClient(ConnectionSettings(api_key='sk-emulator', base_url=emulator.base_url, max_retries=0))
    try:
        return list_containers(client, ListingOptions(**options), SchemaValidator('off'))
    finally:
        client.close()


def ids(result):
    return [item['id'] for item in result.items]


@pytest.mark.parametrize('kind, warned', [('order_ignored', True), ('stable_ties', False), ('orders_disagree', False)])
@pytest.mark.parametrize('order', ['desc', 'asc'])
def test_the_default_listing_is_one_cursors_on_a_server_where_only_that_is_complete(emulator, kind, warned, order):
    created = ties(emulator)
    emulator.add_fault({'times': None, 'action': {'type': kind}})
    one_cursor = listing(emulator, order=order, walk_both_ends=False)
    assert sorted(ids(one_cursor)) == sorted(created)
    walked = listing(emulator, order=order)
    assert ids(walked) == ids(one_cursor)
    if warned:
        # The server ignored order: the other order is named, and with order=asc so is the order returned.
        assert any('did not honour order=asc' in warning for warning in walked.warnings)
    else:
        assert walked.warnings == []


def test_on_a_conforming_server_the_walks_do_not_fall_back(emulator):
    created = ties(emulator, per_second=1)
    emulator.reset_stats()
    result = listing(emulator, page_size=50)
    assert sorted(ids(result)) == sorted(created) and not result.one_cursor and result.warnings == []
    stats = emulator.stats()
    assert stats['by_route']['GET /v1/containers'] <= 5 + 3


@pytest.mark.parametrize('per_second', [1, 4])
def test_containers_created_and_deleted_between_pages_every_lasting_one_is_returned_once(emulator, per_second):
    # With ties the second walk stops at the first one and the first walk goes on alone; without,
    # they meet halfway: either way, under change.
    created = ties(emulator, per_second=per_second)
    emulator.add_fault({'skip': 1, 'times': None, 'action': {'type': 'mutate', 'create': 1, 'delete': 1, 'delete_at': 'middle'}})
    result = listing(emulator, page_size=20)
    got = ids(result)
    lasting = set(created) & set(item['id'] for item in emulator.store.all())
    assert len(got) == len(set(got)) and lasting <= set(got)


@pytest.mark.parametrize('options', [dict(), dict(walk_both_ends=False), dict(order='asc'), dict(max_results=5, page_size=7)])
def test_behind_a_gateway_that_drops_the_name_filter_only_that_name_is_returned(emulator, options):
    emulator.reseed(containers=244, seed=5, now=NOW)
    emulator.clear_faults()
    named = listing(emulator, name='Code Interpreter', **options)
    assert named.items and all(item['name'] == 'Code Interpreter' for item in named.items) and named.warnings == []
    emulator.add_fault({'times': None, 'action': {'type': 'name_ignored'}})
    result = listing(emulator, name='Code Interpreter', **options)
    assert ids(result) == ids(named)
    dropped = [warning for warning in result.warnings if 'did not honour the name filter' in warning]
    assert len(dropped) == 1 and "other name than 'Code Interpreter'" in dropped[0]
    if 'max_results' not in options:
        assert dropped[0].startswith('the server did not honour the name filter: %d listed items' % (244 - len(named.items)))


def test_the_inventory_name_option_behind_a_gateway_that_drops_the_filter(emulator):
    # The inventory (and the event source) list each project through list_containers: same guarantee.
    emulator.reseed(containers=244, seed=5, now=NOW)
    emulator.clear_faults()
    emulator.add_fault({'times': None, 'action': {'type': 'name_ignored'}})
    specs = project_specs({'api_key': 'sk-emulator', 'base_url': emulator.base_url, 'max_retries': 0}, None)
    answer, failures = fetch_projects(specs, ListingOptions(name='Code Interpreter'), SchemaValidator('strict'))
    project = answer['projects'][specs[0].name]
    assert failures == [] and project['containers']
    assert all(item['name'] == 'Code Interpreter' for item in project['containers'])
    assert any('did not honour the name filter' in warning for warning in project['warnings'])
