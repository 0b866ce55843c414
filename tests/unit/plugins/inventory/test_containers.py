# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import threading
import time
from urllib.parse import parse_qsl, urlparse

import pytest
import requests
from requests.adapters import BaseAdapter

from ansible.errors import AnsibleError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader

from ansible_collections.llmops.openai.plugins.module_utils import _api_client
from ansible_collections.llmops.openai.plugins.module_utils._containers import ListingOptions
from ansible_collections.llmops.openai.plugins.module_utils._errors import ApiError, OptionError
from ansible_collections.llmops.openai.plugins.module_utils._inventory import (
    DEFAULT_PROJECT, HostNamer, accept_host, cache_fingerprint, decode_answer, encode_answer,
    fetch_projects, host_variables, max_concurrent_requests, parse_filters, project_specs)
from ansible_collections.llmops.openai.plugins.module_utils._schema import SchemaValidator

try:
    from ansible.template import is_trusted_as_template  # ansible-core 2.19+: data tagging
except ImportError:
    is_trusted_as_template = None
from ansible.utils.unsafe_proxy import AnsibleUnsafe

NOW = 1760000000
KEY = 'sk-unit-test-secret-key-0123456789'
OTHER_KEY = 'sk-unit-test-other-key-9876543210'
CANARY = "{{ lookup('pipe', 'id') }}"
BASE_URL = 'http://127.0.0.1:1/v1'


def container(index, **fields):
    result = {
        'id': 'cntr_%04d' % index,
        'object': 'container',
        'name': 'Code Interpreter',
        'created_at': NOW - 3600 - index,
        'status': 'running',
        'expires_after': {'anchor': 'last_active_at', 'minutes': 20},
        'last_active_at': NOW - 600,
        'memory_limit': '1g',
    }
    result.update(fields)
    return result


# -- host names ------------------------------------------------------------------------------------

def name_all(preferences, containers):
    namer = HostNamer(preferences)
    names = []
    for item in containers:
        name = namer.propose(item)
        namer.take(name)
        names.append(name)
    return names


def test_hostnames_default_to_the_id():
    assert name_all([], [container(1), container(2)]) == ['cntr_0001', 'cntr_0002']


def test_hostname_collision_gives_the_next_preference():
    containers = [container(1), container(2), container(3, name='report'), container(4, name='report')]
    assert name_all(['name', 'id'], containers) == ['Code Interpreter', 'cntr_0002', 'report', 'cntr_0004']


def test_hostname_falls_back_to_the_id_even_when_not_listed():
    assert name_all(['name'], [container(1), container(2)]) == ['Code Interpreter', 'cntr_0002']


def test_hostname_suffix_when_the_id_is_taken_too():
    # The same container listed by two projects: never dropped, never merged.
    assert name_all(['name', 'id'], [container(1), container(1), container(1)]) == [
        'Code Interpreter', 'cntr_0001', 'cntr_0001_2']


def test_hostname_skips_empty_and_non_scalar_values():
    containers = [container(1, name=''), container(2, name=None), container(3, name={'a': 1}), container(4, name=True)]
    assert name_all(['name', 'id'], containers) == ['cntr_0001', 'cntr_0002', 'cntr_0003', 'cntr_0004']


def test_hostname_numeric_field():
    assert name_all(['created_at'], [container(1)]) == [str(NOW - 3601)]


def test_a_proposed_name_is_free_until_taken():
    namer = HostNamer(['name'])
    assert namer.propose(container(1)) == 'Code Interpreter'
    assert namer.propose(container(2)) == 'Code Interpreter'


# -- host variables --------------------------------------------------------------------------------

def test_host_variables_every_field_prefixed_and_computed():
    item = container(1, network_policy={'type': 'disabled'}, brand_new_field=[1, 2])
    variables = host_variables(item, 'prod', 'openai_container_', NOW)
    for key, value in item.items():
        assert variables['openai_container_' + key] == value
    assert variables['openai_container_expires_at'] == NOW - 600 + 20 * 60
    assert variables['openai_container_idle_seconds'] == 600
    assert variables['openai_container_project'] == 'prod'
    assert len(variables) == len(item) + 3


