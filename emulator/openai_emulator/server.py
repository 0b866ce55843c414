# The HTTP server: OpenAI Containers API under /v1 and the test control API under /_emulator.
#
# Built on http.server, tuned for benchmarks: HTTP/1.1 keep-alive, TCP_NODELAY on every
# accepted socket, and each response (headers and body) sent in one write, because a
# second small write on a keep-alive connection costs ~40 ms (Nagle against delayed ACK).

import email.utils
import json
import os
import re
import socket
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

from . import file_control, files, seed as seed_data
from .file_routes import file_route
from .file_seed import seed_files
from .file_store import ContainerFiles
from .faults import FaultSet
from .hostile import ACTIONS as HOSTILE_ACTIONS
from .store import ContainerStore, encode
from .validation import ApiError, invalid_type as _invalid_type, invalid_value as _invalid_value, json_object, list_query

API_PREFIX = "/v1/"
CONTROL_PREFIX = "/_emulator/"
_CONTAINER_PATH = re.compile(r"^/v1/containers/([^/]+)$")
_MEMORY_LIMITS = ("1g", "4g", "16g", "64g")
_CREATE_FIELDS = ("name", "file_ids", "expires_after", "skills", "memory_limit", "network_policy")
_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed",
            408: "Request Timeout", 409: "Conflict", 429: "Too Many Requests", 500: "Internal Server Error",
            502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}
# Messages the real service sends for these statuses.
_STATUS_MESSAGES = {
    429: "Rate limit reached for requests. Please try again in a moment.",
    500: "The server had an error while processing your request. Sorry about that!",
    502: "Bad gateway.",
    503: "The server is overloaded or not ready yet.",
}
_HTML_PAGE = b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>\n"
_NO_KEY_MESSAGE = ("You didn't provide an API key. You need to provide your API key in an Authorization header using "
                   "Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from "
                   "https://platform.openai.com/account/api-keys.")
# What Azure OpenAI answers when the api-key header is missing or wrong ({"error": {"code": "401", ...}}),
# and when a Bearer token comes instead ({"statusCode": 401, "message": ...}): Azure reads Bearer as a
# Microsoft Entra ID token, which an API key is not. The texts are those of Azure's answers as publicly reported.
AUTH_HEADERS = ("bearer", "api-key")
AZURE_PREFIX = "/openai"
_AZURE_NO_KEY_MESSAGE = ("Access denied due to missing subscription key. Make sure to include subscription key when "
                         "making requests to an API.")
_AZURE_WRONG_KEY_MESSAGE = ("Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide "
                            "a valid key for an active subscription and use a correct regional API endpoint for your resource.")
_AZURE_BEARER_MESSAGE = ("Unauthorized. Access token is missing, invalid, audience is incorrect "
                         "(https://cognitiveservices.azure.com), or have expired.")


class AzureAuthError(ApiError):
    """Azure's 401 bodies: a code and a message for a key, a bare status and message for a token."""

    def __init__(self, message, token=False):
        super().__init__(401, message)
        self.body = {"statusCode": 401, "message": message} if token else {"error": {"code": "401", "message": message}}


def mask_key(key):
    """Mask an API key the way OpenAI does in its 401 message: never echo it whole."""
    if len(key) < 12:
        return "*" * len(key)
    return key[:3] + "*" * (len(key) - 7) + key[-4:]


