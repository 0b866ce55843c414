# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# Saving the files of many containers at once (the module container_archive): list each
# container's files, plan where each lands (_archive.py), download what the disk does not already
# hold, write each container's manifest. Every request goes through the task's one ApiClient, at
# most `concurrency` at a time, behind the SharedPause of _bulk_delete.py, as container_prune's
# deletions do.

import time

from ansible_collections.llmops.openai.plugins.module_utils._archive import (
    ArchivePathError, assign_local_paths, container_folder, existing_folder, is_unchanged, manifest_entry, name_key, read_manifest,
    target_path, write_manifest)
from ansible_collections.llmops.openai.plugins.module_utils._bulk_delete import map_concurrently
from ansible_collections.llmops.openai.plugins.module_utils._container_files import (
    DEFAULT_MAX_FILE_BYTES, download_file, list_container_files, listed_size)
from ansible_collections.llmops.openai.plugins.module_utils._containers import ListingOptions
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OpenAIError
from ansible_collections.llmops.openai.plugins.module_utils._options import integer_option
from ansible_collections.llmops.openai.plugins.module_utils._text import printable, redact_all

# The outcome of one container.
ARCHIVED = 'archived'
NOTHING_TO_ARCHIVE = 'nothing_to_archive'
WOULD_ARCHIVE = 'would_archive'
FAILED = 'failed'

GIB = 1024 * 1024 * 1024
DEFAULT_MAX_TOTAL_BYTES = 20 * GIB


def max_file_bytes_option(value):
    return integer_option('max_file_bytes', value, DEFAULT_MAX_FILE_BYTES, 1)


def max_total_bytes_option(value):
    return integer_option('max_total_bytes', value, DEFAULT_MAX_TOTAL_BYTES, 1)


def _reason(exc):
    """What a failed file or listing says: the API's status, message and request id (an ApiError's
    text), or the local problem. Never a traceback."""
    if isinstance(exc, (OpenAIError, ArchivePathError)):
        return str(exc)
    if isinstance(exc, OSError):
        return 'cannot write the file: %s' % (exc.strerror or exc)
    return 'internal error (%s)' % type(exc).__name__


def _failure(exc, file_object=None, relative=None):
    failure = {'file_id': None, 'path': None, 'local_path': relative, 'reason': printable(_reason(exc)),
               'status': None, 'request_id': None}
    if file_object is not None:
        failure.update(file_id=printable(file_object.get('id')), path=printable(file_object.get('path')))
    if isinstance(exc, ApiError):
        failure.update(status=exc.status, request_id=exc.request_id)
    return failure


def _by_id(entries):
    return sorted((entry for entry in entries if isinstance(entry, dict)), key=lambda entry: str(entry.get('id')))


def _file_failure(file_object, relative, reason):
    return _failure(ArchivePathError(reason), file_object, relative)


class _Container:
    """What is known of one container during the run."""

    def __init__(self, container_id):
        self.container_id = container_id
        self.folder = None
        self.files = []
        self.local = {}
        self.manifest = {}
        self.entries = []
        self.failures = []
        self.downloads = []
        self.unchanged = 0
        self.downloaded = []
        self.manifest_path = None


def _fail_folder_collisions(containers):
    """Fail every container whose id names the same folder as another's on a macOS or Windows disk
    (``CNTR_A`` and ``cntr_a``; one name in two Unicode forms): both would write one folder and one
    manifest, and both would be reported archived. The first id in code point order keeps the folder
    (whatever the order they were listed in); the others fail before any request, so they are kept."""
    owners = {}
    # An id that is not a string fails in _list (container_folder) as every unsafe id does.
    named = [container for container in containers if isinstance(container.container_id, str)]
    for container in sorted(named, key=lambda container: container.container_id):
        key = name_key(container.container_id)
        if key in owners:
            container.failures.append(_failure(ArchivePathError(
                'its folder would be the folder of container %s on a disk that ignores case or Unicode form: it is not archived' % owners[key])))
        else:
            owners[key] = container.container_id


