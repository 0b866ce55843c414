# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import os

import pytest

from ansible.errors import AnsibleFilterError
from ansible.utils.display import Display

from ansible_collections.llmops.openai.plugins.filter.containers import FilterModule

NOW = 1747900000
FILTERS = FilterModule().filters()
NAMES = ('container_expires_at', 'container_idle_seconds', 'container_classify', 'stale_containers',
         'container_summary', 'container_cost', 'container_cost_summary')


def container(**fields):
    result = {
        'id': 'cntr_1',
        'object': 'container',
        'name': 'My Container',
        'created_at': NOW - 30 * 86400,
        'status': 'running',
        'expires_after': {'anchor': 'last_active_at', 'minutes': 20},
        'last_active_at': NOW - 2 * 3600,
        'memory_limit': '1g',
    }
    result.update(fields)
    return result


def test_filter_names():
    assert sorted(FILTERS) == sorted(NAMES)


def test_every_filter_has_its_documentation_file():
    here = os.path.dirname(os.path.abspath(__file__))
    plugin_dir = os.path.join(here, '..', '..', '..', '..', 'plugins', 'filter')
    for name in NAMES:
        assert os.path.isfile(os.path.join(plugin_dir, name + '.yml')), name


def test_container_expires_at():
    assert FILTERS['container_expires_at'](container()) == NOW - 2 * 3600 + 20 * 60
    assert FILTERS['container_expires_at'](container(expires_after=None)) is None


def test_container_idle_seconds():
    assert FILTERS['container_idle_seconds'](container(), now=NOW) == 2 * 3600
    assert FILTERS['container_idle_seconds'](container(last_active_at=None), now=NOW) is None


@pytest.mark.parametrize('fields', [
    {'expires_after': {'anchor': 'last_active_at', 'minutes': 1e308}},
    {'expires_after': {'anchor': 'last_active_at', 'minutes': float('inf')}},
    {'last_active_at': float('inf'), 'created_at': 10 ** 400},
])
def test_numbers_out_of_range_are_unknown_in_every_filter(fields):
    c = container(**fields)
    assert FILTERS['container_expires_at'](c) is None
    assert FILTERS['container_classify'](c, now=NOW, max_age_days=1)['expires_at'] is None
    assert FILTERS['container_summary']([c], now=NOW)['total'] == 1
    assert isinstance(FILTERS['stale_containers']([c], now=NOW), list)


def classified(**fields):
    """What container_classify gives for container() at NOW: idle 2 h, expired 100 min ago, 30 days old."""
    result = {'id': 'cntr_1', 'name': 'My Container', 'status': 'running', 'memory_limit': '1g', 'state': 'active',
              'stale': True, 'reasons': ['idle', 'past_expiry'], 'expires_at': NOW - 2 * 3600 + 20 * 60,
              'idle_seconds': 2 * 3600, 'age_seconds': 30 * 86400}
    result.update(fields)
    return result


def test_container_classify():
    c = container()
    assert FILTERS['container_classify'](c, now=NOW) == classified()
    # Idle for 2 h is not idle against a 10 h threshold; 30 days is too old against 7.
    assert FILTERS['container_classify'](c, now=NOW, idle_threshold_minutes=600) == classified(reasons=['past_expiry'])
    assert FILTERS['container_classify'](c, now=NOW, max_age_days=7)['reasons'] == ['idle', 'past_expiry', 'too_old']
    assert FILTERS['container_classify'](c, now=str(NOW))['idle_seconds'] == 2 * 3600
    fresh = container(last_active_at=NOW - 60, created_at=NOW - 3600)
    assert FILTERS['container_classify'](fresh, now=NOW) == classified(
        stale=False, reasons=[], expires_at=NOW - 60 + 20 * 60, idle_seconds=60, age_seconds=3600)


def test_stale_containers():
    containers = [container(id='a'), container(id='b', status='expired'), container(id='c', last_active_at=NOW)]
    stale = FILTERS['stale_containers'](containers, now=NOW, idle_threshold_minutes=60)
    assert stale == [classified(id='a')]


def test_container_summary():
    containers = [container(id='a'), container(id='b', status='expired', memory_limit=None)]
    summary = FILTERS['container_summary'](containers, now=NOW, max_age_days=7)
    assert summary == {
        'total': 2,
        'by_status': {'running': 1, 'expired': 1},
        'by_state': {'active': 1, 'expired': 1, 'deleted': 0, 'unknown': 0},
        'by_memory_limit': {'1g': 1, 'unknown': 1},
        'stale': 1,
        'stale_by_reason': {'idle': 1, 'past_expiry': 1, 'too_old': 1},
    }


def test_now_can_be_positional():
    assert FILTERS['container_idle_seconds'](container(), NOW) == 2 * 3600
    assert FILTERS['container_classify'](container(), NOW, 600)['reasons'] == ['past_expiry']


