# Fault injection rules: make chosen API requests fail the way the real service sometimes does.
#
# A rule matches on method, path prefix and query parameters, lets `skip` matching requests
# through, then applies its action to the next `times` matching requests (None: forever). Rules
# are tried in the order they were added and the first one that fires wins, so a list such as
# [500 once, 429 once] answers 500 then 429. What the action does, which requests it changes
# (a listing fault only GET /v1/containers, a files fault only its files routes) and what its
# rule may hold is its Fault's (registry.FAULTS).
#
# Answer rewrites (Fault.rewrite) are the exception: they do not answer the request, they change how
# every matching answer is written (fields stripped, no request id), as a gateway in front of the API
# does. Each firing rewrite applies, on top of whichever other rule fires: see FaultSet.rewrites.

import threading

from .fault import is_count
from .registry import FAULTS


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
        if not is_count(self.skip):
            raise ValueError("'skip' must be a non-negative integer")
        if self.times is not None and not is_count(self.times):
            raise ValueError("'times' must be a non-negative integer or null")
        if not isinstance(self.action, dict) or not isinstance(self.action.get("type"), str) or self.action["type"] not in FAULTS:
            raise ValueError("'action' must be an object whose 'type' is one of: %s" % ", ".join(FAULTS))
        self.fault = FAULTS[self.action["type"]]
        self.fault.check(self.action)
        self.seen = 0
        self.applied = 0

    def matches(self, method, path, query=None):
        if self.method is not None and self.method != method:
            return False
        if self.path is not None and not path.startswith(self.path):
            return False
        if any((query or {}).get(name) != value for name, value in self.query.items()):
            return False
        return self.fault.applies(self.action, method, path)

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
                if not rule.fault.rewrite and rule.matches(method, path, query) and rule.fire():
                    return rule.action
        return None

    def rewrites(self, method, path, query=None):
        """The answer rewrites that fire for this request, all of them, in the order they were added."""
        with self._lock:
            return [rule.action for rule in self._rules
                    if rule.fault.rewrite and rule.matches(method, path, query) and rule.fire()]
