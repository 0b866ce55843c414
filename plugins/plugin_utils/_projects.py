# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# Listing several OpenAI projects at once, for the inventory plugin and the event source alike: the
# projects of the options (the top level and the entries of `projects`), their secrets, and one
# concurrent fetch of all of them through the shared client. It runs on the controller only (hence
# plugin_utils, not module_utils: nothing of it ships to a managed node).

import threading
import time

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.llmops.openai.plugins.module_utils._api.client import ApiClient
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import OpenAIError, OptionError
from ansible_collections.llmops.openai.plugins.module_utils._api.settings import ConnectionSettings
from ansible_collections.llmops.openai.plugins.module_utils._containers import list_containers
from ansible_collections.llmops.openai.plugins.module_utils._options import CONNECTION_OPTION_NAMES, integer_option
from ansible_collections.llmops.openai.plugins.module_utils._text import redact_data

# The name of the only project when the option `projects` is not set.
DEFAULT_PROJECT = 'default'
# Options an entry of `projects` may set; the others are inherited from the top level.
PROJECT_OPTION_NAMES = ('name',) + CONNECTION_OPTION_NAMES
# The layout of the answer fetch_projects returns (and the inventory caches); a cache entry of
# another layout is ignored.
CACHE_FORMAT = 1
MAX_FETCH_THREADS = 8
# The most requests in flight at once, over all projects and both walks of each listing: by default
# every project of a full pool can walk from both ends.
DEFAULT_MAX_CONCURRENT_REQUESTS = 2 * MAX_FETCH_THREADS
MAX_CONCURRENT_REQUESTS_LIMIT = 64


class ProjectSpec:
    """One OpenAI project to list: a name for messages and host tagging, and its connection settings."""

    def __init__(self, name, settings):
        self.name = name
        self.settings = settings


def project_specs(top_level, projects, environ=None):
    """ProjectSpecs from the top-level connection options and the entries of `projects`.

    Without `projects`, the top-level options are the one project named DEFAULT_PROJECT. Every
    entry inherits each connection option it does not set from the top level.
    """
    if not projects:
        return [ProjectSpec(DEFAULT_PROJECT, ConnectionSettings.from_options(top_level, environ))]
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
            settings = ConnectionSettings.from_options(options, environ)
        except OptionError as exc:
            raise OptionError('%s.%s' % (where, exc.option), str(exc).split(': ', 1)[-1])
        specs.append(ProjectSpec(name, settings))
    return specs


def secrets_of(specs):
    """Every API key and secret header value in use (see ConnectionSettings.secrets: plain header values are
    no secrets), to redact from any message."""
    return [secret for spec in specs for secret in spec.settings.secrets]


class ProjectFailure:
    """A project whose listing failed, and its error as raised: the front end (PluginFront) makes the
    message, without any key, where it shows it."""

    def __init__(self, name, error):
        self.name = name
        self.error = error


def max_concurrent_requests(value):
    """The validated option max_concurrent_requests."""
    return integer_option('max_concurrent_requests', value, DEFAULT_MAX_CONCURRENT_REQUESTS, 1, MAX_CONCURRENT_REQUESTS_LIMIT)


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
            listing = list_containers(client, listing_options, validator, spare_slots=spare_slots)
        finally:
            client.close()
        # A server that echoes a key into the data (a container named after it) must not get it into
        # host variables, the cache or an event: secrets are redacted from every text of the answer,
        # the warnings too (they quote ids and fields of the data, and are cached and shown with it).
        return redact_data({'containers': listing.items, 'warnings': listing.warnings}, secrets)

    results = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [(spec, pool.submit(fetch, spec)) for spec in specs]
        failures = []
        for spec, future in futures:
            try:
                results[spec.name] = future.result()
            except OpenAIError as exc:
                failures.append(ProjectFailure(spec.name, exc))
    answer = {'format': CACHE_FORMAT, 'fetched_at': int(time.time()), 'projects': results}
    return answer, failures


def iter_containers(answer, project_order):
    """(project name, container) pairs in configuration order of the projects, then API order."""
    projects = answer['projects']
    for name in project_order:
        for container in (projects.get(name) or {}).get('containers') or []:
            if isinstance(container, dict):
                yield name, container
