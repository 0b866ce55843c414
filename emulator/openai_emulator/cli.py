# Command line: `serve` in the foreground, or `start`/`stop` a detached emulator for integration tests.

import argparse
import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time

from .emulator import Emulator, check_loopback
from .server import AUTH_HEADERS

START_TIMEOUT = 15.0
STOP_TIMEOUT = 10.0
STATE_FILES = ("pid", "port", "base_url", "ca.pem")


def _server_options(parser):
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to listen on")
    parser.add_argument("--port", type=int, default=0, help="port (0: a free one)")
    parser.add_argument("--containers", type=int, default=50, help="number of seeded containers")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated data")
    parser.add_argument("--api-key", default="sk-emulator", help="the only API key accepted")
    parser.add_argument("--auth-header", choices=AUTH_HEADERS, default="bearer",
                        help="where the key is read: 'Authorization: Bearer KEY' (OpenAI) or 'api-key: KEY' "
                             "(Azure OpenAI, which also serves the API under /openai/v1)")
    parser.add_argument("--now", type=int, default=None, help="the emulator's current time (epoch seconds)")
    parser.add_argument("--latency-ms", type=int, default=0, help="delay added to every API response")
    parser.add_argument("--tls", action="store_true", help="serve HTTPS with a generated test CA")
    parser.add_argument("--cert-dir", default=None, help="where the CA and server certificate are kept")


def _parser():
    parser = argparse.ArgumentParser(prog="openai_emulator", description="Local OpenAI Containers API emulator.")
    commands = parser.add_subparsers(dest="command", metavar="{serve,start,stop}")
    commands.required = True
    serve = commands.add_parser("serve", help="run in the foreground until SIGTERM/SIGINT")
    _server_options(serve)
    serve.add_argument("--port-file", default=None, help="write the port here once listening")
    start = commands.add_parser("start", help="run detached; record pid, port and base_url in --state-dir")
    start.add_argument("--state-dir", required=True)
    _server_options(start)
    stop = commands.add_parser("stop", help="stop the emulator recorded in --state-dir")
    stop.add_argument("--state-dir", required=True)
    return parser


def _write_atomic(path, text):
    """Write via a temporary file so a reader never sees a half-written value."""
    with open(path + ".tmp", "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(path + ".tmp", path)


def cmd_serve(args):
    emulator = Emulator(containers=args.containers, seed=args.seed, api_key=args.api_key, now=args.now,
                        latency_ms=args.latency_ms, tls=args.tls, cert_dir=args.cert_dir, host=args.host,
                        port=args.port, log_requests=True, auth_header=args.auth_header)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stopping.set())
    signal.signal(signal.SIGINT, lambda signum, frame: stopping.set())
    with emulator:
        print("OpenAI emulator listening on %s (%d containers), API key: %s" % (
            emulator.base_url, len(emulator.store), args.api_key), flush=True)
        # The line to paste into another shell to point the collection (and the SDK) at it.
        if args.auth_header == "api-key":
            print("Azure OpenAI mode: the key goes in an api-key header; also served at %s" % emulator.azure_base_url, flush=True)
            variables = "OPENAI_AUTH_HEADER=api-key AZURE_OPENAI_ENDPOINT=%s AZURE_OPENAI_API_KEY=%s" % (
                shlex.quote(emulator.azure_base_url), shlex.quote(args.api_key))
        else:
            variables = "OPENAI_BASE_URL=%s OPENAI_API_KEY=%s" % (shlex.quote(emulator.base_url), shlex.quote(args.api_key))
        print("export %s%s" % (
            variables, " REQUESTS_CA_BUNDLE=%s" % shlex.quote(emulator.ca_path) if emulator.ca_path else ""), flush=True)
        if args.port_file:
            _write_atomic(args.port_file, "%d\n" % emulator.port)
        while not stopping.wait(0.5):
            pass
    print("OpenAI emulator stopped", flush=True)
    return 0


