# Pages that break the listing contract (docs/docsite/rst/contributing/emulator.rst): cursors that never end or come
# back, items that are not containers, pages longer than asked, and containers created or deleted
# while a client lists. Each fires only on GET /v1/containers; others are not counted by its rule.

import json

from ..listing import Page
from ..store import encode, new_container
from .fault import Fault, check_keys, is_count

LIST_ROUTE = ("GET", "/v1/containers")
# Where a mutate action deletes: the newest, the oldest, or the middle of the list (by created_at).
DELETE_PLACES = ("newest", "oldest", "middle")


class ListingFault(Fault):
    """A fault of the containers listing: its page() answers the list request."""

    def applies(self, action, method, path):
        return (method, path) == LIST_ROUTE


def check_optional_count(action, key):
    if key in action and not (is_count(action[key]) and action[key] >= 1):
        raise ValueError("'%s' of a %s action must be a positive integer" % (key, action["type"]))


class StuckCursor(ListingFault):
    """The first page again whatever the cursor, with has_more=true."""

    name = "stuck_cursor"

    def page(self, listing, action):
        return listing.page(after=None)._replace(has_more=True)


class InvalidItems(ListingFault):
    """Each item breaks one schema rule, in turn (see corrupt)."""

    name = "invalid_items"

    def page(self, listing, action):
        page = listing.page()
        return page._replace(texts=[encode(corrupt(json.loads(text), index)) for index, text in enumerate(page.texts)])


def corrupt(container, index):
    """Break one schema rule per item, cycling through the ways real clients trip."""
    variant = index % 3
    if variant == 0:
        container["created_at"] = str(container.get("created_at"))
    elif variant == 1:
        container.pop("name", None)
    else:
        container["memory_limit"] = "3g"
    return container


class Mutate(ListingFault):
    """{"create": n, "delete": n, "delete_at": place}: the listing changes under the client.

    New containers are created now, so they are the newest; deleted ones are taken from the newest
    end, the oldest end or the middle of the list (`delete_at`). Then the API answers the request.
    """

    name = "mutate"

    def check(self, action):
        check_keys(action, ("create", "delete", "delete_at"))
        if not all(is_count(action.get(key, 0)) for key in ("create", "delete")):
            raise ValueError("a mutate action's 'create' and 'delete' must be non-negative integers")
        if action.get("delete_at", "middle") not in DELETE_PLACES:
            raise ValueError("'delete_at' must be one of: %s" % ", ".join(DELETE_PLACES))

    def answer(self, handler, action):
        server = handler.server
        for number in range(action.get("create", 0)):
            server.store.put(new_container("created while listing %d" % number, server.now()))
        count = action.get("delete", 0)
        if count:
            items = server.store.all("desc")
            place = action.get("delete_at", "middle")
            start = {"newest": 0, "oldest": max(0, len(items) - count), "middle": max(0, (len(items) - count) // 2)}[place]
            for container in items[start:start + count]:
                server.store.delete(container["id"])
                server.files.forget(container["id"])
        return False


class EndlessList(ListingFault):
    """{"per_page": n}: n (default: the limit asked for) containers never seen before, and has_more=true."""

    name = "endless_list"

    def check(self, action):
        check_optional_count(action, "per_page")

    def page(self, listing, action):
        now = listing.server.now()
        items = [new_container("endless", now) for dummy in range(action.get("per_page", listing.limit))]
        return Page([encode(item) for item in items], items[0]["id"], items[-1]["id"], True)


class OversizedPage(ListingFault):
    """{"extra": n}: n (default 5) more containers than the limit asked for."""

    name = "oversized_page"

    def check(self, action):
        check_optional_count(action, "extra")

    def page(self, listing, action):
        return listing.page(limit=listing.limit + action.get("extra", 5))


class CursorCycle(ListingFault):
    """The third page is the first one again: the cursors go A, B, A, B, ... and has_more stays true."""

    name = "cursor_cycle"

    def page(self, listing, action):
        after = listing.after
        if after is not None and after == self._second_page_cursor(listing):
            after = None
        return listing.page(after=after)._replace(has_more=True)

    @staticmethod
    def _second_page_cursor(listing):
        """The id of the last container of the second page (B in a cycle A, B, A), or None."""
        first_last = listing.page(after=None).last_id
        return None if first_last is None else listing.page(after=first_last).last_id


class ItemFault(ListingFault):
    """Every item of a page but the last is rewritten by item(); the last keeps its id, so that a
    client can still follow the cursor."""

    def page(self, listing, action):
        page = listing.page()
        texts = [encode(self.item(json.loads(text), index)) for index, text in enumerate(page.texts[:-1])]
        return page._replace(texts=texts + page.texts[-1:])

    def item(self, container, index):
        raise NotImplementedError


class MissingIds(ItemFault):
    """The item has no id at all."""

    name = "missing_ids"

    def item(self, container, index):
        container.pop("id", None)
        return container


class NonStringIds(ItemFault):
    """The id is a number, a list, an object or null, in turn."""

    name = "non_string_ids"
    IDS = (12345, ["cntr_in_a_list"], {"id": "cntr_in_an_object"}, None)

    def item(self, container, index):
        container["id"] = self.IDS[index % len(self.IDS)]
        return container


class NonObjectItems(ItemFault):
    """The item is not an object at all (a string, a number, null, a list, in turn)."""

    name = "non_object_items"
    ITEMS = ("cntr_just_a_string", 42, None, ["a", "list"])

    def item(self, container, index):
        return self.ITEMS[index % len(self.ITEMS)]
