# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# container_file and container_file_info end to end with only the HTTP transport scripted: "one POST
# was sent" is asserted by the script running out, "none" by an empty script.

import hashlib
import json
import os

import pytest

from ansible_collections.llmops.openai.plugins.modules import container_file as file_module
from ansible_collections.llmops.openai.plugins.modules import container_file_info as info_module
from ansible_collections.llmops.openai.tests.unit.plugins.module_utils.scripted_transport import API_KEY, error_reply, reply
from ansible_collections.llmops.openai.tests.unit.plugins.modules.module_runner import run_module

CONTAINER = 'cntr_682e0e7318108198aa783fd921ff305e08e78805b9fdbb04'
PREFIX = '88e12fa445d32636f190a0b33daed6cb'


def cfile(n, name='f.txt', size=11, prefix=PREFIX, **fields):
    item = {'id': 'cfile_%03d' % n, 'object': 'container.file', 'created_at': 1747848842 - n, 'bytes': size,
            'container_id': CONTAINER, 'path': '/mnt/data/%s%s' % (prefix + '-' if prefix else '', name), 'source': 'user'}
    item.update(fields)
    return item


def page(*items, **extra):
    data = list(items)
    body = {'object': 'list', 'data': data, 'first_id': data[0]['id'] if data else None,
            'last_id': data[-1]['id'] if data else None, 'has_more': False}
    body.update(extra)
    return reply(body=body)


def content(data):
    return (200, {'Content-Type': 'application/octet-stream', 'x-request-id': 'req_content'}, data)


@pytest.fixture(name='run')
def run_fixture(mocker):
    def run(args, script, check_mode=False, diff=False, main=file_module.main):
        return run_module(mocker, main, dict(dict(container_id=CONTAINER), **args), script, check_mode=check_mode, diff=diff)
    return run


@pytest.fixture(name='src')
def src_fixture(tmp_path):
    path = tmp_path / 'report.csv'
    path.write_bytes(b'a,b\n1,2\n3,4')
    return str(path)


# -- container_file_info ---------------------------------------------------------------------------

def test_info_returns_every_file_their_count_and_total(run):
    outcome = run(dict(page_size=2, walk_both_ends=False), [
        page(cfile(1, size=10), cfile(2, size=20), has_more=True), page(cfile(3, size=30))], main=info_module.main)
    assert not outcome.failed, outcome.result
    assert [item['id'] for item in outcome.result['files']] == ['cfile_001', 'cfile_002', 'cfile_003']
    assert (outcome.result['file_count'], outcome.result['total_bytes'], outcome.result['duplicates_dropped']) == (3, 60, 0)
    assert outcome.result['changed'] is False


def test_info_fails_on_an_unknown_container_in_one_line_naming_it(run):
    outcome = run({}, [error_reply(404, 'Container not found', request_id='req_gone')], main=info_module.main)
    assert outcome.failed
    assert 'container %s was not found' % CONTAINER in outcome.result['msg'] and 'req_gone' in outcome.result['msg']
    assert '\n' not in outcome.result['msg'] and outcome.result['error']['status'] == 404


def test_info_never_returns_a_partial_list(run):
    outcome = run(dict(max_pages=1, walk_both_ends=False), [page(cfile(1), has_more=True)], main=info_module.main)
    assert outcome.failed and 'max_pages=1' in outcome.result['msg'] and 'files' not in outcome.result


def test_info_refuses_a_bad_container_id_before_any_request(run):
    outcome = run(dict(container_id='../containers'), [], main=info_module.main)
    assert outcome.failed and "option 'container_id'" in outcome.result['msg']


def test_info_warns_about_a_file_without_a_size(run):
    outcome = run(dict(schema_validation='warn'), [page(cfile(1, size=5), cfile(2, size=None))], main=info_module.main)
    assert outcome.result['total_bytes'] == 5
    assert any('total_bytes leaves it out' in warning for warning in outcome.warnings)


# -- upload ----------------------------------------------------------------------------------------

