# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import re

import pytest

from ansible_collections.llmops.openai.plugins.module_utils._container_time import classify
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OptionError
from ansible_collections.llmops.openai.plugins.plugin_utils._container_events import (
    ContainerWatcher, SourceOptions, describe, error_details)

NOW = 1760000000
KEY = 'sk-events-test-key-5f2a9c1d'


def container(container_id, status='running', idle_minutes=1, **fields):
    """A container as the API lists it, last active ``idle_minutes`` before NOW."""
    item = {'id': container_id, 'object': 'container', 'name': 'Code Interpreter', 'created_at': NOW - 3600,
            'status': status, 'last_active_at': NOW - idle_minutes * 60,
            'expires_after': {'anchor': 'last_active_at', 'minutes': 20}, 'memory_limit': '1g'}
    item.update(fields)
    return item


def kinds(events):
    return [(event['type'], event.get('container', {}).get('id')) for event in events]


def watcher(**kwargs):
    return ContainerWatcher(['default'], **kwargs)


# -- change detection ------------------------------------------------------------------------------


def test_first_listing_is_a_silent_baseline_by_default():
    source = watcher()
    assert source.listed('default', [container('cntr_a'), container('cntr_b', idle_minutes=90)], NOW) == []
    assert source.tracked('default') == 2
    # The baseline counts: nothing changed, nothing is emitted, the stale one is not "new" stale.
    assert source.listed('default', [container('cntr_a'), container('cntr_b', idle_minutes=91)], NOW + 60) == []


def test_startup_snapshot_emits_one_event_per_container_then_only_changes():
    source = watcher(startup_snapshot=True)
    events = source.listed('default', [container('cntr_a'), container('cntr_b', idle_minutes=90)], NOW)
    assert kinds(events) == [('snapshot', 'cntr_a'), ('snapshot', 'cntr_b')]
    assert events[1]['stale'] is True and events[1]['reasons'] == ['idle', 'past_expiry']
    assert events[0]['stale'] is False and events[0]['reasons'] == []
    assert source.listed('default', [container('cntr_a'), container('cntr_b', idle_minutes=90)], NOW + 5) == []


def test_each_change_between_two_listings_gives_exactly_one_event():
    source = watcher()
    source.listed('default', [container('cntr_gone'), container('cntr_expiring'), container('cntr_ageing'),
                              container('cntr_same')], NOW)
    events = source.listed('default', [
        container('cntr_new', memory_limit='64g'),
        container('cntr_expiring', status='expired'),
        container('cntr_ageing', idle_minutes=45),
        container('cntr_same'),
    ], NOW + 60)
    assert kinds(events) == [('appeared', 'cntr_new'), ('status_changed', 'cntr_expiring'),
                             ('stale', 'cntr_ageing'), ('disappeared', 'cntr_gone')]
    status_changed = events[1]
    assert status_changed['previous_status'] == 'running' and status_changed['container']['status'] == 'expired'
    assert status_changed['state'] == 'expired' and status_changed['stale'] is False
    stale = events[2]
    assert stale['reasons'] == ['idle', 'past_expiry'] and stale['idle_seconds'] == 45 * 60 + 60
    # The same listing again: no event is emitted twice for one change.
    assert source.listed('default', [
        container('cntr_new', memory_limit='64g'), container('cntr_expiring', status='expired'),
        container('cntr_ageing', idle_minutes=46), container('cntr_same')], NOW + 120) == []
    assert source.tracked('default') == 4


def test_event_fields_are_the_container_the_project_and_the_filters_computation():
    source = watcher()
    source.listed('default', [], NOW)
    item = container('cntr_new', idle_minutes=30, future_field={'nested': [1, 2]})
    event, stale = source.listed('default', [item], NOW + 10)
    expected = classify(item, NOW + 10)
    assert event['type'] == 'appeared' and stale['type'] == 'stale'
    assert event['project'] == 'default' and event['polled_at'] == NOW + 10
    assert event['container'] == item and event['container'] is not item
    for field in ('expires_at', 'idle_seconds', 'age_seconds', 'state', 'stale', 'reasons'):
        assert event[field] == expected[field]
    assert event['expires_at'] == NOW - 30 * 60 + 20 * 60
    # Plain data: the event survives a JSON round trip unchanged (the rule engine serializes it).
    assert json.loads(json.dumps(event)) == event


