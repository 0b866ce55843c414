# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# The connection settings of every front end: the options validated, the environment read for the
# options not set (the only place it is read for them), and which of their values are secrets.

import os
import re
from urllib.parse import unquote

from ansible_collections.llmops.openai.plugins.module_utils._api.errors import OptionError
from ansible_collections.llmops.openai.plugins.module_utils._options import (
    AUTH_HEADERS, CONNECTION_OPTION_NAMES, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_WAIT,
    DEFAULT_TIMEOUT, integer_option, number_option)
from ansible_collections.llmops.openai.plugins.module_utils._text import MIN_SECRET_LENGTH, REDACTED, printable

DEFAULT_BASE_URL = 'https://api.openai.com/v1'
MAX_RETRIES_LIMIT = 10

# A header value with one of these would be refused by requests (or split the request).
_CONTROL_CHARACTERS = re.compile(r'[\x00-\x1f\x7f]')

# AUTH_HEADERS (_options.py) says which header each value of auth_header sends the key in.
DEFAULT_AUTH_HEADER = 'bearer'
# The environment variables of the connection options, read here and nowhere else: the modules'
# argument spec has no env fallback, the plugins' docs no env: and the event source reads none itself
# (the descriptions of the doc fragment llmops.openai.connection name these variables, checked by
# tests/unit/plugins/doc_fragments/test_option_docs.py). A variable is read only for an option not set.
# api_key and base_url have one variable per auth header, so a key meant for api.openai.com is never
# sent to another service and an Azure key never to api.openai.com.
ENVIRONMENT = {
    'api_key': {'bearer': 'OPENAI_API_KEY', 'api-key': 'AZURE_OPENAI_API_KEY'},
    'base_url': {'bearer': 'OPENAI_BASE_URL', 'api-key': 'AZURE_OPENAI_ENDPOINT'},
    'organization': 'OPENAI_ORG_ID',
    'project': 'OPENAI_PROJECT_ID',
    'auth_header': 'OPENAI_AUTH_HEADER',
}
# The Azure OpenAI v1 API under a resource endpoint such as https://RESOURCE.openai.azure.com/.
AZURE_V1_PATH = '/openai/v1'
# Headers the collection sets from options: extra headers may not replace them behind the option's back.
OPTION_HEADERS = {'openai-organization': 'organization', 'openai-project': 'project'}
# RFC 9110 token characters: a header name is one token, so it cannot carry a line break or a colon.
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
# A line break or another control character (tab excepted) in a value would split or corrupt the request.
_HEADER_VALUE_FORBIDDEN = re.compile(r'[\x00-\x08\x0a-\x1f\x7f]')
# Headers whose values are credentials (of a gateway or a proxy): only these values are secrets, masked
# in module output and redacted from every message. Other values (a tenant, a route, a flag such as 1)
# are plain text: masking them would rewrite every id, date and number holding the same characters.
SECRET_HEADER_NAMES = frozenset(('authorization', 'proxy-authorization', 'api-key', 'x-api-key', 'cookie'))
SECRET_HEADER_WORDS = ('token', 'secret', 'key', 'auth', 'password')
# The user information of a URL: what comes before the last @ of its authority (scheme://USER:PASSWORD@host).
_AUTHORITY = re.compile(r'^(?P<scheme>[^:/?#@]*://)?(?P<authority>[^/?#]*)')


