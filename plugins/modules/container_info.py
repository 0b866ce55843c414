#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r'''
module: container_info
short_description: List OpenAI containers, or retrieve one
version_added: 1.0.0
description:
  - Lists every OpenAI container (the sandboxes of the Code Interpreter tool) of a project by following
    the API's cursor pagination to the end, or retrieves one container by O(id).
  - Every page is validated against a JSON Schema derived from the official OpenAPI spec (see O(schema_validation)).
  - A listing returns every container or fails; it never returns a partial list silently.
author:
  - llmops.openai contributors (@llmops)
options:
  id:
    description:
      - Retrieve only the container with this ID. Then RV(exists) tells whether it exists;
        an unknown ID is not a failure.
      - Cannot be combined with O(name), O(after) or O(max_results).
    type: str
extends_documentation_fragment:
  - llmops.openai.connection
  - llmops.openai.listing
  - llmops.openai.listing.page_size
  - llmops.openai.attributes
  - llmops.openai.attributes.info_module
seealso:
  - module: llmops.openai.container_facts
  - plugin: llmops.openai.containers
    plugin_type: inventory
'''

EXAMPLES = r'''
- name: List every container of the project (the key comes from OPENAI_API_KEY)
  llmops.openai.container_info:
  register: result

- name: Show how many there are
  ansible.builtin.debug:
    msg: "{{ result.containers | length }} containers"

- name: The ten oldest containers named "Code Interpreter"
  llmops.openai.container_info:
    name: Code Interpreter
    order: asc
    max_results: 10

- name: Does this container still exist?
  llmops.openai.container_info:
    id: cntr_682dfebaacac8198bbfe9c2474fb6f4a085685cbe3cb5863
  register: one

- name: Credentials once per play
  hosts: localhost
  module_defaults:
    group/llmops.openai.openai:
      api_key: "{{ vault_openai_api_key }}"
      project: proj_abc123
  tasks:
    - name: List containers
      llmops.openai.container_info:

- name: The containers of an Azure OpenAI resource (v1 API, key in the api-key header)
  llmops.openai.container_info:
    auth_header: api-key
    base_url: https://my-resource.openai.azure.com/openai/v1
    api_key: "{{ vault_azure_openai_key }}"

- name: Through an OpenAI-compatible gateway that wants a header of its own
  llmops.openai.container_info:
    base_url: https://llm-gateway.example.com/openai/v1
    api_key: "{{ vault_gateway_key }}"
    headers:
      X-Gateway-Tenant: research
'''

RETURN = r'''
containers:
  description:
    - The containers as the API sent them, in the API's order (newest first unless O(order=asc)), each once.
    - Fields the API adds later are returned too.
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
duplicates_dropped:
  description:
    - How many containers the API listed more than once (each is in RV(containers) once).
    - Not zero when containers were created or deleted while the listing was read, or when the server repeats items;
      a warning says so too. Always V(0) with O(id).
  returned: always
  type: int
  sample: 0
  version_added: 1.1.0
exists:
  description: Whether the container given by O(id) exists.
  returned: when O(id) is set
  type: bool
  sample: true
error:
  description: The API's error, when the module failed on one.
  returned: on failure from the API
  type: dict
  sample:
    status: 401
    type: invalid_request_error
    code: invalid_api_key
    message: Incorrect API key provided.
    param: null
    request_id: req_0123456789abcdef0123456789abcdef
'''

from ansible_collections.llmops.openai.plugins.module_utils._module import gather_containers, info_module


def main():
    module = info_module()
    module.exit_json(changed=False, **gather_containers(module))


if __name__ == '__main__':
    main()
