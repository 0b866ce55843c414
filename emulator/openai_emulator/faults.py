# Fault injection rules: make chosen API requests fail the way the real service sometimes does.
#
# A rule matches on method, path prefix and query parameters, lets `skip` matching requests
# through, then applies its action to the next `times` matching requests (None: forever). Rules
# are tried in the order they were added and the first one that fires wins, so a list such as
# [500 once, 429 once] answers 500 then 429. The `mutate` action changes the data (creates and
# deletes containers) and then answers the request normally: the listing changes under the client.
#
# Answer rewrites (ANSWER_REWRITES) are the exception: they do not answer the request, they change how
# every matching answer is written (fields stripped, no request id), as a gateway in front of the API
# does. Each firing rewrite applies, on top of whichever other rule fires: see FaultSet.rewrites.

import re
import threading

from .file_faults import ACTIONS as FILE_ACTIONS, applies as file_fault_applies
from .hostile import ACTIONS as HOSTILE_ACTIONS

# Pages that break the listing contract (see docs/docsite/rst/emulator.rst); each is one function in server.py.
PAGE_ACTIONS = ("endless_list", "oversized_page", "missing_ids", "non_string_ids", "non_object_items", "cursor_cycle")
# Servers on which one cursor is complete but order=asc is not the exact reverse of order=desc, and a
# gateway that drops the name filter (see LISTING_ORDERS in server.py).
LISTING_ACTIONS = ("order_ignored", "stable_ties", "orders_disagree", "name_ignored")
PAGE_ACTIONS += LISTING_ACTIONS
ACTION_TYPES = ("status", "drop", "delay", "non_json", "stuck_cursor", "invalid_items", "drop_after", "echo_key",
                "mutate") + PAGE_ACTIONS
# A hostile server's answers (hostile.py): each is checked and written by its own functions.
ACTION_TYPES += tuple(HOSTILE_ACTIONS)
# Container files faults (file_faults.py): each fires only on its own files routes.
ACTION_TYPES += tuple(FILE_ACTIONS)
# These only make sense for a list response; other requests are not counted by such rules.
LIST_ONLY_ACTIONS = ("stuck_cursor", "invalid_items", "mutate") + PAGE_ACTIONS
# Where a mutate action deletes: the newest, the oldest, or the middle of the list (by created_at).
DELETE_PLACES = ("newest", "oldest", "middle")
LIST_ROUTE = ("GET", "/v1/containers")
# What a gateway such as the LiteLLM proxy does to the answers it passes on (docs/docsite/rst/emulator.rst).
ANSWER_REWRITES = ("strip_fields", "no_request_id")
# An HTTP header name (RFC 9110 token), so that a rule cannot make the emulator write a broken answer.
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
ACTION_TYPES += ANSWER_REWRITES


