# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# One redaction for the front ends: error_text (_text.py) makes the message of every error, once, where
# it becomes one (a module's fail_json, the inventory's error or warning, the event source's warning
# and error event). The error here is the listing's own, not the client's: a server whose container id
# is the key, and which sends its first page again whatever the cursor, so the PaginationError quotes
# the key as the cursor it repeats. Each front end runs whole, against the emulator (a real HTTP
# server on 127.0.0.1), with error_text watched: what is shown is what it returned, and holds no key.

import asyncio
import json
import logging
import os

import pytest

from ansible.errors import AnsibleError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader

from ansible_collections.llmops.openai.emulator.openai_emulator import Emulator
from ansible_collections.llmops.openai.emulator.openai_emulator.store import new_container
from ansible_collections.llmops.openai.plugins.module_utils import _module, _text
from ansible_collections.llmops.openai.plugins.modules import container_info
from ansible_collections.llmops.openai.plugins.plugin_utils import _plugin_front
from ansible_collections.llmops.openai.tests.unit.plugins.modules.module_runner import run_module_on_server

KEY = 'sk-one-redaction-7d3f0b5e'
NAME = 'llmops.openai.containers'
REPEATED = 'the API sent the cursor ******** again'
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), *(['..'] * 4)))
EVENT_SOURCE = os.path.join(ROOT, 'extensions', 'eda', 'plugins', 'event_source', 'containers.py')


@pytest.fixture(name='server')
def server_fixture():
    with Emulator(containers=0, seed=3, api_key=KEY, now=1750000000) as emulator:
        emulator.store.put(dict(new_container('echo', 1750000000), id=KEY))
        emulator.add_fault({'path': '/v1/containers', 'times': None, 'action': {'type': 'stuck_cursor'}})
        yield emulator


@pytest.fixture(name='made')
def made_fixture(monkeypatch):
    """The texts error_text returned, in order: it stands for itself in both front ends."""
    texts = []

    def watched(exc, secrets, unexpected=False):
        texts.append(_text.error_text(exc, secrets, unexpected))
        return texts[-1]

    monkeypatch.setattr(_module, 'error_text', watched)
    monkeypatch.setattr(_plugin_front, 'error_text', watched)
    return texts


def test_a_module_fails_with_the_text_of_error_text(mocker, server, made):
    outcome = run_module_on_server(mocker, container_info.main, dict(api_key=KEY, base_url=server.base_url, max_retries=0))
    assert outcome.failed
    assert made == [outcome.result['msg']] and REPEATED in made[0]
    assert KEY not in json.dumps(outcome.result)


def run_inventory(tmp_path, server, **options):
    path = tmp_path / 'echo.openai_containers.yml'
    path.write_text(json.dumps(dict({'plugin': NAME, 'api_key': KEY, 'base_url': server.base_url, 'max_retries': 0}, **options)))
    inventory = InventoryData()
    inventory_loader.get(NAME).parse(inventory, DataLoader(), str(path), cache=False)
    return inventory


def test_the_inventory_fails_with_the_text_of_error_text(tmp_path, server, made):
    with pytest.raises(AnsibleError) as caught:
        run_inventory(tmp_path, server)
    assert made == [str(caught.value)[len(NAME) + 2:]] and REPEATED in made[0]
    assert KEY not in str(caught.value)


def test_the_inventory_warns_with_the_text_of_error_text(tmp_path, server, made, mocker):
    warning = mocker.patch('ansible.utils.display.Display.warning')
    inventory = run_inventory(tmp_path, server, skip_failed_projects=True)
    assert len(inventory.hosts) == 0
    shown = [str(call.args[0]) for call in warning.call_args_list]
    assert made == [made[0]] and REPEATED in made[0]
    assert shown == ['%s: skipping %s' % (NAME, made[0])]


def test_the_event_source_warns_and_emits_the_text_of_error_text(server, made, caplog, monkeypatch):
    namespace = {'__name__': '<run_path>', '__file__': EVENT_SOURCE}
    with open(EVENT_SOURCE) as handle:
        exec(compile(handle.read(), EVENT_SOURCE, 'exec'), namespace)  # pylint: disable=exec-used
    monkeypatch.setenv('OPENAI_API_KEY', KEY)
    monkeypatch.setenv('OPENAI_BASE_URL', server.base_url)

    class Queue:
        def __init__(self):
            self.events = []

        async def put(self, event):
            self.events.append(event)

    async def first_event(queue):
        task = asyncio.ensure_future(namespace['main'](queue, {'error_after_failures': 1, 'max_retries': 0}))
        for dummy in range(200):
            await asyncio.sleep(0.05)
            if queue.events:
                break
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    queue = Queue()
    with caplog.at_level(logging.WARNING, logger=NAME):
        asyncio.run(first_event(queue))
    (event,) = queue.events
    assert made == [event['error']['message']] and REPEATED in made[0]
    assert '%s: project default: poll failed: %s' % (NAME, made[0]) in caplog.messages
    assert KEY not in json.dumps(event) and KEY not in caplog.text