def test_upload_sends_one_post_and_returns_the_file(run, src):
    uploaded = cfile(9, name='report.csv', size=11)
    outcome = run(dict(src=src), [page(cfile(1, name='other.csv', size=11)), reply(body=uploaded)], diff=True)
    assert outcome.result['changed'] is True and outcome.result['file'] == uploaded
    assert outcome.methods() == [('GET', '/v1/containers/%s/files' % CONTAINER), ('POST', '/v1/containers/%s/files' % CONTAINER)]
    assert outcome.result['diff'] == {'before': {}, 'after': uploaded}


def test_upload_is_unchanged_when_a_file_with_the_name_and_size_exists(run, src):
    there = cfile(1, name='report.csv', size=11)
    outcome = run(dict(src=src), [page(cfile(2, name='report.csv', size=3), there)])
    assert outcome.result['changed'] is False and outcome.result['file'] == there
    assert [method for method, dummy in outcome.methods()] == ['GET']


def test_a_file_the_model_wrote_without_prefix_counts_as_the_same_name(run, src):
    outcome = run(dict(src=src), [page(cfile(1, name='report.csv', size=11, prefix=None))])
    assert outcome.result['changed'] is False


def test_force_uploads_anyway(run, src):
    outcome = run(dict(src=src, force=True), [page(cfile(1, name='report.csv', size=11)), reply(body=cfile(2, name='report.csv'))])
    assert outcome.result['changed'] is True and [method for method, dummy in outcome.methods()] == ['GET', 'POST']


def test_check_mode_upload_sends_no_post(run, src):
    outcome = run(dict(src=src), [page()], check_mode=True, diff=True)
    assert outcome.result['changed'] is True and 'file' not in outcome.result
    assert outcome.result['diff']['after'] == {'name': 'report.csv', 'bytes': 11}


def test_same_name_other_size_uploads_and_warns_that_the_old_one_is_kept(run, src):
    outcome = run(dict(src=src), [page(cfile(1, name='report.csv', size=3)), reply(body=cfile(2, name='report.csv'))])
    assert outcome.result['changed'] is True
    assert any('cfile_001' in warning and 'kept' in warning for warning in outcome.warnings)


def test_a_missing_src_fails_naming_it_before_any_request(run, tmp_path):
    outcome = run(dict(src=str(tmp_path / 'nope.csv')), [])
    assert outcome.failed and "option 'src'" in outcome.result['msg'] and 'no such file' in outcome.result['msg']


def test_an_upload_error_gives_status_message_and_request_id_and_no_key(run, src):
    outcome = run(dict(src=src), [page(), error_reply(413, 'File too large for %s' % API_KEY, request_id='req_big')])
    assert outcome.failed
    assert 'HTTP 413' in outcome.result['msg'] and 'req_big' in outcome.result['msg']
    assert API_KEY not in json.dumps(outcome.result)


# -- download --------------------------------------------------------------------------------------

def test_download_by_path_writes_dest_and_a_second_run_leaves_it_untouched(run, tmp_path):
    dest = str(tmp_path / 'out.txt')
    outcome = run(dict(path='f.txt', dest=dest), [page(cfile(1)), content(b'hello world')])
    assert outcome.result['changed'] is True
    assert outcome.result['sha256'] is None and outcome.result['bytes'] == 11
    assert outcome.methods()[1] == ('GET', '/v1/containers/%s/files/cfile_001/content' % CONTAINER)
    os.utime(dest, (1000000000, 1000000000))
    inode = os.stat(dest).st_ino
    again = run(dict(path='f.txt', dest=dest), [page(cfile(1)), content(b'hello world')])
    assert again.result['changed'] is False and again.result['sha256'] == hashlib.sha256(b'hello world').hexdigest()
    assert os.stat(dest).st_ino == inode and os.stat(dest).st_mtime == 1000000000


def test_download_by_id_retrieves_the_file_object(run, tmp_path):
    dest = str(tmp_path / 'out.txt')
    outcome = run(dict(file_id='cfile_001', dest=dest, mode='0600'), [reply(body=cfile(1)), content(b'hello world')], diff=True)
    assert outcome.result['changed'] is True and oct(os.stat(dest).st_mode & 0o777) == '0o600'
    assert outcome.result['diff']['before'] == {'path': dest, 'state': 'absent'}
    assert outcome.result['diff']['after']['sha256'] == hashlib.sha256(b'hello world').hexdigest()