def _running_pid(state_dir):
    """The pid recorded in state_dir if that process is still an emulator, else None."""
    try:
        with open(os.path.join(state_dir, "pid"), encoding="utf-8") as handle:
            pid = int(handle.read().strip())
        with open("/proc/%d/cmdline" % pid, "rb") as handle:
            cmdline = handle.read()
    except (OSError, ValueError):
        return None
    # Guard against a recycled pid: only ever signal our own server process.
    return pid if b"openai_emulator" in cmdline and b"serve" in cmdline else None


def _serve_command(args, state_dir):
    command = [sys.executable, "-m", __package__.rsplit(".", 1)[-1], "serve", "--host", args.host,
               "--port", str(args.port), "--containers", str(args.containers), "--seed", str(args.seed),
               "--api-key", args.api_key, "--auth-header", args.auth_header, "--latency-ms", str(args.latency_ms),
               "--port-file", os.path.join(state_dir, "port")]
    if args.now is not None:
        command += ["--now", str(args.now)]
    if args.tls:
        command += ["--tls", "--cert-dir", args.cert_dir or os.path.join(state_dir, "tls")]
    return command


def cmd_start(args):
    state_dir = os.path.abspath(args.state_dir)
    os.makedirs(state_dir, exist_ok=True)
    pid = _running_pid(state_dir)
    if pid is not None:
        sys.stderr.write("an emulator is already running from %s (pid %d); stop it first\n" % (state_dir, pid))
        return 1
    for name in STATE_FILES:
        if os.path.exists(os.path.join(state_dir, name)):
            os.unlink(os.path.join(state_dir, name))
    # The child imports this package by its short name, whatever name it was imported under here.
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])))
    log_path = os.path.join(state_dir, "emulator.log")
    with open(log_path, "ab") as log, open(os.devnull, "rb") as devnull:
        # Not waited for: the server must outlive this command, in its own session.
        child = subprocess.Popen(_serve_command(args, state_dir), stdin=devnull, stdout=log, stderr=log, env=env,  # pylint: disable=consider-using-with
                                 cwd=state_dir, start_new_session=True)
    _write_atomic(os.path.join(state_dir, "pid"), "%d\n" % child.pid)
    port_path = os.path.join(state_dir, "port")
    deadline = time.monotonic() + START_TIMEOUT
    while not os.path.exists(port_path):
        if child.poll() is not None or time.monotonic() > deadline:
            if child.poll() is None:
                child.terminate()
            with open(log_path, encoding="utf-8", errors="replace") as handle:
                tail = handle.read()[-2000:]
            sys.stderr.write("the emulator did not start (see %s):\n%s\n" % (log_path, tail))
            return 1
        time.sleep(0.05)
    with open(port_path, encoding="utf-8") as handle:
        port = int(handle.read().strip())
    host = "[%s]" % args.host if ":" in args.host else args.host
    base_url = "%s://%s:%d/v1" % ("https" if args.tls else "http", host, port)
    _write_atomic(os.path.join(state_dir, "base_url"), base_url + "\n")
    if args.tls:
        shutil.copyfile(os.path.join(args.cert_dir or os.path.join(state_dir, "tls"), "ca.pem"),
                        os.path.join(state_dir, "ca.pem"))
    print(base_url)
    return 0


def cmd_stop(args):
    state_dir = os.path.abspath(args.state_dir)
    pid = _running_pid(state_dir)
    if pid is not None:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        while _running_pid(state_dir) == pid and time.monotonic() < deadline:
            time.sleep(0.05)
        if _running_pid(state_dir) == pid:
            os.kill(pid, signal.SIGKILL)
    for name in ("pid", "port", "base_url"):
        if os.path.exists(os.path.join(state_dir, name)):
            os.unlink(os.path.join(state_dir, name))
    print("stopped" if pid is not None else "not running")
    return 0


def main(argv=None):
    args = _parser().parse_args(argv)
    if args.command in ("serve", "start"):
        try:
            check_loopback(args.host)
        except ValueError as error:
            sys.stderr.write("%s\n" % error)
            return 2
    return {"serve": cmd_serve, "start": cmd_start, "stop": cmd_stop}[args.command](args)
