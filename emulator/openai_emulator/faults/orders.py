# Listings that only one cursor can walk completely (order=asc is not the exact reverse of order=desc),
# and a gateway that drops the name filter. Each fires only on GET /v1/containers.

from ..listing import Page, invalid_after
from ..store import encode
from .pages import ListingFault


def _created_at(container):
    created_at = container.get("created_at")
    return created_at if isinstance(created_at, (int, float)) and not isinstance(created_at, bool) else 0


class ListingOrder(ListingFault):
    """A listing sorted by sort_key(order, container): every order is stable, so one cursor is complete."""

    def page(self, listing, action):
        items = sorted(listing.containers(), key=lambda container: self.sort_key(listing.order, container))
        ids = [item["id"] for item in items]
        if listing.after is not None and listing.after not in ids:
            raise invalid_after(listing.after)
        start = 0 if listing.after is None else ids.index(listing.after) + 1
        selected = items[start:start + listing.limit]
        return Page([encode(item) for item in selected], selected[0]["id"] if selected else None,
                    selected[-1]["id"] if selected else None, start + listing.limit < len(items))

    def sort_key(self, order, container):
        raise NotImplementedError


class OrderIgnored(ListingOrder):
    """Newest first whatever the order asked (a gateway that drops the parameter)."""

    name = "order_ignored"

    def sort_key(self, order, container):
        return (-_created_at(container), container["id"])


class StableTies(ListingOrder):
    """By created_at in the order asked; containers of the same second in the same relative order
    both ways (a stable sort on created_at of a list kept by id)."""

    name = "stable_ties"

    def sort_key(self, order, container):
        created_at = _created_at(container)
        return (created_at if order == "asc" else -created_at, container["id"])


class OrdersDisagree(ListingOrder):
    """By created_at in the order asked; ties broken by the id for asc and by the reversed id for desc,
    so that neither order is the reverse of the other."""

    name = "orders_disagree"

    def sort_key(self, order, container):
        created_at = _created_at(container)
        return (created_at, container["id"]) if order == "asc" else (-created_at, container["id"][::-1])


class NameIgnored(ListingFault):
    """A gateway that drops the name filter: the answer is the one without a name."""

    name = "name_ignored"

    def page(self, listing, action):
        return listing.page(name=None)
