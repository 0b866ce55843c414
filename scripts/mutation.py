# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Mutation testing on demand (not part of `make test`), the nox session `mutation`:

    python3 scripts/harness.py session mutation                the guarantees (paging, retry, redaction)
    python3 scripts/harness.py session mutation -- --all       every line of plugins/module_utils, plugins/plugin_utils and plugins/filter
    python3 scripts/harness.py session mutation -- FILE...     these files (paths as in the repository)

cosmic-ray changes the code one operator, constant or condition at a time and runs the unit tests
that cover the file (the map below: every unit test for each of ~1,000 mutants would take hours
on 2 cores); a mutant the tests still pass is a survivor. The session runs this script with the
venv's Python in a copy of the work tree (never the repository): `mutation.py COPY WORK [ARG...]`.
Reports in WORK/reports/ (survivors with their diff), one summary line per file. Exits non-zero
when a guarantee has a survivor. See docs/docsite/rst/contributing/mutation_testing.rst.
"""

import ast
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

UNITS = 'tests/unit/plugins'
# The guarantees that must have no survivor: FILE -> the functions (or Class.method) that hold
# them and the unit tests that cover them. Only these functions are mutated by default.
GUARANTEES = {
    'plugins/module_utils/_text.py': (['redact', 'error_text'], [
        f'{UNITS}/module_utils/test_text.py', f'{UNITS}/plugin_utils/test_error_text.py', f'{UNITS}/module_utils/_api/test_api_client.py',
        f'{UNITS}/modules', f'{UNITS}/plugin_utils/test_plugin_front.py', 'tests/unit/extensions']),
    'plugins/module_utils/_api/client.py': (['ApiClient._error'], [
        f'{UNITS}/module_utils/_api/test_secrets_in_errors.py', f'{UNITS}/module_utils/_api/test_api_client.py']),
    'plugins/module_utils/_module.py': (['OpenAIModule.fail_from'], [f'{UNITS}/modules']),
    'plugins/module_utils/_api/retry.py': (['_header', 'parse_retry_after', 'RetryPolicy'], [
        f'{UNITS}/module_utils/_api/test_retry.py', f'{UNITS}/module_utils/_api/test_api_client.py']),
    'plugins/module_utils/_containers.py': (['list_containers', '_page_items'], [
        f'{UNITS}/module_utils/test_containers.py']),
    'plugins/module_utils/_listing_walks.py': (['next_cursor'], [
        f'{UNITS}/module_utils/test_listing_walks.py', f'{UNITS}/module_utils/test_containers.py']),
}
# The unit tests of other files (by path prefix; the first match wins, else every unit test).
OTHER_TESTS = {
    'plugins/filter/': [f'{UNITS}/filter', f'{UNITS}/module_utils/test_container_time.py'],
    'plugins/module_utils/_container_time.py': [f'{UNITS}/module_utils/test_container_time.py', f'{UNITS}/filter'],
    'plugins/module_utils/_schema.py': [f'{UNITS}/module_utils/test_schema.py', f'{UNITS}/module_utils/test_containers.py'],
    'plugins/plugin_utils/_hosts.py': [f'{UNITS}/inventory', f'{UNITS}/plugin_utils/test_hosts.py'],
    'plugins/plugin_utils/_plugin_front.py': [f'{UNITS}/inventory', f'{UNITS}/plugin_utils/test_plugin_front.py', 'tests/unit/extensions'],
    'plugins/plugin_utils/_projects.py': [f'{UNITS}/inventory', f'{UNITS}/module_utils/test_listings_on_any_server.py', 'tests/unit/extensions'],
    'plugins/plugin_utils/_container_events.py': [f'{UNITS}/plugin_utils/test_container_events.py', 'tests/unit/extensions'],
    'plugins/plugin_utils/_container_cost.py': [f'{UNITS}/plugin_utils/test_container_cost.py', f'{UNITS}/filter'],
}
# Equivalent mutants: changes that cannot alter behaviour, so no test can kill them; reported apart,
# not counted as survivors: (operator, text of the line).
EQUIVALENT = [
    # The count grows by one and is checked after each container, from 0 to max_results >= 1:
    # `>=` and `==` stop at the same container.
    ('core/ReplaceComparisonOperator_GtE_Eq', 'len(listing.containers) >= options.max_results'),
]


def line_ranges(path, names):
    """The cosmic-ray line-filter ranges ("12-40") of these functions, classes or Class.method."""
    found = {}

    def visit(body, prefix=''):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                found[prefix + node.name] = f'{node.lineno}-{node.end_lineno}'
                if isinstance(node, ast.ClassDef):
                    visit(node.body, prefix + node.name + '.')

    visit(ast.parse(path.read_text(encoding='utf-8')).body)
    missing = [name for name in names if name not in found]
    if missing:
        sys.exit(f'{path} has no {", ".join(missing)}: update GUARANTEES in scripts/mutation.py')
    return [found[name] for name in names]


def tests_for(file):
    if file in GUARANTEES:
        return GUARANTEES[file][1]
    return next((tests for prefix, tests in OTHER_TESTS.items() if file.startswith(prefix)), [UNITS])


def count(session, source):
    """(mutants run, survivors, equivalent survivors) of a cosmic-ray session."""
    lines = source.read_text(encoding='utf-8').splitlines()
    db = sqlite3.connect(session)
    items = db.execute('select count(*) from work_items').fetchone()[0]
    skipped = db.execute("select count(*) from work_results where upper(worker_outcome) = 'SKIPPED'").fetchone()[0]
    survivors = db.execute('select s.operator_name, s.start_pos_row from work_results r join mutation_specs s'
                           " on s.job_id = r.job_id where upper(r.test_outcome) = 'SURVIVED'").fetchall()
    known = sum(1 for operator, row in survivors
                if any(operator == kind and text in lines[row - 1] for kind, text in EQUIVALENT))
    db.close()
    return items - skipped, len(survivors) - known, known


def mutate(root, work, file, names):
    """Init and run a cosmic-ray session for FILE (only the code of NAMES when given); True when
    no mutant survived."""
    bin_dir = Path(sys.executable).parent
    name = file[:-3].replace('/', '_')
    sessions, reports = work / 'sessions', work / 'reports'
    sessions.mkdir(parents=True, exist_ok=True)
    reports.mkdir(parents=True, exist_ok=True)
    config, session = sessions / f'{name}.toml', sessions / f'{name}.sqlite'
    line_filter = ''
    if names:
        ranges = ', '.join(f'"{r}"' for r in line_ranges(root / file, names))
        line_filter = f'\n[cosmic-ray.filters.line-filter]\nlines = {{ "{file}" = [{ranges}] }}\n'
    # -x: the first failing test kills the mutant; -p no:cacheprovider: nothing written.
    pytest = (f'{sys.executable} -m pytest -x -q -p no:cacheprovider'
              f' -p ansible_test._util.target.pytest.plugins.ansible_pytest_collections {" ".join(tests_for(file))}')
    config.write_text(f'''[cosmic-ray]
module-path = "{file}"
timeout = 60.0
excluded-modules = []
test-command = "{pytest}"

[cosmic-ray.distributor]
name = "local"
{line_filter}''', encoding='utf-8')
    session.unlink(missing_ok=True)
    collections = root.parents[2]
    env = dict(os.environ, PYTHONPATH=str(collections), ANSIBLE_COLLECTIONS_PATH=str(collections),
               PYTHONDONTWRITEBYTECODE='1', ANSIBLE_CONTROLLER_MIN_PYTHON_VERSION='3.11')
    steps = [[bin_dir / 'cosmic-ray', 'init', config, session],
             # Lines marked `# pragma: no mutate` are skipped (none is, today: every survivor is listed).
             [bin_dir / 'cr-filter-pragma', session],
             *([[bin_dir / 'cr-filter-lines', '--config', config, session]] if names else []),
             [bin_dir / 'cosmic-ray', 'baseline', config],
             [bin_dir / 'cosmic-ray', 'exec', config, session]]
    with open(reports / f'{name}.log', 'w', encoding='utf-8') as output:
        for step in steps:
            if subprocess.run(step, cwd=root, env=env, stdout=output, stderr=subprocess.STDOUT, check=False).returncode:
                what = 'the unit tests fail without any mutation' if 'baseline' in step else 'cosmic-ray failed'
                print(f'{file}: {what} (log: {reports / name}.log)')
                return False
    report = reports / f'{name}.txt'
    with open(report, 'w', encoding='utf-8') as output:
        subprocess.run([bin_dir / 'cr-report', '--show-diff', '--surviving-only', session], stdout=output, check=True)
    total, survived, equivalent = count(session, root / file)
    score = 100 * (total - equivalent - survived) / (total - equivalent) if total - equivalent else 100
    print(f'{file:<42} {total:4d} mutants, {survived:3d} survived, score {score:5.1f} %'
          f'{f", {equivalent} equivalent" if equivalent else ""}  ({report})', flush=True)
    return survived == 0


def main(root, work, args):
    root, work = Path(root), Path(work)
    if args == ['--all']:
        files = {str(path.relative_to(root)): [] for pattern in ('plugins/module_utils/*.py', 'plugins/plugin_utils/*.py', 'plugins/filter/*.py')
                 for path in sorted(root.glob(pattern))}
    else:
        files = {file: GUARANTEES.get(file, ([], []))[0] for file in args} or {
            file: spec[0] for file, spec in GUARANTEES.items()}
    missing = [file for file in files if not (root / file).is_file()]
    if missing:
        sys.exit(f'no file {" ".join(missing)} in the repository')
    results = {file: mutate(root, work, file, names) for file, names in files.items()}
    print(f'reports in {work / "reports"}')
    return 1 if any(not ok for file, ok in results.items() if file in GUARANTEES) else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
