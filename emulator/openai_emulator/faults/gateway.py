# What a gateway such as the LiteLLM proxy does to the answers it passes on (docs/docsite/rst/contributing/emulator.rst).
# These rewrites do not answer the request: each that fires changes how the answer is written, on top of
# whichever other rule fires (rules.FaultSet.rewrites).

import re

from .fault import Fault, check_keys

# An HTTP header name (RFC 9110 token), so that a rule cannot make the emulator write a broken answer.
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


class StripFields(Fault):
    """{"fields": [names], "from_requests": false}: the fields removed from every container of the answer
    (and with from_requests, from a create's body before it is carried out)."""

    name = "strip_fields"
    rewrite = True

    def check(self, action):
        check_keys(action, ("fields", "from_requests"))
        fields = action.get("fields")
        if not isinstance(fields, list) or not fields or not all(isinstance(field, str) and field for field in fields):
            raise ValueError("a strip_fields action needs 'fields', a non-empty list of field names")
        if not isinstance(action.get("from_requests", False), bool):
            raise ValueError("'from_requests' of a strip_fields action must be a boolean")

    def rewrite_container(self, container, action, request):
        if (request and not action.get("from_requests", False)) or not isinstance(container, dict):
            return container
        # A copy: the stored container keeps its fields.
        return {key: value for key, value in container.items() if key not in action["fields"]}


class NoRequestId(Fault):
    """{"error_headers": [names]}: no x-request-id; on errors, the id under these names instead (none by
    default), as the LiteLLM proxy passes the API's id on errors only, under its own names."""

    name = "no_request_id"
    rewrite = True

    def check(self, action):
        check_keys(action, ("error_headers",))
        if not isinstance(action.get("error_headers", []), list) or not all(
                isinstance(name, str) and _HEADER_NAME.match(name) for name in action.get("error_headers", [])):
            raise ValueError("'error_headers' of a no_request_id action must be a list of header names")

    def request_id_headers(self, action, status):
        return action.get("error_headers", []) if status >= 400 else []
