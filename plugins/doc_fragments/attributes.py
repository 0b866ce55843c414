# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

class ModuleDocFragment:

    # Standard attributes of every module of the collection.
    DOCUMENTATION = r'''
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying the API's objects.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
  action_group:
    description: Use C(group/llmops.openai.openai) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - llmops.openai.openai
'''

    # Modules that only read: they run in check mode and never change anything.
    INFO_MODULE = r'''
attributes:
  check_mode:
    support: full
    details: This action does not modify anything, so it runs the same in check mode.
  diff_mode:
    support: N/A
    details: This action does not modify anything.
'''

    FACTS = r'''
attributes:
  facts:
    description: Action returns an C(ansible_facts) dictionary that will update existing host facts.
    support: full
'''
