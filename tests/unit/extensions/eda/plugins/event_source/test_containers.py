# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The event source file itself: its documentation agrees with the code and the EDA guide
(docs/docsite/rst/eda.rst), and its poll and main loop work against the emulator (a real HTTP
server on 127.0.0.1)."""


import asyncio
import json
import os
import re

import pytest
import yaml

from ansible.plugins.loader import fragment_loader
from ansible.utils.plugin_docs import add_fragments
from jinja2 import StrictUndefined
from jinja2.nativetypes import NativeEnvironment

from ansible_collections.llmops.openai.plugins.module_utils._api.errors import OptionError
from ansible_collections.llmops.openai.plugins.module_utils._schema import SchemaValidator
from ansible_collections.llmops.openai.plugins.plugin_utils._container_events import SOURCE_NAME, SOURCE_OPTION_NAMES, ContainerWatcher, SourceOptions
from ansible_collections.llmops.openai.plugins.plugin_utils._plugin_front import PluginFront
from ansible_collections.llmops.openai.emulator.openai_emulator import Emulator

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), *(['..'] * 6)))
PLUGIN = os.path.join(ROOT, 'extensions', 'eda', 'plugins', 'event_source', 'containers.py')
RULEBOOK = os.path.join(ROOT, 'extensions', 'eda', 'rulebooks', 'cleanup_stale_containers.yml')
ARCHIVE_RULEBOOK = os.path.join(ROOT, 'extensions', 'eda', 'rulebooks', 'archive_expiring_containers.yml')
KEY = 'sk-eda-unit-key-3c8e1f0a'


@pytest.fixture(scope='module')
def plugin():
    """The plugin's globals, from running the file as ansible-rulebook does (runpy.run_path). Here
    the file is compiled and run by hand: ansible-core's collection loader, active in unit tests,
    claims every path under a collection, which run_path then takes for a package."""
    namespace = {'__name__': '<run_path>', '__file__': PLUGIN}
    with open(PLUGIN) as handle:
        exec(compile(handle.read(), PLUGIN, 'exec'), namespace)  # pylint: disable=exec-used
    return namespace


def own_options(plugin):
    """The options the source documents itself, without its doc fragments."""
    return yaml.safe_load(plugin['DOCUMENTATION'])['options']


def documented_options(plugin):
    """Every documented option, its doc fragments merged as ansible-doc merges them."""
    doc = yaml.safe_load(plugin['DOCUMENTATION'])
    add_fragments(doc, PLUGIN, fragment_loader=fragment_loader, is_module=False)
    return doc['options']


def test_documentation_lists_exactly_the_options_the_code_takes(plugin):
    assert sorted(documented_options(plugin)) == sorted(SOURCE_OPTION_NAMES)


def test_documented_defaults_are_the_code_defaults(plugin):
    options = documented_options(plugin)
    parsed = SourceOptions({}, {'OPENAI_API_KEY': KEY})
    settings = parsed.specs[0].settings
    actual = {'interval': parsed.interval, 'idle_threshold_minutes': parsed.idle_threshold_minutes,
              'startup_snapshot': parsed.startup_snapshot, 'error_after_failures': parsed.error_after_failures,
              'page_size': parsed.listing.page_size, 'schema_validation': parsed.schema_validation,
              'max_pages': parsed.listing.max_pages, 'listing_timeout': parsed.listing.listing_timeout,
              'timeout': settings.timeout, 'max_retries': settings.max_retries,
              'max_retry_wait': settings.max_retry_wait, 'max_response_bytes': settings.max_response_bytes,
              'validate_certs': settings.validate_certs}
    for name, value in actual.items():
        assert options[name]['default'] == value, name
    # The source's own options have no default the code does not apply; the connection options'
    # defaults are the argument spec's (tests/unit/plugins/doc_fragments/test_option_docs.py).
    for name in set(own_options(plugin)) - set(actual):
        assert 'default' not in options[name], name


def test_the_eda_guide_has_a_row_for_every_option(plugin):
    with open(os.path.join(ROOT, 'docs', 'docsite', 'rst', 'eda.rst')) as handle:
        text = handle.read()
    # The guide's section "Options", up to the next title of its level (underlined with -), holds
    # one list-table whose rows start with the option's name as a literal.
    section = re.search(r'^Options\n-+\n(.*?)^[^\n]+\n-+\n', text, re.M | re.S).group(1)
    rows = re.findall(r'^   \* - ``([a-z_]+)``$', section, re.M)
    # Every option of the source's own has a row; the connection options (doc fragments) may.
    assert set(own_options(plugin)) <= set(rows) <= set(documented_options(plugin))


def test_examples_are_rulebooks_whose_sources_take_their_arguments(plugin):
    for ruleset in yaml.safe_load(plugin['EXAMPLES']) + yaml.safe_load(open(RULEBOOK)) + yaml.safe_load(open(ARCHIVE_RULEBOOK)):
        (source,) = ruleset['sources']
        args = source['llmops.openai.containers']
        assert set(args) <= set(SOURCE_OPTION_NAMES)
        # Rendered as ansible-rulebook renders source arguments (Jinja's native types, so the
        # defaults of the shipped rulebook arrive as numbers and booleans).
        options = SourceOptions(render(args, {'research_api_key': 'sk-research-key', 'prod_api_key': 'sk-prod-key-1'}), {'OPENAI_API_KEY': KEY})
        assert options.interval >= 60


def render(value, context):
    if isinstance(value, dict):
        return dict((key, render(item, context)) for key, item in value.items())
    if isinstance(value, list):
        return [render(item, context) for item in value]
    if isinstance(value, str) and '{{' in value:
        return NativeEnvironment(undefined=StrictUndefined).from_string(value).render(context)
    return value


def test_the_rulebook_passes_only_the_id_to_its_playbook():
    (ruleset,) = yaml.safe_load(open(RULEBOOK))
    (delete,) = [rule for rule in ruleset['rules'] if 'run_playbook' in rule['action']]
    assert delete['action']['run_playbook']['extra_vars'] == {'openai_container_id': '{{ event.container.id }}'}
    with open(os.path.join(ROOT, 'playbooks', 'eda_delete_container.yml')) as handle:
        assert 'ansible_eda' not in ''.join(line for line in handle if not line.lstrip().startswith('#'))


def test_the_archive_rulebook_archives_expiring_containers_given_only_the_id():
    (ruleset,) = yaml.safe_load(open(ARCHIVE_RULEBOOK))
    (source,) = ruleset['sources']
    options = SourceOptions(render(source['llmops.openai.containers'], {}), {'OPENAI_API_KEY': KEY})
    assert options.expiring_within_minutes == 10 and options.interval == 60
    (archive,) = ruleset['rules']
    assert archive['condition'] == 'event.type == "expiring"'
    assert archive['action']['run_playbook'] == {'name': 'llmops.openai.eda_archive_container', 'extra_vars': {
        'openai_container_id': '{{ event.container.id }}', 'openai_archive_dir': '{{ openai_archive_dir }}'}}
    with open(os.path.join(ROOT, 'playbooks', 'eda_archive_container.yml')) as handle:
        text = ''.join(line for line in handle if not line.lstrip().startswith('#'))
    assert 'ansible_eda' not in text
    (play,) = yaml.safe_load(text)
    (archive_task,) = [task for task in play['tasks'] if 'llmops.openai.container_archive' in task]
    assert archive_task['llmops.openai.container_archive'] == {'container_ids': ['{{ openai_container_id }}'], 'dest': '{{ openai_archive_dir }}'}


@pytest.fixture
def emu():
    with Emulator(containers=12, seed=5, api_key=KEY) as emulator:
        yield emulator


def front_of(options, warnings=None):
    """The source's front end for ``options``, as main builds it."""
    front = PluginFront(SOURCE_NAME, (warnings if warnings is not None else []).append)
    front.use_projects(options.specs)
    return front


