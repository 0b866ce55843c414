# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# container_archive end to end against the emulator (a real HTTP server on 127.0.0.1): every
# request goes over a real socket; only the module's exits are replaced (module_runner).

import hashlib
import json
import os

import pytest

from ansible_collections.llmops.openai.emulator.openai_emulator import Emulator
from ansible_collections.llmops.openai.plugins.module_utils._archive import MANIFEST_NAME
from ansible_collections.llmops.openai.plugins.modules import container_archive
from ansible_collections.llmops.openai.tests.unit.plugins.modules.module_runner import run_module_on_server

KEY = 'sk-emulator'
NOW = 1750000000
CONTENT_ROUTE = 'GET /v1/containers/{container_id}/files/{file_id}/content'


@pytest.fixture(name='emu')
def emu_fixture():
    with Emulator(containers=0, seed=5, now=NOW, api_key=KEY) as emulator:
        yield emulator


def new_containers(emu, count, idle_seconds=60):
    return emu.add_containers([{
        'id': 'cntr_%032x' % (index + 1), 'object': 'container', 'name': 'job %d' % index, 'status': 'running',
        'created_at': NOW - 7200, 'last_active_at': NOW - idle_seconds, 'memory_limit': '1g',
        'expires_after': {'anchor': 'last_active_at', 'minutes': 20}} for index in range(count)])


def content_of(container_index, file_index):
    return ('container %d file %d\n' % (container_index, file_index)) * (file_index + 1)


def with_files(emu, ids, per_container=3):
    """Give each container files in sub-folders; return {container id: {server path: content}}."""
    made = {}
    for index, container_id in enumerate(ids):
        files = [{'path': '/mnt/data/out/%d/report-%d.txt' % (n, n), 'content': content_of(index, n), 'created_at': NOW - 100 + n}
                 for n in range(per_container)]
        emu.add_files(container_id, files)
        made[container_id] = dict((item['path'], item['content']) for item in files)
    return made


def run(mocker, emu, check_mode=False, **args):
    args = dict(dict(api_key=KEY, base_url=emu.base_url, max_retries=0), **args)
    return run_module_on_server(mocker, container_archive.main, args, check_mode=check_mode)


def downloads(emu):
    return emu.stats()['by_route'].get(CONTENT_ROUTE, 0)


def every_file(root):
    return sorted(os.path.relpath(os.path.join(folder, name), root) for folder, dummy, names in os.walk(root) for name in names)


def test_the_files_of_23_containers_land_under_their_folders_then_a_second_run_downloads_nothing(mocker, emu, tmp_path):
    ids = new_containers(emu, 23)
    made = with_files(emu, ids)
    dest = str(tmp_path / 'archive')
    outcome = run(mocker, emu, container_ids=ids, dest=dest)
    assert not outcome.failed, outcome.result.get('msg')
    assert outcome.result['changed'] is True
    assert outcome.result['completed'] == ids and outcome.result['failed_containers'] == []
    # Ansible sets 'failed' on every result (a boolean): a return value of that name would be overwritten.
    assert 'failed' not in outcome.result
    assert outcome.result['totals']['downloaded'] == 69 and downloads(emu) == 69
    assert sorted(os.listdir(dest)) == sorted(ids)
    for container_id, files in made.items():
        archive, = [a for a in outcome.result['archives'] if a['id'] == container_id]
        assert archive['outcome'] == 'archived' and archive['files'] == 3 and archive['downloaded'] == 3
        folder = os.path.join(dest, container_id)
        assert every_file(folder) == sorted([MANIFEST_NAME] + [path[len('/mnt/data/'):] for path in files])
        with open(os.path.join(folder, MANIFEST_NAME)) as handle:
            manifest = json.load(handle)
        assert manifest['container_id'] == container_id
        assert sorted(entry['path'] for entry in manifest['files']) == sorted(files)
        for entry in manifest['files']:
            with open(os.path.join(folder, entry['local_path']), 'rb') as handle:
                data = handle.read()
            assert data == files[entry['path']].encode('utf-8')
            assert entry['sha256'] == hashlib.sha256(data).hexdigest() and entry['bytes'] == len(data)
            assert entry['id'].startswith('cfile_') and isinstance(entry['saved_at'], int)

    manifests = dict((container_id, os.stat(os.path.join(dest, container_id, MANIFEST_NAME)).st_mtime_ns) for container_id in ids)
    again = run(mocker, emu, container_ids=ids, dest=dest)
    assert not again.failed and again.result['changed'] is False
    # Nothing new was saved: the manifests are left as they were.
    assert manifests == dict((container_id, os.stat(os.path.join(dest, container_id, MANIFEST_NAME)).st_mtime_ns) for container_id in ids)
    assert again.result['totals']['unchanged'] == 69 and again.result['totals']['downloaded'] == 0
    assert downloads(emu) == 69  # not one more content request


