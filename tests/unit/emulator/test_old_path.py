# PYTHONPATH=tests/emulator (the emulator's home before 1.2.0) still runs the emulator of emulator/
# until 2.0.0: the command line, and the package imported by name.

import os
import subprocess
import sys

import requests

TESTS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "emulator")
EMULATOR_DIR = os.path.realpath(os.path.join(TESTS_DIR, "..", "..", "emulator", "openai_emulator"))


def _python(*args):
    env = dict(os.environ, PYTHONPATH=TESTS_DIR)
    return subprocess.run([sys.executable] + list(args), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=60, check=False)


def test_the_old_path_starts_the_emulator(tmp_path):
    state = str(tmp_path / "state")
    result = _python("-m", "openai_emulator", "start", "--state-dir", state, "--containers", "4", "--api-key", "sk-old")
    try:
        assert result.returncode == 0, result.stderr
        page = requests.get(result.stdout.strip() + "/containers", headers={"Authorization": "Bearer sk-old"}, timeout=10).json()
        assert len(page["data"]) == 4
    finally:
        stopped = _python("-m", "openai_emulator", "stop", "--state-dir", state)
    assert stopped.stdout.strip() == "stopped", stopped.stderr


def test_the_old_path_imports_the_new_package():
    result = _python("-c", "import os, openai_emulator, openai_emulator.cli as cli; "
                           "print(openai_emulator.Emulator.__module__); print(os.path.realpath(cli.__file__))")
    assert result.returncode == 0, result.stderr
    module, cli_file = result.stdout.split()
    assert module == "openai_emulator.emulator"
    assert os.path.dirname(cli_file) == EMULATOR_DIR
