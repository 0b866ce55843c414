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


# A key as long as OpenAI's project keys (164 characters): longer than what an error field (code: 100
# characters) or a quoted page (120) keeps, so the cut goes through its echo (issue 19, finding 5).
LONG_KEY = 'sk-proj-' + ''.join('%x' % (index * 7 % 16) for index in range(156))


@pytest.fixture(name='long_key_emulator', scope='module')
def long_key_emulator_fixture():
    with Emulator(containers=5, seed=11, now=1750000000, api_key=LONG_KEY) as emulator:
        yield emulator


@pytest.mark.parametrize('status', [200, 400])
def test_no_part_of_a_long_key_echoed_by_the_server_is_shown(mocker, long_key_emulator, status):
    long_key_emulator.clear_faults()
    long_key_emulator.add_fault({'method': 'GET', 'path': '/v1/containers', 'action': {'type': 'echo_key', 'status': status}})
    try:
        outcome = run_module_on_server(mocker, container_info.main, dict(api_key=LONG_KEY, base_url=long_key_emulator.base_url, max_retries=0))
    finally:
        long_key_emulator.clear_faults()
    assert outcome.failed
    assert ('HTTP 400' if status == 400 else 'no "data" list') in outcome.result['msg']
    text = json.dumps(outcome.result)
    assert LONG_KEY[:12] not in text and LONG_KEY[8:20] not in text
