# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The ansible-rulebook event source llmops.openai.containers: OpenAI containers as change events."""


DOCUMENTATION = r'''
---
name: containers
short_description: OpenAI Containers (Code Interpreter sandboxes) as change events
version_added: 1.1.0
description:
  - An ansible-rulebook event source that lists the containers of one or several OpenAI projects every
    O(interval) seconds and emits one event per change between two listings.
  - 'Event types: C(appeared), C(status_changed) (with C(previous_status)), C(stale) (the container became stale,
    with its C(reasons)), C(disappeared) (with the last fields seen), C(snapshot) (one per container at start,
    only with O(startup_snapshot=true)), C(error) (after O(error_after_failures) failed listings in a row) and
    C(recovered) (the first successful listing after an C(error) event), and with O(expiring_within_minutes)
    C(expiring) (with C(expires_in_seconds)).'
  - Every event has C(type), C(project) and C(polled_at); container events add C(container) (every field the API
    returned, as plain data) and the computed C(expires_at), C(idle_seconds), C(age_seconds), C(state), C(stale) and
    C(reasons), from the same code as the P(llmops.openai.container_classify#filter) filter.
  - A failed listing never produces C(disappeared) events; the next poll retries. A container whose id is not
    made of letters, digits, C(_) and C(-) is left out with a warning, because ids go into URLs and playbooks.
  - Memory grows with the number of live containers only. See
    R(the EDA guide,ansible_collections.llmops.openai.docsite.eda) for the event fields and example rulebooks.
  - The connection options (O(api_key), O(base_url), O(auth_header), O(timeout) and the others) are those of the
    P(llmops.openai.containers#inventory) inventory plugin. A listing that still fails after O(max_retries) counts as
    one failed poll (see O(error_after_failures)); O(max_retry_wait) bounds each poll of a project, and
    O(schema_validation=strict) fails the poll.
author:
  - llmops.openai contributors (@llmops)
extends_documentation_fragment:
  - llmops.openai.connection
  - llmops.openai.connection.projects
options:
  projects:
    description:
      - Several OpenAI projects watched by one source, as in the P(llmops.openai.containers#inventory) inventory plugin.
      - Each entry needs a unique C(name) (the C(project) of its events) and inherits every connection option it
        does not set (every connection option but O(schema_validation)) from the top level.
      - When not set, the top-level options are the only project, named V(default).
      - Each project is listed concurrently and tracked on its own: a project that fails does not stop the others.
    type: list
    elements: dict
  name:
    description: Only containers with this name (a filter applied by the API).
    type: str
  page_size:
    description: How many containers to ask for per request, from 1 to 100. Every page is fetched.
    type: int
    default: 100
  max_pages:
    description: A listing that still says C(has_more) after this many pages fails (a failed poll).
    type: int
    default: 2000
  listing_timeout:
    description: A listing not finished after this many seconds fails (a failed poll); each project has its own.
    type: float
    default: 600
  interval:
    description:
      - Seconds between the starts of two polls (at least 1). A poll that takes longer delays the next one.
    type: float
    default: 60
  idle_threshold_minutes:
    description: A running container idle for longer than this is stale (reason C(idle)), as in the filters.
    type: float
    default: 20
  max_age_days:
    description: A running container created more than this many days ago is stale (reason C(too_old)). Not checked when unset.
    type: float
  startup_snapshot:
    description:
      - Emit one C(snapshot) event per container at the first successful listing of each project.
      - When false, that listing only sets the baseline and emits nothing.
    type: bool
    default: false
  error_after_failures:
    description:
      - Emit one C(error) event when this many polls of a project failed in a row (at least 1).
      - No other error event follows until a poll of that project succeeds again, which emits C(recovered).
    type: int
    default: 3
  expiring_within_minutes:
    description:
      - Emit one C(expiring) event when a live container will expire within this many minutes (its C(expires_at)
        is in the future and at most that far), once per container and expiry time; the event adds
        C(expires_in_seconds).
      - A container used again gets a later expiry time, so it gives a new C(expiring) event when that one comes near.
      - The first listing of a project emits C(expiring) events too, whatever O(startup_snapshot) says, because the
        files of a container about to expire are lost with it. Use it to archive them (see the example rulebook
        C(extensions/eda/rulebooks/archive_expiring_containers.yml)).
      - Not set (the default), no C(expiring) event is emitted. Choose more minutes than O(interval) covers, so that
        a poll sees the container before it expires.
    type: float
    version_added: 1.3.0
requirements:
  - ansible-rulebook (ansible-rulebook 1.x and a Java 17 runtime, or an EDA decision environment)
notes:
  - Ansible templates the extra variables of a playbook that a rule runs with C(run_playbook), so a container name
    such as C({{ lookup('pipe', 'id'\) }}) in C(ansible_eda.event) would be evaluated if a playbook used it.
    Use only C(ansible_eda.event.container.id) (checked by this source) in playbooks; see
    R(the EDA guide,ansible_collections.llmops.openai.docsite.eda).
seealso:
  - plugin: llmops.openai.containers
    plugin_type: inventory
  - module: llmops.openai.container
'''

