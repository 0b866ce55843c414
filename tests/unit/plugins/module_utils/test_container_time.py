# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.llmops.openai.plugins.module_utils._container_time import (
    DEFAULT_IDLE_THRESHOLD_MINUTES,
    age_seconds,
    classify,
    classify_all,
    expires_at,
    idle_seconds,
    stale_containers,
    summarize,
    unusable_numbers,
)

NOW = 1747900000
MINUTE = 60
DAY = 86400


def container(**fields):
    """A running container as the API returns it (the spec's example), overridden by fields.

    A field set to None is removed, as the API omits an optional field."""
    result = {
        'id': 'cntr_1',
        'object': 'container',
        'name': 'My Container',
        'created_at': NOW - 5 * MINUTE,
        'status': 'running',
        'expires_after': {'anchor': 'last_active_at', 'minutes': 20},
        'last_active_at': NOW - 5 * MINUTE,
        'memory_limit': '1g',
    }
    result.update(fields)
    return dict((key, value) for key, value in result.items() if value is not None)


# expires_at

def test_expires_at_is_anchor_plus_minutes():
    assert expires_at(container(last_active_at=1747844794)) == 1747844794 + 20 * MINUTE


def test_expires_at_uses_the_minutes_of_the_container():
    c = container(last_active_at=1000, expires_after={'anchor': 'last_active_at', 'minutes': 90})
    assert expires_at(c) == 1000 + 90 * MINUTE


def test_expires_at_returns_an_int_for_float_fields():
    c = container(last_active_at=1000.7, expires_after={'anchor': 'last_active_at', 'minutes': 1.5})
    assert expires_at(c) == 1090
    assert isinstance(expires_at(c), int)


def test_expires_at_missing_anchor_means_last_active_at():
    assert expires_at(container(last_active_at=1000, expires_after={'minutes': 20})) == 2200
    assert expires_at(container(last_active_at=1000, expires_after={'anchor': None, 'minutes': 20})) == 2200


@pytest.mark.parametrize('expires_after', [
    {'anchor': 'created_at', 'minutes': 20},  # not documented: no guess
    {'anchor': 'something_new', 'minutes': 20},
    {'anchor': 'last_active_at'},
    {'anchor': 'last_active_at', 'minutes': None},
    {},
])
def test_expires_at_unknown(expires_after):
    assert expires_at(container(expires_after=expires_after)) is None


def test_expires_at_unknown_without_expires_after():
    assert expires_at(container(expires_after=None)) is None
    c = container()
    c['expires_after'] = None  # explicit null
    assert expires_at(c) is None


def test_expires_at_unknown_without_anchor_value():
    assert expires_at(container(last_active_at=None)) is None


@pytest.mark.parametrize('fields, message', [
    ({'expires_after': 20}, 'expires_after must be a dict'),
    ({'expires_after': {'anchor': 'last_active_at', 'minutes': '20'}}, 'expires_after.minutes must be a number'),
    ({'last_active_at': '2025-05-21T16:26:34Z'}, 'last_active_at must be a number'),
    ({'last_active_at': True}, 'last_active_at must be a number'),
])
def test_expires_at_rejects_malformed_data(fields, message):
    with pytest.raises(TypeError, match='container cntr_1: ' + message):
        expires_at(container(**fields))


# idle_seconds, age_seconds

def test_idle_seconds():
    assert idle_seconds(container(last_active_at=NOW - 600), NOW) == 600


def test_idle_seconds_accepts_float_now():
    assert idle_seconds(container(last_active_at=NOW - 600), NOW + 0.9) == 600


def test_idle_seconds_is_never_negative():
    # the controller's clock can be behind the API's
    assert idle_seconds(container(last_active_at=NOW + 30), NOW) == 0


def test_idle_seconds_without_last_active_at():
    assert idle_seconds(container(last_active_at=None), NOW) is None


def test_age_seconds():
    assert age_seconds(container(created_at=NOW - 3 * DAY), NOW) == 3 * DAY
    assert age_seconds(container(created_at=NOW + 5), NOW) == 0
    assert age_seconds(container(created_at=None), NOW) is None


# classify

def test_classify_shape_of_a_fresh_running_container():
    assert classify(container(), NOW) == {
        'id': 'cntr_1',
        'name': 'My Container',
        'status': 'running',
        'memory_limit': '1g',
        'state': 'active',
        'stale': False,
        'reasons': [],
        'expires_at': NOW - 5 * MINUTE + 20 * MINUTE,
        'idle_seconds': 5 * MINUTE,
        'age_seconds': 5 * MINUTE,
    }


@pytest.mark.parametrize('status', ['running', 'active', 'Running', 'ACTIVE'])
def test_classify_live_statuses_are_active(status):
    assert classify(container(status=status), NOW)['state'] == 'active'


