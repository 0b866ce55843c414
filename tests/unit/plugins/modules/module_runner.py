# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Runs a module's main() with only the HTTP transport scripted: every request the module sends is
# checked against the script, so "one request was sent" is asserted by the script running out.

import contextlib
import json

import pytest
import requests

from ansible.module_utils import basic

from ansible_collections.llmops.openai.plugins.module_utils._api import client as api_client
from ansible_collections.llmops.openai.tests.unit.plugins.module_utils.scripted_transport import API_KEY, BASE_URL, ScriptedAdapter

try:
    from ansible.module_utils.testing import patch_module_args  # ansible-core 2.19+
except ImportError:  # ansible-core 2.17: the arguments are the serialized _ANSIBLE_ARGS
    from unittest import mock

    @contextlib.contextmanager
    def patch_module_args(args=None):
        serialized = json.dumps({'ANSIBLE_MODULE_ARGS': args or {}}).encode('utf-8')
        with mock.patch.object(basic, '_ANSIBLE_ARGS', serialized):
            yield


class ModuleExit(Exception):
    def __init__(self, failed, result):
        super(ModuleExit, self).__init__(result)
        self.failed = failed
        self.result = result


class Run:
    """The outcome of one module run: result, whether it failed, the requests sent, the warnings."""

    def __init__(self, outcome, adapter, warnings):
        self.failed = outcome.failed
        self.result = outcome.result
        self.requests = adapter.requests
        self.unused = adapter.script
        self.warnings = warnings

    def methods(self):
        return [(request.method, request.path_url.split('?')[0]) for request in self.requests]

    def posts(self):
        return [json.loads(request.body) for request in self.requests if request.method == 'POST']


def run_module(mocker, main, args, script, check_mode=False, diff=False, connection=True):
    """Run ``main()`` with ``args`` (plus the test key and base URL unless ``connection`` is false)."""
    adapter = ScriptedAdapter(script)
    session = requests.Session()
    session.mount('https://', adapter)
    mocker.patch.object(api_client, 'new_session', return_value=session)
    if connection:
        args = dict(dict(api_key=API_KEY, base_url=BASE_URL, max_retries=0), **args)
    outcome, warnings = _run_main(mocker, main, args, check_mode, diff)
    outcome = Run(outcome, adapter, warnings)
    assert not outcome.unused, 'scripted answers left unused: the module sent fewer requests than expected'
    return outcome


def run_module_on_server(mocker, main, args, check_mode=False):
    """Run ``main()`` against a real server (the emulator): nothing but the exits is replaced.

    ``fail_json`` is replaced too, so Ansible's no_log masking does not run: what the result holds
    is what the module's own redaction left in it.
    """
    outcome, warnings = _run_main(mocker, main, args, check_mode, False)
    return Run(outcome, ScriptedAdapter([]), warnings)


def _run_main(mocker, main, args, check_mode, diff):
    warnings = []
    mocker.patch.object(basic.AnsibleModule, 'warn', lambda self, message: warnings.append(message))

    def exit_json(self, **result):
        raise ModuleExit(False, result)

    def fail_json(self, **result):
        raise ModuleExit(True, result)

    mocker.patch.object(basic.AnsibleModule, 'exit_json', exit_json)
    mocker.patch.object(basic.AnsibleModule, 'fail_json', fail_json)
    module_args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
    with patch_module_args(module_args):
        with pytest.raises(ModuleExit) as caught:
            main()
    return caught.value, warnings
