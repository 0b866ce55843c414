# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
import json
import os
import unicodedata

import pytest

from hypothesis import given, settings, strategies as st

from ansible_collections.llmops.openai.plugins.module_utils._archive import (
    MANIFEST_NAME, ArchivePathError, assign_local_paths, container_folder, is_unchanged, manifest_entry,
    read_manifest, safe_relative_parts, target_path, unsafe_segment_reason, write_manifest)


def _file(file_id, path, created_at=1700000000):
    return {'id': file_id, 'object': 'container.file', 'container_id': 'cntr_1', 'created_at': created_at,
            'bytes': 3, 'path': path, 'source': 'assistant'}


def _assert_safe(relative, folder):
    assert relative and not relative.startswith('/')
    parts = relative.split('/')
    assert all(part not in ('', '.', '..') for part in parts)
    assert all(part.isprintable() and '\x00' not in part and '\\' not in part for part in parts)
    assert all(len(part.encode('utf-8')) <= 255 for part in parts)
    assert len(relative.encode('utf-8', 'surrogatepass')) <= 1024  # the documented bound of a relative path
    resolved = os.path.normpath(os.path.join(folder, relative))
    assert resolved.startswith(folder + os.sep)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet='/.\\\x00\x1b\n a~'), st.none(), st.integers()),
       st.one_of(st.text(min_size=1), st.none()))
def test_any_server_path_gives_a_relative_path_inside_the_container_folder(path, file_id):
    relative = '/'.join(safe_relative_parts(path, file_id))
    _assert_safe(relative, '/archive/cntr_1')


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet='ab/.\x00A~', max_size=12), st.integers(0, 3)), max_size=12))
def test_any_set_of_paths_gets_distinct_safe_names_and_no_file_is_a_folder_of_another(entries):
    files = [_file('cfile_%d' % index, '/mnt/data/' + path, created) for index, (path, created) in enumerate(entries)]
    assigned = assign_local_paths(files)
    assert sorted(assigned) == sorted(f['id'] for f in files)
    names = [name.casefold() for name in assigned.values()]
    assert len(set(names)) == len(names)
    assert MANIFEST_NAME.casefold() not in names
    folders = set('/'.join(name.split('/')[:index]) for name in names for index in range(1, len(name.split('/'))))
    assert not folders & set(names)
    for relative in assigned.values():
        _assert_safe(relative, '/archive/cntr_1')


@pytest.mark.parametrize('path, expected', [
    ('/mnt/data/report.csv', 'report.csv'),
    ('/mnt/data/out/plots/a.png', 'out/plots/a.png'),
    ('/mnt/data/../../etc/passwd', '__/__/etc/passwd'),
    ('/etc/passwd', '_other/etc/passwd'),
    ('/mnt/data//./x', 'x'),
    ('/mnt/data/a\x00b\x1b[31m', 'a_b_[31m'),
    ('/mnt/data/', '_unnamed/cfile_9'),
    ('', '_unnamed/cfile_9'),
    ('/mnt/data/..', '__'),
    ('C:\\Windows\\x', '_other/C:_Windows_x'),
])
def test_server_paths_map_to_documented_local_paths(path, expected):
    assert '/'.join(safe_relative_parts(path, 'cfile_9')) == expected


def test_colliding_names_get_the_file_id_before_the_extension_oldest_first():
    files = [_file('cfile_b', '/mnt/data/x/../report.csv', 2), _file('cfile_a', '/mnt/data/report.csv', 1),
             _file('cfile_c', '/mnt/data/REPORT.csv', 3), _file('cfile_m', '/mnt/data/' + MANIFEST_NAME, 4)]
    assert assign_local_paths(files) == {
        'cfile_a': 'report.csv', 'cfile_b': 'x/__/report.csv', 'cfile_c': 'REPORT~cfile_c.csv',
        'cfile_m': '.archive-manifest~cfile_m.json'}
    # The same files in another order get the same names.
    assert assign_local_paths(list(reversed(files))) == assign_local_paths(files)


def test_a_file_that_is_a_folder_of_another_file_does_not_take_its_place():
    files = [_file('cfile_1', '/mnt/data/a', 1), _file('cfile_2', '/mnt/data/a/b', 2), _file('cfile_3', '/mnt/data/c/d', 3),
             _file('cfile_4', '/mnt/data/c', 4)]
    assert assign_local_paths(files) == {'cfile_1': 'a', 'cfile_2': 'a~b', 'cfile_3': 'c/d', 'cfile_4': 'c~cfile_4'}


@pytest.mark.parametrize('container_id', ['', '.', '..', 'a/b', '..\\x', 'a\x00', 'a\nb', None, 'x' * 300])
def test_a_container_id_that_is_not_one_safe_folder_name_is_refused(tmp_path, container_id):
    assert unsafe_segment_reason(container_id)
    with pytest.raises(ArchivePathError):
        container_folder(str(tmp_path), container_id)
    assert os.listdir(str(tmp_path)) == []


