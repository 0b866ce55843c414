# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import re
import threading
import time
from urllib.parse import parse_qsl, urlparse

import pytest
import requests
from requests.adapters import BaseAdapter

from ansible import constants as C
from ansible.errors import AnsibleError
from ansible.inventory.data import InventoryData
from ansible.inventory.manager import InventoryManager
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader

from ansible_collections.llmops.openai.plugins.module_utils._api import client as api_client
from ansible_collections.llmops.openai.plugins.module_utils._containers import ListingOptions
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OptionError
from ansible_collections.llmops.openai.plugins.module_utils._text import printable
from ansible_collections.llmops.openai.plugins.plugin_utils._hosts import HostNamer, accept_host, host_variables, parse_filters
from ansible_collections.llmops.openai.plugins.plugin_utils._plugin_front import cache_fingerprint, config_warnings, decode_answer, encode_answer
from ansible_collections.llmops.openai.plugins.plugin_utils._projects import DEFAULT_PROJECT, fetch_projects, max_concurrent_requests, project_specs
from ansible_collections.llmops.openai.plugins.module_utils._schema import SchemaValidator
from ansible_collections.llmops.openai.tests.unit.plugins.module_utils.scripted_transport import build_response

from ansible.template import Templar

try:
    from ansible.template import is_trusted_as_template, trust_as_template  # ansible-core 2.19+: data tagging
except ImportError:
    is_trusted_as_template = trust_as_template = None
from ansible.utils.unsafe_proxy import AnsibleUnsafe

NOW = 1760000000
KEY = 'sk-unit-test-secret-key-0123456789'
OTHER_KEY = 'sk-unit-test-other-key-9876543210'
CANARY = "{{ lookup('pipe', 'id') }}"
BASE_URL = 'http://127.0.0.1:1/v1'
# The host of container(3, name=CANARY) with hostnames [name, ...]: a name-based host name ends with the id.
CANARY_HOST = CANARY + '_cntr_0003'


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


def test_a_name_based_host_name_carries_the_id():
    # Repeated names need no collision rule: the id makes every name-based host name unique.
    containers = [container(1), container(2), container(3, name='report'), container(4, name='report')]
    assert name_all(['name', 'id'], containers) == [
        'Code Interpreter_cntr_0001', 'Code Interpreter_cntr_0002', 'report_cntr_0003', 'report_cntr_0004']


def test_hostname_falls_back_to_the_id_even_when_not_listed():
    assert name_all(['name'], [container(1), container(1)]) == ['Code Interpreter_cntr_0001', 'cntr_0001']


def test_hostname_suffix_when_the_id_is_taken_too():
    # The same container listed by two projects: never dropped, never merged.
    assert name_all(['name', 'id'], [container(1), container(1), container(1), container(1)]) == [
        'Code Interpreter_cntr_0001', 'cntr_0001', 'cntr_0001_2', 'cntr_0001_3']


def test_hostname_skips_empty_and_non_scalar_values():
    containers = [container(1, name=''), container(2, name=None), container(3, name={'a': 1}), container(4, name=True)]
    assert name_all(['name', 'id'], containers) == ['cntr_0001', 'cntr_0002', 'cntr_0003', 'cntr_0004']


def test_hostname_numeric_field():
    assert name_all(['created_at'], [container(1)]) == ['%d_cntr_0001' % (NOW - 3601)]


def test_hostname_never_one_in_use_elsewhere():
    # in_use: the names of hosts and groups of other inventory sources.
    namer = HostNamer(['name', 'id'], in_use={'web1_cntr_0001', 'web1_cntr_0002', 'cntr_0002', 'cntr_0002_2'}.__contains__)
    assert namer.propose(container(1, name='web1')) == 'cntr_0001'
    assert namer.propose(container(2, name='web1')) == 'cntr_0002_3'


def test_hostnames_are_printable():
    raw = 'evil\x1b]0;owned\x07\x1b[31mred\r\n\x00\x9b\u202e'
    names = name_all(['name'], [container(1, name=raw), container(2, name='a\tb')])
    assert names == ['evil\\x1b]0;owned\\x07\\x1b[31mred\\r\\n\\x00\\x9b\\u202e_cntr_0001', 'a\\tb_cntr_0002']
    assert all(name.isprintable() for name in names)


def test_printable_keeps_printable_text_and_is_idempotent():
    for text in ('Code Interpreter', 'C:\\temp\\x1b', 'caf\u00e9 \u65e5\u672c', ''):
        assert printable(text) == text
    escaped = printable('\x1b[2J\U0001f600\U000e0041')
    assert escaped == '\\x1b[2J\U0001f600\\U000e0041'
    assert printable(escaped) == escaped


def test_a_proposed_name_is_free_until_taken():
    namer = HostNamer(['name'])
    assert namer.propose(container(1)) == 'Code Interpreter_cntr_0001'
    assert namer.propose(container(1)) == 'Code Interpreter_cntr_0001'


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


