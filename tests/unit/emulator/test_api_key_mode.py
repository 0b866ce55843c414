# The emulator's Azure OpenAI mode (auth_header="api-key"): the key only in an api-key header, Azure's
# 401 bodies, the API under /openai/v1 too; the Python API, the CLI flag and the official SDK's client.

import os
import subprocess
import sys

import openai
import pytest
import requests
from openai import AzureOpenAI

from ansible_collections.llmops.openai.emulator.openai_emulator import Emulator

from .conftest import API_KEY, NOW

EMULATOR_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "emulator")


@pytest.fixture(name="azure_emu")
def azure_emu_fixture():
    with Emulator(containers=30, seed=3, now=NOW, auth_header="api-key") as emulator:
        yield emulator


def test_the_api_key_header_is_accepted_on_both_paths(azure_emu, list_all):
    with requests.Session() as session:
        session.headers["api-key"] = API_KEY
        for base_url in (azure_emu.base_url, azure_emu.azure_base_url):
            assert len(list_all(session, base_url)) == 30
        created = session.post(azure_emu.azure_base_url + "/containers", json={"name": "azure"}).json()
        assert session.get(azure_emu.azure_base_url + "/containers/" + created["id"]).json()["name"] == "azure"
        assert session.delete(azure_emu.azure_base_url + "/containers/" + created["id"]).json()["deleted"] is True
    assert azure_emu.azure_base_url == azure_emu.endpoint + "/openai/v1"


@pytest.mark.parametrize("headers, message", [
    ({}, "Access denied due to missing subscription key"),
    ({"api-key": "wrong-key-0123456789"}, "Access denied due to invalid subscription key"),
])
def test_a_missing_or_a_wrong_key_get_azures_401(azure_emu, headers, message):
    response = requests.get(azure_emu.azure_base_url + "/containers", headers=headers, timeout=10)
    assert response.status_code == 401
    assert response.json() == {"error": {"code": "401", "message": response.json()["error"]["message"]}}
    assert message in response.json()["error"]["message"]
    assert "wrong-key" not in response.text
    assert response.headers["x-request-id"].startswith("req_")


def test_a_bearer_token_gets_azures_token_401(azure_emu):
    response = requests.get(azure_emu.azure_base_url + "/containers", headers={"Authorization": "Bearer " + API_KEY}, timeout=10)
    assert response.status_code == 401
    assert response.json() == {"statusCode": 401, "message": response.json()["message"]}
    assert response.json()["message"].startswith("Unauthorized. Access token is missing, invalid")
    assert API_KEY not in response.text


def test_bearer_mode_serves_no_azure_path_and_refuses_api_key(emu):
    assert requests.get(emu.endpoint + "/openai/v1/containers", headers={"Authorization": "Bearer " + API_KEY},
                        timeout=10).status_code == 404
    response = requests.get(emu.base_url + "/containers", headers={"api-key": API_KEY}, timeout=10)
    assert response.status_code == 401 and "Bearer" in response.json()["error"]["message"]


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="auth_header must be one of"):
        Emulator(auth_header="x-api-key").start()


def test_the_sdks_azure_client_pages_through_it(azure_emu):
    client = AzureOpenAI(api_key=API_KEY, base_url=azure_emu.azure_base_url, api_version="preview", max_retries=0)
    ids = [container.id for container in client.containers.list(limit=7)]
    assert ids == [container["id"] for container in azure_emu.store.all(order="desc")]
    with pytest.raises(openai.AuthenticationError):
        AzureOpenAI(api_key="wrong-key-0123456789", base_url=azure_emu.azure_base_url, api_version="preview",
                    max_retries=0).containers.list()


def test_the_cli_flag_reaches_the_detached_server(tmp_path):
    env = dict(os.environ, PYTHONPATH=EMULATOR_DIR)
    state = str(tmp_path / "state")

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "openai_emulator"] + list(args), env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, timeout=60, check=False)

    result = cli("start", "--state-dir", state, "--containers", "4", "--api-key", "az-cli", "--auth-header", "api-key")
    try:
        assert result.returncode == 0, result.stderr
        base_url = result.stdout.strip()
        azure_url = base_url[:-len("/v1")] + "/openai/v1"
        assert len(requests.get(azure_url + "/containers", headers={"api-key": "az-cli"}, timeout=10).json()["data"]) == 4
        assert requests.get(azure_url + "/containers", headers={"Authorization": "Bearer az-cli"}, timeout=10).status_code == 401
    finally:
        cli("stop", "--state-dir", state)
    with open(os.path.join(state, "emulator.log"), encoding="utf-8") as handle:
        assert "Azure OpenAI mode" in handle.read()
