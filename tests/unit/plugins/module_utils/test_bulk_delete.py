# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import threading
import time

import requests

from ansible_collections.llmops.openai.plugins.module_utils._api.client import ApiClient, new_session
from ansible_collections.llmops.openai.plugins.module_utils._api.settings import ConnectionSettings
from ansible_collections.llmops.openai.plugins.module_utils._bulk_delete import MAX_CONCURRENCY, SharedPause, delete_all
from ansible_collections.llmops.openai.plugins.module_utils._api.retry import RetryPolicy
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

    session = requests.Session()
    session.mount('https://', adapter)
    pause = SharedPause()
    client = ApiClient(settings, retry_policy=RetryPolicy(max_retries=2, rand=lambda: 0.0), session=session, sleep=pause.sleep)

    ids = ['c%d' % number for number in range(12)]
    outcomes = delete_all(ids, 4, client, pause)
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

    session = requests.Session()
    session.mount('https://', adapter)
    pause = SharedPause()
    outcomes = delete_all(['c%d' % number for number in range(20)], 3, ApiClient(settings, session=session, sleep=pause.sleep), pause)
    assert len(outcomes) == 20 and state['most'] == 3


def test_one_client_and_session_serve_every_worker():
    # The workers share the client: every DELETE goes through the one session, from several threads
    # at once, over a pool that keeps a connection per worker.
    lock = threading.Lock()
    seen = {'sessions': set(), 'threads': set(), 'now': 0, 'most': 0}

    class RecordingSession(requests.Session):
        def send(self, request, **kwargs):
            with lock:
                seen['sessions'].add(id(self))
                seen['threads'].add(threading.get_ident())
                seen['now'] += 1
                seen['most'] = max(seen['most'], seen['now'])
            time.sleep(0.02)
            try:
                return super(RecordingSession, self).send(request, **kwargs)
            finally:
                with lock:
                    seen['now'] -= 1

    session = RecordingSession()
    session.mount('https://', ScriptedAdapter([reply(body={'deleted': True}) for dummy in range(24)]))
    pause = SharedPause()
    client = ApiClient(ConnectionSettings(api_key=API_KEY, base_url=BASE_URL, max_retries=0), session=session, sleep=pause.sleep)
    outcomes = delete_all(['c%d' % number for number in range(24)], 6, client, pause)
    assert [outcome['outcome'] for outcome in outcomes] == ['deleted'] * 24
    assert len(seen['sessions']) == 1 and len(seen['threads']) == 6 and seen['most'] == 6


def test_the_session_keeps_a_connection_per_worker():
    # urllib3 discards (and the next request reopens) a connection the pool has no room for.
    assert new_session(MAX_CONCURRENCY).get_adapter('https://api.test')._pool_maxsize == MAX_CONCURRENCY
    assert new_session().get_adapter('https://api.test')._pool_maxsize == requests.adapters.DEFAULT_POOLSIZE


def test_an_unexpected_error_fails_its_own_deletion_and_the_others_go_on():
    # Not an OpenAIError: a bug below the client. That id gets a failed outcome, no id is dropped.
    class BrokenForOneSession(requests.Session):
        def send(self, request, **kwargs):
            if request.path_url.endswith('/c1'):
                raise RuntimeError('boom')
            return super(BrokenForOneSession, self).send(request, **kwargs)

    session = BrokenForOneSession()
    session.mount('https://', ScriptedAdapter([reply(body={'deleted': True}) for dummy in range(3)]))
    pause = SharedPause()
    client = ApiClient(ConnectionSettings(api_key=API_KEY, base_url=BASE_URL, max_retries=0), session=session, sleep=pause.sleep)
    outcomes = delete_all(['c0', 'c1', 'c2', 'c3'], 1, client, pause)
    assert [(outcome['id'], outcome['outcome']) for outcome in outcomes] == [
        ('c0', 'deleted'), ('c1', 'failed'), ('c2', 'deleted'), ('c3', 'deleted')]
    assert outcomes[1]['msg'] == 'the deletion did not complete (an internal error in the worker thread)'
    assert outcomes[1]['status'] is None and outcomes[1]['request_id'] is None