@pytest.mark.parametrize('fields', [
    {'expires_after': {'anchor': 'last_active_at', 'minutes': 1e308}},
    {'expires_after': {'anchor': 'last_active_at', 'minutes': float('inf')}},
    {'last_active_at': float('-inf')},
    {'last_active_at': 10 ** 400},
])
def test_host_variables_unknown_when_numbers_are_out_of_range(fields):
    variables = host_variables(container(1, **fields), 'p', 'x_', NOW)
    assert variables['x_expires_at'] is None


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
    # A short digest: the cache key can hold nothing of the options it is made from.
    assert re.match(r'^[0-9a-f]{16}$', fingerprint)
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

class FakeClient:
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


def test_fetch_projects_collects_failures_by_name_and_no_key_in_its_answer():
    FakeClient.pages = {KEY: [container(1)], OTHER_KEY: None}
    specs = project_specs(TOP, [{'name': 'good'}, {'name': 'bad', 'api_key': OTHER_KEY}])
    answer, failures = fetch_projects(specs, ListingOptions(), SchemaValidator('strict'), client_factory=FakeClient)
    assert list(answer['projects']) == ['good']
    assert answer['projects']['good']['containers'] == [container(1)]
    assert [failure.name for failure in failures] == ['bad']
    # The error as raised: the front end redacts it where it shows it (test_plugin_front.py).
    assert (failures[0].error.status, failures[0].error.request_id) == (401, 'req_1')
    assert KEY not in encode_answer(answer)


class PagingClient:
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
    headers_sent = []

    def send(self, request, **kwargs):
        # Azure's api-key header, or OpenAI's Bearer.
        key = request.headers.get('api-key') or request.headers['Authorization'].split(' ', 1)[1]
        url = urlparse(request.url)
        FakeApi.requests_sent.append((request.method, request.url.split('?')[0], dict(parse_qsl(url.query))))
        FakeApi.headers_sent.append(dict(request.headers))
        containers = self.accounts.get(key)
        if containers is None:
            error = {'message': 'Incorrect API key provided: %s' % key, 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}
            return self._response(request, 401, {'error': error})
        return self._response(request, 200, {'object': 'list', 'data': containers, 'first_id': None, 'last_id': None, 'has_more': False})

    @staticmethod
    def _response(request, status, body):
        headers = {'Content-Type': 'application/json', 'x-request-id': 'req_unit'}
        return build_response(request, status, headers, json.dumps(body).encode('utf-8'),
                              reason='OK' if status == 200 else 'Unauthorized')

    def close(self):
        pass


def fake_session(connections=None):
    session = requests.Session()
    session.mount('https://', FakeApi())
    session.mount('http://', FakeApi())
    return session


@pytest.fixture
def fake_api(monkeypatch):
    monkeypatch.setattr(api_client, 'new_session', fake_session)
    # The inventory's clock (idle_seconds, the cache's age) is NOW, as the test data is.
    monkeypatch.setattr(time, 'time', lambda: float(NOW))
    FakeApi.accounts = {
        KEY: [container(1), container(2), container(3, name=CANARY, status='expired', memory_limit='4g')],
        OTHER_KEY: [container(10, name='report')],
    }
    FakeApi.requests_sent = []
    FakeApi.headers_sent = []
    return FakeApi


def run_plugin(tmp_path, config, cache=True, inventory=None, name='test'):
    path = tmp_path / ('%s.openai_containers.yml' % name)
    config = dict({'plugin': 'llmops.openai.containers', 'base_url': BASE_URL, 'api_key': KEY, 'max_retries': 0}, **config)
    path.write_text(json.dumps(config))
    inventory = InventoryData() if inventory is None else inventory
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


def render(variables, expression):
    """``{{ expression }}`` rendered by Ansible's templar with these variables, as a play would."""
    template = '{{ %s }}' % expression
    if trust_as_template is not None:
        template = trust_as_template(template)  # on 2.19+ only trusted text is a template
    return Templar(loader=DataLoader(), variables=variables).template(template)


def test_a_template_in_api_data_or_a_project_name_renders_literally(tmp_path, fake_api):
    # Bites on every ansible-core: on 2.17 a plain str variable is rendered again (the lookup would
    # run); on 2.19+ the inventory file is trusted, so a project name that kept its trust would render.
    project = "{{ 'project' | upper }}"
    inventory, dummy = run_plugin(tmp_path, {'hostnames': ['name'], 'projects': [{'name': project}]})
    variables = hostvars(inventory, CANARY_HOST)
    assert render(variables, 'openai_container_name') == CANARY
    assert render(variables, 'openai_container_project') == project
    assert render(variables, 'openai_container_expires_after.anchor') == 'last_active_at'
    # The check itself bites: a value the templar may render is rendered.
    assert render(dict(variables, openai_container_project=project if trust_as_template is None else trust_as_template(project)),
                  'openai_container_project') == 'PROJECT'
    assert is_unsafe(variables['openai_container_project'])


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
    assert sorted(inventory.hosts) == sorted(['Code Interpreter_cntr_0001', 'Code Interpreter_cntr_0002', CANARY_HOST])
    variables = hostvars(inventory, 'Code Interpreter_cntr_0002')
    assert variables['openai_container_id'] == 'cntr_0002'
    assert variables['openai_container_project'] == 'default'
    assert variables['ansible_connection'] == 'local'
    assert variables['openai_container_expires_at'] == NOW - 600 + 1200
    assert variables['openai_container_idle_seconds'] == 600


