# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# What every module of the collection shares: the options of _options.py (doc fragments
# llmops.openai.connection and llmops.openai.listing), the client built from module.params,
# and the translation of errors into fail_json.

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.llmops.openai.plugins.module_utils._api.client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR, ApiClient
from ansible_collections.llmops.openai.plugins.module_utils._api.settings import ConnectionSettings, option_secrets
from ansible_collections.llmops.openai.plugins.module_utils._containers import ListingOptions, list_containers, retrieve_container
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OpenAIError
from ansible_collections.llmops.openai.plugins.module_utils._text import error_text, printable
from ansible_collections.llmops.openai.plugins.module_utils._options import CONNECTION_ARGUMENT_SPEC, LISTING_ARGUMENT_SPEC
from ansible_collections.llmops.openai.plugins.module_utils._schema import HAS_JSONSCHEMA, JSONSCHEMA_IMPORT_ERROR, SchemaValidator


class OpenAIModule(AnsibleModule):
    """An AnsibleModule that knows the connection options and builds the shared client."""

    def __init__(self, argument_spec, listing=False, **kwargs):
        spec = dict(CONNECTION_ARGUMENT_SPEC)
        if listing:
            spec.update(LISTING_ARGUMENT_SPEC)
        spec.update(argument_spec)
        super(OpenAIModule, self).__init__(argument_spec=spec, **kwargs)
        # `headers` is no no_log option (its plain values, such as 1, would be masked in every result):
        # the values of secret headers are masked here, and so is user information in base_url, which
        # ConnectionSettings refuses, so that not even the invocation of the failed task shows them.
        self.no_log_values.update(option_secrets(self.params))
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        if not HAS_JSONSCHEMA and self.params['schema_validation'] != 'off':
            self.fail_json(msg=missing_required_lib('jsonschema'), exception=JSONSCHEMA_IMPORT_ERROR)
        self._client = None

    def option_guard(self, build):
        """Run ``build()`` (which validates options) and fail, naming the option, before any request."""
        try:
            return build()
        except OpenAIError as exc:
            self.fail_from(exc)

    @property
    def client(self):
        return self.open_client()

    def open_client(self, **client_options):
        """The task's one client, built on first use; ``client_options`` (``sleep``, ``connections``)
        go to ApiClient then."""
        if self._client is None:
            settings = self.option_guard(lambda: ConnectionSettings.from_options(self.params))
            # A key read from the environment is no module parameter: make Ansible mask it too.
            self.no_log_values.update(settings.secrets)
            self.warn_all(settings.warnings())
            self._client = ApiClient(settings, log=self.debug, **client_options)
        return self._client

    def schema_validator(self):
        return self.option_guard(lambda: SchemaValidator(self.params['schema_validation']))

    def listing_options(self):
        return self.option_guard(lambda: ListingOptions.from_options(self.params))

    def fail_from(self, exc, **result):
        """Fail with the API's status, message and request id; never a traceback, never the key.

        An ApiError comes from the client already redacted in every field (ApiClient._error): its
        fields are shown as they are. The message is error_text's, the one redaction of every front
        end: the listing and file code make their errors from the server's data (a repeated cursor, a
        file object) as it is.
        """
        secrets = self._client.settings.secrets if self._client is not None else [self.params.get('api_key')]
        if isinstance(exc, ApiError):
            result['error'] = exc.as_dict()
        self.fail_json(msg=error_text(exc, secrets), **result)

    def warn(self, warning):
        """Warn with every character that is not printable escaped (see printable): many warnings quote
        ids, names and numbers the server chose, and a terminal would obey the escape sequences in them.
        Escaping here, once for every warning, means no message can forget it; printable() leaves an
        already escaped text as it is, so nothing is escaped twice."""
        super(OpenAIModule, self).warn(printable(warning))

    def warn_all(self, warnings):
        for warning in warnings:
            self.warn(warning)


def gather_containers(module):
    """The containers container_info and container_facts return: one by O(id), or the listing.

    Returns a dict with ``containers`` (as the API sent them), ``duplicates_dropped`` (listed twice,
    returned once) and, when O(id) is set, ``exists``.
    """
    validator = module.schema_validator()
    container_id = module.params.get('id')
    options = None if container_id else module.listing_options()
    client = module.client
    try:
        if container_id:
            container, warnings = retrieve_container(client, container_id, validator)
            module.warn_all(warnings)
            return dict(containers=[container] if container else [], exists=container is not None, duplicates_dropped=0)
        listing = list_containers(client, options, validator)
    except OpenAIError as exc:
        module.fail_from(exc)
    finally:
        client.close()
    module.warn_all(listing.warnings)
    return dict(containers=listing.items, duplicates_dropped=listing.duplicates)


def info_module():
    """The module object of container_info and container_facts, which take the same options."""
    return OpenAIModule(
        argument_spec=dict(id=dict(type='str')),
        listing=True,
        mutually_exclusive=[('id', 'name'), ('id', 'after'), ('id', 'max_results')],
        supports_check_mode=True,
    )
