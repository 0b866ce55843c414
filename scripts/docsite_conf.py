# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sphinx configuration the docsite step (noxfile.py) appends to the conf.py antsibull-docs
sphinx-init writes. The docsite is built offline: intersphinx cannot fetch docs.ansible.com's
inventories, so a reference into those docs (ansible-core's labels and environment variables,
used by the generated plugin pages) stays plain text. A broken reference to this collection's
own labels still fails sphinx-build -W."""

intersphinx_mapping = {}


def _offline_external_reference(app, env, node, contnode):  # pylint: disable=unused-argument
    target = node.get('reftarget', '')
    if node.get('refdomain') == 'std' and not target.startswith('ansible_collections.llmops.openai.'):
        return contnode
    return None


def setup(app):
    app.connect('missing-reference', _offline_external_reference)
