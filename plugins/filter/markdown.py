# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A Jinja2 filter that makes any text (a container name from the API) inert in Markdown.

The documentation of the filter is in ``markdown_escape.yml`` next to this file.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

# CommonMark lets a backslash escape every ASCII punctuation character, and an escaped character
# is always literal text: no tag, no link or image, no emphasis, no code span, no table pipe.
_PUNCTUATION = re.compile(r'([!-/:-@\[-`{-~])')
# Line breaks would end a table row or a paragraph; other control characters can hide text.
_CONTROL = re.compile(u'[\x00-\x1f\x7f-\x9f\u2028\u2029]')
_CONTROL_NAMES = {'\n': '\\n', '\r': '\\r', '\t': '\\t'}


def _visible(match):
    char = match.group(0)
    return _CONTROL_NAMES.get(char) or ('\\x%02x' % ord(char) if ord(char) < 0x100 else '\\u%04x' % ord(char))


def markdown_escape(text):
    if text is None:
        return ''
    return _CONTROL.sub(_visible, _PUNCTUATION.sub(r'\\\1', str(text)))


class FilterModule(object):
    """Markdown filters."""

    def filters(self):
        return {'markdown_escape': markdown_escape}