def test_plugin_marks_api_data_unsafe(tmp_path, fake_api):
    inventory, dummy = run_plugin(tmp_path, {'hostnames': ['name']})
    assert CANARY_HOST in inventory.hosts
    variables = hostvars(inventory, CANARY_HOST)
    assert variables['openai_container_name'] == CANARY
    for name in ('openai_container_name', 'openai_container_id', 'openai_container_status'):
        assert is_unsafe(variables[name]), name
    assert is_unsafe(variables['openai_container_expires_after']['anchor'])
    assert is_unsafe(inventory.get_host(CANARY_HOST).name)


def test_plugin_prefix_and_connection_options(tmp_path, fake_api):
    inventory, dummy = run_plugin(tmp_path, {'variable_prefix': 'c_', 'ansible_connection': ''})
    variables = hostvars(inventory, 'cntr_0001')
    assert variables['c_name'] == 'Code Interpreter'
    assert 'ansible_connection' not in variables
    assert not [name for name in variables if name.startswith('openai_container_')]


def test_plugin_constructed_groups(tmp_path, fake_api):
    fake_api.accounts[KEY][1]['last_active_at'] = NOW - 60  # cntr_0002: idle for one minute only
    inventory, dummy = run_plugin(tmp_path, {
        'keyed_groups': [{'key': 'openai_container_status', 'prefix': 'status'},
                         {'key': 'openai_container_memory_limit', 'prefix': 'memory'}],
        'groups': {'stale': 'openai_container_idle_seconds > 300'},
        'compose': {'tier': 'openai_container_memory_limit | upper'},
    })
    assert sorted(host.name for host in inventory.groups['status_running'].hosts) == ['cntr_0001', 'cntr_0002']
    assert [host.name for host in inventory.groups['memory_4g'].hosts] == ['cntr_0003']
    assert sorted(host.name for host in inventory.groups['stale'].hosts) == ['cntr_0001', 'cntr_0003']
    assert hostvars(inventory, 'cntr_0003')['tier'] == '4G'


def test_plugin_filters(tmp_path, fake_api):
    inventory, dummy = run_plugin(tmp_path, {
        'hostnames': ['name', 'id'],
        'filters': [{'exclude': "openai_container_id == 'cntr_0001'"}, {'include': "openai_container_status == 'running'"},
                    {'exclude': True}],
    })
    assert sorted(inventory.hosts) == ['Code Interpreter_cntr_0002']
    assert hostvars(inventory, 'Code Interpreter_cntr_0002')['openai_container_id'] == 'cntr_0002'


def test_plugin_filters_see_the_proposed_hostname(tmp_path, fake_api):
    inventory, dummy = run_plugin(tmp_path, {'hostnames': ['name', 'id'], 'filters': [{'exclude': "inventory_hostname.endswith('_cntr_0001')"}]})
    assert sorted(inventory.hosts) == ['Code Interpreter_cntr_0002', CANARY_HOST]


def test_plugin_bad_filter_fails_with_a_message(tmp_path, fake_api):
    with pytest.raises(AnsibleError, match='could not evaluate the filter'):
        run_plugin(tmp_path, {'filters': [{'include': 'undefined_variable.attribute'}]})


def test_plugin_several_projects(tmp_path, fake_api):
    inventory, dummy = run_plugin(tmp_path, {
        'hostnames': ['name', 'id'],
        'projects': [{'name': 'alpha'}, {'name': 'beta', 'api_key': OTHER_KEY}],
    })
    assert hostvars(inventory, 'report_cntr_0010')['openai_container_project'] == 'beta'
    assert hostvars(inventory, 'Code Interpreter_cntr_0001')['openai_container_project'] == 'alpha'
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
    dummy, plugin = run_plugin(tmp_path, config)
    assert len(fake_api.requests_sent) == 1
    files = list((tmp_path / 'cache').iterdir())
    assert len(files) == 1
    # The entry is named by the inventory file and a digest of the options, nothing else (between
    # the prefix and the key, ansible-core 2.19+ adds its own serialization marker).
    fingerprint = cache_fingerprint(project_specs(dict(TOP, api_key=KEY, base_url=BASE_URL, max_retries=0), []), ListingOptions())
    cache_key = '%s_%s' % (plugin.get_cache_key(str(tmp_path / 'test.openai_containers.yml')), fingerprint)
    assert files[0].name.startswith(plugin.get_option('cache_prefix')) and files[0].name.endswith(cache_key)
    assert len(files[0].name) <= len(plugin.get_option('cache_prefix')) + len('s1_') + len(cache_key)
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


# -- providers: Azure's api-key header and extra headers, per project -------------------------------

GATEWAY_TOKEN = 'gw-unit-test-token-5555'


