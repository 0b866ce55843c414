# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# What the inventory plugin llmops.openai.containers does besides talking to Ansible: fetch
# several projects concurrently through the shared client, describe the raw answer that is cached,
# and turn containers into host names and host variables. Nothing here imports controller-only
# code, so the plugin passes in what needs it (marking data unsafe, evaluating Jinja).

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import hashlib
import json
import threading
import time

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.llmops.openai.plugins.module_utils._api_client import (
    CONNECTION_OPTION_NAMES, ApiClient, ConnectionSettings)
from ansible_collections.llmops.openai.plugins.module_utils._container_time import expires_at, idle_seconds
from ansible_collections.llmops.openai.plugins.module_utils._containers import LISTING_OPTION_NAMES, list_containers
from ansible_collections.llmops.openai.plugins.module_utils._errors import OpenAIError, OptionError, integer_option, redact

# The name of the only project when the option `projects` is not set.
DEFAULT_PROJECT = 'default'
# Options an entry of `projects` may set; the others are inherited from the top level.
PROJECT_OPTION_NAMES = ('name',) + CONNECTION_OPTION_NAMES
# The layout of the cached raw answer; a cache entry of another layout is ignored.
CACHE_FORMAT = 1
MAX_FETCH_THREADS = 8
# The most requests in flight at once, over all projects and both walks of each listing: by default
# every project of a full pool can walk from both ends.
DEFAULT_MAX_CONCURRENT_REQUESTS = 2 * MAX_FETCH_THREADS
MAX_CONCURRENT_REQUESTS_LIMIT = 64
FILTER_KEYS = ('include', 'exclude')


class ProjectSpec(object):
    """One OpenAI project to list: a name for messages and host tagging, and its connection settings."""

    def __init__(self, name, settings):
        self.name = name
        self.settings = settings


def project_specs(top_level, projects):
    """ProjectSpecs from the top-level connection options and the entries of `projects`.

    Without `projects`, the top-level options are the one project named DEFAULT_PROJECT. Every
    entry inherits each connection option it does not set from the top level.
    """
    if not projects:
        return [ProjectSpec(DEFAULT_PROJECT, ConnectionSettings.from_options(top_level))]
    specs = []
    seen = set()
    for index, entry in enumerate(projects):
        where = 'projects[%d]' % index
        if not isinstance(entry, dict):
            raise OptionError(where, 'must be a dictionary')
        unknown = sorted(set(entry) - set(PROJECT_OPTION_NAMES))
        if unknown:
            raise OptionError(where, 'unknown key%s %s (known: %s)' % (
                '' if len(unknown) == 1 else 's', ', '.join(unknown), ', '.join(PROJECT_OPTION_NAMES)))
        name = entry.get('name')
        if not isinstance(name, str) or not name:
            raise OptionError(where, 'needs a non-empty "name"')
        if name in seen:
            raise OptionError(where, 'the name %r is used twice' % name)
        seen.add(name)
        options = dict(top_level)
        options.update((key, value) for key, value in entry.items() if key != 'name' and value is not None)
        try:
            settings = ConnectionSettings.from_options(options)
        except OptionError as exc:
            raise OptionError('%s.%s' % (where, exc.option), str(exc).split(': ', 1)[-1])
        specs.append(ProjectSpec(name, settings))
    return specs


def secrets_of(specs):
    """Every API key in use, to redact from any message."""
    return [spec.settings.api_key for spec in specs if spec.settings.api_key]


def redact_all(text, secrets):
    for secret in secrets:
        text = redact(text, secret)
    return text


def cache_fingerprint(specs, listing_options):
    """A digest of what the cached answer depends on: each project's endpoint and identity and the
    listing options. The API key enters only as its own SHA-256, so neither the cache key nor the
    cache entry ever holds it."""
    identity = {
        'projects': [
            [spec.name, spec.settings.base_url, spec.settings.organization, spec.settings.project,
             hashlib.sha256(spec.settings.api_key.encode('utf-8')).hexdigest()]
            for spec in specs],
        'listing': [getattr(listing_options, name) for name in LISTING_OPTION_NAMES],
    }
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode('utf-8')).hexdigest()[:16]


class ProjectFailure(object):
    """A project whose listing failed, with a message that names it and holds no key."""

    def __init__(self, name, error, message):
        self.name = name
        self.error = error
        self.message = message


def max_concurrent_requests(value):
    """The validated option max_concurrent_requests."""
    if value is None:
        return DEFAULT_MAX_CONCURRENT_REQUESTS
    value = integer_option('max_concurrent_requests', value)
    if not 1 <= value <= MAX_CONCURRENT_REQUESTS_LIMIT:
        raise OptionError('max_concurrent_requests', 'must be between 1 and %d, got %s' % (MAX_CONCURRENT_REQUESTS_LIMIT, value))
    return value