def test_poll_lists_every_project_through_the_client(plugin, emu):
    options = SourceOptions({'page_size': 5, 'max_retries': 0, 'projects': [
        {'name': 'good'}, {'name': 'wrong', 'api_key': 'sk-wrong-key-for-this-test'}]}, {
        'OPENAI_API_KEY': KEY, 'OPENAI_BASE_URL': emu.base_url})
    listings, failures = plugin['poll'](front_of(options), options, SchemaValidator('strict'))
    assert sorted(item['id'] for item in listings['good']) == sorted(item['id'] for item in emu.store.all())
    assert list(failures) == ['wrong']
    error, message = failures['wrong']
    assert error.status == 401 and 'HTTP 401' in message and 'request id: req_' in message
    assert 'sk-wrong-key-for-this-test' not in message
    # 12 containers in pages of 5 for the good project, one refused request for the other.
    assert emu.stats()['requests'] == 3 + 1


def test_main_emits_the_changes_between_two_polls_and_stops_on_cancel(plugin, emu, monkeypatch):
    monkeypatch.setenv('OPENAI_API_KEY', KEY)
    monkeypatch.setenv('OPENAI_BASE_URL', emu.base_url)
    victim = emu.store.all()[0]['id']

    class Queue:
        def __init__(self):
            self.events = []

        async def put(self, event):
            self.events.append(event)
            if len(self.events) == 12:
                # After the snapshot of the first poll: a change for the second one.
                emu.store.delete(victim)

    async def run(queue):
        task = asyncio.ensure_future(plugin['main'](queue, {'startup_snapshot': True, 'interval': 1}))
        for dummy in range(100):
            await asyncio.sleep(0.05)
            if len(queue.events) > 12:
                break
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    queue = Queue()
    asyncio.run(run(queue))
    assert [event['type'] for event in queue.events] == ['snapshot'] * 12 + ['disappeared']
    assert queue.events[-1]['container']['id'] == victim


