# The container store: containers kept sorted by (created_at, id) for fast cursor paging.
#
# Listing is the hot path, so the store keeps a sorted key list (bisect finds the `after`
# cursor in O(log n)), a lazily built per-name key list for the `name` filter, and each
# container's JSON encoded once, when stored, and reused by every page that contains it.
# new_container makes a container as POST /v1/containers does (the mutate and endless_list faults too).

import bisect
import json
import os
import threading


def sort_key(container):
    """Order by created_at, ties broken by id; tolerate schema-violating raw items."""
    created_at = container.get("created_at")
    if not isinstance(created_at, int) or isinstance(created_at, bool):
        created_at = 0
    return (created_at, str(container.get("id", "")))


def encode(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class ContainerStore:
    """Thread-safe set of containers with ordered, cursor-based listing."""

    def __init__(self, containers=()):
        self._lock = threading.Lock()
        self._by_id = {}
        self._keys = []
        self._json = {}
        self._name_keys = None
        self.replace(containers)

    def replace(self, containers):
        with self._lock:
            self._by_id = {}
            for container in containers:
                self._by_id[container["id"]] = container
            self._keys = sorted(sort_key(c) for c in self._by_id.values())
            # Encoded up front so the first listing is as fast as later ones (benchmarks stay fair).
            self._json = dict((container_id, encode(c)) for container_id, c in self._by_id.items())
            self._name_keys = None

    def __len__(self):
        return len(self._keys)

    def __contains__(self, container_id):
        return container_id in self._by_id

    def get(self, container_id):
        return self._by_id.get(container_id)

    def all(self, order="asc"):
        """Every container in list order (a snapshot)."""
        with self._lock:
            items = [self._by_id[key[1]] for key in self._keys]
        if order == "desc":
            items.reverse()
        return items

    def put(self, container):
        """Insert or replace one container (it must have an id)."""
        with self._lock:
            old = self._by_id.get(container["id"])
            if old is not None:
                self._keys.pop(bisect.bisect_left(self._keys, sort_key(old)))
            self._by_id[container["id"]] = container
            bisect.insort(self._keys, sort_key(container))
            self._json[container["id"]] = encode(container)
            self._name_keys = None

    def delete(self, container_id):
        """Remove a container; return it, or None when unknown."""
        with self._lock:
            container = self._by_id.pop(container_id, None)
            if container is not None:
                self._keys.pop(bisect.bisect_left(self._keys, sort_key(container)))
                self._json.pop(container_id, None)
                self._name_keys = None
            return container

    def _keys_named(self, name):
        if self._name_keys is None:
            by_name = {}
            for key in self._keys:
                by_name.setdefault(self._by_id[key[1]].get("name"), []).append(key)
            self._name_keys = by_name
        return self._name_keys.get(name, [])

    def page(self, limit, order="desc", after=None, name=None):
        """Return (containers' JSON texts, first id, last id, has_more) for one page.

        Raise KeyError when `after` is not a known container id.
        """
        with self._lock:
            keys = self._keys if name is None else self._keys_named(name)
            if after is None:
                start = 0 if order == "asc" else len(keys)
            else:
                cursor = sort_key(self._by_id[after])
                if order == "asc":
                    start = bisect.bisect_right(keys, cursor)
                else:
                    start = bisect.bisect_left(keys, cursor)
            if order == "asc":
                selected = keys[start:start + limit]
                has_more = start + limit < len(keys)
            else:
                selected = keys[max(0, start - limit):start]
                selected.reverse()
                has_more = start - limit > 0
            if not selected:
                return [], None, None, has_more
            return [self._json[key[1]] for key in selected], selected[0][1], selected[-1][1], has_more


def new_container(name, now, memory_limit="1g", expires_after=None, network_policy=None):
    """A container as POST /v1/containers creates it, fields in the API's order."""
    container = {
        "id": new_container_id(now),
        "object": "container",
        "created_at": now,
        "status": "running",
        "expires_after": expires_after or {"anchor": "last_active_at", "minutes": 20},
        "last_active_at": now,
    }
    if network_policy is not None:
        container["network_policy"] = network_policy
    container["memory_limit"] = memory_limit
    container["name"] = name
    return container


def new_container_id(created_at):
    created_at = created_at if isinstance(created_at, int) and not isinstance(created_at, bool) else 0
    return "cntr_%08x%s" % (created_at & 0xFFFFFFFF, os.urandom(20).hex())
