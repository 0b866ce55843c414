# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Jinja2 filters over OpenAI containers: thin wrappers around module_utils._container_time.

The documentation of each filter is in ``<filter name>.yml`` next to this file.
"""


import functools
import inspect
import time

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.utils.display import Display

from ansible_collections.llmops.openai.plugins.module_utils import _container_time
from ansible_collections.llmops.openai.plugins.module_utils._containers import first_and_more, short_repr
from ansible_collections.llmops.openai.plugins.module_utils._options import DEFAULT_IDLE_THRESHOLD_MINUTES
from ansible_collections.llmops.openai.plugins.module_utils._text import did_you_mean, printable
from ansible_collections.llmops.openai.plugins.plugin_utils import _container_cost
from ansible_collections.llmops.openai.plugins.plugin_utils._container_cost import (
    DEFAULT_BLOCK_MINUTES, DEFAULT_MINIMUM_MINUTES, DEFAULT_PER_MINUTE_SINCE, DEFAULT_TOP_NAMES, BillingModel, unknown_note)

display = Display()


def _epoch(now):
    """The now parameter: the current time when omitted. A numeric string is accepted because
    that is what facts give (ansible_date_time.epoch)."""
    if now is None:
        return time.time()
    if isinstance(now, str):
        try:
            return float(now)
        except ValueError:
            raise ValueError('now must be epoch seconds, got %r' % now)
    return now


def _warn_unknown_costs(name, note, unknown):
    """A cost that is unknown is never a silent zero: one warning with the ``note``, naming the first
    containers and why. ``unknown`` is a list of ``(id, reason)``; both come from the API, so they are
    escaped for the terminal."""
    if not unknown:
        return
    containers = ['%s (%s)' % (printable(container_id if isinstance(container_id, str) else short_repr(container_id, 40)),
                               printable(reason)) for container_id, reason in unknown]
    display.warning('llmops.openai.%s: %s: %s' % (name, note, first_and_more(containers)))


def _kind(value):
    """What a value is, in the words of a playbook author (not a Python class name)."""
    if isinstance(value, Mapping):
        return 'a dict'
    if isinstance(value, str):
        return 'a string'
    if isinstance(value, (list, tuple)):
        return 'a list'
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'a boolean'
    if isinstance(value, (int, float)):
        return 'a number'
    return 'a value of type %s' % type(value).__name__


def _check_list_input(name, value):
    """The input of a filter over a list of containers: say what was passed and what to pass."""
    if isinstance(value, Mapping):
        keys = ', '.join(sorted(str(key) for key in value)[:8])
        hint = ''
        if 'containers' in value:
            hint = (' It looks like the registered result of llmops.openai.container_info: pass its list, '
                    'RESULT.containers | llmops.openai.%s' % name)
        raise AnsibleFilterError('llmops.openai.%s: the input must be a list of containers, got a dict (keys: %s).%s'
                                 % (name, keys, hint))
    if isinstance(value, (str, bytes)) or not hasattr(value, '__iter__'):
        raise AnsibleFilterError('llmops.openai.%s: the input must be a list of containers (for example '
                                 'RESULT.containers of llmops.openai.container_info), got %s' % (name, _kind(value)))


def _check_one_input(name, value):
    """The input of a filter over one container."""
    if not isinstance(value, Mapping):
        hint = (" To apply it to every container of a list, use map('llmops.openai.%s')." % name
                if isinstance(value, (list, tuple)) else '')
        raise AnsibleFilterError('llmops.openai.%s: the input must be one container (a dict), got %s.%s'
                                 % (name, _kind(value), hint))


def _filter(name, check_input):
    """Make ``function`` the filter ``name``: check its input and keyword arguments before running it,
    and turn a bad argument or bad container data into a filter error, never a raw Python TypeError."""
    def decorate(function):
        signature = inspect.signature(function)
        accepted = list(signature.parameters)[1:]
        listed = ', '.join(accepted) or 'none (this filter takes no arguments)'

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            for key in kwargs:
                if key not in accepted:
                    raise AnsibleFilterError('llmops.openai.%s: unknown argument %r%s; the accepted arguments are: %s'
                                             % (name, key, did_you_mean(key, accepted), listed))
            try:
                signature.bind(*args, **kwargs)
            except TypeError as exc:
                raise AnsibleFilterError('llmops.openai.%s: %s; the accepted arguments are: %s'
                                         % (name, exc, listed))
            check_input(name, args[0])
            try:
                return function(*args, **kwargs)
            except (TypeError, ValueError) as exc:
                raise AnsibleFilterError('llmops.openai.%s: %s' % (name, exc))
        return wrapper
    return decorate


@_filter('container_expires_at', _check_one_input)
def container_expires_at(container):
    return _container_time.expires_at(container)


@_filter('container_idle_seconds', _check_one_input)
def container_idle_seconds(container, now=None):
    return _container_time.idle_seconds(container, _epoch(now))


@_filter('container_classify', _check_one_input)
def container_classify(container, now=None, idle_threshold_minutes=DEFAULT_IDLE_THRESHOLD_MINUTES, max_age_days=None):
    return _container_time.classify(container, _epoch(now), idle_threshold_minutes, max_age_days)


@_filter('stale_containers', _check_list_input)
def stale_containers(containers, now=None, idle_threshold_minutes=DEFAULT_IDLE_THRESHOLD_MINUTES, max_age_days=None):
    return _container_time.stale_containers(containers, _epoch(now), idle_threshold_minutes, max_age_days)


@_filter('container_summary', _check_list_input)
def container_summary(containers, now=None, idle_threshold_minutes=DEFAULT_IDLE_THRESHOLD_MINUTES, max_age_days=None):
    return _container_time.summarize(containers, _epoch(now), idle_threshold_minutes, max_age_days)


@_filter('container_cost', _check_one_input)
def container_cost(container, now=None, rates=None, block_minutes=DEFAULT_BLOCK_MINUTES,
                   minimum_minutes=DEFAULT_MINIMUM_MINUTES, per_minute_since=DEFAULT_PER_MINUTE_SINCE):
    now = _epoch(now)
    billing = BillingModel(rates, block_minutes, minimum_minutes, per_minute_since)
    cost = _container_cost.estimate_all([container], now, billing)[0][1]
    if cost['cost_unknown']:
        note = unknown_note(1, int(not billing.has_rate(cost['memory_limit'])))
        _warn_unknown_costs('container_cost', note, [(cost['id'], cost['cost_unknown_reason'])])
    return cost


@_filter('container_cost_summary', _check_list_input)
def container_cost_summary(containers, now=None, idle_threshold_minutes=DEFAULT_IDLE_THRESHOLD_MINUTES, max_age_days=None,
                           rates=None, block_minutes=DEFAULT_BLOCK_MINUTES, minimum_minutes=DEFAULT_MINIMUM_MINUTES,
                           per_minute_since=DEFAULT_PER_MINUTE_SINCE, top_names=DEFAULT_TOP_NAMES):
    billing = BillingModel(rates, block_minutes, minimum_minutes, per_minute_since)
    summary = _container_cost.cost_summary(list(containers), _epoch(now), billing, idle_threshold_minutes, max_age_days,
                                           top_names)
    _warn_unknown_costs('container_cost_summary', summary['note'], [(row['id'], row['reason']) for row in summary['cost_unknown']])
    return summary


class FilterModule:
    """Container time and cost filters."""

    def filters(self):
        return {
            'container_expires_at': container_expires_at,
            'container_idle_seconds': container_idle_seconds,
            'container_classify': container_classify,
            'stale_containers': stale_containers,
            'container_summary': container_summary,
            'container_cost': container_cost,
            'container_cost_summary': container_cost_summary,
        }
