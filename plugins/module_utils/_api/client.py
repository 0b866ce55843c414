# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# The one HTTP client of the collection: one requests.Session per client (built from the
# ConnectionSettings of settings.py), retries, and the mapping of every failure onto an ApiError that
# is already printable and redacted. Front-ends never touch HTTP.

import json
import os
import platform
import re
import time
import traceback
import warnings

try:
    import requests
    from urllib3.exceptions import InsecureRequestWarning
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError
from ansible_collections.llmops.openai.plugins.module_utils._api.retry import RetryBudget, RetryPolicy, parse_retry_after, unusable_retry_after
from ansible_collections.llmops.openai.plugins.module_utils._api.settings import redact_url
from ansible_collections.llmops.openai.plugins.module_utils._api.transport import BodyTooLarge, DeadlineAdapter, RequestDeadline, declared_length, read_body
from ansible_collections.llmops.openai.plugins.module_utils._text import clip, printable, redact_all, seconds_text
from ansible_collections.llmops.openai.plugins.module_utils._version import COLLECTION_NAME, COLLECTION_VERSION

CONNECT_TIMEOUT = 5.0
IDEMPOTENT_METHODS = frozenset(('GET', 'HEAD', 'OPTIONS', 'DELETE'))
# Bytes of a download read and written at a time: large enough for disk-speed throughput, small
# enough that memory stays flat (a compressed chunk is decoded up to this many bytes at a time).
DOWNLOAD_CHUNK_BYTES = 1024 * 1024
# The operating system's words for a socket failure, e.g. '[Errno 111] Connection refused'.
_ERRNO_TEXT = re.compile(r'\[Errno -?\d+\] ([^\'"\])]+)')
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
        module's `error`, the inventory's messages, the event source's `error` event) only format it.

        Every ApiError of the client is made here, and this is where it is redacted: the message and
        each text field (a path holds ids the server chose). What the server chose (type, code, param,
        request id and the parts of ``message``) comes through _text first, which also bounds its length.
        """
        if response is not None:
            fields.update(status=response.status_code, request_id=self._request_id(response) or None)
        secrets = self.settings.secrets
        fields.update((name, redact_all(value, secrets)) for name, value in list(fields.items()) if isinstance(value, str))
        return ApiError(redact_all(printable(message), secrets), **fields)

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
