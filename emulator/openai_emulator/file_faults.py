# Fault actions for the container files routes: a rule (faults.py) names one of ACTIONS; files.py
# applies it. Each action fires only on the routes of its `kinds` (a GET of the list, of one file's
# object or of its content) and, with "containers": [ids], only for those containers, so that
# skip/times count only the requests it changes.
#
# The length lies keep the HTTP framing valid: the listed `bytes` is the stored file's size, and
# the content answer is complete (its Content-Length is what is sent) but longer or shorter.
# content_cut is the other failure: the right Content-Length, then the connection closes mid-body.

import collections

from .file_routes import file_route
from .file_store import GeneratedContent, rechunked, sized_chunks

GIB = 1024 ** 3
# What a model or a broken server may put in `path`, in turn by the file's place in its container
# (oldest first), so that a listing and a retrieve show a file with the same path.
HOSTILE_PATHS = (
    "/mnt/data/../../../../etc/passwd",
    "../../../../../../tmp/escaped.txt",
    "/etc/cron.d/emulator",
    "/mnt/data/red\x1b[31m\r\nname.txt",
    "/mnt/data/nul\x00byte.txt",
    "/mnt/data/c1\x9b31mcsi\x7f.txt",
    "/mnt/data/report\u202efdp.exe",
    "/mnt/data/same-name.csv",
    "/mnt/data/same-name.csv",
    "/mnt/data/",
    "..\\..\\windows\\win.ini",
    "/mnt/data/" + "n" * 300 + ".txt",
    "",
)

FileFault = collections.namedtuple("FileFault", "check kinds")
# What the content route sends: `length` in the head, then `chunks` with `interval` seconds after each;
# with `cut`, the connection closes after them (they are fewer bytes than `length`).
ContentAnswer = collections.namedtuple("ContentAnswer", "length chunks interval cut")


def _count(action, key, default, minimum):
    value = action.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError("'%s' of a %s action must be an integer >= %d" % (key, action["type"], minimum))
    return value


def _check_common(action, keys):
    unknown = set(action) - {"type", "containers"} - set(keys)
    if unknown:
        raise ValueError("unknown %s action keys: %s" % (action["type"], ", ".join(sorted(unknown))))
    containers = action.get("containers", [])
    if not isinstance(containers, list) or not all(isinstance(item, str) for item in containers):
        raise ValueError("'containers' of a %s action must be a list of container ids" % action["type"])


def check_content_size_lie(action):
    _check_common(action, ("delta",))
    delta = action.get("delta")
    if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
        raise ValueError("a content_size_lie action needs 'delta', a non-zero integer (bytes more or fewer than listed)")


def check_content_error(action):
    _check_common(action, ("status", "message"))
    status = action.get("status", 500)
    if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
        raise ValueError("'status' of a content_error action must be between 400 and 599")
    if not isinstance(action.get("message", ""), str):
        raise ValueError("'message' of a content_error action must be a string")


def check_slow_content(action):
    _check_common(action, ("interval_ms", "chunk_bytes"))
    interval = action.get("interval_ms", 100)
    if isinstance(interval, bool) or not isinstance(interval, (int, float)) or not 0 <= interval <= 60000:
        raise ValueError("'interval_ms' of a slow_content action must be a number from 0 to 60000")
    _count(action, "chunk_bytes", 1024, 1)


def check_content_cut(action):
    _check_common(action, ("after_bytes",))
    if "after_bytes" in action:
        _count(action, "after_bytes", 0, 0)


def check_hostile_paths(action):
    _check_common(action, ("paths",))
    paths = action.get("paths", HOSTILE_PATHS)
    if not isinstance(paths, (list, tuple)) or not paths or not all(isinstance(path, str) for path in paths):
        raise ValueError("'paths' of a hostile_paths action must be a non-empty list of strings")


def check_large_file(action):
    _check_common(action, ("bytes",))
    _count(action, "bytes", GIB, 0)


ACTIONS = {
    "content_size_lie": FileFault(check_content_size_lie, ("content",)),
    "content_error": FileFault(check_content_error, ("content",)),
    "slow_content": FileFault(check_slow_content, ("content",)),
    "content_cut": FileFault(check_content_cut, ("content",)),
    "hostile_paths": FileFault(check_hostile_paths, ("list", "file")),
    "large_file": FileFault(check_large_file, ("list", "file", "content")),
}


def applies(action, method, path):
    """Whether a rule with this file action may fire for the request (faults.FaultRule.matches)."""
    route = file_route(path)
    if method != "GET" or route is None or route.kind not in ACTIONS[action["type"]].kinds:
        return False
    return "containers" not in action or route.container_id in action["containers"]


def dress(item, position, action):
    """The file object as a hostile_paths or large_file action shows it (a copy); others leave it."""
    kind = action["type"] if action else None
    if kind == "hostile_paths":
        paths = action.get("paths", HOSTILE_PATHS)
        return dict(item, path=paths[position % len(paths)])
    if kind == "large_file":
        return dict(item, bytes=action.get("bytes", GIB))
    return item


def content_answer(item, content, action):
    """The ContentAnswer for the file's content under the action (None: no fault)."""
    kind = action["type"] if action else None
    if kind == "content_size_lie":
        length = max(0, content.length + action["delta"])
        return ContentAnswer(length, sized_chunks(content, length, seed=item["id"]), 0, False)
    if kind == "large_file":
        generated = GeneratedContent(action.get("bytes", GIB), item["id"])
        return ContentAnswer(generated.length, generated.chunks(), 0, False)
    if kind == "slow_content":
        chunks = rechunked(content.chunks(), action.get("chunk_bytes", 1024))
        return ContentAnswer(content.length, chunks, action.get("interval_ms", 100) / 1000.0, False)
    if kind == "content_cut":
        sent = min(action.get("after_bytes", content.length // 2), max(0, content.length - 1))
        return ContentAnswer(content.length, sized_chunks(content, sent), 0, True)
    return ContentAnswer(content.length, content.chunks(), 0, False)


def error_action(action):
    """The status action a content_error answers with (server.py's status fault writes it)."""
    status_action = {"type": "status", "status": action.get("status", 500)}
    if "message" in action:
        status_action["message"] = action["message"]
    return status_action
