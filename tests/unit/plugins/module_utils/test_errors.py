# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.llmops.openai.plugins.module_utils._errors import redact

KEY = 'sk-unit-test-0123456789'


def test_redact_removes_every_occurrence():
    assert redact('key %s, again %s.' % (KEY, KEY), KEY) == 'key ********, again ********.'
    assert redact('nothing secret', KEY) == 'nothing secret'


@pytest.mark.parametrize('text, secret', [
    ('no key configured', None),   # a message from before any key was known
    ('no key configured', ''),     # an empty key must not turn every gap into ********
    ('', KEY),
    (None, KEY),
])
def test_redact_leaves_the_text_without_a_key_or_a_text(text, secret):
    assert redact(text, secret) == text
