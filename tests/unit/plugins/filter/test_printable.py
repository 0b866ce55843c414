# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import os

import yaml

from ansible_collections.llmops.openai.plugins.filter.printable import FilterModule

PRINTABLE = FilterModule().filters()['printable']


def test_escape_sequences_and_bidi_overrides_become_visible_escapes():
    assert PRINTABLE('cntr_\x1b]0;owned\x07\x1b[2J\r\n\u202e') == 'cntr_\\x1b]0;owned\\x07\\x1b[2J\\r\\n\\u202e'


def test_printable_text_is_unchanged_and_escaping_twice_changes_nothing():
    text = 'cntr_1 \u00e9t\u00e9 C:\\path'
    assert PRINTABLE(text) == text
    assert PRINTABLE(PRINTABLE('\x1b')) == '\\x1b'
    assert PRINTABLE(None) == '' and PRINTABLE(42) == '42'


def test_the_filter_is_documented():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, '..', '..', '..', '..', 'plugins', 'filter', 'printable.yml')) as handle:
        docs = yaml.safe_load(handle)
    assert docs['DOCUMENTATION']['name'] == 'printable'
    assert docs['EXAMPLES'] and docs['RETURN']['_value']['type'] == 'str'
