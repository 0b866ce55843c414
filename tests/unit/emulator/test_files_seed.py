# The seeded demo files: deterministic, real formats, only in running containers, containers untouched.

import copy
import csv
import io
import struct
import zlib

import requests

from ansible_collections.llmops.openai.emulator.openai_emulator import Emulator, generate_containers
from ansible_collections.llmops.openai.emulator.openai_emulator.file_seed import seed_files

NOW = 1750000000


def _files(emu):
    """Every seeded file as (file object, content bytes), read over HTTP."""
    api = requests.Session()
    api.headers["Authorization"] = "Bearer sk-emulator"
    found = []
    for container in emu.store.all():
        if container["status"] != "running":
            continue
        url = "%s/containers/%s/files" % (emu.base_url, container["id"])
        for item in api.get(url, params={"limit": 100}).json()["data"]:
            found.append((item, api.get("%s/%s/content" % (url, item["id"])).content))
    return found


def test_seeded_files_are_deterministic_by_seed():
    with Emulator(containers=50, seed=3, now=NOW) as first, Emulator(containers=50, seed=3, now=NOW) as second:
        assert _files(first) == _files(second)
    with Emulator(containers=50, seed=4, now=NOW) as other, Emulator(containers=50, seed=3, now=NOW) as again:
        assert [item for item, dummy in _files(other)] != [item for item, dummy in _files(again)]


def test_a_csv_a_png_and_a_larger_binary_in_running_containers():
    with Emulator(containers=50, seed=3, now=NOW) as emu:
        found = _files(emu)
        containers = dict((c["id"], c) for c in emu.store.all())
    assert len(set(item["container_id"] for item, dummy in found)) == 3 and len(found) == 5
    for item, content in found:
        container = containers[item["container_id"]]
        assert container["status"] == "running"
        assert container["created_at"] <= item["created_at"] <= NOW
        assert item["bytes"] == len(content) and item["source"] in ("user", "assistant")
    by_kind = dict((item["path"].rsplit(".", 1)[-1], content) for item, content in found)
    rows = list(csv.reader(io.StringIO(by_kind["csv"].decode("ascii"))))
    assert rows[0] == ["date", "region", "units", "revenue_usd"] and len(rows) == 41
    png = by_kind["png"]
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    idat_length = struct.unpack(">I", png[33:37])[0]
    assert png[37:41] == b"IDAT" and len(zlib.decompress(png[41:41 + idat_length])) == height * (1 + 3 * width)
    assert 3 * 1024 * 1024 <= len(by_kind["bin"]) < 4 * 1024 * 1024


def test_seeding_files_leaves_the_containers_as_they_were():
    containers = generate_containers(1234, seed=7, now=NOW)
    before = copy.deepcopy(containers)
    assert len(seed_files(containers, 7, NOW)) == 5
    assert containers == before
    with Emulator(containers=1234, seed=7, now=NOW) as emu:
        assert sorted(emu.store.all(), key=lambda c: c["id"]) == sorted(before, key=lambda c: c["id"])


def test_reset_reseeds_the_files_and_forgets_uploads():
    with Emulator(containers=50, seed=3, now=NOW) as emu:
        seeded = _files(emu)
        container = seeded[0][0]["container_id"]
        emu.add_files(container, {"content": "extra"})
        registered = emu.register_file({"filename": "a", "content": "a"})
        assert requests.post(emu.endpoint + "/_emulator/reset", json={"seed": 3}, timeout=10).status_code == 200
        assert _files(emu) == seeded
        assert emu.files.count() == 5 and emu.files.api_file(registered) is None


def test_no_running_container_no_files():
    assert seed_files([], 1, NOW) == []
    assert seed_files([dict(c, status="expired") for c in generate_containers(30, seed=1, now=NOW)], 1, NOW) == []
