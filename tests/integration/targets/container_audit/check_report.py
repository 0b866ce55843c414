# Compare the role's JSON report with the oracle's expectations, and check what deletion did.
#   check_report.py REPORT EXPECTED MODE [FAILED_ID]
#   MODE: report (nothing deleted), check (deletion in check mode), delete (real deletion;
#   FAILED_ID is the container whose deletion the emulator was told to refuse)
import json
import sys

report_path, expected_path, mode = sys.argv[1:4]
failed_id = sys.argv[4] if len(sys.argv) > 4 else None
with open(report_path) as handle:
    report = json.load(handle)
with open(expected_path) as handle:
    expected = json.load(handle)

summary = report['summary']
assert summary['total'] == expected['total'], (summary['total'], expected['total'])
assert summary['stale'] == expected['stale'], (summary['stale'], expected['stale'])
assert summary['stale_by_reason'] == expected['stale_by_reason'], (summary['stale_by_reason'], expected['stale_by_reason'])
assert summary['by_memory_limit'] == expected['by_memory_limit'], (summary['by_memory_limit'], expected['by_memory_limit'])
assert {k: v for k, v in summary['by_state'].items() if v} == expected['by_state'], (summary['by_state'], expected['by_state'])
assert [c['id'] for c in report['containers']] == expected['ids'], 'every container, in the API order'
assert {c['id']: c['reasons'] for c in report['stale']} == expected['reasons'], 'stale containers and their reasons'
assert {c['id']: c['reasons'] for c in report['containers'] if c['stale']} == expected['reasons']
assert sum(row['total'] for row in report['by_idle_time']) == expected['total']
assert sum(row['stale'] for row in report['by_idle_time']) == expected['stale']
assert sum(row['total'] for row in report['by_memory_tier']) == expected['total']
assert sum(row['stale'] for row in report['by_memory_tier']) == expected['stale']

# The cost view: the oracle's totals, and the report's own numbers agree with each other.
cost = report['cost']


def close(a, b):
    return abs(a - b) < 1e-6


assert close(cost['total'], expected['cost_total']), (cost['total'], expected['cost_total'])
assert close(cost['stale'], expected['cost_stale']), (cost['stale'], expected['cost_stale'])
assert cost['stale_containers'] == expected['stale']
assert close(cost['stale_share'], expected['cost_stale'] / expected['cost_total'])
tier_costs = {row['memory_limit'] or 'unknown': row['cost'] for row in cost['by_memory_tier'] if row['cost']}
assert sorted(tier_costs) == sorted(tier for tier, value in expected['cost_by_tier'].items() if value), tier_costs
assert all(close(tier_costs[tier], expected['cost_by_tier'][tier]) for tier in tier_costs), tier_costs
assert close(sum(row['cost'] for row in cost['by_memory_tier']), cost['total'])
assert close(sum(row['cost'] for row in cost['by_name']) + cost['other_names']['cost'], cost['total'])
assert sum(row['containers'] for row in cost['by_name']) + cost['other_names']['containers'] == expected['total']
assert 'check the current ones' in cost['method']
# A container without a tier (or otherwise unpriceable) is cost unknown: counted, listed, never a silent zero.
assert cost['cost_unknown_count'] == cost['unpriced'] == len(cost['cost_unknown']) == expected['cost_unknown'], cost['cost_unknown']
assert cost['unknown_tier_count'] == expected['unknown_tier'], (cost['unknown_tier_count'], expected['unknown_tier'])
assert (cost['note'] is None) == (expected['cost_unknown'] == 0), cost['note']

stale_ids = sorted(expected['reasons'])
deletion = report['deletion']
if mode == 'report':
    assert not deletion['requested'] and not deletion['deleted'] and not deletion['would_delete']
    assert report['stale_remaining'] == expected['stale']
elif mode == 'check':
    assert report['check_mode'] and deletion['requested']
    assert sorted(deletion['would_delete']) == stale_ids and deletion['deleted'] == []
    assert report['stale_remaining'] == expected['stale']
elif mode == 'delete':
    assert not report['check_mode'] and deletion['requested']
    assert sorted(deletion['deleted'] + list(deletion['failed'])) == stale_ids
    assert list(deletion['failed']) == ([failed_id] if failed_id else []), deletion['failed']
    assert report['stale_remaining'] == (1 if failed_id else 0)
    outcomes = {c['id']: c['deletion'] for c in report['stale']}
    assert all(outcome == ('deletion failed' if cid == failed_id else 'deleted') for cid, outcome in outcomes.items()), outcomes
print('%s report matches the oracle: %d containers, %d stale %s' % (mode, expected['total'], expected['stale'], expected['stale_by_reason']))
