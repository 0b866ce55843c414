# The shape of a fault: one action type of a fault rule (rules.py) as one small object that says what
# its rule may hold (check), which requests it changes (applies) and what it answers (the hooks below).
#
# The API (server.py, files.py) knows nothing of any one fault: it asks the fault of the rule that
# fired at each of its few hooks, and a fault overrides only the hooks it needs. The defaults change
# nothing, so a request under a fault that does not concern a hook is answered as without a fault.


class Fault:
    """One fault action type; the subclass's `name` is the rule's "type"."""

    name = None
    # An answer rewrite (a gateway in front of the API) fires beside the rule that answers, on every
    # matching request: see rules.FaultSet.rewrites.
    rewrite = False

    def check(self, action):
        """Raise ValueError, naming the key, when the rule's action is not one this fault can carry out."""

    def applies(self, action, method, path):
        """Whether a request that matches the rule is one this fault changes (skip and times count only those)."""
        return True

    # -- what it answers, by hook ---------------------------------------------------------------------

    def answer(self, handler, action):
        """Before the API: True when the fault has answered (or dropped) the request itself."""
        return False

    def page(self, listing, action):
        """The Page a containers listing (listing.Listing) answers under the fault."""
        return listing.page()

    def dress(self, item, position, action):
        """A container file object as a files listing or retrieve shows it (position: its place, oldest first)."""
        return item

    def content(self, item, content, action):
        """The files.ContentAnswer that sends a file's bytes, or None: as stored."""
        return None

    def rewrite_container(self, container, action, request):
        """A container of an answer (with request: a create's body) as a gateway passes it on."""
        return container

    def request_id_headers(self, action, status):
        """The header names that carry the request id of an answer with this status; None: x-request-id, as the API."""
        return None


def is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def check_keys(action, allowed):
    """Refuse the keys an action of this type does not take ("type" is always allowed)."""
    unknown = set(action) - {"type"} - set(allowed)
    if unknown:
        raise ValueError("unknown %s action keys: %s" % (action["type"], ", ".join(sorted(unknown))))
