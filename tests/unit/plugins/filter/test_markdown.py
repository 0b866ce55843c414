# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import os

import pytest

from ansible_collections.llmops.openai.plugins.filter.markdown import FilterModule

markdown_escape = FilterModule().filters()['markdown_escape']


@pytest.mark.parametrize('text, escaped', [
    ('plain name 42', 'plain name 42'),
    ('<script>alert(1)</script>', r'\<script\>alert\(1\)\<\/script\>'),
    ('![x](//h/p.png)', r'\!\[x\]\(\/\/h\/p\.png\)'),
    ('a | b', 'a \\| b'),
    ('`code`', '\\`code\\`'),
    ('line\r\nbreak\ttab\x1b[31m', 'line\\r\\nbreak\\ttab\\x1b\\[31m'),
    ('&amp; *em* _u_ # h', r'\&amp\; \*em\* \_u\_ \# h'),
    (None, ''),
    (12, '12'),
])
def test_markdown_escape(text, escaped):
    assert markdown_escape(text) == escaped


def test_every_filter_has_its_documentation_file():
    here = os.path.dirname(os.path.abspath(__file__))
    assert os.path.isfile(os.path.join(here, '..', '..', '..', '..', 'plugins', 'filter', 'markdown_escape.yml'))
