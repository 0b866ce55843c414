# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# The one HTTP client of the collection: connection settings, one requests.Session per client,
# retries, and the mapping of every failure onto ApiError. Front-ends never touch HTTP.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import platform
import re
import time
import traceback

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.llmops.openai.plugins.module_utils._errors import ApiError, OptionError, integer_option, redact
from ansible_collections.llmops.openai.plugins.module_utils._retry import RetryPolicy, parse_retry_after
from ansible_collections.llmops.openai.plugins.module_utils._version import COLLECTION_NAME, COLLECTION_VERSION

DEFAULT_BASE_URL = 'https://api.openai.com/v1'
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2
MAX_RETRIES_LIMIT = 10
CONNECT_TIMEOUT = 5.0
IDEMPOTENT_METHODS = frozenset(('GET', 'HEAD', 'OPTIONS', 'DELETE'))
# The operating system's words for a socket failure, e.g. '[Errno 111] Connection refused'.
_ERRNO_TEXT = re.compile(r'\[Errno -?\d+\] ([^\'"\])]+)')


class ConnectionSettings(object):
    """Validated connection options, identical for modules and plugins."""

    def __init__(self, api_key=None, base_url=None, organization=None, project=None,
                 timeout=None, max_retries=None, validate_certs=True, ca_path=None):
        if not api_key:
            raise OptionError('api_key', 'an API key is required: set the option or the OPENAI_API_KEY environment variable')
        self.api_key = api_key
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip('/')
        if not self.base_url.startswith(('http://', 'https://')):
            raise OptionError('base_url', 'must start with http:// or https://, got %r' % self.base_url)
        self.organization = organization or None
        self.project = project or None
        self.timeout = DEFAULT_TIMEOUT if timeout is None else _number('timeout', timeout)
        if self.timeout <= 0:
            raise OptionError('timeout', 'must be greater than 0 seconds, got %s' % timeout)
        self.max_retries = DEFAULT_MAX_RETRIES if max_retries is None else integer_option('max_retries', max_retries)
        if not 0 <= self.max_retries <= MAX_RETRIES_LIMIT:
            raise OptionError('max_retries', 'must be between 0 and %d, got %s' % (MAX_RETRIES_LIMIT, max_retries))
        self.validate_certs = validate_certs is not False
        self.ca_path = ca_path or None
        if self.ca_path and not os.path.isfile(self.ca_path):
            raise OptionError('ca_path', 'no such file: %s' % self.ca_path)

    @classmethod
    def from_options(cls, options):
        """Build from a mapping holding the documented option names (module params or plugin options)."""
        return cls(**dict((name, options.get(name)) for name in CONNECTION_OPTION_NAMES))


CONNECTION_OPTION_NAMES = ('api_key', 'base_url', 'organization', 'project', 'timeout',
                           'max_retries', 'validate_certs', 'ca_path')


def _number(option, value):
    try:
        return float(value)
    except (TypeError, ValueError):
        raise OptionError(option, 'must be a number, got %r' % (value,))


def user_agent():
    return '%s/%s (python %s)' % (COLLECTION_NAME, COLLECTION_VERSION, platform.python_version())


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


