# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This plugin_utils is PRIVATE to the llmops.openai collection and may change at any time.
# Do not use it from outside this collection.

"""The one estimate of what containers cost, used by the cost filters and the audit role.

The billing model is data (BillingModel), never code: the defaults are OpenAI's list prices as
published when this was written, and every caller can pass its own. Time comes from
_container_time (the one definition of expiry and staleness).
"""


import calendar
import math
import time

from collections.abc import Mapping

from ansible_collections.llmops.openai.plugins.module_utils._container_time import MAX_MINUTES, MAX_TIMESTAMP, bounded_argument, classify_all, timestamp
from ansible_collections.llmops.openai.plugins.module_utils._options import DEFAULT_IDLE_THRESHOLD_MINUTES, number_argument

CURRENCY = 'USD'
# USD per block of DEFAULT_BLOCK_MINUTES, by memory tier (OpenAI's list prices).
DEFAULT_RATES = {'1g': 0.03, '4g': 0.12, '16g': 0.48, '64g': 1.92}
DEFAULT_BLOCK_MINUTES = 20
DEFAULT_MINIMUM_MINUTES = 5
# Since this day (UTC) eligible sessions are billed per minute with a minimum (OpenAI's API changelog).
DEFAULT_PER_MINUTE_SINCE = '2026-06-02'
DEFAULT_TOP_NAMES = 10
PRICES_NOTE = 'list prices can change: check the current ones on OpenAI\'s pricing page'
# The largest price of one block a billing model accepts (USD): far above any list price, and small
# enough that a price times the longest possible alive time stays an ordinary float.
MAX_RATE = 10 ** 9
# Why a container's cost is unknown: the first of these that applies.
NO_MEMORY_LIMIT = 'no memory_limit'


def _epoch_of_day(name, value):
    """A YYYY-MM-DD day (midnight UTC) or epoch seconds, as epoch seconds; None stays None."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return calendar.timegm(time.strptime(value, '%Y-%m-%d'))
        except ValueError:
            raise ValueError('%s must be a day as YYYY-MM-DD or epoch seconds, got %r' % (name, value))
    return bounded_argument(name, value, 0, MAX_TIMESTAMP)


class BillingModel:
    """How a container's alive time becomes money.

    A session that started on or after ``per_minute_since`` is billed per started minute, at least
    ``minimum_minutes``; an earlier one (or every one when ``per_minute_since`` is None) per started
    block of ``block_minutes``. ``rates`` is the price of one block, by memory tier.
    """

    def __init__(self, rates=None, block_minutes=DEFAULT_BLOCK_MINUTES, minimum_minutes=DEFAULT_MINIMUM_MINUTES,
                 per_minute_since=DEFAULT_PER_MINUTE_SINCE):
        rates = DEFAULT_RATES if rates is None else rates
        if not isinstance(rates, Mapping) or not rates:
            raise TypeError('rates must be a dict of memory tier to price per block, got %r' % (rates,))
        # Bounded, so that no price of a container (at most MAX_RATE for each of at most 2 * MAX_MINUTES
        # minutes) can overflow a float: an out-of-range argument is an error naming it.
        self.rates = dict((str(tier), bounded_argument('rates[%s]' % tier, rate, 0, MAX_RATE)) for tier, rate in rates.items())
        self.block_minutes = bounded_argument('block_minutes', block_minutes, 1, MAX_MINUTES)
        self.minimum_minutes = bounded_argument('minimum_minutes', minimum_minutes, 0, MAX_MINUTES)
        self.per_minute_since = per_minute_since
        self._per_minute_epoch = _epoch_of_day('per_minute_since', per_minute_since)

    def billed_minutes(self, started_at, alive_seconds):
        minutes = alive_seconds / 60.0
        if self._per_minute_epoch is not None and started_at >= self._per_minute_epoch:
            return max(math.ceil(minutes), self.minimum_minutes)
        return max(math.ceil(minutes / self.block_minutes), 1) * self.block_minutes

    def has_rate(self, tier):
        return isinstance(tier, str) and tier in self.rates

    def price(self, tier, billed_minutes):
        """The price of billed_minutes in this tier, or None for a tier without a rate."""
        rate = self.rates.get(tier)
        return None if rate is None else rate * billed_minutes / self.block_minutes

    def as_dict(self):
        return {'currency': CURRENCY, 'rates': dict(self.rates), 'block_minutes': self.block_minutes,
                'minimum_minutes': self.minimum_minutes, 'per_minute_since': self.per_minute_since}

    def method(self):
        """The estimate's method in one paragraph, for the reports."""
        rates = ', '.join('%s %s' % (tier, rate) for tier, rate in self.rates.items())
        if self.per_minute_since is None:
            regime = 'every session is billed per started %s-minute block' % _plain(self.block_minutes)
        else:
            regime = ('sessions started on or after %s are billed per started minute with a %s-minute minimum, '
                      'earlier ones per started %s-minute block' % (
                          self.per_minute_since, _plain(self.minimum_minutes), _plain(self.block_minutes)))
        return ('An estimate, not a bill. Alive time runs from created_at to the expiry (last_active_at + '
                'expires_after.minutes), or to now when that is later than now; %s; every session counts as '
                'eligible; %s per %s minutes by memory tier: %s. The cost of a container without a memory_limit '
                'or with one that has no rate, without created_at or with one out of range, or neither live nor with a known expiry '
                'is unknown: it is left out of the totals and counted apart. The %s.' % (
                    regime, CURRENCY, _plain(self.block_minutes), rates, PRICES_NOTE))