def test_host_variables_unknown_when_fields_are_absent_or_malformed():
    item = container(1)
    del item['last_active_at']
    variables = host_variables(item, 'p', 'x_', NOW)
    assert variables['x_expires_at'] is None
    assert variables['x_idle_seconds'] is None
    malformed = host_variables(container(2, last_active_at='yesterday'), 'p', 'x_', NOW)
    assert malformed['x_expires_at'] is None and malformed['x_idle_seconds'] is None


def test_host_variables_field_names_become_identifiers():
    variables = host_variables(container(1, **{'odd-name': 1}), 'p', 'c_', NOW)
    assert variables['c_odd_name'] == 1


# -- filters ---------------------------------------------------------------------------------------

def test_parse_filters():
    assert parse_filters(None) == []
    assert parse_filters([{'include': 'a'}, {'exclude': True}]) == [(True, 'a'), (False, True)]


@pytest.mark.parametrize('filters', [
    [{'include': 'a', 'exclude': 'b'}],
    [{'keep': 'a'}],
    ['a'],
    [{'include': 1}],
])
def test_parse_filters_rejects(filters):
    with pytest.raises(OptionError, match='filters'):
        parse_filters(filters)


def test_accept_host_first_match_wins_default_include():
    truth = {'running': True, 'named_test': False}
    filters = parse_filters([{'exclude': 'named_test'}, {'include': 'running'}, {'exclude': True}])
    assert accept_host(filters, truth.get) is True
    truth['running'] = False
    assert accept_host(filters, truth.get) is False
    assert accept_host(parse_filters([{'exclude': 'named_test'}]), truth.get) is True
    assert accept_host([], truth.get) is True


# -- projects and the cache key --------------------------------------------------------------------

TOP = dict(api_key=KEY, base_url=BASE_URL, organization=None, project=None, timeout=10, max_retries=0,
           validate_certs=True, ca_path=None)


def test_single_project_is_named_default():
    specs = project_specs(TOP, [])
    assert [spec.name for spec in specs] == [DEFAULT_PROJECT]
    assert specs[0].settings.api_key == KEY


def test_projects_inherit_the_top_level_options():
    specs = project_specs(TOP, [{'name': 'a'}, {'name': 'b', 'api_key': OTHER_KEY, 'project': 'proj_1'}])
    assert [spec.settings.api_key for spec in specs] == [KEY, OTHER_KEY]
    assert specs[1].settings.project == 'proj_1' and specs[0].settings.project is None
    assert specs[1].settings.timeout == 10


@pytest.mark.parametrize('projects, message', [
    ([{'name': 'a'}, {'name': 'a'}], 'used twice'),
    ([{'api_key': KEY}], 'needs a non-empty "name"'),
    ([{'name': 'a', 'key': KEY}], 'unknown key key'),
    ([{'name': 'a', 'base_url': 'ftp://x'}], r"projects\[0\].base_url"),
])
def test_projects_rejects(projects, message):
    with pytest.raises(OptionError, match=message) as info:
        project_specs(TOP, projects)
    assert KEY not in str(info.value)


def test_cache_fingerprint_hides_the_key_and_follows_the_inputs():
    listing = ListingOptions()
    specs = project_specs(TOP, [])
    fingerprint = cache_fingerprint(specs, listing)
    assert KEY not in fingerprint
    assert fingerprint == cache_fingerprint(project_specs(TOP, []), ListingOptions())
    assert fingerprint != cache_fingerprint(project_specs(dict(TOP, api_key=OTHER_KEY), []), listing)
    assert fingerprint != cache_fingerprint(specs, ListingOptions(order='asc'))


