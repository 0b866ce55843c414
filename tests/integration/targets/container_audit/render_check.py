# Open the HTML report in headless chromium (no network, a fresh profile), then check the DOM it
# rendered: the four charts are SVG with one bar group per row, the counts and the estimated costs
# add up to the oracle's, and no
# script element came from the data. Also takes a screenshot.
#   render_check.py REPORT_HTML EXPECTED_JSON SCREENSHOT_PNG
import json
import re
import subprocess
import sys
import tempfile

report, expected_path, screenshot = sys.argv[1:4]
with open(expected_path) as handle:
    expected = json.load(handle)


def chromium(*args):
    with tempfile.TemporaryDirectory() as profile:
        command = ['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                   '--disable-background-networking', '--disable-component-update', '--disable-sync',
                   '--user-data-dir=' + profile] + list(args) + ['file://' + report]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120).stdout


dom = chromium('--dump-dom')
charts = re.findall(r'<svg id="(chart-[a-z-]+)"[^>]*>(.*?)</svg>', dom, re.S)
assert [name for name, body in charts] == ['chart-idle', 'chart-tier', 'chart-cost-tier', 'chart-cost-name'], \
    [name for name, body in charts]
for name, body in charts:
    rows = re.findall(r'<g class="row" data-label="[^"]*" data-total="([0-9.e-]+)" data-stale="([0-9.e-]+)">', body)
    assert rows, name
    assert body.count('<rect class="bar stale"') == len(rows), name
    if name.startswith('chart-cost'):
        assert abs(sum(float(total) for total, stale in rows) - expected['cost_total']) < 1e-4, name
        assert abs(sum(float(stale) for total, stale in rows) - expected['cost_stale']) < 1e-4, name
    else:
        assert sum(int(total) for total, stale in rows) == expected['total'], name
        assert sum(int(stale) for total, stale in rows) == expected['stale'], name
assert 'check the current ones' in dom
assert '<script' not in dom, 'a script element in the rendered report'
assert dom.count('<tr class="stale">') >= expected['stale']
chromium('--hide-scrollbars', '--window-size=1400,1100', '--screenshot=' + screenshot)
with open(screenshot, 'rb') as handle:
    assert handle.read(8) == b'\x89PNG\r\n\x1a\n', 'no PNG screenshot'
print('chromium rendered the four charts (%d containers, %d stale) and took %s' % (expected['total'], expected['stale'], screenshot))
