# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The benchmarks' trivial module (not part of the collection): returns the containers saved in a
# JSON file, as container_info would return them, so that a play with it costs everything a play
# with container_info costs except the listing itself.

DOCUMENTATION = r'''
module: containers_from_file
short_description: Return the containers saved in a JSON file (benchmarks only)
description:
  - Reads a JSON list of containers and returns it as RV(containers), the way container_info returns a listing.
author:
  - llmops.openai contributors (@llmops)
options:
  path:
    description: The JSON file.
    type: path
    required: true
'''

EXAMPLES = r'''
- name: The containers of the last listing
  containers_from_file:
    path: /tmp/containers.json
'''

RETURN = r'''
containers:
  description: The containers of the file.
  returned: always
  type: list
  elements: dict
'''

import json

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec=dict(path=dict(type='path', required=True)), supports_check_mode=True)
    with open(module.params['path']) as stream:
        containers = json.load(stream)
    module.exit_json(changed=False, containers=containers)


if __name__ == '__main__':
    main()
