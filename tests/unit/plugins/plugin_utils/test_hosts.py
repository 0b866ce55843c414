# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The inventory's naming rules (issue 19, findings 2 to 4): which ids may name a host, the id mark
# of name-based host names, the group names a source reserves before naming hosts, and the
# variables API data may never set. The plugin's end-to-end tests are in tests/unit/plugins/inventory/.

import pytest

from ansible.plugins.inventory import BaseInventoryPlugin

from ansible_collections.llmops.openai.plugins.module_utils._api.errors import OptionError
from ansible_collections.llmops.openai.plugins.plugin_utils._hosts import (
    HostNamer, SourceGroups, Unnamed, host_variables, is_container_id, is_reserved_variable, naming_warnings, variable_prefix)

OPENAI_ID = 'cntr_682d0e3b9f5c8191b1e3c2a9d4f6e7a80b1c2d3e4f5a6b7c'
# A LiteLLM gateway's composite id: cntr_ then about 240 base64url characters.
LITELLM_ID = 'cntr_' + ('bGl0ZWxsbTpjdXN0b21fbGxtX3Byb3ZpZGVyOm9wZW5haTttb2RlbF9pZDpncHQtNG8tbWluaQ-_' * 4)[:240]
NOW = 1760000000


def container(container_id, name='Code Interpreter', **fields):
    return dict({'id': container_id, 'object': 'container', 'name': name, 'status': 'running', 'created_at': NOW}, **fields)


def sanitize(name):
    return BaseInventoryPlugin._sanitize_group_name(name)


@pytest.mark.parametrize('value', [OPENAI_ID, LITELLM_ID, 'cntr_0001', 'cntr_a-b_C', 'cntr_' + 'a' * 507])
def test_ids_of_the_api_shape(value):
    assert is_container_id(value)


@pytest.mark.parametrize('value', [
    'db01', 'web', 'localhost', 'cntr_', 'CNTR_0001', 'xcntr_0001', 'cntr_0001\n', 'cntr_00 01', 'cntr_00.01', 'cntr_caf\u00e9',
    'cntr_00\x1b[31m', 'cntr_' + 'a' * 508, '', None, 1234, ['cntr_0001']])
def test_ids_the_server_chose_freely_are_not_of_the_api_shape(value):
    assert not is_container_id(value)


@pytest.mark.parametrize('preferences', [['id'], ['name', 'id'], ['name']])
def test_an_id_without_the_api_shape_names_no_host(preferences):
    # Finding 2: a server answering id 'db01' made the host db01, which hosts.ini parsed later merged into.
    with pytest.raises(Unnamed) as caught:
        HostNamer(preferences).propose(container('db01', name='web'))
    assert caught.value.reason == 'id'
    assert caught.value.label == "id 'db01' (name 'web')"


def test_a_name_based_host_name_ends_with_the_id():
    # Finding 2: a container named like a group or host that a source parsed later defines.
    namer = HostNamer(['name', 'id'])
    assert namer.propose(container(OPENAI_ID, name='web')) == 'web_' + OPENAI_ID
    assert namer.propose(container(LITELLM_ID, name='web')) == 'web_' + LITELLM_ID
    assert HostNamer(['id', 'name']).propose(container(OPENAI_ID, name='web')) == OPENAI_ID


def test_source_groups_are_known_before_any_host():
    groups = SourceGroups.from_options(
        {'stale': 'true', 'big memory': 'false'},
        [{'key': 'openai_container_status', 'prefix': 'status'},
         {'key': 'openai_container_memory_limit', 'prefix': 'mem', 'separator': '-', 'parent_group': 'by tier'},
         {'key': 'openai_container_name'},
         {'prefix': 'no_key_makes_no_group'}],
        True, sanitize)
    for name in ('stale', 'big_memory', 'status_running', 'status_', 'mem_1g', 'by_tier', '_web', 'all', 'ungrouped'):
        assert groups.reserves(name), name
    for name in ('web', 'statusx', 'mem-1g', 'big memory', 'no_key_makes_no_group_x', 'stale_cntr_0001'):
        assert not groups.reserves(name), name


def test_an_empty_keyed_prefix_without_leading_separator_reserves_no_prefix():
    groups = SourceGroups.from_options({}, [{'key': 'openai_container_name', 'prefix': ''}], False, sanitize)
    assert groups.prefixes == ()
    assert not groups.reserves('web_cntr_0001')
    assert SourceGroups.from_options({}, [{'key': 'k', 'prefix': '', 'separator': ''}], True, sanitize).prefixes == ()


