# Answer rewrites: strip_fields and no_request_id change every matching answer, as the LiteLLM proxy
# does in front of the API, and apply together with whichever other fault rule fires.

import pytest
import requests

from ansible_collections.llmops.openai.emulator.openai_emulator.faults import FaultSet

FOREVER = {"times": None}


def _strip(*fields, from_requests=None, **rule):
    action = {"type": "strip_fields", "fields": list(fields)}
    if from_requests is not None:
        action["from_requests"] = from_requests
    return dict(FOREVER, action=action, **rule)


def test_strip_fields_in_list_retrieve_and_create(emu, api):
    emu.add_fault(_strip("memory_limit", "network_policy"))
    page = api.get(emu.base_url + "/containers", params={"limit": 100}).json()
    assert len(page["data"]) == 50
    assert not [item for item in page["data"] if "memory_limit" in item or "network_policy" in item]
    assert all(item["id"] and item["name"] and "created_at" in item for item in page["data"])
    one = api.get("%s/containers/%s" % (emu.base_url, page["data"][0]["id"])).json()
    assert "memory_limit" not in one and one["id"] == page["data"][0]["id"]
    created = api.post(emu.base_url + "/containers", json={"name": "big", "memory_limit": "4g"}).json()
    assert "memory_limit" not in created and created["name"] == "big"
    # Only the answers lose the field: the container was created with 4g, as a gateway passes it on.
    assert emu.store.get(created["id"])["memory_limit"] == "4g"
    emu.clear_faults()
    assert api.get("%s/containers/%s" % (emu.base_url, created["id"])).json()["memory_limit"] == "4g"


def test_strip_fields_from_requests_drops_the_field_on_the_way_in(emu, api):
    """As the LiteLLM proxy: a create asking for 4g reaches the API without memory_limit and gets 1g."""
    emu.add_fault(_strip("memory_limit", method="POST", from_requests=True))
    created = api.post(emu.base_url + "/containers", json={"name": "big", "memory_limit": "4g"}).json()
    assert "memory_limit" not in created
    assert emu.store.get(created["id"])["memory_limit"] == "1g"
    # An invalid tier is not refused either: it never reaches the API.
    assert api.post(emu.base_url + "/containers", json={"name": "odd", "memory_limit": "3g"}).status_code == 200


def test_strip_fields_counts_requests_like_other_rules(emu, api):
    emu.add_fault({"path": "/v1/containers", "skip": 1, "times": 1, "action": {"type": "strip_fields", "fields": ["name"]}})
    names = ["name" in api.get(emu.base_url + "/containers", params={"limit": 3}).json()["data"][0] for dummy in range(3)]
    assert names == [True, False, True]


def test_no_request_id_on_answers_and_errors(emu, api):
    emu.add_fault(dict(FOREVER, action={"type": "no_request_id"}))
    listed = api.get(emu.base_url + "/containers")
    missing = api.get(emu.base_url + "/containers/cntr_nope")
    assert listed.status_code == 200 and missing.status_code == 404
    assert "x-request-id" not in listed.headers and "x-request-id" not in missing.headers
    assert missing.json()["error"]["code"] == "not_found"
    emu.clear_faults()
    assert api.get(emu.base_url + "/containers").headers["x-request-id"].startswith("req_")


def test_rewrites_apply_with_the_rule_that_fires(emu, api):
    """A LiteLLM-like setup stays on while a status fault answers: the 500 has no request id either."""
    emu.add_fault([dict(FOREVER, action={"type": "no_request_id"}), _strip("memory_limit"),
                   {"action": {"type": "status", "status": 500}}, {"action": {"type": "oversized_page", "extra": 2}}])
    failed = api.get(emu.base_url + "/containers")
    assert failed.status_code == 500 and "x-request-id" not in failed.headers
    oversized = api.get(emu.base_url + "/containers", params={"limit": 3})
    items = oversized.json()["data"]
    assert len(items) == 5 and not [item for item in items if "memory_limit" in item]
    assert "x-request-id" not in oversized.headers


def test_rewrites_follow_method_path_and_query(emu, api):
    emu.add_fault(_strip("memory_limit", method="GET", path="/v1/containers", query={"order": "asc"}))
    asc = api.get(emu.base_url + "/containers", params={"order": "asc", "limit": 100}).json()["data"]
    desc = api.get(emu.base_url + "/containers", params={"limit": 100}).json()["data"]
    assert not [item for item in asc if "memory_limit" in item]
    assert [item for item in desc if "memory_limit" in item]


def test_rewrites_over_the_control_api(emu):
    root = emu.base_url[:-len("/v1")]
    rule = _strip("memory_limit")
    assert requests.post(root + "/_emulator/faults", json=[rule, dict(FOREVER, action={"type": "no_request_id"})],
                         timeout=10).json() == {"added": 2}
    listed = requests.get(emu.base_url + "/containers", headers={"Authorization": "Bearer sk-emulator"}, timeout=10)
    assert "x-request-id" not in listed.headers
    assert not [item for item in listed.json()["data"] if "memory_limit" in item]
    described = requests.get(root + "/_emulator/faults", timeout=10).json()["faults"]
    assert [(rule["action"]["type"], rule["applied"]) for rule in described] == [("strip_fields", 1), ("no_request_id", 1)]


@pytest.mark.parametrize("action, message", [
    ({"type": "strip_fields"}, "'fields', a non-empty list"),
    ({"type": "strip_fields", "fields": []}, "'fields', a non-empty list"),
    ({"type": "strip_fields", "fields": "memory_limit"}, "'fields', a non-empty list"),
    ({"type": "strip_fields", "fields": [""]}, "'fields', a non-empty list"),
    ({"type": "strip_fields", "fields": [1]}, "'fields', a non-empty list"),
    ({"type": "strip_fields", "fields": ["x"], "field": "y"}, "unknown strip_fields action keys: field"),
    ({"type": "strip_fields", "fields": ["x"], "from_requests": "yes"}, "'from_requests' of a strip_fields action must be a boolean"),
    ({"type": "no_request_id", "fields": ["x"]}, "unknown no_request_id action keys: fields"),
])
def test_invalid_rewrites_are_refused(action, message):
    with pytest.raises(ValueError, match=message):
        FaultSet().add({"action": action})


def test_no_request_id_with_error_headers_names_the_id_on_errors_only(emu, api):
    """As the LiteLLM proxy 1.108.7: no id on answers, the API's id as request-id and llm_provider-x-request-id on errors."""
    emu.add_fault(dict(FOREVER, action={"type": "no_request_id", "error_headers": ["request-id", "llm_provider-x-request-id"]}))
    listed = api.get(emu.base_url + "/containers")
    missing = api.get(emu.base_url + "/containers/cntr_nope")
    assert listed.status_code == 200 and missing.status_code == 404
    assert not [name for name in listed.headers if "request-id" in name.lower()]
    assert "x-request-id" not in missing.headers
    assert missing.headers["request-id"].startswith("req_")
    assert missing.headers["llm_provider-x-request-id"] == missing.headers["request-id"]


@pytest.mark.parametrize("error_headers", ["request-id", ["bad name"], ["x\r\ny: 1"], [""], [1]])
def test_error_headers_must_be_header_names(error_headers):
    with pytest.raises(ValueError, match="'error_headers' of a no_request_id action must be a list of header names"):
        FaultSet().add({"action": {"type": "no_request_id", "error_headers": error_headers}})
