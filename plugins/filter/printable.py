# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A Jinja2 filter that makes any text (a container id or name from the API) safe to print on a terminal.

The documentation of the filter is in ``printable.yml`` next to this file.
"""


from ansible_collections.llmops.openai.plugins.module_utils._text import printable


class FilterModule:
    """Terminal filters."""

    def filters(self):
        # The one escaping of the collection's messages (module_utils/_text.py), for templates.
        return {'printable': printable}
