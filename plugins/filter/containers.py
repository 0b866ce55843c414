# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Jinja2 filters over OpenAI containers: thin wrappers around module_utils._container_time.

The documentation of each filter is in ``<filter name>.yml`` next to this file.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import time

from ansible.errors import AnsibleFilterError

from ansible_collections.llmops.openai.plugins.module_utils import _container_time
from ansible_collections.llmops.openai.plugins.module_utils._container_time import DEFAULT_IDLE_THRESHOLD_MINUTES


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


def _call(compute):
    """Run compute() and turn a bad argument or bad container data into a filter error
    (Ansible names the failing filter in front of the message)."""
    try:
        return compute()
    except (TypeError, ValueError) as exc:
        raise AnsibleFilterError(str(exc))


def container_expires_at(container):
    return _call(lambda: _container_time.expires_at(container))


def container_idle_seconds(container, now=None):
    return _call(lambda: _container_time.idle_seconds(container, _epoch(now)))


def container_classify(container, now=None, idle_threshold_minutes=DEFAULT_IDLE_THRESHOLD_MINUTES, max_age_days=None):
    return _call(lambda: _container_time.classify(
        container, _epoch(now), idle_threshold_minutes, max_age_days))


def stale_containers(containers, now=None, idle_threshold_minutes=DEFAULT_IDLE_THRESHOLD_MINUTES, max_age_days=None):
    return _call(lambda: _container_time.stale_containers(
        containers, _epoch(now), idle_threshold_minutes, max_age_days))


def container_summary(containers, now=None, idle_threshold_minutes=DEFAULT_IDLE_THRESHOLD_MINUTES, max_age_days=None):
    return _call(lambda: _container_time.summarize(
        containers, _epoch(now), idle_threshold_minutes, max_age_days))


class FilterModule(object):
    """Container time filters."""

    def filters(self):
        return {
            'container_expires_at': container_expires_at,
            'container_idle_seconds': container_idle_seconds,
            'container_classify': container_classify,
            'stale_containers': stale_containers,
            'container_summary': container_summary,
        }