class ApiClient(object):
    """Sends requests to the OpenAI API over one reused session, with retries.

    Safe for concurrent requests from several threads (the walks from both ends of a listing):
    after __init__ nothing changes the session but its cookie jar (see _SnapshotCookieJar) and
    urllib3's connection pool, which is thread-safe and keeps one connection per concurrent request.
    The rest of the client holds no per-request state.

    ``log`` receives one line per attempt (method, path, status, request id, retry wait): never
    a header, so never the key.
    """

    def __init__(self, settings, retry_policy=None, session=None, sleep=time.sleep, log=None):
        self.settings = settings
        self.retry_policy = retry_policy or RetryPolicy(max_retries=settings.max_retries)
        self._sleep = sleep
        self._log = log or (lambda message: None)
        self._session = session or requests.Session()
        self._session.headers.update(self._headers())
        jar = _SnapshotCookieJar()
        jar.update(self._session.cookies)
        self._session.cookies = jar
        # requests reads the proxy and CA-bundle environment on every request when trust_env is on
        # (about 15 % of the listing CPU at 10k) and would let ~/.netrc replace the Bearer header:
        # read the environment once, here, and turn trust_env off.
        self._session.proxies.update(requests.utils.get_environ_proxies(settings.base_url))
        self._session.trust_env = False
        if settings.ca_path and settings.validate_certs:
            self._session.verify = settings.ca_path
        elif settings.validate_certs:
            self._session.verify = os.environ.get('REQUESTS_CA_BUNDLE') or os.environ.get('CURL_CA_BUNDLE') or True
        else:
            self._session.verify = False

    def _headers(self):
        headers = {
            'Authorization': 'Bearer %s' % self.settings.api_key,
            'Accept': 'application/json',
            'User-Agent': user_agent(),
        }
        if self.settings.organization:
            headers['OpenAI-Organization'] = self.settings.organization
        if self.settings.project:
            headers['OpenAI-Project'] = self.settings.project
        return headers

    def close(self):
        self._session.close()

    def get(self, path, params=None):
        return self.request('GET', path, params=params)

    def request(self, method, path, params=None, body=None, retry=None):
        """Send one API call and return its decoded JSON body; raise ApiError on any failure.

        Only idempotent methods are retried unless ``retry`` says otherwise: the API has no
        idempotency key, so a retried POST could create a second container.
        """
        retry = method in IDEMPOTENT_METHODS if retry is None else retry
        url = self.settings.base_url + path
        timeout = (min(CONNECT_TIMEOUT, self.settings.timeout), self.settings.timeout)
        retries_done = 0
        while True:
            try:
                response = self._session.request(method, url, params=params, json=body, timeout=timeout)
            except requests.exceptions.RequestException as exc:
                delay = self.retry_policy.next_delay(retries_done) if retry else None
                if delay is None:
                    raise self._transport_error(exc, method, path, retries_done + 1)
                self._log('%s %s failed (%s); retrying in %.2f s' % (method, path, type(exc).__name__, delay))
            else:
                request_id = response.headers.get('x-request-id')
                self._log('%s %s -> HTTP %s [request id: %s]' % (method, path, response.status_code, request_id))
                if 200 <= response.status_code < 300:
                    return self._decode(response, method, path)
                delay = self.retry_policy.next_delay(retries_done, response.status_code, response.headers) if retry else None
                if delay is None:
                    raise self._http_error(response, method, path)
                self._log('retrying %s %s in %.2f s after HTTP %s' % (method, path, delay, response.status_code))
            self._sleep(delay)
            retries_done += 1

    def _decode(self, response, method, path):
        try:
            return json.loads(response.content)
        except ValueError:
            raise ApiError(
                'the response is not JSON (Content-Type: %s): %s' % (
                    response.headers.get('Content-Type'), _excerpt(response.text)),
                status=response.status_code, request_id=response.headers.get('x-request-id'),
                method=method, path=path)

    def _http_error(self, response, method, path):
        fields = {}
        try:
            fields = json.loads(response.content).get('error') or {}
        except (ValueError, AttributeError):
            fields = {}
        if not isinstance(fields, dict):
            fields = {'message': str(fields)}
        message = fields.get('message') or '%s %s' % (response.reason or 'HTTP error', _excerpt(response.text))
        retry_after = parse_retry_after(response.headers)
        if retry_after is not None and retry_after > self.retry_policy.max_retry_after:
            message += ' (the server asked to retry after %d s, longer than the %d s this collection waits)' % (
                retry_after, self.retry_policy.max_retry_after)
        return ApiError(
            redact(message, self.settings.api_key), status=response.status_code,
            error_type=fields.get('type'), code=fields.get('code'), param=fields.get('param'),
            request_id=response.headers.get('x-request-id'), method=method, path=path)

    def _transport_error(self, exc, method, path, attempts):
        if isinstance(exc, requests.exceptions.SSLError):
            reason = 'TLS certificate verification failed (set ca_path, or validate_certs=false for testing only)'
        elif isinstance(exc, requests.exceptions.Timeout):
            reason = 'no answer within the %s s timeout' % self.settings.timeout
        elif isinstance(exc, requests.exceptions.ConnectionError):
            reason = 'the connection failed or was dropped'
        else:
            reason = type(exc).__name__
        cause = _ERRNO_TEXT.search(str(exc))
        if cause:
            reason += ' (%s)' % cause.group(1)
        message = 'cannot reach %s: %s, after %d attempt%s' % (
            self.settings.base_url, reason, attempts, '' if attempts == 1 else 's')
        return ApiError(redact(message, self.settings.api_key), method=method, path=path)


def _excerpt(text, limit=200):
    text = ' '.join((text or '').split())
    return text if len(text) <= limit else text[:limit] + '...'