def test_mode_alone_changes_an_identical_file(run, tmp_path):
    dest = tmp_path / 'out.txt'
    dest.write_bytes(b'hello world')
    os.chmod(str(dest), 0o644)
    outcome = run(dict(file_id='cfile_001', dest=str(dest), mode='0600'), [reply(body=cfile(1)), content(b'hello world')])
    assert outcome.result['changed'] is True and os.stat(str(dest)).st_mode & 0o777 == 0o600


def test_a_content_longer_than_its_bytes_fails_and_leaves_nothing_at_dest(run, tmp_path):
    dest = str(tmp_path / 'out.txt')
    outcome = run(dict(file_id='cfile_001', dest=dest), [reply(body=cfile(1)), content(b'hello world and more')])
    assert outcome.failed and 'longer than the 11 bytes' in outcome.result['msg']
    assert os.listdir(str(tmp_path)) == []


def test_a_path_matching_several_files_fails_naming_them(run, tmp_path):
    outcome = run(dict(path='f.txt', dest=str(tmp_path / 'x')), [page(cfile(1), cfile(2, prefix='0' * 32))])
    assert outcome.failed and 'matches 2 files' in outcome.result['msg']
    assert 'cfile_001' in outcome.result['msg'] and 'cfile_002' in outcome.result['msg']
    assert [item['id'] for item in outcome.result['files']] == ['cfile_001', 'cfile_002']


@pytest.mark.parametrize('path, matched', [
    ('f.txt', True), ('/mnt/data/f.txt', True), ('/mnt/data/%s-f.txt' % PREFIX, True), ('data/f.txt', True),
    ('%s-f.txt' % PREFIX, True), ('/f.txt', False), ('g.txt', False), ('x-f.txt', False), ('.txt', False),
])
def test_path_matching(run, tmp_path, path, matched):
    script = [page(cfile(1))] + ([content(b'hello world')] if matched else [])
    outcome = run(dict(path=path, dest=str(tmp_path / 'x')), script)
    assert outcome.failed is not matched, outcome.result


def test_an_absolute_path_is_the_whole_server_path(run, tmp_path):
    # Not the end of one: '/f.txt' is not '/mnt/data//f.txt' (a server path with an empty step).
    outcome = run(dict(path='/f.txt', dest=str(tmp_path / 'x')), [page(cfile(1, name='/f.txt', prefix=None))])
    assert outcome.failed and 'has no file at path' in outcome.result['msg']


def test_a_missing_file_fails_the_download(run, tmp_path):
    outcome = run(dict(file_id='cfile_404', dest=str(tmp_path / 'x')), [error_reply(404, 'No such file')])
    assert outcome.failed and 'has no file with id cfile_404' in outcome.result['msg']


def test_a_directory_dest_is_refused_before_any_request(run, tmp_path):
    outcome = run(dict(file_id='cfile_001', dest=str(tmp_path)), [])
    assert outcome.failed and "option 'dest'" in outcome.result['msg'] and 'is a directory' in outcome.result['msg']


def test_check_mode_download_writes_nothing(run, tmp_path):
    dest = tmp_path / 'out.txt'
    outcome = run(dict(file_id='cfile_001', dest=str(dest)), [reply(body=cfile(1))], check_mode=True)
    assert outcome.result['changed'] is True and outcome.result['sha256'] is None
    assert os.listdir(str(tmp_path)) == []
    dest.write_bytes(b'hello world')
    outcome = run(dict(file_id='cfile_001', dest=str(dest)), [reply(body=cfile(1)), content(b'hello world')], check_mode=True)
    assert outcome.result['changed'] is False


def test_a_hostile_server_path_never_chooses_where_a_file_lands(run, tmp_path):
    hostile = cfile(1, name='../../../../tmp/escaped.txt', prefix=None)
    dest = str(tmp_path / 'safe.txt')
    outcome = run(dict(path='escaped.txt', dest=dest), [page(hostile), content(b'hello world')])
    assert outcome.result['changed'] is True and os.listdir(str(tmp_path)) == ['safe.txt']


