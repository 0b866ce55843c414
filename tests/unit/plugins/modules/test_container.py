# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The container module end to end with only the HTTP transport scripted: every request the
# module sends is checked against the script, so "the create request was sent once" is asserted
# by the script running out, not by trusting the module.

import json
import time

import pytest
import requests

from ansible_collections.llmops.openai.plugins.modules import container as container_module
from ansible_collections.llmops.openai.tests.unit.plugins.module_utils.scripted_transport import API_KEY, error_reply, reply
from ansible_collections.llmops.openai.tests.unit.plugins.modules.module_runner import run_module


def live(container_id, name='job', created_at=None, **fields):
    result = {
        'id': container_id,
        'object': 'container',
        'name': name,
        'created_at': int(time.time()) - 600 if created_at is None else created_at,
        'status': 'running',
        'expires_after': {'anchor': 'last_active_at', 'minutes': 20},
        'last_active_at': int(time.time()) - 60,
        'memory_limit': '1g',
    }
    result.update(fields)
    return result


def page(*containers):
    data = list(containers)
    return reply(body={'object': 'list', 'data': data, 'first_id': data[0]['id'] if data else None,
                       'last_id': data[-1]['id'] if data else None, 'has_more': False})


def deleted(container_id):
    return reply(body={'id': container_id, 'object': 'container.deleted', 'deleted': True})


def not_found(container_id):
    return error_reply(404, "No container found with id '%s'." % container_id, code='not_found')


@pytest.fixture(name='run')
def run_fixture(mocker):
    def run(args, script, check_mode=False, diff=False):
        return run_module(mocker, container_module.main, args, script, check_mode=check_mode, diff=diff)
    return run


# -- state=present ------------------------------------------------------------------------------

def test_creates_when_no_live_container_has_the_name(run):
    created = live('cntr_new', name='job', memory_limit='4g')
    outcome = run(dict(name='job', memory_limit='4g', expires_after=45, file_ids=['file_1']),
                  [page(live('cntr_old', name='job', status='expired')), reply(body=created)])
    assert not outcome.failed
    assert outcome.result['changed'] is True
    assert outcome.result['container'] == created
    assert outcome.methods() == [('GET', '/v1/containers'), ('POST', '/v1/containers')]
    assert 'name=job' in outcome.requests[0].url
    assert outcome.posts() == [{'name': 'job', 'memory_limit': '4g', 'file_ids': ['file_1'],
                                'expires_after': {'anchor': 'last_active_at', 'minutes': 45}}]
    assert 'diff' not in outcome.result


def test_an_existing_live_container_is_returned_unchanged(run):
    existing = live('cntr_1')
    outcome = run(dict(name='job'), [page(existing)])
    assert outcome.result['changed'] is False
    assert outcome.result['container'] == existing
    assert outcome.posts() == []
    assert outcome.warnings == []


def test_the_api_name_filter_is_not_trusted_blindly(run):
    # Another name in the answer (the filter's semantics are undocumented) is not a match.
    created = live('cntr_new')
    outcome = run(dict(name='job'), [page(live('cntr_other', name='job-2')), reply(body=created)])
    assert outcome.result['changed'] is True
    assert len(outcome.posts()) == 1


def test_several_live_containers_newest_is_returned_and_the_others_are_named(run):
    older, newest = live('cntr_older', created_at=1000), live('cntr_newest', created_at=2000)
    outcome = run(dict(name='job'), [page(newest, older)])
    assert outcome.result['changed'] is False
    assert outcome.result['container']['id'] == 'cntr_newest'
    assert len(outcome.warnings) == 1 and 'cntr_older' in outcome.warnings[0]


def test_a_different_tier_or_expiry_is_kept_with_a_warning(run):
    outcome = run(dict(name='job', memory_limit='16g', expires_after=60), [page(live('cntr_1'))])
    assert outcome.result['changed'] is False
    assert any('memory_limit 1g, not 16g' in warning for warning in outcome.warnings)
    assert any('20 minutes, not 60' in warning for warning in outcome.warnings)


