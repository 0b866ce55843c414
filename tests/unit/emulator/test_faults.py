# Fault injection: each action, the skip/times counters, and the control API over HTTP.

import time

import pytest
import requests


def _list(api, emu, **params):
    return api.get(emu.base_url + "/containers", params=params)


@pytest.mark.parametrize("status, error_type, code", [
    (429, "requests", "rate_limit_exceeded"),
    (500, "server_error", None),
    (502, "server_error", None),
    (503, "server_error", None),
])
def test_status_fault(emu, api, status, error_type, code):
    action = {"type": "status", "status": status, "headers": {"retry-after-ms": "200"}}
    emu.add_fault({"method": "GET", "path": "/v1/containers", "action": action})
    response = _list(api, emu)
    assert response.status_code == status
    assert response.headers["retry-after-ms"] == "200"
    assert response.headers["x-request-id"].startswith("req_")
    error = response.json()["error"]
    assert (error["type"], error["code"], error["param"]) == (error_type, code, None)
    assert error["message"]
    assert _list(api, emu).status_code == 200


def test_skip_and_times(emu, api):
    emu.add_fault({"path": "/v1/containers", "skip": 1, "times": 2,
                   "action": {"type": "status", "status": 503, "message": "try later", "headers": {"x-should-retry": "false"}}})
    codes = [_list(api, emu).status_code for attempt in range(5)]
    assert codes == [200, 503, 503, 200, 200]


def test_times_null_is_forever_and_clear(emu, api):
    emu.add_fault({"times": None, "action": {"type": "status", "status": 500}})
    assert [_list(api, emu).status_code for attempt in range(3)] == [500] * 3
    assert api.get(emu.base_url + "/containers/x").status_code == 500
    emu.clear_faults()
    assert _list(api, emu).status_code == 200


def test_rules_fire_in_order(emu, api):
    emu.add_fault([{"action": {"type": "status", "status": 500}}, {"action": {"type": "status", "status": 429}}])
    assert [_list(api, emu).status_code for attempt in range(3)] == [500, 429, 200]


def test_method_and_path_must_match(emu, api):
    emu.add_fault({"method": "POST", "path": "/v1/containers", "action": {"type": "status", "status": 500}})
    assert _list(api, emu).status_code == 200
    assert api.post(emu.base_url + "/containers", json={"name": "x"}).status_code == 500


def test_drop_closes_without_response(emu, api):
    emu.add_fault({"action": {"type": "drop"}})
    with pytest.raises(requests.exceptions.ConnectionError):
        _list(api, emu)
    assert _list(api, emu).status_code == 200
    assert emu.stats()["connections"] == 2


def test_delay(emu, api):
    emu.add_fault({"action": {"type": "delay", "ms": 300}})
    started = time.monotonic()
    assert _list(api, emu).status_code == 200
    assert time.monotonic() - started >= 0.3


def test_non_json(emu, api):
    emu.add_fault({"action": {"type": "non_json"}})
    response = _list(api, emu)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text.startswith("<html>")
    with pytest.raises(ValueError):
        response.json()


def test_stuck_cursor_repeats_the_page(emu, api):
    emu.add_fault({"times": None, "action": {"type": "stuck_cursor"}})
    first = _list(api, emu, limit=10).json()
    second = _list(api, emu, limit=10, after=first["data"][-1]["id"]).json()
    assert second == first and first["has_more"] is True
    # Only list requests are affected.
    assert api.get("%s/containers/%s" % (emu.base_url, first["data"][0]["id"])).status_code == 200


def test_cursor_cycle_goes_back_to_the_first_page_after_the_second(emu, api):
    emu.add_fault({"times": None, "action": {"type": "cursor_cycle"}})
    cursors = []
    params = {"limit": 10}
    for dummy in range(5):
        page = _list(api, emu, **params).json()
        assert page["has_more"] is True
        cursors.append(page["data"][-1]["id"])
        params["after"] = cursors[-1]
    first, second = cursors[:2]
    assert first != second
    assert cursors == [first, second, first, second, first]
    # Other cursors page normally, and so does a listing without the fault.
    emu.clear_faults()
    assert _list(api, emu, limit=10, after=second).json()["data"][0]["id"] not in (first, second)