def test_main_refuses_a_wrong_option_before_any_request(plugin, emu):
    with pytest.raises(OptionError, match="option 'interval'"):
        asyncio.run(plugin['main'](None, {'api_key': KEY, 'base_url': emu.base_url, 'interval': 0}))
    assert emu.stats()['requests'] == 0


def test_the_error_event_carries_no_part_of_an_echoed_key(plugin):
    # The server echoes the key in the error's code and param (issue 19, finding 6), and the key is
    # longer than the 100 characters a code keeps (finding 5).
    long_key = 'sk-proj-' + 'a1b2c3d4' * 20
    with Emulator(containers=2, seed=5, api_key=long_key) as emulator:
        emulator.add_fault({'path': '/v1/containers', 'action': {'type': 'echo_key', 'status': 400}})
        options = SourceOptions({'max_retries': 0, 'error_after_failures': 1}, {'OPENAI_API_KEY': long_key, 'OPENAI_BASE_URL': emulator.base_url})
        dummy, failures = plugin['poll'](front_of(options), options, SchemaValidator('strict'))
    error, message = failures['default']
    watcher = ContainerWatcher(options.project_names, error_after_failures=1, secrets=options.secrets)
    (event,) = watcher.failed('default', error, message, 1760000000)
    assert event['type'] == 'error' and event['error']['status'] == 400
    assert event['error']['code'].startswith('Bearer ********') and event['error']['request_id'].startswith('req_')
    assert long_key[:12] not in json.dumps(event) and long_key[8:20] not in json.dumps(event)


def test_an_unexpected_poll_failure_quoting_the_key_is_one_redacted_message(plugin, monkeypatch):
    # The front end makes the message once (PluginFront.text_of): the warning and the error event
    # share it, and the watcher shows it as given.
    def broken_fetch(*args, **kwargs):
        raise ValueError('bad header Bearer %s' % KEY)

    monkeypatch.setitem(plugin, 'fetch_projects', broken_fetch)
    options = SourceOptions({'error_after_failures': 1}, {'OPENAI_API_KEY': KEY, 'OPENAI_BASE_URL': 'http://127.0.0.1:9/v1'})
    dummy, failures = plugin['poll'](front_of(options), options, SchemaValidator('strict'))
    error, message = failures['default']
    assert message == 'unexpected ValueError: bad header Bearer ********'
    (event,) = ContainerWatcher(options.project_names, error_after_failures=1).failed('default', error, message, 1760000000)
    assert event['error'] == {'message': message, 'status': None, 'type': None, 'code': None, 'request_id': None}
    assert KEY not in json.dumps(event)
