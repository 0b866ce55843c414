# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# Where the files of an archived container land, and the manifest that records them. A file's
# server `path` and a container's id are data someone else chose (for files the model writes,
# the model): they name a file inside `dest/<container id>/` and nothing else. No request here.

import hashlib
import json
import os
import stat
import tempfile
import unicodedata

from ansible_collections.llmops.openai.plugins.module_utils._container_files import sha256_of
from ansible_collections.llmops.openai.plugins.module_utils._containers import id_problem

# Where the API keeps a container's files: the part after it is the file's local path.
FILES_ROOT = '/mnt/data/'
# Paths outside FILES_ROOT are kept under this folder instead of being refused silently.
OTHER_FOLDER = '_other'
# A file whose path has no usable name at all is saved under this folder, named by its id.
UNNAMED_FOLDER = '_unnamed'
# The manifest of a container, in its folder; a server file that would take this name gets another.
MANIFEST_NAME = '.archive-manifest.json'
MANIFEST_VERSION = 1
# A manifest is small (a line per file): a bigger one is not ours and is not read.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
# Bytes of one path part (Linux NAME_MAX is 255), parts of one path and bytes of one relative path
# (Linux PATH_MAX is 4096, macOS's 1024; dest and the container id come before it): deeper or longer
# paths have their deepest folders folded into one hashed name.
MAX_PART_BYTES = 200
MAX_DEPTH = 32
MAX_RELATIVE_BYTES = 1024
# What replaces each character that cannot be part of a local name.
REPLACEMENT = '_'


class ArchivePathError(Exception):
    """A file or a container cannot be saved where it should be (a symlink in the way, an unsafe id)."""


def unsafe_segment_reason(name):
    """Why ``name`` (a container id) cannot be one folder name, or None when it can: what makes it
    unsafe in a URL (id_problem), and besides, for a local name, any unprintable character and a
    length past what a file system takes."""
    problem = id_problem(name)
    if problem is not None:
        return problem
    if not name.isprintable():
        return 'it contains a control or other unprintable character'
    if len(name.encode('utf-8', 'surrogatepass')) > MAX_PART_BYTES:
        return 'it is longer than %d bytes' % MAX_PART_BYTES
    return None


def name_key(name):
    """``name`` as a macOS or Windows disk compares it: one Unicode form (NFC) and one case, so that
    ``CNTR_A`` and ``cntr_a``, or ``café`` in its two forms, give one key (they would be one folder or file there)."""
    return unicodedata.normalize('NFC', unicodedata.normalize('NFC', name).casefold())


def _safe_part(part):
    """One path part made a safe file name: unprintable characters (NUL, controls, lone surrogates,
    bidi overrides), slashes and backslashes replaced, ``..`` replaced, long names shortened with a hash."""
    text = ''.join(char if char.isprintable() and char not in '/\\' else REPLACEMENT for char in part)
    if text in ('.', '..'):
        text = REPLACEMENT * len(text)
    encoded = text.encode('utf-8')
    if len(encoded) > MAX_PART_BYTES:
        digest = hashlib.sha256(encoded).hexdigest()[:16]
        text = encoded[:MAX_PART_BYTES - 17].decode('utf-8', 'ignore') + '~' + digest
    return text


def safe_id(file_id):
    """A file id as one safe name part (ids come from the server too)."""
    text = _safe_part(file_id if isinstance(file_id, str) else repr(file_id))
    return text or REPLACEMENT


def safe_relative_parts(server_path, file_id):
    """The local relative path of a file, as a list of safe parts, from its server ``path``.

    ``/mnt/data/`` is removed; a path outside it goes under ``_other/``. The path is split on ``/``;
    empty and ``.`` parts are dropped; every other part goes through _safe_part (so ``..`` becomes
    ``__``). A path with no part left is ``_unnamed/<file id>``. Deterministic: the same path gives
    the same parts. At most MAX_DEPTH parts and MAX_RELATIVE_BYTES bytes once joined with ``/`` (see
    _bounded). Collisions between files are settled by assign_local_paths.
    """
    prefix = []
    text = server_path if isinstance(server_path, str) else ''
    if text.startswith(FILES_ROOT):
        text = text[len(FILES_ROOT):]
    elif text:
        prefix = [OTHER_FOLDER]
    parts = [_safe_part(part) for part in text.split('/') if part not in ('', '.')]
    parts = [part for part in parts if part]
    if not parts:
        return [UNNAMED_FOLDER, safe_id(file_id)]
    return _bounded(prefix + parts)


