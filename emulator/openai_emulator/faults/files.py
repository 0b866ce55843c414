# Fault actions for the container files routes. Each fires only on GET requests of the routes of its
# `kinds` (the list, one file's object or its content) and, with "containers": [ids], only for those
# containers, so that skip/times count only the requests it changes.
#
# The length lies keep the HTTP framing valid: the listed `bytes` is the stored file's size, and
# the content answer is complete (its Content-Length is what is sent) but longer or shorter.
# content_cut is the other failure: the right Content-Length, then the connection closes mid-body.

from ..file_routes import file_route
from ..file_store import GeneratedContent, rechunked, sized_chunks
from ..files import ContentAnswer
from .answers import status_error
from .fault import Fault, check_keys

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


def _count(action, key, default, minimum):
    value = action.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError("'%s' of a %s action must be an integer >= %d" % (key, action["type"], minimum))
    return value


class FileFault(Fault):
    """A fault of the files routes of its `kinds`; its own keys are `keys`, besides "containers"."""

    kinds = ()
    keys = ()

    def check(self, action):
        check_keys(action, ("containers",) + self.keys)
        containers = action.get("containers", [])
        if not isinstance(containers, list) or not all(isinstance(item, str) for item in containers):
            raise ValueError("'containers' of a %s action must be a list of container ids" % action["type"])
        self.check_own(action)

    def check_own(self, action):
        """The checks of this fault's own keys."""

    def applies(self, action, method, path):
        route = file_route(path)
        if method != "GET" or route is None or route.kind not in self.kinds:
            return False
        return "containers" not in action or route.container_id in action["containers"]


class ContentSizeLie(FileFault):
    """{"delta": n}: the content is n bytes longer (or shorter) than the listed size, framing intact."""

    name = "content_size_lie"
    kinds = ("content",)
    keys = ("delta",)

    def check_own(self, action):
        delta = action.get("delta")
        if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
            raise ValueError("a content_size_lie action needs 'delta', a non-zero integer (bytes more or fewer than listed)")

    def content(self, item, content, action):
        length = max(0, content.length + action["delta"])
        return ContentAnswer(length, sized_chunks(content, length, seed=item["id"]), 0, False)


class ContentError(FileFault):
    """{"status": 400..599, "message": text}: the content route answers an error as a status fault does."""

    name = "content_error"
    kinds = ("content",)
    keys = ("status", "message")

    def check_own(self, action):
        status = action.get("status", 500)
        if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError("'status' of a content_error action must be between 400 and 599")
        if not isinstance(action.get("message", ""), str):
            raise ValueError("'message' of a content_error action must be a string")

    def content(self, item, content, action):
        raise status_error(action.get("status", 500), action.get("message"))


class SlowContent(FileFault):
    """{"interval_ms": n, "chunk_bytes": n}: the content in chunks of chunk_bytes, n ms apart."""

    name = "slow_content"
    kinds = ("content",)
    keys = ("interval_ms", "chunk_bytes")

    def check_own(self, action):
        interval = action.get("interval_ms", 100)
        if isinstance(interval, bool) or not isinstance(interval, (int, float)) or not 0 <= interval <= 60000:
            raise ValueError("'interval_ms' of a slow_content action must be a number from 0 to 60000")
        _count(action, "chunk_bytes", 1024, 1)

    def content(self, item, content, action):
        chunks = rechunked(content.chunks(), action.get("chunk_bytes", 1024))
        return ContentAnswer(content.length, chunks, action.get("interval_ms", 100) / 1000.0, False)


class ContentCut(FileFault):
    """{"after_bytes": n}: the right Content-Length, then the connection closes after n bytes (default: half)."""

    name = "content_cut"
    kinds = ("content",)
    keys = ("after_bytes",)

    def check_own(self, action):
        if "after_bytes" in action:
            _count(action, "after_bytes", 0, 0)

    def content(self, item, content, action):
        sent = min(action.get("after_bytes", content.length // 2), max(0, content.length - 1))
        return ContentAnswer(content.length, sized_chunks(content, sent), 0, True)


class HostilePaths(FileFault):
    """{"paths": [...]}: each file's `path` is one of them, in turn (default: HOSTILE_PATHS)."""

    name = "hostile_paths"
    kinds = ("list", "file")
    keys = ("paths",)

    def check_own(self, action):
        paths = action.get("paths", HOSTILE_PATHS)
        if not isinstance(paths, (list, tuple)) or not paths or not all(isinstance(path, str) for path in paths):
            raise ValueError("'paths' of a hostile_paths action must be a non-empty list of strings")

    def dress(self, item, position, action):
        paths = action.get("paths", HOSTILE_PATHS)
        return dict(item, path=paths[position % len(paths)])


class LargeFile(FileFault):
    """{"bytes": n}: each file is n bytes (default 1 GiB), listed and generated as it is sent."""

    name = "large_file"
    kinds = ("list", "file", "content")
    keys = ("bytes",)

    def check_own(self, action):
        _count(action, "bytes", GIB, 0)

    def dress(self, item, position, action):
        return dict(item, bytes=action.get("bytes", GIB))

    def content(self, item, content, action):
        generated = GeneratedContent(action.get("bytes", GIB), item["id"])
        return ContentAnswer(generated.length, generated.chunks(), 0, False)