def test_plugin_azure_project_next_to_an_openai_one(tmp_path, fake_api, monkeypatch):
    monkeypatch.setenv('UNIT_TEST_GATEWAY_TOKEN', GATEWAY_TOKEN)
    inventory, dummy = run_plugin(tmp_path, {
        'hostnames': ['name', 'id'],
        'projects': [
            {'name': 'openai'},
            {'name': 'azure', 'auth_header': 'api-key', 'api_key': OTHER_KEY, 'base_url': 'https://res.openai.azure.com',
             'headers': {'X-Gateway-Token': "{{ lookup('ansible.builtin.env', 'UNIT_TEST_GATEWAY_TOKEN') }}"}},
        ],
    })
    assert hostvars(inventory, 'report_cntr_0010')['openai_container_project'] == 'azure'
    assert len(inventory.hosts) == 4
    by_url = dict((sent[1], headers) for sent, headers in zip(fake_api.requests_sent, fake_api.headers_sent))
    azure = by_url['https://res.openai.azure.com/openai/v1/containers']
    assert azure['api-key'] == OTHER_KEY and 'Authorization' not in azure
    assert azure['X-Gateway-Token'] == GATEWAY_TOKEN
    openai = by_url[BASE_URL + '/containers']
    assert openai['Authorization'] == 'Bearer ' + KEY and 'api-key' not in openai and 'X-Gateway-Token' not in openai


def test_plugin_top_level_api_key_mode_and_headers_are_inherited(tmp_path, fake_api):
    run_plugin(tmp_path, {'auth_header': 'api-key', 'headers': {'X-Tenant': 'blue'}, 'projects': [{'name': 'a'}]})
    assert fake_api.headers_sent[0]['api-key'] == KEY and fake_api.headers_sent[0]['X-Tenant'] == 'blue'


def test_plugin_bad_header_fails_naming_the_project_never_the_value(tmp_path, fake_api):
    with pytest.raises(AnsibleError) as info:
        run_plugin(tmp_path, {'projects': [{'name': 'a', 'headers': {'X-Token': GATEWAY_TOKEN + '\nX-Evil: 1'}}]})
    assert "projects[0].headers" in str(info.value) and 'line break' in str(info.value)
    assert GATEWAY_TOKEN not in str(info.value)
    assert fake_api.requests_sent == []


def test_plugin_header_values_stay_out_of_the_cache_and_change_its_key(tmp_path, fake_api):
    config = {'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(tmp_path / 'cache'),
              'headers': {'X-Gateway-Token': GATEWAY_TOKEN}}
    run_plugin(tmp_path, config)
    run_plugin(tmp_path, dict(config, headers={'X-Gateway-Token': GATEWAY_TOKEN + '-other'}))
    files = list((tmp_path / 'cache').iterdir())
    # Other headers may mean another tenant behind the gateway: another cache entry, not a stale hit.
    assert len(files) == 2 and len(fake_api.requests_sent) == 2
    for path in files:
        assert GATEWAY_TOKEN not in path.name and GATEWAY_TOKEN not in path.read_text()


def test_cache_fingerprint_follows_the_auth_header():
    listing = ListingOptions()
    assert cache_fingerprint(project_specs(TOP, []), listing) != cache_fingerprint(
        project_specs(dict(TOP, auth_header='api-key'), []), listing)


# -- a mixed inventory: a static source parsed before the plugin ----------------------------------

STATIC_INI = '''
[webservers]
web1 ansible_host=192.0.2.10 ansible_connection=ssh
cntr_0004 ansible_host=192.0.2.11

[databases]
db1
'''


def static_inventory(tmp_path, text=STATIC_INI):
    """An inventory holding what ansible-core's own ini plugin made of ``text``, as with -i hosts.ini first."""
    path = tmp_path / 'hosts.ini'
    path.write_text(text)
    inventory = InventoryData()
    inventory.current_source = str(path)
    inventory_loader.get('ansible.builtin.ini').parse(inventory, DataLoader(), str(path))
    return inventory


def warnings_of(warning):
    return [str(call.args[0]) for call in warning.call_args_list]


@pytest.fixture
def real_host_names(fake_api):
    fake_api.accounts = {KEY: [
        container(1, name='web1'), container(2, name='webservers'), container(3, name='localhost'),
        container(4, name='db1'), container(5, name='Code Interpreter'),
    ]}
    return fake_api


def test_a_container_never_takes_over_a_host_of_another_source(tmp_path, real_host_names):
    inventory = static_inventory(tmp_path)
    before = dict((host, dict(inventory.get_host(host).get_vars())) for host in inventory.hosts)
    run_plugin(tmp_path, {
        'compose': {'ansible_host': "'203.0.113.66'", 'marker': "'set by the plugin'"},
        'groups': {'everything': 'true'},
        'keyed_groups': [{'key': 'openai_container_status', 'prefix': 'status'}],
    }, inventory=inventory)
    # Every host of the static source keeps exactly its variables and groups.
    for host, variables in before.items():
        assert inventory.get_host(host).get_vars() == variables, host
        assert 'openai_containers' not in [group.name for group in inventory.get_host(host).get_groups()]
    assert hostvars(inventory, 'web1')['ansible_connection'] == 'ssh'
    # Container 4's id is a static host: it gets the next free name.
    containers = sorted(host.name for host in inventory.groups['openai_containers'].hosts)
    assert containers == ['cntr_0001', 'cntr_0002', 'cntr_0003', 'cntr_0004_2', 'cntr_0005']
    assert 'localhost' not in inventory.hosts
    assert hostvars(inventory, 'cntr_0004_2')['openai_container_name'] == 'db1'
    assert hostvars(inventory, 'cntr_0004_2')['marker'] == 'set by the plugin'
    assert hostvars(inventory, 'cntr_0004')['ansible_host'] == '192.0.2.11'