def test_answer_round_trip_and_rejects():
    answer = {'format': 1, 'fetched_at': NOW, 'projects': {'default': {'containers': [container(1)], 'warnings': []}}}
    assert decode_answer(encode_answer(answer)) == answer
    assert decode_answer(None) is None
    assert decode_answer('not json') is None
    assert decode_answer(json.dumps({'format': 0, 'projects': {}})) is None


# -- fetching: a fake client at the HTTP boundary --------------------------------------------------

class FakeClient(object):
    """Answers GET /containers like the API: pages of ``pages[key]``, or an ApiError for an unknown key."""

    pages = {}

    def __init__(self, settings, log=None):
        self.settings = settings

    def get(self, path, params=None):
        containers = self.pages.get(self.settings.api_key)
        if containers is None:
            raise ApiError('Incorrect API key provided: %s' % self.settings.api_key, status=401, request_id='req_1')
        return {'object': 'list', 'data': containers, 'first_id': None, 'last_id': None, 'has_more': False}

    def close(self):
        pass


def test_fetch_projects_collects_failures_by_name_without_the_key():
    FakeClient.pages = {KEY: [container(1)], OTHER_KEY: None}
    specs = project_specs(TOP, [{'name': 'good'}, {'name': 'bad', 'api_key': OTHER_KEY}])
    answer, failures = fetch_projects(specs, ListingOptions(), SchemaValidator('strict'), client_factory=FakeClient)
    assert list(answer['projects']) == ['good']
    assert answer['projects']['good']['containers'] == [container(1)]
    assert [failure.name for failure in failures] == ['bad']
    assert 'HTTP 401' in failures[0].message and 'req_1' in failures[0].message
    assert OTHER_KEY not in failures[0].message
    assert KEY not in encode_answer(answer)


class PagingClient(object):
    """Pages through 30 containers per project like the API (order, after, limit), from any thread,
    holding each request for a moment; records the requests and the most ever in flight at once."""

    lock = threading.Lock()
    in_flight = 0
    most_in_flight = 0
    queries = []
    containers = [container(n) for n in range(30)]

    def __init__(self, settings, log=None):
        self.settings = settings

    def get(self, path, params=None):
        cls = PagingClient
        with cls.lock:
            cls.in_flight += 1
            cls.most_in_flight = max(cls.most_in_flight, cls.in_flight)
            cls.queries.append((self.settings.api_key, dict(params)))
        try:
            time.sleep(0.005)
            items = self.containers if params['order'] == 'desc' else self.containers[::-1]
            ids = [c['id'] for c in items]
            start = ids.index(params['after']) + 1 if params.get('after') else 0
            page = items[start:start + params['limit']]
            return {'object': 'list', 'data': page, 'first_id': None, 'last_id': None, 'has_more': start + params['limit'] < len(items)}
        finally:
            with cls.lock:
                cls.in_flight -= 1

    def close(self):
        pass


@pytest.mark.parametrize('projects, bound, walks', [(1, 16, {'asc', 'desc'}), (4, 5, {'asc', 'desc'}), (6, 6, {'desc'}), (3, 1, {'desc'})])
def test_fetch_projects_bounds_the_requests_in_flight_over_projects_and_walks(projects, bound, walks):
    PagingClient.in_flight = PagingClient.most_in_flight = 0
    PagingClient.queries = []
    specs = project_specs(TOP, [{'name': 'p%d' % n, 'api_key': '%s-%d' % (KEY, n)} for n in range(projects)])
    answer, failures = fetch_projects(specs, ListingOptions(page_size=3), SchemaValidator('strict'),
                                      client_factory=PagingClient, max_requests=bound)
    assert failures == []
    for spec in specs:
        assert answer['projects'][spec.name]['containers'] == PagingClient.containers
    assert PagingClient.most_in_flight <= bound
    # With slots to spare the listings walk from both ends; without, each keeps one cursor.
    assert set(params['order'] for dummy, params in PagingClient.queries) == walks


