# Every fault action type, by the name a rule's "type" gives: one instance of each family's classes.
# The order is the one the error for an unknown type lists them in (and the guide's).

from . import answers, files, gateway, hostile, orders, pages


def _by_name(*faults):
    return dict((fault.name, fault) for fault in faults)


FAULTS = _by_name(
    answers.Status(), answers.Drop(), answers.Delay(), answers.NonJson(), pages.StuckCursor(), pages.InvalidItems(),
    answers.DropAfter(), answers.EchoKey(), pages.Mutate(),
    pages.EndlessList(), pages.OversizedPage(), pages.MissingIds(), pages.NonStringIds(), pages.NonObjectItems(),
    pages.CursorCycle(), orders.OrderIgnored(), orders.StableTies(), orders.OrdersDisagree(), orders.NameIgnored(),
    hostile.Trickle(), hostile.GzipBomb(), hostile.Redirect(), hostile.NestedJson(),
    files.ContentSizeLie(), files.ContentError(), files.SlowContent(), files.ContentCut(), files.HostilePaths(),
    files.LargeFile(),
    gateway.StripFields(), gateway.NoRequestId(),
)
