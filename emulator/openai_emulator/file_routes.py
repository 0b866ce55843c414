# Which container-files route a request path names (shared by the routes and the fault rules).

import collections
import re

from urllib.parse import unquote

_FILES_PATH = re.compile(r"^/v1/containers/([^/]+)/files(?:/([^/]+)(/content)?)?$")

# kind: "list" (the collection), "file" (one file object) or "content" (its bytes).
FileRoute = collections.namedtuple("FileRoute", "kind name methods container_id file_id")


def file_route(path):
    """The FileRoute of a path under /v1/containers/{id}/files, or None."""
    match = _FILES_PATH.match(path)
    if match is None:
        return None
    # Ids percent-decoded, as for the containers' own routes (server.py).
    container_id, file_id, content = match.groups()
    container_id = unquote(container_id)
    file_id = None if file_id is None else unquote(file_id)
    if content:
        return FileRoute("content", "/v1/containers/{container_id}/files/{file_id}/content", ("GET",), container_id, file_id)
    if file_id is not None:
        return FileRoute("file", "/v1/containers/{container_id}/files/{file_id}", ("GET", "DELETE"), container_id, file_id)
    return FileRoute("list", "/v1/containers/{container_id}/files", ("GET", "POST"), container_id, None)