def test_keyed_groups_do_not_join_a_group_of_another_source(tmp_path, real_host_names, mocker):
    warning = mocker.patch('ansible.utils.display.Display.warning')
    inventory = static_inventory(tmp_path)
    run_plugin(tmp_path, {
        'keyed_groups': [
            # Named after the container's name: 'webservers' exists in the static source, and must not
            # become a child of by_name either (by_name would then hold web1).
            {'key': 'openai_container_name', 'prefix': '', 'separator': '', 'parent_group': 'by_name'},
            # parent_group of another source: the group of containers is not nested under it.
            {'key': 'openai_container_status', 'prefix': 'status', 'parent_group': 'databases'},
        ],
    }, inventory=inventory)
    assert [group.name for group in inventory.groups['by_name'].child_groups] == ['Code_Interpreter']
    assert [host.name for host in inventory.groups['by_name'].get_hosts()] == ['cntr_0005']
    assert sorted(host.name for host in inventory.groups['webservers'].get_hosts()) == ['cntr_0004', 'web1']
    assert sorted(host.name for host in inventory.groups['databases'].get_hosts()) == ['db1']
    assert inventory.groups['databases'].child_groups == []
    # Groups that did not exist before are made as usual.
    assert [host.name for host in inventory.groups['Code_Interpreter'].hosts] == ['cntr_0005']
    assert len(inventory.groups['status_running'].hosts) == 5
    messages = warnings_of(warning)
    assert any("left the group 'webservers' unchanged: another inventory source defined it" in message
               and message.endswith('list it in join_existing_groups to allow that') for message in messages), messages
    assert any("left the group 'databases' unchanged" in message for message in messages), messages
    # The container named web1 made no group web1: `hosts: web1` would select it instead of the host.
    assert 'web1' not in inventory.groups
    assert any("made no group 'web1': it is the name of a host this source did not create" in message for message in messages), messages
    # Nor a group localhost: `hosts: localhost` would select the container instead of the controller.
    assert 'db1' not in inventory.groups and 'localhost' not in inventory.groups
    assert len([message for message in messages if 'join_existing_groups' in message]) == 5


def test_join_existing_groups_allows_it(tmp_path, real_host_names, mocker):
    warning = mocker.patch('ansible.utils.display.Display.warning')
    inventory = static_inventory(tmp_path)
    run_plugin(tmp_path, {
        'join_existing_groups': ['webservers', 'databases'],
        'keyed_groups': [{'key': 'openai_container_name', 'prefix': '', 'separator': ''},
                         {'key': 'openai_container_status', 'prefix': 'status', 'parent_group': 'databases'}],
    }, inventory=inventory)
    assert 'cntr_0002' in [host.name for host in inventory.groups['webservers'].hosts]
    assert [group.name for group in inventory.groups['databases'].child_groups] == ['status_running']
    assert not [message for message in warnings_of(warning) if 'left the group' in message]


def test_a_group_named_in_groups_is_the_users_choice(tmp_path, real_host_names, mocker):
    warning = mocker.patch('ansible.utils.display.Display.warning')
    inventory = static_inventory(tmp_path)
    run_plugin(tmp_path, {'groups': {'databases': "openai_container_name == 'db1'"}}, inventory=inventory)
    assert sorted(host.name for host in inventory.groups['databases'].hosts) == ['cntr_0004_2', 'db1']
    assert not [message for message in warnings_of(warning) if 'left the group' in message]


def test_sources_of_this_plugin_share_their_groups(tmp_path, fake_api, mocker):
    warning = mocker.patch('ansible.utils.display.Display.warning')
    inventory = static_inventory(tmp_path)
    keyed = {'hostnames': ['name', 'id'], 'keyed_groups': [{'key': 'openai_container_status', 'prefix': 'status'}]}
    run_plugin(tmp_path, keyed, inventory=inventory, name='first')
    run_plugin(tmp_path, dict(keyed, api_key=OTHER_KEY), inventory=inventory, name='second')
    assert sorted(host.name for host in inventory.groups['status_running'].hosts) == [
        'Code Interpreter_cntr_0001', 'Code Interpreter_cntr_0002', 'report_cntr_0010']
    assert len(inventory.groups['openai_containers'].hosts) == 4
    assert not [message for message in warnings_of(warning) if 'left the group' in message]


