#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r'''
module: container
short_description: Create or delete an OpenAI container
version_added: 1.0.0
description:
  - Creates an OpenAI container (a Code Interpreter sandbox) identified by its O(name), or deletes one.
  - A container is B(live) when the API lists it with C(status) V(running) or V(active), as the
    P(llmops.openai.container_classify#filter) filter defines it. Expired containers cannot be brought back,
    so they are never reused and never deleted by name.
  - O(state=present) is idempotent by name. When a live container with this name exists, nothing is created and
    that container is returned. Containers cannot be changed after creation, so O(memory_limit), O(expires_after)
    and O(file_ids) only apply when a container is created; a warning says so when the existing container's memory
    tier or expiry differ from the requested ones.
  - When O(memory_limit) is set and the created container comes back without a C(memory_limit) or with another one,
    a warning names the requested and the received tier; the container is billed by the tier it really has, and a
    gateway or proxy in front of the API may drop the option or the field.
  - When several live containers have the name, the newest is returned, nothing changes, and a warning gives the IDs
    of the others (the first five, and how many more).
  - Creating is never retried blindly, because the API has no idempotency key and a second request could create a
    second container. After an ambiguous failure of the create request (no answer at all, for example a connection
    error, a timeout or a dropped connection, or an HTTP 5xx answer) the module first lists the containers with this
    name. A live container that was not listed before the request and was created at or after the moment just
    before the request (allowing 60 seconds of clock skew between the controller and the API) is the one the request
    created; it is returned with C(changed=true). Only when there is none is the create request sent once more.
    If that second request fails too, the module fails. Other errors (HTTP 4xx, including 429) fail at once.
  - O(state=absent) with O(id) deletes that container, whatever its status; an unknown or already deleted ID is
    already absent (C(changed=false)). Only that ID is ever deleted. When the API answers the request for it with
    another container (a broken server or proxy), the module fails and deletes nothing.
  - When the answer to a delete request is lost (a dropped connection, a timeout or an HTTP 5xx) and the retry is
    answered 404, the first request deleted the container, so the result is C(changed=true).
  - O(state=absent) with O(name) deletes the live container with that name. When several live containers have the
    name, the module fails and deletes nothing (delete them by O(id)), because containers created automatically
    by the Code Interpreter tool share a few names; the message gives their number and the first five IDs, the
    C(containers) field of the result all of them. Only an ID of a listed container whose name is exactly O(name)
    is deleted.
author:
  - llmops.openai contributors (@llmops)
options:
  state:
    description:
      - V(present) makes sure a live container with O(name) exists, creating it if needed.
      - V(absent) makes sure the container with O(id), or the live container with O(name), does not exist.
    type: str
    choices: [present, absent]
    default: present
  name:
    description:
      - The name of the container. Required with O(state=present).
      - Names are not unique in the API; see the description for what happens when several containers share one.
      - Cannot be combined with O(id).
    type: str
  id:
    description:
      - The ID of the container to delete. Only with O(state=absent).
    type: str
  memory_limit:
    description:
      - The memory tier of a new container. Containers are billed by tier.
      - When not set, the API chooses (V(1g) today).
      - Only used when a container is created.
      - When the container the API returns (created or found) has another tier, or does not say its tier, the
        module warns. Behind the LiteLLM proxy it never says, and a new container gets V(1g), because the proxy
        drops the field (see the providers guide).
    type: str
    choices: [1g, 4g, 16g, 64g]
  expires_after:
    description:
      - Minutes of inactivity after which a new container expires (anchored at its C(last_active_at)); at least V(1).
      - When not set, the API chooses (20 minutes today).
      - Only used when a container is created.
    type: int
  file_ids:
    description:
      - IDs of files to copy into a new container.
      - Only used when a container is created.
    type: list
    elements: str
extends_documentation_fragment:
  - llmops.openai.connection
  - llmops.openai.listing.page_size
  - llmops.openai.attributes
attributes:
  check_mode:
    support: full
    details: Lists and retrieves containers to report what would be created or deleted, but creates and deletes nothing.
  diff_mode:
    support: full
    details: The container before and after; in check mode the request that would be sent stands for the new container.
seealso:
  - module: llmops.openai.container_info
  - plugin: llmops.openai.container_classify
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Make sure a container for the nightly analysis exists (created once, reused afterwards)
  llmops.openai.container:
    name: nightly-analysis
    memory_limit: 4g
    expires_after: 60
  register: analysis

- name: Use its ID
  ansible.builtin.debug:
    msg: "Container {{ analysis.container.id }} expires after {{ analysis.container.expires_after.minutes }} minutes idle"

- name: Delete it when done
  llmops.openai.container:
    id: "{{ analysis.container.id }}"
    state: absent

- name: Delete the live container named nightly-analysis, if there is one
  llmops.openai.container:
    name: nightly-analysis
    state: absent

- name: Credentials once per play
  hosts: localhost
  module_defaults:
    group/llmops.openai.openai:
      api_key: "{{ vault_openai_api_key }}"
  tasks:
    - name: Create a container for a job
      llmops.openai.container:
        name: job-1234
'''

RETURN = r'''
container:
  description:
    - The container as the API sent it.
    - With O(state=present), the live container that exists after the task (created or found).
    - With O(state=absent), the container that was (or in check mode would be) deleted, as it was before.
  returned: when a container was found, created or deleted; not in check mode when one would be created
  type: dict
  sample:
    id: cntr_682e30645a488191b6363a0cbefc0f0a025ec61b66250591
    object: container
    name: nightly-analysis
    created_at: 1747857508
    status: running
    last_active_at: 1747857508
    expires_after:
      anchor: last_active_at
      minutes: 60
    memory_limit: 4g
error:
  description: The API's error, when the module failed on one.
  returned: on failure from the API
  type: dict
  sample:
    status: 400
    type: invalid_request_error
    code: invalid_value
    param: memory_limit
    message: "Invalid value: '3g'. Supported values are: '1g', '4g', '16g', and '64g'."
    request_id: req_0123456789abcdef0123456789abcdef
'''

import time

from ansible_collections.llmops.openai.plugins.module_utils._container_time import classify
from ansible_collections.llmops.openai.plugins.module_utils._containers import (
    ListingOptions, create_container, delete_container, first_and_more, list_containers, retrieve_container, short_repr)
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OpenAIError
from ansible_collections.llmops.openai.plugins.module_utils._text import printable
from ansible_collections.llmops.openai.plugins.module_utils._module import OpenAIModule
from ansible_collections.llmops.openai.plugins.module_utils._options import LISTING_ARGUMENT_SPEC

# How much earlier than the controller's clock a container created by our request may say it was created.
CLOCK_SKEW_SECONDS = 60


def is_live(container):
    """Whether the API lists the container as running (the shared definition of state 'active')."""
    try:
        return classify(container, time.time())['state'] == 'active'
    except (TypeError, ValueError):
        return False


def is_ambiguous(exc):
    """A failed create that may nevertheless have created the container: no answer, or a server error."""
    return isinstance(exc, ApiError) and (exc.status is None or exc.status >= 500)


def id_list(containers):
    """The first ids and how many more: a shared name can have hundreds of containers. Escaped, for the
    failure messages that quote them (warnings are escaped by OpenAIModule.warn)."""
    return first_and_more([printable(container.get('id')) for container in containers])


def describe_answer(container, secrets):
    """What the API answered instead of the container asked for; an id it chose is quoted without ``secrets``."""
    if not isinstance(container, dict):
        return 'a %s instead of a container' % type(container).__name__
    if 'id' not in container:
        return 'a container without id'
    return 'container %s' % short_repr(container.get('id'), 80, secrets)


def _created_at(container):
    value = container.get('created_at')
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


class ContainerTask:
    """One run of the module: finds, creates or deletes, and collects the result."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.client = module.client
        self.validator = module.schema_validator()

    def named(self, name):
        """Every container the API lists with exactly this name (the listing keeps only that name,
        whatever a gateway does with the filter), newest first.

        One cursor, never the walks from both ends: whether to create or delete must not rest on
        anything but what one cursor needs (each order stable), and a name rarely has more than a page.
        """
        options = ListingOptions(page_size=self.params['page_size'], name=name, walk_both_ends=False)
        listing = list_containers(self.client, options, self.validator)
        self.module.warn_all(listing.warnings)
        return sorted(listing.items, key=_created_at, reverse=True)

    def request_body(self):
        body = dict(name=self.params['name'])
        if self.params['memory_limit'] is not None:
            body['memory_limit'] = self.params['memory_limit']
        if self.params['expires_after'] is not None:
            body['expires_after'] = dict(anchor='last_active_at', minutes=self.params['expires_after'])
        if self.params['file_ids'] is not None:
            body['file_ids'] = self.params['file_ids']
        return body

    def create(self, body):
        container, warnings = create_container(self.client, body, self.validator)
        self.module.warn_all(warnings)
        return container

    def create_once(self, body, known_ids):
        """Create, and after an ambiguous failure look before trying once more (see DOCUMENTATION)."""
        started = int(time.time())
        try:
            return self.create(body)
        except ApiError as exc:
            if not is_ambiguous(exc):
                raise
            self.module.warn('creating container %r failed without a clear answer (%s); looking for a container '
                             'that request may have created before trying once more' % (body['name'], exc))
        created = [container for container in self.named(body['name'])
                   if is_live(container) and container.get('id') not in known_ids
                   and _created_at(container) >= started - CLOCK_SKEW_SECONDS]
        if created:
            self.warn_others(created)
            self.module.warn('container %s was created although the answer to the request was lost; not creating '
                             'another one' % created[0].get('id'))
            return created[0]
        return self.create(body)

    def warn_others(self, live):
        if len(live) > 1:
            self.module.warn('%d live containers are named %r: returning the newest, %s; the others are %s' % (
                len(live), live[0].get('name'), live[0].get('id'), id_list(live[1:])))

    def warn_differences(self, container, created=False):
        """Warn where the API's container is not what was asked, or does not say: a gateway may drop a field
        both from the request and from the answer (the LiteLLM proxy does so with memory_limit), and a
        container that does not say its tier must not pass for the one asked for."""
        kept = ('; the API created it so' if created else
                '; containers cannot be changed, so it is kept (delete it first to get a new one)')
        container_id = printable(container.get('id'))
        wanted_memory = self.params['memory_limit']
        if wanted_memory is not None and container.get('memory_limit') is None:
            self.module.warn('the API does not say the memory_limit of container %s (asked: %s); it may have the '
                             'default 1g: a gateway in front of the API may drop the field (see the providers guide)'
                             % (container_id, wanted_memory))
        elif wanted_memory is not None and container.get('memory_limit') != wanted_memory:
            self.module.warn('container %s has memory_limit %s, not %s%s' % (
                container_id, printable(container.get('memory_limit')), wanted_memory, kept))
        wanted_minutes = self.params['expires_after']
        expires_after = container.get('expires_after')
        minutes = expires_after.get('minutes') if isinstance(expires_after, dict) else None
        if wanted_minutes is not None and minutes is None:
            self.module.warn('the API does not say after how many minutes container %s expires (asked: %s); a gateway '
                             'in front of the API may drop the field (see the providers guide)' % (container_id, wanted_minutes))
        elif wanted_minutes is not None and minutes != wanted_minutes:
            self.module.warn('container %s expires after %s minutes, not %s%s' % (
                container_id, printable(minutes), wanted_minutes, kept))

    def present(self):
        body = self.request_body()
        named = self.named(body['name'])
        live = [container for container in named if is_live(container)]
        if live:
            self.warn_others(live)
            self.warn_differences(live[0])
            return self.result(False, live[0], live[0], live[0])
        if self.module.check_mode:
            return self.result(True, None, {}, body)
        container = self.create_once(body, set(container.get('id') for container in named))
        if isinstance(container, dict):
            self.warn_differences(container, created=True)
        return self.result(True, container, {}, container)

    def absent(self):
        if self.params['id']:
            container_id = self.params['id']
            container, warnings = retrieve_container(self.client, container_id, self.validator)
            self.module.warn_all(warnings)
            if container is not None and (not isinstance(container, dict) or container.get('id') != container_id):
                # Only the id the user gave is ever deleted; an answer about another one is not trusted at all.
                self.module.fail_json(msg='the API answered the request for container %s with %s; refusing to delete '
                                          'anything' % (container_id, describe_answer(container, self.client.settings.secrets)))
        else:
            live = [container for container in self.named(self.params['name']) if is_live(container)]
            if len(live) > 1:
                self.module.fail_json(
                    msg='%d live containers are named %r (%s); refusing to choose: delete them by id' % (
                        len(live), self.params['name'], id_list(live)),
                    containers=live)
            container = live[0] if live else None
            if container is not None and not isinstance(container.get('id'), str):
                self.module.fail_json(msg='the live container named %r has no string id (%r); refusing to delete it' % (
                    self.params['name'], container.get('id')))
            # named() kept only the containers whose name is exactly the requested one: this id is one of them.
            container_id = container['id'] if container is not None else None
        if container is None:
            return self.result(False, None, {}, {})
        if self.module.check_mode:
            return self.result(True, container, container, {})
        deleted = delete_container(self.client, container_id)
        return self.result(deleted, container, container if deleted else {}, {})

    def result(self, changed, container, before, after):
        result = dict(changed=changed)
        if container is not None:
            result['container'] = container
        if self.module._diff:
            result['diff'] = dict(before=before, after=after)
        return result


def main():
    module = OpenAIModule(
        argument_spec=dict(
            state=dict(type='str', default='present', choices=['present', 'absent']),
            name=dict(type='str'),
            id=dict(type='str'),
            memory_limit=dict(type='str', choices=['1g', '4g', '16g', '64g']),
            expires_after=dict(type='int'),
            file_ids=dict(type='list', elements='str'),
            page_size=LISTING_ARGUMENT_SPEC['page_size'],
        ),
        mutually_exclusive=[('id', 'name')],
        required_if=[('state', 'present', ('name',)), ('state', 'absent', ('id', 'name'), True)],
        supports_check_mode=True,
    )
    if module.params['expires_after'] is not None and module.params['expires_after'] < 1:
        module.fail_json(msg="option 'expires_after': must be at least 1 minute, got %s" % module.params['expires_after'])
    if module.params['name'] == '' or module.params['id'] == '':
        module.fail_json(msg="options 'name' and 'id' must not be empty")
    task = ContainerTask(module)
    try:
        result = task.present() if module.params['state'] == 'present' else task.absent()
    except OpenAIError as exc:
        module.fail_from(exc)
    finally:
        task.client.close()
    module.exit_json(**result)


if __name__ == '__main__':
    main()