@pytest.mark.parametrize('value, expected', [(None, 16), (1, 1), ('64', 64)])
def test_max_concurrent_requests(value, expected):
    assert max_concurrent_requests(value) == expected


@pytest.mark.parametrize('value', [0, 65, 'many'])
def test_max_concurrent_requests_rejects(value):
    with pytest.raises(OptionError) as caught:
        max_concurrent_requests(value)
    assert caught.value.option == 'max_concurrent_requests'


# -- the plugin, end to end, with the transport faked ---------------------------------------------

class FakeApi(BaseAdapter):
    """The transport of the plugin tests (the only thing faked): GET /containers answered per API key."""

    accounts = {}
    requests_sent = []

    def send(self, request, **kwargs):
        key = request.headers['Authorization'].split(' ', 1)[1]
        url = urlparse(request.url)
        FakeApi.requests_sent.append((request.method, request.url.split('?')[0], dict(parse_qsl(url.query))))
        containers = self.accounts.get(key)
        if containers is None:
            error = {'message': 'Incorrect API key provided: %s' % key, 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}
            return self._response(request, 401, {'error': error})
        return self._response(request, 200, {'object': 'list', 'data': containers, 'first_id': None, 'last_id': None, 'has_more': False})

    @staticmethod
    def _response(request, status, body):
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(body).encode('utf-8')
        response.headers['Content-Type'] = 'application/json'
        response.headers['x-request-id'] = 'req_unit'
        response.reason = 'OK' if status == 200 else 'Unauthorized'
        response.request = request
        response.url = request.url
        return response

    def close(self):
        pass


REAL_SESSION = requests.Session


def fake_session():
    session = REAL_SESSION()
    session.mount('https://', FakeApi())
    session.mount('http://', FakeApi())
    return session


@pytest.fixture
def fake_api(monkeypatch):
    monkeypatch.setattr(_api_client.requests, 'Session', fake_session)
    FakeApi.accounts = {
        KEY: [container(1), container(2), container(3, name=CANARY, status='expired', memory_limit='4g')],
        OTHER_KEY: [container(10, name='report')],
    }
    FakeApi.requests_sent = []
    return FakeApi


def run_plugin(tmp_path, config, cache=True):
    path = tmp_path / 'test.openai_containers.yml'
    config = dict({'plugin': 'llmops.openai.containers', 'base_url': BASE_URL, 'api_key': KEY, 'max_retries': 0}, **config)
    path.write_text(json.dumps(config))
    inventory = InventoryData()
    plugin = inventory_loader.get('llmops.openai.containers')
    assert plugin.verify_file(str(path))
    plugin.parse(inventory, DataLoader(), str(path), cache=cache)
    if config.get('cache'):
        # What the inventory manager does after parse().
        plugin.update_cache_if_changed()
    return inventory, plugin


def hostvars(inventory, host):
    return inventory.get_host(host).get_vars()


def is_unsafe(value):
    if is_trusted_as_template is not None:
        return not is_trusted_as_template(value)
    return isinstance(value, AnsibleUnsafe)


def test_verify_file(tmp_path):
    plugin = inventory_loader.get('llmops.openai.containers')
    for name, expected in (('a.openai_containers.yml', True), ('openai_containers.yaml', True), ('inventory.yml', False)):
        path = tmp_path / name
        path.write_text('plugin: llmops.openai.containers\n')
        assert plugin.verify_file(str(path)) is expected


def test_plugin_hosts_variables_and_group(tmp_path, fake_api):
    inventory, dummy = run_plugin(tmp_path, {'hostnames': ['name', 'id']})
    assert sorted(inventory.groups['openai_containers'].hosts, key=lambda host: host.name) == sorted(
        inventory.hosts.values(), key=lambda host: host.name)
    assert sorted(inventory.hosts) == sorted(['Code Interpreter', 'cntr_0002', CANARY])
    variables = hostvars(inventory, 'cntr_0002')
    assert variables['openai_container_id'] == 'cntr_0002'
    assert variables['openai_container_project'] == 'default'
    assert variables['ansible_connection'] == 'local'
    assert variables['openai_container_expires_at'] == NOW - 600 + 1200
    assert variables['openai_container_idle_seconds'] >= 600


