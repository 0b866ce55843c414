# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A container's files at the transport: listing, retrieve, upload, delete, and the streamed download."""

import hashlib
import io
import json
import os
import tracemalloc

from urllib.parse import parse_qs, urlparse

import pytest
import requests

from ansible_collections.llmops.openai.plugins.module_utils import _container_files
from ansible_collections.llmops.openai.plugins.module_utils._container_files import (
    DownloadResult, check_dest, delete_file, download_file, file_name, files_path, list_container_files, retrieve_file,
    upload_file)
from ansible_collections.llmops.openai.plugins.module_utils._containers import ListingOptions
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import ApiError, OpenAIError, OptionError, PaginationError, SchemaValidationError
from ansible_collections.llmops.openai.plugins.module_utils._schema import SchemaValidator

from .scripted_transport import API_KEY, error_reply, reply, scripted_client

CONTAINER = 'cntr_682e0e7318108198aa783fd921ff305e08e78805b9fdbb04'
PREFIX = '88e12fa445d32636f190a0b33daed6cb'


def cfile(n, name=None, size=880, **fields):
    item = {'id': 'cfile_%03d' % n, 'object': 'container.file', 'created_at': 1747848842 - n, 'bytes': size,
            'container_id': CONTAINER, 'path': '/mnt/data/%s-%s' % (PREFIX, name or 'f%d.txt' % n), 'source': 'user'}
    item.update(fields)
    return item


def page(items, has_more):
    return reply(body={'object': 'list', 'data': items, 'first_id': items[0].get('id') if items else None,
                       'last_id': items[-1].get('id') if items else None, 'has_more': has_more})


def content(data, headers=None, status=200):
    all_headers = {'Content-Type': 'application/octet-stream', 'x-request-id': 'req_content'}
    all_headers.update(headers or {})
    return (status, all_headers, data)


def query(request):
    return dict((key, values[0]) for key, values in parse_qs(urlparse(request.url).query).items())


def listing(script, mode='strict', **options):
    options.setdefault('walk_both_ends', False)
    client, adapter, sleeps = scripted_client(script)
    result = list_container_files(client, CONTAINER, ListingOptions(**options), SchemaValidator(mode))
    return result, adapter


# -- names and ids ---------------------------------------------------------------------------------

@pytest.mark.parametrize('path, name', [
    ('/mnt/data/88e12fa445d32636f190a0b33daed6cb-tsconfig.json', 'tsconfig.json'),
    ('/mnt/data/chart.png', 'chart.png'),
    ('/mnt/data/88e12fa445d32636f190a0b33daed6cb-', '88e12fa445d32636f190a0b33daed6cb-'),
    ('/mnt/data/88E12FA445D32636F190A0B33DAED6CB-x', '88E12FA445D32636F190A0B33DAED6CB-x'),
    ('/mnt/data/sub/0123456789abcdef0123456789abcdef-a-b.txt', 'a-b.txt'),
    ('relative.txt', 'relative.txt'),
    (None, ''),
])
def test_file_name_drops_only_the_servers_prefix(path, name):
    assert file_name(path) == name


@pytest.mark.parametrize('value', ['', '.', '..', 'a/b', 'cntr\n1', 'cntr\x00', None, 7])
def test_ids_that_cannot_be_one_path_segment_fail_naming_the_option_before_any_request(value):
    with pytest.raises(OptionError) as caught:
        files_path(value)
    assert caught.value.option == 'container_id'
    if value is not None:  # no file_id: the path of the container's files
        with pytest.raises(OptionError) as caught:
            files_path(CONTAINER, value)
        assert caught.value.option == 'file_id'


def test_ids_are_quoted_as_one_segment():
    assert files_path('cntr a?b#c%', 'cfile_1') == '/containers/cntr%20a%3Fb%23c%25/files/cfile_1'


# -- listing ---------------------------------------------------------------------------------------