class ContainerArchiver:
    """Archives containers into ``dest``: ``archive(ids)`` returns one outcome dict per id, in order.

    ``client`` is the task's ApiClient, whose retry wait is ``pause.sleep``; ``clock`` gives the
    ``saved_at`` epoch seconds of the manifest. In ``check_mode`` the file lists are read and
    nothing else: no content is requested and nothing is written.
    """

    def __init__(self, client, pause, validator, dest, concurrency, max_file_bytes, max_total_bytes,
                 check_mode=False, page_size=None, clock=time.time):
        self.client = client
        self.pause = pause
        self.validator = validator
        self.dest = dest
        self.concurrency = concurrency
        self.max_file_bytes = max_file_bytes
        self.max_total_bytes = max_total_bytes
        self.check_mode = check_mode
        # One cursor per container: the task's concurrency is the bound of its requests.
        self.file_listing = ListingOptions(page_size=page_size, walk_both_ends=False)
        self.clock = clock
        self.warnings = []

    def archive(self, container_ids):
        containers = [_Container(container_id) for container_id in container_ids]
        _fail_folder_collisions(containers)
        map_concurrently(self._list, [container for container in containers if not container.failures], self.concurrency)
        budget = self.max_total_bytes
        for container in containers:
            if not container.failures:
                budget = self._plan(container, budget)
        downloads = [(container, file_object) for container in containers for file_object in container.downloads]
        # Largest first (a stable sort, so deterministic): a big file that started last would hold the
        # task alone at its end while the other workers are idle.
        downloads.sort(key=lambda job: -job[1]['bytes'])
        if not self.check_mode:
            map_concurrently(lambda job: self._download(*job), downloads, self.concurrency)
            for container in containers:
                self._write_manifest(container)
        return [self._outcome(container) for container in containers]

    def _list(self, container):
        try:
            container.folder = container_folder(self.dest, container.container_id, create=False)
            self.pause.wait()
            listing = list_container_files(self.client, container.container_id, self.file_listing, self.validator)
            # A secret the server echoes in a path would otherwise become a file name and a line of the manifest.
            secrets = self.client.settings.secrets
            container.files = [dict(item, path=redact_all(item.get('path'), secrets)) for item in listing.items]
            self.warnings.extend('container %s: %s' % (container.container_id, warning) for warning in listing.warnings)
        except Exception as exc:  # pylint: disable=broad-except  # an outcome for every container, never a dropped one
            container.failures.append(_failure(exc))

    def _plan(self, container, budget):
        """Decide, for each file, where it lands and whether it is downloaded; returns the byte budget left.

        The total bound counts the listed sizes of the files to download, in the order of the
        containers and of their files: what passes it fails without a request. A download is never
        longer than its listed size (download_file), so what is written stays within the bound.
        """
        try:
            if not self.check_mode and container.files:
                # Only a container with files gets a folder: nothing to archive leaves nothing behind.
                container_folder(self.dest, container.container_id)
            # lstat, not isdir: check mode must refuse a link in dest as the real run does, not read through it.
            container.manifest = read_manifest(container.folder) if existing_folder(container.folder) else {}
            container.local = assign_local_paths(container.files)
        except (ArchivePathError, OSError) as exc:
            container.failures.append(_failure(exc))
            return budget
        for file_object in container.files:
            file_id = file_object.get('id')
            relative = container.local[file_id]
            try:
                size = listed_size(file_object, self.max_file_bytes, self.client.settings.secrets)
                path = target_path(container.folder, relative, create=False)
            except (OpenAIError, ArchivePathError) as exc:
                container.failures.append(_failure(exc, file_object, relative))
                continue
            entry = container.manifest.get(file_id)
            if is_unchanged(entry, path, relative, size):
                container.unchanged += 1
                container.entries.append(manifest_entry(file_object, relative, size, entry['sha256'], entry.get('saved_at')))
                continue
            if size > budget:
                container.failures.append(_file_failure(file_object, relative, 'downloading its %d bytes would pass max_total_bytes=%d' % (
                    size, self.max_total_bytes)))
                continue
            budget -= size
            container.downloads.append(file_object)
        return budget

    def _download(self, container, file_object):
        relative = container.local[file_object.get('id')]
        try:
            path = target_path(container.folder, relative)
            self.pause.wait()
            result = download_file(self.client, container.container_id, file_object, path, self.max_file_bytes)
        except Exception as exc:  # pylint: disable=broad-except  # a failure for every file, never a dropped one
            container.failures.append(_failure(exc, file_object, relative))
            return
        container.downloaded.append(result.bytes)
        container.entries.append(manifest_entry(file_object, relative, result.bytes, result.sha256, int(self.clock())))

    def _write_manifest(self, container):
        """Write the manifest when it changes: a run that saved nothing new leaves it (and its archived_at) as it was."""
        if not container.entries:
            return
        if not container.downloaded and _by_id(container.entries) == _by_id(container.manifest.values()):
            return
        try:
            container.manifest_path = write_manifest(container.folder, container.container_id, container.entries, int(self.clock()))
        except OSError as exc:
            container.failures.append(_failure(exc))

    def _outcome(self, container):
        listed_bytes = sum(f['bytes'] for f in container.files if isinstance(f.get('bytes'), int) and not isinstance(f['bytes'], bool))
        outcome = {
            'id': container.container_id,
            'folder': container.folder,
            'manifest': container.manifest_path,
            'files': len(container.files),
            'bytes': listed_bytes,
            'unchanged': container.unchanged,
            'downloaded': len(container.downloaded),
            'downloaded_bytes': sum(container.downloaded),
            'would_download': [dict(id=printable(f.get('id')), path=printable(f.get('path')), local_path=container.local[f.get('id')],
                                    bytes=f.get('bytes')) for f in container.downloads] if self.check_mode else [],
            'failures': container.failures,
        }
        if container.failures:
            outcome['outcome'] = FAILED
        elif not container.files:
            outcome['outcome'] = NOTHING_TO_ARCHIVE
        else:
            outcome['outcome'] = WOULD_ARCHIVE if self.check_mode else ARCHIVED
        return outcome
