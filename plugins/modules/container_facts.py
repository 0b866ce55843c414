#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r'''
module: container_facts
short_description: Set the OpenAI containers as facts
version_added: 1.0.0
description:
  - Lists every OpenAI container of a project, exactly as M(llmops.openai.container_info) does, and sets them
    as the fact C(openai_containers), so later tasks and plays on the host can use them.
author:
  - llmops.openai contributors (@llmops)
options:
  id:
    description:
      - Only the container with this ID; C(openai_containers) is then empty when it does not exist.
      - Cannot be combined with O(name), O(after) or O(max_results).
    type: str
extends_documentation_fragment:
  - llmops.openai.connection
  - llmops.openai.listing
  - llmops.openai.listing.page_size
  - llmops.openai.attributes
  - llmops.openai.attributes.info_module
  - llmops.openai.attributes.facts
seealso:
  - module: llmops.openai.container_info
'''

EXAMPLES = r'''
- name: Gather the containers as facts
  llmops.openai.container_facts:

- name: Running containers with 64 GB of memory
  ansible.builtin.debug:
    msg: >-
      {{ ansible_facts.openai_containers
         | selectattr('status', 'equalto', 'running')
         | selectattr('memory_limit', 'defined')
         | selectattr('memory_limit', 'equalto', '64g') | map(attribute='id') }}
'''

RETURN = r'''
duplicates_dropped:
  description:
    - How many containers the API listed more than once (each is in C(openai_containers) once).
    - Not zero when containers were created or deleted while the listing was read, or when the server repeats items;
      a warning says so too.
  returned: always
  type: int
  sample: 0
  version_added: 1.1.0
ansible_facts:
  description: The facts set by this module.
  returned: always
  type: complex
  contains:
    openai_containers:
      description:
        - The containers as the API sent them, in the API's order, each once.
      returned: always
      type: list
      elements: dict
      sample:
        - id: cntr_682dfebaacac8198bbfe9c2474fb6f4a085685cbe3cb5863
          object: container
          name: My Container
          created_at: 1747844794
          status: running
          last_active_at: 1747844794
          expires_after:
            anchor: last_active_at
            minutes: 20
          memory_limit: 4g
'''

from ansible_collections.llmops.openai.plugins.module_utils._module import gather_containers, info_module


def main():
    module = info_module()
    result = gather_containers(module)
    module.exit_json(changed=False, duplicates_dropped=result['duplicates_dropped'],
                     ansible_facts=dict(openai_containers=result['containers']))


if __name__ == '__main__':
    main()