def test_echo_key_in_an_error(emu, api):
    emu.add_fault({"action": {"type": "echo_key", "status": 502}})
    response = _list(api, emu)
    assert response.status_code == 502
    error = response.json()["error"]
    assert "Bearer sk-emulator" in error["message"]
    assert error["code"] == error["param"] == "Bearer sk-emulator"
    assert _list(api, emu).status_code == 200


def test_echo_key_in_data(emu, api):
    emu.add_fault({"action": {"type": "echo_key", "status": 200}})
    response = _list(api, emu)
    assert response.status_code == 200
    assert response.json() == {"object": "debug", "echo": {"authorization": "Bearer sk-emulator"}}


def test_invalid_items(emu, api):
    emu.add_fault({"action": {"type": "invalid_items"}})
    items = _list(api, emu, limit=6).json()["data"]
    assert isinstance(items[0]["created_at"], str)
    assert "name" not in items[1]
    assert items[2]["memory_limit"] == "3g"
    assert isinstance(_list(api, emu, limit=6).json()["data"][0]["created_at"], int)


def test_endless_list_never_ends_and_never_repeats(emu, api):
    emu.add_fault({"times": None, "action": {"type": "endless_list"}})
    seen = set()
    after = None
    for dummy in range(5):
        page = _list(api, emu, limit=7, **({"after": after} if after else {})).json()
        ids = [item["id"] for item in page["data"]]
        assert page["has_more"] is True and len(ids) == 7 and not seen & set(ids)
        seen.update(ids)
        after = ids[-1]
    assert len(emu.store) == 50  # nothing is stored


def test_endless_list_with_a_few_new_ids_per_page(emu, api):
    emu.add_fault({"times": None, "action": {"type": "endless_list", "per_page": 2}})
    page = _list(api, emu, limit=100).json()
    assert len(page["data"]) == 2 and page["has_more"] is True


def test_oversized_page_sends_more_than_the_limit(emu, api):
    emu.add_fault({"action": {"type": "oversized_page", "extra": 3}})
    assert len(_list(api, emu, limit=10).json()["data"]) == 13
    assert len(_list(api, emu, limit=10).json()["data"]) == 10


def test_missing_ids_every_item_but_the_last(emu, api):
    emu.add_fault({"action": {"type": "missing_ids"}})
    items = _list(api, emu, limit=4).json()["data"]
    assert ["id" in item for item in items] == [False, False, False, True]
    assert isinstance(items[-1]["id"], str)


def test_non_string_ids_cycle_through_types(emu, api):
    emu.add_fault({"action": {"type": "non_string_ids"}})
    ids = [item["id"] for item in _list(api, emu, limit=5).json()["data"]]
    assert ids[:4] == [12345, ["cntr_in_a_list"], {"id": "cntr_in_an_object"}, None]
    assert isinstance(ids[4], str)


def test_non_object_items(emu, api):
    emu.add_fault({"action": {"type": "non_object_items"}})
    items = _list(api, emu, limit=5).json()["data"]
    assert items[:4] == ["cntr_just_a_string", 42, None, ["a", "list"]]
    assert isinstance(items[4], dict)


def test_drop_after_carries_out_the_delete_then_drops_the_answer(emu, api):
    victim = emu.store.all()[0]["id"]
    emu.add_fault({"method": "DELETE", "action": {"type": "drop_after"}})
    with pytest.raises(requests.exceptions.ConnectionError):
        api.delete("%s/containers/%s" % (emu.base_url, victim))
    assert victim not in emu.store
    assert api.delete("%s/containers/%s" % (emu.base_url, victim)).status_code == 404


