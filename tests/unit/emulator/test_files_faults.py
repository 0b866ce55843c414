# The container files fault actions (faults/files.py): what each sends, over a real socket, and that a
# rule counts only the requests of its own routes and containers.

import hashlib
import socket
import time

import pytest
import requests

from ansible_collections.llmops.openai.emulator.openai_emulator.faults.files import HOSTILE_PATHS
from ansible_collections.llmops.openai.emulator.openai_emulator.file_store import GeneratedContent

CONTENT = bytes(range(256)) * 4


@pytest.fixture(name="container")
def container_fixture(emu, api):
    return api.post(emu.base_url + "/containers", json={"name": "faults"}).json()["id"]


@pytest.fixture(name="stored")
def stored_fixture(emu, container):
    """A 1024-byte file in the container: its id."""
    return emu.add_files(container, {"path": "/mnt/data/data.bin", "content_base64": _b64(CONTENT)})[0]


def _b64(data):
    import base64  # pylint: disable=import-outside-toplevel
    return base64.b64encode(data).decode("ascii")


def _url(emu, container, *rest):
    return "/".join((emu.base_url, "containers", container, "files") + rest)


@pytest.mark.parametrize("delta", [100, -100, -5000])
def test_content_size_lie_sends_a_complete_answer_of_another_length(emu, api, container, stored, delta):
    emu.add_fault({"action": {"type": "content_size_lie", "delta": delta}})
    # Not counted by the list or the file object: the rule still fires on the content below.
    assert api.get(_url(emu, container)).json()["data"][0]["bytes"] == 1024
    assert api.get(_url(emu, container, stored)).json()["bytes"] == 1024
    response = api.get(_url(emu, container, stored, "content"))
    sent = max(0, 1024 + delta)
    assert response.status_code == 200 and len(response.content) == sent
    assert response.headers["content-length"] == str(sent)
    assert response.content[:1024] == CONTENT[:sent]
    assert api.get(_url(emu, container, stored, "content")).content == CONTENT


def test_content_error_only_for_the_chosen_containers(emu, api, container, stored):
    other = api.post(emu.base_url + "/containers", json={"name": "other"}).json()["id"]
    (other_file,) = emu.add_files(other, {"content": "fine"})
    emu.add_fault({"times": None, "action": {"type": "content_error", "containers": [container]}})
    failed = api.get(_url(emu, container, stored, "content"))
    assert failed.status_code == 500 and failed.headers["x-request-id"].startswith("req_")
    assert failed.json()["error"]["type"] == "server_error" and failed.json()["error"]["message"]
    assert api.get(_url(emu, other, other_file, "content")).content == b"fine"
    assert api.get(_url(emu, container, stored)).status_code == 200
    assert api.get(_url(emu, container)).status_code == 200
    assert emu.server.faults.describe()[0]["applied"] == 1


def test_content_error_with_status_and_message_once(emu, api, container, stored):
    emu.add_fault({"action": {"type": "content_error", "status": 503, "message": "busy"}})
    response = api.get(_url(emu, container, stored, "content"))
    assert (response.status_code, response.json()["error"]["message"]) == (503, "busy")
    assert api.get(_url(emu, container, stored, "content")).content == CONTENT


def test_slow_content_trickles_the_whole_file(emu, container, stored):
    emu.add_fault({"action": {"type": "slow_content", "chunk_bytes": 256, "interval_ms": 100}})
    sock = socket.create_connection(("127.0.0.1", emu.port), timeout=10)
    sock.sendall(("GET /v1/containers/%s/files/%s/content HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-emulator\r\n"
                  "Connection: close\r\n\r\n" % (container, stored)).encode("ascii"))
    started = time.monotonic()
    arrivals = []
    received = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        arrivals.append(time.monotonic() - started)
        received += chunk
    sock.close()
    head, body = received.split(b"\r\n\r\n", 1)
    assert b"content-length: 1024" in head and body == CONTENT
    assert len(arrivals) >= 4 and arrivals[-1] >= 0.3
    assert arrivals[0] < arrivals[-1] - 0.25  # the head and the first piece come at once, not after a wait


def test_content_cut_closes_mid_body_under_the_full_length(emu, api, container, stored):
    emu.add_fault({"action": {"type": "content_cut", "after_bytes": 100}})
    sock = socket.create_connection(("127.0.0.1", emu.port), timeout=10)
    sock.sendall(("GET /v1/containers/%s/files/%s/content HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-emulator\r\n"
                  "\r\n" % (container, stored)).encode("ascii"))
    received = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        received += chunk
    sock.close()
    head, body = received.split(b"\r\n\r\n", 1)
    assert b"content-length: 1024" in head and body == CONTENT[:100]
    emu.add_fault({"action": {"type": "content_cut"}})
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        api.get(_url(emu, container, stored, "content"))
    assert api.get(_url(emu, container, stored, "content")).content == CONTENT


