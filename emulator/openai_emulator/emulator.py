# The in-process emulator: runs the server in a background thread, for tests and benchmarks.

import ipaddress
import shutil
import tempfile
import threading

from . import file_control
from .tls import server_context
from .server import EmulatorServer


def check_loopback(host):
    """Refuse to listen anywhere but on the loopback interface."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError("refusing to listen on %r: the emulator only serves loopback addresses" % host)
    return host


class Emulator:
    """An OpenAI Containers API emulator listening on a free loopback port.

    with Emulator(containers=1000) as emu:
        requests.get(emu.base_url + "/containers", headers={"Authorization": "Bearer sk-emulator"})

    With ``auth_header="api-key"`` it accepts the key only in an ``api-key`` header, as Azure OpenAI does
    (a Bearer token gets Azure's 401), and serves the API under ``/openai/v1`` too (``azure_base_url``).
    """

    def __init__(self, containers=50, seed=1, api_key="sk-emulator", now=None, latency_ms=0, tls=False,
                 cert_dir=None, host="127.0.0.1", port=0, log_requests=False, auth_header="bearer"):
        self._options = {"containers": containers, "seed": seed, "api_key": api_key, "now": now,
                         "latency_ms": latency_ms, "log_requests": log_requests, "auth_header": auth_header}
        self._address = (check_loopback(host), port)
        self._tls = tls
        self._cert_dir = cert_dir
        self._scratch = None
        self._thread = None
        self.server = None
        self.ca_path = None

    def start(self):
        context = None
        if self._tls:
            if self._cert_dir is None:
                self._scratch = self._cert_dir = tempfile.mkdtemp(prefix="openai-emulator-tls-")
            context, self.ca_path = server_context(self._cert_dir)
        self.server = EmulatorServer(self._address, ssl_context=context, **self._options)
        # A short poll interval makes stop() (and so every test's teardown) quick.
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="openai-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self._thread.join()
            self.server = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = self._cert_dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def port(self):
        return self.server.server_address[1]

    @property
    def base_url(self):
        host = self.server.server_address[0]
        if ":" in host:
            host = "[%s]" % host
        return "%s://%s:%d/v1" % ("https" if self._tls else "http", host, self.port)

    @property
    def endpoint(self):
        """The server's root, as AZURE_OPENAI_ENDPOINT names an Azure resource."""
        return self.base_url[:-len("/v1")]

    @property
    def azure_base_url(self):
        """The base URL of an Azure resource's v1 API (served in auth_header="api-key" mode only)."""
        return self.endpoint + "/openai/v1"

    @property
    def store(self):
        return self.server.store

    def stats(self):
        return dict(self.server.stats.snapshot(), containers=len(self.server.store))

    def reset_stats(self):
        self.server.stats.reset()

    def add_fault(self, rule):
        """Add one fault rule (dict) or a list of them; see faults/rules.py for the rule format."""
        return self.server.faults.add(rule)

    def clear_faults(self):
        self.server.faults.clear()

    def add_containers(self, items):
        """Insert raw container dicts as they are; return their ids."""
        return self.server.add_raw_containers(items)

    def add_files(self, container_id, items):
        """Add files to a container as given (see file_control.add_files); return their ids."""
        return file_control.add_files(self.server, container_id, items if isinstance(items, list) else [items])

    def register_file(self, item):
        """Register a Files API file ({"filename", "content"}) for a JSON file_id upload; return its id."""
        return file_control.register_file(self.server, item)

    @property
    def files(self):
        return self.server.files

    def update_container(self, container_id, fields):
        """Set fields of a stored container (e.g. {"status": "expired"}); return it."""
        return self.server.update_container(container_id, fields)

    def reseed(self, containers=None, seed=None, now=None):
        """Replace all containers with fresh seed data; unspecified values keep their current setting."""
        config = self.server.seed_config
        self.server.reseed(config["containers"] if containers is None else containers,
                           config["seed"] if seed is None else seed, config["now"] if now is None else now)