def test_a_container_named_like_a_group_of_this_source_joins_it_and_is_not_it(tmp_path, fake_api):
    # Before, the first container took the name 'stale' before the group 'stale' existed, and
    # `hosts: stale` selected that live container.
    fake_api.accounts = {KEY: [container(1, name='stale'), container(2, name='stale')]}
    inventory, dummy = run_plugin(tmp_path, {'hostnames': ['name', 'id'], 'groups': {'stale': 'true'}})
    assert 'stale' not in inventory.hosts
    assert sorted(host.name for host in inventory.groups['stale'].hosts) == ['stale_cntr_0001', 'stale_cntr_0002']
    assert inventory.groups['stale'].child_groups == []


def test_host_and_group_names_are_printable(tmp_path, fake_api):
    raw = 'x\x1b[31m\r\x00\x9b'
    fake_api.accounts = {KEY: [container(1, name=raw)]}
    inventory, dummy = run_plugin(tmp_path, {
        'hostnames': ['name'],
        'keyed_groups': [{'key': 'openai_container_name', 'prefix': 'name'}],
        'groups': {'esc\x1bape': 'true'},
    })
    escaped = 'x\\x1b[31m\\r\\x00\\x9b_cntr_0001'
    assert list(inventory.hosts) == [escaped]
    # Ansible turns what is not a word character of a plugin's group name into _: the escape
    # before it keeps which character it was.
    assert [host.name for host in inventory.groups['name_x_x1b_31m_r_x00_x9b'].hosts] == [escaped]
    assert 'esc_x1bape' in inventory.groups
    assert all(name.isprintable() for name in list(inventory.groups) + list(inventory.hosts))
    # The variables keep the API's text (marked unsafe).
    assert hostvars(inventory, escaped)['openai_container_name'] == raw


# -- the inventory file: typos warn, errors name the plugin ----------------------------------------

OPTION_NAMES = ('plugin', 'page_size', 'keyed_groups', 'groups', 'compose', 'hostnames')


def test_config_warnings_name_the_key_and_the_closest_option():
    warnings = config_warnings({
        'plugin': 'llmops.openai.containers', 'page_sise': 5, 'zzz': 1,
        'keyed_groups': [{'key': 'openai_container_status', 'prefx': 'status'}, {'prefix': 'x'}, 'not a dict'],
        'groups': {'stale': {'condition': 'true'}, 'fine': 'true', 'also_fine': True},
        'compose': {'tier': ['a'], 'ok': "'x'"},
    }, OPTION_NAMES)
    assert warnings == [
        "unknown option 'page_sise' (did you mean 'page_size'?): it is ignored",
        "unknown option 'zzz': it is ignored",
        "unknown key 'prefx' in keyed_groups[0] (did you mean 'prefix'?): it is ignored",
        'keyed_groups[1] has no "key": it makes no group',
        "groups.stale must be a Jinja test (a string), got a mapping with the key(s) 'condition': it is ignored",
        'compose.tier must be a Jinja expression (a string), got a list: it is ignored',
    ]
    assert config_warnings({'plugin': 'x', 'page_size': 5}, OPTION_NAMES) == []


def test_plugin_warns_about_typos(tmp_path, fake_api, mocker):
    warning = mocker.patch('ansible.utils.display.Display.warning')
    inventory, dummy = run_plugin(tmp_path, {'page_sise': 5, 'keyed_groups': [{'key': 'openai_container_status', 'prefx': 'status'}]})
    messages = warnings_of(warning)
    assert any(message.startswith('llmops.openai.containers: ') and "unknown option 'page_sise' (did you mean 'page_size'?)" in message
               for message in messages), messages
    assert any("unknown key 'prefx' in keyed_groups[0] (did you mean 'prefix'?)" in message for message in messages), messages
    # Known options (the constructed and cache ones included) do not warn.
    run_plugin(tmp_path, {'strict': True, 'leading_separator': False, 'cache': False, 'use_extra_vars': False})
    assert len(warnings_of(warning)) == 2


@pytest.mark.parametrize('config, message', [
    ({'page_size': 0}, "option 'page_size': must be between 1 and 100"),
    ({'api_key': "{{ undefined_vault_variable }}"}, 'undefined_vault_variable'),
    ({'compose': {'x': 'undefined_variable.attribute'}, 'strict': True}, 'Could not set x for host cntr_0001'),
    ({'keyed_groups': ['not a dict']}, 'Invalid keyed group entry'),
    ({'keyed_groups': [{'key': 'openai_container_status', 'default_value': 'x', 'trailing_separator': False}]}, 'mutually exclusive'),
    ({'hostnames': {'a': 1}}, 'hostnames'),
    ({'projects': [{'name': 'a', 'key': KEY}]}, "option 'projects[0]': unknown key key"),
])
def test_plugin_errors_start_with_its_name(tmp_path, fake_api, config, message):
    with pytest.raises(AnsibleError) as info:
        run_plugin(tmp_path, config)
    text = str(info.value)
    assert text.startswith('llmops.openai.containers: '), text
    assert message in text
    # Ansible's own errors are expected ones, not "unexpected" bugs.
    assert 'unexpected' not in text
    assert KEY not in text


# -- parse order: no container takes a host or group, whichever source comes first (issue 19) ----------

LATER_INI = '''
[web]
web1 ansible_host=192.0.2.10
db01 ansible_host=192.0.2.30
'''


