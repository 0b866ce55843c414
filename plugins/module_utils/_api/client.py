# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# The one HTTP client of the collection: connection settings, one requests.Session per client,
# retries, and the mapping of every failure onto ApiError. Front-ends never touch HTTP.

import json
import os
import platform
import re
import time
import traceback
import warnings
from urllib.parse import unquote

try:
    import requests
    from urllib3.exceptions import InsecureRequestWarning
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OptionError
from ansible_collections.llmops.openai.plugins.module_utils._api.retry import RetryBudget, RetryPolicy, parse_retry_after, unusable_retry_after
from ansible_collections.llmops.openai.plugins.module_utils._api.transport import BodyTooLarge, DeadlineAdapter, RequestDeadline, declared_length, read_body
from ansible_collections.llmops.openai.plugins.module_utils._options import (
    AUTH_HEADERS, AUTH_HEADER_ENV, CONNECTION_OPTION_NAMES, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_WAIT, DEFAULT_TIMEOUT, integer_option, number_option)
from ansible_collections.llmops.openai.plugins.module_utils._text import MIN_SECRET_LENGTH, REDACTED, clip, printable, redact_all, seconds_text
from ansible_collections.llmops.openai.plugins.module_utils._version import COLLECTION_NAME, COLLECTION_VERSION

DEFAULT_BASE_URL = 'https://api.openai.com/v1'
MAX_RETRIES_LIMIT = 10
CONNECT_TIMEOUT = 5.0
IDEMPOTENT_METHODS = frozenset(('GET', 'HEAD', 'OPTIONS', 'DELETE'))
# Bytes of a download read and written at a time: large enough for disk-speed throughput, small
# enough that memory stays flat (a compressed chunk is decoded up to this many bytes at a time).
DOWNLOAD_CHUNK_BYTES = 1024 * 1024
# The operating system's words for a socket failure, e.g. '[Errno 111] Connection refused'.
_ERRNO_TEXT = re.compile(r'\[Errno -?\d+\] ([^\'"\])]+)')
# A header value with one of these would be refused by requests (or split the request).
_CONTROL_CHARACTERS = re.compile(r'[\x00-\x1f\x7f]')
# What OpenSSL says when the other end does not answer a ClientHello with TLS.
_NOT_TLS = ('wrong version number', 'record layer failure', 'http request', 'unknown protocol',
            'packet length too long', 'record_layer_failure', 'wrong_version_number')
_CERTIFICATE_PROBLEM = re.compile(r'certificate verify failed: ([^(]+)', re.IGNORECASE)
# How much of a text from the API a message quotes.
MESSAGE_LIMIT = 1000
REQUEST_ID_LIMIT = 200
# Where an answer names its request id, first found wins: the API's own header, then the names the
# LiteLLM proxy (1.108) gives the API's id on the errors it passes on (its successes carry none).
REQUEST_ID_HEADERS = ('x-request-id', 'request-id', 'llm_provider-x-request-id')


