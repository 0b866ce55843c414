# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The shared options are declared once (plugins/module_utils/_options.py): the modules' argument
spec is those dicts, and every documentation of them agrees with them - the doc fragments (both
variants), each module, the inventory plugin with its projects suboptions, and the event source - in
names, types, defaults, choices, environment variables and no_log."""

import os
import re

import pytest
import yaml

from ansible.errors import AnsibleParserError
from ansible.plugins.loader import fragment_loader
from ansible.utils.plugin_docs import get_docstring

from ansible_collections.llmops.openai.plugins.doc_fragments import connection, listing
from ansible_collections.llmops.openai.plugins.module_utils import _options
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import OptionError
from ansible_collections.llmops.openai.plugins.module_utils._api.settings import ENVIRONMENT, ConnectionSettings
from ansible_collections.llmops.openai.plugins.module_utils._container_selection import STALENESS_ARGUMENT_SPEC
from ansible_collections.llmops.openai.plugins.module_utils._containers import ListingOptions
from ansible_collections.llmops.openai.plugins.module_utils._module import OpenAIModule
from ansible_collections.llmops.openai.plugins.module_utils._options import (
    CONNECTION_ARGUMENT_SPEC, CONNECTION_OPTION_NAMES, LISTING_ARGUMENT_SPEC,
    LISTING_OPTION_NAMES, LISTING_QUERY_OPTION_NAMES)
from ansible_collections.llmops.openai.plugins.plugin_utils._container_events import SOURCE_OPTION_NAMES
from ansible_collections.llmops.openai.plugins.plugin_utils._projects import PROJECT_OPTION_NAMES
from ansible_collections.llmops.openai.tests.unit.plugins.inventory.test_containers import (  # pylint: disable=unused-import
    KEY, fake_api, run_plugin)
from ansible_collections.llmops.openai.tests.unit.plugins.modules.module_runner import patch_module_args

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), *(['..'] * 4)))
MODULES = ('container', 'container_archive', 'container_facts', 'container_file', 'container_file_info', 'container_info', 'container_prune')
SHARED_SPEC = dict(CONNECTION_ARGUMENT_SPEC, **LISTING_ARGUMENT_SPEC)


def disagreements(documented, spec):
    """How documented options (name -> doc entry) differ from argument spec entries (name -> spec
    entry), as readable lines; empty when they agree."""
    problems = []
    for name in sorted(set(documented) | set(spec)):
        if name not in spec or name not in documented:
            problems.append('%s: %s' % (name, 'not in the argument spec' if name not in spec else 'not documented'))
            continue
        doc, declared = documented[name], spec[name]
        for key in ('type', 'default', 'choices', 'elements'):
            if doc.get(key) != declared.get(key):
                problems.append('%s: %s is %r in the docs, %r in the spec' % (name, key, doc.get(key), declared.get(key)))
    return problems


def fragment_options(text):
    return yaml.safe_load(text)['options']


def merged_docs(path, plugin_type):
    """A plugin's documentation with its fragments merged, as ansible-doc and validate-modules see it."""
    doc = get_docstring(path, fragment_loader, plugin_type=plugin_type, collection_name='llmops.openai')[0]
    return doc['options']


def plugin_path(*parts):
    return os.path.join(ROOT, *parts)


def test_the_option_names_derive_from_the_argument_spec():
    assert CONNECTION_OPTION_NAMES == tuple(name for name in CONNECTION_ARGUMENT_SPEC if name != 'schema_validation')
    assert LISTING_OPTION_NAMES == tuple(LISTING_ARGUMENT_SPEC)
    assert set(LISTING_QUERY_OPTION_NAMES) < set(LISTING_OPTION_NAMES)
    assert PROJECT_OPTION_NAMES == ('name',) + CONNECTION_OPTION_NAMES
    assert set(CONNECTION_OPTION_NAMES) < set(SOURCE_OPTION_NAMES)


def test_the_defaults_are_the_constants():
    spec = SHARED_SPEC
    assert spec['timeout']['default'] == _options.DEFAULT_TIMEOUT == 60.0
    assert spec['max_retries']['default'] == _options.DEFAULT_MAX_RETRIES == 2
    assert spec['max_retry_wait']['default'] == _options.DEFAULT_MAX_RETRY_WAIT == 300.0
    assert spec['max_response_bytes']['default'] == _options.DEFAULT_MAX_RESPONSE_BYTES == 16 * 1024 * 1024
    assert spec['page_size']['default'] == _options.MAX_PAGE_SIZE == 100
    assert spec['max_pages']['default'] == _options.DEFAULT_MAX_PAGES == 2000
    assert spec['listing_timeout']['default'] == _options.DEFAULT_LISTING_TIMEOUT == 600.0


