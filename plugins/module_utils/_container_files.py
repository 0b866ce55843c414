# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# A container's files on top of ApiClient: the complete listing (the containers' listing machinery,
# with the file schemas), retrieve, upload, delete, and a download streamed to a local file.
#
# The server (and for generated files, the model) chooses each file's `path`: it is data, never a
# place. A local file is written only where the caller said (``dest``), through a temporary file
# beside it that replaces it only when complete.

import hashlib
import os
import re
import tempfile
import time

from ansible_collections.llmops.openai.plugins.module_utils._containers import (
    check_id_option, delete_path, fetch_page, first_and_more, id_problem, list_pages, path_segment, short_repr)
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OpenAIError, OptionError
from ansible_collections.llmops.openai.plugins.module_utils._text import printable, redact_all
from ansible_collections.llmops.openai.plugins.module_utils._listing_walks import usable_id

# The largest file a download takes by default (option max_file_bytes).
DEFAULT_MAX_FILE_BYTES = 1024 * 1024 * 1024
# The prefix the server puts before the name of an uploaded file: /mnt/data/<32 hex>-<name>.
_SERVER_PREFIX = re.compile(r'^[0-9a-f]{32}-(?=.)')
# Bytes of a local file hashed at a time.
_HASH_CHUNK_BYTES = 1024 * 1024
# The listing options a container's files take (ListingOptions): no name filter, no cursor.
FILE_LISTING_OPTION_NAMES = ('page_size', 'max_results', 'order', 'max_pages', 'listing_timeout', 'walk_both_ends')


class DownloadResult:
    """What download_file did: ``changed`` (dest was written), the SHA-256 and length of the content."""

    def __init__(self, changed, sha256, size):
        self.changed = changed
        self.sha256 = sha256
        self.bytes = size

    def as_dict(self):
        return dict(changed=self.changed, sha256=self.sha256, bytes=self.bytes)


def files_path(container_id, file_id=None, option='container_id'):
    """The API path of a container's files, or of one file. An id that is not one safe path segment
    fails naming ``option`` (or ``file_id``) before any request (see check_id_option)."""
    check_id_option(option, container_id)
    path = '/containers/%s/files' % path_segment(container_id)
    if file_id is not None:
        check_id_option('file_id', file_id)
        path += '/%s' % path_segment(file_id)
    return path


def file_name(server_path):
    """The name of a file as the user gave it: the last part of its server ``path`` without the
    ``<32 hex>-`` prefix the server adds on upload ('/mnt/data/88e1...-tsconfig.json' -> 'tsconfig.json').
    A path without that prefix (a file the model wrote) gives its last part; not a string gives ''."""
    if not isinstance(server_path, str):
        return ''
    return _SERVER_PREFIX.sub('', server_path.rsplit('/', 1)[-1])


def _without_prefix(server_path):
    head, separator, dummy = server_path.rpartition('/')
    return head + separator + file_name(server_path)


def matches_path(file_object, path):
    """Whether a listed file is the one the user means by ``path``.

    An absolute ``path`` is the file's server path, with or without the server's ``<32 hex>-`` prefix
    ('/mnt/data/report.csv' is '/mnt/data/88e1...-report.csv'); a relative one is its end after a
    slash, with or without the prefix ('report.csv', 'out/report.csv')."""
    server_path = file_object.get('path') if isinstance(file_object, dict) else None
    if not isinstance(server_path, str):
        return False
    candidates = (server_path, _without_prefix(server_path))
    if path.startswith('/'):
        return path in candidates
    return any(candidate == path or candidate.endswith('/' + path) for candidate in candidates)


def describe_files(files, secrets=()):
    """'cfile_1 (/mnt/data/a.txt), ...': the first few files of a list, for a message."""
    return first_and_more(['%s (%s)' % (printable(short_repr(item.get('id'), 80, secrets)), printable(short_repr(item.get('path'), 200, secrets)))
                           for item in files])


def total_bytes(files):
    """The sum of the files' sizes, and how many files have no usable size (left out of the sum)."""
    sizes = [item.get('bytes') for item in files]
    return sum(size for size in sizes if _usable_size(size)), sum(1 for size in sizes if not _usable_size(size))


