# The listing fault rules of servers on which one cursor is complete but order=asc is not the exact
# reverse of order=desc (order_ignored, stable_ties, orders_disagree), and of a gateway that drops the
# name filter (name_ignored).

import pytest

NOW = 1750000000


def _ties(emu, count=12, name="tie"):
    """Replace the data by ``count`` containers, three per second."""
    emu.reseed(containers=0)
    return emu.add_containers([{"name": name, "created_at": NOW + n // 3, "object": "container"} for n in range(count)])


def _ids(items):
    return [item["id"] for item in items]


def _created(items):
    return [item["created_at"] for item in items]


def test_order_ignored_lists_newest_first_for_either_order(emu, api, list_all):
    newest_first = list_all(api, emu.base_url, order="desc")
    emu.add_fault({"times": None, "action": {"type": "order_ignored"}})
    assert list_all(api, emu.base_url, order="asc", limit=7) == newest_first
    assert list_all(api, emu.base_url, order="desc", limit=7) == newest_first


@pytest.mark.parametrize("kind", ["stable_ties", "orders_disagree"])
def test_each_order_is_complete_and_sorted_but_not_the_reverse_of_the_other(emu, api, list_all, kind):
    created = _ties(emu)
    emu.add_fault({"times": None, "action": {"type": kind}})
    asc, desc = list_all(api, emu.base_url, order="asc", limit=2), list_all(api, emu.base_url, order="desc", limit=2)
    assert sorted(_ids(asc)) == sorted(_ids(desc)) == sorted(created)
    assert _created(asc) == sorted(_created(asc)) and _created(desc) == sorted(_created(desc), reverse=True)
    assert _ids(asc) != _ids(desc)[::-1]


def test_stable_ties_keep_the_same_relative_order_both_ways(emu, api, list_all):
    _ties(emu)
    emu.add_fault({"times": None, "action": {"type": "stable_ties"}})
    asc, desc = list_all(api, emu.base_url, order="asc"), list_all(api, emu.base_url, order="desc")
    for second in set(_created(asc)):
        assert [i["id"] for i in asc if i["created_at"] == second] == [i["id"] for i in desc if i["created_at"] == second]


def test_the_reordered_listings_refuse_an_unknown_cursor(emu, api):
    emu.add_fault({"times": None, "action": {"type": "stable_ties"}})
    response = api.get(emu.base_url + "/containers", params={"after": "cntr_unknown"})
    assert response.status_code == 400 and response.json()["error"]["param"] == "after"


def test_name_ignored_answers_as_if_no_name_was_given(emu, api, list_all):
    everything = list_all(api, emu.base_url)
    named = list_all(api, emu.base_url, name="Code Interpreter")
    assert 0 < len(named) < len(everything)
    emu.add_fault({"times": None, "action": {"type": "name_ignored"}})
    assert list_all(api, emu.base_url, name="Code Interpreter", limit=9) == everything


@pytest.mark.parametrize("kind", ["order_ignored", "stable_ties", "orders_disagree", "name_ignored"])
def test_the_rules_apply_to_list_requests_only(emu, api, kind):
    emu.add_fault({"times": None, "action": {"type": kind}})
    container_id = api.get(emu.base_url + "/containers", params={"limit": 1}).json()["data"][0]["id"]
    assert api.get(emu.base_url + "/containers/" + container_id).json()["id"] == container_id
