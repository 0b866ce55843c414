# Open the HTML report in headless chromium (no network, a fresh profile), then check the DOM it
# rendered: both charts are SVG with one bar group per row, the stale counts add up, and no
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
charts = re.findall(r'<svg id="(chart-[a-z]+)"[^>]*>(.*?)</svg>', dom, re.S)
assert [name for name, body in charts] == ['chart-idle', 'chart-tier'], [name for name, body in charts]
for name, body in charts:
    rows = re.findall(r'<g class="row" data-label="[^"]*" data-total="(\d+)" data-stale="(\d+)">', body)
    assert rows, name
    assert sum(int(total) for total, stale in rows) == expected['total'], name
    assert sum(int(stale) for total, stale in rows) == expected['stale'], name
    assert body.count('<rect class="bar stale"') == len(rows), name
assert '<script' not in dom, 'a script element in the rendered report'
assert dom.count('<tr class="stale">') >= expected['stale']
chromium('--hide-scrollbars', '--window-size=1400,1100', '--screenshot=' + screenshot)
with open(screenshot, 'rb') as handle:
    assert handle.read(8) == b'\x89PNG\r\n\x1a\n', 'no PNG screenshot'
print('chromium rendered both charts (%d containers, %d stale) and took %s' % (expected['total'], expected['stale'], screenshot))
