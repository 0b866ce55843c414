# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# When to retry a request and how long to wait, as the official openai-python SDK (3.x) does it.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import random
import time
from email.utils import parsedate_tz, mktime_tz

RETRYABLE_STATUSES = frozenset((408, 409, 429))


def _header(headers, name):
    if not headers:
        return None
    value = headers.get(name)
    if value is None:
        value = headers.get(name.title())
    return value


def parse_retry_after(headers, clock=time.time):
    """Seconds the server asked us to wait: ``retry-after-ms``, else ``retry-after`` (seconds or HTTP date)."""
    value = _header(headers, 'retry-after-ms')
    if value is not None:
        try:
            return float(value) / 1000.0
        except ValueError:
            pass
    value = _header(headers, 'retry-after')
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        parsed = parsedate_tz(value)
        if parsed is None:
            return None
        return mktime_tz(parsed) - clock()


class RetryPolicy(object):
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
