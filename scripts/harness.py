# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""`make test`: every test of the collection, as steps that are nox sessions of noxfile.py.

    python3 scripts/harness.py                       every step
    python3 scripts/harness.py STEP [ARG...] ...     these steps; ARGs go to the step before them
    python3 scripts/harness.py sanity | 2.19 | ...   a group of steps (a step name's part)
    python3 scripts/harness.py -v STEP ...           each step's output also shown as it runs
    python3 scripts/harness.py session NAME [-- ARG...]   one nox session, its output as it runs

One line per step (name, PASS/FAIL/SKIP, seconds, the file with the step's whole output; a failed
step also shows the end of it), then `SUMMARY: N passed, N failed[, N skipped]`; the exit status
is non-zero if a step failed. A step fails at its first failing command: a session stops at the
first command that fails (proved by the `harness` step, scripts/harness_test.py).
Examples: units-2.19 tests/unit/plugins/modules/    integration-2.19 container_info
          sanity-2.19 --test validate-modules       release checks: changelog docsite ee ...

Only the standard library here: nox and antsibull-nox (versions in scripts/constraints.txt) are
installed in $LLMOPS_CACHE/nox-runner, the sessions' venvs in $LLMOPS_CACHE/nox (outside the
tree, which sanity and ansible-lint scan), logs in $LLMOPS_CACHE/logs/steps/STEP.log.
"""

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get('LLMOPS_CACHE') or Path.home() / '.cache' / 'llmops-openai')
CONSTRAINTS = ROOT / 'scripts' / 'constraints.txt'

# step -> (nox session, its first arguments), in the order `make test` runs them.
STEPS = {
    'harness': ('harness', []),
    **{f'{kind}-{line}': (f'core-{line}', [kind])
       for line, kinds in (('2.19', 'sanity units integration'), ('2.21', 'sanity units integration'),
                           ('2.17', 'units integration'))
       for kind in kinds.split()},
    'compat': ('core-2.19', ['compat']),    # sanity compile + import on Python 3.9, 3.10, 3.13
    'galaxy': ('core-2.19', ['galaxy']),    # build, install into an empty path, list the modules
    'doc': ('core-2.19', ['doc']),          # ansible-doc renders every plugin without a warning
    'eda': ('eda', []),
    'changelog': ('release', ['changelog']),
    'docs-check': ('docs-check', []),       # antsibull-docs lint-collection-docs
    'docsite': ('release', ['docsite']),
    'ee': ('release', ['ee']),
    'build-import-check': ('build-import-check', []),  # ansible-galaxy build + galaxy-importer
    'ansible-lint': ('ansible-lint', []),
    'extra-checks': ('extra-checks', []),   # action groups, no unwanted files, characters
    'tarball-demo': ('release', ['tarball-demo']),
}
# Steps run only when named (`harness.py gateway`), not by a bare `make test`: the first run installs
# the LiteLLM proxy (about 300 MB) in a venv of its own.
ON_DEMAND = {
    'gateway': ('gateway', []),             # the collection through the real LiteLLM proxy (tests/gateway)
}
# What a session's venv is made of: when none changed since the session last passed, nox reuses
# the venv without running pip (-R); otherwise it installs again into it (-r).
INSTALL_INPUTS = ('noxfile.py', 'antsibull-nox.toml', 'scripts/constraints.txt', 'requirements.txt',
                  'tests/unit/requirements.txt', 'tests/integration/requirements.txt', 'tests/eda/requirements.txt')
# Debian packages: shellcheck (the shellcheck sanity test), chromium (the audit's HTML report in a
# real browser) and a Java 17 runtime (ansible-rulebook, step eda). Command -> package.
SYSTEM_PACKAGES = {'shellcheck': 'shellcheck', 'chromium': 'chromium', 'java': 'openjdk-17-jre-headless'}


def log(message):
    print(f'==> {message}', file=sys.stderr, flush=True)


def nox_python():
    """The Python of $LLMOPS_CACHE/nox-runner (nox and antsibull-nox), made or remade when the pins change."""
    venv = CACHE / 'nox-runner'
    stamp = hashlib.sha256(CONSTRAINTS.read_bytes() + sys.version.encode()).hexdigest()
    python = venv / 'bin' / 'python'
    if python.exists() and (venv / '.stamp').is_file() and (venv / '.stamp').read_text() == stamp:
        return python
    log(f'creating {venv} (nox, antsibull-nox)')
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, '-m', 'venv', venv], check=True)
    pip_log = CACHE / 'logs' / 'pip-nox-runner.log'
    with open(pip_log, 'w', encoding='utf-8') as output:
        if subprocess.run([python, '-m', 'pip', 'install', '-c', CONSTRAINTS, 'nox', 'antsibull-nox'],
                          stdout=output, stderr=subprocess.STDOUT, check=False).returncode:
            sys.exit(f'pip install nox antsibull-nox failed (log: {pip_log})')
    (venv / '.stamp').write_text(stamp)
    return python


def ensure_system_packages():
    missing = [package for command, package in SYSTEM_PACKAGES.items() if not shutil.which(command)]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which('apt-get'):
        sys.exit(f'the tests need {" ".join(missing)}: sudo apt-get install {" ".join(missing)}')
    log(f'apt-get install {" ".join(missing)}')
    apt_log = CACHE / 'logs' / 'apt.log'
    with open(apt_log, 'w', encoding='utf-8') as output:
        for command in (['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '-qq', *missing]):
            if subprocess.run(command, stdout=output, stderr=subprocess.STDOUT, check=False,
                              env=dict(os.environ, DEBIAN_FRONTEND='noninteractive')).returncode:
                sys.exit(f'apt-get install {" ".join(missing)} failed (see {apt_log})')


class Nox:
    """Runs sessions of a noxfile with their venvs in ENVDIR."""

    def __init__(self, noxfile, envdir):
        self.noxfile, self.envdir = Path(noxfile).resolve(), Path(envdir)
        self.python = nox_python()
        self.envdir.mkdir(parents=True, exist_ok=True)
        self.stamp = hashlib.sha256(b''.join((ROOT / path).read_bytes() for path in INSTALL_INPUTS
                                             if (ROOT / path).is_file())).hexdigest()

    def command(self, session, args, report=None):
        stamp = self.envdir / '.stamps' / session
        reuse = '-R' if stamp.is_file() and stamp.read_text() == self.stamp else '-r'
        return [str(self.python), '-m', 'nox', '--noxfile', str(self.noxfile), '--envdir', str(self.envdir),
                '--no-color', reuse, *(['--report', str(report)] if report else []), '-s', session, '--', *args]

    def passed(self, session):
        (self.envdir / '.stamps').mkdir(exist_ok=True)
        (self.envdir / '.stamps' / session).write_text(self.stamp)

    def run(self, session, args, output, stream=False):
        """Run a session, its output to OUTPUT (and the terminal when STREAM): PASS, FAIL or SKIP."""
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / 'report.json'
            with subprocess.Popen(self.command(session, args, report), cwd=self.noxfile.parent, text=True,
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as process:
                for line in process.stdout:
                    output.write(line)
                    if stream:
                        sys.stdout.write(line)
                        sys.stdout.flush()
            results = json.loads(report.read_text()).get('sessions', []) if report.is_file() else []
        if process.returncode or not results or any(result['result'] == 'failed' for result in results):
            return 'FAIL'
        self.passed(session)
        return 'SKIP' if all(result['result'] == 'skipped' for result in results) else 'PASS'


def run_steps(runner, selected, log_dir, stream=False):
    """Run each (step, session, args) of SELECTED; one line each and the SUMMARY. Returns the failures."""
    log_dir.mkdir(parents=True, exist_ok=True)
    counts = {'PASS': 0, 'FAIL': 0, 'SKIP': 0}
    for step, session, args in selected:
        logfile = log_dir / f'{step}.log'
        start = time.monotonic()
        if stream:
            print(f'======== {step} (log: {logfile})', flush=True)
        else:
            print(f'{step:<18} ', end='', flush=True)
        with open(logfile, 'w', encoding='utf-8') as output:
            status = runner.run(session, args, output, stream)
        counts[status] += 1
        print(f'{step + " " if stream else ""}{status} {int(time.monotonic() - start):5d}s  {logfile}', flush=True)
        lines = logfile.read_text(encoding='utf-8', errors='replace').splitlines()
        if status == 'FAIL' and not stream:
            print('\n'.join(f'    | {line}' for line in lines[-int(os.environ.get('STEP_LOG_TAIL', '40')):]))
        elif status == 'SKIP':
            print(([f'    | {line}' for line in lines if 'skipped' in line] or ['    | skipped'])[-1])
    print(f'SUMMARY: {counts["PASS"]} passed, {counts["FAIL"]} failed'
          + (f', {counts["SKIP"]} skipped' if counts['SKIP'] else ''), flush=True)
    return counts['FAIL']


def select(words, steps, on_demand=None):
    """STEP [ARG...] ... -> [(step, session, args)]; no words: every step of STEPS. A word that names no
    step (or group) is an argument of the step before it. A step of ON_DEMAND runs only when named."""
    on_demand = on_demand or {}
    named = dict(steps, **on_demand)
    selected, last = {}, None
    for word in words:
        matches = [step for step in steps if word == step or step.startswith(word + '-') or step.endswith('-' + word)]
        matches += [step for step in on_demand if word == step]
        for step in matches:
            selected.setdefault(step, (step, named[step][0], list(named[step][1])))
            last = step
        if not matches:
            if last is None:
                sys.exit(f'unknown step {word!r} (steps: {" ".join(named)})')
            selected[last][2].append(word)
    return list(selected.values()) or [(step, session, list(args)) for step, (session, args) in steps.items()]


def main(words):
    if words[:1] in (['-h'], ['--help']):
        print(__doc__.strip() + '\n\nsteps: ' + ' '.join(STEPS) + '\non demand: ' + ' '.join(ON_DEMAND))
        return 0
    stream = words[:1] in (['-v'], ['--verbose'])
    words = words[1:] if stream else words
    # scripts/harness_test.py runs this runner on its own noxfile, steps and directory.
    noxfile = os.environ.get('HARNESS_NOXFILE', ROOT / 'noxfile.py')
    envdir = Path(os.environ.get('HARNESS_ENVDIR', CACHE / 'nox'))
    steps = json.loads(os.environ['HARNESS_STEPS']) if 'HARNESS_STEPS' in os.environ else STEPS
    one_session = words[:1] == ['session'] and len(words) > 1
    # a typo fails before anything is installed
    selected = None if one_session else select(words, steps, ON_DEMAND if steps is STEPS else None)
    (CACHE / 'logs').mkdir(parents=True, exist_ok=True)
    runner = Nox(noxfile, envdir)
    # Two runs at once would restage the same copies under each other: take turns.
    with open(envdir / '.lock', 'w', encoding='utf-8') as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f'another run is using {envdir}; waiting for it to finish')
            fcntl.flock(lock, fcntl.LOCK_EX)
        if one_session:
            args = words[3:] if words[2:3] == ['--'] else words[2:]
            returncode = subprocess.run(runner.command(words[1], args), cwd=runner.noxfile.parent,
                                        check=False).returncode
            if not returncode:
                runner.passed(words[1])
            return returncode
        if steps is STEPS:
            ensure_system_packages()
        log_dir = envdir.parent / 'logs' / 'steps'
        log(f'running the steps; the whole output of each is in {log_dir}/STEP.log')
        return 1 if run_steps(runner, selected, log_dir, stream) else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
