# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""`make test`: installs nox, runs `nox -t test` (the sessions of noxfile.py tagged test), two at a
time, and prints one line per session and the summary.

    python3 scripts/harness.py                       every session tagged test (nox -t test)
    python3 scripts/harness.py STEP [ARG...] ...     these sessions (or tags: sanity, 2.19, release, ...);
                                                     ARGs go to the session before them
    python3 scripts/harness.py -j N ...              N sessions at a time (default 2; HARNESS_JOBS)
    python3 scripts/harness.py -v STEP ...           each session's output also shown
    python3 scripts/harness.py session NAME [-- ARG...]   one nox session, its output as it runs
    python3 scripts/harness.py changed [BASE]        the fast loop: sanity and units of the changed files

One line per session (name, PASS/FAIL/SKIP, seconds, the file with its whole output; a failed one
also shows the end of it), then `SUMMARY: N passed, N failed[, N skipped]`; the exit status is
non-zero if a session failed. A session stops at its first failing command (proved by the
`harness` session, scripts/harness_test.py). Which sessions exist, their tags and the ansible-core
lines are noxfile.py's (`nox -l`); this file only installs nox and reports.

Only the standard library here: nox and antsibull-nox (versions in scripts/constraints.txt) are
installed in $LLMOPS_CACHE/nox-runner, the sessions' venvs in $LLMOPS_CACHE/nox (outside the
tree, which sanity and ansible-lint scan), logs in $LLMOPS_CACHE/logs/steps/STEP.log.
"""

import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get('LLMOPS_CACHE') or Path.home() / '.cache' / 'llmops-openai')
CONSTRAINTS = ROOT / 'scripts' / 'constraints.txt'
TEST_TAG = 'test'
# What a session's venv is made of: when none changed since each session's install (noxfile.py's
# install() stamps it) or its last pass, nox reuses the venvs without running pip (-R); otherwise
# it installs again into them (-r).
INSTALL_INPUTS = ('noxfile.py', 'antsibull-nox.toml', 'scripts/constraints.txt', 'requirements.txt',
                  'tests/unit/requirements.txt', 'tests/integration/requirements.txt', 'tests/eda/requirements.txt')
# Debian packages: shellcheck (the shellcheck sanity test), chromium (the audit's HTML report in a
# real browser) and a Java 17 runtime (ansible-rulebook, session eda). Command -> package.
SYSTEM_PACKAGES = {'shellcheck': 'shellcheck', 'chromium': 'chromium', 'java': 'openjdk-17-jre-headless'}
# The lines nox prints when a session starts and ends: with --parallel, "Starting session NAME..."
# and "========== SYMBOL NAME: STATUS, TIME ==========" before its whole output; alone, "nox > Running
# session NAME" and "nox > Session NAME was successful|failed|skipped ...".
STARTED = re.compile(r'^(?:Starting session (\S+)\.\.\.|nox > Running session (\S+))$')
BLOCK = re.compile(r'^=+ \S+ (\S+): (success|failed|skipped|aborted)\b.* =+$')
ENDED = re.compile(r'^nox > Session (\S+) (?:was successful|failed|skipped|aborted)')
STATUS = {'success': 'PASS', 'failed': 'FAIL', 'skipped': 'SKIP', 'aborted': 'FAIL'}


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
        # noxfile.py's install() writes the stamp of a session once its venv holds what these inputs ask for.
        os.environ.update(HARNESS_STAMP_DIR=str(self.envdir / '.stamps'), HARNESS_STAMP=self.stamp)

    def command(self, sessions, args=(), options=(), tag=None):
        """nox for SESSIONS (names; or, with TAG, `-t TAG`, which selects them), reusing the venvs without
        pip when every one of them passed on the current install inputs."""
        stamps = [self.envdir / '.stamps' / session for session in sessions]
        fresh = all(stamp.is_file() and stamp.read_text() == self.stamp for stamp in stamps)
        return [str(self.python), '-m', 'nox', '--noxfile', str(self.noxfile), '--envdir', str(self.envdir),
                '--no-color', '-R' if fresh else '-r', *options, *(['-t', tag] if tag else ['-s', *sessions]),
                *(['--', *args] if args else [])]

    def passed(self, session):
        (self.envdir / '.stamps').mkdir(exist_ok=True)
        (self.envdir / '.stamps' / session).write_text(self.stamp)

    def sessions(self):
        """{name: tags} of every session of the noxfile (-k True selects them all)."""
        listing = subprocess.run([str(self.python), '-m', 'nox', '--noxfile', str(self.noxfile), '-l', '--json', '-k', 'True'],
                                 cwd=self.noxfile.parent, capture_output=True, text=True, check=False)
        if listing.returncode:
            sys.exit(f'nox could not list the sessions of {self.noxfile}:\n{listing.stdout}{listing.stderr}')
        return {entry['name']: entry['tags'] for entry in json.loads(listing.stdout)}


class Report:
    """Splits nox's output into one log per session and prints one line per session as it ends."""

    def __init__(self, log_dir, stream):
        self.log_dir, self.stream = log_dir, stream
        self.started, self.statuses, self.seconds = {}, {}, {}
        self.current = None  # the session whose output the lines are
        self.parallel = False
        self.files = {}
        log_dir.mkdir(parents=True, exist_ok=True)

    def log_file(self, session):
        if session not in self.files:
            # Line-buffered: each line is in the log file as soon as nox prints it.
            self.files[session] = open(self.log_dir / f'{session}.log', 'w', encoding='utf-8', buffering=1)  # pylint: disable=consider-using-with
        return self.files[session]

    def line(self, line):
        if self.stream:
            sys.stdout.write(line)
            sys.stdout.flush()
        text = line.rstrip('\n')
        started = STARTED.match(text)
        # Under --parallel the "Running session"/"Session ... was" lines are inside a block: only
        # the parallel runner's own lines mark where a session's output starts.
        self.parallel = self.parallel or bool(started and started.group(1))
        if started and (started.group(1) or not self.parallel):
            self.current = started.group(1) or started.group(2)
            self.started[self.current] = time.monotonic()
            if not self.parallel:  # nox without --parallel: the output follows
                self.log_file(self.current).write(line)
            return
        block = BLOCK.match(text) if self.parallel else None
        if block:
            # nox --parallel: the session ended; its whole output follows.
            self.current = block.group(1)
            self.finish(self.current, STATUS[block.group(2)])
        if self.current:
            self.log_file(self.current).write(line)
        ended = ENDED.match(text) if not self.parallel else None
        if ended:
            self.finish(ended.group(1), None)

    def finish(self, session, status):
        """The line of SESSION; its status here or, without --parallel, from the report at the end."""
        self.statuses[session] = status
        self.seconds[session] = seconds = int(time.monotonic() - self.started.get(session, time.monotonic()))
        if status:
            self.print_line(session, status, seconds)

    def print_line(self, session, status, seconds):
        logfile = self.log_dir / f'{session}.log'
        print(f'{session:<18} {status} {seconds:5d}s  {logfile}', flush=True)

    def close(self, results):
        """Results: {session: nox's result}; prints the lines not printed yet, the failed sessions' log
        ends and the SUMMARY; returns the counts."""
        for handle in self.files.values():
            handle.close()
        counts = {'PASS': 0, 'FAIL': 0, 'SKIP': 0}
        for session, result in results.items():
            status = STATUS.get(result, 'FAIL')
            counts[status] += 1
            if self.statuses.get(session) is None:
                self.print_line(session, status, self.seconds.get(session, 0))
            logfile = self.log_dir / f'{session}.log'
            lines = logfile.read_text(encoding='utf-8', errors='replace').splitlines() if logfile.is_file() else []
            if status == 'FAIL' and not self.stream:
                print(f'---- {session} (end of {logfile})')
                print('\n'.join(f'    | {line}' for line in lines[-int(os.environ.get('STEP_LOG_TAIL', '40')):]))
            elif status == 'SKIP':
                print(f'---- {session} ' + ([line.strip() for line in lines if 'skipped' in line.lower()] or ['skipped'])[-1])
        print(f'SUMMARY: {counts["PASS"]} passed, {counts["FAIL"]} failed'
              + (f', {counts["SKIP"]} skipped' if counts['SKIP'] else ''), flush=True)
        return counts


