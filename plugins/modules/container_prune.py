#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r'''
module: container_prune
short_description: Delete many OpenAI containers in one task, by ID or because they are stale
version_added: 1.1.0
description:
  - Deletes a set of OpenAI containers in one task, as C(community.docker.docker_prune) prunes Docker objects, and
    returns what happened to each one.
  - The set is O(ids), or the containers that are stale by the staleness criteria of the
    P(llmops.openai.stale_containers#filter) filter (O(stale=true), the same definition as the filters, the inventory
    plugin and the audit role), or, with both, the given IDs that are stale.
  - With O(stale=true) the module lists every container of the project and selects the stale ones of that listing.
    A DELETE is only ever sent for an ID the caller gave or that this listing returned and the criteria selected, never
    for an ID taken from the answer to a DELETE.
  - The listing and the deletions share one HTTP session, and the deletions run at most O(concurrency) at a time,
    each worker over one reused connection of it. Rate limits and server errors are ridden out with the client's
    retry policy (O(max_retries)), and O(max_retry_wait) bounds the retry waiting of the whole task; when one request
    is told to wait (HTTP 429 with C(Retry-After), or a 5xx), every worker waits before its next request, so the
    retries do not arrive as a burst.
  - A container that is already gone (HTTP 404) is not a failure and does not make the task changed, so the module is
    idempotent. A DELETE whose answer was lost (the connection dropped) and whose retry gets 404 was carried out by this
    run, so it counts as deleted.
  - When a deletion fails, the others still run; the module then fails, and RV(failed_deletions) gives each failure's
    HTTP status, the API's message and the request ID.
author:
  - llmops.openai contributors (@llmops)
options:
  ids:
    description:
      - The IDs of the containers to delete. Duplicates are deleted once.
      - With O(stale=true), only those of these IDs that are stale are deleted; the others are in RV(not_stale).
    type: list
    elements: str
  concurrency:
    description:
      - How many DELETE requests may be in flight at once, from 1 to 32.
    type: int
    default: 8
extends_documentation_fragment:
  - llmops.openai.connection
  - llmops.openai.listing.page_size
  - llmops.openai.selection
  - llmops.openai.attributes
attributes:
  check_mode:
    support: full
    details:
      - Sends no DELETE. Lists the containers once to tell which would be deleted (RV(would_delete)) and which are
        already gone.
  diff_mode:
    support: full
    details: The IDs of the selected containers before, and of those still there after (the failed deletions).
notes:
  - Why a module of its own rather than a list form of M(llmops.openai.container)? Deleting hundreds of containers is
    one action with its own options (selection, concurrency) and its own result (an outcome per ID), while
    M(llmops.openai.container) manages one container and keeps its simple return values.
seealso:
  - module: llmops.openai.container
  - plugin: llmops.openai.stale_containers
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Delete every container that has been idle for more than an hour
  llmops.openai.container_prune:
    stale: true
    idle_threshold_minutes: 60
  register: pruned

- name: Show what happened
  ansible.builtin.debug:
    msg: "deleted {{ pruned.deleted | length }}, already gone {{ pruned.already_gone | length }}"

- name: Delete the containers a previous task selected, at most 4 requests at a time
  llmops.openai.container_prune:
    ids: "{{ listing.items | llmops.openai.stale_containers(max_age_days=7) | map(attribute='id') | list }}"
    concurrency: 4

- name: What would be deleted (no DELETE is sent)
  llmops.openai.container_prune:
    stale: true
  check_mode: true
  register: plan
'''

RETURN = r'''
deleted:
  description: The IDs deleted by this run, in the order selected. Empty in check mode.
  returned: always
  type: list
  elements: str
  sample: [cntr_682e30645a488191b6363a0cbefc0f0a025ec61b66250591]
would_delete:
  description: In check mode, the IDs that would be deleted. Empty otherwise.
  returned: always
  type: list
  elements: str
already_gone:
  description: The selected IDs that did not exist (HTTP 404, or not listed in check mode).
  returned: always
  type: list
  elements: str
failed_deletions:
  description: One entry per deletion that failed, in the order selected.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The container ID.
      type: str
    status:
      description: The HTTP status, or null when no answer arrived.
      type: int
    message:
      description: The API's error message, or why the request failed.
      type: str
    request_id:
      description: The API's request ID, when there was an answer.
      type: str
    type:
      description: The API's error type.
      type: str
    code:
      description: The API's error code.
      type: str
    msg:
      description: The whole error in one line, as the module would fail with it alone.
      type: str
  sample:
    - id: cntr_682e30645a488191b6363a0cbefc0f0a025ec61b66250591
      status: 403
      message: not yours
      request_id: req_0123456789abcdef0123456789abcdef
      type: invalid_request_error
      code: null
      msg: "OpenAI API error HTTP 403 (invalid_request_error): not yours [request id: req_0123456789abcdef0123456789abcdef]"
