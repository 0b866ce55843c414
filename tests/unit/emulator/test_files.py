# Container files routes: paging, upload (multipart and file_id), retrieve, content, delete, errors,
# and files dying with their container; every request over a real socket.

import json
import re

import pytest
import requests

NOW = 1750000000
ALL_BYTES = bytes(range(256)) * 3 + b"\r\n--not-a-boundary\r\n\r\n\x00"


@pytest.fixture(name="container")
def container_fixture(emu, api):
    """A new running container (the seeded ones may be expired)."""
    return api.post(emu.base_url + "/containers", json={"name": "files"}).json()["id"]


def _files_url(emu, container_id, *rest):
    return "/".join((emu.base_url, "containers", container_id, "files") + rest)


def _list_files(api, emu, container_id, **params):
    """Every file, following after = id of the last item, as the SDK does; also the pages."""
    params = dict(params)
    items, pages = [], []
    while True:
        page = api.get(_files_url(emu, container_id), params=params).json()
        pages.append(page)
        items.extend(page["data"])
        if not page["has_more"] or not page["data"]:
            return items, pages
        params["after"] = page["data"][-1]["id"]


def _assert_api_error(response, status, param=None, code=None):
    assert response.status_code == status
    assert response.headers["x-request-id"].startswith("req_")
    error = response.json()["error"]
    assert error["message"] and error["type"] == "invalid_request_error"
    assert (error["param"], error["code"]) == (param, code)
    return error


def test_250_files_page_in_3_pages_both_orders(emu, api, container):
    ids = emu.add_files(container, [{"path": "/mnt/data/f%03d.txt" % n, "content": str(n), "created_at": NOW - 1000 + n}
                                    for n in range(250)])
    for order, expected in (("asc", ids), ("desc", ids[::-1])):
        items, pages = _list_files(api, emu, container, limit=100, order=order)
        assert [item["id"] for item in items] == expected
        assert [len(page["data"]) for page in pages] == [100, 100, 50]
        assert [page["has_more"] for page in pages] == [True, True, False]
        assert all(page["first_id"] == page["data"][0]["id"] and page["last_id"] == page["data"][-1]["id"] for page in pages)
    default = api.get(_files_url(emu, container)).json()
    assert [item["id"] for item in default["data"]] == ids[::-1][:20] and default["has_more"] is True


def test_list_of_a_container_without_files_is_an_empty_page(emu, api, container):
    assert api.get(_files_url(emu, container)).json() == {"object": "list", "data": [], "first_id": None, "last_id": None,
                                                          "has_more": False}


@pytest.mark.parametrize("params, param, code", [
    ({"limit": 0}, "limit", "integer_below_min_value"),
    ({"limit": 101}, "limit", "integer_above_max_value"),
    ({"limit": "x"}, "limit", "invalid_type"),
    ({"order": "up"}, "order", "invalid_value"),
    ({"after": "cfile_unknown"}, "after", "invalid_value"),
])
def test_bad_list_parameters_answer_400_as_for_containers(emu, api, container, params, param, code):
    _assert_api_error(api.get(_files_url(emu, container), params=params), 400, param, code)
    if param != "after":
        assert (api.get(_files_url(emu, container), params=params).json()
                == api.get(emu.base_url + "/containers", params=params).json())


def test_multipart_upload_gets_a_server_path_and_keeps_the_bytes(emu, api, container):
    response = api.post(_files_url(emu, container), files={"file": ("reports/q1 data.bin", ALL_BYTES)})
    assert response.status_code == 200
    created = response.json()
    assert list(created) == ["id", "object", "created_at", "bytes", "container_id", "path", "source"]
    assert re.match(r"^cfile_[0-9a-f]{32}$", created["id"]) and created["id"][6:14] == "%08x" % created["created_at"]
    assert re.match(r"^/mnt/data/[0-9a-f]{32}-q1 data\.bin$", created["path"])
    assert (created["object"], created["bytes"], created["container_id"], created["source"]) == (
        "container.file", len(ALL_BYTES), container, "user")
    assert NOW <= created["created_at"] <= emu.server.now()
    content = api.get(_files_url(emu, container, created["id"], "content"))
    assert content.status_code == 200 and content.content == ALL_BYTES
    assert content.headers["content-length"] == str(len(ALL_BYTES))
    assert api.get(_files_url(emu, container, created["id"])).json() == created


def test_json_file_id_upload_copies_a_registered_file(emu, api, container):
    file_id = emu.register_file({"filename": "data.csv", "content": "a,b\n1,2\n"})
    assert re.match(r"^file-[0-9a-f]{22}$", file_id)
    created = api.post(_files_url(emu, container), json={"file_id": file_id}).json()
    assert re.match(r"^/mnt/data/[0-9a-f]{32}-data\.csv$", created["path"])
    assert (created["bytes"], created["source"]) == (8, "user")
    assert api.get(_files_url(emu, container, created["id"], "content")).content == b"a,b\n1,2\n"


