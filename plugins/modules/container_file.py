#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r'''
module: container_file
short_description: Upload, download or delete one file of an OpenAI container
version_added: 1.3.0
description:
  - Manages one file of one OpenAI container (O(container_id)).
  - B(Upload) (O(src)) sends a local file as a multipart upload. The server stores it as
    C(/mnt/data/<32 hex>-<name>), where the name is the base name of O(src). Nothing is sent when the container
    already has a file with that name (the part of its path after the server's prefix) and the same size;
    O(force=true) uploads anyway. An upload is never retried (the API has no idempotency key, so a retry could
    store the file twice); after a lost answer, running the task again is safe, as it finds the file if it arrived.
    Files with the same name and another size are kept (the API cannot replace a file); a warning names them.
  - B(Download) (O(dest) with O(file_id) or O(path)) streams the content into a temporary file beside O(dest)
    and renames it to O(dest) only when it is complete and exactly as long as the file's listed C(bytes);
    otherwise the download fails and nothing is left at O(dest) (an existing O(dest) stays as it was).
    The content is never held in memory. The API gives no checksum, so the file is downloaded on every run; when
    O(dest) already holds the same bytes (same size, then same SHA-256 of what was downloaded) it is left untouched
    and the task is not changed. O(mode), O(owner), O(group) and the other common file attributes apply to O(dest).
  - B(Delete) (O(state=absent) with O(file_id) or O(path)) deletes the file; a file that is already gone is not a
    change, so the task is idempotent. The file's ID is the one given, or that of the one listed file that matches
    O(path).
  - O(path) is matched against the files the container lists; a O(path) that matches several files fails and names
    them (use O(file_id) then); one that matches none fails for a download and is already absent for a delete.
  - The server chooses each file's path, and for generated files the model does. A local file is only ever written
    at O(dest); no part of a server path is used to choose where.
  - Every request is bounded by the connection options (O(timeout) over the whole request, the body of a download
    included, O(max_retries), no redirects) and a download by O(max_file_bytes).
author:
  - llmops.openai contributors (@llmops)
options:
  container_id:
    description:
      - The ID of the container.
    type: str
    required: true
  state:
    description:
      - V(present) uploads O(src), or downloads the file to O(dest).
      - V(absent) deletes the file given by O(file_id) or O(path).
    type: str
    choices: [present, absent]
    default: present
  src:
    description:
      - A local file to upload. Its base name is the name the server keeps.
      - Cannot be combined with O(dest), O(file_id) or O(path).
    type: path
  dest:
    description:
      - The local file to download to, with O(file_id) or O(path). Its directory must exist.
      - A directory is refused, because the name of the local file is always the caller's choice.
    type: path
  file_id:
    description:
      - The ID of the file to download or delete.
      - Cannot be combined with O(path).
    type: str
  path:
    description:
      - The file to download or delete, by its path in the container. Either the full path the API lists, with or
        without the C(<32 hex>-) prefix the server puts before an uploaded file's name (V(/mnt/data/report.csv)
        matches C(/mnt/data/88e12fa445d32636f190a0b33daed6cb-report.csv)), or its end after a slash, with or without
        that prefix (V(report.csv), V(outputs/chart.png)).
      - The container's files are listed to find it (with O(page_size)).
    type: str
  force:
    description:
      - Upload O(src) even when the container already has a file with its name and size.
    type: bool
    default: false
  max_file_bytes:
    description:
      - The largest file the module downloads or uploads, in bytes. A download of a file whose listed size is larger
        fails before any byte is read, and one whose content goes past its listed size stops there.
      - An upload is built in memory by the HTTP library, so this also bounds the memory an upload takes.
      - The default is 1 GiB. A large download also needs a O(timeout) long enough for the whole body.
    type: int
    default: 1073741824
extends_documentation_fragment:
  - llmops.openai.connection
  - llmops.openai.listing.page_size
  - llmops.openai.attributes
  - ansible.builtin.files
attributes:
  check_mode:
    support: full
    details:
      - An upload lists the files and reports whether it would upload; nothing is sent.
      - A download writes nothing. When O(dest) has another size than the file, or does not exist, it is reported
        changed without a download; when the sizes are equal, the content is downloaded and hashed (not written) to tell.
      - A delete retrieves (or lists) the file and reports whether it would delete it.
  diff_mode:
    support: full
    details:
      - Upload and delete show the file object before and after; a download shows the size and SHA-256 of O(dest)
        before and after.
seealso:
  - module: llmops.openai.container_file_info
  - module: llmops.openai.container
'''

EXAMPLES = r'''
- name: Upload a data set (once; unchanged on the next run)
  llmops.openai.container_file:
    container_id: "{{ analysis.container.id }}"
    src: files/sales.csv
  register: upload

- name: Download what the model wrote to /mnt/data/chart.png
  llmops.openai.container_file:
    container_id: "{{ analysis.container.id }}"
    path: chart.png
    dest: /srv/reports/chart.png
    mode: "0644"

