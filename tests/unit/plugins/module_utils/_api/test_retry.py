# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import threading
import time

import pytest

from ansible_collections.llmops.openai.plugins.module_utils._api.retry import RetryBudget, RetryPolicy, parse_retry_after

NOW = 1700000000.0


def policy(**kwargs):
    kwargs.setdefault('rand', lambda: 0.0)
    kwargs.setdefault('clock', lambda: NOW)
    return RetryPolicy(**kwargs)


@pytest.mark.parametrize('status', [408, 409, 429, 500, 502, 503, 504, 599])
def test_retryable_statuses_are_retried(status):
    assert policy().next_delay(0, status, {}) == 0.5


@pytest.mark.parametrize('status', [400, 401, 403, 404, 422, 499])
def test_client_errors_are_not_retried(status):
    assert policy().next_delay(0, status, {}) is None


def test_connection_errors_are_retried():
    assert policy().next_delay(0) == 0.5


def test_backoff_doubles_and_caps_at_eight_seconds():
    waits = [policy(max_retries=10).next_delay(n, 500, {}) for n in range(6)]
    assert waits == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]


def test_jitter_removes_at_most_a_quarter():
    assert policy(rand=lambda: 1.0, max_retries=5).next_delay(2, 500, {}) == pytest.approx(1.5)
    assert policy(rand=lambda: 0.5, max_retries=5).next_delay(2, 500, {}) == pytest.approx(1.75)


def test_no_retry_after_the_last_attempt():
    assert policy(max_retries=2).next_delay(2, 500, {}) is None
    assert policy(max_retries=2).next_delay(5, 500, {}) is None
    assert policy(max_retries=0).next_delay(0) is None


def test_x_should_retry_overrides_the_status():
    assert policy().next_delay(0, 400, {'x-should-retry': 'true'}) == 0.5
    assert policy().next_delay(0, 503, {'x-should-retry': 'false'}) is None
    assert policy().next_delay(0, None, {'x-should-retry': 'false'}) is None


@pytest.mark.parametrize('value', ['yes', 'True ', '1', 'z'])
def test_x_should_retry_other_than_true_or_false_is_ignored(value):
    # As in the SDK: only "true" and "false" decide; anything else leaves it to the status.
    assert policy().next_delay(0, 400, {'x-should-retry': value}) is None
    assert policy().next_delay(0, 503, {'x-should-retry': value}) == 0.5


def test_retry_after_seconds_is_honoured():
    assert policy().next_delay(0, 429, {'retry-after': '3'}) == 3.0


def test_retry_after_ms_wins_over_retry_after():
    assert policy().next_delay(0, 429, {'retry-after-ms': '250', 'retry-after': '9'}) == 0.25


def test_retry_after_http_date():
    assert policy().next_delay(0, 503, {'retry-after': 'Tue, 14 Nov 2023 22:13:30 GMT'}) == pytest.approx(10.0)
    # A date already past asks for no wait: the usual backoff applies.
    assert policy().next_delay(0, 503, {'retry-after': 'Tue, 14 Nov 2023 22:13:10 GMT'}) == 0.5
    assert parse_retry_after({'retry-after': 'Tue, 14 Nov 2023 22:13:10 GMT'}, lambda: NOW) == pytest.approx(-10.0)


def test_an_unusable_retry_after_ms_falls_back_to_retry_after():
    assert policy().next_delay(0, 429, {'retry-after-ms': 'soon', 'retry-after': '3'}) == 3.0


def test_the_defaults_are_the_sdks():
    # 2 retries, 0.5 s doubling up to 8 s, a Retry-After honoured up to 120 s.
    default = RetryPolicy(rand=lambda: 0.0, clock=lambda: NOW)
    assert [default.next_delay(n, 500, {}) for n in range(3)] == [0.5, 1.0, None]
    assert default.next_delay(0, 429, {'retry-after': '120'}) == 120.0
    assert default.next_delay(0, 429, {'retry-after': '120.5'}) is None
    assert RetryPolicy(rand=lambda: 0.0, max_retries=10).next_delay(9, 500, {}) == 8.0


def test_retry_after_of_exactly_the_cap_is_honoured():
    assert policy().next_delay(0, 429, {'retry-after': '120'}) == 120.0
    assert policy().next_delay(0, 429, {'retry-after-ms': '120000'}) == 120.0
    assert policy(max_retry_after=30).next_delay(0, 429, {'retry-after': '30'}) == 30.0


def test_retry_after_longer_than_the_cap_means_no_retry():
    assert policy().next_delay(0, 429, {'retry-after': '121'}) is None
    assert policy(max_retry_after=300).next_delay(0, 429, {'retry-after': '121'}) == 121.0


@pytest.mark.parametrize('value', ['0', '-4', 'soon'])
def test_unusable_retry_after_falls_back_to_backoff(value):
    assert policy().next_delay(1, 429, {'retry-after': value}) == 1.0


def test_parse_retry_after_absent():
    assert parse_retry_after({}) is None
    assert parse_retry_after(None) is None


class _SlowLock:
    """A lock that lets the other threads run before it is taken: a check made outside it (before
    the spend) would then be stale for every thread at once."""

    def __init__(self):
        self._lock = threading.Lock()

    def __enter__(self):
        time.sleep(0.001)
        self._lock.acquire()

    def __exit__(self, *exc_info):
        self._lock.release()


def test_the_retry_budget_is_never_overspent_by_concurrent_threads():
    # Many threads ask for waits at once (the walks of a listing, the workers of a prune share one
    # client): with the check apart from the spend, 16 threads took 25 s of a 10 s budget here.
    budget = RetryBudget(10.0)
    budget._lock = _SlowLock()
    start = threading.Barrier(16)
    granted = []

    def ask():
        start.wait()
        for dummy in range(5):
            if budget.reserve(1.0):
                granted.append(1.0)

    threads = [threading.Thread(target=ask) for dummy in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(granted) == budget.spent == 10.0


def test_a_refused_wait_spends_nothing():
    budget = RetryBudget(5.0)
    assert budget.reserve(4.0)
    assert not budget.reserve(2.0)
    assert budget.spent == 4.0
    assert budget.reserve(1.0) and budget.spent == 5.0
    assert not budget.reserve(0.01)