def test_the_module_options_name_the_misuse(run, tmp_path, src):
    assert 'dest needs the file' in run(dict(dest=str(tmp_path / 'x')), []).result['msg']
    assert 'src and dest do not apply' in run(dict(state='absent', file_id='cfile_1', dest=str(tmp_path / 'x')), []).result['msg']
    assert run(dict(src=src, dest=str(tmp_path / 'x')), []).failed
    assert run(dict(file_id='a/b', state='absent'), []).result['msg'].startswith("option 'file_id'")
    assert "option 'max_file_bytes'" in run(dict(src=src, max_file_bytes=0), []).result['msg']


# -- delete ----------------------------------------------------------------------------------------

def test_delete_by_id_then_again_is_unchanged(run):
    outcome = run(dict(file_id='cfile_001', state='absent'), [
        reply(body=cfile(1)), reply(body={'id': 'cfile_001', 'object': 'container.file.deleted', 'deleted': True})], diff=True)
    assert outcome.result['changed'] is True and outcome.result['diff'] == {'before': cfile(1), 'after': {}}
    assert outcome.methods()[1] == ('DELETE', '/v1/containers/%s/files/cfile_001' % CONTAINER)
    again = run(dict(file_id='cfile_001', state='absent'), [error_reply(404, 'No such file')])
    assert again.result['changed'] is False and not again.failed


def test_delete_by_path_deletes_the_listed_id(run):
    outcome = run(dict(path='f.txt', state='absent'), [
        page(cfile(7)), reply(body={'id': 'cfile_007', 'object': 'container.file.deleted', 'deleted': True})])
    assert outcome.result['changed'] is True and outcome.methods()[1] == ('DELETE', '/v1/containers/%s/files/cfile_007' % CONTAINER)


def test_check_mode_delete_sends_no_delete(run):
    outcome = run(dict(file_id='cfile_001', state='absent'), [reply(body=cfile(1))], check_mode=True)
    assert outcome.result['changed'] is True and [method for method, dummy in outcome.methods()] == ['GET']


def test_delete_refuses_an_answer_about_another_file(run):
    outcome = run(dict(file_id='cfile_001', state='absent'), [reply(body=cfile(2))])
    assert outcome.failed and 'refusing' in outcome.result['msg']


def test_delete_by_path_refuses_a_listed_id_that_is_not_one_segment(run):
    outcome = run(dict(path='f.txt', state='absent'), [page(cfile(1, id='../../containers/cntr_x'))])
    assert outcome.failed and 'cannot be used' in outcome.result['msg']


@pytest.mark.parametrize('module', [file_module, info_module])
def test_every_description_of_the_docs_is_text(module):
    # YAML reads "- a: b" in a description as a mapping, which ansible-doc refuses to render.
    import yaml  # pylint: disable=import-outside-toplevel

    def texts(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ('description', 'details'):
                    for item in value if isinstance(value, list) else [value]:
                        assert isinstance(item, str), (path + [key], item)
                texts(value, path + [key])
        elif isinstance(node, list):
            for index, value in enumerate(node):
                texts(value, path + [index])
    texts(yaml.safe_load(module.DOCUMENTATION), [])
    texts(yaml.safe_load(module.RETURN), [])


def test_a_dest_name_long_in_bytes_downloads_through_a_temporary_name_that_fits(run, tmp_path):
    # 63 four-byte characters: 252 bytes, a valid name whose first 100 characters would not make a valid one.
    dest = str(tmp_path / ('\U0001f600' * 63))
    outcome = run(dict(path='f.txt', dest=dest), [page(cfile(1)), content(b'hello world')])
    assert outcome.result['changed'] is True, outcome.result
    with open(dest, 'rb') as stream:
        assert stream.read() == b'hello world'
    assert os.listdir(str(tmp_path)) == [os.path.basename(dest)]


def test_a_local_error_fails_naming_dest_without_a_traceback(run, tmp_path):
    # A name longer than the file system takes: the rename fails; nothing is left behind.
    dest = str(tmp_path / ('x' * 300))
    outcome = run(dict(path='f.txt', dest=dest), [page(cfile(1)), content(b'hello world')])
    assert outcome.failed and outcome.result['msg'].startswith('cannot write or read the local file (dest %s)' % dest)
    assert 'Traceback' not in json.dumps(outcome.result) and os.listdir(str(tmp_path)) == []