def test_the_listing_follows_the_cursor_to_the_end_on_the_files_path():
    result, adapter = listing([page([cfile(1), cfile(2)], True), page([cfile(3)], False)], page_size=2, order='asc')
    assert [item['id'] for item in result.items] == ['cfile_001', 'cfile_002', 'cfile_003']
    assert [urlparse(request.url).path for request in adapter.requests] == ['/v1/containers/%s/files' % CONTAINER] * 2
    assert query(adapter.requests[1]) == {'limit': '2', 'order': 'asc', 'after': 'cfile_002'}


def test_250_files_at_page_size_100_take_three_requests_from_both_ends():
    files = [cfile(n) for n in range(250)]
    by_order = {'desc': files, 'asc': files[::-1]}

    def answer(request):
        params = query(request)
        items = by_order[params['order']]
        start = [item['id'] for item in items].index(params['after']) + 1 if 'after' in params else 0
        chunk = items[start:start + int(params['limit'])]
        return page(chunk, start + len(chunk) < len(items))
    result, adapter = listing([answer] * 3, walk_both_ends=True)
    assert [item['id'] for item in result.items] == [item['id'] for item in files]
    assert len(adapter.requests) == 3


def test_a_repeating_cursor_fails_instead_of_looping():
    with pytest.raises(PaginationError):
        listing([page([cfile(1)], True), page([cfile(1)], True)])


def test_max_pages_bounds_the_file_listing():
    with pytest.raises(PaginationError) as caught:
        listing([page([cfile(1)], True), page([cfile(2)], True)], max_pages=2)
    assert 'max_pages=2' in str(caught.value)
    # The messages of the shared listing name what is listed.
    assert ', 2 files;' in str(caught.value) and 'container' not in str(caught.value)


def test_duplicates_are_dropped_and_counted():
    result, dummy = listing([page([cfile(1), cfile(2)], True), page([cfile(2), cfile(3)], False)], page_size=2)
    assert [item['id'] for item in result.items] == ['cfile_001', 'cfile_002', 'cfile_003']
    assert result.duplicates == 1
    assert result.warnings == ['1 file was listed more than once (the listing changed while it was read, or the server '
                               'repeats items): each id is returned once']


def test_strict_validation_names_the_file_and_field():
    with pytest.raises(SchemaValidationError) as caught:
        listing([page([cfile(1), cfile(2, size='880')], False)])
    assert 'file cfile_002 (data[1]) at $.bytes' in str(caught.value)


@pytest.mark.parametrize('missing', ['id', 'object', 'created_at', 'bytes', 'container_id', 'path', 'source'])
def test_every_field_of_the_file_object_is_required(missing):
    item = cfile(1)
    del item[missing]
    with pytest.raises((SchemaValidationError, PaginationError)):
        listing([page([item], False)])


def test_warn_mode_keeps_the_files_and_warns():
    result, dummy = listing([page([cfile(1, source=None)], False)], mode='warn')
    assert result.items == [cfile(1, source=None)]
    assert any('file cfile_001' in warning and 'source' in warning for warning in result.warnings)


def test_a_file_of_another_container_or_without_a_size_is_a_warning_in_every_mode():
    result, dummy = listing([page([cfile(1, container_id='cntr_other'), cfile(2, size=-5)], False)], mode='off')
    assert len(result.items) == 2
    assert any('cntr_other' in warning for warning in result.warnings)
    assert any('bytes=-5' in warning for warning in result.warnings)


def test_an_unknown_container_fails_naming_it():
    with pytest.raises(ApiError) as caught:
        listing([error_reply(404, "Container with id 'cntr_gone' not found.", request_id='req_404')])
    message = str(caught.value)
    assert 'container %s was not found' % CONTAINER in message
    assert 'HTTP 404' in message and 'req_404' in message and "Container with id 'cntr_gone' not found." in message
    assert '\n' not in message


