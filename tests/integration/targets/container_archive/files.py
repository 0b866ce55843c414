# The data of the container_archive target, and the checks of what landed on disk.
#   files.py setup CONTROL_ROOT NOW   -> prints {"good": [23 ids], "hostile": id, "lie": id, "error": id, "files": {id: {path: text}}}
#   files.py check STATE_JSON DEST [hostile]
import hashlib
import json
import os
import sys

import requests

MANIFEST = '.archive-manifest.json'


def setup(root, now):
    def control(method, path, body):
        response = requests.request(method, root + path, json=body, timeout=30)
        response.raise_for_status()
        return response.json()

    ids = control('POST', '/_emulator/containers', [
        {'object': 'container', 'name': 'job %d' % n, 'status': 'running', 'memory_limit': '1g', 'created_at': now - 7200,
         'last_active_at': now - 600, 'expires_after': {'anchor': 'last_active_at', 'minutes': 20}} for n in range(26)])['ids']
    state = {'good': ids[:23], 'hostile': ids[23], 'lie': ids[24], 'error': ids[25], 'files': {}}
    for index, container_id in enumerate(ids):
        # 1 to 4 files, in folders, and a name given twice (the second gets its id appended).
        items = [{'path': '/mnt/data/out/%d/part-%d.csv' % (index, n), 'content': 'n,square\n%d,%d\n' % (n, n * n) * (index + 1),
                  'created_at': now - 1000 + n} for n in range(index % 4 + 1)]
        items.append({'path': '/mnt/data/same.txt', 'content': 'first of %d' % index, 'created_at': now - 900})
        items.append({'path': '/mnt/data/same.txt', 'content': 'second of %d' % index, 'created_at': now - 800})
        control('POST', '/_emulator/containers/%s/files' % container_id, items)
        state['files'][container_id] = [item['content'] for item in items]
    control('POST', '/_emulator/faults', [
        {'times': None, 'action': {'type': 'hostile_paths', 'containers': [state['hostile']]}},
        {'times': None, 'action': {'type': 'content_size_lie', 'delta': 7, 'containers': [state['lie']]}},
        {'times': None, 'action': {'type': 'content_error', 'status': 500, 'containers': [state['error']]}}])
    print(json.dumps(state))


def check(state_path, dest, hostile=False):
    with open(state_path) as handle:
        state = json.load(handle)
    real_dest = os.path.realpath(dest)
    for folder, dummy, names in os.walk(dest):
        for name in names:
            path = os.path.join(folder, name)
            assert os.path.realpath(path).startswith(real_dest + os.sep), path
            assert not name.endswith('.part'), 'a partial file was left: %s' % path
    for container_id in state['good'] + ([state['hostile']] if hostile else []):
        folder = os.path.join(dest, container_id)
        with open(os.path.join(folder, MANIFEST)) as handle:
            manifest = json.load(handle)
        on_disk = sorted(os.path.relpath(os.path.join(root, name), folder) for root, dummy, names in os.walk(folder) for name in names)
        assert on_disk == sorted([MANIFEST] + [entry['local_path'] for entry in manifest['files']]), on_disk
        contents = []
        for entry in manifest['files']:
            with open(os.path.join(folder, entry['local_path']), 'rb') as handle:
                data = handle.read()
            assert entry['sha256'] == hashlib.sha256(data).hexdigest() and entry['bytes'] == len(data), entry
            assert entry['id'].startswith('cfile_')
            contents.append(data.decode('utf-8'))
        assert sorted(contents) == sorted(state['files'][container_id]), container_id
        if not hostile:
            assert 'same.txt' in on_disk and any(name.startswith('same~cfile_') for name in on_disk), on_disk
    if hostile:
        for failed in (state['lie'], state['error']):
            folder = os.path.join(dest, failed)
            assert not os.path.exists(folder) or os.listdir(folder) in ([], ['out']), os.listdir(folder)
            for root, dummy, names in os.walk(folder):
                assert names == [], (root, names)
    print('checked %s' % dest)


if __name__ == '__main__':
    if sys.argv[1] == 'setup':
        setup(sys.argv[2], int(sys.argv[3]))
    else:
        check(sys.argv[2], sys.argv[3], len(sys.argv) > 4)