class FaultRule:
    """One validated fault rule and its counters."""

    def __init__(self, rule):
        if not isinstance(rule, dict):
            raise ValueError("a fault rule must be an object")
        unknown = set(rule) - {"method", "path", "query", "skip", "times", "action"}
        if unknown:
            raise ValueError("unknown fault rule keys: %s" % ", ".join(sorted(unknown)))
        self.method = rule.get("method")
        self.path = rule.get("path")
        self.query = rule.get("query") or {}
        self.skip = rule.get("skip", 0)
        self.times = rule.get("times", 1)
        self.action = rule.get("action")
        if self.method is not None and not isinstance(self.method, str):
            raise ValueError("'method' must be a string")
        if self.method is not None:
            self.method = self.method.upper()
        if self.path is not None and not (isinstance(self.path, str) and self.path.startswith("/")):
            raise ValueError("'path' must be a string starting with '/'")
        if not isinstance(self.query, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in self.query.items()):
            raise ValueError("'query' must map query parameter names to string values")
        if not _is_count(self.skip):
            raise ValueError("'skip' must be a non-negative integer")
        if self.times is not None and not _is_count(self.times):
            raise ValueError("'times' must be a non-negative integer or null")
        _check_action(self.action)
        self.seen = 0
        self.applied = 0

    def matches(self, method, path, query=None):
        if self.method is not None and self.method != method:
            return False
        if self.path is not None and not path.startswith(self.path):
            return False
        if any((query or {}).get(name) != value for name, value in self.query.items()):
            return False
        if self.action["type"] in LIST_ONLY_ACTIONS and (method, path) != LIST_ROUTE:
            return False
        if self.action["type"] in FILE_ACTIONS and not file_fault_applies(self.action, method, path):
            return False
        return True

    def fire(self):
        """Count one matching request; return True when the action applies to it."""
        if self.times is not None and self.applied >= self.times:
            return False
        if self.seen < self.skip:
            self.seen += 1
            return False
        self.applied += 1
        return True

    def describe(self):
        return {"method": self.method, "path": self.path, "query": self.query, "skip": self.skip, "times": self.times,
                "action": self.action, "applied": self.applied}


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_action(action):
    if not isinstance(action, dict) or action.get("type") not in ACTION_TYPES:
        raise ValueError("'action' must be an object whose 'type' is one of: %s" % ", ".join(ACTION_TYPES))
    kind = action["type"]
    if kind in HOSTILE_ACTIONS:
        HOSTILE_ACTIONS[kind].check(action)
    elif kind in FILE_ACTIONS:
        FILE_ACTIONS[kind].check(action)
    elif kind == "status":
        status = action.get("status")
        if not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError("a status action needs 'status' between 400 and 599")
        headers = action.get("headers", {})
        if not isinstance(headers, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
            raise ValueError("'headers' must map header names to string values")
        if not isinstance(action.get("message", ""), str):
            raise ValueError("'message' must be a string")
    elif kind == "echo_key":
        status = action.get("status", 400)
        if isinstance(status, bool) or not isinstance(status, int) or not (status == 200 or 400 <= status <= 599):
            raise ValueError("an echo_key action takes 'status' 200 (the key in data) or between 400 and 599")
    elif kind == "delay":
        if not isinstance(action.get("ms"), (int, float)) or action["ms"] < 0:
            raise ValueError("a delay action needs 'ms' >= 0")
    elif kind == "endless_list":
        _check_optional_count(action, "per_page")
    elif kind == "oversized_page":
        _check_optional_count(action, "extra")
    elif kind in ANSWER_REWRITES:
        _check_rewrite(action)
    elif kind == "mutate":
        unknown = set(action) - {"type", "create", "delete", "delete_at"}
        if unknown:
            raise ValueError("unknown mutate action keys: %s" % ", ".join(sorted(unknown)))
        if not all(_is_count(action.get(key, 0)) for key in ("create", "delete")):
            raise ValueError("a mutate action's 'create' and 'delete' must be non-negative integers")
        if action.get("delete_at", "middle") not in DELETE_PLACES:
            raise ValueError("'delete_at' must be one of: %s" % ", ".join(DELETE_PLACES))


def _check_rewrite(action):
    """strip_fields: {"fields": [names], "from_requests": false}, removed from every container of the answer
    (and with from_requests, from a create's body before it is carried out); no_request_id:
    {"error_headers": [names]}, the headers that carry the request id on errors instead (none by default)."""
    kind = action["type"]
    allowed = {"type", "fields", "from_requests"} if kind == "strip_fields" else {"type", "error_headers"}
    unknown = set(action) - allowed
    if unknown:
        raise ValueError("unknown %s action keys: %s" % (kind, ", ".join(sorted(unknown))))
    if kind == "strip_fields":
        fields = action.get("fields")
        if not isinstance(fields, list) or not fields or not all(isinstance(field, str) and field for field in fields):
            raise ValueError("a strip_fields action needs 'fields', a non-empty list of field names")
        if not isinstance(action.get("from_requests", False), bool):
            raise ValueError("'from_requests' of a strip_fields action must be a boolean")
    elif not isinstance(action.get("error_headers", []), list) or not all(
            isinstance(name, str) and _HEADER_NAME.match(name) for name in action.get("error_headers", [])):
        raise ValueError("'error_headers' of a no_request_id action must be a list of header names")


def _check_optional_count(action, key):
    if key in action and not (_is_count(action[key]) and action[key] >= 1):
        raise ValueError("'%s' of a %s action must be a positive integer" % (key, action["type"]))


class FaultSet:
    """The active rules, shared by all request threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._rules = []

    def add(self, rules):
        """Add one rule (a dict) or several (a list); validate all before adding any."""
        if isinstance(rules, dict):
            rules = [rules]
        if not isinstance(rules, list):
            raise ValueError("expected a fault rule or a list of rules")
        parsed = [FaultRule(rule) for rule in rules]
        with self._lock:
            self._rules.extend(parsed)
        return len(parsed)

    def clear(self):
        with self._lock:
            self._rules = []

    def describe(self):
        with self._lock:
            return [rule.describe() for rule in self._rules]

    def take(self, method, path, query=None):
        """Return the action to apply to this request (query: its parameters, a dict), or None."""
        with self._lock:
            for rule in self._rules:
                if rule.action["type"] not in ANSWER_REWRITES and rule.matches(method, path, query) and rule.fire():
                    return rule.action
        return None

    def rewrites(self, method, path, query=None):
        """The answer rewrites that fire for this request, all of them, in the order they were added."""
        with self._lock:
            return [rule.action for rule in self._rules
                    if rule.action["type"] in ANSWER_REWRITES and rule.matches(method, path, query) and rule.fire()]
