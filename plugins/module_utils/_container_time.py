# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the llmops.openai collection and may change at any time.
# Do not use it from outside this collection.

"""The one definition of container time used by the inventory plugin, the filters and the audit role.

Every function takes a container dict exactly as the Containers API returns it (any optional
field may be absent or null) and, where the answer depends on the clock, an explicit ``now``
(epoch seconds), so that results are reproducible and testable.
"""


import math

from collections.abc import Mapping

from ansible_collections.llmops.openai.plugins.module_utils._options import DEFAULT_IDLE_THRESHOLD_MINUTES, number_argument


# Stale reasons, in the order classify() reports them.
REASONS = ('idle', 'past_expiry', 'too_old')

# State for a missing or unrecognised status, and summary key for a missing status or memory_limit.
UNKNOWN = 'unknown'
STATES = ('active', 'expired', 'deleted', UNKNOWN)

# status has no enum: the docs say "active", the API answers "running", expired ones "expired".
# Matched case-insensitively; any other status is state "unknown" and never stale.
_STATE_OF_STATUS = {'running': 'active', 'active': 'active', 'expired': 'expired', 'deleted': 'deleted'}

_SUPPORTED_ANCHORS = ('last_active_at',)

# Numbers from the API beyond these are unknown, not errors: the end of the year 9999 in epoch
# seconds, and as many minutes, so that anchor + minutes * 60 stays an ordinary integer.
MAX_TIMESTAMP = 253402300799
MAX_MINUTES = MAX_TIMESTAMP // 60
_LIMITS = {'expires_after.minutes': MAX_MINUTES}


def _check_container(container):
    if not isinstance(container, Mapping):
        raise TypeError('a container must be a dict, got %s' % type(container).__name__)
    return container


def _check_containers(containers):
    # A dict or a string is iterable too, and iterating it silently gives nonsense.
    if isinstance(containers, (Mapping, str, bytes)) or not hasattr(containers, '__iter__'):
        raise TypeError('containers must be a list of container dicts, got %s' % type(containers).__name__)
    return [_check_container(container) for container in containers]


def is_json_number(value):
    """Whether ``value`` is a number of a JSON answer (an int or a float, infinities and NaN too; not a boolean)."""
    return not isinstance(value, bool) and isinstance(value, (int, float))


def is_finite_number(value):
    """Whether ``value`` is a JSON number that is finite."""
    # An int is always finite, and math.isfinite cannot take one of 400 digits (OverflowError).
    return is_json_number(value) and (isinstance(value, int) or math.isfinite(value))


def _in_range(value, limit):
    # A comparison, never a float conversion: it holds for huge ints, and NaN compares false.
    return -limit <= value <= limit


def _out_of_range(name, value):
    return not _in_range(value, _LIMITS.get(name, MAX_TIMESTAMP))


def _number_field(container, name, value):
    """Return an optional numeric API field, or None when absent, null or out of range (unknown)."""
    if value is None:
        return None
    if not is_json_number(value):
        raise TypeError('container %s: %s must be a number, got %r' % (container.get('id', '?'), name, value))
    if _out_of_range(name, value):
        return None
    return value


def unusable_numbers(container):
    """``[(field, value)]`` of the numeric fields this module ignores as out of range.

    Such a field (``expires_after.minutes: 1e308``, an infinity, NaN, a created_at after the year
    9999) makes what depends on it unknown (None) instead of failing; callers that can warn use
    this to say so.
    """
    if not isinstance(container, Mapping):
        return []
    fields = [(name, container.get(name)) for name in ('created_at', 'last_active_at')]
    expires_after = container.get('expires_after')
    if isinstance(expires_after, Mapping):
        fields.append(('expires_after.minutes', expires_after.get('minutes')))
    return [(name, value) for name, value in fields if is_json_number(value) and _out_of_range(name, value)]


def timestamp(container, field):
    """An optional unix-seconds field as int, or None when absent, null or out of range (unknown).

    Every reader of a container's times goes through this: an int of 400 digits or an infinity is
    unknown here, never an OverflowError further on.
    """
    value = _number_field(container, field, container.get(field))
    return None if value is None else int(value)


def _elapsed(container, field, now):
    then = timestamp(container, field)
    if then is None:
        return None
    return max(0, int(now - then))


def bounded_argument(name, value, minimum, maximum):
    """A caller's numeric argument between ``minimum`` and ``maximum``: number_argument with an upper
    bound, so that arithmetic on it can never overflow a float. ValueError names the argument."""
    number_argument(name, value)
    if not value >= minimum:
        raise ValueError('%s must be >= %s, got %s' % (name, minimum, number_text(value)))
    if not value <= maximum:
        raise ValueError('%s must be <= %s, got %s' % (name, maximum, number_text(value)))
    return value


