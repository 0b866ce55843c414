# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""An id the server chose reaches a module's warnings and failure messages escaped exactly once:
``cntr_x\\x1b[2J``, never the escape sequence itself and never ``cntr_x\\\\x1b[2J``."""

import time

import requests

from ansible.module_utils import basic

from ansible_collections.llmops.openai.plugins.module_utils._module import OpenAIModule
from ansible_collections.llmops.openai.plugins.modules import container as container_module
from ansible_collections.llmops.openai.plugins.modules import container_prune as prune_module
from ansible_collections.llmops.openai.tests.unit.plugins.module_utils.scripted_transport import API_KEY, reply
from ansible_collections.llmops.openai.tests.unit.plugins.modules.module_runner import run_module
from ansible_collections.llmops.openai.tests.unit.plugins.modules.test_container import live, page
from ansible_collections.llmops.openai.tests.unit.plugins.modules.test_container_prune import NOW, Api, stale

HOSTILE_ID = 'cntr_x\x1b[2J'
ESCAPED_ID = 'cntr_x\\x1b[2J'


def assert_once_escaped(text):
    assert ESCAPED_ID in text, text
    assert text.isprintable() and 'cntr_x\\\\x1b' not in text, text


def test_every_warning_of_a_module_is_escaped_once(mocker):
    shown = []
    mocker.patch.object(basic.AnsibleModule, 'warn', lambda self, message: shown.append(message))
    module = OpenAIModule.__new__(OpenAIModule)
    module.warn_all(['raw %s' % HOSTILE_ID, 'already %s' % ESCAPED_ID])
    assert shown == ['raw %s' % ESCAPED_ID, 'already %s' % ESCAPED_ID]


def test_the_others_of_a_shared_name_are_escaped(mocker):
    older, newest = live(HOSTILE_ID + '_old', created_at=1000), live(HOSTILE_ID, created_at=2000)
    outcome = run_module(mocker, container_module.main, dict(name='job'), [page(newest, older)])
    assert outcome.result['container']['id'] == HOSTILE_ID
    assert len(outcome.warnings) == 1
    assert_once_escaped(outcome.warnings[0])
    assert ESCAPED_ID + '_old' in outcome.warnings[0]


def test_a_container_created_although_the_answer_was_lost_is_named_escaped(mocker):
    created = live(HOSTILE_ID, created_at=int(time.time()))
    outcome = run_module(mocker, container_module.main, dict(name='job'),
                         [page(), requests.exceptions.ReadTimeout('read timed out'), page(created)])
    assert outcome.result['changed'] is True
    found = [warning for warning in outcome.warnings if 'was created although' in warning]
    assert len(found) == 1
    assert_once_escaped(found[0])


def test_the_tier_warnings_are_escaped_once(mocker):
    outcome = run_module(mocker, container_module.main, dict(name='job', memory_limit='16g', expires_after=60),
                         [page(live(HOSTILE_ID))])
    assert len(outcome.warnings) == 2
    for warning in outcome.warnings:
        assert_once_escaped(warning)


def test_refusing_to_choose_names_the_ids_escaped(mocker):
    outcome = run_module(mocker, container_module.main, dict(name='job', state='absent'),
                         [page(live(HOSTILE_ID, created_at=2000), live('cntr_2', created_at=1000))])
    assert outcome.failed and 'refusing to choose' in outcome.result['msg']
    assert_once_escaped(outcome.result['msg'])


def test_an_answer_about_another_container_is_quoted_without_the_key(mocker):
    # The id crosses the 80-character cut in the middle of an echoed key: not even its start is shown.
    echoed = 'cntr_' + 'a' * 60 + API_KEY
    outcome = run_module(mocker, container_module.main, dict(id='cntr_1', state='absent'), [reply(body=live(echoed))])
    assert outcome.failed and 'refusing to delete anything' in outcome.result['msg']
    assert API_KEY[:6] not in outcome.result['msg']
    assert '********' in outcome.result['msg']


def test_a_failed_deletion_of_a_stale_container_names_it_escaped(mocker):
    # An id with a control character is never sent (it is not a safe path segment): its deletion
    # fails on its own, before any request, and the message names it escaped.
    api = Api({}, listing=page(stale(HOSTILE_ID)))
    outcome = run_module(mocker, prune_module.main, {'stale': True, 'now': NOW}, [api])
    assert outcome.failed and outcome.result['failed_deletions'][0]['id'] == HOSTILE_ID
    assert_once_escaped(outcome.result['msg'])
