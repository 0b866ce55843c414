# The command line: start/stop a detached emulator (as integration tests do) and the loopback guard.

import os
import subprocess
import sys

import requests

EMULATOR_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "emulator")


def _cli(*args):
    env = dict(os.environ, PYTHONPATH=EMULATOR_DIR)
    return subprocess.run([sys.executable, "-m", "openai_emulator"] + list(args), env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=60, check=False)


def _read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read().strip()


def test_start_and_stop(tmp_path):
    state = str(tmp_path / "state")
    result = _cli("start", "--state-dir", state, "--containers", "25", "--api-key", "sk-cli", "--now", "1750000000")
    try:
        assert result.returncode == 0, result.stderr
        base_url = result.stdout.strip()
        assert base_url == _read(os.path.join(state, "base_url"))
        assert base_url == "http://127.0.0.1:%s/v1" % _read(os.path.join(state, "port"))
        page = requests.get(base_url + "/containers", params={"limit": 100}, headers={"Authorization": "Bearer sk-cli"}, timeout=10).json()
        assert len(page["data"]) == 25
        again = _cli("start", "--state-dir", state)
        assert again.returncode == 1 and "already running" in again.stderr
    finally:
        stopped = _cli("stop", "--state-dir", state)
    assert stopped.returncode == 0 and stopped.stdout.strip() == "stopped"
    assert not os.path.exists(os.path.join(state, "pid"))
    log = _read(os.path.join(state, "emulator.log"))
    assert "listening on %s (25 containers), API key: sk-cli" % base_url in log
    assert "export OPENAI_BASE_URL=%s OPENAI_API_KEY=sk-cli\n" % base_url in log
    assert _cli("stop", "--state-dir", state).stdout.strip() == "not running"


def test_start_with_tls(tmp_path):
    state = str(tmp_path / "state")
    result = _cli("start", "--state-dir", state, "--tls", "--containers", "3")
    try:
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("https://127.0.0.1:")
        page = requests.get(result.stdout.strip() + "/containers", headers={"Authorization": "Bearer sk-emulator"},
                            verify=os.path.join(state, "ca.pem"), timeout=10).json()
        assert len(page["data"]) == 3
    finally:
        _cli("stop", "--state-dir", state)


def test_refuses_non_loopback_host(tmp_path):
    for command in (["serve"], ["start", "--state-dir", str(tmp_path)]):
        result = _cli(*(command + ["--host", "0.0.0.0"]))
        assert result.returncode == 2 and "loopback" in result.stderr
