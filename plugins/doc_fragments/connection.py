# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class ModuleDocFragment(object):

    # The connection options for modules: they fall back to environment variables in code
    # (modules cannot read env: from their docs), so the fallback is stated in the description.
    DOCUMENTATION = r'''
options:
  api_key:
    description:
      - 'The OpenAI API key, sent as C(Authorization: Bearer).'
      - If not set, the value of the E(OPENAI_API_KEY) environment variable is used.
      - It never appears in results, messages or logs.
    type: str
  base_url:
    description:
      - The base URL of the API, including the version path.
      - Use it for the bundled emulator, a proxy, Azure OpenAI (v1 API) or another provider that serves the Containers API.
      - If not set, the value of the E(OPENAI_BASE_URL) environment variable is used.
    type: str
    default: https://api.openai.com/v1
  organization:
    description:
      - 'The organization ID, sent as C(OpenAI-Organization) only when set.'
      - If not set, the value of the E(OPENAI_ORG_ID) environment variable is used.
    type: str
  project:
    description:
      - The project ID, sent as C(OpenAI-Project) only when set.
      - If not set, the value of the E(OPENAI_PROJECT_ID) environment variable is used.
    type: str
  timeout:
    description:
      - Seconds one request may take in total, from connecting to the last byte of the answer
        (connecting waits at most 5 seconds of it). A server that sends its answer slowly cannot stretch it.
      - Each retry (O(max_retries)) gets the same time again.
    type: float
    default: 60
  max_retries:
    description:
      - How many times a failed idempotent request is retried (0 to 10).
      - Retried are connection errors, timeouts, HTTP 408, 409, 429 and 5xx, as the official SDK does;
        C(Retry-After) and C(retry-after-ms) are honoured up to 120 seconds, otherwise the wait grows
        exponentially from 0.5 to 8 seconds with jitter.
      - Creating a container is never retried blindly.
      - Redirects (HTTP 3xx) are never followed; they fail naming where they pointed.
    type: int
    default: 2
  max_retry_wait:
    description:
      - Seconds the task may spend in total waiting between retries, over all its requests (every page of a listing).
      - A retry whose wait would pass it is not made, and the task fails with the last error.
    type: float
    default: 300
  max_response_bytes:
    description:
      - The largest response body accepted, in bytes, counted after decompression.
      - A longer answer fails without being read further; a real page of 100 containers is about 50 kB.
    type: int
    default: 16777216
  validate_certs:
    description:
      - Whether the server's TLS certificate is verified. Turn it off only for testing; it gives a warning.
      - For a private CA or an intercepting proxy, use O(ca_path) instead.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file of CA certificates used to verify the server instead of the system's.
    type: path
  schema_validation:
    description:
      - How responses are checked against the JSON Schema derived from the official OpenAPI spec.
      - V(strict) fails, naming the container ID and the JSON path of every violation.
      - V(warn) returns the data and emits a warning per violation.
      - V(off) does not check.
    type: str
    choices: [strict, warn, 'off']
    default: strict
requirements:
  - requests
  - jsonschema (unless O(schema_validation=off)); jsonschema-rs or fastjsonschema are used as a faster validator when installed
notes:
  - Options can be set once per play with C(module_defaults) and the action group C(group/llmops.openai.openai).
'''

    # The same options for inventory and other plugins, which read environment variables from their docs.
    PLUGINS = r'''
options:
  api_key:
    description:
      - 'The OpenAI API key, sent as C(Authorization: Bearer).'
      - It may be a template, for example a vault variable or C(lookup('ansible.builtin.env', 'OPENAI_API_KEY')).
      - It never appears in host variables, the cache, messages or logs.
    type: str
    env:
      - name: OPENAI_API_KEY
  base_url:
    description:
      - The base URL of the API, including the version path.
      - Use it for the bundled emulator, a proxy, Azure OpenAI (v1 API) or another provider that serves the Containers API.
    type: str
    default: https://api.openai.com/v1
    env:
      - name: OPENAI_BASE_URL
  organization:
    description:
      - 'The organization ID, sent as C(OpenAI-Organization) only when set.'
    type: str
    env:
      - name: OPENAI_ORG_ID
  project:
    description:
      - The project ID, sent as C(OpenAI-Project) only when set.
    type: str
    env:
      - name: OPENAI_PROJECT_ID
  timeout:
    description:
      - Seconds one request may take in total, from connecting to the last byte of the answer
        (connecting waits at most 5 seconds of it). A server that sends its answer slowly cannot stretch it.
      - Each retry (O(max_retries)) gets the same time again.
    type: float
    default: 60
  max_retries:
    description:
      - How many times a failed request is retried (0 to 10), as the official SDK does
        (connection errors, timeouts, HTTP 408, 409, 429 and 5xx; C(Retry-After) honoured up to 120 seconds).
      - Redirects (HTTP 3xx) are never followed; they fail naming where they pointed.
    type: int
    default: 2
  max_retry_wait:
    description:
      - Seconds one project's listing may spend in total waiting between retries, over all its pages.
      - A retry whose wait would pass it is not made, and the project fails with the last error.
    type: float
    default: 300
  max_response_bytes:
    description:
      - The largest response body accepted, in bytes, counted after decompression.
      - A longer answer fails without being read further; a real page of 100 containers is about 50 kB.
    type: int
    default: 16777216
  validate_certs:
    description:
      - Whether the server's TLS certificate is verified. Turn it off only for testing; it gives a warning.
      - For a private CA or an intercepting proxy, use O(ca_path) instead.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file of CA certificates used to verify the server instead of the system's.
    type: path
  schema_validation:
    description:
      - How responses are checked against the JSON Schema derived from the official OpenAPI spec.
      - V(strict) fails, naming the container ID and the JSON path of every violation.
      - V(warn) keeps the data and emits a warning per violation.
      - V(off) does not check.
    type: str
    choices: [strict, warn, 'off']
    default: strict
requirements:
  - requests
  - jsonschema (unless O(schema_validation=off)); jsonschema-rs or fastjsonschema are used as a faster validator when installed
'''
