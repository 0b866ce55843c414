# A hostile or broken server's answers: a body trickled byte by byte, a gzip bomb, a redirect, a deeply
# nested JSON body. Each answers the whole request itself, before the API, on any route.

import functools
import gzip
import io
import time

from ..wire import raw_head
from .fault import Fault

# A list page a patient client would accept: the fault is in the delivery, not the data.
_EMPTY_PAGE = b'{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}'
_REDIRECT_STATUSES = (301, 302, 303, 307, 308)


def _number(action, key, default, minimum):
    value = action.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise ValueError("a %s action needs '%s' >= %s" % (action["type"], key, minimum))
    return value


class Trickle(Fault):
    """An empty list page, one byte every interval_ms (its headers too with "headers": true)."""

    name = "trickle"

    def check(self, action):
        _number(action, "interval_ms", 500, 1)
        if not isinstance(action.get("headers", False), bool):
            raise ValueError("'headers' of a trickle action must be a boolean")

    def answer(self, handler, action):
        interval = action.get("interval_ms", 500) / 1000.0
        head = raw_head(200, {"content-type": "application/json"}, len(_EMPTY_PAGE))
        if not action.get("headers", False):
            handler.wfile.write(head)
            head = b""
        handler.close_connection = True
        try:
            for index in range(len(head + _EMPTY_PAGE)):
                handler.wfile.write((head + _EMPTY_PAGE)[index:index + 1])
                handler.wfile.flush()
                time.sleep(interval)
        except OSError:
            pass  # the client gave up: that is what a bounded client does
        return True


@functools.lru_cache(maxsize=4)
def _bomb(megabytes):
    """gzip of `megabytes` MiB of spaces then an empty list page: valid JSON, once decompressed."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as stream:
        block = b" " * (1024 * 1024)
        for dummy in range(megabytes):
            stream.write(block)
        stream.write(_EMPTY_PAGE)
    return buffer.getvalue()


class GzipBomb(Fault):
    """A small gzip body (about 1/1000 of its size) that expands to `mb` MiB."""

    name = "gzip_bomb"

    def check(self, action):
        _number(action, "mb", 200, 1)
        if not isinstance(action.get("mb", 200), int):
            raise ValueError("'mb' of a gzip_bomb action must be an integer")

    def answer(self, handler, action):
        body = _bomb(action.get("mb", 200))
        handler.wfile.write(raw_head(200, {"content-type": "application/json", "content-encoding": "gzip"}, len(body)) + body)
        return True


class Redirect(Fault):
    """{"status": 3xx, "location": url}: a redirect, wherever it points."""

    name = "redirect"

    def check(self, action):
        if action.get("status", 302) not in _REDIRECT_STATUSES:
            raise ValueError("a redirect action needs 'status' among %s" % ", ".join(map(str, _REDIRECT_STATUSES)))
        if not isinstance(action.get("location"), str):
            raise ValueError("a redirect action needs a 'location' string")

    def answer(self, handler, action):
        handler.wfile.write(raw_head(action.get("status", 302), {"location": action["location"]}, 0))
        return True


class NestedJson(Fault):
    """{"error": [[[...]]]}: deeper than a recursive JSON decoder can follow."""

    name = "nested_json"

    def check(self, action):
        _number(action, "depth", 100000, 1)
        status = action.get("status", 500)
        if not isinstance(status, int) or not 200 <= status <= 599:
            raise ValueError("a nested_json action needs 'status' between 200 and 599")

    def answer(self, handler, action):
        depth = int(action.get("depth", 100000))
        body = b'{"error":' + b"[" * depth + b"]" * depth + b"}"
        handler.wfile.write(raw_head(action.get("status", 500), {"content-type": "application/json"}, len(body)) + body)
        return True