def _bounded(parts):
    """``parts`` within MAX_DEPTH parts and MAX_RELATIVE_BYTES bytes once joined: the name (the last
    part) is kept, and the folders past the bound are folded into one (a hashed name when long).

    The bound leaves room for the name and the folded folder at MAX_PART_BYTES each, so that the
    suffix assign_local_paths may add to the name (which _safe_part keeps within MAX_PART_BYTES)
    never passes it either."""
    folders, name = parts[:-1], parts[-1]
    room = MAX_RELATIVE_BYTES - 2 * (MAX_PART_BYTES + 1)
    kept = []
    for folder in folders:
        size = len('/'.join(kept + [folder]).encode('utf-8', 'surrogatepass'))
        if len(kept) >= MAX_DEPTH - 2 or size > room:
            break
        kept.append(folder)
    if len(kept) < len(folders):
        kept.append(_safe_part('~'.join(folders[len(kept):])))
    return kept + [name]


def _with_suffix(name, suffix):
    """``report.csv`` with suffix ``~cfile_1`` is ``report~cfile_1.csv`` (the extension kept)."""
    stem, dot, extension = name.rpartition('.')
    if not stem or not dot:
        return _safe_part(name + suffix)
    return _safe_part('%s%s.%s' % (stem, suffix, extension))


def _sort_key(file_object):
    created = file_object.get('created_at')
    created = created if isinstance(created, int) and not isinstance(created, bool) else float('inf')
    file_id = file_object.get('id')
    return (created, file_id if isinstance(file_id, str) else repr(file_id))


def assign_local_paths(files):
    """``{file id: relative path}`` for every file object of one container, all distinct.

    Files are taken oldest first (then by id), so that a file keeps its name when newer files
    appear. A name that another file already took, the manifest's name, a name that is already a
    folder of another file's path, or a folder name that is already a file, gets the suffix
    ``~<file id>`` (then ``~2``, ``~3``...). Names are compared as a macOS or Windows disk would
    (name_key: one Unicode form, one case).
    """
    files_taken = {name_key(MANIFEST_NAME)}
    folders_taken = set()
    result = {}
    for file_object in sorted(files, key=_sort_key):
        file_id = file_object.get('id')
        parts = safe_relative_parts(file_object.get('path'), file_id)
        folders = [name_key('/'.join(parts[:index])) for index in range(1, len(parts))]
        if any(folder in files_taken for folder in folders):
            # A folder of this path is another file: the file goes beside it, flattened.
            parts = [_safe_part('~'.join(parts))]
            folders = []
        candidate = parts[-1]
        attempt = 1
        while True:
            key = name_key('/'.join(parts[:-1] + [candidate]))
            if key not in files_taken and key not in folders_taken:
                break
            attempt += 1
            suffix = '~%s' % safe_id(file_id) if attempt == 2 else '~%s~%d' % (safe_id(file_id), attempt - 1)
            candidate = _with_suffix(parts[-1], suffix)
        parts = parts[:-1] + [candidate]
        files_taken.add(name_key('/'.join(parts)))
        folders_taken.update(folders)
        result[file_id] = '/'.join(parts)
    return result


def _is_inside(path, folder):
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _make_directory(path):
    """Create ``path`` (one level) unless it exists; refuse a symlink or anything but a folder there."""
    try:
        os.mkdir(path, 0o755)
    except FileExistsError:
        pass
    existing_folder(path)