def test_plugin_marks_api_data_unsafe(tmp_path, fake_api):
    inventory, dummy = run_plugin(tmp_path, {'hostnames': ['name']})
    assert CANARY in inventory.hosts
    variables = hostvars(inventory, CANARY)
    assert variables['openai_container_name'] == CANARY
    for name in ('openai_container_name', 'openai_container_id', 'openai_container_status'):
        assert is_unsafe(variables[name]), name
    assert is_unsafe(variables['openai_container_expires_after']['anchor'])
    assert is_unsafe(inventory.get_host(CANARY).name)


def test_plugin_prefix_and_connection_options(tmp_path, fake_api):
    inventory, dummy = run_plugin(tmp_path, {'variable_prefix': 'c_', 'ansible_connection': ''})
    variables = hostvars(inventory, 'cntr_0001')
    assert variables['c_name'] == 'Code Interpreter'
    assert 'ansible_connection' not in variables
    assert not [name for name in variables if name.startswith('openai_container_')]


def test_plugin_constructed_groups(tmp_path, fake_api):
    inventory, dummy = run_plugin(tmp_path, {
        'keyed_groups': [{'key': 'openai_container_status', 'prefix': 'status'},
                         {'key': 'openai_container_memory_limit', 'prefix': 'memory'}],
        'groups': {'stale': 'openai_container_idle_seconds > 300'},
        'compose': {'tier': 'openai_container_memory_limit | upper'},
    })
    assert sorted(host.name for host in inventory.groups['status_running'].hosts) == ['cntr_0001', 'cntr_0002']
    assert [host.name for host in inventory.groups['memory_4g'].hosts] == ['cntr_0003']
    assert len(inventory.groups['stale'].hosts) == 3
    assert hostvars(inventory, 'cntr_0003')['tier'] == '4G'


def test_plugin_filters(tmp_path, fake_api):
    inventory, dummy = run_plugin(tmp_path, {
        'hostnames': ['name', 'id'],
        'filters': [{'exclude': "openai_container_id == 'cntr_0001'"}, {'include': "openai_container_status == 'running'"},
                    {'exclude': True}],
    })
    # The filtered-out container did not take the name: the next one gets it.
    assert sorted(inventory.hosts) == ['Code Interpreter']
    assert hostvars(inventory, 'Code Interpreter')['openai_container_id'] == 'cntr_0002'


def test_plugin_filters_see_the_proposed_hostname(tmp_path, fake_api):
    inventory, dummy = run_plugin(tmp_path, {'hostnames': ['name', 'id'], 'filters': [{'exclude': "inventory_hostname == 'Code Interpreter'"}]})
    # Both containers named Code Interpreter propose that name in turn, so both are left out.
    assert sorted(inventory.hosts) == [CANARY]


def test_plugin_bad_filter_fails_with_a_message(tmp_path, fake_api):
    with pytest.raises(AnsibleError, match='could not evaluate the filter'):
        run_plugin(tmp_path, {'filters': [{'include': 'undefined_variable.attribute'}]})


def test_plugin_several_projects(tmp_path, fake_api):
    inventory, dummy = run_plugin(tmp_path, {
        'hostnames': ['name', 'id'],
        'projects': [{'name': 'alpha'}, {'name': 'beta', 'api_key': OTHER_KEY}],
    })
    assert hostvars(inventory, 'report')['openai_container_project'] == 'beta'
    assert hostvars(inventory, 'Code Interpreter')['openai_container_project'] == 'alpha'
    assert len(inventory.hosts) == 4


