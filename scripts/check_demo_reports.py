# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The report checker of the tarball-demo step (noxfile.py):

    python scripts/check_demo_reports.py FOLDER COUNT

The demo's reports in FOLDER (container-audit.json, .md, .html) hold the emulator's COUNT
containers, say the same in each form, and nothing was deleted. Exits non-zero naming each problem."""

import json
import re
import sys
from pathlib import Path


def check_demo_reports(folder, count):
    """The demo's reports hold the emulator's COUNT containers, say the same in each form, and
    nothing was deleted; returns the problems."""
    def read(name):
        path = folder / name
        if not path.is_file():
            raise FileNotFoundError(f'the demo wrote no container-audit/{name}')
        return path.read_text(encoding='utf-8')
    report = json.loads(read('container-audit.json'))
    summary, ids = report['summary'], [container['id'] for container in report['containers']]
    problems = []
    if summary['total'] != count or len(ids) != count or len(set(ids)) != count:
        problems.append(f'the JSON report has {summary["total"]} containers ({len(ids)} listed, {len(set(ids))} '
                        f'distinct), not {count}')
    stale = summary['stale']
    if not 0 < stale < count or len(report['stale']) != stale or report['stale_remaining'] != stale:
        problems.append(f'the JSON report\'s stale count {stale!r} does not match its stale list '
                        f'({len(report["stale"])}) and stale_remaining ({report["stale_remaining"]!r})')
    if report['deletion']['requested'] or report['deletion']['deleted']:
        problems.append(f'the demo deleted containers: {report["deletion"]!r}')
    if not re.search(rf'^\| {count} \| \d+ \| \d+ \| {stale} \| {stale} \|$', read('container-audit.md'), re.M):
        problems.append(f'the Markdown report\'s summary row does not say {count} containers, {stale} stale')
    html = read('container-audit.html')
    if f'<div class="n" id="total">{count}</div>' not in html or f'<div class="n" id="stale">{stale}</div>' not in html:
        problems.append(f'the HTML report\'s cards do not say {count} containers, {stale} stale')
    if not html.rstrip().endswith('</html>'):
        problems.append('the HTML report is cut short')
    if not problems:
        print(f'reports agree: {count} containers, {stale} stale, nothing deleted')
    return problems


def main(argv):
    if len(argv) != 2 or not argv[1].isdigit():
        sys.exit('usage: check_demo_reports.py FOLDER COUNT')
    try:
        problems = check_demo_reports(Path(argv[0]), int(argv[1]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        problems = [f'unreadable report: {exc}']
    for problem in problems:
        print(f'FAIL: {problem}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