def existing_folder(folder):
    """Whether ``folder`` is already a folder (False when nothing is there), without following a
    link: a symlink or anything but a folder is refused, as _make_directory does when it creates."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(info.st_mode):
        raise ArchivePathError('%s is a symbolic link: the archive does not follow links already in dest' % folder)
    if not stat.S_ISDIR(info.st_mode):
        raise ArchivePathError('%s exists and is not a folder' % folder)
    return True


def container_folder(dest, container_id, create=True):
    """The folder of a container, ``dest/<container id>``, created unless ``create`` is false.

    ``dest`` itself is the caller's (it may be a symlink the user made); inside it nothing is
    followed: the folder must be a real folder whose real path is inside dest's.
    """
    reason = unsafe_segment_reason(container_id)
    if reason:
        raise ArchivePathError('the container id %r cannot name a folder: %s' % (container_id, reason))
    folder = os.path.join(dest, container_id)
    if not create:
        return folder
    _make_directory(folder)
    if not _is_inside(os.path.realpath(folder), os.path.realpath(dest)):
        raise ArchivePathError('%s resolves outside %s' % (folder, dest))
    return folder


def target_path(folder, relative, create=True):
    """The absolute path of a file at ``relative`` (from assign_local_paths) inside ``folder``.

    With ``create``, its folders are made, one level at a time, refusing any symlink on the way;
    the file itself must not be a symlink nor a folder. Then its real path is checked to be inside
    the container's folder.
    """
    parts = relative.split('/')
    if any(part in ('', '.', '..') for part in parts):
        raise ArchivePathError('unsafe relative path %r' % relative)
    current = folder
    for part in parts[:-1]:
        current = os.path.join(current, part)
        if create:
            _make_directory(current)
        elif os.path.islink(current):
            raise ArchivePathError('%s is a symbolic link: the archive does not follow links already in dest' % current)
    path = os.path.join(current, parts[-1])
    if os.path.islink(path):
        raise ArchivePathError('%s is a symbolic link: the archive does not replace or follow links already in dest' % path)
    if os.path.isdir(path):
        raise ArchivePathError('%s is a folder' % path)
    parent = os.path.realpath(os.path.dirname(path))
    if create and not _is_inside(parent, os.path.realpath(folder)):
        raise ArchivePathError('%s resolves outside %s' % (path, folder))
    return path


def read_manifest(folder):
    """``{file id: entry}`` of a container's manifest, or {} when there is none or it is unusable.

    Only ever used to skip a download: an entry counts when the disk still holds a file of its
    size and SHA-256 at the path computed now (is_unchanged), never to choose where to write.
    """
    path = os.path.join(folder, MANIFEST_NAME)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, 'O_NOFOLLOW', 0))
    except OSError:
        return {}
    try:
        with os.fdopen(fd, 'rb') as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_MANIFEST_BYTES:
                return {}
            manifest = json.loads(handle.read(MAX_MANIFEST_BYTES + 1).decode('utf-8'))
    except (OSError, ValueError, RecursionError):
        return {}
    files = manifest.get('files') if isinstance(manifest, dict) else None
    if not isinstance(files, list):
        return {}
    return dict((entry['id'], entry) for entry in files if isinstance(entry, dict) and isinstance(entry.get('id'), str))


def is_unchanged(entry, path, relative, listed_bytes):
    """Whether the file at ``path`` is the one ``entry`` (the manifest's) recorded: same local path,
    the listed size, and on disk a regular file (not a symlink) of that size whose SHA-256 is the recorded one."""
    if not isinstance(entry, dict) or entry.get('local_path') != relative or entry.get('bytes') != listed_bytes:
        return False
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size != listed_bytes:
        return False
    return isinstance(entry.get('sha256'), str) and sha256_of(path) == entry['sha256']


def manifest_entry(file_object, relative, size, sha256, saved_at):
    """One file of the manifest. ``path`` is the server's, verbatim (JSON escapes any control character)."""
    return {'id': file_object.get('id'), 'path': file_object.get('path'), 'local_path': relative,
            'bytes': size, 'sha256': sha256, 'saved_at': saved_at}


def write_manifest(folder, container_id, entries, archived_at):
    """Write the manifest of a container atomically (a temporary file beside it, then a rename)."""
    document = {'version': MANIFEST_VERSION, 'container_id': container_id, 'archived_at': archived_at,
                'files': sorted(entries, key=lambda entry: entry['local_path'])}
    fd, temporary = tempfile.mkstemp(prefix='.archive-manifest.', suffix='.tmp', dir=folder)
    try:
        with os.fdopen(fd, 'w') as handle:
            json.dump(document, handle, indent=1, sort_keys=True)
            handle.write('\n')
        os.replace(temporary, os.path.join(folder, MANIFEST_NAME))
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return os.path.join(folder, MANIFEST_NAME)
