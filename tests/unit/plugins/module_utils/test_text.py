# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.llmops.openai.plugins.module_utils._text import MIN_SECRET_PREFIX, REDACTED, clip, printable, redact, redact_all

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


# -- clip: redact, then cut (issue 19, finding 5) ---------------------------------------------------------

def test_clip_redacts_before_it_cuts():
    text = 'a' * 10 + KEY + 'b' * 100
    for limit in range(1, len(text)):
        clipped = clip(text, limit, [KEY])
        assert KEY[:MIN_SECRET_PREFIX] not in clipped, (limit, clipped)
        assert len(clipped) <= limit + len(REDACTED) + 3


def test_clip_masks_the_start_of_a_secret_at_its_cut():
    for length in range(MIN_SECRET_PREFIX, len(KEY)):
        assert clip('x' * 10 + KEY[:length] + 'y' * 50, 10 + length, [KEY]) == 'x' * 10 + REDACTED + '...'
    # Fewer characters say nothing (most keys start with sk-) and stay.
    short = MIN_SECRET_PREFIX - 1
    assert clip('x' * 10 + KEY[:short] + 'y' * 50, 10 + short, [KEY]) == 'x' * 10 + KEY[:short] + '...'
    # A cut through the redacted secret cuts the placeholder.
    assert clip('x' * 10 + KEY, 13, [KEY]) == 'x' * 10 + '***...'


def test_clip_keeps_text_that_fits():
    assert clip('key ' + KEY, 100, [KEY]) == 'key ********'
    assert clip('no secret here', 5, [KEY]) == 'no se...'
    assert clip(None, 5, [KEY]) is None


def test_redact_all_finds_a_secret_as_a_text_escapes_it():
    secret = 'tab\there"quoted"'
    assert redact_all('json: {"v": "tab\\there\\"quoted\\""}', [secret]) == 'json: {"v": "********"}'
    assert redact_all(printable('echo %s' % secret), [secret]) == 'echo ********'