def test_file_id_registered_over_the_control_api(emu, api, container):
    registered = requests.post(emu.endpoint + "/_emulator/files", json={"filename": "x.bin", "bytes": 70000}, timeout=10)
    (file_id,) = registered.json()["ids"]
    created = api.post(_files_url(emu, container), json={"file_id": file_id}).json()
    assert created["bytes"] == 70000
    assert len(api.get(_files_url(emu, container, created["id"], "content")).content) == 70000


@pytest.mark.parametrize("kwargs, status, param, code", [
    ({"json": {"file_id": "file-unknown"}}, 404, "file_id", "not_found"),
    ({"json": {}}, 400, "file_id", "missing_required_parameter"),
    ({"json": {"file_id": 7}}, 400, "file_id", "invalid_type"),
    ({"json": {"file_id": "file-x", "purpose": "x"}}, 400, "purpose", "unknown_parameter"),
    ({"data": "not json", "headers": {"Content-Type": "application/json"}}, 400, None, None),
    ({"files": {"other": ("a", b"x")}}, 400, "other", "unknown_parameter"),
    ({"files": {"file_id": (None, b"file-x")}, "data": {}}, 404, "file_id", "not_found"),
    ({"files": {"file": ("a", b"x"), "file_id": (None, b"file-x")}}, 400, "file", "invalid_request"),
])
def test_upload_errors(emu, api, container, kwargs, status, param, code):
    _assert_api_error(api.post(_files_url(emu, container), **kwargs), status, param, code)
    assert emu.files.all(container) == []


def test_multipart_without_file_or_boundary_is_400(emu, api, container):
    body = b"--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nx\r\n--b--\r\n"
    response = api.post(_files_url(emu, container), data=body, headers={"Content-Type": "multipart/form-data"})
    assert "no boundary" in _assert_api_error(response, 400)["message"]
    for body, message in ((b"--b\r\nX: y\r\n\r\ndata\r\n--b--\r\n", "no Content-Disposition name"),
                          (b"--b\r\n\r\n--b--\r\n", "no header end"),
                          (b"--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\ndata", "closing boundary")):
        response = api.post(_files_url(emu, container), data=body, headers={"Content-Type": "multipart/form-data; boundary=b"})
        assert message in _assert_api_error(response, 400)["message"]


def test_unknown_container_or_file_is_404(emu, api, container):
    (file_id,) = emu.add_files(container, {"path": "/mnt/data/a.txt", "content": "a"})
    other = api.post(emu.base_url + "/containers", json={"name": "other"}).json()["id"]
    for url in (_files_url(emu, "cntr_unknown"), _files_url(emu, "cntr_unknown", file_id),
                _files_url(emu, "cntr_unknown", file_id, "content")):
        assert _assert_api_error(api.get(url), 404, None, "not_found")["message"] == "No container found with id 'cntr_unknown'."
    for url in (_files_url(emu, container, "cfile_unknown"), _files_url(emu, other, file_id),
                _files_url(emu, other, file_id, "content")):
        _assert_api_error(api.get(url), 404, None, "not_found")
    assert api.delete(_files_url(emu, other, file_id)).status_code == 404
    assert api.get(_files_url(emu, container, file_id, "content")).content == b"a"


def test_delete_answers_and_the_file_is_gone(emu, api, container):
    keep, gone = emu.add_files(container, [{"path": "/mnt/data/keep", "content": "k"}, {"path": "/mnt/data/gone", "content": "g"}])
    response = api.delete(_files_url(emu, container, gone))
    assert response.json() == {"id": gone, "object": "container.file.deleted", "deleted": True}
    assert api.get(_files_url(emu, container, gone)).status_code == 404
    assert api.get(_files_url(emu, container, gone, "content")).status_code == 404
    assert api.delete(_files_url(emu, container, gone)).status_code == 404
    assert [item["id"] for item in api.get(_files_url(emu, container)).json()["data"]] == [keep]
    assert emu.files.content(gone) is None


def test_files_die_with_their_deleted_container(emu, api, container):
    (file_id,) = emu.add_files(container, {"path": "/mnt/data/a", "content": "a"})
    before = emu.files.count()
    assert api.delete(emu.base_url + "/containers/" + container).status_code == 200
    assert emu.files.count() == before - 1 and emu.files.content(file_id) is None
    for url in (_files_url(emu, container), _files_url(emu, container, file_id, "content")):
        assert _assert_api_error(api.get(url), 404, None, "not_found")["message"].startswith("No container found")
    # The same id back (a raw container) does not bring the files back.
    emu.add_containers({"id": container, "name": "again", "status": "running"})
    assert api.get(_files_url(emu, container)).json()["data"] == []