def test_the_client_applies_the_declared_defaults():
    # For a front-end that passes None for an option not set (the event source).
    settings = ConnectionSettings(api_key=KEY, environ={})
    listing_options = ListingOptions()
    for name, spec in SHARED_SPEC.items():
        for validated in (settings, listing_options):
            if 'default' in spec and hasattr(validated, name):
                assert getattr(validated, name) == spec['default'], name


def test_the_connection_fragment_documents_the_connection_spec():
    options = fragment_options(connection.ModuleDocFragment.DOCUMENTATION)
    assert disagreements(options, CONNECTION_ARGUMENT_SPEC) == []
    # Modules cannot read env: from their docs: the module variant has none.
    assert [name for name, entry in options.items() if 'env' in entry] == []


def environment_disagreements(documented, table):
    """How the environment variables the descriptions name (E(VARIABLE)) differ from the variables
    ConnectionSettings reads (``table``: option -> variable, or auth header -> variable), as readable
    lines; empty when each option's description names its variables and no description names a
    variable that is not read."""
    named = dict((name, set(re.findall(r'E\(([A-Z0-9_]+)\)', ' '.join(entry['description'])))) for name, entry in documented.items())
    read = dict((name, set(variable.values()) if isinstance(variable, dict) else {variable}) for name, variable in table.items())
    problems = ['%s: %s is read but not documented' % (name, variable)
                for name in sorted(read) for variable in sorted(read[name] - named.get(name, set()))]
    every_read = set().union(*read.values())
    problems += ['%s: %s is documented but never read' % (name, variable)
                 for name in sorted(named) for variable in sorted(named[name] - every_read)]
    return problems


def test_the_descriptions_name_the_environment_the_settings_read():
    options = fragment_options(connection.ModuleDocFragment.DOCUMENTATION)
    assert environment_disagreements(options, ENVIRONMENT) == []
    # ConnectionSettings is the only reader: no env fallback in the spec, no env: in any fragment.
    assert [name for name, spec in CONNECTION_ARGUMENT_SPEC.items() if 'fallback' in spec] == []
    assert not hasattr(connection.ModuleDocFragment, 'PLUGINS')


def test_the_environment_checker_bites():
    options = fragment_options(connection.ModuleDocFragment.DOCUMENTATION)
    drifted = dict(ENVIRONMENT, organization='OPENAI_ORGANIZATION', timeout='OPENAI_TIMEOUT')
    assert environment_disagreements(options, drifted) == [
        'organization: OPENAI_ORGANIZATION is read but not documented', 'timeout: OPENAI_TIMEOUT is read but not documented',
        'organization: OPENAI_ORG_ID is documented but never read']


def test_the_listing_fragments_document_the_listing_spec():
    options = fragment_options(listing.ModuleDocFragment.DOCUMENTATION)
    options.update(fragment_options(listing.ModuleDocFragment.PAGE_SIZE))
    assert disagreements(options, LISTING_ARGUMENT_SPEC) == []


def test_no_log_marks_the_secrets_and_their_docs_say_so():
    secret = sorted(name for name, spec in SHARED_SPEC.items() if spec.get('no_log'))
    assert secret == ['api_key']
    # headers: only the values of secret headers are secrets (OpenAIModule masks them itself).
    assert SHARED_SPEC['headers']['no_log'] is False
    secret.append('headers')
    options = fragment_options(connection.ModuleDocFragment.DOCUMENTATION)
    for name in secret:
        assert 'never' in ' '.join(options[name]['description']) and 'messages or logs' in ' '.join(options[name]['description']), name


def test_the_checker_bites():
    options = fragment_options(connection.ModuleDocFragment.DOCUMENTATION)
    drifted = dict(CONNECTION_ARGUMENT_SPEC, timeout=dict(type='float', default=30.0), x_new=dict(type='int'))
    assert disagreements(options, drifted) == [
        "timeout: default is 60 in the docs, 30.0 in the spec", 'x_new: not documented']


@pytest.mark.parametrize('module', MODULES)
def test_every_module_documents_the_shared_options_it_takes_as_declared(module):
    documented = merged_docs(plugin_path('plugins', 'modules', module + '.py'), 'module')
    shared = dict((name, entry) for name, entry in documented.items() if name in SHARED_SPEC)
    assert set(CONNECTION_ARGUMENT_SPEC) <= set(shared)
    assert disagreements(shared, dict((name, SHARED_SPEC[name]) for name in shared)) == []


@pytest.mark.parametrize('module', ('container_prune', 'container_archive'))
def test_the_bulk_modules_document_the_staleness_options_as_declared(module):
    documented = merged_docs(plugin_path('plugins', 'modules', module + '.py'), 'module')
    assert disagreements(dict((name, documented[name]) for name in STALENESS_ARGUMENT_SPEC), STALENESS_ARGUMENT_SPEC) == []