def test_classify_idle():
    # a long expiry, so that only the idle threshold matters
    c = container(last_active_at=NOW - 61 * MINUTE, expires_after={'anchor': 'last_active_at', 'minutes': 600})
    result = classify(c, NOW, idle_threshold_minutes=60)
    assert result['stale'] is True
    assert result['reasons'] == ['idle']


def test_classify_idle_threshold_is_exclusive():
    c = container(last_active_at=NOW - 60 * MINUTE, expires_after={'anchor': 'last_active_at', 'minutes': 600})
    assert classify(c, NOW, idle_threshold_minutes=60)['reasons'] == []
    assert classify(c, NOW + 1, idle_threshold_minutes=60)['reasons'] == ['idle']


def test_classify_default_idle_threshold_is_the_default_expiry():
    assert DEFAULT_IDLE_THRESHOLD_MINUTES == 20
    c = container(last_active_at=NOW - 21 * MINUTE, expires_after=None)
    assert classify(c, NOW)['reasons'] == ['idle']


def test_classify_idle_threshold_zero():
    c = container(last_active_at=NOW - 1, expires_after=None)
    assert classify(c, NOW, idle_threshold_minutes=0)['reasons'] == ['idle']


def test_classify_past_expiry():
    # expired 1 second ago, but not idle past a 60-minute threshold: only past_expiry
    c = container(last_active_at=NOW - 20 * MINUTE - 1)
    result = classify(c, NOW, idle_threshold_minutes=60)
    assert result['reasons'] == ['past_expiry']
    assert result['expires_at'] == NOW - 1


def test_classify_not_past_expiry_at_the_expiry_instant():
    c = container(last_active_at=NOW - 20 * MINUTE)
    assert classify(c, NOW, idle_threshold_minutes=60)['reasons'] == []


def test_classify_too_old():
    c = container(created_at=NOW - 8 * DAY)
    result = classify(c, NOW, max_age_days=7)
    assert result['reasons'] == ['too_old']
    assert result['age_seconds'] == 8 * DAY


def test_classify_too_old_only_when_max_age_days_is_set():
    assert classify(container(created_at=NOW - 800 * DAY), NOW)['reasons'] == []


def test_classify_too_old_accepts_fractional_days():
    c = container(created_at=NOW - 13 * 3600)
    assert classify(c, NOW, max_age_days=0.5)['reasons'] == ['too_old']


def test_classify_several_reasons_at_once():
    c = container(created_at=NOW - 30 * DAY, last_active_at=NOW - 2 * 3600)
    result = classify(c, NOW, idle_threshold_minutes=60, max_age_days=7)
    assert result['stale'] is True
    assert result['reasons'] == ['idle', 'past_expiry', 'too_old']


@pytest.mark.parametrize('status', ['expired', 'deleted', 'Expired'])
def test_classify_expired_and_deleted_are_never_stale(status):
    c = container(status=status, created_at=NOW - 30 * DAY, last_active_at=NOW - 2 * 3600)
    result = classify(c, NOW, idle_threshold_minutes=0, max_age_days=1)
    assert result['state'] == status.lower()
    assert result['status'] == status
    assert result['stale'] is False
    assert result['reasons'] == []
    # the times are still reported
    assert result['idle_seconds'] == 2 * 3600
    assert result['expires_at'] == NOW - 2 * 3600 + 20 * MINUTE


@pytest.mark.parametrize('status', ['paused', 'creating', '', 42])
def test_classify_unknown_status_is_reported_and_never_stale(status):
    c = container(status=status, created_at=NOW - 30 * DAY, last_active_at=NOW - 2 * 3600)
    result = classify(c, NOW, idle_threshold_minutes=0, max_age_days=1)
    assert result['state'] == 'unknown'
    assert result['status'] == status
    assert result['stale'] is False


def test_classify_missing_status():
    result = classify(container(status=None), NOW)
    assert result['state'] == 'unknown'
    assert result['status'] is None
    assert result['stale'] is False


def test_classify_only_required_fields():
    c = {'id': 'cntr_2', 'object': 'container', 'name': 'n', 'created_at': NOW - 10, 'status': 'running'}
    assert classify(c, NOW, max_age_days=1) == {
        'id': 'cntr_2', 'name': 'n', 'status': 'running', 'memory_limit': None, 'state': 'active',
        'stale': False, 'reasons': [], 'expires_at': None, 'idle_seconds': None, 'age_seconds': 10,
    }


def test_classify_null_optional_fields():
    c = container()
    for field in ('last_active_at', 'expires_after', 'memory_limit', 'network_policy'):
        c[field] = None
    result = classify(c, NOW, idle_threshold_minutes=0)
    assert result['stale'] is False
    assert result['expires_at'] is None
    assert result['idle_seconds'] is None
    assert result['memory_limit'] is None