def test_a_file_changed_on_disk_is_downloaded_again(mocker, emu, tmp_path):
    ids = new_containers(emu, 1)
    with_files(emu, ids, per_container=2)
    dest = str(tmp_path)
    run(mocker, emu, container_ids=ids, dest=dest)
    path = os.path.join(dest, ids[0], 'out', '0', 'report-0.txt')
    with open(path, 'r+') as handle:
        handle.write('X')  # same size, other bytes
    outcome = run(mocker, emu, container_ids=ids, dest=dest)
    assert outcome.result['totals']['downloaded'] == 1 and outcome.result['totals']['unchanged'] == 1
    with open(path) as handle:
        assert handle.read() == content_of(0, 0)


def test_check_mode_lists_what_would_be_downloaded_and_writes_nothing(mocker, emu, tmp_path):
    ids = new_containers(emu, 3)
    with_files(emu, ids)
    dest = str(tmp_path / 'archive')
    outcome = run(mocker, emu, check_mode=True, container_ids=ids, dest=dest)
    assert not outcome.failed and outcome.result['changed'] is True
    assert [a['outcome'] for a in outcome.result['archives']] == ['would_archive'] * 3
    assert sorted(f['local_path'] for f in outcome.result['archives'][0]['would_download']) == [
        'out/0/report-0.txt', 'out/1/report-1.txt', 'out/2/report-2.txt']
    assert not os.path.exists(dest) and downloads(emu) == 0


def test_hostile_paths_write_nothing_outside_dest(mocker, emu, tmp_path):
    ids = new_containers(emu, 1)
    emu.add_files(ids[0], [{'content': 'file %d' % n, 'created_at': NOW - 100 + n} for n in range(11)])
    emu.add_fault({'action': {'type': 'hostile_paths'}, 'times': None})
    dest = tmp_path / 'dest'
    outcome = run(mocker, emu, container_ids=ids, dest=str(dest))
    assert not outcome.failed, outcome.result.get('msg')
    assert sorted(os.listdir(str(tmp_path))) == ['dest']
    assert os.listdir(str(dest)) == [ids[0]]
    folder = str(dest / ids[0])
    names = every_file(folder)
    assert len(names) == 12  # 11 files and the manifest
    assert '__/__/__/__/etc/passwd' in names and '_other/etc/cron.d/emulator' in names
    assert 'same-name.csv' in names and any(name.startswith('same-name~cfile_') for name in names)
    assert all(os.path.realpath(os.path.join(folder, name)).startswith(folder + os.sep) for name in names)
    assert all(name.isprintable() for name in names)
    with open(os.path.join(folder, MANIFEST_NAME)) as handle:
        manifest = json.load(handle)
    assert '/mnt/data/nul\x00byte.txt' in [entry['path'] for entry in manifest['files']]  # verbatim, as data


def test_a_symlink_already_in_dest_is_not_followed(mocker, emu, tmp_path):
    ids = new_containers(emu, 2)
    with_files(emu, ids, per_container=1)
    outside = tmp_path / 'outside'
    outside.mkdir()
    dest = tmp_path / 'dest'
    dest.mkdir()
    os.symlink(str(outside), str(dest / ids[0]))
    outcome = run(mocker, emu, container_ids=ids, dest=str(dest))
    assert outcome.failed
    assert outcome.result['failed_containers'] == [ids[0]] and outcome.result['completed'] == [ids[1]]
    assert 'symbolic link' in outcome.result['archives'][0]['failures'][0]['reason']
    assert os.listdir(str(outside)) == []