def _plain(number):
    return '%d' % number if float(number).is_integer() else '%s' % number


def _whole(value):
    return value if value is None else int(value)


def unknown_reason(tier, billing, created_at, created, end):
    """Why a container cannot be priced, or None when it can (a gateway may strip memory_limit).

    ``created_at`` is the API's value, ``created`` its range-checked int (None when unknown).
    """
    if tier is None:
        return NO_MEMORY_LIMIT
    if not billing.has_rate(tier):
        return 'memory_limit %s has no rate' % (repr(tier) if isinstance(tier, str) else 'of type %s' % type(tier).__name__)
    if created is None:
        return 'no created_at' if created_at is None else 'created_at out of range'
    if end is None:
        return 'neither live nor with a known expiry'
    return None


def estimate(container, result, now, billing):
    """The estimate for one container, given its classify() ``result``.

    Returns ``{id, name, memory_limit, alive_seconds, billed_minutes, cost, cost_unknown,
    cost_unknown_reason}``; ``cost`` is None and ``cost_unknown`` true when the container cannot be
    priced, never a silent 0 (see unknown_reason).
    """
    # Range-checked: a created_at of 400 digits is unknown, not an OverflowError.
    created = timestamp(container, 'created_at')
    expiry = result['expires_at']
    if expiry is not None:
        end = min(expiry, now)
    else:
        # No known expiry: a container the API lists as live is alive until now; any other cannot be timed.
        end = now if result['state'] == 'active' else None
    alive = billed = cost = None
    if created is not None and end is not None:
        alive = max(0, int(end - created))
        billed = billing.billed_minutes(created, alive)
    reason = unknown_reason(result['memory_limit'], billing, container.get('created_at'), created, end)
    if reason is None:
        cost = billing.price(result['memory_limit'], billed)
    return {'id': result['id'], 'name': result['name'], 'memory_limit': result['memory_limit'],
            'alive_seconds': alive, 'billed_minutes': _whole(billed), 'cost': cost,
            'cost_unknown': reason is not None, 'cost_unknown_reason': reason}


def estimate_all(containers, now, billing, idle_threshold_minutes=DEFAULT_IDLE_THRESHOLD_MINUTES, max_age_days=None):
    """(classify() result, estimate) for every container of a list, in order."""
    results = classify_all(containers, now, idle_threshold_minutes, max_age_days)
    return [(result, estimate(container, result, now, billing)) for container, result in zip(containers, results)]


