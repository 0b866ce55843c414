# GET /v1/containers: ordering, paging, the name filter, parameter errors and authentication.

import re

import pytest
import requests


def _expected(emu, order):
    return sorted(emu.store.all(), key=lambda c: (c["created_at"], c["id"]), reverse=order == "desc")


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_full_paging_yields_every_container_once_in_order(shared_emu, api, order, list_all):
    items = list_all(api, shared_emu.base_url, order=order, limit=100)
    assert [c["id"] for c in items] == [c["id"] for c in _expected(shared_emu, order)]
    assert len(set(c["id"] for c in items)) == 1234


def test_default_is_desc_with_limit_20(shared_emu, api):
    page = api.get(shared_emu.base_url + "/containers").json()
    assert page["object"] == "list"
    assert [c["id"] for c in page["data"]] == [c["id"] for c in _expected(shared_emu, "desc")[:20]]
    assert page["first_id"] == page["data"][0]["id"]
    assert page["last_id"] == page["data"][-1]["id"]
    assert page["has_more"] is True


def test_odd_limit_pages_and_last_page(shared_emu, api, list_all):
    items = list_all(api, shared_emu.base_url, order="asc", limit=13)
    assert len(items) == 1234
    last = api.get(shared_emu.base_url + "/containers", params={"order": "asc", "after": items[-2]["id"]}).json()
    assert [c["id"] for c in last["data"]] == [items[-1]["id"]]
    assert last["has_more"] is False


def test_empty_page_has_null_ids(shared_emu, api):
    page = api.get(shared_emu.base_url + "/containers", params={"name": "no such name"}).json()
    assert page == {"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False}


def test_name_filter_is_exact_and_pages(shared_emu, api, list_all):
    everything = _expected(shared_emu, "desc")
    wanted = [c["id"] for c in everything if c.get("name") == "Code Interpreter"]
    assert len(wanted) > 100
    got = list_all(api, shared_emu.base_url, name="Code Interpreter", limit=50)
    assert [c["id"] for c in got] == wanted
    assert list_all(api, shared_emu.base_url, name="Code") == []


@pytest.mark.parametrize("params, param, code", [
    ({"limit": "0"}, "limit", "integer_below_min_value"),
    ({"limit": "101"}, "limit", "integer_above_max_value"),
    ({"limit": "ten"}, "limit", "invalid_type"),
    ({"limit": ""}, "limit", "invalid_type"),
    ({"order": "up"}, "order", "invalid_value"),
    ({"after": "cntr_unknown"}, "after", "invalid_value"),
])
def test_bad_parameters_answer_400(shared_emu, api, params, param, code):
    response = api.get(shared_emu.base_url + "/containers", params=params)
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    assert re.match(r"^req_[0-9a-f]{32}$", response.headers["x-request-id"])
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert (error["type"], error["param"], error["code"]) == ("invalid_request_error", param, code)


def test_wrong_key_is_401_and_masked(shared_emu):
    key = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789"
    response = requests.get(shared_emu.base_url + "/containers", headers={"Authorization": "Bearer " + key}, timeout=10)
    assert response.status_code == 401
    assert re.match(r"^req_[0-9a-f]{32}$", response.headers["x-request-id"])
    error = response.json()["error"]
    assert error["code"] == "invalid_api_key" and error["type"] == "invalid_request_error"
    assert key not in error["message"] and "sk-" in error["message"] and "6789" in error["message"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer "}])
def test_missing_key_is_401(shared_emu, headers):
    response = requests.get(shared_emu.base_url + "/containers/anything", headers=headers, timeout=10)
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert "didn't provide an API key" in response.json()["error"]["message"]


def test_unknown_route_and_wrong_method(shared_emu, api):
    response = api.get(shared_emu.base_url + "/assistants")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Invalid URL (GET /v1/assistants)"
    response = api.put(shared_emu.base_url + "/containers")
    assert response.status_code == 405
    assert response.headers["x-request-id"].startswith("req_")
    assert response.json()["error"]["type"] == "invalid_request_error"


def test_stats_count_requests_and_connections(emu, api, list_all):
    emu.reset_stats()
    list_all(api, emu.base_url, limit=10)
    api.get(emu.base_url + "/containers/nope")
    stats = emu.stats()
    assert stats["requests"] == 6
    assert stats["connections"] == 1
    assert stats["by_route"] == {"GET /v1/containers": 5, "GET /v1/containers/{container_id}": 1}
    assert stats["containers"] == 50
    with requests.Session() as other:
        other.get(emu.base_url + "/containers")
    assert emu.stats()["connections"] == 2
    over_http = requests.get(emu.base_url.replace("/v1", "/_emulator/stats"), timeout=10).json()
    assert over_http["requests"] == 7
    assert requests.post(emu.base_url.replace("/v1", "/_emulator/reset"), timeout=10).status_code == 200
    assert emu.stats()["requests"] == 0