def without(container, *fields):
    return dict((key, value) for key, value in container.items() if key not in fields)


def test_a_create_whose_answer_does_not_say_the_tier_warns(run):
    # Behind the LiteLLM proxy: memory_limit never reaches the API and the answer does not have it.
    created = without(live('cntr_new', memory_limit='1g'), 'memory_limit')
    outcome = run(dict(name='job', memory_limit='4g'), [page(), reply(body=created)])
    assert outcome.result['changed'] is True
    assert outcome.warnings == ['the API does not say the memory_limit of container cntr_new (asked: 4g); it may have '
                                'the default 1g: a gateway in front of the API may drop the field (see the providers guide)']


def test_a_create_with_another_tier_or_expiry_than_asked_warns(run):
    created = live('cntr_new', memory_limit='1g', expires_after={'anchor': 'last_active_at', 'minutes': 20})
    outcome = run(dict(name='job', memory_limit='4g', expires_after=45), [page(), reply(body=created)])
    assert outcome.result['changed'] is True
    assert outcome.warnings == ['container cntr_new has memory_limit 1g, not 4g; the API created it so',
                                'container cntr_new expires after 20 minutes, not 45; the API created it so']


def test_an_existing_container_that_does_not_say_its_tier_or_expiry_warns(run):
    outcome = run(dict(name='job', memory_limit='16g', expires_after=60),
                  [page(without(live('cntr_1'), 'memory_limit', 'expires_after'))])
    assert outcome.result['changed'] is False
    assert len(outcome.warnings) == 2
    assert 'does not say the memory_limit of container cntr_1 (asked: 16g)' in outcome.warnings[0]
    assert 'does not say after how many minutes container cntr_1 expires (asked: 60)' in outcome.warnings[1]


def test_a_create_without_tier_or_expiry_asked_does_not_warn(run):
    outcome = run(dict(name='job'), [page(), reply(body=without(live('cntr_new'), 'memory_limit'))])
    assert outcome.result['changed'] is True and outcome.warnings == []


def test_the_tier_warning_of_a_create_shows_a_server_id_escaped(run):
    created = without(live('cntr_new\x1b[2J', memory_limit='1g'), 'memory_limit')
    outcome = run(dict(name='job', memory_limit='4g'), [page(), reply(body=created)])
    assert len(outcome.warnings) == 1 and 'cntr_new\\x1b[2J' in outcome.warnings[0]
    assert '\x1b' not in outcome.warnings[0]


def test_check_mode_reports_the_create_without_sending_it(run):
    outcome = run(dict(name='job', memory_limit='4g'), [page()], check_mode=True, diff=True)
    assert outcome.result['changed'] is True
    assert 'container' not in outcome.result
    assert outcome.result['diff'] == {'before': {}, 'after': {'name': 'job', 'memory_limit': '4g'}}
    assert outcome.posts() == []


def test_diff_mode_shows_the_created_container(run):
    created = live('cntr_new')
    outcome = run(dict(name='job'), [page(), reply(body=created)], diff=True)
    assert outcome.result['diff'] == {'before': {}, 'after': created}


def test_diff_mode_when_nothing_changes(run):
    existing = live('cntr_1')
    outcome = run(dict(name='job'), [page(existing)], diff=True)
    assert outcome.result['diff'] == {'before': existing, 'after': existing}


# -- the create request is never retried blindly ------------------------------------------------

def test_lost_answer_the_created_container_is_found_and_not_created_again(run):
    created = live('cntr_created', created_at=int(time.time()))
    outcome = run(dict(name='job'), [page(), requests.exceptions.ReadTimeout('read timed out'), page(created)])
    assert not outcome.failed
    assert outcome.result['changed'] is True
    assert outcome.result['container'] == created
    assert outcome.methods() == [('GET', '/v1/containers'), ('POST', '/v1/containers'), ('GET', '/v1/containers')]
    assert any('without a clear answer' in warning for warning in outcome.warnings)


