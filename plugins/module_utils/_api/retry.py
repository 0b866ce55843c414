# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# When to retry a request and how long to wait, as the official openai-python SDK (3.x) does it.

import math
import random
import threading
import time
from email.utils import parsedate_tz, mktime_tz

RETRYABLE_STATUSES = frozenset((408, 409, 429))
# The wait in seconds (a number or an HTTP date), first found wins: the API's header, then the name the
# LiteLLM proxy (1.108) gives it on the errors it passes on.
RETRY_AFTER_HEADERS = ('retry-after', 'llm_provider-retry-after')


def _header(headers, name):
    if not headers:
        return None
    value = headers.get(name)
    if value is None:
        value = headers.get(name.title())
    return value


def _retry_after_seconds(headers):
    """The first of RETRY_AFTER_HEADERS present, as (name, value); (None, None) when none is."""
    for name in RETRY_AFTER_HEADERS:
        value = _header(headers, name)
        if value is not None:
            return name, value
    return None, None


def parse_retry_after(headers, clock=time.time):
    """Seconds the server asked us to wait: ``retry-after-ms``, else ``retry-after`` or the LiteLLM proxy's
    ``llm_provider-retry-after`` (seconds or HTTP date).

    None when neither is there or neither is a usable number: ``inf``, ``nan`` and ``1e400``
    are not waits, they are the server's mistake (see unusable_retry_after).
    """
    value = _header(headers, 'retry-after-ms')
    if value is not None:
        milliseconds = _finite(value)
        if milliseconds is not None:
            return milliseconds / 1000.0
    dummy, value = _retry_after_seconds(headers)
    if value is None:
        return None
    seconds = _finite(value)
    if seconds is not None:
        return seconds
    return _seconds_until_date(value, clock)


def unusable_retry_after(headers, clock=time.time):
    """The ``name: value`` of each retry header present whose value is no wait at all, for messages."""
    found = []
    for name, value in (('retry-after-ms', _header(headers, 'retry-after-ms')), _retry_after_seconds(headers)):
        if value is None:
            continue
        if _finite(value) is None and (name == 'retry-after-ms' or _seconds_until_date(value, clock) is None):
            found.append('%s: %s' % (name, value))
    return found


def _finite(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _seconds_until_date(value, clock):
    parsed = parsedate_tz(value)
    if parsed is None:
        return None
    try:
        return mktime_tz(parsed) - clock()
    except (ValueError, OverflowError, TypeError):
        return None


class RetryBudget:
    """The seconds of waiting between retries that one client may spend, over all its requests.

    A listing of many pages, each answered with a 429 and a Retry-After, would otherwise wait
    ``pages * max_retry_after`` seconds. Shared by the threads of one client (the walks of a
    listing from both ends, the workers of a bulk delete): checking and spending are one step
    under a lock, or two threads could each see room for one wait and together pass the budget.
    """

    def __init__(self, seconds):
        self.seconds = seconds
        self.spent = 0.0
        self._lock = threading.Lock()

    def reserve(self, delay):
        """Spend ``delay`` seconds if the budget still has them; False (nothing spent) otherwise."""
        with self._lock:
            if self.spent + delay > self.seconds:
                return False
            self.spent += delay
            return True


class RetryPolicy:
    """Decides whether a failed attempt is retried, and after how many seconds.

    Retried: connection errors and timeouts, HTTP 408, 409, 429 and 5xx; the header
    ``x-should-retry: true/false`` overrides the status. A ``retry-after-ms`` / ``Retry-After``
    between 0 and ``max_retry_after`` seconds is honoured; a longer one means the server does not
    want a retry soon, so none is made. Otherwise the wait is ``min(0.5 * 2**n, 8)`` seconds minus
    up to 25 % jitter.
    """

    def __init__(self, max_retries=2, initial_delay=0.5, max_delay=8.0, max_retry_after=120.0,
                 rand=random.random, clock=time.time):
        self.max_retries = max_retries
        self.initial_delay = initial_delay
        self.max_delay = max_delay
        self.max_retry_after = max_retry_after
        self._rand = rand
        self._clock = clock

    def next_delay(self, retries_done, status=None, headers=None):
        """Seconds to wait before the next attempt, or None when there must be no next attempt.

        ``status`` is None for a connection error or a timeout (no response at all).
        """
        if retries_done >= self.max_retries:
            return None
        should_retry = (_header(headers, 'x-should-retry') or '').lower()
        if should_retry == 'false':
            return None
        if should_retry != 'true' and status is not None and not self.is_retryable_status(status):
            return None
        retry_after = parse_retry_after(headers, self._clock)
        if retry_after is not None and retry_after > 0:
            if retry_after <= self.max_retry_after:
                return retry_after
            return None
        backoff = min(self.initial_delay * (2 ** retries_done), self.max_delay)
        return backoff * (1 - 0.25 * self._rand())

    @staticmethod
    def is_retryable_status(status):
        return status in RETRYABLE_STATUSES or status >= 500