def test_a_symlink_already_in_dest_is_never_followed(tmp_path):
    outside = tmp_path / 'outside'
    outside.mkdir()
    dest = tmp_path / 'dest'
    dest.mkdir()
    os.symlink(str(outside), str(dest / 'cntr_1'))
    with pytest.raises(ArchivePathError, match='symbolic link'):
        container_folder(str(dest), 'cntr_1')
    folder = container_folder(str(dest), 'cntr_2')
    os.symlink(str(outside), os.path.join(folder, 'sub'))
    with pytest.raises(ArchivePathError, match='symbolic link'):
        target_path(folder, 'sub/file.txt')
    os.symlink(str(outside / 'victim'), os.path.join(folder, 'link.txt'))
    with pytest.raises(ArchivePathError, match='symbolic link'):
        target_path(folder, 'link.txt')
    assert os.listdir(str(outside)) == []
    assert target_path(folder, 'a/b/c.txt') == os.path.join(folder, 'a', 'b', 'c.txt')
    assert os.path.isdir(os.path.join(folder, 'a', 'b'))


def test_the_manifest_is_written_atomically_and_only_counts_when_the_disk_agrees(tmp_path):
    folder = container_folder(str(tmp_path), 'cntr_1')
    path = target_path(folder, 'out/a.txt')
    with open(path, 'wb') as handle:
        handle.write(b'abc')
    file_object = _file('cfile_1', '/mnt/data/out/a.txt\x00')
    entry = manifest_entry(file_object, 'out/a.txt', 3, hashlib.sha256(b'abc').hexdigest(), 1700000100)
    write_manifest(folder, 'cntr_1', [entry], 1700000100)
    assert sorted(os.listdir(folder)) == [MANIFEST_NAME, 'out']
    with open(os.path.join(folder, MANIFEST_NAME)) as handle:
        document = json.load(handle)
    assert document['files'][0]['path'] == '/mnt/data/out/a.txt\x00'
    assert document['files'][0]['sha256'] == 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    read = read_manifest(folder)
    assert is_unchanged(read['cfile_1'], path, 'out/a.txt', 3)
    assert not is_unchanged(read['cfile_1'], path, 'out/a.txt', 4)  # the server lists another size now
    assert not is_unchanged(read['cfile_1'], path, 'other.txt', 3)
    with open(path, 'wb') as handle:
        handle.write(b'abd')  # same size, other content
    assert not is_unchanged(read['cfile_1'], path, 'out/a.txt', 3)
    os.unlink(path)
    os.symlink(os.path.join(folder, MANIFEST_NAME), path)  # never followed, even to a file of the right size
    assert not is_unchanged(read['cfile_1'], path, 'out/a.txt', 3)


def test_an_unusable_manifest_is_ignored(tmp_path):
    folder = container_folder(str(tmp_path), 'cntr_1')
    assert read_manifest(folder) == {}
    with open(os.path.join(folder, MANIFEST_NAME), 'w') as handle:
        handle.write('[[[ not json')
    assert read_manifest(folder) == {}
    os.unlink(os.path.join(folder, MANIFEST_NAME))
    os.symlink('/etc/hostname', os.path.join(folder, MANIFEST_NAME))
    assert read_manifest(folder) == {}


def _disk_key(name):
    # How a macOS (APFS) or Windows disk compares names: one Unicode form, one case.
    return unicodedata.normalize('NFC', name).casefold()


def test_names_that_differ_only_in_unicode_form_or_case_get_distinct_local_paths():
    composed, decomposed = u'caf\u00e9.txt', u'cafe\u0301.txt'
    files = [_file('cfile_1', '/mnt/data/' + composed, 1), _file('cfile_2', '/mnt/data/' + decomposed, 2),
             _file('cfile_3', '/mnt/data/' + composed.upper(), 3), _file('cfile_4', u'/mnt/data/d\u00e9j\u00e0/a', 4),
             _file('cfile_5', u'/mnt/data/de\u0301ja\u0300/a', 5)]
    assigned = assign_local_paths(files)
    assert assigned['cfile_1'] == composed  # the oldest keeps its name
    keys = [_disk_key(name) for name in assigned.values()]
    assert len(set(keys)) == len(keys), assigned
    assert assigned['cfile_2'] == u'cafe\u0301~cfile_2.txt'


def test_a_deep_path_of_long_parts_stays_within_1024_bytes_keeps_its_name_and_can_be_created(tmp_path):
    deep = '/mnt/data/' + '/'.join(('%02d' % level) + 'd' * 198 for level in range(31)) + '/name.txt'
    parts = safe_relative_parts(deep, 'cfile_1')
    relative = '/'.join(parts)
    assert len(relative.encode('utf-8')) <= 1024 and parts[-1] == 'name.txt'
    assert parts[0] == '00' + 'd' * 198  # the first folders are kept as they are
    assert safe_relative_parts(deep, 'cfile_1') == parts  # deterministic
    other = safe_relative_parts(deep.replace('30' + 'd' * 198, '30' + 'e' * 198), 'cfile_1')
    assert other != parts  # the folded folders are hashed, not cut: another deep path gets another name
    assigned = assign_local_paths([_file('cfile_1', deep, 1), _file('cfile_2', deep, 2)])
    assert all(len(name.encode('utf-8')) <= 1024 for name in assigned.values())
    folder = container_folder(str(tmp_path), 'cntr_1')
    for name in assigned.values():
        with open(target_path(folder, name), 'wb') as handle:  # ENAMETOOLONG before the bound
            handle.write(b'x')