def test_dropped_before_creating_the_create_is_sent_once_more(run):
    created = live('cntr_created', created_at=int(time.time()))
    outcome = run(dict(name='job'), [page(), requests.exceptions.ConnectionError('connection reset'), page(),
                                     reply(body=created)])
    assert outcome.result['changed'] is True
    assert outcome.result['container'] == created
    assert len(outcome.posts()) == 2


@pytest.mark.parametrize('status', [500, 502, 503, 599])
def test_server_error_counts_as_ambiguous(run, status):
    created = live('cntr_created', created_at=int(time.time()))
    outcome = run(dict(name='job'), [page(), error_reply(status, 'Server error.', error_type='server_error'), page(),
                                     reply(body=created)])
    assert outcome.result['container'] == created
    assert len(outcome.posts()) == 2


def test_a_container_that_was_there_before_or_is_too_old_is_not_taken_for_ours(run):
    expired_before = live('cntr_expired', status='expired')
    # Listed live only after the failure (eventual consistency) and created an hour ago: not ours.
    old = live('cntr_old', created_at=int(time.time()) - 3600)
    # Same id as the expired one listed before, now shown running: not ours either.
    again = live('cntr_expired', created_at=int(time.time()))
    created = live('cntr_created', created_at=int(time.time()))
    outcome = run(dict(name='job'), [page(expired_before), requests.exceptions.ConnectionError('reset'),
                                     page(old, again), reply(body=created)])
    assert outcome.result['container'] == created
    assert len(outcome.posts()) == 2


def test_the_second_create_failing_fails_the_module(run):
    outcome = run(dict(name='job'), [page(), requests.exceptions.ConnectionError('reset'), page(),
                                     requests.exceptions.ConnectionError('reset again')])
    assert outcome.failed
    assert 'cannot reach' in outcome.result['msg']
    assert len(outcome.posts()) == 2


@pytest.mark.parametrize('status', [400, 401, 429, 499])
def test_a_clear_refusal_fails_at_once(run, status):
    outcome = run(dict(name='job'), [page(), error_reply(status, 'refused', code='x')])
    assert outcome.failed
    assert outcome.result['error']['status'] == status
    assert outcome.methods() == [('GET', '/v1/containers'), ('POST', '/v1/containers')]
    assert API_KEY not in json.dumps(outcome.result)


# -- state=absent -------------------------------------------------------------------------------

def test_absent_by_id_deletes_it(run):
    existing = live('cntr_1')
    outcome = run(dict(id='cntr_1', state='absent'), [reply(body=existing), deleted('cntr_1')], diff=True)
    assert outcome.result['changed'] is True
    assert outcome.result['container'] == existing
    assert outcome.result['diff'] == {'before': existing, 'after': {}}
    assert outcome.methods() == [('GET', '/v1/containers/cntr_1'), ('DELETE', '/v1/containers/cntr_1')]


def test_absent_an_unknown_id_is_already_absent(run):
    outcome = run(dict(id='cntr_gone', state='absent'), [not_found('cntr_gone')])
    assert outcome.result == {'changed': False}


def test_absent_gone_between_retrieve_and_delete_is_not_a_change(run):
    outcome = run(dict(id='cntr_1', state='absent'), [reply(body=live('cntr_1')), not_found('cntr_1')])
    assert outcome.result['changed'] is False


def test_absent_in_check_mode_deletes_nothing(run):
    existing = live('cntr_1')
    outcome = run(dict(id='cntr_1', state='absent'), [reply(body=existing)], check_mode=True)
    assert outcome.result['changed'] is True
    assert outcome.result['container'] == existing
    assert [method for method, path in outcome.methods()] == ['GET']


