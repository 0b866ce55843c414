# The HTTP server: OpenAI Containers API under /v1 and the test control API under /_emulator.
# The fault rules are in faults/: the API asks the fault of the rule that fired at a few hooks
# (before answering, a listing's page, the answer's rewrites) and knows none of them by name.
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
from .faults import FAULTS, FaultSet
from .listing import Listing
from .store import ContainerStore, encode, new_container, new_container_id
from .validation import ApiError, invalid_type as _invalid_type, invalid_value as _invalid_value, json_object

API_PREFIX = "/v1/"
CONTROL_PREFIX = "/_emulator/"
_CONTAINER_PATH = re.compile(r"^/v1/containers/([^/]+)$")
_MEMORY_LIMITS = ("1g", "4g", "16g", "64g")
_CREATE_FIELDS = ("name", "file_ids", "expires_after", "skills", "memory_limit", "network_policy")
_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed",
            408: "Request Timeout", 409: "Conflict", 429: "Too Many Requests", 500: "Internal Server Error",
            502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}
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

    def handle_error(self, request, client_address):
        # Clients that hang up mid-request are normal in fault tests; only report real bugs.
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError, OSError)):
            super().handle_error(request, client_address)


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
        lines.extend("%s: %s" % (name, request_id) for name in self._request_id_headers(status))
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
        # The fault of the rule that fired (None: none did); the API asks it at each of its hooks.
        fault = FAULTS[action["type"]] if action is not None else None
        if path.startswith(API_PREFIX):
            self._rewrites = self.server.faults.rewrites(method, path, query)
        if fault is not None and fault.answer(self, action):
            return
        if self.server.latency:
            time.sleep(self.server.latency)

        if route is None:
            raise ApiError(404, "Invalid URL (%s %s)" % (method, path))
        if method not in allowed:
            raise ApiError(405, "Method %s is not allowed for %s." % (method, path), headers={"allow": ", ".join(allowed)})
        self._authenticate()
        if files_route:
            files.answer(self, files_route, url.query, body, fault, action)
        elif match:
            # The id as the client meant it: a client percent-encodes it as one path segment (cntr_x%1B%5B2J), and
            # the API, like any HTTP server, decodes it before looking it up.
            container_id = unquote(match.group(1))
            if method == "GET":
                self._send_json(200, self._rewritten_container(self._find(container_id)))
            else:
                self._find(container_id)
                self.server.store.delete(container_id)
                self.server.files.forget(container_id)
                self._send_json(200, {"id": container_id, "object": "container.deleted", "deleted": True})
        elif method == "GET":
            listing = Listing(self.server, url.query)
            self._send_page(*(listing.page() if fault is None else fault.page(listing, action)))
        else:
            self._send_json(200, self._rewritten_container(self._create(body)))

    # -- answer rewrites: what a gateway in front of the API changes (faults/gateway.py) ---------------

    def _request_id_headers(self, status):
        """The headers that carry the request id: x-request-id, unless a rewrite that fired says otherwise."""
        said = [FAULTS[rewrite["type"]].request_id_headers(rewrite, status) for rewrite in self._rewrites]
        said = [names for names in said if names is not None]
        return [name for names in said for name in names] if said else ["x-request-id"]

    def _rewritten_container(self, container, request=False):
        """The container (or with request, a create's body) as the rewrites that fired pass it on
        (a copy when they change it; the stored one keeps its fields)."""
        for rewrite in self._rewrites:
            container = FAULTS[rewrite["type"]].rewrite_container(container, rewrite, request)
        return container

    def _drop(self):
        self.close_connection = True
        try:
            self.request.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

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

    def _send_page(self, texts, first_id, last_id, has_more):
        if self._rewrites:
            texts = [self._rewritten_text(text) for text in texts]
        self._send(200, '{"object":"list","data":[%s],"first_id":%s,"last_id":%s,"has_more":%s}' % (
            ",".join(texts), encode(first_id), encode(last_id), "true" if has_more else "false"))

    def _rewritten_text(self, text):
        """An item of a page as the rewrites pass it on: the same text when none of them changes it."""
        item = json.loads(text)
        rewritten = self._rewritten_container(item)
        return text if rewritten is item else encode(rewritten)

    def _create(self, raw):
        body = self._rewritten_container(json_object(raw), request=True)
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