def _row(key, value):
    return {key: value, 'containers': 0, 'cost': 0.0, 'stale_containers': 0, 'stale_cost': 0.0, 'unpriced': 0}


def _add(row, result, cost):
    row['containers'] += 1
    if result['stale']:
        row['stale_containers'] += 1
    if cost is None:
        row['unpriced'] += 1
        return
    row['cost'] += cost
    if result['stale']:
        row['stale_cost'] += cost


def _rounded(row):
    row['cost'] = round(row['cost'], 6)
    row['stale_cost'] = round(row['stale_cost'], 6)
    return row


def cost_summary(containers, now, billing, idle_threshold_minutes=DEFAULT_IDLE_THRESHOLD_MINUTES, max_age_days=None,
                 top_names=DEFAULT_TOP_NAMES):
    """What a list of containers cost, in total, by memory tier and by name, and the stale ones' share.

    ``by_memory_tier`` lists the tiers of ``billing.rates`` in their order, then any other tier met
    (unpriced); ``by_name`` the ``top_names`` names that cost most (ties by name), and ``other_names``
    sums the rest. A name or tier that is missing is None. ``stale_share`` is the stale containers'
    part of the total, between 0 and 1 (None when the total is 0).

    A container whose cost is unknown is in no total: ``cost_unknown`` lists it (``{id, name,
    memory_limit, reason}``), ``cost_unknown_count`` (and, as before, ``unpriced``) counts them,
    ``unknown_tier_count`` those without a memory tier that has a rate, and ``note`` says so in
    one sentence (None when every container is priced).
    """
    top_names = int(number_argument('top_names', top_names, 0))
    total = _row('scope', 'all')
    tiers = dict((tier, _row('memory_limit', tier)) for tier in billing.rates)
    names = {}
    unknown = []
    unknown_tiers = 0
    for result, cost in estimate_all(containers, now, billing, idle_threshold_minutes, max_age_days):
        if cost['cost_unknown']:
            unknown.append({'id': result['id'], 'name': result['name'], 'memory_limit': result['memory_limit'],
                            'reason': cost['cost_unknown_reason']})
            unknown_tiers += not billing.has_rate(result['memory_limit'])
        _add(total, result, cost['cost'])
        tier = result['memory_limit'] if isinstance(result['memory_limit'], str) else None
        _add(tiers.setdefault(tier, _row('memory_limit', tier)), result, cost['cost'])
        name = result['name'] if isinstance(result['name'], str) else None
        _add(names.setdefault(name, _row('name', name)), result, cost['cost'])
    ranked = sorted(names.values(), key=lambda row: (-row['cost'], row['name'] is None, row['name'] or ''))
    other = _row('names', len(ranked[top_names:]))
    for row in ranked[top_names:]:
        for key in ('containers', 'cost', 'stale_containers', 'stale_cost', 'unpriced'):
            other[key] += row[key]
    _rounded(total)
    return {
        'currency': CURRENCY,
        'billing': billing.as_dict(),
        'method': billing.method(),
        'now': now,
        'containers': total['containers'],
        'unpriced': total['unpriced'],
        'cost_unknown_count': len(unknown),
        'unknown_tier_count': unknown_tiers,
        'cost_unknown': unknown,
        'note': unknown_note(len(unknown), unknown_tiers),
        'total': total['cost'],
        'stale': total['stale_cost'],
        'stale_containers': total['stale_containers'],
        'stale_share': round(total['stale_cost'] / total['cost'], 6) if total['cost'] else None,
        'by_memory_tier': [_rounded(row) for row in tiers.values()],
        'by_name': [_rounded(row) for row in ranked[:top_names]],
        'other_names': _rounded(other),
    }


def unknown_note(count, unknown_tiers):
    """The one sentence that says some costs are unknown (None when none is), for the reports and the warnings."""
    if not count:
        return None
    return 'cost unknown for %d container%s (%d without a memory tier that has a rate): left out of the totals' % (
        count, '' if count == 1 else 's', unknown_tiers)