def test_faults_over_http(emu, api):
    control = emu.base_url.replace("/v1", "/_emulator")
    response = requests.post(control + "/faults", json=[{"action": {"type": "status", "status": 502}}], timeout=10)
    assert response.json() == {"added": 1}
    assert requests.get(control + "/faults", timeout=10).json()["faults"][0]["action"]["status"] == 502
    assert _list(api, emu).status_code == 502
    requests.post(control + "/faults", json={"times": None, "action": {"type": "status", "status": 500}}, timeout=10)
    assert requests.delete(control + "/faults", timeout=10).status_code == 200
    assert _list(api, emu).status_code == 200


@pytest.mark.parametrize("rule", [
    {"action": {"type": "explode"}},
    {"action": {"type": "status", "status": 200}},
    {"action": {"type": "echo_key", "status": 302}},
    {"action": {"type": "echo_key", "status": True}},
    {"times": -1, "action": {"type": "drop"}},
    {"path": "v1", "action": {"type": "drop"}},
    {"colour": "red", "action": {"type": "drop"}},
    {"action": {"type": "endless_list", "per_page": 0}},
    {"action": {"type": "oversized_page", "extra": "many"}},
    "drop",
])
def test_bad_rules_are_rejected(emu, rule):
    response = requests.post(emu.base_url.replace("/v1", "/_emulator/faults"), json=rule, timeout=10)
    assert response.status_code == 400
    with pytest.raises(ValueError):
        emu.add_fault(rule)


def test_reset_reseeds_and_clears_faults(emu, api):
    emu.add_fault({"times": None, "action": {"type": "status", "status": 500}})
    response = requests.post(emu.base_url.replace("/v1", "/_emulator/reset"), json={"containers": 30, "seed": 9}, timeout=10)
    assert response.json() == {"reset": True, "containers": 30}
    assert len(_list(api, emu, limit=100).json()["data"]) == 30
    assert emu.stats()["requests"] == 1


def test_query_must_match(emu, api):
    emu.add_fault({"path": "/v1/containers", "query": {"order": "asc"}, "action": {"type": "status", "status": 500}})
    assert _list(api, emu, order="desc").status_code == 200
    assert _list(api, emu).status_code == 200
    assert _list(api, emu, order="asc").status_code == 500
    assert _list(api, emu, order="asc").status_code == 200


def test_mutate_creates_the_newest_and_deletes_where_asked(emu, api, list_all):
    before = list_all(api, emu.base_url)
    emu.add_fault({"path": "/v1/containers", "skip": 1, "action": {"type": "mutate", "create": 3, "delete": 4, "delete_at": "middle"}})
    first = _list(api, emu, limit=5).json()
    assert [c["id"] for c in first["data"]] == [c["id"] for c in before[:5]]
    # The second request sees the change: three new containers first, four fewer in the middle.
    after = list_all(api, emu.base_url)
    assert len(after) == len(before) - 4 + 3
    created = after[:3]
    assert all(c["name"].startswith("created while listing") and c["created_at"] >= before[0]["created_at"] for c in created)
    gone = [c["id"] for c in before if c["id"] not in set(c["id"] for c in after)]
    # The middle of the 53 there are once the three are created: positions 24 to 27, before[21:25].
    assert gone == [c["id"] for c in before[21:25]]
    assert after[3:] == [c for c in before if c["id"] not in gone]


@pytest.mark.parametrize("place, expected", [("newest", slice(0, 2)), ("oldest", slice(48, 50))])
def test_mutate_deletes_at_either_end(emu, api, list_all, place, expected):
    before = list_all(api, emu.base_url)
    emu.add_fault({"path": "/v1/containers", "action": {"type": "mutate", "delete": 2, "delete_at": place}})
    after = list_all(api, emu.base_url)
    assert [c["id"] for c in before if c not in after] == [c["id"] for c in before[expected]]


@pytest.mark.parametrize("action", [
    {"type": "mutate", "create": -1},
    {"type": "mutate", "delete": "2"},
    {"type": "mutate", "delete": 1, "delete_at": "random"},
    {"type": "mutate", "remove": 1},
])
def test_mutate_rejects_bad_actions(emu, action):
    with pytest.raises(ValueError):
        emu.add_fault({"action": action})