def test_absent_by_name_deletes_the_one_live_container(run):
    outcome = run(dict(name='job', state='absent'),
                  [page(live('cntr_1'), live('cntr_2', status='expired')), deleted('cntr_1')])
    assert outcome.result['changed'] is True
    assert outcome.methods()[-1] == ('DELETE', '/v1/containers/cntr_1')


def test_absent_by_name_with_several_live_deletes_nothing(run):
    outcome = run(dict(name='job', state='absent'), [page(live('cntr_1'), live('cntr_2'))])
    assert outcome.failed
    assert 'cntr_1' in outcome.result['msg'] and 'cntr_2' in outcome.result['msg']
    assert [method for method, path in outcome.methods()] == ['GET']


def test_absent_by_name_when_none_is_live(run):
    outcome = run(dict(name='job', state='absent'), [page(live('cntr_1', status='expired'))])
    assert outcome.result['changed'] is False


def test_absent_by_id_never_deletes_an_id_from_the_answer(run):
    # A broken server or proxy answers the retrieve of cntr_1 with another container: nothing is deleted.
    outcome = run(dict(id='cntr_1', state='absent'), [reply(body=live('cntr_other'))])
    assert outcome.failed
    assert "the API answered the request for container cntr_1 with container 'cntr_other'" in outcome.result['msg']
    assert [method for method, path in outcome.methods()] == ['GET']


def test_absent_by_id_deletes_the_given_id_only(run):
    outcome = run(dict(id='cntr_1', state='absent'), [reply(body=live('cntr_1')), deleted('cntr_1')])
    assert outcome.methods() == [('GET', '/v1/containers/cntr_1'), ('DELETE', '/v1/containers/cntr_1')]


def test_absent_a_lost_delete_answer_whose_retry_gets_404_is_changed(run):
    script = [reply(body=live('cntr_1')), requests.exceptions.ConnectionError('dropped after deleting'), not_found('cntr_1')]
    outcome = run(dict(id='cntr_1', state='absent', max_retries=1), script)
    assert not outcome.failed
    assert outcome.result['changed'] is True
    assert [method for method, path in outcome.methods()] == ['GET', 'DELETE', 'DELETE']


def test_absent_by_name_deletes_only_a_listed_id_whose_name_matches(run):
    # The API's name filter is not trusted: a container of another name in the answer is never deleted.
    outcome = run(dict(name='job', state='absent'), [page(live('cntr_evil', name='other'))])
    assert outcome.result['changed'] is False
    assert [method for method, path in outcome.methods()] == ['GET']


def test_absent_by_name_with_a_non_string_id_deletes_nothing(run):
    outcome = run(dict(name='job', state='absent', schema_validation='off'), [page(live(['cntr_1']))])
    assert outcome.failed
    assert 'no string id' in outcome.result['msg']
    assert [method for method, path in outcome.methods()] == ['GET']


def test_absent_by_a_shared_name_counts_and_shows_the_first_ids(run):
    many = [live('cntr_%03d' % n, created_at=1700000000 + n) for n in range(40)]
    outcome = run(dict(name='job', state='absent'), [page(*many)])
    assert outcome.failed
    message = outcome.result['msg']
    assert message.startswith("40 live containers are named 'job' (")
    assert 'and 35 more' in message and 'cntr_000' not in message and len(message) < 300
    assert len(outcome.result['containers']) == 40


# -- options ------------------------------------------------------------------------------------

@pytest.mark.parametrize('args, message', [
    (dict(), 'name'),
    (dict(id='cntr_1'), 'name'),
    (dict(state='absent'), 'id'),
    (dict(name='job', id='cntr_1', state='absent'), 'mutually exclusive'),
    (dict(name='job', expires_after=0), 'expires_after'),
    (dict(name='job', memory_limit='3g'), 'memory_limit'),
    (dict(name=''), 'must not be empty'),
])
def test_bad_options_fail_before_any_request(run, args, message):
    outcome = run(args, [])
    assert outcome.failed
    assert message in outcome.result['msg']
    assert outcome.requests == []
