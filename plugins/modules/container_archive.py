#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r'''
module: container_archive
short_description: Download the files of many OpenAI containers in one task, before they expire or are deleted
version_added: 1.3.0
description:
  - Saves every file of a set of OpenAI containers under O(dest), as M(llmops.openai.container_prune) deletes many
    containers in one task, and returns what happened to each container.
  - The set is O(container_ids), or the containers that are stale (O(stale=true), the same definition and options as
    M(llmops.openai.container_prune)), or, with both, the given IDs that are stale.
  - Every file of a container lands under C(dest/<container id>/). Its relative path is the file's C(path) on the
    server with C(/mnt/data/) removed, made safe; the server never chooses where a file lands outside its
    container's folder. See R(Keeping container outputs,ansible_collections.llmops.openai.docsite.archive) for the
    exact rules (C(..), absolute paths, control characters, collisions).
  - Each container's folder gets a manifest, C(.archive-manifest.json), naming every file's ID, the server's path
    (verbatim, as data), the local relative path, C(bytes), SHA-256 and when it was saved. A second run downloads
    nothing that the manifest and the disk show is already there with the listed size and the recorded SHA-256.
  - Each download is streamed into a temporary file beside its destination and renamed only when complete and its
    length equals the listed C(bytes); a failed download leaves no partial file behind.
  - The listings and downloads share one HTTP session and run at most O(concurrency) at a time. Rate limits and
    server errors are ridden out with the client's retry policy (O(max_retries)); O(max_retry_wait) bounds the retry
    waiting of the whole task, and when one request is told to wait every worker waits, as in
    M(llmops.openai.container_prune).
  - When a container's archive fails (a listing, a file), the others are still archived; the module then fails, and
    RV(archives) says for each container which file failed and why.
author:
  - llmops.openai contributors (@llmops)
options:
  container_ids:
    description:
      - The IDs of the containers to archive. Duplicates are archived once.
      - With O(stale=true), only those of these IDs that are stale are archived; the others are in RV(not_stale).
      - An ID must be usable as one folder name (no C(/), not C(.) or C(..), no control character).
      - Two IDs that differ only in case or Unicode form would share one folder on a macOS or Windows disk; the first in
        code point order is archived, the other fails (it is not in RV(completed)).
    type: list
    elements: str
    aliases: [ids]
  dest:
    description:
      - The folder that receives one folder per container, C(dest/<container id>/). Created if missing (not in check
        mode).
      - No symbolic link inside it is followed; a container folder, a sub-folder or a file that is a link fails that
        file (or that container), in check mode too.
      - A local relative path is at most 1024 bytes (deeper folders are folded into one hashed name); the API key in a
        server path is redacted from file names and the manifest.
    type: path
    required: true
  concurrency:
    description:
      - How many requests (file listings and downloads) may be in flight at once, from 1 to 32.
    type: int
    default: 8
  max_file_bytes:
    description:
      - The largest file downloaded, in bytes. A file listed larger fails without a request; a download that sends
        more than its listed size is stopped and fails.
    type: int
    default: 1073741824
  max_total_bytes:
    description:
      - The most bytes one task downloads, counted from the listed sizes of the files it has to download (files
        already saved and unchanged do not count), so that a server cannot fill the disk.
      - The files past the bound fail without a request, in the order of the containers and of their files.
    type: int
    default: 21474836480
extends_documentation_fragment:
  - llmops.openai.connection
  - llmops.openai.listing.page_size
  - llmops.openai.selection
  - llmops.openai.attributes
attributes:
  check_mode:
    support: full
    details:
      - Lists the containers' files and returns what would be downloaded (RV(archives[].would_download)); no file
        content is requested and nothing is written.
  diff_mode:
    support: none
