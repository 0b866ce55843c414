# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# The exceptions of the collection and their wording; every front end (module, inventory plugin,
# event source, filter) turns them into its own failure. An ApiError leaves the client already
# redacted and printable (ApiClient._error); the others quote the server's data as they are, and a
# front end makes every message with _text.error_text, its one redaction.


class OpenAIError(Exception):
    """Base class of every error this collection raises."""


class OptionError(OpenAIError):
    """An option has a value this collection refuses; raised before any request is sent."""

    def __init__(self, option, message):
        self.option = option
        super(OptionError, self).__init__("option '%s': %s" % (option, message))


class ApiError(OpenAIError):
    """The API answered with an error, an unusable body, or could not be reached.

    ``status`` is None when no HTTP response arrived (connection refused, timeout, dropped).
    ``after_ambiguous_attempt`` is True when an earlier attempt of the same call got no answer or
    an HTTP 5xx, so the server may have carried it out (a DELETE whose answer was lost).
    """

    def __init__(self, message, status=None, error_type=None, code=None, param=None,
                 request_id=None, method=None, path=None, after_ambiguous_attempt=False):
        self.message = message
        self.after_ambiguous_attempt = after_ambiguous_attempt
        self.status = status
        self.error_type = error_type
        self.code = code
        self.param = param
        self.request_id = request_id
        self.method = method
        self.path = path
        super(ApiError, self).__init__(self._render())

    def _render(self):
        parts = []
        if self.status is not None:
            parts.append('HTTP %s' % self.status)
        detail = [value for value in (self.error_type, self.code) if value]
        if detail:
            parts.append('(%s)' % ', '.join(detail))
        head = 'OpenAI API error'
        if parts:
            head += ' ' + ' '.join(parts)
        text = '%s: %s' % (head, self.message)
        if self.request_id:
            text += ' [request id: %s]' % self.request_id
        if self.method and self.path:
            text += ' [%s %s]' % (self.method, self.path)
        return text

    def as_dict(self):
        """The error's fields, for module results and inventory messages."""
        return dict(status=self.status, type=self.error_type, code=self.code, param=self.param,
                    message=self.message, request_id=self.request_id)


class PaginationError(OpenAIError):
    """The server's pages cannot be followed to the end (a cursor that repeats, a missing id)."""


class SchemaValidationError(OpenAIError):
    """Data from the API does not match the schema, with every violation found."""

    def __init__(self, violations):
        self.violations = list(violations)
        shown = self.violations[:20]
        more = len(self.violations) - len(shown)
        text = 'the API returned data that does not match the Containers schema (%d violation%s): %s' % (
            len(self.violations), '' if len(self.violations) == 1 else 's', '; '.join(shown))
        if more:
            text += '; and %d more' % more
        super(SchemaValidationError, self).__init__(text)
