# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# What the event source llmops.openai.containers (extensions/eda) does besides polling: read its
# options, and turn two successive listings of a project into change events. No network and no
# clock here: the source passes the listings, the failures and the time in, so every rule below is
# tested as a pure function.

import re

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OptionError
from ansible_collections.llmops.openai.plugins.module_utils._container_time import classify
from ansible_collections.llmops.openai.plugins.module_utils._containers import ListingOptions
from ansible_collections.llmops.openai.plugins.module_utils._options import (
    CONNECTION_OPTION_NAMES, DEFAULT_ERROR_AFTER_FAILURES, DEFAULT_IDLE_THRESHOLD_MINUTES, EVENT_SOURCE_ARGUMENT_SPEC, integer_option,
    number_option)
from ansible_collections.llmops.openai.plugins.module_utils._text import clip
from ansible_collections.llmops.openai.plugins.plugin_utils._projects import project_specs, secrets_of

SOURCE_NAME = 'llmops.openai.containers'
# Polling the API more than once a second is never useful and counts against its rate limits.
MIN_INTERVAL = 1.0
SOURCE_OPTION_NAMES = tuple(EVENT_SOURCE_ARGUMENT_SPEC)
# Arguments ansible-rulebook itself adds to those of the rulebook.
RULEBOOK_ARGS = ('eda_feedback_queue',)
# Where ArgumentSpecValidator names the option in a message: a type error ("argument 'interval' is of
# type ...") or a value not among the choices ("value of schema_validation must be one of ...").
_VALIDATOR_OPTION = re.compile(r"argument '([^']+)'|value of (\S+) must")

# A container id goes into URLs and, through rulebook actions, into playbooks (where Ansible would
# template a '{{'): only ids made of these characters are tracked; the API's look like cntr_<hex>.
SAFE_ID = re.compile(r'[A-Za-z0-9][A-Za-z0-9_-]{0,199}')


class SourceOptions:
    """The validated arguments of the event source, with the same connection options, environment
    fallbacks and `projects` as the inventory plugin. Types and choices are ansible-core's
    ArgumentSpecValidator's over EVENT_SOURCE_ARGUMENT_SPEC (_options.py), the bounds the
    collection's own; raises OptionError naming the option before any request is sent."""

    def __init__(self, args, environ):
        if not isinstance(args, dict):
            raise OptionError('args', 'the source arguments must be a dictionary')
        args = dict((key, value) for key, value in args.items() if key not in RULEBOOK_ARGS)
        params = validated_arguments(args)
        # ConnectionSettings fills the options not set from the environment (project_specs passes environ on).
        connection = dict((name, params[name]) for name in CONNECTION_OPTION_NAMES)
        self.specs = project_specs(connection, params['projects'], environ)
        self.secrets = secrets_of(self.specs)
        self.schema_validation = params['schema_validation']
        self.listing = ListingOptions(page_size=params['page_size'], name=params['name'],
                                      max_pages=params['max_pages'], listing_timeout=params['listing_timeout'])
        self.interval = number_option('interval', params['interval'], minimum=MIN_INTERVAL)
        self.idle_threshold_minutes = number_option('idle_threshold_minutes', params['idle_threshold_minutes'], minimum=0)
        self.max_age_days = number_option('max_age_days', params['max_age_days'], minimum=0)
        self.startup_snapshot = params['startup_snapshot']
        self.error_after_failures = integer_option('error_after_failures', params['error_after_failures'], minimum=1)
        # Opt-in: None (the default) emits no expiring event.
        self.expiring_within_minutes = number_option('expiring_within_minutes', params['expiring_within_minutes'], above=0,
                                                     unit='minutes')

    @property
    def project_names(self):
        return [spec.name for spec in self.specs]


def validated_arguments(args):
    """``args`` with their types converted and the defaults added, by ArgumentSpecValidator; the
    first problem as an OptionError that names the option (no value is quoted: one may be a key)."""
    result = ArgumentSpecValidator(EVENT_SOURCE_ARGUMENT_SPEC).validate(args)
    if result.unsupported_parameters:
        raise OptionError(sorted(result.unsupported_parameters)[0], 'unknown option (known: %s)' % ', '.join(SOURCE_OPTION_NAMES))
    for error in result.errors:
        match = _VALIDATOR_OPTION.search(str(error))
        raise OptionError((match.group(1) or match.group(2)) if match else 'args', str(error))
    return result.validated_parameters


def describe(container, now, idle_threshold_minutes, max_age_days):
    """The computed fields of an event, from the one definition of container time (the filters')."""
    try:
        facts = classify(container, now, idle_threshold_minutes, max_age_days)
    except (TypeError, ValueError):
        # A malformed time field (possible with schema_validation warn or off) means "cannot be known".
        facts = {'state': 'unknown', 'stale': False, 'reasons': [], 'expires_at': None,
                 'idle_seconds': None, 'age_seconds': None}
    return dict((key, facts[key]) for key in ('expires_at', 'idle_seconds', 'age_seconds', 'state', 'stale', 'reasons'))


def error_details(error, message):
    """The `error` of an error event: the redacted message and, for an API error, its status,
    type, code and request id."""
    details = {'message': message, 'status': None, 'type': None, 'code': None, 'request_id': None}
    if isinstance(error, ApiError):
        details.update(status=error.status, type=error.error_type, code=error.code, request_id=error.request_id)
    return details


