# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The plugin-side front end shared by the inventory plugin and the event source: error wrapping and
# redaction, the failure policy of a listing of several projects and the warnings of the listings. The plugin's end-to-end tests are in
# tests/unit/plugins/inventory/, the event source's in tests/unit/extensions/.

import traceback

import pytest

from ansible.errors import AnsibleError, AnsibleParserError

from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OptionError, PaginationError
from ansible_collections.llmops.openai.plugins.plugin_utils._plugin_front import PluginFront
from ansible_collections.llmops.openai.plugins.plugin_utils._projects import ProjectFailure, project_specs

NAME = 'llmops.openai.containers'
KEY = 'sk-front-unit-key-5e2d9c1a7b'
OTHER_KEY = 'sk-front-other-key-0f4b8a2c6d'


def front_of(*names, **keys):
    """A front end of the projects ``names`` (the default project without names), and its warnings."""
    warnings = []
    front = PluginFront(NAME, warnings.append)
    projects = [{'name': name, 'api_key': keys.get(name, KEY)} for name in names]
    front.use_projects(project_specs({'api_key': KEY, 'base_url': 'http://127.0.0.1:1/v1'}, projects))
    return front, warnings


@pytest.mark.parametrize('raised, expected', [
    (OptionError('page_size', 'must be between 1 and 100, got 0 (%s)' % KEY), "%s: option 'page_size': must be between 1 and 100, got 0 (********)" % NAME),
    (AnsibleError('%s: the file is broken' % NAME), '%s: the file is broken' % NAME),
    (ValueError('a bug that quotes %s' % OTHER_KEY), '%s: unexpected ValueError: a bug that quotes ********' % NAME),
])
def test_every_error_becomes_one_error_of_the_plugin_without_any_key(raised, expected):
    front, dummy = front_of('alpha', 'bravo', bravo=OTHER_KEY)
    with pytest.raises(AnsibleParserError) as info:
        with front.errors_as(AnsibleParserError):
            raise raised
    assert str(info.value).startswith(expected)
    assert KEY not in str(info.value) and OTHER_KEY not in str(info.value)


@pytest.mark.parametrize('raised', [PaginationError('the API sent the cursor %s again' % KEY), ValueError('a bug that quotes %s' % KEY)])
def test_no_traceback_of_the_plugin_error_quotes_the_error_it_replaces(raised):
    # ansible-core 2.19 shows the traceback of an inventory failure with ANSIBLE_DISPLAY_TRACEBACK=warning
    # (error for ansible-inventory): traceback.format_exception, which prints the chained exceptions too.
    front, dummy = front_of()
    with pytest.raises(AnsibleParserError) as info:
        with front.errors_as(AnsibleParserError):
            raise raised
    shown = ''.join(traceback.format_exception(type(info.value), info.value, info.value.__traceback__))
    assert '********' in shown and KEY not in shown


def test_unexpected_errors_are_redacted_without_the_name():
    # The event source puts this text in its events: the plugin's name is in the event's source.
    front, dummy = front_of()
    assert front.text_of(RuntimeError('boom %s' % KEY), unexpected=True) == 'unexpected RuntimeError: boom ********'


def failure(name, text='wrong key'):
    return ProjectFailure(name, ApiError(text, status=401, request_id='req_1'))


SHOWN = 'OpenAI API error HTTP 401: wrong key [request id: req_1]'


def test_a_failed_project_takes_its_stale_answer_with_a_dated_warning():
    front, warnings = front_of('alpha', 'bravo')
    answer = {'projects': {'alpha': {'containers': [{'id': 'cntr_1'}], 'warnings': []}}}
    stale = {'fetched_at': 1760000000, 'projects': {'bravo': {'containers': [{'id': 'cntr_2'}], 'warnings': []}}}
    front.settle_failures(answer, [failure('bravo')], stale, skip_failed=False)
    assert answer['projects']['bravo'] == stale['projects']['bravo']
    assert warnings == ["%s: using the cached answer of 2025-10-09 08:53:20 UTC: project 'bravo': %s" % (NAME, SHOWN)]


def test_a_failed_project_is_skipped_only_when_asked_and_fails_the_plugin_otherwise():
    front, warnings = front_of('alpha', 'bravo')
    answer = {'projects': {'alpha': {'containers': [], 'warnings': []}}}
    front.settle_failures(answer, [failure('bravo')], None, skip_failed=True)
    assert warnings == ["%s: skipping project 'bravo': %s" % (NAME, SHOWN)]
    assert 'bravo' not in answer['projects']
    # A stale answer without that project does not help either.
    with pytest.raises(AnsibleParserError, match="^%s: project 'bravo': OpenAI API error HTTP 401" % NAME):
        with front.errors_as(AnsibleParserError):
            front.settle_failures(answer, [failure('bravo')], {'projects': {'alpha': {}}}, skip_failed=False)


def test_the_only_project_fails_without_its_name():
    front, dummy = front_of()
    with pytest.raises(AnsibleParserError) as info:
        with front.errors_as(AnsibleParserError):
            front.settle_failures({'projects': {}}, [failure('default')], None, skip_failed=False)
    assert str(info.value).startswith('%s: %s' % (NAME, SHOWN)) and "project 'default'" not in str(info.value)


@pytest.mark.parametrize('stale, skip_failed', [({'projects': {'bravo': {}}}, False), (None, True), (None, False)])
def test_a_failed_project_quoting_a_key_shows_none_whatever_the_policy(stale, skip_failed):
    # fetch_projects keeps each error as raised (a listing error quotes the server's data): the front
    # end redacts it where it becomes a warning or the plugin's error.
    front, warnings = front_of('alpha', 'bravo', bravo=OTHER_KEY)
    shown = list(warnings)
    try:
        with front.errors_as(AnsibleParserError):
            front.settle_failures({'projects': {}}, [failure('bravo', 'the API sent the cursor %s again' % OTHER_KEY)], stale, skip_failed)
    except AnsibleParserError as exc:
        shown.append(str(exc))
    shown.extend(warnings)
    assert len(shown) == 1 and 'the API sent the cursor ******** again' in shown[0]
    assert OTHER_KEY not in shown[0]


def test_listing_warnings_in_configuration_order_and_connection_warnings_once():
    front, warnings = front_of('alpha', 'bravo', 'charlie')
    front.warn_listings({'projects': {'charlie': {'warnings': ['third']}, 'alpha': {'warnings': ['first', 'second']}}})
    front.warn_once(['plain http', 'plain http', 'no verify'])
    assert warnings == ['%s: project alpha: first' % NAME, '%s: project alpha: second' % NAME, '%s: project charlie: third' % NAME,
                        '%s: plain http' % NAME, '%s: no verify' % NAME]
