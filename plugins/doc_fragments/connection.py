# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import json

import yaml

from ansible_collections.llmops.openai.plugins.module_utils._options import CONNECTION_OPTION_NAMES


class ModuleDocFragment:

    # The connection options, as CONNECTION_ARGUMENT_SPEC in plugins/module_utils/_options.py declares them
    # (tests/unit/plugins/doc_fragments/test_option_docs.py holds the two together). Every front end reads
    # the environment variables through ConnectionSettings (ENVIRONMENT in plugins/module_utils/_api/settings.py),
    # never through env: entries, so the descriptions name the variables, as that test checks.
    DOCUMENTATION = r'''
options:
  api_key:
    description:
      - 'The API key, sent as C(Authorization: Bearer) or as C(api-key), see O(auth_header).'
      - If not set, the value of the E(OPENAI_API_KEY) environment variable is used,
        or of E(AZURE_OPENAI_API_KEY) when O(auth_header=api-key).
      - It never appears in results, host variables, events, the inventory cache, messages or logs. Pass it through
        the environment or a vault variable, not on the command line (C(ansible -a)), which Ansible itself may echo in an error.
      - A key shorter than 8 characters is refused before any request (a dummy key of a local gateway too), because Ansible
        masks every occurrence of the key in a task's output, and so short a key would rewrite ids and numbers in the results.
    type: str
  base_url:
    description:
      - The base URL of the API, including the version path.
      - Use it for the bundled emulator, a proxy, Azure OpenAI (V(https://RESOURCE.openai.azure.com/openai/v1))
        or another provider that serves the Containers API.
      - If not set, the value of the E(OPENAI_BASE_URL) environment variable is used, then V(https://api.openai.com/v1).
      - When O(auth_header=api-key) it is required, or taken from E(AZURE_OPENAI_ENDPOINT); a URL without a path
        there, such as V(https://RESOURCE.openai.azure.com/), means its v1 API (C(/openai/v1) is added).
      - A URL with user information (V(https://USER:PASSWORD@host/v1), or a token as the user) is refused before any
        request, and the message shows it as C(********@host); it would be sent as Basic authentication in place of the key.
        Give the key in O(api_key) and the credentials of a gateway or proxy in O(headers).
    type: str
  auth_header:
    description:
      - 'How the key is sent. V(bearer) sends C(Authorization: Bearer KEY), as OpenAI and most OpenAI-compatible gateways expect.'
      - >-
        V(api-key) sends C(api-key: KEY), as Azure OpenAI expects (the official SDK's C(AzureOpenAI) client does the same);
        the key and base URL then fall back to E(AZURE_OPENAI_API_KEY) and E(AZURE_OPENAI_ENDPOINT) instead of the OpenAI
        variables, so a key meant for one service is never sent to another.
      - If not set, the value of the E(OPENAI_AUTH_HEADER) environment variable is used, then V(bearer).
    type: str
    choices: [bearer, api-key]
    version_added: 1.1.0
  headers:
    description:
      - Extra HTTP headers sent with every request, for a gateway or proxy that needs them (a tenant, a route, a token).
      - The values of secret headers are treated like the key - never in results, host variables, events, the cache,
        messages or logs. A header is secret when its name is C(Authorization), C(Proxy-Authorization), C(api-key),
        C(x-api-key) or C(Cookie), or contains C(token), C(secret), C(key), C(auth) or C(password) (any case), for example
        C(X-Gateway-Token).
      - A secret value shorter than 8 characters is refused before any request, because Ansible masks every occurrence of a
        secret in a module's output, and so short a one would rewrite ids, dates and numbers that happen to contain it.
      - The values of the other headers (V(X-Tenant=research), V(X-Debug=1)) are plain text, shown in the task's invocation
        like any option, and never mask anything.
      - A name or value with a line break or another control character is refused, and so is a header an option sets
        (the key's header, C(OpenAI-Organization), C(OpenAI-Project)); they may replace C(User-Agent) and C(Accept).
    type: dict
    version_added: 1.1.0
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
        C(Retry-After) and C(retry-after-ms) (and C(llm_provider-retry-after), the name the LiteLLM proxy gives
        C(Retry-After)) are honoured up to 120 seconds, otherwise the wait grows
        exponentially from 0.5 to 8 seconds with jitter.
      - Creating a container (M(llmops.openai.container)) is never retried blindly.
      - Redirects (HTTP 3xx) are never followed; they fail naming where they pointed.
    type: int
    default: 2
  max_retry_wait:
    description:
      - Seconds a task may spend in total waiting between retries, over all its requests (every page of a listing);
        in the inventory plugin and the event source, each listing of a project has its own.
      - A retry whose wait would pass it is not made, and the task (or the project's listing) fails with the last error.
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


def _projects_fragment(documentation):
    """The suboptions of a plugin's ``projects`` option: each connection option an entry may set,
    pointing to the top-level option of the same name, with its type and choices (no default: an
    entry inherits the top-level value). Made from DOCUMENTATION, so adding an option there adds it here."""
    options = yaml.safe_load(documentation)['options']
    suboptions = {'name': {
        'description': 'A name for the project, unique among the entries, used in messages and to tag what comes from it.',
        'type': 'str', 'required': True}}
    for name in CONNECTION_OPTION_NAMES:
        entry = {'description': 'Overrides O(%s) for this project; see there.' % name}
        entry.update((key, value) for key, value in options[name].items() if key in ('type', 'elements', 'choices', 'version_added'))
        suboptions[name] = entry
    return json.dumps({'options': {'projects': {'suboptions': suboptions}}})


# Built outside the class body: ansible-test's yamllint reads every assignment in it as a YAML literal.
ModuleDocFragment.PROJECTS = _projects_fragment(ModuleDocFragment.DOCUMENTATION)
