# Retrieve, create and delete: the single-container endpoints and their validation.

import re

import pytest


def test_retrieve(shared_emu, api):
    container = shared_emu.store.all()[5]
    response = api.get("%s/containers/%s" % (shared_emu.base_url, container["id"]))
    assert response.status_code == 200
    assert response.json() == container


def test_retrieve_unknown_is_404(shared_emu, api):
    response = api.get(shared_emu.base_url + "/containers/cntr_nope")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "No container found with id 'cntr_nope'."
    assert response.headers["x-request-id"].startswith("req_")


def test_create_defaults(emu, api):
    response = api.post(emu.base_url + "/containers", json={"name": "My Container"})
    assert response.status_code == 200
    created = response.json()
    assert re.match(r"^cntr_[0-9a-f]{48}$", created["id"])
    assert created["object"] == "container" and created["status"] == "running"
    assert created["name"] == "My Container" and created["memory_limit"] == "1g"
    assert created["expires_after"] == {"anchor": "last_active_at", "minutes": 20}
    assert created["created_at"] == created["last_active_at"] >= 1750000000
    assert api.get("%s/containers/%s" % (emu.base_url, created["id"])).json() == created
    assert emu.stats()["containers"] == 51


def test_create_all_fields(emu, api):
    body = {"name": "n", "memory_limit": "64g", "expires_after": {"anchor": "last_active_at", "minutes": 60},
            "file_ids": ["file-1"], "skills": [{"type": "skill_reference", "skill_id": "openai-spreadsheets"}],
            "network_policy": {"type": "allowlist", "allowed_domains": ["pypi.org"],
                               "domain_secrets": [{"domain": "pypi.org", "name": "T", "value": "secret"}]}}
    created = api.post(emu.base_url + "/containers", json=body).json()
    assert created["memory_limit"] == "64g" and created["expires_after"]["minutes"] == 60
    assert created["network_policy"] == {"type": "allowlist", "allowed_domains": ["pypi.org"]}
    assert "secret" not in str(created)


@pytest.mark.parametrize("body, param", [
    ({}, "name"),
    ({"name": 3}, "name"),
    ({"name": "x", "memory_limit": "3g"}, "memory_limit"),
    ({"name": "x", "expires_after": {"anchor": "created_at", "minutes": 5}}, "expires_after.anchor"),
    ({"name": "x", "expires_after": {"anchor": "last_active_at"}}, "expires_after.minutes"),
    ({"name": "x", "expires_after": {"anchor": "last_active_at", "minutes": "5"}}, "expires_after.minutes"),
    ({"name": "x", "file_ids": "file-1"}, "file_ids"),
    ({"name": "x", "file_ids": [1]}, "file_ids[0]"),
    ({"name": "x", "network_policy": {"type": "open"}}, "network_policy.type"),
    ({"name": "x", "network_policy": {"type": "allowlist", "allowed_domains": []}}, "network_policy.allowed_domains"),
    ({"name": "x", "skills": [{"type": "skill_reference"}]}, "skills[0].skill_id"),
    ({"name": "x", "colour": "red"}, "colour"),
])
def test_create_validation(emu, api, body, param):
    response = api.post(emu.base_url + "/containers", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == param
    assert emu.stats()["containers"] == 50


def test_create_rejects_non_json(emu, api):
    response = api.post(emu.base_url + "/containers", data="name=x", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"]["param"] is None


def test_delete(emu, api):
    victim = emu.store.all()[10]["id"]
    url = "%s/containers/%s" % (emu.base_url, victim)
    response = api.delete(url)
    assert response.status_code == 200
    assert response.json() == {"id": victim, "object": "container.deleted", "deleted": True}
    assert api.get(url).status_code == 404
    assert api.delete(url).status_code == 404
    listed = api.get(emu.base_url + "/containers", params={"limit": 100}).json()["data"]
    assert victim not in [c["id"] for c in listed] and len(listed) == 49


def test_raw_containers_are_inserted_as_is(emu, api):
    raw = [{"name": "{{ lookup('pipe', 'id') }}", "status": "running"}, {"id": "cntr_bad", "created_at": "yesterday"}]
    ids = emu.add_containers(raw)
    first = api.get("%s/containers/%s" % (emu.base_url, ids[0])).json()
    assert first["name"] == "{{ lookup('pipe', 'id') }}" and first["created_at"] >= 1750000000
    assert "object" not in first
    assert api.get(emu.base_url + "/containers/cntr_bad").json() == {"id": "cntr_bad", "created_at": "yesterday"}
    control = api.post(emu.base_url.replace("/v1", "/_emulator/containers"), json=[{"name": "via http"}])
    assert control.status_code == 200
    assert emu.store.get(control.json()["ids"][0]) is not None
    assert len(list_ids(api, emu)) == 53


def list_ids(api, emu):
    return [c["id"] for c in api.get(emu.base_url + "/containers", params={"limit": 100}).json()["data"]]