def _usable_size(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def file_item_warnings(container_id):
    """The listing's own checks of a file (warnings in every schema_validation mode)."""

    def check(item, secrets=()):
        warnings = []
        label = 'file %s' % printable(item['id'] if usable_id(item.get('id')) else '<no id>')
        if item.get('container_id', container_id) != container_id:
            warnings.append('%s: the API says it belongs to container %s, not %s' % (
                label, printable(short_repr(item.get('container_id'), 80, secrets)), container_id))
        if 'bytes' in item and not _usable_size(item.get('bytes')):
            warnings.append('%s: bytes=%s is not a size; it counts as unknown' % (label, printable(short_repr(item.get('bytes'), 40, secrets))))
        return warnings
    return check


def list_container_files(client, container_id, options, validator, clock=time.monotonic):
    """Every file of a container, as a Listing (see list_pages), with the guarantees of the containers'
    listing: loop guard, max_pages, listing_timeout, schema validation of every file in strict/warn/off,
    duplicates dropped, never a silent partial list. ``options`` is a ListingOptions without ``name``.

    An unknown container (HTTP 404) raises an ApiError that names it.
    """
    path = files_path(container_id)
    if options.name is not None:
        raise OptionError('name', 'a container\'s files cannot be filtered by name')
    check = file_item_warnings(container_id)
    try:
        return list_pages(lambda params: fetch_page(client, params, validator, path=path, schema='file_page', item_warnings=check),
                          options, clock, noun='file')
    except ApiError as exc:
        raise _unknown_container(exc, container_id, client.settings.secrets)


def _unknown_container(exc, container_id, secrets):
    """The ApiError of a 404, naming the container: its fields are the client's, already redacted
    (ApiClient._error), and the id (a listed one: the server chose it) is redacted here."""
    if exc.status != 404:
        return exc
    return ApiError('container %s was not found (unknown, deleted or expired; its files are gone with it): %s' % (
        printable(redact_all(container_id, secrets)), exc.message), status=exc.status, error_type=exc.error_type, code=exc.code, param=exc.param,
        request_id=exc.request_id, method=exc.method, path=exc.path)


def retrieve_file(client, container_id, file_id, validator):
    """The file object, or None when the API answers 404. Returns (file_object, warnings).

    An answer about another file than ``file_id`` is an error: nothing may act on it.
    """
    path = files_path(container_id, file_id)
    try:
        file_object = client.get(path)
    except ApiError as exc:
        if exc.status == 404:
            return None, []
        raise
    warnings = validator.validate('file', file_object)
    if not isinstance(file_object, dict) or file_object.get('id') != file_id:
        raise OpenAIError('the API answered the request for file %s with %s; refusing to use it' % (
            file_id, _describe(file_object, client.settings.secrets)))
    warnings.extend(file_item_warnings(container_id)(file_object, client.settings.secrets))
    return file_object, warnings


def _describe(answer, secrets=()):
    if not isinstance(answer, dict):
        return 'a %s instead of a file object' % type(answer).__name__
    return 'file %s' % printable(short_repr(answer.get('id'), 80, secrets))


def upload_file(client, container_id, src_path, validator, max_file_bytes=DEFAULT_MAX_FILE_BYTES):
    """Upload a local file (multipart, as ``file`` named by its base name); return (file_object, warnings).

    Sent once, never retried: the API has no idempotency key, so a retry could upload it twice (see
    ApiClient.request). requests builds the multipart body in memory, hence ``max_file_bytes``.
    """
    path = files_path(container_id)
    size = os.path.getsize(src_path)
    if size > max_file_bytes:
        raise OptionError('src', '%s is %d bytes, more than max_file_bytes=%d allows' % (src_path, size, max_file_bytes))
    with open(src_path, 'rb') as content:
        file_object = client.request('POST', path, files={'file': (os.path.basename(src_path), content)})
    warnings = validator.validate('file', file_object)
    if not isinstance(file_object, dict) or not usable_id(file_object.get('id')):
        raise OpenAIError('the API answered the upload of %s with %s' % (src_path, _describe(file_object, client.settings.secrets)))
    return file_object, warnings


def delete_file(client, container_id, file_id):
    """Delete a file; True when it was deleted, False when it was already gone (404).

    A 404 that answers a retry after an attempt that may have been carried out is True, as for
    containers (see delete_container).
    """
    return delete_path(client, files_path(container_id, file_id))


def sha256_of(path):
    """The SHA-256 (hex) of a local file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, 'rb') as stream:
        for chunk in iter(lambda: stream.read(_HASH_CHUNK_BYTES), b''):
            digest.update(chunk)
    return digest.hexdigest()


def listed_size(file_object, max_file_bytes, secrets=()):
    """The ``bytes`` of a file object, checked before its download: an OpenAIError when it is not a
    size or is more than ``max_file_bytes``."""
    size = file_object.get('bytes') if isinstance(file_object, dict) else None
    label = 'file %s' % printable(short_repr(file_object.get('id') if isinstance(file_object, dict) else None, 80, secrets))
    if not _usable_size(size):
        raise OpenAIError('%s: the API gives no usable size (bytes=%s), so a complete download cannot be told from a '
                          'cut one; not downloading it' % (label, printable(short_repr(size, 40, secrets))))
    if size > max_file_bytes:
        raise OpenAIError('%s is %d bytes, more than max_file_bytes=%d allows; raise max_file_bytes to download it' % (
            label, size, max_file_bytes))
    return size


def download_file(client, container_id, file_object, dest, max_file_bytes=DEFAULT_MAX_FILE_BYTES, check_mode=False,
                  always_hash=True):
    """Download a file's content to the local path ``dest``; return a DownloadResult.

    Streamed into a temporary file beside ``dest`` (same directory, so the rename is atomic);
    renamed over ``dest`` only when complete and exactly as long as the listed ``bytes``; removed
    on any failure, so nothing is left at ``dest`` by a failed download. When ``dest`` already holds
    the same bytes (same size, then same SHA-256 of what was downloaded, hashed while it is written)
    it is left untouched: the API has no checksum, so telling needs the download.

    The SHA-256 is computed with ``always_hash`` (the default), and always when the comparison
    needs it (``dest`` has the listed size); otherwise the result's ``sha256`` is None. Hashing
    costs about as much CPU as receiving over a fast link: a caller that needs no hash (the
    container_file module outside diff mode) passes False and downloads at twice the speed.

    ``check_mode``: nothing is written. A ``dest`` of another size is reported changed without a
    download; one of the same size is compared by hashing the streamed content only.
    A new file gets the permissions the umask gives; a replaced one keeps its mode (the caller
    applies the file attributes asked for afterwards).
    """
    file_id = file_object.get('id') if isinstance(file_object, dict) else None
    problem = id_problem(file_id)
    if problem:
        raise OpenAIError('the id of the file object %s; not downloading it' % problem)
    path = files_path(container_id, file_id) + '/content'
    size = listed_size(file_object, max_file_bytes, client.settings.secrets)
    directory = check_dest(dest)
    existing_size = os.path.getsize(dest) if os.path.isfile(dest) else None
    if check_mode and existing_size != size:
        return DownloadResult(True, None, size)
    limit_text = 'the %d bytes the file object lists' % size
    digest = hashlib.sha256() if always_hash or existing_size == size else None
    if check_mode:
        received = client.download(path, digest.update, size, limit_text)
        _check_length(file_id, received, size)
        return DownloadResult(digest.hexdigest() != sha256_of(dest), digest.hexdigest(), received)
    # A hidden name that says what it is; cut so that a long dest name still leaves room for it.
    fd, temporary = tempfile.mkstemp(dir=directory, prefix='.%s.' % _name_head(os.path.basename(dest)), suffix='.part')
    try:
        with os.fdopen(fd, 'wb') as stream:
            received = client.download(path, _writer(stream, digest), size, limit_text)
        _check_length(file_id, received, size)
        sha256 = digest.hexdigest() if digest is not None else None
        if existing_size == size and sha256_of(dest) == sha256:
            os.unlink(temporary)
            return DownloadResult(False, sha256, received)
        os.chmod(temporary, _mode_for(dest))
        os.replace(temporary, dest)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return DownloadResult(True, sha256, received)


def _writer(stream, digest):
    """What a download hands its chunks to: the file, and the digest when there is one."""
    if digest is None:
        return stream.write

    def write(chunk):
        stream.write(chunk)
        digest.update(chunk)
    return write


def check_dest(dest):
    """The directory of ``dest``, a local path a download may write; OptionError naming ``dest`` otherwise
    (checked before any request, and again before the download)."""
    if not isinstance(dest, str) or dest == '':
        raise OptionError('dest', 'must be a non-empty path')
    if os.path.isdir(dest):
        raise OptionError('dest', '%s is a directory: give the path of the file to write (a name chosen by the server is never used)' % dest)
    directory = os.path.dirname(os.path.abspath(dest))
    if not os.path.isdir(directory):
        raise OptionError('dest', 'the directory %s does not exist' % directory)
    if not os.access(directory, os.W_OK | os.X_OK):
        raise OptionError('dest', 'the directory %s is not writable' % directory)
    return directory


def _check_length(file_id, received, size):
    if received != size:
        raise OpenAIError('the content of file %s is %d bytes, not the %d bytes its file object lists: the download is '
                          'incomplete or the listing is wrong; nothing was written' % (printable(file_id), received, size))


def _name_head(name, limit=100):
    """The start of a file name in at most ``limit`` bytes (a name's limit is in bytes: 255 on most
    file systems), cut at a character boundary, for the temporary file beside it."""
    encoded = os.fsencode(name)[:limit]
    return os.fsdecode(encoded.decode('utf-8', 'ignore').encode('utf-8')) if encoded else name


def _mode_for(dest):
    """The mode of the file that replaces ``dest``: its current one, or what the umask gives a new file
    (mkstemp makes 0600 files)."""
    if os.path.exists(dest):
        return os.stat(dest).st_mode & 0o7777
    return 0o666 & ~PROCESS_UMASK


def _read_umask():
    # os.umask can only be read by setting it: done once, at import, before any download thread runs
    # (setting it to 0 in a thread could let another thread create a file with mode 0666).
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


PROCESS_UMASK = _read_umask()