def number_text(value):
    """A number for a message: an int of hundreds of digits is described, not written out."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10 ** 30:
        return 'an integer of about %d digits' % int(value.bit_length() * math.log10(2) + 1)
    return repr(value)


def check_now(now):
    """The ``now`` argument: epoch seconds between the year -9999 and 9999 (as the API's timestamps)."""
    return bounded_argument('now', now, -MAX_TIMESTAMP, MAX_TIMESTAMP)


def _check_options(now, idle_threshold_minutes, max_age_days):
    check_now(now)
    number_argument('idle_threshold_minutes', idle_threshold_minutes, minimum=0)
    if max_age_days is not None:
        number_argument('max_age_days', max_age_days, minimum=0)


def expires_at(container):
    """Epoch seconds (int) at which the container expires, or None when it cannot be known.

    ``expires_after.anchor`` + ``expires_after.minutes`` * 60. A missing anchor means
    ``last_active_at``, the only anchor the API defines (and its default); any other anchor,
    or a missing anchor value or minutes, gives None rather than a guess.
    """
    _check_container(container)
    expires_after = container.get('expires_after')
    if expires_after is None:
        return None
    if not isinstance(expires_after, Mapping):
        raise TypeError('container %s: expires_after must be a dict, got %r' % (container.get('id', '?'), expires_after))
    anchor = expires_after.get('anchor')
    if anchor is None:
        anchor = 'last_active_at'
    if anchor not in _SUPPORTED_ANCHORS:
        return None
    minutes = _number_field(container, 'expires_after.minutes', expires_after.get('minutes'))
    if minutes is None:
        return None
    anchor_value = timestamp(container, anchor)
    if anchor_value is None:
        return None
    return int(anchor_value + minutes * 60)


def idle_seconds(container, now):
    """Seconds (int, never negative) since ``last_active_at``, or None when it is absent."""
    _check_container(container)
    check_now(now)
    return _elapsed(container, 'last_active_at', now)


def age_seconds(container, now):
    """Seconds (int, never negative) since ``created_at``, or None when it is absent."""
    _check_container(container)
    check_now(now)
    return _elapsed(container, 'created_at', now)


def classify(container, now, idle_threshold_minutes=DEFAULT_IDLE_THRESHOLD_MINUTES, max_age_days=None):
    """Describe one container's state and whether (and why) it is stale.

    Returns ``{id, name, status, memory_limit, state, stale, reasons, expires_at, idle_seconds,
    age_seconds}``. ``state`` is ``active`` (status running or active), ``expired``, ``deleted``
    or ``unknown`` (any other or no status; ``status`` keeps the raw value). Only an active
    container can be stale; ``reasons`` lists every one that applies, in REASONS order:
    ``idle`` (idle longer than idle_threshold_minutes), ``past_expiry`` (now is after
    expires_at although the API still lists it as live), ``too_old`` (created more than
    max_age_days ago; only when max_age_days is set).
    """
    _check_container(container)
    _check_options(now, idle_threshold_minutes, max_age_days)
    status = container.get('status')
    state = _STATE_OF_STATUS.get(status.lower(), UNKNOWN) if isinstance(status, str) else UNKNOWN
    expiry = expires_at(container)
    idle = _elapsed(container, 'last_active_at', now)
    age = _elapsed(container, 'created_at', now)

    reasons = []
    if state == 'active':
        if idle is not None and idle > idle_threshold_minutes * 60:
            reasons.append('idle')
        if expiry is not None and now > expiry:
            reasons.append('past_expiry')
        if max_age_days is not None and age is not None and age > max_age_days * 86400:
            reasons.append('too_old')

    return {
        'id': container.get('id'),
        'name': container.get('name'),
        'status': status,
        'memory_limit': container.get('memory_limit'),
        'state': state,
        'stale': bool(reasons),
        'reasons': reasons,
        'expires_at': expiry,
        'idle_seconds': idle,
        'age_seconds': age,
    }


def classify_all(containers, now, idle_threshold_minutes=DEFAULT_IDLE_THRESHOLD_MINUTES, max_age_days=None):
    """classify() every container of a list, in order."""
    containers = _check_containers(containers)
    _check_options(now, idle_threshold_minutes, max_age_days)
    return [classify(container, now, idle_threshold_minutes, max_age_days) for container in containers]


def stale_containers(containers, now, idle_threshold_minutes=DEFAULT_IDLE_THRESHOLD_MINUTES, max_age_days=None):
    """The classify() results of the stale containers of a list, in order."""
    return [result for result in classify_all(containers, now, idle_threshold_minutes, max_age_days)
            if result['stale']]


def _count_key(value):
    return value if isinstance(value, str) and value else UNKNOWN


def summarize(containers, now, idle_threshold_minutes=DEFAULT_IDLE_THRESHOLD_MINUTES, max_age_days=None):
    """Counts over a list of containers, for reports.

    Returns ``{total, by_status, by_state, by_memory_limit, stale, stale_by_reason}``:
    ``by_status`` counts raw status values, ``by_memory_limit`` memory tiers; a missing value
    counts under ``unknown``. ``by_state`` and ``stale_by_reason`` always carry every key of
    STATES and REASONS (zero when none), so reports can rely on them. A container with several
    reasons counts once in ``stale`` and once under each of its reasons.
    """
    results = classify_all(containers, now, idle_threshold_minutes, max_age_days)
    by_status = {}
    by_state = dict.fromkeys(STATES, 0)
    by_memory_limit = {}
    stale_by_reason = dict.fromkeys(REASONS, 0)
    stale = 0
    for result in results:
        status = _count_key(result['status'])
        by_status[status] = by_status.get(status, 0) + 1
        by_state[result['state']] += 1
        memory_limit = _count_key(result['memory_limit'])
        by_memory_limit[memory_limit] = by_memory_limit.get(memory_limit, 0) + 1
        if result['stale']:
            stale += 1
            for reason in result['reasons']:
                stale_by_reason[reason] += 1
    return {
        'total': len(results),
        'by_status': by_status,
        'by_state': by_state,
        'by_memory_limit': by_memory_limit,
        'stale': stale,
        'stale_by_reason': stale_by_reason,
    }