@pytest.mark.parametrize('now', ['1747900000', u'1747900000.5'])
def test_now_accepts_a_numeric_string(now):
    # ansible_date_time.epoch is a string
    assert FILTERS['container_idle_seconds'](container(), now=now) == 2 * 3600


@pytest.mark.parametrize('name, seen', [
    ('container_idle_seconds', lambda result: result),
    ('container_classify', lambda result: result['idle_seconds']),
    ('stale_containers', lambda result: result[0]['idle_seconds']),
    # at any other time (or none) the summary would differ: the container is idle only after NOW - 20 min
    ('container_summary', lambda result: (result['stale'], result['stale_by_reason']['idle'])),
])
def test_now_defaults_to_the_current_time(monkeypatch, name, seen):
    monkeypatch.setattr('ansible_collections.llmops.openai.plugins.filter.containers.time.time', lambda: NOW + 60.0)
    argument = [container()] if name in ('stale_containers', 'container_summary') else container()
    expected = (1, 1) if name == 'container_summary' else 2 * 3600 + 60
    assert seen(FILTERS[name](argument)) == expected


def test_container_expires_at_takes_no_now():
    with pytest.raises(AnsibleFilterError) as caught:
        FILTERS['container_expires_at'](container(), now=NOW)  # pylint: disable=unexpected-keyword-arg
    assert str(caught.value) == ("llmops.openai.container_expires_at: unknown argument 'now'; "
                                 "the accepted arguments are: none (this filter takes no arguments)")


def test_a_misspelled_argument_is_named_with_the_accepted_ones():
    with pytest.raises(AnsibleFilterError) as caught:
        FILTERS['stale_containers']([container()], idle_treshold_minutes=60)
    assert str(caught.value) == (
        "llmops.openai.stale_containers: unknown argument 'idle_treshold_minutes' (did you mean "
        "'idle_threshold_minutes'?); the accepted arguments are: now, idle_threshold_minutes, max_age_days")


def test_too_many_positional_arguments_are_a_filter_error():
    with pytest.raises(AnsibleFilterError) as caught:
        FILTERS['container_summary']([container()], NOW, 20, 1, 2)
    assert 'llmops.openai.container_summary: too many positional arguments' in str(caught.value)
    assert 'the accepted arguments are: now, idle_threshold_minutes, max_age_days' in str(caught.value)


def test_a_registered_result_instead_of_its_containers_says_what_to_pass():
    registered = {'changed': False, 'containers': [container()], 'failed': False}
    with pytest.raises(AnsibleFilterError) as caught:
        FILTERS['stale_containers'](registered)
    assert str(caught.value) == (
        'llmops.openai.stale_containers: the input must be a list of containers, got a dict (keys: changed, '
        'containers, failed). It looks like the registered result of llmops.openai.container_info: pass its list, '
        'RESULT.containers | llmops.openai.stale_containers')


@pytest.mark.parametrize('name, argument, kwargs, message', [
    ('container_expires_at', 'cntr_1', {}, 'container_expires_at: the input must be one container (a dict), got a string'),
    ('container_expires_at', container(last_active_at='yesterday'), {},
     'container cntr_1: last_active_at must be a number'),
    ('container_idle_seconds', container(), {'now': 'now'}, "now must be epoch seconds, got 'now'"),
    ('container_idle_seconds', container(), {'now': [NOW]}, 'now must be a number'),
    ('container_classify', container(), {'now': NOW, 'idle_threshold_minutes': -5},
     'idle_threshold_minutes must be >= 0, got -5'),
    ('container_classify', [container()], {'now': NOW},
     "got a list. To apply it to every container of a list, use map('llmops.openai.container_classify')"),
    ('stale_containers', container(), {'now': NOW}, 'stale_containers: the input must be a list of containers, got a dict'),
    ('stale_containers', [container(), 'x'], {'now': NOW}, 'a container must be a dict, got str'),
    ('stale_containers', [container()], {'now': NOW, 'max_age_days': -1}, 'max_age_days must be >= 0'),
    ('container_summary', None, {'now': NOW}, 'the input must be a list of containers (for example RESULT.containers '
     'of llmops.openai.container_info), got null'),
    ('container_cost_summary', [container()], {'now': NOW, 'rates': {'1g': -1}}, 'rates[1g] must be >= 0'),
    ('container_cost_summary', [container()], {'now': NOW, 'per_minute_since': 'June'},
     "per_minute_since must be a day as YYYY-MM-DD or epoch seconds, got 'June'"),
    ('container_summary', [container()], {'now': 'nan'}, 'now must be a finite number'),
])
def test_errors_become_filter_errors(name, argument, kwargs, message):
    with pytest.raises(AnsibleFilterError) as exc_info:
        FILTERS[name](argument, **kwargs)
    assert message in str(exc_info.value)


# -- cost unknown, never a silent zero (issue 19, finding 9) --------------------------------------

@pytest.fixture(name='warnings')
def warnings_fixture(monkeypatch):
    """The warnings the filters show through ansible-core's Display."""
    shown = []
    monkeypatch.setattr(Display, 'warning', lambda self, message, *args, **kwargs: shown.append(message))
    return shown