def test_an_appearing_stale_container_gives_appeared_then_stale():
    source = watcher()
    source.listed('default', [], NOW)
    assert kinds(source.listed('default', [container('cntr_old', idle_minutes=600)], NOW)) == [
        ('appeared', 'cntr_old'), ('stale', 'cntr_old')]


def test_stale_again_after_activity_is_a_new_change():
    source = watcher()
    source.listed('default', [container('cntr_a', idle_minutes=30)], NOW)
    assert source.listed('default', [container('cntr_a', idle_minutes=0)], NOW + 60) == []
    assert kinds(source.listed('default', [container('cntr_a', idle_minutes=25)], NOW + 120)) == [('stale', 'cntr_a')]


def test_thresholds_are_those_of_the_filters():
    source = watcher(idle_threshold_minutes=120, max_age_days=1)
    source.listed('default', [container('cntr_a', idle_minutes=5)], NOW)
    events = source.listed('default', [container('cntr_a', idle_minutes=5, created_at=NOW - 2 * 86400)], NOW)
    assert kinds(events) == [('stale', 'cntr_a')] and events[0]['reasons'] == ['too_old']
    assert events[0]['age_seconds'] == 2 * 86400


def test_disappeared_carries_the_last_fields_seen():
    source = watcher()
    source.listed('default', [container('cntr_a', name='last name', memory_limit='16g')], NOW)
    (event,) = source.listed('default', [], NOW + 60)
    assert event['type'] == 'disappeared'
    assert event['container']['name'] == 'last name' and event['container']['memory_limit'] == '16g'
    assert event['idle_seconds'] == 60 + 60
    assert source.tracked('default') == 0


def test_memory_holds_only_live_containers():
    source = watcher()
    source.listed('default', [container('cntr_%d' % index) for index in range(1000)], NOW)
    for step in range(1, 6):
        live = [container('cntr_%d' % index) for index in range(step * 1000, step * 1000 + 10)]
        source.listed('default', live, NOW + step)
        assert source.tracked('default') == 10


def test_malformed_time_fields_mean_unknown_not_a_crash():
    source = watcher()
    source.listed('default', [], NOW)
    (event,) = source.listed('default', [container('cntr_bad', last_active_at='yesterday')], NOW)
    assert event['type'] == 'appeared' and event['state'] == 'unknown'
    assert event['stale'] is False and event['idle_seconds'] is None and event['expires_at'] is None


@pytest.mark.parametrize('bad_id', ["{{ lookup('pipe', 'id') }}", '', None, 42, '../cntr_a', 'cntr a', 'x' * 201, 'cntr_a\n'])
def test_containers_without_a_usable_id_are_left_out_with_a_warning(bad_id):
    warnings = []
    source = ContainerWatcher(['default'], warn=warnings.append)
    source.listed('default', [], NOW)
    assert kinds(source.listed('default', [container(bad_id), container('cntr_ok')], NOW)) == [('appeared', 'cntr_ok')]
    assert len(warnings) == 1 and '1 container without a usable id' in warnings[0]
    assert source.tracked('default') == 1


def test_a_container_listed_twice_is_tracked_once():
    source = watcher()
    source.listed('default', [], NOW)
    assert kinds(source.listed('default', [container('cntr_a'), container('cntr_a')], NOW)) == [('appeared', 'cntr_a')]


# -- failures -----------------------------------------------------------------------------------------


def api_error(message='The server had an error'):
    return ApiError(message, status=500, error_type='server_error', request_id='req_123', method='GET', path='/containers')


