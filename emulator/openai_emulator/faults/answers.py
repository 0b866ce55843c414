# Faults on any route, before the API: an error status, a dropped connection, a delay, an HTML page,
# an echoed key. Each answers in place of the API (answer() returns True) or lets it answer after.

import time

from ..validation import ApiError
from .fault import Fault

# Messages the real service sends for these statuses.
_STATUS_MESSAGES = {
    429: "Rate limit reached for requests. Please try again in a moment.",
    500: "The server had an error while processing your request. Sorry about that!",
    502: "Bad gateway.",
    503: "The server is overloaded or not ready yet.",
}
_HTML_PAGE = b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>\n"


def status_error(status, message=None):
    """The ApiError the service answers with this status: its own message unless one is given."""
    if status == 429:
        return ApiError(429, message or _STATUS_MESSAGES[429], code="rate_limit_exceeded", error_type="requests")
    if status >= 500:
        return ApiError(status, message or _STATUS_MESSAGES.get(status, "Server error."), error_type="server_error")
    return ApiError(status, message or "Request failed.")


class Status(Fault):
    """{"status": 400..599, "message": text, "headers": {name: value}}: an error in OpenAI's shape."""

    name = "status"

    def check(self, action):
        status = action.get("status")
        if not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError("a status action needs 'status' between 400 and 599")
        headers = action.get("headers", {})
        if not isinstance(headers, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
            raise ValueError("'headers' must map header names to string values")
        if not isinstance(action.get("message", ""), str):
            raise ValueError("'message' must be a string")

    def answer(self, handler, action):
        error = status_error(action["status"], action.get("message"))
        handler._send_json(action["status"], error.body, action.get("headers"))
        return True


class Drop(Fault):
    """The connection closes before any answer."""

    name = "drop"

    def answer(self, handler, action):
        handler._drop()
        return True


class DropAfter(Fault):
    """The request is carried out, then the connection closes unanswered (the handler drops its answer)."""

    name = "drop_after"

    def answer(self, handler, action):
        handler._drop_answer = True
        return False


class Delay(Fault):
    """{"ms": n}: the answer comes n milliseconds late."""

    name = "delay"

    def check(self, action):
        if not isinstance(action.get("ms"), (int, float)) or action["ms"] < 0:
            raise ValueError("a delay action needs 'ms' >= 0")

    def answer(self, handler, action):
        time.sleep(action["ms"] / 1000.0)
        return False


class NonJson(Fault):
    """A proxy's HTML error page with status 200."""

    name = "non_json"

    def answer(self, handler, action):
        handler._send(200, _HTML_PAGE, content_type="text/html; charset=utf-8")
        return True


class EchoKey(Fault):
    """Answer with the caller's whole key, as a broken proxy or a debugging gateway might.

    The real service masks the key (see server.mask_key); this fault is for testing that the client
    never shows what a server echoes: in an error's message, code and param, or (status 200) in a
    body that is not a page, which the client must refuse while quoting it.
    """

    name = "echo_key"

    def check(self, action):
        status = action.get("status", 400)
        if isinstance(status, bool) or not isinstance(status, int) or not (status == 200 or 400 <= status <= 599):
            raise ValueError("an echo_key action takes 'status' 200 (the key in data) or between 400 and 599")

    def answer(self, handler, action):
        status = action.get("status", 400)
        key = handler.headers.get("Authorization", "")
        if status == 200:
            handler._send_json(200, {"object": "debug", "echo": {"authorization": key}})
            return True
        error = ApiError(status, "Rejected the request with header Authorization: %s" % key, param=key, code=key)
        handler._send_json(status, error.body)
        return True
