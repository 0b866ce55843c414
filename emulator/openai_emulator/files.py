# The container files routes (spec: openai-container-files-openapi.yaml): list, upload (multipart
# `file` or JSON `file_id`), retrieve, content and delete, with the file fault actions applied.
#
# server.py sends a request here when file_routes.file_route(path) names it, after the shared
# steps (statistics, fault rules that answer first, latency, authentication), with the fault of the
# rule that fired: its dress() and content() hooks (faults/files.py) change what these routes send.

import collections
import json
import re
import time

from .file_store import BytesContent, file_object, new_file_id, upload_path
from .store import encode
from .validation import ApiError, invalid_type, json_object, list_query
from .wire import raw_head

_BOUNDARY = re.compile(r'boundary=(?:"([^"]+)"|([^\s;]+))', re.IGNORECASE)
_DISPOSITION_PARAM = re.compile(r';\s*([a-z*]+)="((?:[^"\\]|\\.)*)"', re.IGNORECASE)
_FORM_FIELDS = ("file", "file_id")
# What the content route sends: `length` in the head, then `chunks` with `interval` seconds after each;
# with `cut`, the connection closes after them (they are fewer bytes than `length`).
ContentAnswer = collections.namedtuple("ContentAnswer", "length chunks interval cut")


def answer(handler, route, query, body, fault, action):
    """Answer an authenticated request on a files route; `fault` and its rule's `action`: the fault rule that fired, or None."""
    _live_container(handler, route.container_id)
    files = handler.server.files
    if route.kind == "list":
        if handler.command == "GET":
            _list(handler, route.container_id, query, fault, action)
        else:
            handler._send_json(200, _create(handler, route.container_id, body))
        return
    item = files.get(route.container_id, route.file_id)
    content = files.content(route.file_id)
    if item is None or content is None:
        raise ApiError(404, "No file found with id '%s' in container '%s'." % (route.file_id, route.container_id),
                       code="not_found")
    if route.kind == "content":
        _send_content(handler, item, content, fault, action)
    elif handler.command == "GET":
        handler._send_json(200, _dressed(files, route.container_id, [item], fault, action)[0])
    else:
        files.delete(route.container_id, route.file_id)
        handler._send_json(200, {"id": route.file_id, "object": "container.file.deleted", "deleted": True})


def _live_container(handler, container_id):
    """404 for an unknown container; 400 for an expired one, whose files are gone with it."""
    container = handler._find(container_id)
    if container.get("status") == "expired":
        handler.server.files.forget(container_id)
        raise ApiError(400, "Container is expired.", param="container_id")
    return container


def _dressed(files, container_id, items, fault, action):
    """The file objects as the fault shows them; each is told its place in its container (oldest first),
    so that a hostile path picked by it is the same in a listing and a retrieve."""
    if fault is None:
        return items
    positions = dict((item["id"], index) for index, item in enumerate(files.all(container_id)))
    return [fault.dress(item, positions.get(item["id"], 0), action) for item in items]


def _list(handler, container_id, query, fault, action):
    dummy, limit, order, after = list_query(query)
    files = handler.server.files
    try:
        texts, first_id, last_id, has_more = files.page(container_id, limit, order, after)
    except KeyError:
        raise ApiError(400, "Invalid 'after': no file found with id '%s'." % after,  # pylint: disable=raise-missing-from
                       param="after", code="invalid_value")
    if fault is not None:
        texts = [encode(item) for item in _dressed(files, container_id, [json.loads(text) for text in texts], fault, action)]
    handler._send_page(texts, first_id, last_id, has_more)


def _send_content(handler, item, content, fault, action):
    """The file's bytes, streamed chunk by chunk: a generated file of gigabytes is never held in memory."""
    planned = fault.content(item, content, action) if fault is not None else None
    if planned is None:
        planned = ContentAnswer(content.length, content.chunks(), 0, False)
    if handler._drop_answer:
        handler._drop_answer = False
        handler._drop()
        return
    # The head goes out with the first chunk: one write, as EmulatorHandler._send does for small answers.
    pending = raw_head(200, {"content-type": "application/octet-stream"}, planned.length)
    for chunk in planned.chunks:
        handler.wfile.write(pending + chunk)
        pending = b""
        if planned.interval:
            time.sleep(planned.interval)
    if pending:
        handler.wfile.write(pending)
    if planned.cut:
        handler._drop()
    handler.log_request(200, planned.length)


def _create(handler, container_id, body):
    content_type = handler.headers.get("Content-Type", "")
    if content_type.split(";")[0].strip().lower() == "multipart/form-data":
        fields = _form_fields(content_type, body)
        if "file" in fields and "file_id" in fields:
            raise ApiError(400, "Send either 'file' or 'file_id', not both.", param="file", code="invalid_request")
        if "file" in fields:
            filename, data = fields["file"]
            return _add(handler, container_id, _base_name(filename), BytesContent(data))
        if "file_id" not in fields:
            raise ApiError(400, "Missing required parameter: 'file'.", param="file", code="missing_required_parameter")
        file_id = fields["file_id"][1].decode("utf-8", "replace")
    else:
        request = json_object(body)
        for key in request:
            if key != "file_id":
                raise ApiError(400, "Unrecognized request argument supplied: %s" % key, param=key, code="unknown_parameter")
        if "file_id" not in request:
            raise ApiError(400, "Missing required parameter: 'file_id'.", param="file_id", code="missing_required_parameter")
        file_id = request["file_id"]
        if not isinstance(file_id, str):
            raise invalid_type("file_id", "a string", file_id)
    registered = handler.server.files.api_file(file_id)
    if registered is None:
        raise ApiError(404, "No such File object: %s" % file_id, param="file_id", code="not_found")
    return _add(handler, container_id, registered[0], registered[1])


def _add(handler, container_id, name, content):
    now = handler.server.now()
    item = file_object(new_file_id(now), container_id, now, content.length, upload_path(name), "user")
    return handler.server.files.add(item, content)


def _base_name(filename):
    """The name an upload is stored under: its last path component (the server picks the directory)."""
    name = re.split(r"[/\\]", filename or "")[-1]
    return name or "upload"


def _form_fields(content_type, body):
    """{name: (filename or None, bytes)} of a multipart/form-data body; 400 when it cannot be read."""
    match = _BOUNDARY.search(content_type)
    if match is None:
        raise ApiError(400, "Malformed multipart body: the Content-Type has no boundary.")
    delimiter = b"\r\n--" + (match.group(1) or match.group(2)).encode("latin-1")
    sections = (b"\r\n" + body).split(delimiter)
    if len(sections) < 3 or not sections[-1].startswith(b"--"):
        raise ApiError(400, "Malformed multipart body: it does not end with its closing boundary.")
    fields = {}
    for section in sections[1:-1]:
        head, separator, data = section.partition(b"\r\n\r\n")
        if not separator:
            raise ApiError(400, "Malformed multipart body: a part has no header end.")
        params = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            if line.lower().startswith("content-disposition:"):
                params = dict((key.lower(), value) for key, value in _DISPOSITION_PARAM.findall(line))
        name = params.get("name")
        if name is None:
            raise ApiError(400, "Malformed multipart body: a part has no Content-Disposition name.")
        if name not in _FORM_FIELDS:
            raise ApiError(400, "Unrecognized request argument supplied: %s" % name, param=name, code="unknown_parameter")
        fields[name] = (params.get("filename"), data)
    return fields