def test_a_content_longer_than_listed_fails_its_container_leaves_no_partial_file_and_the_others_are_archived(mocker, emu, tmp_path):
    ids = new_containers(emu, 3)
    with_files(emu, ids, per_container=2)
    emu.add_fault({'action': {'type': 'content_size_lie', 'delta': 5, 'containers': [ids[1]]}, 'times': None})
    emu.add_fault({'action': {'type': 'content_error', 'status': 500, 'containers': [ids[2]]}, 'times': None})
    dest = str(tmp_path)
    outcome = run(mocker, emu, container_ids=ids, dest=dest)
    assert outcome.failed
    assert outcome.result['completed'] == [ids[0]] and outcome.result['failed_containers'] == ids[1:]
    lied, errored = outcome.result['archives'][1:]
    assert len(lied['failures']) == 2 and all(f['file_id'].startswith('cfile_') for f in lied['failures'])
    assert all('bytes the file object lists' in f['reason'] or 'bytes its file object lists' in f['reason'] for f in lied['failures'])
    assert errored['failures'][0]['status'] == 500 and errored['failures'][0]['request_id'].startswith('req_')
    assert 'HTTP 500' in errored['failures'][0]['reason']
    assert '2 of 3 container archives failed' in outcome.result['msg']
    for failed in ids[1:]:
        assert every_file(os.path.join(dest, failed)) == []  # no partial file, no manifest of nothing
    assert len(every_file(os.path.join(dest, ids[0]))) == 3
    assert KEY not in json.dumps(outcome.result)


def test_max_total_bytes_stops_downloads_before_any_request(mocker, emu, tmp_path):
    ids = new_containers(emu, 2)
    emu.add_files(ids[0], [{'path': '/mnt/data/a.bin', 'content': 'a' * 600}])
    emu.add_files(ids[1], [{'path': '/mnt/data/b.bin', 'content': 'b' * 600}])
    outcome = run(mocker, emu, container_ids=ids, dest=str(tmp_path), max_total_bytes=1000)
    assert outcome.failed and outcome.result['completed'] == [ids[0]]
    assert 'max_total_bytes=1000' in outcome.result['archives'][1]['failures'][0]['reason']
    assert downloads(emu) == 1


def test_max_file_bytes_refuses_a_file_listed_larger_without_a_request(mocker, emu, tmp_path):
    ids = new_containers(emu, 1)
    emu.add_files(ids[0], [{'path': '/mnt/data/a.bin', 'content': 'a' * 600}])
    outcome = run(mocker, emu, container_ids=ids, dest=str(tmp_path), max_file_bytes=100)
    assert outcome.failed and 'max_file_bytes=100' in outcome.result['archives'][0]['failures'][0]['reason']
    assert downloads(emu) == 0


def test_stale_selects_the_stale_containers_of_the_listing(mocker, emu, tmp_path):
    stale = new_containers(emu, 2, idle_seconds=3600)
    fresh = emu.add_containers([{'id': 'cntr_fresh', 'object': 'container', 'name': 'fresh', 'status': 'running', 'created_at': NOW - 60,
                                 'last_active_at': NOW - 30, 'memory_limit': '1g',
                                 'expires_after': {'anchor': 'last_active_at', 'minutes': 20}}])
    with_files(emu, stale + fresh, per_container=1)
    outcome = run(mocker, emu, stale=True, now=NOW, dest=str(tmp_path))
    assert not outcome.failed
    assert sorted(outcome.result['completed']) == sorted(stale)
    assert sorted(os.listdir(str(tmp_path))) == sorted(stale)