def test_an_unknown_listed_container_is_named_without_a_secret_its_id_echoes():
    # container_archive lists the files of containers the server listed: an id may echo the key, and
    # the error names the container where it is made, already redacted like the client's own errors.
    client, dummy, dummy2 = scripted_client([error_reply(404, 'gone')])
    with pytest.raises(ApiError) as caught:
        list_container_files(client, 'cntr_%s' % API_KEY, ListingOptions(walk_both_ends=False), SchemaValidator('strict'))
    assert caught.value.message.startswith('container cntr_******** was not found')
    assert API_KEY not in str(caught.value) and API_KEY not in json.dumps(caught.value.as_dict())


def test_the_listing_refuses_a_name_filter():
    with pytest.raises(OptionError) as caught:
        listing([], name='x')
    assert caught.value.option == 'name'


# -- retrieve and delete ---------------------------------------------------------------------------

def test_retrieve_returns_the_file_or_none_for_404():
    client, adapter, dummy = scripted_client([reply(body=cfile(1)), error_reply(404, 'No such file')])
    assert retrieve_file(client, CONTAINER, 'cfile_001', SchemaValidator('strict')) == (cfile(1), [])
    assert retrieve_file(client, CONTAINER, 'cfile_009', SchemaValidator('strict')) == (None, [])
    assert urlparse(adapter.requests[0].url).path == '/v1/containers/%s/files/cfile_001' % CONTAINER


def test_retrieve_refuses_an_answer_about_another_file():
    client, dummy, dummy2 = scripted_client([reply(body=cfile(2))])
    with pytest.raises(OpenAIError) as caught:
        retrieve_file(client, CONTAINER, 'cfile_001', SchemaValidator('off'))
    assert 'cfile_002' in str(caught.value)


def test_delete_is_true_then_false_when_already_gone():
    client, adapter, dummy = scripted_client([reply(body={'id': 'cfile_001', 'object': 'container.file.deleted', 'deleted': True}),
                                              error_reply(404, 'No such file')])
    assert delete_file(client, CONTAINER, 'cfile_001') is True
    assert delete_file(client, CONTAINER, 'cfile_001') is False
    assert [request.method for request in adapter.requests] == ['DELETE', 'DELETE']


def test_a_delete_whose_answer_was_lost_and_whose_retry_gets_404_was_deleted():
    client, dummy, dummy2 = scripted_client([requests.exceptions.ConnectionError('dropped'), error_reply(404, 'No such file')])
    assert delete_file(client, CONTAINER, 'cfile_001') is True


# -- upload ----------------------------------------------------------------------------------------

def test_upload_sends_one_multipart_post_with_the_base_name(tmp_path):
    src = tmp_path / 'report.csv'
    src.write_bytes(b'a,b\n1,2\n')
    client, adapter, dummy = scripted_client([reply(body=cfile(1, name='report.csv', size=8))])
    file_object, warnings = upload_file(client, CONTAINER, str(src), SchemaValidator('strict'))
    assert file_object['id'] == 'cfile_001' and warnings == []
    request = adapter.requests[0]
    assert request.method == 'POST' and urlparse(request.url).path == '/v1/containers/%s/files' % CONTAINER
    assert request.headers['Content-Type'].startswith('multipart/form-data; boundary=')
    assert b'name="file"; filename="report.csv"' in request.body and b'a,b\n1,2\n' in request.body


def test_an_upload_is_never_retried(tmp_path):
    src = tmp_path / 'a.txt'
    src.write_bytes(b'x')
    client, adapter, dummy = scripted_client([error_reply(500, 'oops')], max_retries=2)
    with pytest.raises(ApiError) as caught:
        upload_file(client, CONTAINER, str(src), SchemaValidator('strict'))
    assert caught.value.status == 500 and len(adapter.requests) == 1


def test_an_upload_larger_than_max_file_bytes_fails_before_any_request(tmp_path):
    src = tmp_path / 'a.txt'
    src.write_bytes(b'12345')
    client, adapter, dummy = scripted_client([])
    with pytest.raises(OptionError) as caught:
        upload_file(client, CONTAINER, str(src), SchemaValidator('strict'), max_file_bytes=4)
    assert caught.value.option == 'src' and adapter.requests == []


