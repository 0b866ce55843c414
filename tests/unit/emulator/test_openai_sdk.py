# The official openai SDK against the emulator: proof that the emulator speaks the real protocol.

import openai
from openai import OpenAI


def test_sdk_auto_paginates_every_container_in_order(shared_emu):
    client = OpenAI(api_key="sk-emulator", base_url=shared_emu.base_url, max_retries=0)
    ids = [container.id for container in client.containers.list(limit=100)]
    assert ids == [c["id"] for c in shared_emu.store.all(order="desc")]


def test_sdk_create_retrieve_delete_and_errors(emu):
    client = OpenAI(api_key="sk-emulator", base_url=emu.base_url, max_retries=0)
    created = client.containers.create(name="sdk", memory_limit="4g")
    assert client.containers.retrieve(created.id).memory_limit == "4g"
    client.containers.delete(created.id)
    try:
        client.containers.retrieve(created.id)
        raise AssertionError("expected NotFoundError")
    except openai.NotFoundError as error:
        assert error.request_id.startswith("req_")
    try:
        OpenAI(api_key="sk-wrong-key-123456", base_url=emu.base_url, max_retries=0).containers.list()
        raise AssertionError("expected AuthenticationError")
    except openai.AuthenticationError as error:
        assert error.code == "invalid_api_key"


def test_sdk_retries_a_429(emu):
    emu.add_fault({"action": {"type": "status", "status": 429, "headers": {"retry-after-ms": "10"}}})
    client = OpenAI(api_key="sk-emulator", base_url=emu.base_url, max_retries=1)
    assert len(client.containers.list(limit=5).data) == 5
    assert emu.stats()["requests"] == 2