stale:
  description:
    - With O(stale=true), the selected containers described as P(llmops.openai.container_classify#filter) does
      (with their C(reasons)), in the listing's order.
  returned: when O(stale=true)
  type: list
  elements: dict
not_stale:
  description: With both O(ids) and O(stale=true), the given IDs that were not selected because they are not stale or not listed.
  returned: when O(ids) and O(stale=true) are both given
  type: list
  elements: str
'''

from ansible_collections.llmops.openai.plugins.module_utils._bulk_delete import (
    ALREADY_GONE, DEFAULT_CONCURRENCY, DELETED, FAILED, SharedPause, concurrency_option, delete_all)
from ansible_collections.llmops.openai.plugins.module_utils._container_selection import STALENESS_ARGUMENT_SPEC, ContainerSelection, failures_message
from ansible_collections.llmops.openai.plugins.module_utils._containers import list_containers
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import OpenAIError
from ansible_collections.llmops.openai.plugins.module_utils._text import printable
from ansible_collections.llmops.openai.plugins.module_utils._module import OpenAIModule
from ansible_collections.llmops.openai.plugins.module_utils._options import LISTING_ARGUMENT_SPEC


class PruneTask:
    """One run of the module: select, then delete (or in check mode, look), and collect the result."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.selection = ContainerSelection(module, 'ids', 'deletion')
        self.concurrency = module.option_guard(lambda: concurrency_option(self.params['concurrency']))
        self.listing_options = module.listing_options()
        self.validator = module.schema_validator()
        # One client for the listing and every deletion worker: one session (a connection per
        # worker), one retry budget (max_retry_wait bounds the whole task), one shared pause.
        self.pause = SharedPause()
        self.client = module.open_client(sleep=self.pause.sleep, connections=self.concurrency)
        self.result = dict(changed=False, deleted=[], would_delete=[], already_gone=[], failed_deletions=[])

    def listed(self):
        listing = list_containers(self.client, self.listing_options, self.validator)
        self.module.warn_all(listing.warnings)
        return listing.items

    def run(self):
        containers = self.listed() if self.selection.stale or self.module.check_mode else []
        selected = self.selection.select(containers, self.result)
        if self.module.check_mode:
            existing = set(container.get('id') for container in containers)
            self.result['would_delete'] = [container_id for container_id in selected if container_id in existing]
            self.result['already_gone'] = [container_id for container_id in selected if container_id not in existing]
            present, remaining = self.result['would_delete'], []
        else:
            outcomes = delete_all(selected, self.concurrency, self.client, self.pause)
            self.result['deleted'] = [o['id'] for o in outcomes if o['outcome'] == DELETED]
            self.result['already_gone'] = [o['id'] for o in outcomes if o['outcome'] == ALREADY_GONE]
            self.result['failed_deletions'] = [
                dict((key, o.get(key)) for key in ('id', 'status', 'message', 'request_id', 'type', 'code', 'msg'))
                for o in outcomes if o['outcome'] == FAILED]
            remaining = [o['id'] for o in self.result['failed_deletions']]
            present = self.result['deleted'] + remaining
        self.result['changed'] = bool(self.result['deleted'] or self.result['would_delete'])
        if self.module._diff:
            self.result['diff'] = dict(before=dict(containers=sorted(present)), after=dict(containers=sorted(remaining)))
        return self.result

    def finish(self):
        failures = self.result['failed_deletions']
        if not failures:
            self.module.exit_json(**self.result)
        # A stale container's id is the server's: escaped like every text from it (the message is already).
        attempted = len(failures) + len(self.result['deleted']) + len(self.result['already_gone'])
        self.module.fail_json(msg=failures_message(['%s: %s' % (printable(failure['id']), failure['msg']) for failure in failures],
                                                   attempted, 'deletions', 'the others were carried out, see failed_deletions'),
                              **self.result)


def main():
    module = OpenAIModule(
        argument_spec=dict(
            ids=dict(type='list', elements='str'),
            concurrency=dict(type='int', default=DEFAULT_CONCURRENCY),
            page_size=LISTING_ARGUMENT_SPEC['page_size'],
            **STALENESS_ARGUMENT_SPEC
        ),
        supports_check_mode=True,
    )
    task = PruneTask(module)
    try:
        task.run()
    except OpenAIError as exc:
        module.fail_from(exc)
    finally:
        task.client.close()
    task.finish()


if __name__ == '__main__':
    main()