def test_a_host_name_a_group_of_this_source_may_take_is_refused_and_reported():
    # Finding 3: the host was named before the group existed, so `hosts: stale` selected a live container.
    groups = SourceGroups(['stale_' + OPENAI_ID], ['status_'])
    namer = HostNamer(['name', 'id'], groups=groups)
    name = namer.propose(container(OPENAI_ID, name='stale'))
    assert name == OPENAI_ID
    namer.take(name)
    assert namer.propose(container('cntr_0002', name='status')) == 'cntr_0002'
    namer.take('cntr_0002')
    assert namer.reserved == ['stale_' + OPENAI_ID, 'status_cntr_0002']
    assert 'all' in groups.names and 'ungrouped' in groups.names


def test_a_container_whose_every_name_is_reserved_is_left_out():
    # A keyed group with prefix cntr can make any name an id-named host could have (and the suffixes).
    namer = HostNamer(['id'], groups=SourceGroups((), ['cntr_']))
    with pytest.raises(Unnamed) as caught:
        namer.propose(container('cntr_0001', name='x'))
    assert caught.value.reason == 'reserved'
    assert HostNamer(['name'], groups=SourceGroups((), ['cntr_'])).propose(container('cntr_0001', name='x')) == 'x_cntr_0001'


def test_naming_warnings_name_the_containers_escaped():
    unnamed = []
    for item in (container('db\x1b[31m01', name='web\r'), container(7), container('cntr_0001')):
        try:
            HostNamer(['id'], groups=SourceGroups((), ['cntr_'])).propose(item)
        except Unnamed as exc:
            unnamed.append(exc)
    warnings = naming_warnings(unnamed, ['status_cntr_0002', 'status_cntr_0002'], {'ansible_become', 'hostvars'})
    assert warnings[0].startswith("left out 2 containers whose id does not have the API's shape")
    assert warnings[0].endswith(": id 'db\\x1b[31m01' (name 'web\\r'), id 7 (name 'Code Interpreter')")
    assert "left out 1 container whose every host name is a group of this source or in use: id 'cntr_0001'" in warnings[1]
    assert warnings[2].startswith("did not name hosts 'status_cntr_0002':")
    assert warnings[3].startswith("set no variable 'ansible_become', 'hostvars' on any host")
    assert all(text.isprintable() for text in warnings)
    assert naming_warnings([], [], set()) == []


@pytest.mark.parametrize('value, message', [
    ('', 'must not be empty'),
    (None, 'must not be empty'),
    ('ansible_', "must not start with 'ansible_'"),
    ('ansible_container_', "must not start with 'ansible_'"),
    ('1x_', 'must start a variable name'),
    ('openai-', 'must start a variable name'),
    ('x\x1b_', "got 'x\\x1b_'"),
])
def test_variable_prefix_refuses(value, message):
    # Finding 4: with variable_prefix "" a server's ansible_become* fields became Ansible's own variables.
    with pytest.raises(OptionError) as caught:
        variable_prefix(value)
    assert str(caught.value).startswith("option 'variable_prefix': ")
    assert message in str(caught.value)


@pytest.mark.parametrize('value', ['openai_container_', 'c_', 'c', '_x', 'Ansible_'])
def test_variable_prefix_accepts(value):
    assert variable_prefix(value) == value


@pytest.mark.parametrize('prefix, field, variable', [
    ('a', 'nsible_become', 'ansible_become'),
    ('a', 'nsible_become_exe', 'ansible_become_exe'),
    ('host', 'vars', 'hostvars'),
    ('group', '_names', 'group_names'),
    ('inventory_', 'hostname', 'inventory_hostname'),
    ('o', 'mit', 'omit'),
    ('look', 'up', 'lookup'),
    ('playbook_', 'dir', 'playbook_dir'),
])
def test_api_fields_never_set_a_reserved_variable(prefix, field, variable):
    refused = set()
    variables = host_variables(container('cntr_0001', **{field: 'sudo'}), 'p', prefix, NOW, refused=refused)
    assert variable not in variables
    assert refused == {variable}
    assert is_reserved_variable(variable)
    # The other fields are still there.
    assert variables[prefix + 'id'] == 'cntr_0001'


def test_a_computed_variable_with_a_reserved_name_is_left_out_too():
    refused = set()
    variables = host_variables(container('cntr_0001'), 'p', 'ansible_', NOW, refused=refused)
    assert not [name for name in variables if name.startswith('ansible_')]
    assert 'ansible_project' in refused and 'ansible_idle_seconds' in refused


def test_a_parent_group_that_is_not_a_string_reserves_nothing():
    # Ansible templates parent_group itself; a number must not fail the inventory as an unexpected TypeError.
    groups = SourceGroups.from_options({}, [{'key': 'openai_container_status', 'parent_group': 5}], True, sanitize)
    assert groups.names == frozenset(('all', 'ungrouped'))