notes:
  - The manifest is never trusted to choose where to write; it only lets a file be skipped when the disk still holds a
    regular file of the listed size and the recorded SHA-256 at the path computed from the listing.
  - Container files die with their container. Archive before deleting, as the P(llmops.openai.container_audit#role)
    role does with C(container_audit_archive_dir).
seealso:
  - module: llmops.openai.container_prune
  - module: llmops.openai.container_file
  - module: llmops.openai.container_file_info
'''

EXAMPLES = r'''
- name: Save the files of the stale containers before they are deleted
  llmops.openai.container_archive:
    stale: true
    idle_threshold_minutes: 60
    dest: /srv/container-archive
  register: archive

- name: Delete only the containers whose archive completed
  llmops.openai.container_prune:
    ids: "{{ archive.completed }}"

- name: Save the files of two containers, at most 4 requests at a time, no file over 100 MB
  llmops.openai.container_archive:
    container_ids: [cntr_682e30645a488191b6363a0cbefc0f0a025ec61b66250591, cntr_682e3064b1c48191bb8c9f2a4a0e5a3e0c61b0f2a1c2d3e4]
    dest: "{{ playbook_dir }}/outputs"
    concurrency: 4
    max_file_bytes: 100000000

- name: What would be downloaded (the file lists are read, nothing is written)
  llmops.openai.container_archive:
    stale: true
    dest: /srv/container-archive
  check_mode: true
  register: plan
'''

RETURN = r'''
archives:
  description: One entry per selected container, in the order selected.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The container ID.
      type: str
    outcome:
      description:
        - V(archived) (every file is saved, downloaded now or already there), V(nothing_to_archive) (the container
          has no file), V(would_archive) (check mode) or V(failed) (see RV(archives[].failures)).
      type: str
      sample: archived
    folder:
      description: The container's folder, C(dest/<container id>).
      type: str
    manifest:
      description: The path of the manifest written, or null (check mode, or nothing saved).
      type: str
    files:
      description: How many files the container holds.
      type: int
    bytes:
      description: Their listed size, in bytes.
      type: int
    downloaded:
      description: How many files this run downloaded.
      type: int
    downloaded_bytes:
      description: How many bytes this run downloaded.
      type: int
    unchanged:
      description: How many files were already saved (manifest and disk agree) and were not requested.
      type: int
    would_download:
      description: In check mode, the files that would be downloaded (C(id), C(path), C(local_path), C(bytes)).
      type: list
      elements: dict
    failures:
      description:
        - What failed, the file (C(file_id), C(path) with unprintable characters escaped, C(local_path)), or the
          container's listing (those three null), with C(reason) (the HTTP status, the API's message and the request
          ID for an API error), C(status) and C(request_id).
      type: list
      elements: dict
completed:
  description:
    - The IDs whose archive completed (V(archived) or V(nothing_to_archive)); in check mode those that would
      (V(would_archive) or V(nothing_to_archive)). The ones safe to delete.
  returned: always
  type: list
  elements: str
failed_containers:
  description: The IDs whose archive failed (not C(failed), which Ansible sets to whether the task failed).
  returned: always
  type: list
  elements: str
totals:
  description: The sums over RV(archives).
  returned: always
  type: dict
  contains:
    containers:
      description: Containers selected.
      type: int
    files:
      description: Files listed.
      type: int
    bytes:
      description: Bytes listed.
      type: int
    downloaded:
      description: Files downloaded.
      type: int
    downloaded_bytes:
      description: Bytes downloaded.
      type: int
    unchanged:
      description: Files already saved.
      type: int
    failed_files:
      description: Failures (files, or listings).
      type: int
  sample: {containers: 23, files: 80, bytes: 5123456, downloaded: 80, downloaded_bytes: 5123456, unchanged: 0, failed_files: 0}
