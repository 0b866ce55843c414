# Content is streamed: a generated file is made chunk by chunk while it is sent, never built in memory.

import hashlib
import os
import subprocess
import sys
import time
import tracemalloc

import requests

from ansible_collections.llmops.openai.emulator.openai_emulator.file_store import CHUNK_SIZE, GeneratedContent, sized_chunks

EMULATOR_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "emulator")
MIB = 1024 * 1024


def _cli(*args):
    env = dict(os.environ, PYTHONPATH=EMULATOR_DIR)
    return subprocess.run([sys.executable, "-m", "openai_emulator"] + list(args), env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=60, check=False)


def _memory_kib(pid, field):
    """VmRSS (now) or VmHWM (the peak so far) of a process, in KiB."""
    with open("/proc/%d/status" % pid, encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise AssertionError("no %s for pid %d" % (field, pid))


def test_a_200_mb_download_does_not_grow_the_server(tmp_path):
    state = str(tmp_path / "state")
    started = _cli("start", "--state-dir", state, "--containers", "5", "--now", "1750000000")
    assert started.returncode == 0, started.stderr
    try:
        base_url = started.stdout.strip()
        with open(os.path.join(state, "pid"), encoding="ascii") as handle:
            pid = int(handle.read())
        api = requests.Session()
        api.headers["Authorization"] = "Bearer sk-emulator"
        container = api.post(base_url + "/containers", json={"name": "big"}).json()["id"]
        added = requests.post(base_url[:-3] + "/_emulator/containers/%s/files" % container,
                              json={"path": "/mnt/data/big.bin", "bytes": 200 * MIB, "seed": "big"}, timeout=10)
        (file_id,) = added.json()["ids"]
        before = _memory_kib(pid, "VmRSS")
        digest, received, peak = hashlib.sha256(), 0, before
        with api.get("%s/containers/%s/files/%s/content" % (base_url, container, file_id), stream=True) as response:
            assert response.headers["content-length"] == str(200 * MIB)
            for number, chunk in enumerate(response.iter_content(MIB)):
                digest.update(chunk)
                received += len(chunk)
                if number % 20 == 0:
                    peak = max(peak, _memory_kib(pid, "VmRSS"))
        high_water = _memory_kib(pid, "VmHWM")
    finally:
        _cli("stop", "--state-dir", state)
    assert received == 200 * MIB
    expected = hashlib.sha256()
    for chunk in GeneratedContent(200 * MIB, "big").chunks():
        expected.update(chunk)
    assert digest.hexdigest() == expected.hexdigest()
    # Building the file in memory would add 200 MiB; streaming it adds a few chunks' worth.
    assert peak - before < 32 * 1024 and high_water - before < 32 * 1024, (before, peak, high_water)


def test_generated_content_is_lazy_and_deterministic():
    tracemalloc.start()
    try:
        chunks = GeneratedContent(1024 ** 4, "tebibyte").chunks()
        first = [next(chunks) for dummy in range(3)]
        dummy, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [len(chunk) for chunk in first] == [CHUNK_SIZE] * 3 and len(set(first)) == 3
    assert peak < 2 * 1024 * 1024
    assert b"".join(GeneratedContent(100000, 7).chunks()) == b"".join(GeneratedContent(100000, 7).chunks())
    assert b"".join(GeneratedContent(100000, 7).chunks()) != b"".join(GeneratedContent(100000, 8).chunks())
    assert len(b"".join(GeneratedContent(CHUNK_SIZE + 1, 7).chunks())) == CHUNK_SIZE + 1


def test_sized_chunks_cut_and_pad_exactly():
    content = GeneratedContent(1000, "s")
    whole = b"".join(content.chunks())
    assert b"".join(sized_chunks(content, 10)) == whole[:10]
    longer = b"".join(sized_chunks(content, 1000 + CHUNK_SIZE + 5))
    assert len(longer) == 1000 + CHUNK_SIZE + 5 and longer[:1000] == whole
    assert b"".join(sized_chunks(content, 0)) == b""


def test_content_on_a_keep_alive_connection_has_no_per_answer_stall(emu):
    """Head and first chunk go out in one write on a TCP_NODELAY socket: no 40 ms Nagle/delayed-ACK stall."""
    session = requests.Session()
    session.headers["Authorization"] = "Bearer sk-emulator"
    container = session.post(emu.base_url + "/containers", json={"name": "fast"}).json()["id"]
    small, large = emu.add_files(container, [{"content": "tiny"}, {"bytes": 200 * 1024}])
    for file_id in (small, large):
        url = "%s/containers/%s/files/%s/content" % (emu.base_url, container, file_id)
        took = []
        for dummy in range(15):
            started = time.monotonic()
            assert session.get(url).status_code == 200
            took.append(time.monotonic() - started)
        # The fastest of 15: a stall on every answer would put even that one at 40 ms or more.
        assert min(took) < 0.03, took
    assert emu.stats()["connections"] == 1