def run(runner, sessions, args, jobs, log_dir, stream=False, tag=None):
    """Run SESSIONS (those tagged TAG) in one nox, JOBS at a time; one line each, then the SUMMARY.
    Returns the counts."""
    report = Report(log_dir, stream)
    with tempfile.TemporaryDirectory() as tmp:
        report_json = Path(tmp) / 'report.json'
        options = ['--report', str(report_json), *(['--parallel', str(jobs)] if jobs > 1 and len(sessions) > 1 else [])]
        with subprocess.Popen(runner.command(sessions, args, options, tag), cwd=runner.noxfile.parent, text=True, errors='replace',
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as process:
            for line in process.stdout:
                report.line(line)
        results = {entry['name']: entry['result'] for entry in
                   (json.loads(report_json.read_text()).get('sessions', []) if report_json.is_file() else [])}
    if process.returncode and not results:
        results = {session: 'failed' for session in sessions}
    for session, result in results.items():
        if result == 'success':
            runner.passed(session)
    return report.close(results)


def select(words, sessions):
    """STEP [ARG...] ... -> [(session names, args)]: a word is a session's name or a tag (the sessions
    so tagged); any other word is an argument of the step before it. No words: the sessions tagged
    test. Steps without arguments run together (in parallel); a step with arguments alone."""
    if not words:
        return [([name for name, tags in sessions.items() if TEST_TAG in tags], [])]  # nox -t test
    groups, last = [], None
    for word in words:
        matches = [word] if word in sessions else [name for name, tags in sessions.items() if word in tags]
        if matches:
            last = (matches, [])
            groups.append(last)
        elif last is None:
            sys.exit(f'unknown step {word!r} (sessions: {" ".join(sessions)})')
        else:
            last[1].append(word)
    together = [name for names, args in groups if not args for name in names]
    return ([(list(dict.fromkeys(together)), [])] if together else []) + [(names, args) for names, args in groups if args]


def main(words):
    stream, jobs = False, int(os.environ.get('HARNESS_JOBS', '2'))
    while words[:1] and words[0] in ('-v', '--verbose', '-j'):
        if words[0] == '-j':
            jobs, words = int(words[1]), words[2:]
        else:
            stream, words = True, words[1:]
    # scripts/harness_test.py runs this runner on its own noxfile and directory.
    noxfile = os.environ.get('HARNESS_NOXFILE', ROOT / 'noxfile.py')
    envdir = Path(os.environ.get('HARNESS_ENVDIR', CACHE / 'nox'))
    (CACHE / 'logs').mkdir(parents=True, exist_ok=True)
    runner = Nox(noxfile, envdir)
    if words[:1] in (['-h'], ['--help']):
        print(__doc__.strip() + '\n\nsessions [tags] (untagged: on demand only):')
        print('\n'.join(f'  {name:<20} {" ".join(tags)}'.rstrip() for name, tags in runner.sessions().items()))
        return 0
    one_session = words[:1] == ['session'] and len(words) > 1
    # a typo fails before anything runs
    groups = None if one_session else select(words, runner.sessions())
    # Two runs at once would share venvs and staged copies: take turns.
    with open(envdir / '.lock', 'w', encoding='utf-8') as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f'another run is using {envdir}; waiting for it to finish')
            fcntl.flock(lock, fcntl.LOCK_EX)
        if one_session:
            args = words[3:] if words[2:3] == ['--'] else words[2:]
            returncode = subprocess.run(runner.command([words[1]], args), cwd=runner.noxfile.parent, check=False).returncode
            if not returncode:
                runner.passed(words[1])
            return returncode
        if 'HARNESS_NOXFILE' not in os.environ:
            ensure_system_packages()
        log_dir = envdir.parent / 'logs' / 'steps'
        log(f'running {sum(len(group[0]) for group in groups)} session(s), {jobs} at a time; '
            f'the whole output of each is in {log_dir}/SESSION.log')
        failed = 0
        for names, args in groups:
            failed += run(runner, names, args, jobs, log_dir, stream, TEST_TAG if not words else None)['FAIL']
        return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
