# The expected audit, computed independently of the collection: a straightforward restatement of
# the documented staleness rules (not the filters' code) over the raw API listing, as fetched by
# ../setup_emulator/list_all.py (a plain paging loop, not the collection's client).
#   oracle.py LISTING_JSON NOW IDLE_THRESHOLD_MINUTES MAX_AGE_DAYS > expected.json
import json
import sys

listing, now, idle_minutes, max_age_days = sys.argv[1:5]
now, idle_minutes, max_age_days = int(now), float(idle_minutes), float(max_age_days)
with open(listing) as handle:
    containers = json.load(handle)

expected = {'ids': [], 'reasons': {}, 'by_state': {}, 'by_memory_limit': {}, 'stale_by_reason': {'idle': 0, 'past_expiry': 0, 'too_old': 0}}
for container in containers:
    status = str(container.get('status') or '').lower()
    state = {'running': 'active', 'active': 'active', 'expired': 'expired', 'deleted': 'deleted'}.get(status, 'unknown')
    expected['by_state'][state] = expected['by_state'].get(state, 0) + 1
    tier = container.get('memory_limit') or 'unknown'
    expected['by_memory_limit'][tier] = expected['by_memory_limit'].get(tier, 0) + 1
    expected['ids'].append(container['id'])
    if state != 'active':
        continue
    reasons = []
    last_active = container.get('last_active_at')
    if last_active is not None and now - last_active > idle_minutes * 60:
        reasons.append('idle')
    expires_after = container.get('expires_after') or {}
    if last_active is not None and expires_after.get('minutes') is not None \
            and expires_after.get('anchor', 'last_active_at') in (None, 'last_active_at') \
            and now > last_active + expires_after['minutes'] * 60:
        reasons.append('past_expiry')
    if now - container['created_at'] > max_age_days * 86400:
        reasons.append('too_old')
    if reasons:
        expected['reasons'][container['id']] = reasons
        for reason in reasons:
            expected['stale_by_reason'][reason] += 1
expected['total'] = len(containers)
expected['stale'] = len(expected['reasons'])
json.dump(expected, sys.stdout, indent=1)
