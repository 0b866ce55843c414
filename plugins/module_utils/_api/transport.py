# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# The two bounds a server cannot stretch: the time of one request (connect, headers and body
# together) and the size of one response body (counted after decompression).
#
# requests and urllib3 only know per-operation timeouts: each socket read may take `timeout`
# seconds, so a server that sends one byte every half second never times out. RequestDeadline
# is a watchdog: when the request's time is up it shuts the request's socket down, which ends
# whatever read is blocked in it. DeadlineAdapter tells the watchdog which socket that is.

import socket
import threading

try:
    from requests.adapters import HTTPAdapter
except ImportError:  # the client reports the missing library (_api/client.py: HAS_REQUESTS)
    HTTPAdapter = object

# Bytes asked of the decoder at a time: small enough that one compressed chunk cannot expand far
# past the limit in memory before it is counted.
BODY_CHUNK_BYTES = 16384

_current = threading.local()


class BodyTooLarge(Exception):
    """The response body is longer than the limit (``size`` is what was seen, at least)."""

    def __init__(self, size, limit, declared=False):
        self.size = size
        self.limit = limit
        self.declared = declared
        super(BodyTooLarge, self).__init__('response body over %d bytes' % limit)


class RequestDeadline:
    """Ends one request attempt ``seconds`` after it started, whatever the server does.

    Used as a context manager around sending the request and reading its body, in the thread
    that does both. ``expired`` tells afterwards whether the failure was the deadline's doing.
    """

    def __init__(self, seconds):
        self.expired = False
        self._sockets = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self):
        _current.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc_info):
        self._timer.cancel()
        _current.deadline = None
        with self._lock:
            self._sockets = []

    def watch(self, sock):
        """The attempt uses this socket: shut it down when time is up (at once if it already is)."""
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shutdown(sock)

    def _expire(self):
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)


def _shutdown(sock):
    # shutdown() (unlike close()) wakes a recv() blocked in another thread.
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except (OSError, AttributeError):
        pass


def _watch(sock):
    deadline = getattr(_current, 'deadline', None)
    if deadline is not None and sock is not None:
        deadline.watch(sock)


class _WatchedConnection:
    """Mixed into urllib3's connection classes: hands every socket of a request to the deadline."""

    def _new_conn(self):
        # A new connection: the TCP connect and the TLS handshake are under the deadline too.
        sock = super(_WatchedConnection, self)._new_conn()
        _watch(sock)
        return sock

    def getresponse(self, *args, **kwargs):
        # A reused keep-alive connection: its socket, before the headers are read.
        _watch(getattr(self, 'sock', None))
        return super(_WatchedConnection, self).getresponse(*args, **kwargs)


_WATCHED_POOLS = {}
_WATCHED_POOLS_LOCK = threading.Lock()


def _watched_pool_class(pool_class):
    """A subclass of a urllib3 pool class whose connections are watched (one per base class)."""
    with _WATCHED_POOLS_LOCK:
        if pool_class not in _WATCHED_POOLS:
            connection_class = type('Watched' + pool_class.ConnectionCls.__name__,
                                    (_WatchedConnection, pool_class.ConnectionCls), {})
            _WATCHED_POOLS[pool_class] = type('Watched' + pool_class.__name__, (pool_class,),
                                              {'ConnectionCls': connection_class})
        return _WATCHED_POOLS[pool_class]


def _watch_manager(manager):
    # Subclasses of whatever pools the manager uses, so proxies (SOCKS included) keep working.
    manager.pool_classes_by_scheme = dict(
        (scheme, _watched_pool_class(pool_class)) for scheme, pool_class in manager.pool_classes_by_scheme.items())
    return manager


class DeadlineAdapter(HTTPAdapter):
    """requests' HTTPAdapter, with every connection it opens watched by the current RequestDeadline."""

    def init_poolmanager(self, *args, **kwargs):
        super(DeadlineAdapter, self).init_poolmanager(*args, **kwargs)
        _watch_manager(self.poolmanager)

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        known = proxy in self.proxy_manager
        manager = super(DeadlineAdapter, self).proxy_manager_for(proxy, **proxy_kwargs)
        return manager if known else _watch_manager(manager)


def read_body(response, limit):
    """The whole (decompressed) body of a streamed response, never more than ``limit`` bytes.

    Raises BodyTooLarge as soon as the declared length or the bytes decoded so far pass the
    limit, without reading the rest. Errors of the transfer are requests' own exceptions.
    """
    declared = declared_length(response)
    if declared is not None and declared > limit and not response.headers.get('Content-Encoding'):
        raise BodyTooLarge(declared, limit, declared=True)
    chunks = []
    size = 0
    for chunk in response.iter_content(BODY_CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(size, limit)
        chunks.append(chunk)
    return b''.join(chunks)


def declared_length(response):
    """The Content-Length of a response as an int, or None when it has no usable one."""
    try:
        return int(response.headers.get('Content-Length'))
    except (TypeError, ValueError):
        return None