stale:
  description: With O(stale=true), the selected containers as P(llmops.openai.container_classify#filter) describes them.
  returned: when O(stale=true)
  type: list
  elements: dict
not_stale:
  description: With both O(container_ids) and O(stale=true), the given IDs that were not selected.
  returned: when O(container_ids) and O(stale=true) are both given
  type: list
  elements: str
'''

import os

from ansible_collections.llmops.openai.plugins.module_utils._archive import unsafe_segment_reason
from ansible_collections.llmops.openai.plugins.module_utils._bulk_delete import DEFAULT_CONCURRENCY, SharedPause, concurrency_option
from ansible_collections.llmops.openai.plugins.module_utils._container_archive import (
    ARCHIVED, DEFAULT_MAX_TOTAL_BYTES, FAILED, NOTHING_TO_ARCHIVE, WOULD_ARCHIVE, ContainerArchiver, max_file_bytes_option,
    max_total_bytes_option)
from ansible_collections.llmops.openai.plugins.module_utils._container_files import DEFAULT_MAX_FILE_BYTES
from ansible_collections.llmops.openai.plugins.module_utils._container_selection import STALENESS_ARGUMENT_SPEC, ContainerSelection, failures_message
from ansible_collections.llmops.openai.plugins.module_utils._containers import list_containers
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import OpenAIError
from ansible_collections.llmops.openai.plugins.module_utils._text import printable
from ansible_collections.llmops.openai.plugins.module_utils._module import OpenAIModule
from ansible_collections.llmops.openai.plugins.module_utils._options import LISTING_ARGUMENT_SPEC

TOTALS = ('files', 'bytes', 'downloaded', 'downloaded_bytes', 'unchanged')


def check_dest(module):
    """O(dest) as an absolute path: an existing folder, or created (not in check mode)."""
    dest = os.path.abspath(module.params['dest'])
    if os.path.lexists(dest) and not os.path.isdir(dest):
        module.fail_json(msg="option 'dest': %s exists and is not a folder" % dest)
    if not os.path.isdir(dest) and not module.check_mode:
        try:
            os.makedirs(dest, 0o755)
        except OSError as exc:
            module.fail_json(msg="option 'dest': cannot create %s: %s" % (dest, exc.strerror or exc))
    return dest


def check_given_ids(module, ids):
    for container_id in ids or []:
        reason = unsafe_segment_reason(container_id)
        if reason:
            module.fail_json(msg="option 'container_ids': %s cannot name a folder under dest: %s" % (printable(repr(container_id)), reason))


class ArchiveTask:
    """One run of the module: select, archive (or in check mode, look), and collect the result."""

    def __init__(self, module):
        self.module = module
        params = module.params
        self.selection = ContainerSelection(module, 'container_ids', 'archiving')
        check_given_ids(module, self.selection.ids)
        concurrency = module.option_guard(lambda: concurrency_option(params['concurrency']))
        max_file_bytes = module.option_guard(lambda: max_file_bytes_option(params['max_file_bytes']))
        max_total_bytes = module.option_guard(lambda: max_total_bytes_option(params['max_total_bytes']))
        self.listing_options = module.listing_options()
        self.validator = module.schema_validator()
        dest = check_dest(module)
        # One client for every listing and download: one session, one retry budget, one shared pause.
        pause = SharedPause()
        self.client = module.open_client(sleep=pause.sleep, connections=concurrency)
        self.archiver = ContainerArchiver(self.client, pause, self.validator, dest, concurrency, max_file_bytes, max_total_bytes,
                                          check_mode=module.check_mode, page_size=params['page_size'])
        self.result = dict(changed=False, archives=[], completed=[], failed_containers=[])

    def run(self):
        containers = []
        if self.selection.stale:
            listing = list_containers(self.client, self.listing_options, self.validator)
            self.module.warn_all(listing.warnings)
            containers = listing.items
        archives = self.archiver.archive(self.selection.select(containers, self.result))
        self.module.warn_all(self.archiver.warnings)
        self.result['archives'] = archives
        self.result['completed'] = [a['id'] for a in archives if a['outcome'] in (ARCHIVED, WOULD_ARCHIVE, NOTHING_TO_ARCHIVE)]
        self.result['failed_containers'] = [a['id'] for a in archives if a['outcome'] == FAILED]
        totals = dict((key, sum(a[key] for a in archives)) for key in TOTALS)
        totals.update(containers=len(archives), failed_files=sum(len(a['failures']) for a in archives))
        self.result['totals'] = totals
        self.result['changed'] = bool(totals['downloaded'] or any(a['would_download'] for a in archives))

    def finish(self):
        failed = [a for a in self.result['archives'] if a['outcome'] == FAILED]
        if not failed:
            self.module.exit_json(**self.result)
        self.module.fail_json(msg=failures_message(['%s: %s' % (printable(a['id']), _first_failure(a)) for a in failed],
                                                   len(self.result['archives']), 'container archives',
                                                   'the others were archived, see archives'),
                              **self.result)


def _first_failure(archive):
    failure = archive['failures'][0]
    where = 'file %s (%s): ' % (failure['file_id'], failure['path']) if failure['file_id'] else ''
    more = len(archive['failures']) - 1
    return '%s%s%s' % (where, failure['reason'], ' (and %d more)' % more if more else '')


def main():
    module = OpenAIModule(
        argument_spec=dict(
            container_ids=dict(type='list', elements='str', aliases=['ids']),
            dest=dict(type='path', required=True),
            concurrency=dict(type='int', default=DEFAULT_CONCURRENCY),
            max_file_bytes=dict(type='int', default=DEFAULT_MAX_FILE_BYTES),
            max_total_bytes=dict(type='int', default=DEFAULT_MAX_TOTAL_BYTES),
            page_size=LISTING_ARGUMENT_SPEC['page_size'],
            **STALENESS_ARGUMENT_SPEC
        ),
        supports_check_mode=True,
    )
    task = ArchiveTask(module)
    try:
        task.run()
    except OpenAIError as exc:
        module.fail_from(exc)
    finally:
        task.client.close()
    task.finish()


if __name__ == '__main__':
    main()
