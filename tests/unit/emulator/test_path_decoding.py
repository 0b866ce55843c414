# An id in a path arrives percent-encoded as one segment (the collection quotes it with safe=''): the
# emulator decodes it before the lookup, as a real server does, so such a container can be read and deleted.

from urllib.parse import quote

import pytest

from ansible_collections.llmops.openai.plugins.modules import container_prune
from ansible_collections.llmops.openai.tests.unit.plugins.modules.module_runner import run_module_on_server

from .conftest import API_KEY, NOW

ODD_IDS = ["cntr_x\x1b[2J", "cntr_with space", "cntr_a/b", "cntr_%41", "cntr_\u00e9\u202e"]


def _container(container_id):
    return {"id": container_id, "object": "container", "name": "odd", "created_at": NOW - 7200, "status": "running",
            "last_active_at": NOW - 3600, "expires_after": {"anchor": "last_active_at", "minutes": 20}, "memory_limit": "1g"}


@pytest.mark.parametrize("container_id", ODD_IDS)
def test_an_encoded_id_is_found_and_deleted(emu, api, container_id):
    emu.add_containers([_container(container_id)])
    url = "%s/containers/%s" % (emu.base_url, quote(container_id, safe=""))
    found = api.get(url)
    assert found.status_code == 200 and found.json()["id"] == container_id
    gone = api.delete(url)
    assert gone.status_code == 200 and gone.json() == {"id": container_id, "object": "container.deleted", "deleted": True}
    assert emu.store.get(container_id) is None
    assert api.get(url).status_code == 404


def test_an_encoded_id_is_not_confused_with_its_encoding(emu, api):
    """cntr_%41 asked as cntr_%2541 is that container, not cntr_A."""
    emu.add_containers([_container("cntr_%41"), _container("cntr_A")])
    assert api.get(emu.base_url + "/containers/cntr_%2541").json()["id"] == "cntr_%41"
    assert api.get(emu.base_url + "/containers/cntr_%41").json()["id"] == "cntr_A"


def test_prune_deletes_a_container_whose_id_needs_percent_encoding(mocker, emu):
    """Before the emulator decoded paths, prune reported this container "already gone" and it kept running.
    (An id with a control character is refused before any request: see test_ids_and_names_on_any_server.)"""
    container_id = "cntr_x y%41[2J"
    emu.add_containers([_container(container_id)])
    outcome = run_module_on_server(mocker, container_prune.main, dict(api_key=API_KEY, base_url=emu.base_url, max_retries=0,
                                                                      ids=[container_id]))
    assert not outcome.failed
    assert outcome.result["deleted"] == [container_id] and outcome.result["already_gone"] == []
    assert emu.store.get(container_id) is None
