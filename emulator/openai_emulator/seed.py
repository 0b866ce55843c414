# Deterministic seed data: a realistic mix of containers from (seed, count, now).
#
# The same (seed, count, now) always gives the same list, byte for byte, so tests and
# benchmarks can compare runs. Ids follow OpenAI's shape: the first 8 hex digits after
# "cntr_" are the creation time, which is what real container ids look like.

import random

MEMORY_TIERS = ("1g", "4g", "16g", "64g")

# Names repeat in real accounts: Code Interpreter "auto" containers all share a few names.
_COMMON_NAMES = (
    ("Code Interpreter", 40),
    ("My Container", 14),
    ("data-analysis", 10),
    ("test", 5),
    ("csv-cleanup", 4),
    ("chart-builder", 3),
)
_UNIQUE_PREFIXES = ("agent-run", "report", "notebook", "etl-job", "user-session", "pr-review")
_ALLOWED_DOMAINS = (["pypi.org", "files.pythonhosted.org"], ["api.github.com"], ["api.buildkite.com"])

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def _weighted_table(pairs, total=100):
    """Expand (value, weight) pairs into a lookup table indexed by a random integer."""
    table = []
    for value, weight in pairs:
        table.extend([value] * weight)
    table.extend([None] * (total - len(table)))
    return table


_NAME_TABLE = _weighted_table(_COMMON_NAMES)
_TIER_TABLE = _weighted_table((("1g", 70), ("4g", 18), ("16g", 8), ("64g", 4)))
_MINUTES_TABLE = _weighted_table(((20, 84), (60, 10), (1440, 6)))


def _idle_seconds(rng):
    """How long ago a container was last active: minutes for a few, months for most."""
    bucket = rng.random()
    if bucket < 0.12:
        return rng.randrange(0, 20 * MINUTE)
    if bucket < 0.25:
        return rng.randrange(20 * MINUTE, 6 * HOUR)
    if bucket < 0.55:
        return rng.randrange(6 * HOUR, 7 * DAY)
    return rng.randrange(7 * DAY, 180 * DAY)


def _make_container(rng, index, now):
    last_active_at = now - _idle_seconds(rng)
    # A session lasts from seconds to a few hours before its last activity.
    created_at = last_active_at - rng.randrange(0, 3 * HOUR)
    minutes = _MINUTES_TABLE[rng.randrange(100)]
    name = _NAME_TABLE[rng.randrange(100)]
    if name is None:
        name = "%s-%04d" % (_UNIQUE_PREFIXES[index % len(_UNIQUE_PREFIXES)], index)
    container = {
        "id": "cntr_%08x%040x" % (created_at, rng.getrandbits(160)),
        "object": "container",
        "created_at": created_at,
        "status": "running" if now < last_active_at + minutes * MINUTE else "expired",
        "expires_after": {"anchor": "last_active_at", "minutes": minutes},
        "last_active_at": last_active_at,
        "memory_limit": _TIER_TABLE[rng.randrange(100)],
        "name": name,
    }
    if rng.random() < 0.1:
        if rng.random() < 0.5:
            container["network_policy"] = {"type": "disabled"}
        else:
            container["network_policy"] = {"type": "allowlist", "allowed_domains": list(rng.choice(_ALLOWED_DOMAINS))}
    return container


def _guarantee_mix(rng, containers, now):
    """Make every tier, both statuses, a repeated name and the known anomalies present.

    Real accounts contain odd records; a client must survive them, so any seed of 20 or more
    containers includes them at deterministic, seed-dependent positions.
    """
    slots = rng.sample(range(len(containers)), 10)
    for tier, slot in zip(MEMORY_TIERS, slots[:4]):
        containers[slot]["memory_limit"] = tier
    running, expired = containers[slots[4]], containers[slots[5]]
    running.update(last_active_at=now - 60, created_at=min(running["created_at"], now - 60), status="running")
    running["expires_after"] = {"anchor": "last_active_at", "minutes": 20}
    expired.update(last_active_at=now - 2 * DAY, created_at=min(expired["created_at"], now - 2 * DAY), status="expired")
    containers[slots[6]]["name"] = containers[slots[7]]["name"] = "Code Interpreter"

    # Anomaly 1: reported running although its expiry has passed.
    stale = containers[slots[7]]
    stale["expires_after"] = {"anchor": "last_active_at", "minutes": 20}
    stale["last_active_at"] = now - 3 * HOUR
    stale["created_at"] = min(stale["created_at"], stale["last_active_at"])
    stale["status"] = "running"
    # Anomaly 2: optional fields absent.
    bare = containers[slots[8]]
    del bare["last_active_at"]
    del bare["expires_after"]
    # Anomaly 3: memory_limit absent.
    del containers[slots[9]]["memory_limit"]


def generate(count, seed=1, now=0):
    """Return `count` container dicts, deterministic for (seed, count, now)."""
    rng = random.Random("%s/%s/%s" % (seed, count, now))
    containers = [_make_container(rng, index, now) for index in range(count)]
    if count >= 20:
        _guarantee_mix(rng, containers, now)
    # Keep ids consistent with created_at after the adjustments above.
    for container in containers:
        container["id"] = "cntr_%08x%s" % (container["created_at"], container["id"][13:])
    return containers
