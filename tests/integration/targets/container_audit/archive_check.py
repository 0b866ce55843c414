# The role's archive before deletion, checked against the emulator (the files it holds) and the report.
#   archive_check.py setup CONTROL_ROOT NOW                 -> prints {"ok": [ids], "broken": id, "files": {id: {path: content}}}
#   archive_check.py check STATE_JSON ARCHIVE_DIR REPORT_JSON LISTING_JSON
# setup adds three containers idle for 4000 s (stale at the target's 60 minutes), each with files (one in a sub-folder, one with a
# hostile path), and makes every content download of the `broken` one fail with HTTP 500.
import json
import os
import sys

import requests

# The API's message of the failed downloads: markup and a table pipe, which the reports must show as text.
MESSAGE = 'disk on fire <img src=x> | {{ 7 * 6 }}'


def setup(root, now):
    def control(method, path, body):
        response = requests.request(method, root + path, json=body, timeout=10)
        response.raise_for_status()
        return response.json()

    ids = control('POST', '/_emulator/containers', [
        {'object': 'container', 'name': 'archive me %d' % n, 'status': 'running', 'memory_limit': '1g',
         'created_at': now - 7200, 'last_active_at': now - 4000, 'expires_after': {'anchor': 'last_active_at', 'minutes': 20}}
        for n in range(3)])['ids']
    files = {}
    for n, container_id in enumerate(ids):
        items = [{'path': '/mnt/data/out/result-%d.csv' % n, 'content': 'a,b\n%d,%d\n' % (n, n * n)},
                 {'path': '/mnt/data/../../escape-%d.txt' % n, 'content': 'not outside %d' % n}]
        control('POST', '/_emulator/containers/%s/files' % container_id, items)
        files[container_id] = dict((item['path'], item['content']) for item in items)
    broken = ids[1]
    control('POST', '/_emulator/faults', [{'method': 'GET', 'path': '/v1/containers/%s/files/' % broken, 'times': None,
                                           'action': {'type': 'content_error', 'status': 500, 'message': MESSAGE}}])
    print(json.dumps({'ok': [ids[0], ids[2]], 'broken': broken, 'files': files}))


def check(state_path, archive_dir, report_path, listing_path):
    with open(state_path) as handle:
        state = json.load(handle)
    with open(report_path) as handle:
        report = json.load(handle)
    with open(listing_path) as handle:
        remaining = set(container['id'] for container in json.load(handle))
    broken, ok = state['broken'], state['ok']
    # Deleted only after its files were saved; the one whose archive failed is kept.
    assert broken in remaining, 'the container whose archive failed was deleted'
    assert not remaining & set(ok), ('archived containers not deleted', sorted(remaining & set(ok)))
    # Every file of the archived ones, exactly, under ARCHIVE_DIR/<id>/; nothing else anywhere.
    everything = sorted(os.path.relpath(os.path.join(folder, name), archive_dir)
                        for folder, dummy, names in os.walk(archive_dir) for name in names)
    expected = []
    for container_id in ok:
        folder = os.path.join(archive_dir, container_id)
        with open(os.path.join(folder, '.archive-manifest.json')) as handle:
            manifest = json.load(handle)
        assert sorted(entry['path'] for entry in manifest['files']) == sorted(state['files'][container_id])
        for entry in manifest['files']:
            with open(os.path.join(folder, entry['local_path']), 'rb') as handle:
                assert handle.read() == state['files'][container_id][entry['path']].encode()
            expected.append(os.path.join(container_id, entry['local_path']))
        expected.append(os.path.join(container_id, '.archive-manifest.json'))
    assert everything == sorted(expected), ('files', everything, sorted(expected))
    assert all(not name.startswith('..') for name in everything)
    # The report: data at stake, what was archived, what was kept and why.
    rows = dict((row['id'], row) for row in report['stale'])
    for container_id in ok:
        assert rows[container_id]['archive'] == 'archived' and rows[container_id]['deletion'] == 'deleted', rows[container_id]
        assert rows[container_id]['files'] == 2 and rows[container_id]['bytes'] == sum(len(c) for c in state['files'][container_id].values())
    row = rows[broken]
    assert row['archive'] == 'archive failed' and row['deletion'] == 'kept: its archive failed', row
    assert 'HTTP 500' in row['archive_error'] and MESSAGE in row['archive_error'], row['archive_error']  # text, never a template
    assert sorted(report['archive']['archived']) == sorted(ok)
    assert list(report['archive']['failed']) == [broken]
    assert report['data_at_stake']['files'] == 6 and report['data_at_stake']['unknown'] == 0
    print('archived %d containers, kept %s' % (len(ok), broken))


if __name__ == '__main__':
    if sys.argv[1] == 'setup':
        setup(sys.argv[2], int(sys.argv[3]))
    else:
        check(*sys.argv[2:6])