# AUTH_HEADERS (_options.py) says which header each value of auth_header sends the key in.
DEFAULT_AUTH_HEADER = 'bearer'
# Where the key and the base URL come from when the options are not set. Each auth header reads its
# own pair, so a key meant for api.openai.com is never sent to another service and an Azure key
# never to api.openai.com. The modules' argument spec and the plugins' docs have no env fallback for
# these two options for that reason: this table is the only place the environment is read for them.
ENVIRONMENT_FALLBACKS = {
    'bearer': {'api_key': 'OPENAI_API_KEY', 'base_url': 'OPENAI_BASE_URL'},
    'api-key': {'api_key': 'AZURE_OPENAI_API_KEY', 'base_url': 'AZURE_OPENAI_ENDPOINT'},
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
        self.auth_header = option('auth_header') or environ.get(AUTH_HEADER_ENV) or DEFAULT_AUTH_HEADER
        if self.auth_header not in AUTH_HEADERS:
            raise OptionError('auth_header', 'must be one of %s, got %r' % (', '.join(sorted(AUTH_HEADERS)), self.auth_header))
        fallbacks = ENVIRONMENT_FALLBACKS[self.auth_header]
        api_key = option('api_key') or environ.get(fallbacks['api_key'])
        if not api_key:
            raise OptionError('api_key', 'an API key is required: set the option or the %s environment variable' % fallbacks['api_key'])
        self.api_key = _header_value('api_key', api_key)
        if len(self.api_key) < MIN_SECRET_LENGTH:
            # Ansible masks every occurrence of a no_log value in a task's output: so short a key would
            # rewrite ids and numbers in results (and pruning the listed ids would delete nothing).
            raise OptionError('api_key', 'is shorter than %d characters: Ansible masks every occurrence of the key in '
                              'its output, which would rewrite ids and numbers in the results; use a longer key (a '
                              'gateway\'s master key too)' % MIN_SECRET_LENGTH)
        self.base_url = _base_url(self.auth_header, option('base_url') or environ.get(fallbacks['base_url']))
        self.organization = _header_value('organization', option('organization')) or None
        self.project = _header_value('project', option('project')) or None
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


def _base_url(auth_header, value):
    if not value:
        if auth_header != DEFAULT_AUTH_HEADER:
            raise OptionError('base_url', 'is required with auth_header=%s: set the option or the %s environment variable '
                              '(Azure OpenAI: https://RESOURCE.openai.azure.com/openai/v1)' % (
                                  auth_header, ENVIRONMENT_FALLBACKS[auth_header]['base_url']))
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


def user_agent():
    return '%s/%s (python %s)' % (COLLECTION_NAME, COLLECTION_VERSION, platform.python_version())


def new_session(connections=None):
    """The session of a client: requests' own, with every connection under the request deadline.

    ``connections``: how many requests the client may send at once (its threads); the pool keeps
    that many connections open per host, never fewer than requests' default of 10.
    """
    session = requests.Session()
    adapter = DeadlineAdapter(pool_maxsize=max(connections or 0, requests.adapters.DEFAULT_POOLSIZE))
    session.mount('https://', adapter)
    session.mount('http://', adapter)
    return session


if HAS_REQUESTS:
    class _SnapshotCookieJar(requests.cookies.RequestsCookieJar):
        """A cookie jar that several threads can share.

        http.cookiejar takes its lock to add or extract cookies, but not to iterate, and requests
        iterates the session's jar to prepare every request: one thread storing a cookie (a CDN's
        or a load balancer's) while another prepares a request would raise "dictionary changed size
        during iteration". Iterating over a copy taken under the lock fixes that.
        """

        def __iter__(self):
            with self._cookies_lock:
                cookies = list(super(_SnapshotCookieJar, self).__iter__())
            return iter(cookies)


class ApiClient:
    """Sends requests to the OpenAI API over one reused session, with retries.

    Safe for concurrent requests from several threads (the walks from both ends of a listing, the
    workers of a bulk delete; ``connections`` says how many there are, see new_session):
    after __init__ nothing changes the session but its cookie jar (see _SnapshotCookieJar) and
    urllib3's connection pool, which is thread-safe and keeps one connection per concurrent request.
    The rest of the client holds no per-request state.

    ``log`` receives one line per attempt (method, path, status, request id, retry wait): never
    a header, so never the key.
    """

    def __init__(self, settings, retry_policy=None, session=None, sleep=time.sleep, log=None, connections=None):
        self.settings = settings
        self.retry_policy = retry_policy or RetryPolicy(max_retries=settings.max_retries)
        self.retry_budget = RetryBudget(settings.max_retry_wait)
        self._sleep = sleep
        self._log = log or (lambda message: None)
        self._session = session or new_session(connections)
        self._session.headers.update(self._headers())
        jar = _SnapshotCookieJar()
        jar.update(self._session.cookies)
        self._session.cookies = jar
        # requests reads the proxy and CA-bundle environment on every request when trust_env is on
        # (about 15 % of the listing CPU at 10k) and would let ~/.netrc replace the Bearer header:
        # read the environment once, here, and turn trust_env off.
        self._session.proxies.update(requests.utils.get_environ_proxies(settings.base_url))
        self._session.trust_env = False
        # An auth of the session's own, which changes nothing, so that requests never takes one from
        # the URL's user information (ConnectionSettings refuses it): its Basic authentication would
        # replace the key's Authorization header.
        self._session.auth = _no_other_auth
        if settings.ca_path and settings.validate_certs:
            self._session.verify = settings.ca_path
        elif settings.validate_certs:
            self._session.verify = os.environ.get('REQUESTS_CA_BUNDLE') or os.environ.get('CURL_CA_BUNDLE') or True
        else:
            self._session.verify = False
            # The front-end warns once (ConnectionSettings.warnings); urllib3 would add a raw
            # warning on every request.
            warnings.filterwarnings('ignore', category=InsecureRequestWarning)

    def _headers(self):
        settings = self.settings
        headers = {'Accept': 'application/json', 'User-Agent': user_agent()}
        if settings.auth_header == 'api-key':
            headers['api-key'] = settings.api_key
        else:
            headers['Authorization'] = 'Bearer %s' % settings.api_key
        if settings.organization:
            headers['OpenAI-Organization'] = settings.organization
        if settings.project:
            headers['OpenAI-Project'] = settings.project
        # Validated in ConnectionSettings: none of them replaces the key's header or an option's.
        headers.update(settings.headers)
        return headers

    def close(self):
        self._session.close()

    def get(self, path, params=None):
        return self.request('GET', path, params=params)

    def request(self, method, path, params=None, body=None, retry=None, files=None):
        """Send one API call and return its decoded JSON body; raise ApiError on any failure.

        Only idempotent methods are retried unless ``retry`` says otherwise: the API has no
        idempotency key, so a retried POST could create a second container. Redirects are never
        followed: one could downgrade to http or send a DELETE to another host.
        ``files`` is a multipart body (requests' ``files=``), sent instead of ``body``.
        """
        retry = method in IDEMPOTENT_METHODS if retry is None else retry
        response, content = self._with_retries(method, path, retry, dict(params=params, json=body, files=files),
                                               lambda response: self._whole_body(response, method, path))
        return self._decode(response, content, method, path)

    def download(self, path, write, max_bytes, limit_text=None):
        """GET the raw body of ``path``, handing it to ``write(chunk)`` as it arrives; return its length.

        The body is never held whole: memory does not grow with its size. Same headers (but
        ``Accept: application/binary``: the content endpoint declares no media type, and the official
        Node SDK asks for that), deadline over the whole body (``timeout``), retry policy and refusal
        of redirects as request(), except that:

        - the body is bounded by ``max_bytes`` instead of max_response_bytes (``limit_text`` names the
          bound in the message): a Content-Length above it fails before the body is read, a body that
          goes past it stops there;
        - an attempt is retried only before its first byte went to ``write``: after that the caller
          holds part of the body, so the download fails (and the caller discards what it wrote).

        An error answer is read and raised as request() does.
        """
        limit_text = limit_text or '%d bytes' % max_bytes
        progress = _Progress()

        def read(response):
            if not 200 <= response.status_code < 300:
                return self._whole_body(response, 'GET', path)
            declared = declared_length(response)
            if declared is not None and declared > max_bytes and not response.headers.get('Content-Encoding'):
                raise self._error('the body declares %d bytes (Content-Length), longer than %s; it was not read' % (
                    declared, limit_text), response, method='GET', path=path)
            for chunk in response.iter_content(DOWNLOAD_CHUNK_BYTES):
                if progress.size + len(chunk) > max_bytes:
                    raise self._error('the body is longer than %s; the download was stopped there' % limit_text,
                                      response, method='GET', path=path)
                write(chunk)
                progress.size += len(chunk)
            return None

        self._with_retries('GET', path, True, dict(headers={'Accept': 'application/binary'}), read, progress)
        return progress.size

    def _with_retries(self, method, path, retry, request_options, read, progress=None):
        """The attempts of one call (see _attempt) under the retry policy: (response, what ``read``
        returned) for a 2xx answer; ApiError for any other outcome. An attempt after which part of a
        streamed body went to the caller (``progress.size``) is not retried."""
        url = self.settings.base_url + path
        retries_done = 0
        # Whether an earlier attempt may have been carried out (no answer, or a 5xx): a 404 to a
        # retried DELETE then most likely means the first attempt deleted it.
        ambiguous = False
        while True:
            try:
                response, content = self._attempt(method, url, request_options, read)
            except requests.exceptions.RequestException as exc:
                partial = progress.size if progress is not None else 0
                delay, why_not = self._retry_delay(retry and not partial, retries_done)
                if partial:
                    why_not = ' (not retried: %d bytes of the body had arrived)' % partial
                if delay is None:
                    raise self._transport_error(exc, method, path, retries_done + 1, why_not)
                self._log('%s %s failed (%s); retrying in %.2f s' % (method, path, type(exc).__name__, delay))
                ambiguous = True
            else:
                self._log('%s %s -> HTTP %s [request id: %s]' % (method, path, response.status_code, self._request_id(response)))
                if 200 <= response.status_code < 300:
                    return response, content
                if 300 <= response.status_code < 400:
                    raise self._redirect_error(response, method, path)
                delay, why_not = self._retry_delay(retry, retries_done, response.status_code, response.headers)
                if delay is None:
                    error = self._http_error(response, content, method, path, why_not)
                    error.after_ambiguous_attempt = ambiguous
                    raise error
                ambiguous = ambiguous or response.status_code >= 500
                self._log('retrying %s %s in %.2f s after HTTP %s' % (method, path, delay, response.status_code))
            self._sleep(delay)
            retries_done += 1

    def _attempt(self, method, url, request_options, read):
        """One attempt: the response and what ``read(response)`` made of its body, both within
        ``timeout`` (and the body within its size limit: see _whole_body and download).

        Whatever fails once the deadline has passed (the watchdog shut the socket down) is the
        timeout, not the dropped connection it looks like.
        """
        with RequestDeadline(self.settings.timeout) as deadline:
            try:
                response = self._session.request(
                    method, url, allow_redirects=False, stream=True,
                    timeout=(min(CONNECT_TIMEOUT, self.settings.timeout), self.settings.timeout), **request_options)
                try:
                    content = read(response)
                finally:
                    response.close()
            except requests.exceptions.RequestException:
                if not deadline.expired:
                    raise
            else:
                if not deadline.expired:
                    return response, content
        raise requests.exceptions.Timeout('the whole request took longer than %s s' % self.settings.timeout)

    def _whole_body(self, response, method, path):
        """The body of an answer, read whole within max_response_bytes."""
        try:
            return read_body(response, self.settings.max_response_bytes)
        except BodyTooLarge as exc:
            raise self._too_large_error(exc, response, method, path)

    def _retry_delay(self, retry, retries_done, status=None, headers=None):
        """(seconds to wait, None) before a retry, already taken from the retry budget, or (None, why not)
        when there is none."""
        if not retry:
            return None, ''
        delay = self.retry_policy.next_delay(retries_done, status, headers)
        if delay is not None and not self.retry_budget.reserve(delay):
            return None, ' (not retried: waiting %s s more would pass the %s s of retry waiting that max_retry_wait allows)' % (
                seconds_text(delay), seconds_text(self.retry_budget.seconds))
        return delay, ''

    def _text(self, value, limit):
        """A text (or number) from the server, printable, without a secret and at most ``limit``
        characters long (see clip: redacted before it is cut)."""
        if value is None or isinstance(value, (dict, list)):
            return ''
        return clip(printable(value), limit, self.settings.secrets)

    def _request_id(self, response):
        """The request id of an answer (see REQUEST_ID_HEADERS), as _text shows it; '' when it has none."""
        for name in REQUEST_ID_HEADERS:
            value = response.headers.get(name)
            if value:
                return self._text(value, REQUEST_ID_LIMIT)
        return ''

    def _error(self, message, response=None, **fields):
        """An ApiError whose every text is printable and holds no secret, so that its consumers (a
        module's `error`, the inventory's messages, the event source's `error` event) show its fields
        as they are. What the server chose (type, code, param, request id and the parts of ``message``)
        comes through _text."""
        if response is not None:
            fields.update(status=response.status_code, request_id=self._request_id(response) or None)
        return ApiError(redact_all(printable(message), self.settings.secrets), **fields)

    def _decode(self, response, content, method, path):
        try:
            return _json(content)
        except _NotJson as exc:
            raise self._error(
                'the response is %s (Content-Type: %s): %s' % (
                    exc.reason, self._text(response.headers.get('Content-Type'), 100) or 'none', self._excerpt(content)),
                response, method=method, path=path)

    def _redirect_error(self, response, method, path):
        location = response.headers.get('Location')
        where = 'to %s' % self._text(redact_url(location), 300) if location else 'without a Location header'
        return self._error(
            'the API answered with a redirect %s; API calls never follow redirects (one could downgrade '
            'to http or send a DELETE elsewhere): if the API moved, set base_url to its new address' % where,
            response, method=method, path=path)

    def _too_large_error(self, exc, response, method, path):
        if exc.declared:
            message = 'the response body declares %d bytes, more than the %d bytes max_response_bytes allows; it was not read' % (
                exc.size, exc.limit)
        else:
            message = ('the response body is larger than the %d bytes max_response_bytes allows (counted decompressed); '
                       'it was not read further' % exc.limit)
        return self._error(message, response, method=method, path=path)

    def _http_error(self, response, content, method, path, why_not=''):
        fields, problem = _error_fields(content)
        message = fields.get('message') if isinstance(fields.get('message'), str) else None
        if message:
            message = self._text(message, MESSAGE_LIMIT)
        else:
            message = '%s %s' % (self._text(response.reason, 100) or 'HTTP error', problem or self._excerpt(content))
        message += self._retry_after_note(response.headers) + why_not
        return self._error(
            message, response, error_type=self._text(fields.get('type'), 100) or None,
            code=self._text(fields.get('code'), 100) or None, param=self._text(fields.get('param'), 200) or None,
            method=method, path=path)

    def _transport_error(self, exc, method, path, attempts, why_not=''):
        reason = _transport_reason(exc, self.settings.timeout, self._text)
        cause = _ERRNO_TEXT.search(str(exc))
        if cause:
            reason += ' (%s)' % self._text(cause.group(1), 200)
        message = 'cannot reach %s: %s, after %d attempt%s%s' % (
            self.settings.base_url, reason, attempts, '' if attempts == 1 else 's', why_not)
        return self._error(message, method=method, path=path)

    def _excerpt(self, content, limit=200):
        """The start of a body, on one line: the first ``limit`` characters of its text, whitespace
        runs made one space. Secrets are redacted before each cut (see clip)."""
        text = content.decode('utf-8', 'replace') if isinstance(content, bytes) else (content or '')
        # Cut once before splitting, so that a 16 MiB body is not split whole.
        text = clip(text, limit * 4, self.settings.secrets)
        return self._text(' '.join(text.split()), limit)

    def _retry_after_note(self, headers):
        max_retry_after = self.retry_policy.max_retry_after
        retry_after = parse_retry_after(headers)
        if retry_after is not None and retry_after > max_retry_after:
            return ' (the server asked to retry after %s s, longer than the %s s this collection waits)' % (
                seconds_text(retry_after), seconds_text(max_retry_after))
        unusable = unusable_retry_after(headers)
        if unusable:
            return ' (ignored the unusable %s)' % self._text(', '.join(unusable), 200)
        return ''


def _no_other_auth(request):
    return request


def _transport_reason(exc, timeout, text):
    """What went wrong below HTTP, in the user's words; ``text`` makes what the server chose printable
    and secret-free (ApiClient._text)."""
    if isinstance(exc, requests.exceptions.SSLError):
        return _tls_reason(str(exc), text)
    if isinstance(exc, requests.exceptions.Timeout):
        return 'no complete answer within the %s s timeout (connecting, headers and body together)' % timeout
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return 'the response body could not be decompressed'
    if isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        return 'the connection failed or was dropped'
    return type(exc).__name__


def _tls_reason(error, text):
    lowered = error.lower()
    if any(marker in lowered for marker in _NOT_TLS):
        return ('the server did not speak TLS (base_url says https://, but what answered is a plain-HTTP '
                'server or not a web server): check the scheme and port of base_url')
    problem = _CERTIFICATE_PROBLEM.search(error)
    if problem or 'certificate' in lowered:
        detail = ' (%s)' % text(problem.group(1).strip(), 200) if problem else ''
        return ('TLS certificate verification failed%s: if the server uses a private CA or an intercepting '
                'proxy, give its CA bundle in ca_path' % detail)
    return 'the TLS handshake failed (%s)' % text(error, 200)


class _Progress:
    """How many bytes of a download went to its writer (read after the attempt failed)."""

    def __init__(self):
        self.size = 0


class _NotJson(ValueError):
    def __init__(self, reason):
        super(_NotJson, self).__init__(reason)
        self.reason = reason


def _json(content):
    """The decoded body, or _NotJson saying why not (never a RecursionError)."""
    try:
        return json.loads(content)
    except RecursionError:
        raise _NotJson('JSON nested too deeply to decode')
    except ValueError:
        raise _NotJson('not JSON')


def _error_fields(content):
    """The ``error`` object of an error body, and what was wrong with the body when there is none."""
    try:
        body = _json(content)
    except _NotJson as exc:
        return {}, None if exc.reason == 'not JSON' else '(the error body is %s)' % exc.reason
    if not isinstance(body, dict):
        return {}, None
    fields = body.get('error')
    if isinstance(fields, str):
        return {'message': fields}, None
    if not fields and isinstance(body.get('message'), str):
        # The {"message": ...} of a gateway, or of Azure refusing a token.
        return {'message': body['message']}, None
    return (fields if isinstance(fields, dict) else {}), None
