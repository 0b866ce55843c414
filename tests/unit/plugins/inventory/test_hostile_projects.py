# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The inventory plugin against real loopback emulators, where one project's server is hostile:
# it trickles its answer, or the connection settings are insecure.

import json
import time

import pytest

from ansible.errors import AnsibleError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader

from ansible_collections.llmops.openai.emulator.openai_emulator import Emulator
from ansible_collections.llmops.openai.emulator.openai_emulator.store import new_container
from ansible_collections.llmops.openai.plugins.module_utils._containers import ListingOptions
from ansible_collections.llmops.openai.plugins.module_utils._schema import SchemaValidator
from ansible_collections.llmops.openai.plugins.plugin_utils._plugin_front import encode_answer
from ansible_collections.llmops.openai.plugins.plugin_utils._projects import fetch_projects, project_specs

KEY = 'sk-emulator'


def run_plugin(tmp_path, config):
    path = tmp_path / 'hostile.openai_containers.yml'
    path.write_text(json.dumps(dict({'plugin': 'llmops.openai.containers', 'api_key': KEY, 'max_retries': 0}, **config)))
    inventory = InventoryData()
    plugin = inventory_loader.get('llmops.openai.containers')
    plugin.parse(inventory, DataLoader(), str(path), cache=False)
    return inventory


@pytest.fixture
def two_servers():
    with Emulator(containers=4, seed=1) as good, Emulator(containers=3, seed=2) as slow:
        slow.add_fault({'path': '/v1/containers', 'times': None, 'action': {'type': 'trickle', 'interval_ms': 300}})
        yield good, slow


def projects(good, slow):
    return [{'name': 'good', 'base_url': good.base_url}, {'name': 'slow', 'base_url': slow.base_url}]


def test_a_trickling_project_is_skipped_in_about_its_own_timeout(tmp_path, two_servers, mocker):
    good, slow = two_servers
    warning = mocker.patch('ansible.utils.display.Display.warning')
    started = time.monotonic()
    inventory = run_plugin(tmp_path, {'timeout': 2, 'skip_failed_projects': True, 'projects': projects(good, slow)})
    elapsed = time.monotonic() - started
    # The trickled page alone would take 76 * 0.3 s = 23 s: the project's 2 s timeout ends it.
    assert elapsed < 10
    assert len(inventory.hosts) == 4
    messages = ' '.join(str(call.args[0]) for call in warning.call_args_list)
    assert "skipping project 'slow'" in messages and 'no complete answer within the 2.0 s timeout' in messages


def test_a_trickling_project_fails_the_inventory_without_skip(tmp_path, two_servers):
    good, slow = two_servers
    started = time.monotonic()
    with pytest.raises(AnsibleError) as caught:
        run_plugin(tmp_path, {'timeout': 2, 'projects': projects(good, slow)})
    assert time.monotonic() - started < 10
    assert "project 'slow'" in str(caught.value) and 'timeout' in str(caught.value)


def test_validate_certs_false_is_one_ansible_warning(tmp_path, mocker):
    warning = mocker.patch('ansible.utils.display.Display.warning')
    with Emulator(containers=2, tls=True) as emu:
        inventory = run_plugin(tmp_path, {'validate_certs': False, 'projects': [
            {'name': 'one', 'base_url': emu.base_url}, {'name': 'two', 'base_url': emu.base_url}]})
    assert len(inventory.hosts) == 4  # the same two containers, listed by both projects
    messages = [str(call.args[0]) for call in warning.call_args_list]
    assert len([message for message in messages if 'validate_certs is false' in message]) == 1
    assert messages[0].startswith('llmops.openai.containers: ')


def test_user_information_in_base_url_stays_out_of_inventory_errors(tmp_path):
    with pytest.raises(AnsibleError) as caught:
        run_plugin(tmp_path, {'base_url': 'http://proxyuser:inv-s3cr3t@127.0.0.1:9/v1'})
    assert 'inv-s3cr3t' not in str(caught.value) and 'proxyuser' not in str(caught.value)
    assert "option 'base_url'" in str(caught.value) and 'http://********@127.0.0.1:9/v1' in str(caught.value)


def test_a_listing_warning_quoting_an_echoed_key_shows_it_nowhere(tmp_path, mocker):
    # The server's container id is the key and its status is no string: with schema_validation warn
    # the listing warns, quoting the id. The warnings are part of the answer the inventory caches and
    # shows (the event source too): redacted with the containers.
    warning = mocker.patch('ansible.utils.display.Display.warning')
    with Emulator(containers=0, now=1750000000) as emu:
        emu.store.put(dict(new_container('echo', 1750000000), id=KEY, status=123))
        answer, failures = fetch_projects(project_specs({'api_key': KEY, 'base_url': emu.base_url, 'max_retries': 0}, []),
                                          ListingOptions(), SchemaValidator('warn'))
        run_plugin(tmp_path, {'base_url': emu.base_url, 'schema_validation': 'warn'})
    assert failures == [] and answer['projects']['default']['warnings'] == [
        "container ******** (data[0]) at $.status: 123 is not of type 'string'"]
    assert KEY not in encode_answer(answer)
    messages = [str(call.args[0]) for call in warning.call_args_list]
    assert "project default: container ******** (data[0]) at $.status: 123 is not of type 'string'" in ' '.join(messages)
    assert KEY not in ' '.join(messages)
