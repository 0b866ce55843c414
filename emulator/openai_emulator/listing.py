# The containers listing (GET /v1/containers): one page of the store for the request's query. The
# listing fault rules (faults/pages.py, faults/orders.py) answer with pages of their own making from it.

import collections

from .validation import ApiError, list_query

Page = collections.namedtuple("Page", "texts first_id last_id has_more")
_SAME = object()


def invalid_after(after):
    return ApiError(400, "Invalid 'after': no container found with id '%s'." % after, param="after", code="invalid_value")


class Listing:
    """A list request's query (limit, order, after cursor, name filter) over the server's containers."""

    def __init__(self, server, query):
        self.server = server
        params, self.limit, self.order, self.after = list_query(query)
        self.name = params.get("name")

    def page(self, limit=None, after=_SAME, name=_SAME):
        """The page the API answers, or with any of limit, after and name given, the one it would for those."""
        after = self.after if after is _SAME else after
        try:
            return Page(*self.server.store.page(self.limit if limit is None else limit, self.order, after,
                                                self.name if name is _SAME else name))
        except KeyError:
            # The cursor is no container's id (or was deleted since).
            raise invalid_after(after)  # pylint: disable=raise-missing-from

    def containers(self):
        """Every container the query selects (by name), oldest first, in the store's order."""
        return [item for item in self.server.store.all() if self.name is None or item.get("name") == self.name]