def fetch_projects(specs, listing_options, validator, log=None, client_factory=ApiClient,
                   max_requests=DEFAULT_MAX_CONCURRENT_REQUESTS):
    """List every project's containers, concurrently (one client and session per project).

    At most ``max_requests`` requests are in flight at once: each project's listing sends its first
    walk's requests from its own thread (at most ``workers`` of them at once), and the walk from the
    other end of a listing (see walk_both_ends) sends a request only when one of the remaining
    ``max_requests - workers`` slots is free, so a busy bound slows no listing below one cursor.

    Returns (answer, failures): ``answer`` is the raw API answer to cache,
    ``{'format', 'fetched_at', 'projects': {name: {'containers', 'warnings'}}}`` holding only the
    projects that succeeded; ``failures`` is a list of ProjectFailure, in configuration order.
    """
    log = log or (lambda message: None)
    secrets = secrets_of(specs)
    workers = max(1, min(len(specs), MAX_FETCH_THREADS, max_requests))
    spare_slots = threading.Semaphore(max(0, max_requests - workers))

    def fetch(spec):
        client = client_factory(spec.settings, log=lambda message: log('project %s: %s' % (spec.name, message)))
        try:
            listing = list_containers(client, listing_options, validator, spare_slots)
        finally:
            client.close()
        return {'containers': listing.containers, 'warnings': listing.warnings}

    results = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [(spec, pool.submit(fetch, spec)) for spec in specs]
        failures = []
        for spec, future in futures:
            try:
                results[spec.name] = future.result()
            except OpenAIError as exc:
                failures.append(ProjectFailure(spec.name, exc, redact_all(str(exc), secrets)))
    answer = {'format': CACHE_FORMAT, 'fetched_at': int(time.time()), 'projects': results}
    return answer, failures


def encode_answer(answer):
    """The cache holds the answer as one JSON text: cheap to store and compare, and no cache plugin's
    decoder can turn API data into anything but plain strings, numbers, lists and dicts."""
    return json.dumps(answer, separators=(',', ':'))


def decode_answer(text):
    """The answer from a cache entry, or None when it is missing, unreadable or of another layout."""
    if not isinstance(text, str):
        return None
    try:
        answer = json.loads(text)
    except ValueError:
        return None
    if not isinstance(answer, dict) or answer.get('format') != CACHE_FORMAT or not isinstance(answer.get('projects'), dict):
        return None
    return answer


def parse_filters(filters):
    """Check the `filters` option (the community.library_inventory_filtering_v1 convention) and
    return it as a list of (include: bool, condition: str or bool)."""
    parsed = []
    for index, entry in enumerate(filters or []):
        where = 'filters[%d]' % index
        if not isinstance(entry, dict) or len(entry) != 1:
            raise OptionError(where, 'must be a dictionary with exactly one key, include or exclude')
        key, condition = list(entry.items())[0]
        if key not in FILTER_KEYS:
            raise OptionError(where, 'must have an include or exclude key, not %r' % (key,))
        if not isinstance(condition, (str, bool)):
            raise OptionError(where, '%s must be a string (a Jinja test) or a boolean' % key)
        parsed.append((key == 'include', condition))
    return parsed


def accept_host(filters, evaluate):
    """Apply parsed filters in order: the first condition that is true decides; no match includes.

    ``evaluate(condition)`` turns a condition string into a bool (the plugin renders it with Jinja).
    """
    for include, condition in filters:
        if condition if isinstance(condition, bool) else evaluate(condition):
            return include
    return True


class HostNamer(object):
    """Gives every container a host name no other container of the inventory has.

    The rule: a container takes the first entry of ``preferences`` (container field names) whose
    value is a non-empty string or a number not taken by an earlier container; when every entry
    is empty or taken it falls back to its id, and when the id is taken too (the same container
    listed by two projects) to ``<id>_2``, ``<id>_3``, ... Earlier means earlier in configuration
    order of the projects, then in the API's order, so the result is deterministic; no container is
    ever dropped.
    """

    def __init__(self, preferences):
        self.preferences = list(preferences) or ['id']
        self.taken = set()

    def propose(self, container):
        for field in self.preferences:
            candidate = _name_value(container.get(field))
            if candidate is not None and candidate not in self.taken:
                return candidate
        base = _name_value(container.get('id')) or 'container'
        candidate, counter = base, 1
        while candidate in self.taken:
            counter += 1
            candidate = '%s_%d' % (base, counter)
        return candidate

    def take(self, name):
        self.taken.add(name)


def _name_value(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, (int, float)):
        return str(value)
    return None


def host_variables(container, project, prefix, now):
    """The variables of one host: ``<prefix><field>`` for every top-level field of the container,
    then the computed ``<prefix>expires_at``, ``<prefix>idle_seconds`` and ``<prefix>project``,
    which win over an API field of the same name."""
    variables = {}
    for key, value in container.items():
        if not key.isidentifier():
            key = ''.join(char if char.isalnum() or char == '_' else '_' for char in key)
        variables[prefix + key] = value
    variables[prefix + 'expires_at'] = _tolerant(expires_at, container)
    variables[prefix + 'idle_seconds'] = _tolerant(idle_seconds, container, now)
    variables[prefix + 'project'] = project
    return variables


def _tolerant(compute, *args):
    # Malformed fields (possible with schema_validation=off or warn) mean "cannot be known".
    try:
        return compute(*args)
    except (TypeError, ValueError):
        return None


def iter_containers(answer, project_order):
    """(project name, container) pairs in configuration order of the projects, then API order."""
    projects = answer['projects']
    for name in project_order:
        for container in (projects.get(name) or {}).get('containers') or []:
            if isinstance(container, dict):
                yield name, container