def test_a_container_without_files_has_nothing_to_archive(mocker, emu, tmp_path):
    ids = new_containers(emu, 1)
    outcome = run(mocker, emu, container_ids=ids, dest=str(tmp_path))
    assert not outcome.failed and outcome.result['changed'] is False
    assert outcome.result['archives'][0]['outcome'] == 'nothing_to_archive' and outcome.result['completed'] == ids
    assert os.listdir(str(tmp_path)) == []  # no empty folder left behind


@pytest.mark.parametrize('args, message', [
    ({'container_ids': ['..']}, "option 'container_ids'"),
    ({'container_ids': ['a/b']}, "option 'container_ids'"),
    ({'container_ids': ['cntr_1'], 'concurrency': 0}, "option 'concurrency'"),
    ({'container_ids': ['cntr_1'], 'max_total_bytes': 0}, "option 'max_total_bytes'"),
    ({'container_ids': ['cntr_1'], 'max_file_bytes': -1}, "option 'max_file_bytes'"),
    ({}, "one of the options 'container_ids' or 'stale=true'"),
])
def test_bad_options_fail_naming_the_option_before_any_request(mocker, emu, tmp_path, args, message):
    emu.reset_stats()
    outcome = run(mocker, emu, dest=str(tmp_path), **args)
    assert outcome.failed and message in outcome.result['msg']
    assert emu.stats()['requests'] == 0 and os.listdir(str(tmp_path)) == []


def test_dest_that_is_a_file_fails_naming_the_option(mocker, emu, tmp_path):
    path = tmp_path / 'file'
    path.write_text('x')
    outcome = run(mocker, emu, container_ids=['cntr_1'], dest=str(path))
    assert outcome.failed and "option 'dest'" in outcome.result['msg']


def test_a_download_cut_mid_body_leaves_no_partial_file_and_a_rerun_completes_it(mocker, emu, tmp_path):
    ids = new_containers(emu, 1)
    emu.add_files(ids[0], [{'path': '/mnt/data/big.bin', 'bytes': 300000}, {'path': '/mnt/data/small.txt', 'content': 'ok'}])
    emu.add_fault({'action': {'type': 'content_cut', 'after_bytes': 1000, 'containers': ids}, 'times': None})
    folder = os.path.join(str(tmp_path), ids[0])
    outcome = run(mocker, emu, container_ids=ids, dest=str(tmp_path))
    assert outcome.failed and outcome.result['failed_containers'] == ids
    assert len(outcome.result['archives'][0]['failures']) == 2  # the fault cuts every content short of its length
    assert every_file(folder) == []  # neither the cut file nor a temporary one is left
    emu.clear_faults()
    again = run(mocker, emu, container_ids=ids, dest=str(tmp_path))
    assert not again.failed and again.result['totals']['downloaded'] == 2
    assert os.path.getsize(os.path.join(folder, 'big.bin')) == 300000


def test_rate_limited_downloads_are_retried_behind_the_shared_pause(mocker, emu, tmp_path):
    ids = new_containers(emu, 4)
    with_files(emu, ids, per_container=2)
    emu.add_fault({'method': 'GET', 'path': '/v1/containers/', 'times': 3,
                   'action': {'type': 'status', 'status': 429, 'headers': {'retry-after': '0.2'}}})
    slept = []
    real_sleep = container_archive.SharedPause.sleep

    def recording_sleep(pause, seconds):
        slept.append(seconds)
        return real_sleep(pause, seconds)

    mocker.patch.object(container_archive.SharedPause, 'sleep', recording_sleep)
    outcome = run(mocker, emu, container_ids=ids, dest=str(tmp_path), max_retries=2)
    assert not outcome.failed, outcome.result.get('msg')
    assert outcome.result['totals']['downloaded'] == 8
    assert slept == [0.2, 0.2, 0.2]  # each 429 waited as asked, through the one pause all workers share