def test_classify_empty_container():
    result = classify({}, NOW, max_age_days=1)
    assert result['state'] == 'unknown'
    assert result['stale'] is False
    assert result['id'] is None


def test_classify_ignores_new_fields():
    c = container(network_policy={'type': 'disabled'}, some_future_field=[1, 2])
    assert classify(c, NOW)['stale'] is False


def test_classify_unknown_expiry_is_never_past_expiry():
    c = container(last_active_at=NOW - 10 * DAY, expires_after={'anchor': 'created_at', 'minutes': 1})
    assert classify(c, NOW, idle_threshold_minutes=100 * 24 * 60)['reasons'] == []


def test_classify_does_not_change_its_input():
    c = container()
    before = dict(c)
    classify(c, NOW)
    assert c == before


# bad arguments

@pytest.mark.parametrize('now', [None, '1747900000', True, [NOW]])
def test_now_must_be_a_number(now):
    with pytest.raises(TypeError, match='now must be a number'):
        classify(container(), now)
    with pytest.raises(TypeError, match='now must be a number'):
        idle_seconds(container(), now)
    with pytest.raises(TypeError, match='now must be a number'):
        age_seconds(container(), now)


@pytest.mark.parametrize('now', [float('nan'), float('inf')])
def test_now_must_be_finite(now):
    with pytest.raises(ValueError, match='now must be a finite number'):
        classify(container(), now)


def test_now_is_required():
    with pytest.raises(TypeError):
        classify(container())  # pylint: disable=no-value-for-parameter


@pytest.mark.parametrize('kwargs, error, message', [
    ({'idle_threshold_minutes': -1}, ValueError, 'idle_threshold_minutes must be >= 0, got -1'),
    ({'idle_threshold_minutes': None}, TypeError, 'idle_threshold_minutes must be a number'),
    ({'idle_threshold_minutes': '60'}, TypeError, 'idle_threshold_minutes must be a number'),
    ({'max_age_days': -0.5}, ValueError, 'max_age_days must be >= 0, got -0.5'),
    ({'max_age_days': '7'}, TypeError, 'max_age_days must be a number'),
    ({'max_age_days': float('inf')}, ValueError, 'max_age_days must be a finite number'),
])
def test_bad_options(kwargs, error, message):
    for function in (classify, stale_containers, summarize):
        argument = container() if function is classify else [container()]
        with pytest.raises(error, match=message):
            function(argument, NOW, **kwargs)


def test_bad_options_are_reported_for_an_empty_list():
    with pytest.raises(ValueError, match='idle_threshold_minutes'):
        stale_containers([], NOW, idle_threshold_minutes=-1)


@pytest.mark.parametrize('function', [expires_at, lambda c: idle_seconds(c, NOW), lambda c: classify(c, NOW)])
@pytest.mark.parametrize('value', [None, 'cntr_1', ['cntr_1']])
def test_container_must_be_a_dict(function, value):
    with pytest.raises(TypeError, match='a container must be a dict'):
        function(value)


@pytest.mark.parametrize('containers', [None, container(), 'cntr_1', 42])
def test_containers_must_be_a_list(containers):
    for function in (classify_all, stale_containers, summarize):
        with pytest.raises(TypeError, match='containers must be a list of container dicts'):
            function(containers, NOW)


def test_containers_must_be_a_list_of_dicts():
    with pytest.raises(TypeError, match='a container must be a dict, got str'):
        stale_containers([container(), 'cntr_2'], NOW)


# lists

def fleet():
    return [
        container(id='fresh'),
        container(id='idle', last_active_at=NOW - 61 * MINUTE,
                  expires_after={'anchor': 'last_active_at', 'minutes': 600}, memory_limit='4g'),
        container(id='zombie', created_at=NOW - 30 * DAY, last_active_at=NOW - 2 * 3600, memory_limit=None),
        container(id='gone', status='expired', last_active_at=NOW - 2 * 3600),
        container(id='deleted', status='deleted', created_at=NOW - 30 * DAY),
        container(id='odd', status='paused', last_active_at=NOW - 2 * 3600, memory_limit='64g'),
        container(id='late', last_active_at=NOW - 21 * MINUTE, memory_limit='16g'),
    ]


def test_classify_all_keeps_order():
    assert [result['id'] for result in classify_all(fleet(), NOW)] == [
        'fresh', 'idle', 'zombie', 'gone', 'deleted', 'odd', 'late']


def test_classify_all_accepts_a_tuple_or_generator():
    assert len(classify_all(tuple(fleet()), NOW)) == 7
    assert len(classify_all((c for c in fleet()), NOW)) == 7


