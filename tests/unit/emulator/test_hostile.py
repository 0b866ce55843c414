# The hostile-server fault actions (faults/hostile.py): what each sends, over a real socket.

import gzip
import json
import socket
import time

import pytest
import requests


def _raw_get(emu, path="/v1/containers"):
    """Send a GET by hand and return the connected socket (the answer is read by the test)."""
    sock = socket.create_connection(("127.0.0.1", emu.port), timeout=10)
    sock.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-emulator\r\n\r\n" % path).encode("ascii"))
    return sock


def test_trickle_sends_a_valid_page_one_byte_at_a_time(emu):
    emu.add_fault({"action": {"type": "trickle", "interval_ms": 20}})
    sock = _raw_get(emu)
    received = b""
    reads = 0
    started = time.monotonic()
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        received += chunk
        reads += 1
    sock.close()
    head, body = received.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 200")
    assert json.loads(body) == {"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False}
    assert reads >= len(body)  # no read got two bytes of the body at once
    assert time.monotonic() - started >= len(body) * 0.02 * 0.9


def test_trickle_of_the_headers_too(emu):
    emu.add_fault({"action": {"type": "trickle", "interval_ms": 50, "headers": True}})
    sock = _raw_get(emu)
    first = sock.recv(65536)
    sock.close()
    # A byte every 50 ms: the first read holds the start of the status line, never the whole of it
    # (a loaded machine may read a few bytes at once; the status line alone would take 0.75 s).
    assert first and b"HTTP/1.1 200 OK".startswith(first) and len(first) < 8


def test_gzip_bomb_expands_far_beyond_its_size(emu, api):
    emu.add_fault({"action": {"type": "gzip_bomb", "mb": 5}})
    response = api.get(emu.base_url + "/containers", stream=True)
    compressed = int(response.headers["content-length"])
    assert response.headers["content-encoding"] == "gzip"
    expanded = gzip.decompress(response.raw.read(decode_content=False))
    assert compressed < 20000 and len(expanded) > 5 * 1024 * 1024
    assert json.loads(expanded)["object"] == "list"


def test_redirect_points_where_it_is_told(emu, api):
    emu.add_fault({"action": {"type": "redirect", "status": 307, "location": "http://127.0.0.1:9/v1/containers"}})
    response = api.get(emu.base_url + "/containers", allow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "http://127.0.0.1:9/v1/containers"
    assert api.get(emu.base_url + "/containers").status_code == 200


def test_nested_json_is_deeper_than_the_json_decoder(emu, api):
    emu.add_fault({"action": {"type": "nested_json", "depth": 50000}})
    response = api.get(emu.base_url + "/containers")
    assert response.status_code == 500 and response.headers["x-request-id"].startswith("req_")
    with pytest.raises(RecursionError):
        json.loads(response.content)


def test_status_faults_carry_control_characters_and_odd_retry_after(emu, api):
    # No separate action: a status rule's message and headers are sent as given.
    emu.add_fault({"action": {"type": "status", "status": 429, "message": "\u001b[31mred\r\n",
                              "headers": {"retry-after": "inf", "retry-after-ms": "nan"}}})
    response = api.get(emu.base_url + "/containers")
    assert response.json()["error"]["message"] == "\u001b[31mred\r\n"
    assert (response.headers["retry-after"], response.headers["retry-after-ms"]) == ("inf", "nan")


@pytest.mark.parametrize("action", [
    {"type": "trickle", "interval_ms": 0},
    {"type": "trickle", "headers": "yes"},
    {"type": "gzip_bomb", "mb": 0},
    {"type": "gzip_bomb", "mb": 1.5},
    {"type": "redirect", "status": 200, "location": "http://x"},
    {"type": "redirect", "status": 302},
    {"type": "nested_json", "depth": 0},
    {"type": "nested_json", "status": 700},
])
def test_bad_hostile_rules_are_refused(emu, action):
    with pytest.raises(ValueError):
        emu.add_fault({"action": action})
    assert requests.post(emu.base_url.replace("/v1", "/_emulator/faults"), json={"action": action}, timeout=10).status_code == 400