def test_failed_polls_emit_no_disappeared_and_one_error_after_the_threshold():
    source = ContainerWatcher(['default'], error_after_failures=2, secrets=[KEY])
    source.listed('default', [container('cntr_a'), container('cntr_b')], NOW)
    error = api_error()
    assert source.failed('default', error, str(error), NOW + 60) == []
    (event,) = source.failed('default', error, str(error), NOW + 120)
    assert event == {'type': 'error', 'project': 'default', 'failures': 2, 'polled_at': NOW + 120, 'error': {
        'message': str(error), 'status': 500, 'type': 'server_error', 'code': None, 'request_id': 'req_123'}}
    assert source.failed('default', error, str(error), NOW + 180) == []
    assert source.failed('default', error, str(error), NOW + 240) == []
    # The memory survived the failures: the next listing compares with the last good one.
    assert source.tracked('default') == 2
    events = source.listed('default', [container('cntr_a')], NOW + 300)
    assert kinds(events) == [('recovered', None), ('disappeared', 'cntr_b')]
    assert events[0] == {'type': 'recovered', 'project': 'default', 'failures': 4, 'polled_at': NOW + 300}
    # A new run of failures counts from zero again.
    assert source.failed('default', error, str(error), NOW + 360) == []
    assert len(source.failed('default', error, str(error), NOW + 420)) == 1


def test_failures_below_the_threshold_are_forgotten_without_a_recovered_event():
    source = ContainerWatcher(['default'], error_after_failures=3)
    source.listed('default', [container('cntr_a')], NOW)
    source.failed('default', api_error(), 'boom', NOW)
    source.failed('default', api_error(), 'boom', NOW)
    assert source.listed('default', [container('cntr_a')], NOW) == []
    assert source.failed('default', api_error(), 'boom', NOW) == []
    assert source.failed('default', api_error(), 'boom', NOW) == []


def test_the_first_successful_listing_after_startup_failures_is_the_baseline():
    source = ContainerWatcher(['default'], error_after_failures=1, startup_snapshot=True)
    assert kinds(source.failed('default', api_error(), 'boom', NOW)) == [('error', None)]
    assert source.tracked('default') is None
    assert kinds(source.listed('default', [container('cntr_a')], NOW)) == [('recovered', None), ('snapshot', 'cntr_a')]


def test_projects_are_tracked_apart():
    source = ContainerWatcher(['alpha', 'bravo'], error_after_failures=1)
    source.listed('alpha', [container('cntr_a')], NOW)
    source.listed('bravo', [container('cntr_b')], NOW)
    assert kinds(source.failed('bravo', api_error(), 'boom', NOW + 60)) == [('error', None)]
    events = source.listed('alpha', [container('cntr_a'), container('cntr_b')], NOW + 60)
    assert kinds(events) == [('appeared', 'cntr_b')] and events[0]['project'] == 'alpha'
    assert source.tracked('bravo') == 1


def test_error_details_of_other_errors():
    assert error_details(OptionError('x', 'y'), 'msg') == {
        'message': 'msg', 'status': None, 'type': None, 'code': None, 'request_id': None}


def test_describe_matches_classify():
    item = container('cntr_a', idle_minutes=30)
    facts = describe(item, NOW, 20, None)
    assert facts == dict((key, classify(item, NOW)[key])
                         for key in ('expires_at', 'idle_seconds', 'age_seconds', 'state', 'stale', 'reasons'))


# -- options ------------------------------------------------------------------------------------------------


def test_options_defaults_and_environment_fallbacks():
    options = SourceOptions({}, {'OPENAI_API_KEY': KEY, 'OPENAI_BASE_URL': 'http://127.0.0.1:9/v1',
                                 'OPENAI_ORG_ID': 'org_1', 'OPENAI_PROJECT_ID': 'proj_1'})
    (spec,) = options.specs
    assert spec.name == 'default' and spec.settings.api_key == KEY
    assert spec.settings.base_url == 'http://127.0.0.1:9/v1'
    assert spec.settings.organization == 'org_1' and spec.settings.project == 'proj_1'
    assert options.interval == 60 and options.idle_threshold_minutes == 20 and options.max_age_days is None
    assert options.startup_snapshot is False and options.error_after_failures == 3
    assert options.schema_validation == 'strict' and options.listing.page_size == 100 and options.listing.name is None
    assert options.secrets == [KEY]