def test_stale_containers():
    stale = stale_containers(fleet(), NOW, idle_threshold_minutes=60, max_age_days=7)
    assert [(result['id'], result['reasons']) for result in stale] == [
        ('idle', ['idle']),
        ('zombie', ['idle', 'past_expiry', 'too_old']),
        ('late', ['past_expiry']),
    ]
    assert all(result['stale'] and result['state'] == 'active' for result in stale)


def test_stale_containers_empty():
    assert stale_containers([], NOW) == []


def test_summarize():
    assert summarize(fleet(), NOW, idle_threshold_minutes=60, max_age_days=7) == {
        'total': 7,
        'by_status': {'running': 4, 'expired': 1, 'deleted': 1, 'paused': 1},
        'by_state': {'active': 4, 'expired': 1, 'deleted': 1, 'unknown': 1},
        'by_memory_limit': {'1g': 3, '4g': 1, 'unknown': 1, '64g': 1, '16g': 1},
        'stale': 3,
        'stale_by_reason': {'idle': 2, 'past_expiry': 2, 'too_old': 1},
    }


def test_summarize_default_options():
    summary = summarize(fleet(), NOW)
    # default threshold 20 minutes: 'late' is idle too; no max_age_days: nothing is too old
    assert summary['stale'] == 3
    assert summary['stale_by_reason'] == {'idle': 3, 'past_expiry': 2, 'too_old': 0}


def test_summarize_empty():
    assert summarize([], NOW) == {
        'total': 0,
        'by_status': {},
        'by_state': {'active': 0, 'expired': 0, 'deleted': 0, 'unknown': 0},
        'by_memory_limit': {},
        'stale': 0,
        'stale_by_reason': {'idle': 0, 'past_expiry': 0, 'too_old': 0},
    }


def test_summarize_missing_and_odd_values_count_as_unknown():
    containers = [container(status=None, memory_limit=None), container(status=42, memory_limit='')]
    summary = summarize(containers, NOW)
    assert summary['by_status'] == {'unknown': 2}
    assert summary['by_state']['unknown'] == 2
    assert summary['by_memory_limit'] == {'unknown': 2}


# Numbers out of range from the API: unknown, never a crash (issue 10)

HUGE_INT = 10 ** 400  # a JSON integer literal of 401 digits parses to this; float() of it overflows


@pytest.mark.parametrize('fields', [
    {'expires_after': {'anchor': 'last_active_at', 'minutes': 1e308}},
    {'expires_after': {'anchor': 'last_active_at', 'minutes': float('inf')}},
    {'expires_after': {'anchor': 'last_active_at', 'minutes': float('nan')}},
    {'expires_after': {'anchor': 'last_active_at', 'minutes': HUGE_INT}},
    {'last_active_at': float('inf')},
    {'last_active_at': float('-inf')},
    {'last_active_at': float('nan')},
    {'last_active_at': 1e308},
    {'last_active_at': HUGE_INT},
])
def test_expiry_is_unknown_when_a_number_is_out_of_range(fields):
    c = container(**fields)
    assert expires_at(c) is None
    result = classify(c, NOW)
    assert result['expires_at'] is None
    assert 'past_expiry' not in result['reasons']
    assert unusable_numbers(c)


@pytest.mark.parametrize('value', [1e308, float('inf'), float('-inf'), float('nan'), HUGE_INT, -HUGE_INT])
def test_idle_and_age_are_unknown_when_the_timestamp_is_out_of_range(value):
    c = container(last_active_at=value, created_at=value)
    assert idle_seconds(c, NOW) is None
    assert age_seconds(c, NOW) is None
    result = classify(c, NOW, max_age_days=1)
    assert (result['idle_seconds'], result['age_seconds'], result['reasons']) == (None, None, [])
    assert [name for name, dummy in unusable_numbers(c)] == ['created_at', 'last_active_at']


def test_summaries_of_out_of_range_containers_count_them_without_failing():
    containers = [container(id='cntr_%d' % n, last_active_at=value)
                  for n, value in enumerate([HUGE_INT, float('inf'), 1e308, NOW - 3 * DAY])]
    summary = summarize(containers, NOW)
    assert summary['total'] == 4
    assert summary['stale'] == 1
    assert [r['id'] for r in stale_containers(containers, NOW)] == ['cntr_3']


def test_the_largest_valid_numbers_still_compute():
    c = container(last_active_at=NOW, expires_after={'anchor': 'last_active_at', 'minutes': 10 ** 9})
    assert expires_at(c) == NOW + 10 ** 9 * 60
    assert unusable_numbers(c) == []
    assert unusable_numbers(container(expires_after='nope', created_at='x')) == []
