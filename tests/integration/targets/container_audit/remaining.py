# Assert the emulator holds exactly the expected ids: all ids of EXPECTED minus the stale ones,
# plus KEEP (ids whose deletion was refused). LISTING_JSON is a fresh ../setup_emulator/list_all.py listing.
#   remaining.py LISTING_JSON EXPECTED [KEEP...]
import json
import sys

listing_path, expected_path = sys.argv[1:3]
keep = set(sys.argv[3:])
with open(listing_path) as handle:
    ids = [container['id'] for container in json.load(handle)]
with open(expected_path) as handle:
    expected = json.load(handle)
want = (set(expected['ids']) - set(expected['reasons'])) | keep
assert len(ids) == len(set(ids)), 'an id listed twice'
assert set(ids) == want, ('missing', sorted(want - set(ids)), 'unexpected', sorted(set(ids) - want))
print('the emulator holds the %d expected containers' % len(ids))
