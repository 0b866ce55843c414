# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import threading
import time

import requests

from ansible_collections.llmops.openai.plugins.module_utils._api_client import ApiClient, ConnectionSettings
from ansible_collections.llmops.openai.plugins.module_utils._bulk_delete import SharedPause, delete_all
from ansible_collections.llmops.openai.plugins.module_utils._retry import RetryPolicy
from ansible_collections.llmops.openai.tests.unit.plugins.module_utils.scripted_transport import (
    API_KEY, BASE_URL, ScriptedAdapter, error_reply, reply)


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def test_a_pause_holds_every_caller_until_its_end_and_is_never_shortened():
    clock = FakeClock()
    pause = SharedPause(clock=clock, sleep=clock.sleep)
    pause.wait()
    assert clock.slept == []
    pause.sleep(2.0)
    assert clock.now == 102.0
    clock.now = 101.0  # another worker, one second into the pause, asks for a shorter one
    pause.sleep(0.5)
    assert clock.now == 102.0 and clock.slept[-1] == 1.0


class TimedAdapter(ScriptedAdapter):
    """Records when each request was sent; the first DELETE is rate limited for 0.3 s."""

    def __init__(self):
        super(TimedAdapter, self).__init__([])
        self.lock = threading.Lock()
        self.sent = []
        self.limited_at = None

    def send(self, request, **kwargs):
        with self.lock:
            self.sent.append((time.monotonic(), request.path_url))
            if self.limited_at is None:
                self.limited_at = time.monotonic()
                self.script.append(error_reply(429, 'slow down', headers={'retry-after-ms': '300'}))
            else:
                self.script.append(reply(body={'deleted': True}))
            return super(TimedAdapter, self).send(request, **kwargs)


def test_one_rate_limited_request_pauses_every_worker():
    adapter = TimedAdapter()
    settings = ConnectionSettings(api_key=API_KEY, base_url=BASE_URL, max_retries=2)

    def new_client(sleep):
        session = requests.Session()
        session.mount('https://', adapter)
        return ApiClient(settings, retry_policy=RetryPolicy(max_retries=2, rand=lambda: 0.0), session=session, sleep=sleep)

    ids = ['c%d' % number for number in range(12)]
    outcomes = delete_all(ids, 4, new_client)
    assert [outcome['outcome'] for outcome in outcomes] == ['deleted'] * 12
    assert len(adapter.sent) == 13, 'one retry, no more'
    # Requests already in flight cannot be called back; after that, nobody sends during the pause.
    window = [sent for sent, path in adapter.sent if adapter.limited_at + 0.05 < sent < adapter.limited_at + 0.25]
    assert window == []
    assert sorted(path for sent, path in adapter.sent) == sorted(['/v1/containers/%s' % i for i in ids] + [adapter.sent[0][1]])


def test_at_most_concurrency_requests_are_in_flight():
    lock = threading.Lock()
    state = {'now': 0, 'most': 0}

    class SlowAdapter(ScriptedAdapter):
        def send(self, request, **kwargs):
            with lock:
                state['now'] += 1
                state['most'] = max(state['most'], state['now'])
            time.sleep(0.02)
            with lock:
                state['now'] -= 1
                self.script.append(reply(body={'deleted': True}))
                return super(SlowAdapter, self).send(request, **kwargs)

    adapter = SlowAdapter([])
    settings = ConnectionSettings(api_key=API_KEY, base_url=BASE_URL, max_retries=0)

    def new_client(sleep):
        session = requests.Session()
        session.mount('https://', adapter)
        return ApiClient(settings, session=session, sleep=sleep)

    outcomes = delete_all(['c%d' % number for number in range(20)], 3, new_client)
    assert len(outcomes) == 20 and state['most'] == 3
