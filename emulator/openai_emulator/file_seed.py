# The seeded demo files: a few running containers get a CSV, a PNG and a larger generated binary.
#
# Deterministic for (seed, containers, now) like the containers, and drawn from a random stream of
# their own, so the seeded containers are the same with or without files.

import random
import struct
import zlib

from .file_store import BytesContent, GeneratedContent, file_object, new_file_id, upload_path

MEBIBYTE = 1024 * 1024
_REGIONS = ("north", "south", "east", "west")


def _csv(rng):
    rows = ["date,region,units,revenue_usd"]
    for day in range(1, 41):
        rows.append("2025-06-%02d,%s,%d,%.2f" % ((day - 1) % 30 + 1, rng.choice(_REGIONS), rng.randrange(1, 500),
                                                 rng.randrange(100, 1000000) / 100.0))
    return ("\n".join(rows) + "\n").encode("ascii")


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _png(rng, size=16):
    """A real PNG: size x size RGB, a gradient in two seeded colours."""
    red, blue = rng.randrange(256), rng.randrange(256)
    rows = b"".join(b"\x00" + b"".join(bytes((red, (x * 255) // (size - 1), (blue + y * 8) % 256)) for x in range(size))
                    for y in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(rows, 9))
            + _png_chunk(b"IEND", b""))


def _made_at(rng, container, now):
    start = container["created_at"]
    end = max(start, min(container.get("last_active_at", start), now))
    return rng.randint(start, end)


def seed_files(containers, seed, now):
    """(file object, content) pairs for up to three running containers of `containers`."""
    rng = random.Random("files/%s/%s/%s" % (seed, len(containers), now))
    running = sorted((c for c in containers if c.get("status") == "running" and isinstance(c.get("created_at"), int)),
                     key=lambda c: c["id"])
    chosen = rng.sample(running, min(3, len(running)))
    # (name, source, content maker) per chosen container: uploads get the server's prefixed path, the
    # model's files the path it wrote.
    plans = (
        (("sales.csv", "user", _csv), ("chart.png", "assistant", _png)),
        (("sales.csv", "user", _csv), ("simulation.bin", "assistant", None)),
        (("chart.png", "assistant", _png),),
    )
    files = []
    for container, plan in zip(chosen, plans):
        for name, source, make in plan:
            created_at = _made_at(rng, container, now)
            file_id = new_file_id(created_at, rng)
            if make is None:
                content = GeneratedContent(3 * MEBIBYTE + rng.randrange(MEBIBYTE), "%s/%s" % (seed, file_id))
            else:
                content = BytesContent(make(rng))
            path = upload_path(name, rng) if source == "user" else "/mnt/data/" + name
            files.append((file_object(file_id, container["id"], created_at, content.length, path, source), content))
    return files