def test_options_win_over_the_environment_and_accept_rendered_strings():
    options = SourceOptions({'api_key': 'sk-option', 'base_url': 'http://127.0.0.1:8/v1', 'interval': '2.5',
                             'startup_snapshot': 'yes', 'error_after_failures': '5', 'validate_certs': 'false',
                             'name': 'Code Interpreter', 'page_size': 10, 'eda_feedback_queue': object()},
                            {'OPENAI_API_KEY': KEY, 'OPENAI_BASE_URL': 'http://127.0.0.1:9/v1'})
    assert options.specs[0].settings.api_key == 'sk-option'
    assert options.specs[0].settings.base_url == 'http://127.0.0.1:8/v1'
    assert options.specs[0].settings.validate_certs is False
    assert options.interval == 2.5 and options.startup_snapshot is True and options.error_after_failures == 5
    assert options.listing.name == 'Code Interpreter' and options.listing.page_size == 10


def test_projects_inherit_the_top_level_options():
    options = SourceOptions({'base_url': 'http://127.0.0.1:8/v1', 'projects': [
        {'name': 'alpha'}, {'name': 'bravo', 'api_key': 'sk-bravo', 'project': 'proj_b'}]}, {'OPENAI_API_KEY': KEY})
    assert options.project_names == ['alpha', 'bravo']
    assert [spec.settings.api_key for spec in options.specs] == [KEY, 'sk-bravo']
    assert options.specs[1].settings.project == 'proj_b' and options.specs[1].settings.base_url == 'http://127.0.0.1:8/v1'


@pytest.mark.parametrize('args, option', [
    ({'interval': 0.5}, 'interval'),
    ({'interval': 'often'}, 'interval'),
    ({'interval': True}, 'interval'),
    ({'idle_threshold_minutes': -1}, 'idle_threshold_minutes'),
    ({'max_age_days': float('nan')}, 'max_age_days'),
    ({'startup_snapshot': 'maybe'}, 'startup_snapshot'),
    ({'error_after_failures': 0}, 'error_after_failures'),
    ({'error_after_failures': 'x'}, 'error_after_failures'),
    ({'page_size': 101}, 'page_size'),
    ({'max_results': 5}, 'max_results'),
    ({'projects': {'name': 'a'}}, 'projects'),
    ({'projects': [{'name': 'a', 'colour': 'red'}]}, 'projects[0]'),
    ({'projects': [{'name': 'a'}, {'name': 'a'}]}, 'projects[1]'),
    ({'base_url': 'ftp://example'}, 'base_url'),
    ({'expiring_within_minutes': 0}, 'expiring_within_minutes'),
    ({'expiring_within_minutes': 'soon'}, 'expiring_within_minutes'),
    ({'schema_validation': 'lax'}, 'schema_validation'),
    ({'auth_header': 'basic'}, 'auth_header'),
    ({'headers': 'X-Tenant'}, 'headers'),
    ({'timeout': 'slow'}, 'timeout'),
])
def test_wrong_options_fail_naming_the_option(args, option):
    with pytest.raises(OptionError) as info:
        SourceOptions(args, {'OPENAI_API_KEY': KEY})
    assert info.value.option == option
    assert KEY not in str(info.value)


def test_argument_types_are_ansible_cores_and_the_message_names_the_option():
    # ArgumentSpecValidator converts rendered text (a rulebook variable is often text) and names the
    # option in its own words; a boolean is still no number.
    with pytest.raises(OptionError) as info:
        SourceOptions({'interval': 'often'}, {'OPENAI_API_KEY': KEY})
    # ansible-core 2.17 names the type <class 'str'>, later ones str.
    assert re.match(r"option 'interval': argument 'interval' is of type .*str.* unable to convert to number", str(info.value))
    with pytest.raises(OptionError, match="^option 'interval': .* a boolean is not a number"):
        SourceOptions({'interval': True}, {'OPENAI_API_KEY': KEY})


def test_a_numeric_api_key_is_taken_as_text():
    # A key that YAML reads as a number used to end the source with a TypeError.
    options = SourceOptions({'api_key': 12345678901234}, {})
    assert options.specs[0].settings.api_key == '12345678901234' and options.secrets == ['12345678901234']


