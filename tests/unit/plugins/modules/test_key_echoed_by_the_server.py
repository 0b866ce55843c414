# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# A server that echoes the whole API key (the emulator's echo_key fault) must not get it shown:
# the modules' failures are checked with Ansible's no_log masking out of the way, so these tests
# fail when the collection's own redaction (OpenAIModule.fail_from) is missing.

import json

import pytest

from ansible_collections.llmops.openai.plugins.modules import container, container_info
from ansible_collections.llmops.openai.emulator.openai_emulator import Emulator
from ansible_collections.llmops.openai.tests.unit.plugins.modules.module_runner import run_module_on_server

KEY = 'sk-emulator'


@pytest.fixture(name='emulator', scope='module')
def emulator_fixture():
    with Emulator(containers=5, seed=11, now=1750000000, api_key=KEY) as emulator:
        yield emulator


@pytest.fixture(name='echoing')
def echoing_fixture(emulator):
    def echoing(status, path='/v1/containers', method='GET'):
        emulator.clear_faults()
        emulator.add_fault({'method': method, 'path': path, 'action': {'type': 'echo_key', 'status': status}})
        return dict(api_key=KEY, base_url=emulator.base_url, max_retries=0)
    yield echoing
    emulator.clear_faults()


@pytest.mark.parametrize('status', [400, 502])
def test_a_listing_error_that_echoes_the_key(mocker, echoing, status):
    outcome = run_module_on_server(mocker, container_info.main, echoing(status))
    assert outcome.failed
    assert 'HTTP %d' % status in outcome.result['msg']
    assert KEY not in json.dumps(outcome.result)


def test_a_page_that_echoes_the_key_in_its_data(mocker, echoing):
    # Not a page, so the client refuses it and quotes it: only the module's redaction hides the key.
    outcome = run_module_on_server(mocker, container_info.main, echoing(200))
    assert outcome.failed
    assert 'no "data" list' in outcome.result['msg'] and "'echo'" in outcome.result['msg']
    assert KEY not in json.dumps(outcome.result)


def test_a_create_error_that_echoes_the_key(mocker, echoing):
    outcome = run_module_on_server(mocker, container.main, dict(echoing(400, method='POST'), name='job'))
    assert outcome.failed
    assert outcome.result['error']['status'] == 400
    assert KEY not in json.dumps(outcome.result)
