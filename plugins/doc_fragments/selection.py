# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

class ModuleDocFragment:

    # The staleness selection of the bulk modules (container_prune, container_archive):
    # STALENESS_ARGUMENT_SPEC in plugins/module_utils/_container_selection.py.
    DOCUMENTATION = r'''
options:
  stale:
    description:
      - Select the stale containers of the module's own listing, by O(idle_threshold_minutes), O(max_age_days)
        and O(now), the definition of the P(llmops.openai.stale_containers#filter) filter.
    type: bool
    default: false
  idle_threshold_minutes:
    description:
      - With O(stale=true), a live container idle for longer than this many minutes is stale with reason V(idle).
    type: float
    default: 20
  max_age_days:
    description:
      - With O(stale=true), a live container created more than this many days ago is stale with reason V(too_old).
      - When omitted, age does not make a container stale.
    type: float
  now:
    description:
      - The current time for the staleness criteria, in epoch seconds, for reproducible runs.
      - Defaults to the clock of the host the module runs on.
    type: float
'''