def test_the_module_argument_spec_is_the_declared_one():
    with patch_module_args({'api_key': KEY}):
        module = OpenAIModule(argument_spec={}, listing=True)
    for name, spec in SHARED_SPEC.items():
        assert module.argument_spec[name] is spec, name


def test_the_inventory_documents_the_spec_and_its_environment_as_the_modules():
    documented = merged_docs(plugin_path('plugins', 'inventory', 'containers.py'), 'inventory')
    shared = dict((name, entry) for name, entry in documented.items() if name in SHARED_SPEC)
    assert set(shared) == set(SHARED_SPEC)
    assert disagreements(shared, SHARED_SPEC) == []
    for name in CONNECTION_ARGUMENT_SPEC:
        # No env: (Ansible's configuration would read the variable a second time): the description names it.
        assert 'env' not in documented[name], name
        assert documented[name]['description'] == fragment_options(connection.ModuleDocFragment.DOCUMENTATION)[name]['description']


def test_the_projects_suboptions_point_to_the_top_level_options():
    documented = merged_docs(plugin_path('plugins', 'inventory', 'containers.py'), 'inventory')
    suboptions = documented['projects']['suboptions']
    assert sorted(suboptions) == sorted(PROJECT_OPTION_NAMES)
    assert suboptions['name']['required'] is True
    for name in CONNECTION_OPTION_NAMES:
        entry = suboptions[name]
        # Inherited from the top level when not set: no default of its own.
        assert 'default' not in entry, name
        assert entry['description'] == 'Overrides O(%s) for this project; see there.' % name
        assert disagreements({name: dict(entry, default=None)}, {name: dict(CONNECTION_ARGUMENT_SPEC[name], default=None)}) == []
    assert suboptions['auth_header']['version_added'] == '1.1.0'


def test_the_event_source_documents_the_spec():
    path = plugin_path('extensions', 'eda', 'plugins', 'event_source', 'containers.py')
    documented = merged_docs(path, 'inventory')  # the plugin documentation format; ansible-doc has no event_source type
    assert sorted(documented) == sorted(SOURCE_OPTION_NAMES)
    shared = dict((name, entry) for name, entry in documented.items() if name in SHARED_SPEC)
    assert disagreements(shared, dict((name, SHARED_SPEC[name]) for name in shared)) == []
    assert sorted(documented['projects']['suboptions']) == sorted(PROJECT_OPTION_NAMES)


def test_the_inventory_reads_the_environment_its_docs_declare(tmp_path, fake_api, monkeypatch):
    monkeypatch.setenv('OPENAI_ORG_ID', 'org-from-env')
    monkeypatch.setenv('OPENAI_PROJECT_ID', 'proj-from-env')
    monkeypatch.setenv('OPENAI_AUTH_HEADER', 'api-key')
    dummy, plugin = run_plugin(tmp_path, {})
    # Read by ConnectionSettings, not by Ansible's configuration of the plugin's options.
    assert (plugin.get_option('organization'), plugin.get_option('project'), plugin.get_option('auth_header')) == (None, None, None)
    headers = fake_api.headers_sent[0]
    assert headers['OpenAI-Organization'] == 'org-from-env' and headers['OpenAI-Project'] == 'proj-from-env'
    assert headers['api-key'] == KEY and 'Authorization' not in headers


def test_a_bad_auth_header_in_the_environment_fails_naming_the_option_in_every_front_end(tmp_path, fake_api, monkeypatch):
    # One reader, one message: the inventory as the modules and the event source (ConnectionSettings).
    monkeypatch.setenv('OPENAI_AUTH_HEADER', 'x-api-key')
    with pytest.raises(AnsibleParserError) as caught:
        run_plugin(tmp_path, {})
    assert "option 'auth_header': must be one of api-key, bearer, got 'x-api-key'" in str(caught.value)
    assert fake_api.headers_sent == []
    with pytest.raises(OptionError) as caught:
        ConnectionSettings(api_key=KEY, environ={'OPENAI_AUTH_HEADER': 'x-api-key'})
    assert caught.value.option == 'auth_header'


def test_the_file_listing_fragment_documents_the_file_listing_spec():
    from ansible_collections.llmops.openai.plugins.module_utils._container_files import FILE_LISTING_OPTION_NAMES
    options = fragment_options(listing.ModuleDocFragment.FILES)
    options.update(fragment_options(listing.ModuleDocFragment.PAGE_SIZE))
    assert disagreements(options, dict((name, LISTING_ARGUMENT_SPEC[name]) for name in FILE_LISTING_OPTION_NAMES)) == []