class Stats:
    """Request and connection counters, shared by all request threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        with self._lock:
            self.requests = 0
            self.connections = 0
            self.by_route = {}

    def connection(self):
        with self._lock:
            self.connections += 1

    def request(self, route):
        with self._lock:
            self.requests += 1
            self.by_route[route] = self.by_route.get(route, 0) + 1

    def snapshot(self):
        with self._lock:
            return {"requests": self.requests, "connections": self.connections, "by_route": dict(self.by_route)}


class EmulatorServer(ThreadingHTTPServer):
    """The listening server and the state every request handler shares."""

    daemon_threads = True
    # Many benchmark clients connect at once; the default backlog of 5 drops some.
    request_queue_size = 128

    def __init__(self, address, containers=50, seed=1, api_key="sk-emulator", now=None, latency_ms=0,
                 ssl_context=None, log_requests=False, auth_header="bearer"):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        if auth_header not in AUTH_HEADERS:
            raise ValueError("auth_header must be one of %s, got %r" % (", ".join(AUTH_HEADERS), auth_header))
        self.api_key = api_key
        # "bearer": OpenAI's `Authorization: Bearer KEY`; "api-key": Azure OpenAI's `api-key: KEY`, the
        # API also served under /openai/v1 as on an Azure resource.
        self.auth_header = auth_header
        self.latency = latency_ms / 1000.0
        self.ssl_context = ssl_context
        self.log_requests = log_requests
        self.stats = Stats()
        self.faults = FaultSet()
        self.store = ContainerStore()
        self.files = ContainerFiles()
        self.seed_config = {}
        self.clock_base = 0
        self.clock_start = 0.0
        self.reseed(containers, seed, now)
        super().__init__(address, EmulatorHandler)

    def server_bind(self):
        # HTTPServer.server_bind resolves the host name (getfqdn); a loopback emulator needs no lookup.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def reseed(self, containers, seed, now=None):
        """Replace all containers with the deterministic seed data for (seed, containers, now)."""
        now = int(time.time()) if now is None else int(now)
        self.clock_base, self.clock_start = now, time.monotonic()
        self.seed_config = {"containers": containers, "seed": seed, "now": now}
        generated = seed_data.generate(containers, seed, now)
        self.store.replace(generated)
        self.files.replace(seed_files(generated, seed, now))

    def now(self):
        """The emulator's clock: the configured `now`, advancing in real time."""
        return self.clock_base + int(time.monotonic() - self.clock_start)

    def add_raw_containers(self, items):
        """Insert raw dicts as they are (schema violations included); fill only id/created_at."""
        if isinstance(items, dict):
            items = [items]
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise ValueError("expected a container object or a list of them")
        ids = []
        for item in items:
            item = dict(item)
            item.setdefault("created_at", self.now())
            item.setdefault("id", new_container_id(item["created_at"]))
            self.store.put(item)
            ids.append(item["id"])
        return ids

    def update_container(self, container_id, fields):
        """Set fields of a stored container as given (null included), e.g. {"status": "expired"}."""
        if not isinstance(fields, dict) or not fields:
            raise ValueError("expected an object of the fields to set")
        if "id" in fields:
            raise ValueError("the id of a container cannot be changed")
        container = self.store.get(container_id)
        if container is None:
            raise KeyError("no container with id %r" % container_id)
        container = dict(container, **fields)
        self.store.put(container)
        if container.get("status") == "expired":
            self.files.forget(container_id)
        return container

    def mutate(self, action):
        """Create and delete containers as a `mutate` fault asks, before the request is answered.

        New containers are created now, so they are the newest; deleted ones are taken from the
        newest end, the oldest end or the middle of the list (`delete_at`).
        """
        for number in range(action.get("create", 0)):
            self.store.put(new_container("created while listing %d" % number, self.now()))
        count = action.get("delete", 0)
        if count:
            items = self.store.all("desc")
            place = action.get("delete_at", "middle")
            start = {"newest": 0, "oldest": max(0, len(items) - count), "middle": max(0, (len(items) - count) // 2)}[place]
            for container in items[start:start + count]:
                self.store.delete(container["id"])
                self.files.forget(container["id"])

    def handle_error(self, request, client_address):
        # Clients that hang up mid-request are normal in fault tests; only report real bugs.
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError, OSError)):
            super().handle_error(request, client_address)


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