def test_hostile_paths_in_the_list_and_the_file_object_agree(emu, api, container):
    ids = emu.add_files(container, [{"content": str(n), "created_at": 1750000000 + n} for n in range(len(HOSTILE_PATHS))])
    emu.add_fault({"times": None, "action": {"type": "hostile_paths"}})
    response = api.get(_url(emu, container), params={"order": "asc", "limit": 100})
    assert [item["path"] for item in response.json()["data"]] == list(HOSTILE_PATHS)
    assert [item["id"] for item in response.json()["data"]] == ids
    assert "\\u0000" in response.text and "\\u001b[31m\\r\\n" in response.text
    assert len(set(HOSTILE_PATHS)) < len(HOSTILE_PATHS)  # two files with the same path
    assert [api.get(_url(emu, container, file_id)).json()["path"] for file_id in ids] == list(HOSTILE_PATHS)
    emu.clear_faults()
    assert api.get(_url(emu, container, ids[0])).json()["path"].startswith("/mnt/data/")


def test_hostile_paths_of_your_choice(emu, api, container, stored):
    emu.add_fault({"action": {"type": "hostile_paths", "paths": ["/root/.ssh/authorized_keys"]}})
    assert api.get(_url(emu, container, stored)).json()["path"] == "/root/.ssh/authorized_keys"


def test_large_file_lists_and_streams_its_size(emu, api, container, stored):
    size = 5 * 1024 * 1024 + 3
    emu.add_fault({"times": None, "action": {"type": "large_file", "bytes": size}})
    assert api.get(_url(emu, container)).json()["data"][0]["bytes"] == size
    assert api.get(_url(emu, container, stored)).json()["bytes"] == size
    response = api.get(_url(emu, container, stored, "content"))
    assert response.headers["content-length"] == str(size)
    expected = hashlib.sha256(b"".join(GeneratedContent(size, stored).chunks())).hexdigest()
    assert hashlib.sha256(response.content).hexdigest() == expected


def test_large_file_default_is_one_gib(emu, api, container, stored):
    emu.add_fault({"times": None, "action": {"type": "large_file"}})
    assert api.get(_url(emu, container, stored)).json()["bytes"] == 1024 ** 3
    with api.get(_url(emu, container, stored, "content"), stream=True) as response:
        assert response.headers["content-length"] == str(1024 ** 3)
        assert len(next(response.iter_content(65536))) == 65536
    # The server survives the client hanging up mid-file.
    assert api.get(_url(emu, container)).status_code == 200


def test_generic_faults_reach_the_files_routes(emu, api, container, stored):
    emu.add_fault({"path": "/v1/containers/%s/files" % container, "action": {"type": "status", "status": 429}})
    assert api.get(_url(emu, container, stored, "content")).status_code == 429
    emu.add_fault({"method": "GET", "action": {"type": "drop_after"}})
    with pytest.raises(requests.exceptions.ConnectionError):
        api.get(_url(emu, container, stored, "content"))
    assert api.get(_url(emu, container, stored, "content")).content == CONTENT


@pytest.mark.parametrize("action", [
    {"type": "content_size_lie"},
    {"type": "content_size_lie", "delta": 0},
    {"type": "content_size_lie", "delta": True},
    {"type": "content_error", "status": 200},
    {"type": "content_error", "containers": "cntr_x"},
    {"type": "content_error", "message": 5},
    {"type": "slow_content", "interval_ms": -1},
    {"type": "slow_content", "interval_ms": 600000},
    {"type": "slow_content", "chunk_bytes": 0},
    {"type": "hostile_paths", "paths": []},
    {"type": "hostile_paths", "paths": [1]},
    {"type": "content_cut", "after_bytes": -1},
    {"type": "content_cut", "after_bytes": "half"},
    {"type": "large_file", "bytes": -1},
    {"type": "large_file", "size": 5},
])
def test_bad_file_fault_rules_are_refused(emu, action):
    response = requests.post(emu.endpoint + "/_emulator/faults", json={"action": action}, timeout=10)
    assert response.status_code == 400 and response.json()["error"]
    assert emu.server.faults.describe() == []