class ConnectionSettings:
    """Validated connection options, identical for modules and plugins.

    Takes the options of CONNECTION_OPTION_NAMES (_options.py) by name; an option that is missing
    or None gets its default (plugins and the event source pass None for an option not set).
    """

    def __init__(self, environ=None, **options):
        unknown = sorted(set(options) - set(CONNECTION_OPTION_NAMES))
        if unknown:
            raise TypeError('not a connection option: %s' % ', '.join(unknown))
        option = options.get
        environ = os.environ if environ is None else environ
        self.auth_header = option('auth_header') or environ.get(environment_variable('auth_header')) or DEFAULT_AUTH_HEADER
        if self.auth_header not in AUTH_HEADERS:
            raise OptionError('auth_header', 'must be one of %s, got %r' % (', '.join(sorted(AUTH_HEADERS)), self.auth_header))

        def from_environment(name):
            return environ.get(environment_variable(name, self.auth_header))
        api_key = option('api_key') or from_environment('api_key')
        if not api_key:
            raise OptionError('api_key', 'an API key is required: set the option or the %s environment variable' % (
                environment_variable('api_key', self.auth_header)))
        self.api_key = _header_value('api_key', api_key)
        if len(self.api_key) < MIN_SECRET_LENGTH:
            # Ansible masks every occurrence of a no_log value in a task's output: so short a key would
            # rewrite ids and numbers in results (and pruning the listed ids would delete nothing).
            raise OptionError('api_key', 'is shorter than %d characters: Ansible masks every occurrence of the key in '
                              'its output, which would rewrite ids and numbers in the results; use a longer key (a '
                              'gateway\'s master key too)' % MIN_SECRET_LENGTH)
        self.base_url = _base_url(self.auth_header, option('base_url') or from_environment('base_url'))
        # An empty organization or project is set: it sends no header, whatever the environment says.
        self.organization = _header_value('organization', _unless_none(option('organization'), from_environment('organization'))) or None
        self.project = _header_value('project', _unless_none(option('project'), from_environment('project'))) or None
        self.headers = _extra_headers(option('headers'), self.auth_header)
        self.timeout = number_option('timeout', option('timeout'), above=0, unit='seconds', default=DEFAULT_TIMEOUT)
        self.max_retries = integer_option('max_retries', option('max_retries'), DEFAULT_MAX_RETRIES, 0, MAX_RETRIES_LIMIT)
        self.max_response_bytes = integer_option('max_response_bytes', option('max_response_bytes'), DEFAULT_MAX_RESPONSE_BYTES, 1)
        self.max_retry_wait = number_option('max_retry_wait', option('max_retry_wait'), minimum=0, unit='seconds',
                                            default=DEFAULT_MAX_RETRY_WAIT)
        self.validate_certs = option('validate_certs') is not False
        self.ca_path = option('ca_path') or None
        if self.ca_path and not os.path.isfile(self.ca_path):
            raise OptionError('ca_path', 'no such file: %s' % self.ca_path)

    @classmethod
    def from_options(cls, options, environ=None):
        """Build from a mapping holding the documented option names (module params or plugin options)."""
        return cls(environ=environ, **dict((name, options.get(name)) for name in CONNECTION_OPTION_NAMES))

    @property
    def secrets(self):
        """What must never appear in a message: the key and the values of the secret headers
        (is_secret_header); the values of plain headers are no secret."""
        return [self.api_key] + [value for name, value in self.headers.items() if is_secret_header(name)]

    def warnings(self):
        """Warnings the front-end shows once, before the first request."""
        if not self.validate_certs and self.base_url.startswith('https://'):
            return ['validate_certs is false: the TLS certificate of %s is not verified, so anyone on the '
                    'network path can read the API key; use ca_path for a private CA instead' % self.base_url]
        return []


def environment_variable(option, auth_header=None):
    """The environment variable ``option`` is read from with ``auth_header`` (see ENVIRONMENT)."""
    variable = ENVIRONMENT[option]
    return variable[auth_header] if isinstance(variable, dict) else variable


def _unless_none(value, otherwise):
    return otherwise if value is None else value


def _base_url(auth_header, value):
    if not value:
        if auth_header != DEFAULT_AUTH_HEADER:
            raise OptionError('base_url', 'is required with auth_header=%s: set the option or the %s environment variable '
                              '(Azure OpenAI: https://RESOURCE.openai.azure.com/openai/v1)' % (
                                  auth_header, environment_variable('base_url', auth_header)))
        return DEFAULT_BASE_URL
    base_url = value.rstrip('/')
    if url_userinfo(base_url):
        # Never echoed: it is often a token. requests would send it as Basic authentication, which
        # replaces the key's Authorization header.
        raise OptionError('base_url', 'must not hold user information (USER:PASSWORD@ before the host, here %s): it would be '
                          'sent as Basic authentication instead of the API key. Give the key in api_key and the '
                          "credentials of a gateway or proxy in headers" % redact_url(base_url))
    if not base_url.startswith(('http://', 'https://')):
        raise OptionError('base_url', 'must start with http:// or https://, got %r' % base_url)
    if auth_header == 'api-key' and '/' not in base_url.split('://', 1)[1]:
        # A bare Azure resource endpoint (how AZURE_OPENAI_ENDPOINT is usually set): its v1 API.
        base_url += AZURE_V1_PATH
    return base_url


