# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Property tests: every filter of the collection, given any JSON containers and any JSON arguments,
returns a result or raises AnsibleFilterError; never a raw Python exception (TypeError,
OverflowError, KeyError...) that ansible-core would show as a traceback-like error."""

import math

import pytest

from hypothesis import HealthCheck, given, settings, strategies as st

from ansible.errors import AnsibleFilterError
from ansible.utils.display import Display

from ansible_collections.llmops.openai.plugins.filter.containers import FilterModule as ContainerFilters
from ansible_collections.llmops.openai.plugins.filter.markdown import FilterModule as MarkdownFilters
from ansible_collections.llmops.openai.plugins.filter.printable import FilterModule as PrintableFilters

FILTERS = dict(ContainerFilters().filters(), **MarkdownFilters().filters())
FILTERS.update(PrintableFilters().filters())
NOW = 1767225600

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Numbers as a JSON answer or a playbook can carry them: huge integers, infinities and NaN included.
numbers = st.one_of(
    st.integers(), st.integers(min_value=-10 ** 400, max_value=10 ** 400), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1e308, -1e308, 10 ** 20, 2 ** 63, 10 ** 400, -10 ** 400, NOW, NOW + 0.5, float('inf'), float('nan')]))
scalars = st.one_of(st.none(), st.booleans(), numbers, st.text(max_size=12))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)
timestamps = st.one_of(numbers, st.integers(min_value=0, max_value=4 * 10 ** 9), json_values)
memory_limits = st.one_of(st.sampled_from(['1g', '4g', '16g', '64g', '3g', '', '\x1b[2J']), json_values)
expires_after = st.one_of(json_values, st.fixed_dictionaries({}, optional={
    'anchor': st.one_of(st.sampled_from(['last_active_at', 'created_at']), json_values),
    'minutes': st.one_of(numbers, json_values)}))
containers = st.fixed_dictionaries({}, optional={
    'id': st.one_of(st.text(max_size=12), json_values),
    'name': st.one_of(st.text(max_size=12), json_values),
    'object': st.just('container'),
    'status': st.one_of(st.sampled_from(['running', 'active', 'expired', 'deleted', 'RUNNING']), json_values),
    'created_at': timestamps,
    'last_active_at': timestamps,
    'expires_after': expires_after,
    'memory_limit': memory_limits,
})
container_lists = st.one_of(st.lists(containers, max_size=5), st.lists(json_values, max_size=3), json_values)

# The filters' arguments: what they accept, and anything else JSON can hold.
rates = st.one_of(st.dictionaries(st.one_of(st.sampled_from(['1g', '4g']), st.text(max_size=4)), numbers, max_size=3),
                  json_values)
days = st.one_of(st.dates().map(lambda day: day.isoformat()), numbers, json_values)
time_arguments = {
    'now': st.one_of(numbers, st.integers(min_value=0, max_value=4 * 10 ** 9), numbers.map(str), json_values),
    'idle_threshold_minutes': st.one_of(numbers, json_values),
    'max_age_days': st.one_of(numbers, json_values),
}
billing_arguments = {
    'rates': rates,
    'block_minutes': st.one_of(numbers, json_values),
    'minimum_minutes': st.one_of(numbers, json_values),
    'per_minute_since': days,
}
ARGUMENTS = {
    'container_expires_at': {},
    'container_idle_seconds': {'now': time_arguments['now']},
    'container_classify': time_arguments,
    'stale_containers': time_arguments,
    'container_summary': time_arguments,
    'container_cost': dict(billing_arguments, now=time_arguments['now']),
    'container_cost_summary': dict(time_arguments, top_names=st.one_of(numbers, json_values), **billing_arguments),
}


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    """The cost filters warn about every unknown cost: silenced here, for hundreds of examples."""
    monkeypatch.setattr(Display, 'warning', lambda self, message, *args, **kwargs: None)


def arguments(name):
    return st.fixed_dictionaries({}, optional=ARGUMENTS[name])


def apply(name, value, kwargs):
    """The filter's result, or None when it refused the input with an AnsibleFilterError naming itself."""
    try:
        return FILTERS[name](value, **kwargs)
    except AnsibleFilterError as exc:
        assert 'llmops.openai.%s' % name in str(exc)
        return None


def assert_amount(value):
    """An amount the filters computed: a finite, non-negative number (the API's own values are passed through as they are)."""
    assert isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0, value


def assert_amounts(summary):
    for key in ('total', 'stale'):
        assert_amount(summary[key])
    for row in summary['by_memory_tier'] + summary['by_name'] + [summary['other_names']]:
        assert_amount(row['cost'])
        assert_amount(row['stale_cost'])
    assert summary['stale_share'] is None or 0 <= summary['stale_share'] <= 1 + 1e-9


@PROPERTY_SETTINGS
@given(st.one_of(containers, json_values), st.data())
def test_filters_over_one_container_give_a_result_or_a_filter_error(container, data):
    for name in ('container_expires_at', 'container_idle_seconds', 'container_classify', 'container_cost'):
        apply(name, container, data.draw(arguments(name), label=name))


@PROPERTY_SETTINGS
@given(container_lists, st.data())
def test_filters_over_a_list_give_a_result_or_a_filter_error(value, data):
    for name in ('stale_containers', 'container_summary', 'container_cost_summary'):
        apply(name, value, data.draw(arguments(name), label=name))


@PROPERTY_SETTINGS
@given(st.lists(containers, max_size=5), st.data())
def test_cost_filters_give_finite_numbers_and_count_every_container_priced_or_unknown(value, data):
    summary = apply('container_cost_summary', value, data.draw(arguments('container_cost_summary')))
    if summary is None:
        return
    assert_amounts(summary)
    assert summary['containers'] == len(value)
    # Every container is priced or counted as cost unknown: none silently costs zero.
    priced = sum(1 for container in value if _cost(container, summary) is not None)
    assert priced + summary['cost_unknown_count'] == len(value)
    assert summary['cost_unknown_count'] == summary['unpriced'] == len(summary['cost_unknown'])
    assert summary['unknown_tier_count'] <= summary['cost_unknown_count']
    assert (summary['note'] is None) == (summary['cost_unknown_count'] == 0)


def _cost(container, summary):
    billing = dict(summary['billing'])
    billing.pop('currency')
    cost = FILTERS['container_cost'](container, now=summary['now'], **billing)
    assert cost['cost_unknown'] == (cost['cost'] is None) == (cost['cost_unknown_reason'] is not None)
    if cost['cost'] is not None:
        assert_amount(cost['cost'])
        assert_amount(cost['alive_seconds'])
        assert_amount(cost['billed_minutes'])
    return cost['cost']


@PROPERTY_SETTINGS
@given(json_values)
def test_text_filters_give_printable_text_for_any_value(value):
    for name in ('markdown_escape', 'printable'):
        text = FILTERS[name](value)
        assert isinstance(text, str) and (text == '' or text.isprintable())