- name: Download a file by ID
  llmops.openai.container_file:
    container_id: "{{ analysis.container.id }}"
    file_id: cfile_682e0e8a43c88191a7978f477a09bdf5
    dest: /srv/reports/result.json

- name: Delete the uploaded data set
  llmops.openai.container_file:
    container_id: "{{ analysis.container.id }}"
    file_id: "{{ upload.file.id }}"
    state: absent

- name: Download a large file (the timeout bounds the whole download)
  llmops.openai.container_file:
    container_id: "{{ analysis.container.id }}"
    path: model.bin
    dest: /srv/models/model.bin
    max_file_bytes: 4294967296
    timeout: 1800
'''

RETURN = r'''
file:
  description:
    - The file object as the API sent it.
    - Upload, the file uploaded, or the one already there; download, the file downloaded; delete, the file
      as it was before it was deleted.
  returned: when a file was found, uploaded or deleted; not in check mode when one would be uploaded
  type: dict
  sample:
    id: cfile_682e0e8a43c88191a7978f477a09bdf5
    object: container.file
    created_at: 1747848842
    bytes: 880
    container_id: cntr_682e0e7318108198aa783fd921ff305e08e78805b9fdbb04
    path: /mnt/data/88e12fa445d32636f190a0b33daed6cb-tsconfig.json
    source: user
dest:
  description: The local file downloaded to.
  returned: download
  type: str
  sample: /srv/reports/chart.png