class EmulatorHandler(BaseHTTPRequestHandler):
    """One connection: parses requests and answers them; see the module comment for speed notes."""

    protocol_version = "HTTP/1.1"
    server_version = "openai-emulator"
    # Set by a drop_after fault: the request is carried out, then the connection is dropped unanswered.
    _drop_answer = False
    # The answer rewrites (strip_fields, no_request_id) that fired for the request being answered.
    _rewrites = ()

    def setup(self):
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.server.ssl_context is not None:
            self.request = self.server.ssl_context.wrap_socket(self.request, server_side=True)
        self.server.stats.connection()
        super().setup()

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        if self.server.log_requests:
            super().log_message(format, *args)

    # -- plumbing -----------------------------------------------------------------------------

    def _read_body(self):
        """Read the request body (always, so the keep-alive stream stays in step)."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, status, body, headers=None, content_type="application/json"):
        if isinstance(body, str):
            body = body.encode("utf-8")
        lines = ["HTTP/1.1 %d %s" % (status, _REASONS.get(status, "Error")),
                 "content-type: %s" % content_type,
                 "content-length: %d" % len(body),
                 "date: %s" % email.utils.formatdate(usegmt=True)]
        request_id = "req_%s" % os.urandom(16).hex()
        if not self._rewritten("no_request_id"):
            lines.append("x-request-id: %s" % request_id)
        elif status >= 400:
            # As the LiteLLM proxy passes the API's id on errors only, under its own names.
            lines.extend("%s: %s" % (name, request_id) for rewrite in self._rewrites if rewrite["type"] == "no_request_id"
                         for name in rewrite.get("error_headers", ()))
        for name, value in (headers or {}).items():
            lines.append("%s: %s" % (name, value))
        if self.close_connection:
            lines.append("connection: close")
        if self.command == "HEAD":
            body = b""
        if self._drop_answer:
            self._drop_answer = False
            self._drop()
            return
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        self.log_request(status, len(body))

    def _send_json(self, status, value, headers=None):
        self._send(status, encode(value), headers)

    def _dispatch(self):
        self._rewrites = ()
        try:
            body = self._read_body()
        except ValueError:
            self.close_connection = True
            self._send_json(400, ApiError(400, "Malformed request body.").body)
            return
        url = urlsplit(self.path)
        if self.server.auth_header == "api-key" and url.path.startswith(AZURE_PREFIX + API_PREFIX):
            url = url._replace(path=url.path[len(AZURE_PREFIX):])
        if url.path.startswith(CONTROL_PREFIX):
            self._control(url.path, body)
            return
        try:
            self._api(url, body)
        except ApiError as error:
            self._send_json(error.status, error.body, error.headers)

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = do_HEAD = do_OPTIONS = _dispatch

    # -- the OpenAI API -------------------------------------------------------------------------

    def _api(self, url, body):
        method, path = self.command, url.path
        match = _CONTAINER_PATH.match(path)
        files_route = file_route(path)
        if path == "/v1/containers":
            route, allowed = "/v1/containers", ("GET", "POST")
        elif match:
            route, allowed = "/v1/containers/{container_id}", ("GET", "DELETE")
        elif files_route:
            route, allowed = files_route.name, files_route.methods
        else:
            route, allowed = None, ()
        self.server.stats.request("%s %s" % (method, route or "(unknown)"))

        query = dict(parse_qsl(url.query, keep_blank_values=True))
        action = self.server.faults.take(method, path, query) if path.startswith(API_PREFIX) else None
        if path.startswith(API_PREFIX):
            self._rewrites = self.server.faults.rewrites(method, path, query)
        if action is not None and self._apply_fault(action):
            return
        if self.server.latency:
            time.sleep(self.server.latency)

        if route is None:
            raise ApiError(404, "Invalid URL (%s %s)" % (method, path))
        if method not in allowed:
            raise ApiError(405, "Method %s is not allowed for %s." % (method, path), headers={"allow": ", ".join(allowed)})
        self._authenticate()
        if files_route:
            files.answer(self, files_route, url.query, body, action)
        elif match:
            # The id as the client meant it: a client percent-encodes it as one path segment (cntr_x%1B%5B2J), and
            # the API, like any HTTP server, decodes it before looking it up.
            container_id = unquote(match.group(1))
            if method == "GET":
                self._send_json(200, self._strip_fields(self._find(container_id)))
            else:
                self._find(container_id)
                self.server.store.delete(container_id)
                self.server.files.forget(container_id)
                self._send_json(200, {"id": container_id, "object": "container.deleted", "deleted": True})
        elif method == "GET":
            self._list(url.query, action)
        else:
            self._send_json(200, self._strip_fields(self._create(body)))

    # -- answer rewrites: what a gateway in front of the API changes (faults.ANSWER_REWRITES) ---------

    def _rewritten(self, kind):
        return any(rewrite["type"] == kind for rewrite in self._rewrites)

    def _strip_fields(self, container, request=False):
        """The container (or with request, a create's body) without the fields strip_fields rules remove
        (a copy; the stored one keeps them)."""
        fields = {field for rewrite in self._rewrites if rewrite["type"] == "strip_fields"
                  and (rewrite.get("from_requests", False) or not request) for field in rewrite["fields"]}
        if not fields or not isinstance(container, dict):
            return container
        return {key: value for key, value in container.items() if key not in fields}

    def _apply_fault(self, action):
        """Carry out a fault; return True when it has answered (or dropped) the request."""
        kind = action["type"]
        if kind in HOSTILE_ACTIONS:
            HOSTILE_ACTIONS[kind].answer(self, action)
            return True
        if kind == "status":
            status = action["status"]
            if status == 429:
                error = ApiError(429, action.get("message") or _STATUS_MESSAGES[429], code="rate_limit_exceeded",
                                 error_type="requests")
            elif status >= 500:
                error = ApiError(status, action.get("message") or _STATUS_MESSAGES.get(status, "Server error."),
                                 error_type="server_error")
            else:
                error = ApiError(status, action.get("message") or "Request failed.")
            self._send_json(status, error.body, action.get("headers"))
            return True
        if kind == "drop":
            self._drop()
            return True
        if kind == "drop_after":
            self._drop_answer = True
            return False
        if kind == "delay":
            time.sleep(action["ms"] / 1000.0)
        elif kind == "non_json":
            self._send(200, _HTML_PAGE, content_type="text/html; charset=utf-8")
            return True
        elif kind == "echo_key":
            self._echo_key(action.get("status", 400))
            return True
        elif kind == "mutate":
            self.server.mutate(action)
        return False

    def _drop(self):
        self.close_connection = True
        try:
            self.request.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _echo_key(self, status):
        """Answer with the caller's whole key, as a broken proxy or a debugging gateway might.

        The real service masks the key (see mask_key); this fault is for testing that the client
        never shows what a server echoes: in an error's message, code and param, or (status 200)
        in a body that is not a page, which the client must refuse while quoting it.
        """
        key = self.headers.get("Authorization", "")
        if status == 200:
            self._send_json(200, {"object": "debug", "echo": {"authorization": key}})
            return
        error = ApiError(status, "Rejected the request with header Authorization: %s" % key, param=key, code=key)
        self._send_json(status, error.body)

    def _authenticate(self):
        if self.server.auth_header == "api-key":
            self._authenticate_api_key()
            return
        header = self.headers.get("Authorization", "")
        scheme, key = (header.split(" ", 1) + [""])[:2]
        key = key.strip()
        if scheme.lower() != "bearer" or not key:
            raise ApiError(401, _NO_KEY_MESSAGE)
        if key != self.server.api_key:
            raise ApiError(401, "Incorrect API key provided: %s. You can find your API key at "
                           "https://platform.openai.com/account/api-keys." % mask_key(key), code="invalid_api_key")

    def _authenticate_api_key(self):
        key = self.headers.get("api-key", "").strip()
        if not key:
            if self.headers.get("Authorization"):
                raise AzureAuthError(_AZURE_BEARER_MESSAGE, token=True)
            raise AzureAuthError(_AZURE_NO_KEY_MESSAGE)
        if key != self.server.api_key:
            raise AzureAuthError(_AZURE_WRONG_KEY_MESSAGE)

    def _find(self, container_id):
        container = self.server.store.get(container_id)
        if container is None:
            raise ApiError(404, "No container found with id '%s'." % container_id, code="not_found")
        return container

    def _list(self, query, action):
        params, limit, order, after = list_query(query)
        kind = action["type"] if action else None
        if kind == "name_ignored":
            # A gateway that drops the filter: the answer is the one without a name.
            params.pop("name", None)
        if kind == "stuck_cursor":
            after = None
        elif kind == "endless_list":
            self._send_page(*_endless_page(self.server, action, limit))
            return
        elif kind in LISTING_ORDERS:
            self._send_page(*_reordered_page(self.server, LISTING_ORDERS[kind], limit, order, after, params.get("name")))
            return
        elif kind == "cursor_cycle" and after is not None and after == self._second_page_cursor(limit, order, params.get("name")):
            # The third page is the first one again: the cursors go A, B, A, B, ...
            after = None
        elif after is not None and after not in self.server.store:
            raise ApiError(400, "Invalid 'after': no container found with id '%s'." % after, param="after", code="invalid_value")
        if kind == "oversized_page":
            limit += action.get("extra", 5)
        try:
            texts, first_id, last_id, has_more = self.server.store.page(limit, order, after, params.get("name"))
        except KeyError:
            # The cursor was deleted between the check above and the lookup.
            raise ApiError(400, "Invalid 'after': no container found with id '%s'." % after,  # pylint: disable=raise-missing-from
                           param="after", code="invalid_value")
        if kind in ("stuck_cursor", "cursor_cycle"):
            has_more = True
        elif kind == "invalid_items":
            texts = [encode(_corrupt(json.loads(text), index)) for index, text in enumerate(texts)]
        elif kind in _ITEM_FAULTS:
            # The last item keeps its id, so that a client can still follow the cursor.
            texts = [encode(_ITEM_FAULTS[kind](json.loads(text), index)) for index, text in enumerate(texts[:-1])] + texts[-1:]
        self._send_page(texts, first_id, last_id, has_more)

    def _send_page(self, texts, first_id, last_id, has_more):
        if self._rewritten("strip_fields"):
            texts = [encode(self._strip_fields(json.loads(text))) for text in texts]
        self._send(200, '{"object":"list","data":[%s],"first_id":%s,"last_id":%s,"has_more":%s}' % (
            ",".join(texts), encode(first_id), encode(last_id), "true" if has_more else "false"))

    def _second_page_cursor(self, limit, order, name):
        """The id of the last container of the second page (B in a cycle A, B, A), or None."""
        dummy, dummy, first_last, dummy = self.server.store.page(limit, order, None, name)
        if first_last is None:
            return None
        dummy, dummy, second_last, dummy = self.server.store.page(limit, order, first_last, name)
        return second_last

    def _create(self, raw):
        body = self._strip_fields(json_object(raw), request=True)
        for key in body:
            if key not in _CREATE_FIELDS:
                raise ApiError(400, "Unrecognized request argument supplied: %s" % key, param=key, code="unknown_parameter")
        name = body.get("name")
        if "name" not in body:
            raise ApiError(400, "Missing required parameter: 'name'.", param="name", code="missing_required_parameter")
        if not isinstance(name, str):
            raise _invalid_type("name", "a string", name)
        memory_limit = body.get("memory_limit", "1g")
        if memory_limit not in _MEMORY_LIMITS:
            raise _invalid_value("memory_limit", memory_limit, _MEMORY_LIMITS)
        expires_after = _check_expires_after(body.get("expires_after", {"anchor": "last_active_at", "minutes": 20}))
        _check_string_list("file_ids", body.get("file_ids", []))
        _check_skills(body.get("skills", []))
        network_policy = _check_network_policy(body["network_policy"]) if "network_policy" in body else None
        container = new_container(name, self.server.now(), memory_limit, expires_after, network_policy)
        self.server.store.put(container)
        return container

    # -- the control API --------------------------------------------------------------------------

    def _control(self, path, raw):
        server = self.server
        try:
            body = json.loads(raw.decode("utf-8")) if raw.strip() else None
        except ValueError:
            self._send_json(400, {"error": "request body is not valid JSON"})
            return
        route = (self.command, path[len(CONTROL_PREFIX):].rstrip("/"))
        try:
            if route == ("GET", "stats"):
                result = dict(server.stats.snapshot(), containers=len(server.store))
            elif route == ("POST", "reset"):
                server.stats.reset()
                server.faults.clear()
                if body:
                    config = dict(server.seed_config, **body)
                    server.reseed(config["containers"], config["seed"], config["now"])
                result = {"reset": True, "containers": len(server.store)}
            elif route == ("GET", "faults"):
                result = {"faults": server.faults.describe()}
            elif route == ("POST", "faults"):
                result = {"added": server.faults.add(body)}
            elif route == ("DELETE", "faults"):
                server.faults.clear()
                result = {"faults": []}
            elif route == ("POST", "containers"):
                result = {"ids": server.add_raw_containers(body)}
            elif file_control.control_route(route):
                result = file_control.control(server, route, body)
            elif route[0] == "PATCH" and route[1].startswith("containers/"):
                container_id = route[1][len("containers/"):]
                if container_id not in server.store:
                    self._send_json(404, {"error": "no container with id %r" % container_id})
                    return
                result = server.update_container(container_id, body)
            else:
                self._send_json(404, {"error": "unknown control route %s %s" % (self.command, path)})
                return
        except (ValueError, TypeError, KeyError) as error:
            self._send_json(400, {"error": str(error)})
            return
        self._send_json(200, result)


def _check_expires_after(value):
    if not isinstance(value, dict):
        raise _invalid_type("expires_after", "an object", value)
    for key in ("anchor", "minutes"):
        if key not in value:
            raise ApiError(400, "Missing required parameter: 'expires_after.%s'." % key, param="expires_after.%s" % key,
                           code="missing_required_parameter")
    if value["anchor"] != "last_active_at":
        raise _invalid_value("expires_after.anchor", value["anchor"], ("last_active_at",))
    minutes = value["minutes"]
    if not isinstance(minutes, int) or isinstance(minutes, bool):
        raise _invalid_type("expires_after.minutes", "an integer", minutes)
    if minutes < 1:
        raise ApiError(400, "Invalid 'expires_after.minutes': integer below minimum value. Expected a value >= 1, but got "
                       "%d instead." % minutes, param="expires_after.minutes", code="integer_below_min_value")
    return {"anchor": "last_active_at", "minutes": minutes}


def _check_string_list(param, value):
    if not isinstance(value, list):
        raise _invalid_type(param, "an array", value)
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise _invalid_type("%s[%d]" % (param, index), "a string", item)


def _check_skills(skills):
    if not isinstance(skills, list):
        raise _invalid_type("skills", "an array", skills)
    for index, skill in enumerate(skills):
        param = "skills[%d]" % index
        if not isinstance(skill, dict):
            raise _invalid_type(param, "an object", skill)
        if skill.get("type") not in ("skill_reference", "inline"):
            raise _invalid_value(param + ".type", skill.get("type"), ("skill_reference", "inline"))
        required = ("skill_id",) if skill["type"] == "skill_reference" else ("name", "description", "source")
        for key in required:
            if key not in skill:
                raise ApiError(400, "Missing required parameter: '%s.%s'." % (param, key), param="%s.%s" % (param, key),
                               code="missing_required_parameter")


def _check_network_policy(policy):
    if not isinstance(policy, dict):
        raise _invalid_type("network_policy", "an object", policy)
    if policy.get("type") not in ("disabled", "allowlist"):
        raise _invalid_value("network_policy.type", policy.get("type"), ("disabled", "allowlist"))
    if policy["type"] == "disabled":
        return {"type": "disabled"}
    domains = policy.get("allowed_domains")
    if "allowed_domains" not in policy:
        raise ApiError(400, "Missing required parameter: 'network_policy.allowed_domains'.",
                       param="network_policy.allowed_domains", code="missing_required_parameter")
    _check_string_list("network_policy.allowed_domains", domains)
    if not domains:
        raise ApiError(400, "Invalid 'network_policy.allowed_domains': empty array. Expected an array with minimum length 1.",
                       param="network_policy.allowed_domains", code="empty_array")
    # Domain secrets are write-only: accepted, never echoed back.
    return {"type": "allowlist", "allowed_domains": list(domains)}


def _corrupt(container, index):
    """Break one schema rule per item, cycling through the ways real clients trip."""
    variant = index % 3
    if variant == 0:
        container["created_at"] = str(container.get("created_at"))
    elif variant == 1:
        container.pop("name", None)
    else:
        container["memory_limit"] = "3g"
    return container


def _endless_page(server, action, limit):
    """endless_list: `per_page` (default: the limit asked for) containers never seen before, and has_more=true."""
    now = server.now()
    items = [new_container("endless", now) for dummy in range(action.get("per_page", limit))]
    return [encode(item) for item in items], items[0]["id"], items[-1]["id"], True


def _without_id(container, index):
    """missing_ids: the item has no id at all."""
    container.pop("id", None)
    return container


_NON_STRING_IDS = (12345, ["cntr_in_a_list"], {"id": "cntr_in_an_object"}, None)


def _non_string_id(container, index):
    """non_string_ids: the id is a number, a list, an object or null, in turn."""
    container["id"] = _NON_STRING_IDS[index % len(_NON_STRING_IDS)]
    return container


_NON_OBJECTS = ("cntr_just_a_string", 42, None, ["a", "list"])


def _non_object(container, index):
    """non_object_items: the item is not an object at all (a string, a number, null, a list, in turn)."""
    return _NON_OBJECTS[index % len(_NON_OBJECTS)]


# -- listings that only one cursor can walk completely, and a gateway that drops the name filter --------

def _newest_first_always(order, container):
    """order_ignored: newest first whatever the order asked (a gateway that drops the parameter)."""
    return (-_created_at(container), container["id"])


def _ties_in_one_order(order, container):
    """stable_ties: by created_at in the order asked; containers of the same second in the same
    relative order both ways (a stable sort on created_at of a list kept by id)."""
    created_at = _created_at(container)
    return (created_at if order == "asc" else -created_at, container["id"])


def _ties_by_another_key(order, container):
    """orders_disagree: by created_at in the order asked; ties broken by the id for asc and by the
    reversed id for desc, so that neither order is the reverse of the other."""
    created_at = _created_at(container)
    return (created_at, container["id"]) if order == "asc" else (-created_at, container["id"][::-1])


def _created_at(container):
    created_at = container.get("created_at")
    return created_at if isinstance(created_at, (int, float)) and not isinstance(created_at, bool) else 0


# The sort key of each order, by action type: every order is stable, so one cursor is complete.
LISTING_ORDERS = {"order_ignored": _newest_first_always, "stable_ties": _ties_in_one_order,
                  "orders_disagree": _ties_by_another_key}


def _reordered_page(server, sort_key, limit, order, after, name):
    """One page of the listing sorted by ``sort_key(order, container)``, after the cursor's place in that order."""
    items = [item for item in server.store.all() if name is None or item.get("name") == name]
    items.sort(key=lambda container: sort_key(order, container))
    ids = [item["id"] for item in items]
    if after is not None and after not in ids:
        raise ApiError(400, "Invalid 'after': no container found with id '%s'." % after, param="after", code="invalid_value")
    start = 0 if after is None else ids.index(after) + 1
    selected = items[start:start + limit]
    return ([encode(item) for item in selected], selected[0]["id"] if selected else None,
            selected[-1]["id"] if selected else None, start + limit < len(items))


# Faults that rewrite every item of a page but the last, by action type.
_ITEM_FAULTS = {"missing_ids": _without_id, "non_string_ids": _non_string_id, "non_object_items": _non_object}
