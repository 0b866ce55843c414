# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Proves the runner of `make test` (scripts/harness.py), the `harness` step: runs it, as `make test`
does (the sessions tagged test, two at a time), on fake steps (sessions of a noxfile written here)
and checks that a step fails at its first failing command (a command in its middle, one in a
helper, an exception, session.error), that the run goes on after a failure, that a skipped step is
SKIP, that each line names its log and each log holds its own session's output, that the end of a
failed step's log is shown, that two steps ran at the same time, that the SUMMARY counts are right,
that the exit status is non-zero, that a step's arguments reach it that an untagged (on-demand)
step runs only when named, that the tarball's key follows names and contents, and which unit tests
the fast loop picks. Exits non-zero when the runner is broken."""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

FAKE_NOXFILE = '''
import os
import sys
import time
import nox

nox.options.allow_parallel = True
TEST = ['test']


def overlap(name, other):
    """Says it started, then waits (10 s at most) for OTHER to say so: both see each other only
    when they run at the same time."""
    folder = os.environ['HARNESS_TEST_TIMES']
    open(os.path.join(folder, name), 'w').close()
    deadline = time.time() + 10
    while not os.path.exists(os.path.join(folder, other)) and time.time() < deadline:
        time.sleep(0.05)
    if os.path.exists(os.path.join(folder, other)):
        open(os.path.join(folder, name + '.saw.' + other), 'w').close()


def helper(session):
    session.run(sys.executable, '-c', 'raise SystemExit(3)', external=True)
    print('REACHED after the failing command in the helper')


@nox.session(venv_backend='none', tags=TEST)
def passes(session):
    overlap('passes', 'echo-args')
    print('fine')


@nox.session(name='echo-args', venv_backend='none', tags=TEST)
def echo_args(session):
    overlap('echo-args', 'passes')
    print('args: %r' % (session.posargs,))


@nox.session(name='fails-in-the-middle', venv_backend='none', tags=TEST)
def fails_in_the_middle(session):
    session.run('false', external=True)
    print('REACHED after the failing command')


@nox.session(name='fails-in-a-helper', venv_backend='none', tags=TEST)
def fails_in_a_helper(session):
    helper(session)
    print('REACHED after the failing helper')


@nox.session(venv_backend='none', tags=TEST)
def raises(session):
    raise RuntimeError('this step is gone')


@nox.session(venv_backend='none', tags=TEST)
def errors(session):
    session.error('this step says why it failed')
    print('REACHED after session.error')


@nox.session(venv_backend='none', tags=TEST)
def skips(session):
    session.skip('nothing to run here')


@nox.session(name='on-demand', venv_backend='none')
def on_demand(session):
    print('on-demand ran')
'''
STEPS = ['passes', 'fails-in-the-middle', 'fails-in-a-helper', 'raises', 'errors', 'skips', 'echo-args']
FAILING = ['fails-in-the-middle', 'fails-in-a-helper', 'raises', 'errors']


def times_overlap(folder):
    """Whether the two waiting sessions saw each other run."""
    return (folder / 'passes.saw.echo-args').is_file() and (folder / 'echo-args.saw.passes').is_file()


NOXFILE_CHECKS = '''
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import noxfile
tree, problems = Path(sys.argv[2]), []
(tree / 'a').mkdir()
(tree / 'a' / 'one.py').write_text('1')
first = noxfile.tree_digest(tree)
if noxfile.tree_digest(tree) != first:
    problems.append('the tarball key of the same tree changes')
(tree / 'a' / 'one.py').write_text('2')
if noxfile.tree_digest(tree) == first:
    problems.append('the tarball key does not change with a file content')
(tree / 'a' / 'one.py').write_text('1')
(tree / 'a' / 'one.py').rename(tree / 'a' / 'two.py')
if noxfile.tree_digest(tree) == first:
    problems.append('the tarball key does not change with a file name')
module = noxfile.unit_tests_of(['plugins/modules/container_prune.py'])
if 'tests/unit/plugins/modules/test_container_prune.py' not in module or 'tests/unit/plugins/module_utils/test_retry.py' in module:
    problems.append('the fast loop does not pick the unit tests of a changed module (and only those): %r' % module)
helper = noxfile.unit_tests_of(['tests/unit/plugins/modules/module_runner.py'])
if len(helper) < 20:
    problems.append('a changed test helper does not select every unit test')
if noxfile.unit_tests_of(['README.md']):
    problems.append('a changed README selects unit tests')
print('\\n'.join(problems))
'''


def noxfile_problems():
    """The tarball's key (noxfile.tree_digest) follows names and contents; the fast loop's choice of
    unit tests (noxfile.unit_tests_of)."""
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run([sys.executable, '-c', NOXFILE_CHECKS, str(Path(__file__).resolve().parent.parent), tmp],
                             capture_output=True, text=True, check=False,
                             env=dict(os.environ, LLMOPS_CACHE=str(Path(tmp) / 'cache')))
    if run.returncode:
        return [f'noxfile.py could not be checked: {run.stderr.strip()[-2000:]}']
    return [line for line in run.stdout.splitlines() if line]


def main():
    problems = noxfile_problems()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / 'noxfile.py').write_text(FAKE_NOXFILE, encoding='utf-8')
        (work / 'times').mkdir()
        env = dict(os.environ, HARNESS_NOXFILE=str(work / 'noxfile.py'), HARNESS_ENVDIR=str(work / 'nox'),
                   HARNESS_TEST_TIMES=str(work / 'times'), HARNESS_JOBS='2')
        harness = [sys.executable, str(Path(__file__).with_name('harness.py'))]
        run = subprocess.run(harness, env=env, capture_output=True, text=True, check=False)
        out = run.stdout
        print(out + run.stderr)
        logs = work / 'logs' / 'steps'
        if run.returncode == 0:
            problems.append('the run passed although steps failed')
        if out.splitlines()[-1:] != ['SUMMARY: 2 passed, 4 failed, 1 skipped']:
            problems.append('wrong or missing SUMMARY line')
        for step in FAILING:
            if not re.search(rf'^{step} +FAIL +\d+s  {re.escape(str(logs))}/{step}\.log$', out, re.M):
                problems.append(f'no FAIL line naming the log for {step}')
            if 'REACHED' in (logs / f'{step}.log').read_text(encoding='utf-8'):
                problems.append(f'{step} went on after its failing command')
        if not re.search(r'^skips +SKIP ', out, re.M) or 'nothing to run here' not in out:
            problems.append('no SKIP line (with its reason) for the skipped step')
        if len(re.findall(r'^(passes|echo-args) +PASS ', out, re.M)) != 2:
            problems.append('the steps after a failure did not run or did not pass')
        if 'this step says why it failed' not in out or 'this step is gone' not in out:
            problems.append("the end of a failed step's log is not shown")
        passes_log = (logs / 'passes.log').read_text(encoding='utf-8')
        if 'fine' not in passes_log or 'args:' in passes_log or 'this step is gone' in passes_log:
            problems.append("a step's log does not hold exactly its own output")
        if not times_overlap(work / 'times'):
            problems.append('no two steps ran at the same time')
        if 'on-demand' in out:
            problems.append('an untagged (on-demand) step ran in a bare run')
        named = subprocess.run([*harness, 'echo-args', 'one', '--two', 'on-demand'], env=env, capture_output=True,
                               text=True, check=False)
        print(named.stdout + named.stderr)
        if "args: ['one', '--two']" not in (logs / 'echo-args.log').read_text(encoding='utf-8'):
            problems.append("a step's arguments did not reach it")
        if named.returncode or 'on-demand ran' not in (logs / 'on-demand.log').read_text(encoding='utf-8'):
            problems.append('an on-demand step named on the command line did not run')
        typo = subprocess.run([*harness, 'no-such-step'], env=env, capture_output=True, text=True, check=False)
        if not typo.returncode or 'unknown step' not in typo.stderr:
            problems.append('an unknown step does not fail naming it')
    for problem in problems:
        print('FAIL: ' + problem)
    if problems:
        sys.exit(1)
    print('ok: each step stopped at its first failing command; the run failed, went on, ran two steps at once '
          'and named every log')


if __name__ == '__main__':
    main()