class _Seen:
    """What is remembered of a live container between two polls: its last fields, status and staleness,
    and the expiry time an `expiring` event was emitted for (None when none was)."""

    __slots__ = ('container', 'status', 'stale', 'expiring_announced')

    def __init__(self, container, status, stale, expiring_announced=None):
        self.container = container
        self.status = status
        self.stale = stale
        self.expiring_announced = expiring_announced


class ContainerWatcher:
    """Compares each listing of a project with the previous one and returns the events.

    Memory is one entry per live container of the last successful listing. A project's first
    successful listing is the baseline: it gives one `snapshot` event per container when
    ``startup_snapshot`` is true, and nothing otherwise. Later listings give, per container in API
    order, `appeared` (then `stale` if it already is), `status_changed`, `stale` (when it was not
    stale at the previous listing), then `disappeared` for every container no longer listed. A
    failed listing changes nothing remembered (so it never reports deletions); the
    ``error_after_failures``-th failure in a row gives one `error` event, and the next successful
    listing after it a `recovered` event.

    With ``expiring_within_minutes``, a live (active) container whose expiry time is in the future
    and at most that many minutes away gives one `expiring` event per container and expiry time,
    the baseline listing included (the files of a container about to expire are at stake whether or
    not the source saw it start): a container used again gets a later expiry time, and a new event
    when that one comes near.
    """

    def __init__(self, project_names, idle_threshold_minutes=DEFAULT_IDLE_THRESHOLD_MINUTES, max_age_days=None,
                 startup_snapshot=False, error_after_failures=DEFAULT_ERROR_AFTER_FAILURES, secrets=(), warn=None,
                 expiring_within_minutes=None):
        self._seen = dict.fromkeys(project_names)
        self._failures = dict.fromkeys(project_names, 0)
        self.idle_threshold_minutes = idle_threshold_minutes
        self.max_age_days = max_age_days
        self.startup_snapshot = startup_snapshot
        self.error_after_failures = error_after_failures
        self.expiring_within_minutes = expiring_within_minutes
        self._secrets = list(secrets)
        self._warn = warn or (lambda message: None)

    def tracked(self, project):
        """How many containers of a project are remembered (None before its first listing)."""
        seen = self._seen[project]
        return None if seen is None else len(seen)

    def listed(self, project, containers, now):
        """The events of a successful listing of ``project`` (every container, in API order) at ``now``."""
        events = []
        if self._failures[project] >= self.error_after_failures:
            events.append({'type': 'recovered', 'project': project, 'failures': self._failures[project],
                           'polled_at': int(now)})
        self._failures[project] = 0
        previous = self._seen[project]
        current = {}
        unusable = []
        for container in containers:
            container_id = container.get('id') if isinstance(container, dict) else None
            if not isinstance(container_id, str) or not SAFE_ID.fullmatch(container_id):
                unusable.append(container_id if isinstance(container, dict) else container)
                continue
            if container_id in current:
                continue
            facts = describe(container, now, self.idle_threshold_minutes, self.max_age_days)
            status = container.get('status')
            before = previous.get(container_id) if previous is not None else None
            seen = current[container_id] = _Seen(container, status, facts['stale'],
                                                 before.expiring_announced if before is not None else None)
            expiring = self._expiring(project, container, facts, now, seen)
            if previous is None:
                if self.startup_snapshot:
                    events.append(self._event('snapshot', project, container, facts, now))
                events.extend(expiring)
                continue
            if before is None:
                events.append(self._event('appeared', project, container, facts, now))
            elif before.status != status:
                events.append(self._event('status_changed', project, container, facts, now, previous_status=before.status))
            if facts['stale'] and (before is None or not before.stale):
                events.append(self._event('stale', project, container, facts, now))
            events.extend(expiring)
        if previous is not None:
            for container_id, before in previous.items():
                if container_id not in current:
                    facts = describe(before.container, now, self.idle_threshold_minutes, self.max_age_days)
                    events.append(self._event('disappeared', project, before.container, facts, now))
        if unusable:
            shown = ', '.join(clip(repr(value), 80, self._secrets) for value in unusable[:5])
            self._warn('project %s: %d container%s without a usable id (letters, digits, _ and - only) left out: %s' % (
                project, len(unusable), '' if len(unusable) == 1 else 's', shown))
        self._seen[project] = current
        return events

    def _expiring(self, project, container, facts, now, seen):
        """The `expiring` event of a container (a list of one or none); remembers it in ``seen``."""
        expiry = facts['expires_at']
        if self.expiring_within_minutes is None or expiry is None or facts['state'] != 'active':
            return []
        remaining = expiry - now
        if not 0 < remaining <= self.expiring_within_minutes * 60 or seen.expiring_announced == expiry:
            return []
        seen.expiring_announced = expiry
        return [self._event('expiring', project, container, facts, now, expires_in_seconds=int(remaining))]

    def failed(self, project, error, message, now):
        """The events of a failed listing of ``project``: one `error` event when the failures in a
        row reach ``error_after_failures``, otherwise none. ``message`` is the front end's, already
        redacted (PluginFront.text_of)."""
        self._failures[project] += 1
        if self._failures[project] != self.error_after_failures:
            return []
        return [{'type': 'error', 'project': project, 'failures': self._failures[project],
                 'error': error_details(error, message), 'polled_at': int(now)}]

    @staticmethod
    def _event(kind, project, container, facts, now, **extra):
        event = {'type': kind, 'project': project, 'container': dict(container)}
        event.update(facts)
        event['reasons'] = list(facts['reasons'])
        event['polled_at'] = int(now)
        event.update(extra)
        return event
