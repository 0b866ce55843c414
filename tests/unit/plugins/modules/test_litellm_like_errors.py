# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""container_info against the emulator answering as the LiteLLM proxy does (over real sockets): an error's
request id comes as request-id / llm_provider-x-request-id, and the module's error still names it."""

import pytest

from ansible_collections.llmops.openai.emulator.openai_emulator import Emulator
from ansible_collections.llmops.openai.plugins.modules import container_info
from ansible_collections.llmops.openai.tests.unit.plugins.modules.module_runner import run_module_on_server

KEY = 'sk-emulator'


@pytest.mark.parametrize('error_headers', [['request-id', 'llm_provider-x-request-id'], ['llm_provider-x-request-id']])
def test_an_error_behind_the_proxy_names_the_request_id(mocker, error_headers):
    with Emulator(containers=3, seed=5, now=1750000000, api_key=KEY) as emulator:
        emulator.add_fault([{'times': None, 'action': {'type': 'no_request_id', 'error_headers': error_headers}},
                            {'path': '/v1/containers', 'action': {'type': 'status', 'status': 500, 'message': 'upstream broke'}}])
        outcome = run_module_on_server(mocker, container_info.main, dict(api_key=KEY, base_url=emulator.base_url, max_retries=0))
    assert outcome.failed and outcome.result['error']['status'] == 500
    request_id = outcome.result['error']['request_id']
    assert request_id and request_id.startswith('req_')
    assert '[request id: %s]' % request_id in outcome.result['msg']