EXAMPLES = r'''
# Print every change of the containers of the project of OPENAI_API_KEY, polled every minute.
- name: Watch OpenAI containers
  hosts: localhost
  sources:
    - llmops.openai.containers:
        interval: 60
        startup_snapshot: true
  rules:
    - name: Show every container event
      condition: event.type is defined
      action:
        print_event:

# Two projects, stale after one hour idle or seven days old, an error event after five failed polls.
- name: Watch two projects
  hosts: localhost
  sources:
    - llmops.openai.containers:
        interval: 120
        idle_threshold_minutes: 60
        max_age_days: 7
        error_after_failures: 5
        projects:
          - name: research
            api_key: "{{ research_api_key }}"
          - name: prod
            api_key: "{{ prod_api_key }}"
            project: proj_abc123
  rules:
    - name: Large containers in prod
      condition: event.type == "appeared" and event.project == "prod" and event.container.memory_limit in ["16g", "64g"]
      action:
        debug:
          msg: "{{ event.container.memory_limit }} container {{ event.container.id }} appeared in prod"
'''

import asyncio
import logging
import os
import sys
import time

try:
    from ansible_collections.llmops.openai.plugins.plugin_utils._container_events import (
        SOURCE_NAME, ContainerWatcher, SourceOptions)
except ImportError:
    # ansible-rulebook runs this file with runpy.run_path, so the collection is not importable
    # unless the directory holding ansible_collections/ is on sys.path: this file is
    # <root>/ansible_collections/llmops/openai/extensions/eda/plugins/event_source/containers.py.
    sys.path.append(os.path.abspath(os.path.join(os.path.dirname(__file__), *(['..'] * 7))))
    from ansible_collections.llmops.openai.plugins.plugin_utils._container_events import (
        SOURCE_NAME, ContainerWatcher, SourceOptions)

from ansible_collections.llmops.openai.plugins.module_utils._api.client import HAS_REQUESTS
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import OptionError
from ansible_collections.llmops.openai.plugins.module_utils._schema import SchemaValidator
from ansible_collections.llmops.openai.plugins.plugin_utils._plugin_front import PluginFront
from ansible_collections.llmops.openai.plugins.plugin_utils._projects import fetch_projects

logger = logging.getLogger(SOURCE_NAME)


def poll(front, options, validator):
    """List every project once (concurrently, through the collection's client).

    Returns (listings, failures): ``{project: containers}`` and ``{project: (error, message)}``, each
    message made once, redacted, by the front end (its warning and its error event share it).
    Blocking: run in a worker thread.
    """
    try:
        answer, failures = fetch_projects(front.specs, options.listing, validator, log=logger.debug)
    except Exception as exc:  # pylint: disable=broad-except
        # Never a dead source nor a traceback that could show the key: every project failed this poll.
        message = front.text_of(exc, unexpected=True)
        return {}, dict((name, (exc, message)) for name in front.project_names)
    front.warn_listings(answer)
    listings = dict((name, result['containers']) for name, result in answer['projects'].items())
    return listings, dict((failure.name, (failure.error, front.text_of(failure.error))) for failure in failures)


async def main(queue, args):
    """Poll every ``interval`` seconds and put one event per change on the queue."""
    # Wrong options raise OptionError, naming the option, before any request: ansible-rulebook
    # reports the message and stops.
    if not HAS_REQUESTS:
        raise OptionError('requests', 'the Python library requests is needed by %s' % SOURCE_NAME)
    options = SourceOptions(args, os.environ)
    front = PluginFront(SOURCE_NAME, logger.warning)
    front.use_projects(options.specs)
    validator = SchemaValidator(options.schema_validation)
    watcher = ContainerWatcher(
        options.project_names, options.idle_threshold_minutes, options.max_age_days, options.startup_snapshot,
        options.error_after_failures, secrets=front.secrets, warn=front.warn,
        expiring_within_minutes=options.expiring_within_minutes)
    while True:
        started = time.monotonic()
        listings, failures = await asyncio.to_thread(poll, front, options, validator)
        now = time.time()
        for name in options.project_names:
            if name in failures:
                error, message = failures[name]
                front.warn('project %s: poll failed: %s' % (name, message))
                events = watcher.failed(name, error, message, now)
            else:
                events = watcher.listed(name, listings.get(name) or [], now)
            for event in events:
                await queue.put(event)
        await asyncio.sleep(max(0.0, options.interval - (time.monotonic() - started)))


if __name__ == '__main__':
    # python containers.py: print the events of the project of OPENAI_API_KEY / OPENAI_BASE_URL.

    class _PrintQueue:
        async def put(self, event):
            print(event)

    asyncio.run(main(_PrintQueue(), {'startup_snapshot': True, 'interval': 10}))
