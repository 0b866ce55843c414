# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Proves the runner of `make test` (scripts/harness.py), the `harness` step: runs it, as `make test`
does, on fake steps (sessions of a noxfile written here) and checks that a step fails at its first
failing command (a command in its middle, one in a helper, an exception, session.error), that the
run goes on after a failure, that a skipped step is SKIP, that each line names its log, that the
end of a failed step's log is shown, that a step's arguments reach it, that the SUMMARY counts are
right, that the exit status is non-zero and that an on-demand step runs only when named. Exits
non-zero when the runner is broken."""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

FAKE_NOXFILE = '''
import sys
import nox


def helper(session):
    session.run(sys.executable, '-c', 'raise SystemExit(3)', external=True)
    print('REACHED after the failing command in the helper')


@nox.session(venv_backend='none')
def passes(session):
    print('fine')


@nox.session(name='fails-in-the-middle', venv_backend='none')
def fails_in_the_middle(session):
    session.run('false', external=True)
    print('REACHED after the failing command')


@nox.session(name='fails-in-a-helper', venv_backend='none')
def fails_in_a_helper(session):
    helper(session)
    print('REACHED after the failing helper')


@nox.session(venv_backend='none')
def raises(session):
    raise RuntimeError('this step is gone')


@nox.session(venv_backend='none')
def errors(session):
    session.error('this step says why it failed')
    print('REACHED after session.error')


@nox.session(venv_backend='none')
def skips(session):
    session.skip('nothing to run here')


@nox.session(name='echo-args', venv_backend='none')
def echo_args(session):
    print('args: %r' % (session.posargs,))
'''
STEPS = ['passes', 'fails-in-the-middle', 'fails-in-a-helper', 'raises', 'errors', 'skips', 'echo-args']
FAILING = ['fails-in-the-middle', 'fails-in-a-helper', 'raises', 'errors']


def on_demand_problems():
    """A step of ON_DEMAND runs when it is named, with its arguments, and never in a bare run."""
    sys.path.insert(0, str(Path(__file__).parent))
    import harness  # pylint: disable=import-outside-toplevel
    steps, on_demand = {'quick': ('quick', []), 'units-2.19': ('core-2.19', ['units'])}, {'slow': ('slow', ['--first'])}
    problems = []
    if harness.select([], steps, on_demand) != [('quick', 'quick', []), ('units-2.19', 'core-2.19', ['units'])]:
        problems.append('a bare run does not run exactly the default steps')
    if harness.select(['slow', '-k', 'quick'], steps, on_demand) != [('slow', 'slow', ['--first', '-k']), ('quick', 'quick', [])]:
        problems.append('an on-demand step named on the command line does not run with its arguments')
    if 'gateway' not in harness.ON_DEMAND or 'gateway' in harness.STEPS:
        problems.append('the gateway step is not on demand')
    return problems


def main():
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / 'noxfile.py').write_text(FAKE_NOXFILE, encoding='utf-8')
        env = dict(os.environ, HARNESS_NOXFILE=str(work / 'noxfile.py'), HARNESS_ENVDIR=str(work / 'nox'),
                   HARNESS_STEPS=json.dumps({step: [step, ['--from-the-table']] for step in STEPS}))
        run = subprocess.run([sys.executable, str(Path(__file__).with_name('harness.py')), *STEPS[:-1],
                              'echo-args', 'one', '--two'], env=env, capture_output=True, text=True, check=False)
        out = run.stdout
        print(out + run.stderr)
        logs = work / 'logs' / 'steps'
        problems = []
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
        if 'fine' not in (logs / 'passes.log').read_text(encoding='utf-8'):
            problems.append("a step's output is not in its log")
        if "args: ['--from-the-table', 'one', '--two']" not in (logs / 'echo-args.log').read_text(encoding='utf-8'):
            problems.append("a step's arguments did not reach it")
    problems += on_demand_problems()
    for problem in problems:
        print('FAIL: ' + problem)
    if problems:
        sys.exit(1)
    print('ok: each step stopped at its first failing command; the run failed, went on, and named every log')


if __name__ == '__main__':
    main()
