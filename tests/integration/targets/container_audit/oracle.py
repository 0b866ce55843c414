# The expected audit, computed independently of the collection: a straightforward restatement of
# the documented staleness rules (not the filters' code) over the raw API listing, as fetched by
# ../setup_emulator/list_all.py (a plain paging loop, not the collection's client).
# The expected cost restates the documented billing model the same way (list prices, 20-minute
# blocks before PER_MINUTE_SINCE, per minute with a 5-minute minimum from then on).
#   oracle.py LISTING_JSON NOW IDLE_THRESHOLD_MINUTES MAX_AGE_DAYS [PER_MINUTE_SINCE_EPOCH] > expected.json
import json
import math
import sys

listing, now, idle_minutes, max_age_days = sys.argv[1:5]
now, idle_minutes, max_age_days = int(now), float(idle_minutes), float(max_age_days)
per_minute_since = int(sys.argv[5]) if len(sys.argv) > 5 else 1780358400  # 2026-06-02T00:00:00Z
RATES = {'1g': 0.03, '4g': 0.12, '16g': 0.48, '64g': 1.92}
with open(listing) as handle:
    containers = json.load(handle)

expected = {'ids': [], 'reasons': {}, 'by_state': {}, 'by_memory_limit': {}, 'stale_by_reason': {'idle': 0, 'past_expiry': 0, 'too_old': 0}}
expected.update(cost_total=0.0, cost_stale=0.0, cost_by_tier={}, cost_unknown=0, unknown_tier=0)


def container_cost(container, state):
    minutes_after = (container.get('expires_after') or {}).get('minutes')
    last_active = container.get('last_active_at')
    if minutes_after is not None and last_active is not None:
        end = min(now, last_active + minutes_after * 60)
    elif state == 'active':
        end = now
    else:
        return None
    rate = RATES.get(container.get('memory_limit'))
    if rate is None or container.get('created_at') is None:
        return None
    alive_minutes = max(0, end - container['created_at']) / 60
    if container['created_at'] >= per_minute_since:
        billed = max(math.ceil(alive_minutes), 5)
    else:
        billed = max(math.ceil(alive_minutes / 20), 1) * 20
    return rate * billed / 20


for container in containers:
    status = str(container.get('status') or '').lower()
    state = {'running': 'active', 'active': 'active', 'expired': 'expired', 'deleted': 'deleted'}.get(status, 'unknown')
    expected['by_state'][state] = expected['by_state'].get(state, 0) + 1
    tier = container.get('memory_limit') or 'unknown'
    expected['by_memory_limit'][tier] = expected['by_memory_limit'].get(tier, 0) + 1
    expected['ids'].append(container['id'])
    cost = container_cost(container, state)
    reasons = []
    last_active = container.get('last_active_at')
    expires_after = container.get('expires_after') or {}
    if state == 'active':
        if last_active is not None and now - last_active > idle_minutes * 60:
            reasons.append('idle')
        if last_active is not None and expires_after.get('minutes') is not None \
                and expires_after.get('anchor', 'last_active_at') in (None, 'last_active_at') \
                and now > last_active + expires_after['minutes'] * 60:
            reasons.append('past_expiry')
        if now - container['created_at'] > max_age_days * 86400:
            reasons.append('too_old')
    if cost is None:
        expected['cost_unknown'] += 1
        expected['unknown_tier'] += container.get('memory_limit') not in RATES
    else:
        expected['cost_total'] += cost
        expected['cost_by_tier'][tier] = expected['cost_by_tier'].get(tier, 0) + cost
        if reasons:
            expected['cost_stale'] += cost
    if reasons:
        expected['reasons'][container['id']] = reasons
        for reason in reasons:
            expected['stale_by_reason'][reason] += 1
expected['total'] = len(containers)
expected['stale'] = len(expected['reasons'])
json.dump(expected, sys.stdout, indent=1)