def test_files_die_when_their_container_expires(emu, api, container):
    (file_id,) = emu.add_files(container, {"path": "/mnt/data/a", "content": "a"})
    emu.update_container(container, {"status": "expired"})
    for url in (_files_url(emu, container), _files_url(emu, container, file_id), _files_url(emu, container, file_id, "content")):
        assert _assert_api_error(api.get(url), 400, "container_id")["message"] == "Container is expired."
    assert emu.files.content(file_id) is None
    emu.update_container(container, {"status": "running"})
    assert api.get(_files_url(emu, container)).json()["data"] == []


def test_expiry_alone_loses_the_files(emu, api, container):
    """Expired then set running again, with no request between: the files are still gone."""
    emu.add_files(container, {"path": "/mnt/data/a", "content": "a"})
    emu.update_container(container, {"status": "expired"})
    with pytest.raises(ValueError, match="expired"):
        emu.add_files(container, {"content": "late"})
    emu.update_container(container, {"status": "running"})
    assert api.get(_files_url(emu, container)).json()["data"] == []


def test_files_die_with_containers_a_mutate_fault_deletes(emu, api):
    newest = emu.store.all("desc")[0]["id"]
    emu.update_container(newest, {"status": "running"})
    emu.add_files(newest, {"path": "/mnt/data/a", "content": "a"})
    emu.add_fault({"action": {"type": "mutate", "delete": 1, "delete_at": "newest"}})
    api.get(emu.base_url + "/containers")
    assert emu.files.all(newest) == []


def test_wrong_method_key_and_route(emu, api, container):
    response = api.put(_files_url(emu, container))
    assert response.status_code == 405 and response.headers["allow"] == "GET, POST"
    assert api.post(_files_url(emu, container, "cfile_x", "content")).headers["allow"] == "GET"
    unauthenticated = requests.get(_files_url(emu, container), timeout=10)
    assert unauthenticated.status_code == 401
    assert emu.stats()["by_route"]["GET /v1/containers/{container_id}/files"] == 1


def test_hostile_paths_from_the_control_api_reach_the_client_verbatim(emu, api, container):
    paths = ["/mnt/data/../../etc/passwd", "../../x", "/etc/shadow", "/mnt/data/a\x1b[2J\r\nb", "/mnt/data/nul\x00.txt",
             "/mnt/data/twin.csv", "/mnt/data/twin.csv"]
    emu.add_files(container, [{"path": path, "content": "x", "created_at": NOW + n} for n, path in enumerate(paths)])
    response = api.get(_files_url(emu, container), params={"order": "asc"})
    assert [item["path"] for item in response.json()["data"]] == paths
    assert '"/mnt/data/nul\\u0000.txt"' in response.text and "\\u001b[2J\\r\\nb" in response.text


def test_control_api_validates_before_adding_any(emu, api, container):
    url = "%s/_emulator/containers/%s/files" % (emu.endpoint, container)
    for body in ({"path": 3, "content": "x"}, {"path": "p"}, {"content": "x", "content_base64": "eA=="},
                 [{"content": "x"}, {"content": "x", "colour": "red"}], {"bytes": -1}, {"content_base64": "!!"},
                 {"content": "x", "created_at": "now"}, []):
        response = requests.post(url, json=body, timeout=10)
        assert response.status_code == 400 and response.json()["error"]
    assert requests.post(emu.endpoint + "/_emulator/containers/cntr_nope/files", json={"content": "x"},
                         timeout=10).status_code == 400
    assert emu.files.all(container) == []
    added = requests.post(url, json=[{"content_base64": "AAEC"}, {"content": "abc", "bytes": 10, "source": "user"}], timeout=10)
    first, second = added.json()["ids"]
    assert api.get(_files_url(emu, container, first, "content")).content == b"\x00\x01\x02"
    lying = api.get(_files_url(emu, container, second)).json()
    assert (lying["bytes"], lying["source"]) == (10, "user")
    assert api.get(_files_url(emu, container, second, "content")).content == b"abc"


def test_azure_mode_serves_the_files_routes_too():
    from ansible_collections.llmops.openai.emulator.openai_emulator import Emulator  # pylint: disable=import-outside-toplevel
    with Emulator(containers=0, now=NOW, auth_header="api-key") as emu:
        container = requests.post(emu.azure_base_url + "/containers", json={"name": "a"}, headers={"api-key": "sk-emulator"},
                                  timeout=10).json()["id"]
        emu.add_files(container, {"path": "/mnt/data/a", "content": "az"})
        listed = requests.get("%s/containers/%s/files" % (emu.azure_base_url, container), headers={"api-key": "sk-emulator"},
                              timeout=10).json()
        assert [json.dumps(item["path"]) for item in listed["data"]] == ['"/mnt/data/a"']


def test_a_file_deleted_while_it_is_fetched_is_a_404_not_a_dropped_connection(emu, api, container):
    (file_id,) = emu.add_files(container, {"content": "a"})
    # What a concurrent delete leaves to a content request that found the file object just before it.
    emu.files._contents.pop(file_id)
    for url in (_files_url(emu, container, file_id, "content"), _files_url(emu, container, file_id)):
        _assert_api_error(api.get(url), 404, None, "not_found")