# -- download --------------------------------------------------------------------------------------

def download(tmp_path, script, dest_name='out.bin', check_mode=False, max_file_bytes=1 << 30, size=11, always_hash=False, **file_fields):
    client, adapter, dummy = scripted_client(script)
    dest = str(tmp_path / dest_name)
    result = download_file(client, CONTAINER, cfile(1, size=size, **file_fields), dest, max_file_bytes, check_mode=check_mode,
                           always_hash=always_hash)
    return result, adapter, dest


def leftovers(tmp_path):
    return sorted(name for name in os.listdir(str(tmp_path)) if name.endswith('.part'))


def test_a_download_writes_dest_and_reports_its_hash_when_asked(tmp_path):
    result, adapter, dest = download(tmp_path, [content(b'hello world')], always_hash=True)
    assert result.as_dict() == dict(changed=True, sha256=hashlib.sha256(b'hello world').hexdigest(), bytes=11)
    with open(dest, 'rb') as stream:
        assert stream.read() == b'hello world'
    request = adapter.requests[0]
    assert urlparse(request.url).path == '/v1/containers/%s/files/cfile_001/content' % CONTAINER
    assert request.headers['Accept'] == 'application/binary'
    assert request.headers['Authorization'] == 'Bearer %s' % API_KEY
    assert leftovers(tmp_path) == []


def test_by_default_a_download_reports_the_sha256_of_its_content(tmp_path):
    # What a caller keeping a manifest relies on (container_archive).
    client, dummy, dummy2 = scripted_client([content(b'hello world')])
    result = download_file(client, CONTAINER, cfile(1, size=11), str(tmp_path / 'out.bin'))
    assert result.sha256 == hashlib.sha256(b'hello world').hexdigest()


def test_a_new_download_is_not_hashed_unless_asked(tmp_path):
    # Nothing to compare with: hashing would only cost time (as much as the download itself).
    result, dummy, dest = download(tmp_path, [content(b'hello world')])
    assert result.as_dict() == dict(changed=True, sha256=None, bytes=11)
    assert (tmp_path / 'out.bin').read_bytes() == b'hello world'


def test_a_new_file_gets_the_umask_mode_and_a_replaced_one_keeps_its_mode(tmp_path, monkeypatch):
    # The umask is read once at import: a download never sets it, since setting it in one of
    # container_archive's threads could let another thread create a file with mode 0666.
    monkeypatch.setattr(_container_files, 'PROCESS_UMASK', 0o022)

    def no_umask(mask):
        raise AssertionError('a download set the process umask to %o' % mask)

    monkeypatch.setattr(os, 'umask', no_umask)
    dummy, dummy2, dest = download(tmp_path, [content(b'hello world')])
    assert os.stat(dest).st_mode & 0o777 == 0o644
    os.chmod(dest, 0o640)
    download(tmp_path, [content(b'HELLO WORLD')])
    assert os.stat(dest).st_mode & 0o777 == 0o640


def test_the_same_bytes_again_leave_dest_untouched(tmp_path):
    dest = tmp_path / 'out.bin'
    dest.write_bytes(b'hello world')
    os.utime(str(dest), (1000000000, 1000000000))
    inode = os.stat(str(dest)).st_ino
    result, dummy, dummy2 = download(tmp_path, [content(b'hello world')])
    assert result.changed is False and result.sha256 == hashlib.sha256(b'hello world').hexdigest()
    assert os.stat(str(dest)).st_ino == inode and os.stat(str(dest)).st_mtime == 1000000000
    assert leftovers(tmp_path) == []


def test_same_size_other_bytes_replace_dest(tmp_path):
    (tmp_path / 'out.bin').write_bytes(b'HELLO WORLD')
    result, dummy, dest = download(tmp_path, [content(b'hello world')])
    assert result.changed is True
    assert (tmp_path / 'out.bin').read_bytes() == b'hello world'