def inventory_manager(monkeypatch, sources):
    """Ansible's own InventoryManager over ``sources`` in that order (as -i a -i b, or a directory)."""
    monkeypatch.setattr(C, 'INVENTORY_ENABLED', ['ini', 'llmops.openai.containers'])
    monkeypatch.setattr(C, 'INVENTORY_ANY_UNPARSED_IS_FAILED', True)
    # A pattern that matches nothing is what some tests expect (ansible-test may set this to 'error').
    monkeypatch.setattr(C, 'HOST_PATTERN_MISMATCH', 'ignore')
    return InventoryManager(loader=DataLoader(), sources=[str(source) for source in sources])


def plugin_file(path, config):
    path.write_text(json.dumps(dict({'plugin': 'llmops.openai.containers', 'base_url': BASE_URL, 'api_key': KEY, 'max_retries': 0}, **config)))
    return path


def names(hosts):
    return sorted(host.name for host in hosts)


@pytest.fixture
def server_chosen_names(fake_api):
    # An id a server chose ('db01', the name of a static host) and containers named like a static group and host.
    fake_api.accounts = {KEY: [container(1, id='db01', name='db01'), container(2, name='web'), container(3, name='web1')]}
    return fake_api


@pytest.mark.parametrize('layout', ['plugin first with -i', 'inventory directory'])
@pytest.mark.parametrize('hostnames', [None, ['name', 'id']])
def test_a_static_source_parsed_after_the_plugin_never_merges_into_a_container(
        tmp_path, monkeypatch, mocker, server_chosen_names, layout, hostnames):
    warning = mocker.patch('ansible.utils.display.Display.warning')
    directory = tmp_path / 'inventory'
    directory.mkdir()
    config = {} if hostnames is None else {'hostnames': hostnames}
    # An inventory directory is read in alphabetical order: aws.openai_containers.yml before hosts (a
    # name without .ini: ansible-core before 2.19 skips *.ini files in an inventory directory).
    plugin = plugin_file(directory / 'aws.openai_containers.yml', config)
    (directory / 'hosts').write_text(LATER_INI)
    manager = inventory_manager(monkeypatch, [plugin, directory / 'hosts'] if layout.startswith('plugin') else [directory])
    # `hosts: web` selects the static hosts only, and they keep only their own variables.
    assert names(manager.get_hosts('web')) == ['db01', 'web1']
    for host in ('db01', 'web1'):
        assert names(manager.get_hosts(host)) == [host]
        variables = manager.get_host(host).vars
        assert 'ansible_connection' not in variables, (host, variables)
        assert not [name for name in variables if name.startswith('openai_container_')], (host, variables)
        assert 'openai_containers' not in [group.name for group in manager.get_host(host).get_groups()]
    expected = ['cntr_0002', 'cntr_0003'] if hostnames is None else ['web1_cntr_0003', 'web_cntr_0002']
    assert names(manager.get_hosts('openai_containers')) == expected
    # The container whose id has not the API's shape is left out, with a warning naming it.
    messages = warnings_of(warning)
    assert any("left out 1 container whose id does not have the API's shape" in message and "id 'db01' (name 'db01')" in message
               for message in messages), messages


@pytest.fixture
def named_like_groups(fake_api):
    fake_api.accounts = {KEY: [
        container(1, name='stale', last_active_at=NOW - 60),    # live, named like the composed group
        container(2, name='status_expired'),                     # running, named like a keyed group
        container(3, name='big_memory'),
    ]}
    return fake_api


STALE_CONFIG = {
    'hostnames': ['name', 'id'],
    'groups': {'stale': 'openai_container_idle_seconds > 300', 'big_memory': "openai_container_memory_limit == '64g'"},
    'keyed_groups': [{'key': 'openai_container_status', 'prefix': 'status'}],
}


def test_a_container_named_like_a_group_of_this_source_is_not_selected_by_it(tmp_path, monkeypatch, mocker, named_like_groups):
    # No container is stale nor expired nor big, so the groups are never made: before, `hosts: stale`
    # then selected the live container named stale (and a cleanup play deleted it).
    warning = mocker.patch('ansible.utils.display.Display.warning')
    for container_ in named_like_groups.accounts[KEY]:
        container_['last_active_at'] = NOW - 60
    manager = inventory_manager(monkeypatch, [plugin_file(tmp_path / 'a.openai_containers.yml', STALE_CONFIG)])
    for pattern in ('stale', 'status_expired', 'big_memory'):
        assert manager.get_hosts(pattern) == [], pattern
    # status_expired_cntr_0002 is a name the keyed group status_ may make: that container took its id.
    assert names(manager.get_hosts('all')) == ['big_memory_cntr_0003', 'cntr_0002', 'stale_cntr_0001']
    assert any("did not name hosts 'status_expired_cntr_0002': a group of this source" in message for message in warnings_of(warning))


