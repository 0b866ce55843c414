#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r'''
module: container_file_info
short_description: List the files of an OpenAI container
version_added: 1.3.0
description:
  - Lists every file of one OpenAI container (the files a user uploaded and those the model wrote) by following
    the API's cursor pagination to the end, with the guarantees of the containers' listing
    (M(llmops.openai.container_info)) - a loop guard against repeated cursors, O(max_pages), O(listing_timeout),
    schema validation of every file object (O(schema_validation)), files listed twice returned once.
  - A listing returns every file or fails; it never returns a partial list silently.
  - An unknown container (deleted, expired, or of another project) is a failure whose message names it, because a container's
    files are gone with it, and an empty list would look like a container without files.
  - The API gives no checksum and no modification time; RV(files[].bytes) and the name are all that can be compared
    without downloading (see M(llmops.openai.container_file)).
  - The C(path) of each file is chosen by the server, and for generated files by the model. Treat it as untrusted
    text; never build a local path from it without checking it.
author:
  - llmops.openai contributors (@llmops)
options:
  container_id:
    description:
      - The ID of the container whose files are listed.
    type: str
    required: true
extends_documentation_fragment:
  - llmops.openai.connection
  - llmops.openai.listing.files
  - llmops.openai.listing.page_size
  - llmops.openai.attributes
  - llmops.openai.attributes.info_module
seealso:
  - module: llmops.openai.container_file
  - module: llmops.openai.container_info
'''

EXAMPLES = r'''
- name: List every file of a container (the key comes from OPENAI_API_KEY)
  llmops.openai.container_file_info:
    container_id: cntr_682e0e7318108198aa783fd921ff305e08e78805b9fdbb04
  register: listing

- name: Show them
  ansible.builtin.debug:
    msg: "{{ listing.file_count }} files, {{ listing.total_bytes }} bytes: {{ listing.files | map(attribute='path') | list }}"

- name: Download what the model wrote, each to a name of our choosing (never the server's path)
  llmops.openai.container_file:
    container_id: cntr_682e0e7318108198aa783fd921ff305e08e78805b9fdbb04
    file_id: "{{ item.id }}"
    dest: "/srv/results/{{ item.id }}.out"
  loop: "{{ listing.files | selectattr('source', 'equalto', 'assistant') | list }}"
  loop_control:
    label: "{{ item.id }}"
'''

RETURN = r'''
files:
  description:
    - The container's files as the API sent them, in the API's order (newest first unless O(order=asc)), each once.
    - Fields the API adds later are returned too.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The file's ID.
      type: str
      sample: cfile_682e0e8a43c88191a7978f477a09bdf5
    bytes:
      description: The file's size.
      type: int
      sample: 880
    path:
      description:
        - The file's path in the container, chosen by the server; uploaded files get a C(<32 hex>-) prefix before their name.
      type: str
      sample: /mnt/data/88e12fa445d32636f190a0b33daed6cb-tsconfig.json
    source:
      description: Who wrote the file, for example V(user) or V(assistant).
      type: str
      sample: user
  sample:
    - id: cfile_682e0e8a43c88191a7978f477a09bdf5
      object: container.file
      created_at: 1747848842
      bytes: 880
      container_id: cntr_682e0e7318108198aa783fd921ff305e08e78805b9fdbb04
      path: /mnt/data/88e12fa445d32636f190a0b33daed6cb-tsconfig.json
      source: user
file_count:
  description: How many files RV(files) holds.
  returned: always
  type: int
  sample: 1
total_bytes:
  description:
    - The sum of the files' C(bytes). A file without a usable size (possible with O(schema_validation=warn) or V(off))
      is left out, with a warning.
  returned: always
  type: int
  sample: 880
duplicates_dropped:
  description: How many files the API listed more than once (each is in RV(files) once); a warning says so too.
  returned: always
  type: int
  sample: 0
error:
  description: The API's error, when the module failed on one.
  returned: on failure from the API
  type: dict
  sample:
    status: 404
    type: invalid_request_error
    code: null
    message: >-
      container cntr_682e0e7318108198aa783fd921ff305e08e78805b9fdbb04 was not found (unknown, deleted or expired;
      its files are gone with it): Container not found
    param: null
    request_id: req_0123456789abcdef0123456789abcdef
'''

from ansible_collections.llmops.openai.plugins.module_utils._container_files import (
    FILE_LISTING_OPTION_NAMES, list_container_files, total_bytes)
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import OpenAIError
from ansible_collections.llmops.openai.plugins.module_utils._module import OpenAIModule
from ansible_collections.llmops.openai.plugins.module_utils._options import LISTING_ARGUMENT_SPEC


def main():
    argument_spec = dict((name, LISTING_ARGUMENT_SPEC[name]) for name in FILE_LISTING_OPTION_NAMES)
    argument_spec['container_id'] = dict(type='str', required=True)
    module = OpenAIModule(argument_spec=argument_spec, supports_check_mode=True)
    validator = module.schema_validator()
    options = module.listing_options()
    client = module.client
    try:
        listing = list_container_files(client, module.params['container_id'], options, validator)
    except OpenAIError as exc:
        module.fail_from(exc)
    finally:
        client.close()
    module.warn_all(listing.warnings)
    total, unknown = total_bytes(listing.items)
    if unknown:
        module.warn('%d file%s no usable size: total_bytes leaves %s out' % (
            unknown, ' has' if unknown == 1 else 's have', 'it' if unknown == 1 else 'them'))
    module.exit_json(changed=False, files=listing.items, file_count=len(listing.items), total_bytes=total,
                     duplicates_dropped=listing.duplicates)


if __name__ == '__main__':
    main()
