# Seed data: deterministic, fast, and a realistic mix including the anomalies clients must survive.

import collections
import json
import time

from ansible_collections.llmops.openai.emulator.openai_emulator import Emulator, generate_containers

NOW = 1750000000


def test_deterministic():
    first = json.dumps(generate_containers(500, seed=4, now=NOW))
    assert first == json.dumps(generate_containers(500, seed=4, now=NOW))
    assert first != json.dumps(generate_containers(500, seed=5, now=NOW))


def test_served_data_is_the_seed_data():
    with Emulator(containers=40, seed=2, now=NOW) as emu:
        served = sorted(emu.store.all(), key=lambda c: c["id"])
    assert served == sorted(generate_containers(40, seed=2, now=NOW), key=lambda c: c["id"])


def test_mix():
    for count in (20, 1000):
        containers = generate_containers(count, seed=1, now=NOW)
        assert len(set(c["id"] for c in containers)) == count
        assert set(c.get("memory_limit") for c in containers) >= {"1g", "4g", "16g", "64g", None}
        assert set(c["status"] for c in containers) == {"running", "expired"}
        names = collections.Counter(c["name"] for c in containers)
        assert names.most_common(1)[0][1] >= 2
        assert all(c["id"].startswith("cntr_%08x" % c["created_at"]) and len(c["id"]) == 53 for c in containers)
        assert all(c["created_at"] <= c.get("last_active_at", c["created_at"]) <= NOW for c in containers)


def test_anomalies_and_consistency():
    containers = generate_containers(1000, seed=1, now=NOW)
    bare = [c for c in containers if "last_active_at" not in c and "expires_after" not in c]
    stale = [c for c in containers if "expires_after" in c and c["status"] == "running"
             and NOW >= c["last_active_at"] + c["expires_after"]["minutes"] * 60]
    assert len(bare) == 1 and len(stale) == 1
    assert len([c for c in containers if "memory_limit" not in c]) == 1
    consistent = [c for c in containers if "expires_after" in c and c is not stale[0]]
    assert all((c["status"] == "running") == (NOW < c["last_active_at"] + c["expires_after"]["minutes"] * 60)
               for c in consistent)
    assert set(c["expires_after"]["minutes"] for c in consistent) == {20, 60, 1440}
    assert any("network_policy" in c for c in containers)


def test_large_generation_is_fast():
    # CPU time, not wall time: the machine may be busy with other test runs.
    started = time.process_time()
    assert len(generate_containers(100000, seed=1, now=NOW)) == 100000
    assert time.process_time() - started < 2