def test_a_composed_group_selects_its_members_only(tmp_path, monkeypatch, named_like_groups):
    for container_ in named_like_groups.accounts[KEY]:
        container_['last_active_at'] = NOW - 60
    named_like_groups.accounts[KEY][2]['last_active_at'] = NOW - 3600    # big_memory is the stale one
    manager = inventory_manager(monkeypatch, [plugin_file(tmp_path / 'a.openai_containers.yml', STALE_CONFIG)])
    assert names(manager.get_hosts('stale')) == ['big_memory_cntr_0003']
    assert names(manager.get_hosts('status_running')) == ['big_memory_cntr_0003', 'cntr_0002', 'stale_cntr_0001']


def test_a_keyed_group_without_prefix_is_never_named_like_a_host_of_this_source(tmp_path, fake_api, mocker):
    # Container 2's name is container 1's host name: its keyed group would be selected by that host's pattern.
    warning = mocker.patch('ansible.utils.display.Display.warning')
    fake_api.accounts = {KEY: [container(1, name='x'), container(2, name='x_cntr_0001')]}
    inventory, dummy = run_plugin(tmp_path, {'hostnames': ['name'],
                                             'keyed_groups': [{'key': 'openai_container_name', 'prefix': '', 'separator': ''}]})
    assert sorted(inventory.hosts) == ['x_cntr_0001', 'x_cntr_0001_cntr_0002']
    assert not set(inventory.hosts) & set(inventory.groups)
    assert [host.name for host in inventory.groups['x'].hosts] == ['x_cntr_0001']
    assert any("made no group 'x_cntr_0001': it is the name of a host of this source" in message for message in warnings_of(warning))


def test_a_gateway_id_names_a_host(tmp_path, fake_api):
    litellm_id = 'cntr_' + 'bGl0ZWxsbTpjdXN0b21fbGxtX3Byb3ZpZGVyOm9wZW5haQ-_' * 5
    fake_api.accounts = {KEY: [container(1, id=litellm_id)]}
    inventory, dummy = run_plugin(tmp_path, {'hostnames': ['name', 'id']})
    assert list(inventory.hosts) == ['Code Interpreter_' + litellm_id]


@pytest.mark.parametrize('prefix, message', [('', 'must not be empty'), ('ansible_', "must not start with 'ansible_'")])
def test_an_empty_or_ansible_variable_prefix_fails_before_any_request(tmp_path, fake_api, prefix, message):
    # Finding 4: with variable_prefix "" a server adding ansible_become* ran a command as root in a ping play.
    with pytest.raises(AnsibleError) as caught:
        run_plugin(tmp_path, {'variable_prefix': prefix})
    assert str(caught.value).startswith("llmops.openai.containers: option 'variable_prefix': ")
    assert message in str(caught.value)
    assert fake_api.requests_sent == []


def test_api_fields_never_set_ansible_or_magic_variables(tmp_path, fake_api, mocker):
    warning = mocker.patch('ansible.utils.display.Display.warning')
    fake_api.accounts = {KEY: [container(1, nsible_become=True, nsible_become_user='root', nsible_become_exe='touch /tmp/pwned;')]}
    inventory, dummy = run_plugin(tmp_path, {'variable_prefix': 'a', 'compose': {'ansible_user': "'chosen_by_the_user'"}})
    variables = hostvars(inventory, 'cntr_0001')
    assert not [name for name in variables if name.startswith('ansible_become')], variables
    assert variables['aname'] == 'Code Interpreter'
    # compose and the plugin's own ansible_connection are the user's choice.
    assert variables['ansible_user'] == 'chosen_by_the_user' and variables['ansible_connection'] == 'local'
    assert any("set no variable 'ansible_become', 'ansible_become_exe', 'ansible_become_user' on any host" in message
               for message in warnings_of(warning)), warnings_of(warning)


# -- a server that echoes the key into its data (issue 19, findings 5 and 6 beyond the errors) ----------

def test_a_key_echoed_into_container_data_reaches_no_host_variable_cache_or_warning(tmp_path, fake_api, mocker):
    warning = mocker.patch('ansible.utils.display.Display.warning')
    echoed = 'echo: Bearer %s tail' % KEY
    # One container carries the key in its name; another in an id of the wrong shape, long enough that
    # a warning quoting 80 characters of it would cut through the key.
    fake_api.accounts = {KEY: [container(1, name=echoed), container(2, id='x' * 60 + KEY + ' tail' * 20)]}
    config = {'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(tmp_path / 'cache'),
              'hostnames': ['name', 'id']}
    inventory, dummy = run_plugin(tmp_path, config)
    (host,) = [name for name in inventory.hosts if name.endswith('cntr_0001')]
    assert KEY not in host and KEY not in json.dumps(hostvars(inventory, host), default=str)
    assert hostvars(inventory, host)['openai_container_name'] == 'echo: Bearer ******** tail'
    cached = ''.join(path.read_text() for path in (tmp_path / 'cache').iterdir())
    assert KEY[:8] not in cached
    messages = warnings_of(warning)
    assert any('left out 1 container' in message for message in messages), messages
    assert not [message for message in messages if KEY[:8] in message], messages


def test_jinja_globals_are_reserved_variables():
    # A host variable `range` hides Jinja's range() in every template of the play.
    refused = set()
    variables = host_variables(container(1, nge=[1]), 'p', 'ra', NOW, refused=refused)
    assert 'range' not in variables and refused == {'range'}
