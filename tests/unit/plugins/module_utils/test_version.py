# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import os

import yaml

from ansible_collections.llmops.openai.plugins.module_utils._version import COLLECTION_VERSION

GALAXY_YML = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'galaxy.yml')


def test_user_agent_version_matches_galaxy_yml():
    with open(GALAXY_YML) as handle:
        assert yaml.safe_load(handle)['version'] == COLLECTION_VERSION