@pytest.mark.parametrize('order', [['cntr_a', 'cntr_A'], ['cntr_A', 'cntr_a']])
def test_ids_that_differ_only_in_case_do_not_share_a_folder_the_second_fails_and_is_kept(mocker, emu, tmp_path, order):
    ids = emu.add_containers([{'id': container_id, 'object': 'container', 'name': container_id, 'status': 'running',
                               'created_at': NOW - 7200, 'last_active_at': NOW - 3600, 'memory_limit': '1g',
                               'expires_after': {'anchor': 'last_active_at', 'minutes': 20}} for container_id in order])
    with_files(emu, ids, per_container=2)
    outcome = run(mocker, emu, container_ids=order, dest=str(tmp_path))
    assert outcome.failed
    # Whatever the order: the first in code point order ('A' < 'a') is archived, the other fails (so the role keeps it).
    assert outcome.result['completed'] == ['cntr_A'] and outcome.result['failed_containers'] == ['cntr_a']
    failed, = [a for a in outcome.result['archives'] if a['id'] == 'cntr_a']
    assert 'cntr_A' in failed['failures'][0]['reason'] and failed['downloaded'] == 0
    assert os.listdir(str(tmp_path)) == ['cntr_A'] and downloads(emu) == 2
    with open(os.path.join(str(tmp_path), 'cntr_A', MANIFEST_NAME)) as handle:
        assert json.load(handle)['container_id'] == 'cntr_A'


def test_ids_that_differ_only_in_unicode_form_do_not_share_a_folder(mocker, emu, tmp_path):
    composed, decomposed = u'cntr_caf\u00e9', u'cntr_cafe\u0301'
    emu.add_containers([{'id': container_id, 'object': 'container', 'name': 'x', 'status': 'running',
                         'created_at': NOW - 7200, 'last_active_at': NOW - 3600, 'memory_limit': '1g',
                         'expires_after': {'anchor': 'last_active_at', 'minutes': 20}} for container_id in (composed, decomposed)])
    with_files(emu, [composed, decomposed], per_container=1)
    outcome = run(mocker, emu, container_ids=[composed, decomposed], dest=str(tmp_path))
    assert outcome.failed
    assert outcome.result['completed'] == [decomposed] and outcome.result['failed_containers'] == [composed]  # 'e' < '\u00e9'


def test_an_api_key_echoed_in_a_file_path_is_written_nowhere_in_dest(mocker, emu, tmp_path):
    ids = new_containers(emu, 1)
    emu.add_files(ids[0], [{'path': '/mnt/data/leak-%s.txt' % KEY, 'content': 'data'},
                           {'path': '/mnt/data/%s/nested.txt' % KEY, 'content': 'more'}])
    dest = str(tmp_path)
    outcome = run(mocker, emu, container_ids=ids, dest=dest)
    assert not outcome.failed, outcome.result.get('msg')
    folder = os.path.join(dest, ids[0])
    names = every_file(folder)
    assert len(names) == 3 and all(KEY not in name for name in names)
    for name in names:
        with open(os.path.join(folder, name), 'rb') as handle:
            assert KEY.encode('utf-8') not in handle.read()
    assert KEY not in json.dumps(outcome.result)
    again = run(mocker, emu, container_ids=ids, dest=dest)  # the redacted names are stable: nothing downloaded twice
    assert again.result['totals']['unchanged'] == 2 and again.result['totals']['downloaded'] == 0


def test_check_mode_refuses_a_symlink_already_in_dest_as_the_real_run_does(mocker, emu, tmp_path):
    ids = new_containers(emu, 2)
    with_files(emu, ids, per_container=1)
    outside = tmp_path / 'outside'
    outside.mkdir()
    dest = tmp_path / 'dest'
    dest.mkdir()
    # A complete archive of the first container, moved outside dest and linked back into it.
    run(mocker, emu, container_ids=ids[:1], dest=str(outside))
    os.symlink(str(outside / ids[0]), str(dest / ids[0]))
    for check_mode in (True, False):
        outcome = run(mocker, emu, check_mode=check_mode, container_ids=ids, dest=str(dest))
        assert outcome.failed and outcome.result['failed_containers'] == [ids[0]], check_mode
        assert 'symbolic link' in outcome.result['archives'][0]['failures'][0]['reason']
        assert outcome.result['archives'][0]['unchanged'] == 0
    assert os.listdir(str(outside)) == [ids[0]]
