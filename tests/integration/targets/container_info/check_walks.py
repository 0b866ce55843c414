# Checks a listing made while the emulator changed its data between pages (mutate fault):
#   python check_walks.py ORDER < {"before": [...], "after": [...], "result": [...]}
# before and after: every container before and after the listing (independent plain listings);
# result: what container_info returned. Read from stdin (one command task, no files to copy first).
# Prints what it checked; exits 1 if a rule is broken.
import json
import sys


def main(order):
    lists = json.load(sys.stdin)
    before, after, result = lists['before'], lists['after'], lists['result']
    before_ids, after_ids = set(c['id'] for c in before), set(c['id'] for c in after)
    got = [c['id'] for c in result]
    lasting = before_ids & after_ids
    created = after_ids - before_ids
    deleted = before_ids - after_ids
    failures = []
    if len(got) != len(set(got)):
        failures.append('a container was returned twice')
    if not lasting <= set(got):
        failures.append('containers that existed for the whole listing are missing: %s' % sorted(lasting - set(got))[:5])
    if set(got) & created:
        failures.append('containers created during the listing were returned: %s' % sorted(set(got) & created)[:5])
    if not set(got) <= before_ids | after_ids:
        failures.append('containers that never existed were returned')
    keys = [(c['created_at'], c['id']) for c in result]
    if keys != sorted(keys, reverse=order == 'desc'):
        failures.append('the order is not monotonic in created_at (%s)' % order)
    if not created and not deleted:
        failures.append('the data did not change during the listing: the test proves nothing')
    print(json.dumps({'returned': len(got), 'lasting': len(lasting), 'created': len(created), 'deleted': len(deleted),
                      'deleted_but_returned': len(deleted & set(got)), 'failures': failures}))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
