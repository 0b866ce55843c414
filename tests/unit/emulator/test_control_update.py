# PATCH /_emulator/containers/{id}: change a container between two listings (expire it, age it).

import pytest


def control_url(emu, container_id):
    return "%s/_emulator/containers/%s" % (emu.base_url[:-len("/v1")], container_id)


def test_patch_sets_fields_seen_by_the_api(emu, api):
    container = emu.store.all()[0]
    response = api.patch(control_url(emu, container["id"]), json={"status": "expired", "last_active_at": 1000})
    assert response.status_code == 200
    assert response.json() == dict(container, status="expired", last_active_at=1000)
    listed = api.get("%s/containers/%s" % (emu.base_url, container["id"])).json()
    assert listed["status"] == "expired" and listed["last_active_at"] == 1000
    assert listed["name"] == container["name"]
    # The listing order (created_at, id) and the count are unchanged.
    assert [item["id"] for item in emu.store.all()][0] == container["id"]
    assert emu.stats()["containers"] == 50


def test_patch_null_sets_null(emu, api):
    container = emu.store.all()[1]
    assert api.patch(control_url(emu, container["id"]), json={"memory_limit": None}).json()["memory_limit"] is None


def test_patch_unknown_container_is_404(emu, api):
    response = api.patch(control_url(emu, "cntr_nope"), json={"status": "expired"})
    assert response.status_code == 404
    assert "cntr_nope" in response.json()["error"]


@pytest.mark.parametrize("body", [{}, [], {"id": "cntr_other"}])
def test_patch_refuses_bad_bodies(emu, api, body):
    container = emu.store.all()[2]
    response = api.patch(control_url(emu, container["id"]), json=body)
    assert response.status_code == 400
    assert emu.store.get(container["id"]) == container


def test_update_container_from_python(emu):
    container = emu.store.all()[3]
    assert emu.update_container(container["id"], {"status": "expired"})["status"] == "expired"
    assert emu.store.get(container["id"])["status"] == "expired"
