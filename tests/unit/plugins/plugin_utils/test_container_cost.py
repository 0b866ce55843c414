# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.llmops.openai.plugins.plugin_utils._container_cost import BillingModel, cost_summary, estimate_all

PER_MINUTE = 1780358400  # 2026-06-02T00:00:00Z
BEFORE = PER_MINUTE - 30 * 86400
AFTER = PER_MINUTE + 30 * 86400


def container(cid, created_at, minutes_alive, tier='1g', name='app', status='expired', expires_minutes=20, **fields):
    """A container created at created_at whose expiry is minutes_alive after it."""
    result = {'id': cid, 'name': name, 'memory_limit': tier, 'status': status, 'created_at': created_at,
              'last_active_at': created_at + (minutes_alive - expires_minutes) * 60,
              'expires_after': {'anchor': 'last_active_at', 'minutes': expires_minutes}}
    result.update(fields)
    return result


def cost_of(item, now, billing=None):
    return estimate_all([item], now, billing or BillingModel())[0][1]


def test_before_the_per_minute_day_sessions_are_billed_per_started_20_minute_block():
    assert cost_of(container('a', BEFORE, 21), BEFORE + 86400)['billed_minutes'] == 40
    assert cost_of(container('a', BEFORE, 21), BEFORE + 86400)['cost'] == pytest.approx(0.06)
    assert cost_of(container('a', BEFORE, 20, tier='64g'), BEFORE + 86400)['cost'] == pytest.approx(1.92)


def test_since_the_per_minute_day_per_started_minute_with_a_five_minute_minimum():
    assert cost_of(container('a', AFTER, 21), AFTER + 86400)['billed_minutes'] == 21
    assert cost_of(container('a', AFTER, 21, tier='4g'), AFTER + 86400)['cost'] == pytest.approx(0.12 * 21 / 20)
    short = container('b', AFTER, 1, expires_minutes=1)
    assert cost_of(short, AFTER + 86400)['billed_minutes'] == 5


def test_a_live_container_is_alive_until_now_and_an_expired_one_until_its_expiry():
    running = container('a', AFTER, 600, status='running')  # expires in the future
    assert cost_of(running, AFTER + 30 * 60)['alive_seconds'] == 30 * 60
    expired = container('b', AFTER, 30)
    assert cost_of(expired, AFTER + 86400)['alive_seconds'] == 30 * 60
    unknown_end = container('c', AFTER, 30, status='expired', expires_after=None)
    assert cost_of(unknown_end, AFTER + 86400)['cost'] is None
    live_unknown_end = container('d', AFTER, 30, status='running', expires_after=None)
    assert cost_of(live_unknown_end, AFTER + 600)['alive_seconds'] == 600


def test_the_billing_model_is_data():
    billing = BillingModel(rates={'1g': 1.0}, block_minutes=60, minimum_minutes=10, per_minute_since=None)
    assert cost_of(container('a', AFTER, 61), AFTER + 86400, billing)['cost'] == pytest.approx(2.0)
    assert cost_of(container('a', AFTER, 61, tier='4g'), AFTER + 86400, billing)['cost'] is None
    assert BillingModel(per_minute_since=PER_MINUTE).billed_minutes(PER_MINUTE, 60) == 5
    assert 'check the current ones' in BillingModel().method()


def test_the_summary_adds_up_by_tier_and_by_name_with_the_stale_share():
    now = AFTER + 86400
    items = [container('a', AFTER, 40, name='etl', status='running', last_active_at=now - 3600, expires_after=None),
             container('b', AFTER, 20, tier='4g', name='etl'),
             container('c', AFTER, 10, name='chat'),
             container('d', AFTER, 10, name=None, memory_limit=None),
             container('e', AFTER, 10, name='other')]
    summary = cost_summary(items, now, BillingModel(), top_names=2)
    estimates = [estimate for result, estimate in estimate_all(items, now, BillingModel())]
    total = sum(estimate['cost'] for estimate in estimates if estimate['cost'] is not None)
    assert summary['total'] == pytest.approx(total)
    assert summary['unpriced'] == 1
    assert summary['stale_containers'] == 1
    assert summary['stale'] == pytest.approx(estimates[0]['cost'])
    assert summary['stale_share'] == pytest.approx(estimates[0]['cost'] / total)
    assert [row['memory_limit'] for row in summary['by_memory_tier']] == ['1g', '4g', '16g', '64g', None]
    assert sum(row['cost'] for row in summary['by_memory_tier']) == pytest.approx(total)
    assert [row['name'] for row in summary['by_name']] == ['etl', 'chat']
    assert summary['other_names']['names'] == 2 and summary['other_names']['containers'] == 2
    assert sum(row['cost'] for row in summary['by_name']) + summary['other_names']['cost'] == pytest.approx(total)


@pytest.mark.parametrize('kwargs, message', [
    ({'rates': {}}, 'rates must be a dict'),
    ({'rates': {'1g': float('inf')}}, 'rates[1g] must be a finite number'),
    ({'block_minutes': 0}, 'block_minutes must be >= 1'),
    ({'per_minute_since': '2026-13-01'}, 'per_minute_since must be a day as YYYY-MM-DD'),
])
def test_a_bad_billing_model_is_refused(kwargs, message):
    with pytest.raises((TypeError, ValueError)) as caught:
        BillingModel(**kwargs)
    assert message in str(caught.value)