def test_containers_without_a_tier_are_cost_unknown_counted_and_warned(warnings):
    # Behind a gateway that strips memory_limit every container came out at USD 0.00, silently.
    stripped = [container(id='cntr_%d' % n) for n in range(3)]
    for item in stripped:
        del item['memory_limit']
    items = stripped + [container(id='cntr_odd', memory_limit='3g'), container(id='cntr_ok')]
    summary = FILTERS['container_cost_summary'](items, now=NOW)
    priced = FILTERS['container_cost'](container(id='cntr_ok'), now=NOW)['cost']
    assert summary['total'] == pytest.approx(priced) and priced > 0
    assert summary['unpriced'] == summary['cost_unknown_count'] == 4
    assert summary['unknown_tier_count'] == 4
    assert [row['id'] for row in summary['cost_unknown']] == ['cntr_0', 'cntr_1', 'cntr_2', 'cntr_odd']
    assert summary['cost_unknown'][0]['reason'] == 'no memory_limit'
    assert summary['cost_unknown'][3]['reason'] == "memory_limit '3g' has no rate"
    assert summary['note'] == 'cost unknown for 4 containers (4 without a memory tier that has a rate): left out of the totals'
    assert warnings == ['llmops.openai.container_cost_summary: cost unknown for 4 containers (4 without a memory tier that '
                        'has a rate): left out of the totals: cntr_0 (no memory_limit), cntr_1 (no memory_limit), '
                        "cntr_2 (no memory_limit), cntr_odd (memory_limit '3g' has no rate)"]


def test_one_container_without_a_tier_is_cost_unknown_with_a_warning(warnings):
    item = container(id='cntr_\x1b[2J')
    del item['memory_limit']
    cost = FILTERS['container_cost'](item, now=NOW)
    assert cost['cost'] is None and cost['cost_unknown'] is True and cost['cost_unknown_reason'] == 'no memory_limit'
    assert cost['billed_minutes'] is not None  # the time is known; only the price is not
    assert len(warnings) == 1 and 'cntr_\\x1b[2J (no memory_limit)' in warnings[0] and warnings[0].isprintable()


def test_every_container_priced_means_no_note_and_no_warning(warnings):
    summary = FILTERS['container_cost_summary']([container()], now=NOW)
    assert summary['cost_unknown_count'] == 0 and summary['cost_unknown'] == [] and summary['note'] is None
    assert warnings == []


# -- huge integers (issue 19, finding 11) --------------------------------------------------------

@pytest.mark.parametrize('created_at', [10 ** 400, -10 ** 400, 10 ** 30])
def test_a_created_at_out_of_range_makes_the_cost_unknown_not_an_exception(warnings, created_at):
    # The strict schema accepts any integer: one such container must not stop the audit.
    items = [container(id='cntr_huge', created_at=created_at), container()]
    summary = FILTERS['container_cost_summary'](items, now=NOW)
    assert summary['cost_unknown'] == [{'id': 'cntr_huge', 'name': 'My Container', 'memory_limit': '1g',
                                        'reason': 'created_at out of range'}]
    assert summary['total'] == pytest.approx(FILTERS['container_cost'](container(), now=NOW)['cost'])
    assert FILTERS['container_cost'](items[0], now=NOW)['cost'] is None
    assert any('cntr_huge (created_at out of range)' in warning for warning in warnings)


@pytest.mark.parametrize('name', ['container_cost', 'container_cost_summary'])
@pytest.mark.parametrize('kwargs, message', [
    ({'rates': {'1g': 10 ** 400}}, 'rates[1g] must be <= 1000000000, got an integer of about 401 digits'),
    ({'block_minutes': 10 ** 400}, 'block_minutes must be <= 4223371679, got an integer of about 401 digits'),
    ({'minimum_minutes': 10 ** 400}, 'minimum_minutes must be <= 4223371679'),
    ({'now': 10 ** 400}, 'now must be <= 253402300799'),
    ({'now': -10 ** 400}, 'now must be >= -253402300799, got an integer of about 401 digits'),
    ({'per_minute_since': 10 ** 400}, 'per_minute_since must be <= 253402300799'),
])
def test_huge_arguments_are_a_filter_error_naming_the_argument(name, kwargs, message):
    argument = container() if name == 'container_cost' else [container(status='running', expires_after=None)]
    kwargs = dict({'now': NOW}, **kwargs)
    with pytest.raises(AnsibleFilterError) as caught:
        FILTERS[name](argument, **kwargs)
    assert str(caught.value).startswith('llmops.openai.%s: ' % name) and message in str(caught.value)


@pytest.mark.parametrize('name', ['container_idle_seconds', 'container_classify'])
def test_a_huge_now_is_a_filter_error_in_the_time_filters_too(name):
    with pytest.raises(AnsibleFilterError) as caught:
        FILTERS[name](container(), now=10 ** 400)
    assert 'now must be <= 253402300799' in str(caught.value)