@pytest.mark.parametrize('body, headers', [
    (b'hello world, and more', {}),
    (b'hello world, and more', {'Content-Length': '21'}),
])
def test_a_content_longer_than_its_bytes_fails_and_leaves_nothing(tmp_path, body, headers):
    with pytest.raises(ApiError) as caught:
        download(tmp_path, [content(body, headers)])
    assert 'the 11 bytes the file object lists' in str(caught.value)
    assert os.listdir(str(tmp_path)) == []


def test_a_content_shorter_than_its_bytes_fails_and_leaves_nothing(tmp_path):
    with pytest.raises(OpenAIError) as caught:
        download(tmp_path, [content(b'hello')])
    assert 'is 5 bytes, not the 11 bytes' in str(caught.value)
    assert os.listdir(str(tmp_path)) == []


def test_a_failed_download_leaves_an_existing_dest_as_it_was(tmp_path):
    (tmp_path / 'out.bin').write_bytes(b'old')
    with pytest.raises(OpenAIError):
        download(tmp_path, [content(b'hello')])
    assert os.listdir(str(tmp_path)) == ['out.bin'] and (tmp_path / 'out.bin').read_bytes() == b'old'


def test_a_file_over_max_file_bytes_is_refused_before_any_request(tmp_path):
    with pytest.raises(OpenAIError) as caught:
        download(tmp_path, [], size=11, max_file_bytes=10)
    assert 'max_file_bytes=10' in str(caught.value)


@pytest.mark.parametrize('size', [None, -1, '11', True, 1.5])
def test_a_file_without_a_usable_size_is_not_downloaded(tmp_path, size):
    with pytest.raises(OpenAIError) as caught:
        download(tmp_path, [], size=size)
    assert 'no usable size' in str(caught.value)
    assert os.listdir(str(tmp_path)) == []


class _Dropped(io.RawIOBase):
    """A body that fails after ``good`` bytes, as a dropped connection does."""

    def __init__(self, good):
        super(_Dropped, self).__init__()
        self.left = good

    def readable(self):
        return True

    def readinto(self, buffer):
        if self.left <= 0:
            raise ConnectionResetError(104, 'Connection reset by peer')
        count = min(len(buffer), self.left)
        buffer[:count] = b'x' * count
        self.left -= count
        return count


def test_a_failure_before_the_first_byte_is_retried(tmp_path):
    result, adapter, dest = download(tmp_path, [requests.exceptions.ConnectionError('refused'), content(b'hello world')])
    assert result.changed and len(adapter.requests) == 2


def test_a_failure_after_the_first_byte_is_not_retried_and_leaves_nothing(tmp_path):
    # Past the first chunk (a chunk is handed on whole): part of the body reached the file.
    good = 3 * 1024 * 1024
    with pytest.raises(ApiError) as caught:
        download(tmp_path, [content(_Dropped(good)), content(b'x' * (good + 10))], size=good + 10)
    assert 'after 1 attempt (not retried: %d bytes of the body had arrived)' % (good - good % (1024 * 1024)) in str(caught.value)
    assert os.listdir(str(tmp_path)) == []


def test_a_retryable_status_is_retried_and_an_error_reports_status_message_and_request_id(tmp_path):
    result, adapter, dummy = download(tmp_path, [error_reply(503, 'busy'), content(b'hello world')])
    assert result.changed and len(adapter.requests) == 2
    with pytest.raises(ApiError) as caught:
        download(tmp_path, [error_reply(404, 'No such file', request_id='req_gone')], dest_name='other.bin')
    assert caught.value.status == 404 and 'No such file' in str(caught.value) and 'req_gone' in str(caught.value)
    assert API_KEY not in str(caught.value)


