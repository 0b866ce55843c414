# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The plugin-side front end shared by the inventory plugin and the event source: error wrapping and
# redaction, the failure policy of a listing of several projects and the warnings of the listings. The plugin's end-to-end tests are in
# tests/unit/plugins/inventory/, the event source's in tests/unit/extensions/.

import pytest

from ansible.errors import AnsibleError, AnsibleParserError

from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OptionError
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


def test_unexpected_errors_are_redacted_without_the_name():
    # The event source puts this text in its events: the plugin's name is in the event's source.
    front, dummy = front_of()
    assert front.unexpected(RuntimeError('boom %s' % KEY)) == 'unexpected RuntimeError: boom ********'


def failure(name, text='HTTP 401: wrong key (request id: req_1)'):
    return ProjectFailure(name, ApiError(401, text), text)


def test_a_failed_project_takes_its_stale_answer_with_a_dated_warning():
    front, warnings = front_of('alpha', 'bravo')
    answer = {'projects': {'alpha': {'containers': [{'id': 'cntr_1'}], 'warnings': []}}}
    stale = {'fetched_at': 1760000000, 'projects': {'bravo': {'containers': [{'id': 'cntr_2'}], 'warnings': []}}}
    front.settle_failures(answer, [failure('bravo')], stale, skip_failed=False, error_class=AnsibleParserError)
    assert answer['projects']['bravo'] == stale['projects']['bravo']
    assert warnings == ["%s: using the cached answer of 2025-10-09 08:53:20 UTC: project 'bravo': HTTP 401: wrong key (request id: req_1)" % NAME]


def test_a_failed_project_is_skipped_only_when_asked_and_fails_the_plugin_otherwise():
    front, warnings = front_of('alpha', 'bravo')
    answer = {'projects': {'alpha': {'containers': [], 'warnings': []}}}
    front.settle_failures(answer, [failure('bravo')], None, skip_failed=True, error_class=AnsibleParserError)
    assert warnings == ["%s: skipping project 'bravo': HTTP 401: wrong key (request id: req_1)" % NAME]
    assert 'bravo' not in answer['projects']
    # A stale answer without that project does not help either.
    with pytest.raises(AnsibleParserError, match="^%s: project 'bravo': HTTP 401" % NAME):
        front.settle_failures(answer, [failure('bravo')], {'projects': {'alpha': {}}}, skip_failed=False, error_class=AnsibleParserError)


def test_the_only_project_fails_without_its_name():
    front, dummy = front_of()
    with pytest.raises(AnsibleParserError) as info:
        front.settle_failures({'projects': {}}, [failure('default')], None, skip_failed=False, error_class=AnsibleParserError)
    assert 'HTTP 401: wrong key' in str(info.value) and "project 'default'" not in str(info.value)


def test_listing_warnings_in_configuration_order_and_connection_warnings_once():
    front, warnings = front_of('alpha', 'bravo', 'charlie')
    front.warn_listings({'projects': {'charlie': {'warnings': ['third']}, 'alpha': {'warnings': ['first', 'second']}}})
    front.warn_once(['plain http', 'plain http', 'no verify'])
    assert warnings == ['%s: project alpha: first' % NAME, '%s: project alpha: second' % NAME, '%s: project charlie: third' % NAME,
                        '%s: plain http' % NAME, '%s: no verify' % NAME]