def test_only_the_environment_given_is_read(monkeypatch):
    # The argument spec's env fallbacks are not the event source's: it reads the mapping it is given.
    monkeypatch.setenv('OPENAI_ORG_ID', 'org_from_process')
    monkeypatch.setenv('OPENAI_AUTH_HEADER', 'api-key')
    monkeypatch.setenv('HOME', '/nonexistent-home')
    options = SourceOptions({}, {'OPENAI_API_KEY': KEY})
    assert options.specs[0].settings.organization is None and options.specs[0].settings.auth_header == 'bearer'
    with pytest.raises(OptionError, match=r"option 'ca_path': no such file: \$HOME/ca.pem"):
        SourceOptions({'ca_path': '$HOME/ca.pem'}, {'OPENAI_API_KEY': KEY})


def test_a_missing_key_names_the_environment_variable():
    with pytest.raises(OptionError, match='OPENAI_API_KEY'):
        SourceOptions({}, {})


def test_an_unusable_id_quoted_in_a_warning_shows_no_part_of_the_key():
    # The warning quotes 80 characters of each id: the key is redacted before that cut (issue 19, finding 5).
    warnings = []
    source = ContainerWatcher(['default'], secrets=[KEY], warn=warnings.append)
    source.listed('default', [container('x' * (80 - 9) + KEY + ' tail' * 30)], NOW)
    assert len(warnings) == 1 and 'without a usable id' in warnings[0]
    assert KEY[:4] not in warnings[0]


# -- expiring --------------------------------------------------------------------------------------


def test_expiring_is_opt_in():
    source = watcher()
    assert source.listed('default', [container('cntr_a', idle_minutes=15)], NOW) == []
    assert SourceOptions({}, {'OPENAI_API_KEY': KEY}).expiring_within_minutes is None
    assert SourceOptions({'expiring_within_minutes': '10'}, {'OPENAI_API_KEY': KEY}).expiring_within_minutes == 10.0


def test_a_container_expiring_within_the_window_gives_one_event_per_expiry_time():
    source = watcher(expiring_within_minutes=10)

    def listing(soon_active, later_active):
        # Each expires 20 minutes after its last activity.
        return [container('cntr_soon', last_active_at=soon_active), container('cntr_later', last_active_at=later_active)]

    # At NOW, cntr_soon expires in 5 minutes, cntr_later in 15.
    events = source.listed('default', listing(NOW - 900, NOW - 300), NOW)
    assert kinds(events) == [('expiring', 'cntr_soon')]
    assert events[0]['expires_in_seconds'] == 300 and events[0]['expires_at'] == NOW + 300
    assert events[0]['container']['id'] == 'cntr_soon' and events[0]['project'] == 'default'
    # The same expiry time is announced once; the other container enters the window later.
    assert source.listed('default', listing(NOW - 900, NOW - 300), NOW + 60) == []
    assert source.listed('default', listing(NOW - 900, NOW - 300), NOW + 299) == []  # 601 s left: not yet
    events = source.listed('default', listing(NOW - 900, NOW - 300), NOW + 300)
    assert kinds(events) == [('expiring', 'cntr_later')] and events[0]['expires_in_seconds'] == 600
    # cntr_soon used again: a new expiry time, announced again when it comes near.
    assert source.listed('default', listing(NOW + 290, NOW - 300), NOW + 300) == []
    events = source.listed('default', listing(NOW + 290, NOW - 300), NOW + 290 + 900)
    assert kinds(events) == [('expiring', 'cntr_soon'), ('stale', 'cntr_later')]  # cntr_later is past its expiry
    assert events[0]['expires_at'] == NOW + 290 + 1200


def test_expired_unknown_and_past_expiry_containers_are_not_expiring():
    source = watcher(expiring_within_minutes=30)
    events = source.listed('default', [
        container('cntr_past', idle_minutes=25),  # its expiry time has passed
        container('cntr_expired', status='expired', idle_minutes=15),
        container('cntr_no_expiry', idle_minutes=15, expires_after=None),
        container('cntr_bad', idle_minutes=15, last_active_at='yesterday')], NOW)
    assert events == []


def test_expiring_follows_the_other_events_of_a_container():
    source = watcher(expiring_within_minutes=10)
    source.listed('default', [], NOW)
    events = source.listed('default', [container('cntr_new', idle_minutes=15)], NOW)
    assert kinds(events) == [('appeared', 'cntr_new'), ('expiring', 'cntr_new')]
