# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# container_info and container_facts with only the transport scripted: options are refused before
# any request, missing libraries give Ansible's standard message, API errors become fail_json.

import json

import pytest

from ansible_collections.llmops.openai.plugins.module_utils import _module
from ansible_collections.llmops.openai.plugins.modules import container_facts, container_info
from ansible_collections.llmops.openai.tests.unit.plugins.module_utils.scripted_transport import API_KEY, error_reply, reply
from ansible_collections.llmops.openai.tests.unit.plugins.modules.module_runner import run_module

CONTAINER = {'id': 'cntr_1', 'object': 'container', 'name': 'job', 'created_at': 1700000000, 'status': 'running'}
PAGE = reply(body={'object': 'list', 'data': [CONTAINER], 'first_id': 'cntr_1', 'last_id': 'cntr_1', 'has_more': False})


def test_lists_and_never_changes(mocker):
    outcome = run_module(mocker, container_info.main, {}, [PAGE])
    assert not outcome.failed
    assert outcome.result['changed'] is False
    assert outcome.result['containers'] == [CONTAINER]


def test_duplicates_dropped_is_reported(mocker):
    other = dict(CONTAINER, id='cntr_2')
    first = reply(body={'object': 'list', 'data': [CONTAINER, other], 'first_id': 'cntr_1', 'last_id': 'cntr_2', 'has_more': True})
    second = reply(body={'object': 'list', 'data': [other, CONTAINER], 'first_id': 'cntr_2', 'last_id': 'cntr_1', 'has_more': False})
    for main in (container_info.main, container_facts.main):
        outcome = run_module(mocker, main, {'page_size': 2, 'walk_both_ends': False}, [first, second])
        assert outcome.result['duplicates_dropped'] == 2
        assert any('2 containers were listed more than once' in warning for warning in outcome.warnings)
    outcome = run_module(mocker, container_info.main, {}, [PAGE])
    assert outcome.result['duplicates_dropped'] == 0


def test_a_listing_that_never_ends_fails_naming_max_pages(mocker):
    def endless(request):
        n = len(endless.sent)
        endless.sent.append(n)
        item = dict(CONTAINER, id='cntr_fresh_%d' % n)
        return reply(body={'object': 'list', 'data': [item], 'first_id': item['id'], 'last_id': item['id'], 'has_more': True})
    endless.sent = []
    outcome = run_module(mocker, container_info.main, {'max_pages': 5, 'walk_both_ends': False}, [endless] * 5)
    assert outcome.failed
    assert 'max_pages=5' in outcome.result['msg'] and len(endless.sent) == 5
    assert 'containers' not in outcome.result


def test_facts_module_sets_openai_containers(mocker):
    outcome = run_module(mocker, container_facts.main, {}, [PAGE])
    assert outcome.result['ansible_facts'] == {'openai_containers': [CONTAINER]}


def test_id_reports_existence(mocker):
    outcome = run_module(mocker, container_info.main, {'id': 'cntr_1'}, [reply(body=CONTAINER)])
    assert outcome.result['exists'] is True and outcome.result['containers'] == [CONTAINER]
    outcome = run_module(mocker, container_info.main, {'id': 'cntr_2'}, [error_reply(404, 'No container found')])
    assert outcome.result['exists'] is False and outcome.result['containers'] == []


@pytest.mark.parametrize('args, option', [
    ({'page_size': 0}, 'page_size'),
    ({'max_results': 0}, 'max_results'),
    ({'timeout': -1}, 'timeout'),
    ({'max_retries': 99}, 'max_retries'),
    ({'base_url': 'api.openai.com'}, 'base_url'),
    ({'order': 'newest'}, 'order'),
    ({'max_pages': 0}, 'max_pages'),
    ({'listing_timeout': 0}, 'listing_timeout'),
    ({'schema_validation': 'lenient'}, 'schema_validation'),
])
def test_a_wrong_option_fails_before_any_request(mocker, args, option):
    outcome = run_module(mocker, container_info.main, args, [])
    assert outcome.failed and option in outcome.result['msg']
    assert outcome.requests == []


def test_a_missing_key_is_named(mocker):
    mocker.patch.dict('os.environ', {'OPENAI_API_KEY': ''})
    outcome = run_module(mocker, container_info.main, {'base_url': 'https://api.test/v1'}, [], connection=False)
    assert outcome.failed and "option 'api_key'" in outcome.result['msg']


def test_the_environment_supplies_the_connection(mocker):
    mocker.patch.dict('os.environ', {'OPENAI_API_KEY': API_KEY, 'OPENAI_BASE_URL': 'https://env.test/v1',
                                     'OPENAI_ORG_ID': 'org-env', 'OPENAI_PROJECT_ID': 'proj_env'})
    outcome = run_module(mocker, container_info.main, {}, [PAGE], connection=False)
    request = outcome.requests[0]
    assert request.url.startswith('https://env.test/v1/containers?')
    assert request.headers['Authorization'] == 'Bearer ' + API_KEY
    assert (request.headers['OpenAI-Organization'], request.headers['OpenAI-Project']) == ('org-env', 'proj_env')


def test_an_empty_organization_or_project_overrides_the_environment(mocker):
    # The variables are read only for an option not set (None): '' sends no header, as the env fallback did.
    mocker.patch.dict('os.environ', {'OPENAI_ORG_ID': 'org-env', 'OPENAI_PROJECT_ID': 'proj_env', 'OPENAI_AUTH_HEADER': 'api-key',
                                     'AZURE_OPENAI_API_KEY': API_KEY, 'AZURE_OPENAI_ENDPOINT': 'https://res.test/'})
    outcome = run_module(mocker, container_info.main, {'organization': '', 'project': ''}, [PAGE], connection=False)
    request = outcome.requests[0]
    assert request.url.startswith('https://res.test/openai/v1/containers?')
    assert request.headers['api-key'] == API_KEY and 'Authorization' not in request.headers
    assert 'OpenAI-Organization' not in request.headers and 'OpenAI-Project' not in request.headers


def test_an_api_error_fails_with_status_message_and_request_id_but_not_the_key(mocker):
    outcome = run_module(mocker, container_info.main, {}, [error_reply(401, 'Incorrect API key provided: %s' % API_KEY,
                                                                       code='invalid_api_key', request_id='req_42')])
    assert outcome.failed
    assert 'HTTP 401' in outcome.result['msg'] and 'req_42' in outcome.result['msg']
    assert outcome.result['error']['request_id'] == 'req_42'
    assert API_KEY not in json.dumps(outcome.result)


def test_missing_requests_gives_the_standard_message(mocker):
    mocker.patch.object(_module, 'HAS_REQUESTS', False)
    outcome = run_module(mocker, container_info.main, {}, [])
    assert outcome.failed and 'Failed to import the required Python library (requests)' in outcome.result['msg']


def test_missing_jsonschema_gives_the_standard_message_unless_validation_is_off(mocker):
    mocker.patch.object(_module, 'HAS_JSONSCHEMA', False)
    outcome = run_module(mocker, container_info.main, {}, [])
    assert outcome.failed and 'Failed to import the required Python library (jsonschema)' in outcome.result['msg']
    outcome = run_module(mocker, container_info.main, {'schema_validation': 'off'}, [PAGE])
    assert not outcome.failed
