# The official openai SDK against the container files routes: paging, upload, retrieve, content, delete.

import openai
from openai import OpenAI

NOW = 1750000000


def test_sdk_pages_uploads_and_downloads_container_files(emu):
    client = OpenAI(api_key="sk-emulator", base_url=emu.base_url, max_retries=0)
    container = client.containers.create(name="sdk files").id
    ids = emu.add_files(container, [{"path": "/mnt/data/f%03d.csv" % n, "content": "row %d\n" % n, "created_at": NOW + n}
                                    for n in range(250)])
    emu.reset_stats()
    listed = [item.id for item in client.containers.files.list(container, limit=100)]
    assert listed == ids[::-1]
    assert emu.stats()["by_route"]["GET /v1/containers/{container_id}/files"] == 3
    assert [item.id for item in client.containers.files.list(container, limit=100, order="asc")] == ids

    data = bytes(range(256)) * 1000
    created = client.containers.files.create(container, file=("result.bin", data))
    assert (created.bytes, created.source, created.container_id) == (len(data), "user", container)
    assert created.path.startswith("/mnt/data/") and created.path.endswith("-result.bin")
    assert client.containers.files.content.retrieve(created.id, container_id=container).read() == data
    assert client.containers.files.retrieve(created.id, container_id=container).path == created.path

    registered = emu.register_file({"filename": "input.csv", "content": "a,b\n"})
    copied = client.containers.files.create(container, file_id=registered)
    assert client.containers.files.content.retrieve(copied.id, container_id=container).read() == b"a,b\n"

    client.containers.files.delete(copied.id, container_id=container)
    try:
        client.containers.files.retrieve(copied.id, container_id=container)
        raise AssertionError("expected NotFoundError")
    except openai.NotFoundError as error:
        assert error.request_id.startswith("req_")


def test_sdk_streams_a_generated_file(emu):
    client = OpenAI(api_key="sk-emulator", base_url=emu.base_url, max_retries=0)
    container = client.containers.create(name="big").id
    (file_id,) = emu.add_files(container, {"path": "/mnt/data/big.bin", "bytes": 3 * 1024 * 1024 + 1, "seed": 1})
    with client.containers.files.content.with_streaming_response.retrieve(file_id, container_id=container) as response:
        received = sum(len(chunk) for chunk in response.iter_bytes(65536))
    assert received == 3 * 1024 * 1024 + 1