def _extra_headers(headers, auth_header):
    """The option headers as {name: text}, refused when they could split a request or replace a header
    an option owns. Messages name the header, never its value."""
    if headers is None:
        return {}
    if not isinstance(headers, dict):
        raise OptionError('headers', 'must be a dictionary of header names and values')
    owned = dict(OPTION_HEADERS)
    owned[AUTH_HEADERS[auth_header].lower()] = 'api_key (and auth_header to choose the header)'
    result = {}
    seen = set()
    for name, value in headers.items():
        if not isinstance(name, str) or not _HEADER_NAME.match(name):
            raise OptionError('headers', '%s is not a valid header name (letters, digits and !#$%%&\'*+.^_`|~- only, '
                              'no space, colon or line break)' % printable(repr(name)))
        if name.lower() in seen:
            raise OptionError('headers', '%s is given twice (header names are case-insensitive)' % name)
        seen.add(name.lower())
        if name.lower() in owned:
            raise OptionError('headers', '%s is set by the collection: use the option %s instead' % (name, owned[name.lower()]))
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise OptionError('headers', 'the value of %s must be a string' % name)
        value = str(value)
        if _HEADER_VALUE_FORBIDDEN.search(value):
            raise OptionError('headers', 'the value of %s contains a line break or another control character' % name)
        if is_secret_header(name) and len(value) < MIN_SECRET_LENGTH:
            raise OptionError('headers', 'the value of %s is shorter than %d characters: a header named like a credential '
                              '(authorization, cookie, or a name with token, secret, key, auth or password) is a secret, '
                              'and masking so short a secret in the output would rewrite unrelated text (ids, dates)' % (
                                  name, MIN_SECRET_LENGTH))
        result[name] = value
    return result


def is_secret_header(name):
    """Whether the value of the header ``name`` is a credential (see SECRET_HEADER_NAMES)."""
    name = str(name).lower()
    return name in SECRET_HEADER_NAMES or any(word in name for word in SECRET_HEADER_WORDS)


def option_secrets(options):
    """The secrets of options not validated yet (module parameters): the values of secret headers and
    the user information of base_url (which ConnectionSettings refuses), for a module to mask from the
    start, so that even the invocation of a task that fails on them does not show them. Values
    shorter than MIN_SECRET_LENGTH are left out: masking them would garble the failure's message."""
    headers = options.get('headers')
    values = url_userinfo(options.get('base_url'))
    if isinstance(headers, dict):
        values += [str(value) for name, value in headers.items() if is_secret_header(name) and value is not None]
    return [value for value in values if len(value) >= MIN_SECRET_LENGTH]


def _header_value(option, value):
    """An option sent as an HTTP header: a newline in it would end the header, so it is refused."""
    if value and _CONTROL_CHARACTERS.search(value):
        raise OptionError(option, 'contains a control character (a newline or a tab?); '
                                  'copy the value again without it')
    return value


def url_userinfo(url):
    """The user information of ``url`` (``scheme://USER:PASSWORD@host``, the scheme optional) as the
    texts it may be written or sent as: whole, user and password, each also percent-decoded. [] when
    it has none."""
    match = _AUTHORITY.match(url) if isinstance(url, str) else None
    if not match or '@' not in match.group('authority'):
        return []
    userinfo = match.group('authority').rsplit('@', 1)[0]
    parts = [userinfo] + userinfo.split(':', 1)
    return [text for text in dict.fromkeys(parts + [unquote(part) for part in parts]) if text]


def redact_url(url):
    """``url`` with its user information (``USER:PASSWORD@``) replaced, for messages."""
    match = _AUTHORITY.match(url) if isinstance(url, str) else None
    if not match or '@' not in match.group('authority'):
        return url
    host = match.group('authority').rsplit('@', 1)[1]
    return '%s%s@%s%s' % (match.group('scheme') or '', REDACTED, host, url[match.end():])