def test_plugin_failing_project_fails_naming_it(tmp_path, fake_api):
    bad_key = 'sk-unit-test-unknown-key-000000000'
    with pytest.raises(AnsibleError) as info:
        run_plugin(tmp_path, {'projects': [{'name': 'alpha'}, {'name': 'broken', 'api_key': bad_key}]})
    message = str(info.value)
    assert "project 'broken'" in message and 'HTTP 401' in message and 'req_unit' in message
    assert bad_key not in message and KEY not in message


def test_plugin_skip_failed_projects(tmp_path, fake_api, mocker):
    warning = mocker.patch('ansible.utils.display.Display.warning')
    inventory, dummy = run_plugin(tmp_path, {
        'skip_failed_projects': True,
        'projects': [{'name': 'alpha'}, {'name': 'broken', 'api_key': 'sk-unit-test-unknown-key-000000000'}],
    })
    assert len(inventory.hosts) == 3
    messages = ' '.join(str(call.args[0]) for call in warning.call_args_list)
    assert "skipping project 'broken'" in messages
    assert 'sk-unit-test-unknown-key' not in messages


def test_plugin_wrong_key_fails_without_the_key(tmp_path, fake_api):
    with pytest.raises(AnsibleError) as info:
        run_plugin(tmp_path, {'api_key': 'sk-unit-test-unknown-key-000000000'})
    assert 'HTTP 401' in str(info.value) and 'request id: req_unit' in str(info.value)
    assert 'sk-unit-test-unknown-key-000000000' not in str(info.value)


def test_plugin_bad_max_concurrent_requests_fails_before_any_request(tmp_path, fake_api):
    with pytest.raises(AnsibleError) as info:
        run_plugin(tmp_path, {'max_concurrent_requests': 0})
    assert "option 'max_concurrent_requests': must be between 1 and 64" in str(info.value)
    assert fake_api.requests_sent == []


def test_plugin_templated_credentials_only(tmp_path, fake_api, monkeypatch):
    monkeypatch.setenv('UNIT_TEST_OPENAI_KEY', KEY)
    inventory, dummy = run_plugin(tmp_path, {'api_key': "{{ lookup('ansible.builtin.env', 'UNIT_TEST_OPENAI_KEY') }}"})
    assert len(inventory.hosts) == 3
    # Any other option is taken literally, never rendered.
    run_plugin(tmp_path, {'name': "{{ 'rendered' }}"})
    assert fake_api.requests_sent[-1][2]['name'] == "{{ 'rendered' }}"


def test_plugin_cache_holds_the_raw_answer_without_the_key(tmp_path, fake_api):
    config = {'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(tmp_path / 'cache')}
    run_plugin(tmp_path, config)
    assert len(fake_api.requests_sent) == 1
    files = list((tmp_path / 'cache').iterdir())
    assert len(files) == 1
    assert KEY not in files[0].name
    text = files[0].read_text()
    assert KEY not in text
    assert 'cntr_0001' in text and 'openai_container_' not in text
    inventory, dummy = run_plugin(tmp_path, config)
    assert len(fake_api.requests_sent) == 1
    assert is_unsafe(hostvars(inventory, 'cntr_0003')['openai_container_name'])
    run_plugin(tmp_path, config, cache=False)
    assert len(fake_api.requests_sent) == 2


def test_plugin_stale_cache_on_error(tmp_path, fake_api, mocker):
    config = {'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(tmp_path / 'cache'),
              'use_stale_cache_on_error': True}
    run_plugin(tmp_path, config)
    fake_api.accounts = {}
    warning = mocker.patch('ansible.utils.display.Display.warning')
    inventory, dummy = run_plugin(tmp_path, config, cache=False)
    assert len(inventory.hosts) == 3
    assert 'using the cached answer' in str(warning.call_args_list[0].args[0])
    with pytest.raises(AnsibleError, match='HTTP 401'):
        run_plugin(tmp_path, dict(config, use_stale_cache_on_error=False), cache=False)
