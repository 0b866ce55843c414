# Shared fixtures for the emulator tests: a read-only emulator per session and fresh ones on demand.

import pytest
import requests

from ansible_collections.llmops.openai.emulator.openai_emulator import Emulator

NOW = 1750000000
API_KEY = "sk-emulator"


def _list_all(session, base_url, **params):
    """Page through GET /containers the way the SDK does: after = id of the last item."""
    params = dict(params, limit=params.get("limit", 100))
    items = []
    while True:
        page = session.get(base_url + "/containers", params=params).json()
        items.extend(page["data"])
        if not page["has_more"] or not page["data"]:
            return items
        params["after"] = page["data"][-1]["id"]


@pytest.fixture(name="list_all")
def list_all_fixture():
    """The paging helper above, as a fixture so test modules need not import this file."""
    return _list_all


@pytest.fixture(scope="session")
def shared_emu():
    """1234 containers; tests using it must not change it."""
    with Emulator(containers=1234, seed=7, now=NOW) as emulator:
        yield emulator


@pytest.fixture
def emu():
    """A fresh emulator with 50 containers, for tests that change data, faults or stats."""
    with Emulator(containers=50, seed=3, now=NOW) as emulator:
        yield emulator


@pytest.fixture
def api():
    with requests.Session() as session:
        session.headers["Authorization"] = "Bearer " + API_KEY
        yield session
