# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# Deleting many containers at once: a few workers sharing the task's one ApiClient (safe across
# threads, with a connection per worker) and its retry budget, all waiting behind one shared pause
# whenever any of them is told to back off, so a rate limit slows every worker instead of provoking a burst.

import threading
import time

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.llmops.openai.plugins.module_utils._containers import delete_container
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OpenAIError
from ansible_collections.llmops.openai.plugins.module_utils._options import integer_option

DEFAULT_CONCURRENCY = 8
MAX_CONCURRENCY = 32

DELETED = 'deleted'
ALREADY_GONE = 'already_gone'
FAILED = 'failed'


def concurrency_option(value):
    return integer_option('concurrency', value, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY)


class SharedPause:
    """One pause for every worker: the retry waits of all clients, and a gate before each request.

    ``sleep(seconds)`` is what the ApiClient calls before a retry: it moves the shared end of the
    pause (never earlier) and waits for it. ``wait()`` is called before every new request.
    """

    def __init__(self, clock=time.monotonic, sleep=time.sleep):
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._until = 0.0

    def sleep(self, seconds):
        with self._lock:
            self._until = max(self._until, self._clock() + seconds)
        self.wait()

    def wait(self):
        while True:
            with self._lock:
                remaining = self._until - self._clock()
            if remaining <= 0:
                return
            self._sleep(remaining)


def _failure(container_id, message):
    return {'id': container_id, 'outcome': FAILED, 'status': None, 'message': message, 'msg': message, 'request_id': None}


def _delete_one(client, pause, container_id):
    pause.wait()
    try:
        return {'id': container_id, 'outcome': DELETED if delete_container(client, container_id) else ALREADY_GONE}
    except ApiError as exc:
        failure = exc.as_dict()
        failure.update(id=container_id, outcome=FAILED, msg=str(exc))
        return failure
    except OpenAIError as exc:
        return _failure(container_id, str(exc))
    except Exception:  # pylint: disable=broad-except  # an outcome for every id, never a dropped one
        return _failure(container_id, 'the deletion did not complete (an internal error in the worker thread)')


def delete_all(container_ids, concurrency, client, pause):
    """DELETE every id of ``container_ids`` (given by the caller, never taken from an answer).

    At most ``concurrency`` requests are in flight, all through ``client``, whose retry wait must be
    ``pause.sleep`` (a SharedPause) and whose session should hold ``concurrency`` connections
    (ApiClient's ``connections``). Returns one outcome dict per id, in the order given:
    ``{id, outcome}`` with outcome deleted or already_gone, or for a failure also ``status``,
    ``message``, ``request_id``, ``type``, ``code``, ``param`` and ``msg`` (the full message).
    """
    return map_concurrently(lambda container_id: _delete_one(client, pause, container_id), container_ids, concurrency)


def map_concurrently(function, items, concurrency):
    """``[function(item) for item in items]``, at most ``concurrency`` calls at a time (threads that
    share the caller's ApiClient); ``function`` turns its own failures into results."""
    if not items:
        return []
    with ThreadPoolExecutor(max_workers=min(concurrency, len(items))) as pool:
        return list(pool.map(function, items))