sha256:
  description:
    - The SHA-256 of the downloaded content (hex), computed while it is written.
    - Computed only when it tells whether O(dest) changed (O(dest) already had the file's size) or in diff mode;
      V(null) otherwise, because hashing costs about as much CPU as receiving the file over a fast link.
  returned: download
  type: str
  sample: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
bytes:
  description: The size of the downloaded content (in check mode, of the file as listed when nothing was downloaded).
  returned: download
  type: int
  sample: 880
error:
  description: The API's error, when the module failed on one.
  returned: on failure from the API
  type: dict
  sample:
    status: 404
    type: invalid_request_error
    code: null
    message: No such file
    param: null
    request_id: req_0123456789abcdef0123456789abcdef
'''

import os

from ansible_collections.llmops.openai.plugins.module_utils._api.errors import OpenAIError, OptionError
from ansible_collections.llmops.openai.plugins.module_utils._container_files import (
    DEFAULT_MAX_FILE_BYTES, check_dest, delete_file, describe_files, download_file, file_name, files_path, id_problem,
    list_container_files, matches_path, retrieve_file, sha256_of, upload_file)
from ansible_collections.llmops.openai.plugins.module_utils._containers import ListingOptions, short_repr
from ansible_collections.llmops.openai.plugins.module_utils._module import OpenAIModule
from ansible_collections.llmops.openai.plugins.module_utils._options import LISTING_ARGUMENT_SPEC, integer_option
from ansible_collections.llmops.openai.plugins.module_utils._text import printable


class FileTask:
    """One run of the module: finds, uploads, downloads or deletes one file, and builds the result."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.container_id = self.params['container_id']
        self.max_file_bytes = module.option_guard(
            lambda: integer_option('max_file_bytes', self.params['max_file_bytes'], DEFAULT_MAX_FILE_BYTES, 1))
        # Every option is checked before the first request.
        module.option_guard(self.check_options)
        self.validator = module.schema_validator()
        self.client = module.client

    def check_options(self):
        files_path(self.container_id, self.params['file_id'])
        if self.params['path'] is not None and (self.params['path'] == '' or self.params['path'] == '/'):
            raise OptionError('path', 'must name a file, got %r' % self.params['path'])
        if self.params['src'] is not None:
            src = self.params['src']
            if not os.path.isfile(src):
                raise OptionError('src', '%s is not a file' % src if os.path.exists(src) else 'no such file: %s' % src)
            if not os.access(src, os.R_OK):
                raise OptionError('src', '%s is not readable' % src)
        if self.params['dest'] is not None:
            check_dest(self.params['dest'])

    def files(self):
        listing = list_container_files(self.client, self.container_id, ListingOptions(page_size=self.params['page_size']), self.validator)
        self.module.warn_all(listing.warnings)
        return listing.items

    def find(self):
        """The file given by file_id or path, or None when there is none."""
        if self.params['file_id'] is not None:
            file_object, warnings = retrieve_file(self.client, self.container_id, self.params['file_id'], self.validator)
            self.module.warn_all(warnings)
            return file_object
        path = self.params['path']
        found = [item for item in self.files() if matches_path(item, path)]
        if len(found) > 1:
            self.module.fail_json(msg='path %r matches %d files of container %s: %s; give the one meant with file_id' % (
                path, len(found), self.container_id, describe_files(found, self.client.settings.secrets)), files=found)
        if found:
            problem = id_problem(found[0].get('id'))
            if problem:
                raise OpenAIError('the file listed at %s has an id that cannot be used: it %s' % (
                    printable(short_repr(found[0].get('path'), 200)), problem))
        return found[0] if found else None

    def upload(self):
        src = self.params['src']
        name, size = os.path.basename(src), os.path.getsize(src)
        named = [item for item in self.files() if file_name(item.get('path')) == name]
        same = [item for item in named if item.get('bytes') == size and not isinstance(item.get('bytes'), bool)]
        if same and not self.params['force']:
            return self.result(False, same[0], same[0], same[0])
        if named and not same:
            self.module.warn('container %s already has %s named %r with another size: %s; %s kept (the API cannot replace '
                             'a file: delete %s by file_id)' % (
                                 self.container_id, 'a file' if len(named) == 1 else '%d files' % len(named), name,
                                 describe_files(named, self.client.settings.secrets), 'it is' if len(named) == 1 else 'they are',
                                 'it' if len(named) == 1 else 'them'))
        if self.module.check_mode:
            return self.result(True, None, {}, dict(name=name, bytes=size))
        file_object, warnings = upload_file(self.client, self.container_id, src, self.validator, self.max_file_bytes)
        self.module.warn_all(warnings)
        return self.result(True, file_object, {}, file_object)

    def download(self):
        dest = self.params['dest']
        file_object = self.find()
        if file_object is None:
            self.module.fail_json(msg='container %s has no file %s' % (self.container_id, self.wanted()))
        # Hashing costs about as much as the download: dest's state (and the content's hash) only for the diff,
        # or when it tells whether dest changed (download_file knows when).
        before = local_state(dest) if self.module._diff else None
        outcome = download_file(self.client, self.container_id, file_object, dest, self.max_file_bytes,
                                check_mode=self.module.check_mode, always_hash=self.module._diff)
        after = dict(path=dest, state='file', bytes=outcome.bytes, sha256=outcome.sha256)
        result = self.result(outcome.changed, file_object, before, after if outcome.changed else before)
        result.update(dest=dest, sha256=outcome.sha256, bytes=outcome.bytes)
        return result

    def absent(self):
        file_object = self.find()
        if file_object is None:
            return self.result(False, None, {}, {})
        if self.module.check_mode:
            return self.result(True, file_object, file_object, {})
        deleted = delete_file(self.client, self.container_id, file_object['id'])
        return self.result(deleted, file_object, file_object if deleted else {}, {})

    def wanted(self):
        if self.params['file_id'] is not None:
            return 'with id %s' % self.params['file_id']
        return 'at path %r' % self.params['path']

    def result(self, changed, file_object, before, after):
        result = dict(changed=changed)
        if file_object is not None:
            result['file'] = file_object
        if self.module._diff:
            result['diff'] = dict(before=before, after=after)
        return result

    def run(self):
        if self.params['state'] == 'absent':
            return self.absent()
        if self.params['src'] is not None:
            return self.upload()
        return self.download()


def local_state(dest):
    """What the diff shows of a local file: its size and SHA-256, or that it is absent."""
    if not os.path.isfile(dest):
        return dict(path=dest, state='absent')
    return dict(path=dest, state='file', bytes=os.path.getsize(dest), sha256=sha256_of(dest))


def main():
    module = OpenAIModule(
        argument_spec=dict(
            container_id=dict(type='str', required=True),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            src=dict(type='path'),
            dest=dict(type='path'),
            file_id=dict(type='str'),
            path=dict(type='str'),
            force=dict(type='bool', default=False),
            max_file_bytes=dict(type='int', default=DEFAULT_MAX_FILE_BYTES),
            page_size=LISTING_ARGUMENT_SPEC['page_size'],
        ),
        mutually_exclusive=[('file_id', 'path'), ('src', 'dest'), ('src', 'file_id'), ('src', 'path')],
        required_if=[('state', 'present', ('src', 'dest'), True), ('state', 'absent', ('file_id', 'path'), True)],
        add_file_common_args=True,
        supports_check_mode=True,
    )
    if module.params['state'] == 'absent' and (module.params['src'] is not None or module.params['dest'] is not None):
        module.fail_json(msg="state=absent deletes the file given by file_id or path: src and dest do not apply")
    if module.params['dest'] is not None and module.params['file_id'] is None and module.params['path'] is None:
        module.fail_json(msg="dest needs the file to download: one of file_id or path")
    task = FileTask(module)
    try:
        result = task.run()
    except OpenAIError as exc:
        module.fail_from(exc)
    except OSError as exc:
        # The local side (a full disk, a permission, a name the file system refuses): no traceback.
        module.fail_json(msg='cannot write or read the local file (%s): %s' % (
            'dest %s' % module.params['dest'] if module.params['dest'] is not None else 'src %s' % module.params['src'],
            exc.strerror or exc))
    finally:
        task.client.close()
    if module.params['dest'] is not None and module.params['state'] == 'present' and os.path.exists(module.params['dest']):
        file_args = module.load_file_common_arguments(module.params, path=module.params['dest'])
        result['changed'] = module.set_fs_attributes_if_different(file_args, result['changed'])
    module.exit_json(**result)


if __name__ == '__main__':
    main()