def test_a_redirect_is_not_followed(tmp_path):
    with pytest.raises(ApiError) as caught:
        download(tmp_path, [content(b'', {'Location': 'http://elsewhere.test/x'}, status=302)])
    assert 'never follow redirects' in str(caught.value)
    assert os.listdir(str(tmp_path)) == []


def test_check_mode_writes_nothing_and_tells_by_size_then_hash(tmp_path):
    result, adapter, dest = download(tmp_path, [], check_mode=True)
    assert result.changed is True and adapter.requests == [] and os.listdir(str(tmp_path)) == []
    (tmp_path / 'out.bin').write_bytes(b'hello world')
    result, dummy, dummy2 = download(tmp_path, [content(b'hello world')], check_mode=True)
    assert result.changed is False
    result, dummy, dummy2 = download(tmp_path, [content(b'HELLO WORLD')], check_mode=True)
    assert result.changed is True and (tmp_path / 'out.bin').read_bytes() == b'hello world'
    assert os.listdir(str(tmp_path)) == ['out.bin']


def test_dest_must_be_a_file_in_an_existing_directory(tmp_path):
    for dest, words in ((str(tmp_path), 'is a directory'), (str(tmp_path / 'missing' / 'x'), 'does not exist'), ('', 'non-empty')):
        with pytest.raises(OptionError) as caught:
            check_dest(dest)
        assert caught.value.option == 'dest' and words in str(caught.value)


def test_an_id_from_the_server_that_is_not_one_segment_is_not_downloaded(tmp_path):
    with pytest.raises(OpenAIError) as caught:
        download(tmp_path, [], id='..')
    assert 'not downloading' in str(caught.value)


class _Zeros(io.RawIOBase):
    """``size`` bytes produced as they are read: the body of a large file, never in memory."""

    def __init__(self, size):
        super(_Zeros, self).__init__()
        self.left = size

    def readable(self):
        return True

    def readinto(self, buffer):
        count = min(len(buffer), self.left)
        buffer[:count] = bytes(count)
        self.left -= count
        return count


def test_memory_does_not_grow_with_the_size_of_the_download(tmp_path):
    size = 64 * 1024 * 1024
    tracemalloc.start()
    try:
        result, dummy, dest = download(tmp_path, [content(_Zeros(size), {'Content-Length': str(size)})], size=size, always_hash=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.bytes == size and os.path.getsize(dest) == size
    assert result.sha256 == hashlib.sha256(bytes(size)).hexdigest()
    # A chunk or two of 1 MiB in flight, never the file.
    assert peak < 8 * 1024 * 1024, peak


def test_download_result_fields():
    assert DownloadResult(True, 'ab', 3).as_dict() == {'changed': True, 'sha256': 'ab', 'bytes': 3}
    assert json.dumps(DownloadResult(False, None, 0).as_dict())


def test_server_text_quoted_about_files_is_redacted_before_it_is_cut(tmp_path):
    # A path or id that echoes the key, cut at 200 or 80 characters: no part of the key is shown.
    echoed = '/mnt/data/' + 'x' * 170 + 'Bearer ' + API_KEY + ' tail'
    text = _container_files.describe_files([cfile(1, name=echoed[10:])], [API_KEY])
    assert API_KEY[:6] not in text
    client, adapter, dummy = scripted_client([])
    with pytest.raises(OpenAIError) as caught:
        download_file(client, CONTAINER, dict(cfile(1), bytes='x' * 20 + API_KEY), str(tmp_path / 'out.bin'), 1 << 30)
    assert API_KEY[:6] not in str(caught.value) and adapter.requests == []


def test_the_download_log_line_names_the_request_id_without_the_key(tmp_path):
    lines = []
    client, dummy, dummy2 = scripted_client([content(b'hello world', headers={'x-request-id': 'Bearer ' + API_KEY})])
    client._log = lines.append
    download_file(client, CONTAINER, cfile(1, size=11), str(tmp_path / 'out.bin'), 1 << 30)
    assert lines and not [line for line in lines if API_KEY[:6] in line], lines
