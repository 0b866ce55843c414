# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A Jinja2 filter that makes any text (a container name from the API) inert in Markdown.

The documentation of the filter is in ``markdown_escape.yml`` next to this file.
"""


import re

from ansible_collections.llmops.openai.plugins.module_utils._text import printable

# CommonMark lets a backslash escape every ASCII punctuation character, and an escaped character
# is always literal text: no tag, no link or image, no emphasis, no code span, no table pipe.
_PUNCTUATION = re.compile(r'([!-/:-@\[-`{-~])')


def markdown_escape(text):
    if text is None:
        return ''
    # Every punctuation character is escaped first; then line breaks (they would end a table row or
    # a paragraph) and the other unprintable characters (they can hide or reorder text) become
    # visible escapes such as \\n and \\x1b.
    return printable(_PUNCTUATION.sub(r'\\\1', str(text)))


class FilterModule:
    """Markdown filters."""

    def filters(self):
        return {'markdown_escape': markdown_escape}
