# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.llmops.openai.plugins.filter.containers import FilterModule

NOW = 1747900000
FILTERS = FilterModule().filters()
NAMES = ('container_expires_at', 'container_idle_seconds', 'container_classify', 'stale_containers',
         'container_summary')


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
    with pytest.raises(TypeError):
        FILTERS['container_expires_at'](container(), now=NOW)  # pylint: disable=unexpected-keyword-arg


@pytest.mark.parametrize('name, argument, kwargs, message', [
    ('container_expires_at', 'cntr_1', {}, 'a container must be a dict, got str'),
    ('container_expires_at', container(last_active_at='yesterday'), {},
     'container cntr_1: last_active_at must be a number'),
    ('container_idle_seconds', container(), {'now': 'now'}, "now must be epoch seconds, got 'now'"),
    ('container_idle_seconds', container(), {'now': [NOW]}, 'now must be a number'),
    ('container_classify', container(), {'now': NOW, 'idle_threshold_minutes': -5},
     'idle_threshold_minutes must be >= 0, got -5'),
    ('container_classify', [container()], {'now': NOW}, 'a container must be a dict, got list'),
    ('stale_containers', container(), {'now': NOW}, 'containers must be a list of container dicts'),
    ('stale_containers', [container()], {'now': NOW, 'max_age_days': -1}, 'max_age_days must be >= 0'),
    ('container_summary', None, {'now': NOW}, 'containers must be a list of container dicts'),
    ('container_summary', [container()], {'now': 'nan'}, 'now must be a finite number'),
])
def test_errors_become_filter_errors(name, argument, kwargs, message):
    with pytest.raises(AnsibleFilterError) as exc_info:
        FILTERS[name](argument, **kwargs)
    assert message in str(exc_info.value)
