# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's tests as nox sessions. `make test` is `nox -t test`, run two sessions at a time
by scripts/harness.py (which installs nox and prints one line per session); see
docs/docsite/rst/contributing/harness.rst.

Each session is one step: sanity-LINE, units-LINE and integration-LINE for each ansible-core line
of LINES (ansible-test with --local, each in its own copy of the tree), then compat, galaxy, doc,
eda, the release checks (changelog, docsite, ee, tarball-demo), build-import-check, harness, and
antsibull-nox.toml's sessions (docs-check, ansible-lint, extra-checks). Tags select groups: test
(everything `make test` runs), a line (2.19), a kind (sanity, units, integration), release.
On demand only: changed (the fast loop), demo, gateway, mutation.

    python3 scripts/harness.py units-2.19 tests/unit/plugins/modules/
    python3 scripts/harness.py session sanity-2.19 -- --test pep8
"""

import difflib
import fcntl
import functools
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nox
import yaml
from antsibull_nox import load_antsibull_nox_toml
from antsibull_nox.paths.utils import copy_collection

ROOT = Path(__file__).resolve().parent
CACHE = Path(os.environ.get('LLMOPS_CACHE') or Path.home() / '.cache' / 'llmops-openai')
NAMESPACE, NAME = 'llmops', 'openai'
FQCN = f'{NAMESPACE}.{NAME}'
CONSTRAINTS = 'scripts/constraints.txt'
TEST_REQUIREMENTS = ('requirements.txt', 'tests/unit/requirements.txt', 'tests/integration/requirements.txt')
COMPAT_PYTHONS = ('3.9', '3.10', '3.13')  # tests/config.yml: the modules run on Python >= 3.9
DOCSITE_PAGES = ('index', 'docsite/getting_started', 'docsite/troubleshooting', 'container_info_module',
                 'containers_inventory', 'container_audit_role')
# ansible-test keeps its venvs and its pip bootstrap cache in ~/.ansible/test: it runs with its own
# HOME in the cache. Concurrent sessions share it safely: each sanity venv there is per Python
# version and the lines' sanity sessions run on different ones (3.11, 3.12; compat 3.9, 3.10, 3.13).
ANSIBLE_TEST_HOME = CACHE / 'home'
# Every other tool runs with this HOME: antsibull-docs and antsibull-changelog write ~/antsibull.log
# and would read a ~/.antsibull.cfg, ansible a ~/.ansible.cfg; none of the user's files take part.
TOOLS_HOME = CACHE / 'tools-home'
# The tag of every session `make test` runs (`nox -t test`).
TEST = 'test'


def _isolate_environment():
    """The environment of every session: nothing of the caller's Ansible settings, HOME in the cache
    (with pip's cache and pyenv where they were), the cache named for the runners started below."""
    for variable in ('ANSIBLE_COLLECTIONS_PATH', 'ANSIBLE_COLLECTIONS_PATHS', 'ANSIBLE_CONFIG', 'ANSIBLE_INVENTORY'):
        os.environ.pop(variable, None)
    os.environ.setdefault('PIP_CACHE_DIR', str(Path.home() / '.cache' / 'pip'))
    if shutil.which('pyenv'):
        os.environ.setdefault('PYENV_ROOT', subprocess.run(['pyenv', 'root'], capture_output=True, text=True,
                                                           check=False).stdout.strip())
    TOOLS_HOME.mkdir(parents=True, exist_ok=True)
    os.environ.update(HOME=str(TOOLS_HOME), LLMOPS_CACHE=str(CACHE), PIP_DISABLE_PIP_VERSION_CHECK='1')


_isolate_environment()
# Also when nox runs without scripts/harness.py: the venvs outside the tree (sanity and ansible-lint
# scan it), kept between runs. Every session below may run beside another (nox --parallel): none
# shares a venv, a staged copy or a work directory with another.
nox.options.envdir = str(CACHE / 'nox')
nox.options.reuse_venv = 'yes'
nox.options.allow_parallel = True


def pinned(package):
    """The version scripts/constraints.txt pins for a package."""
    for line in (ROOT / CONSTRAINTS).read_text(encoding='utf-8').splitlines():
        if line.startswith(package + '=='):
            return line.split('==', 1)[1].strip()
    raise ValueError(f'{CONSTRAINTS} pins no {package}')


# The one list of ansible-core lines: line -> (the newest patch release, the controller Python its
# tests run on, the ansible-test commands `make test` runs on it). A session per line and command
# is generated from it (sanity-2.19, units-2.19, ...).
LINES = {
    '2.19': (pinned('ansible-core'), '3.11', ('sanity', 'units', 'integration')),
    '2.21': ('2.21.5', '3.12', ('sanity', 'units', 'integration')),
    '2.17': ('2.17.14', '3.11', ('units', 'integration')),
}
# The line of the tools (ansible-doc, ansible-galaxy, ansible-rulebook's ansible) and of the fast loop.
TOOLS_LINE = '2.19'


@functools.lru_cache(maxsize=None)
def find_python(version):
    """A working pythonX.Y: pyenv's newest patch release first, then PATH (shims may not run)."""
    candidates = []
    if os.environ.get('PYENV_ROOT'):
        found = glob.glob(f'{os.environ["PYENV_ROOT"]}/versions/{version}.*/bin/python{version}')
        candidates += sorted(found, key=lambda p: [int(x) for x in re.findall(r'\d+', p.split('/versions/')[1])[:3]],
                             reverse=True)
    candidates += [shutil.which(f'python{version}'), shutil.which('python3')]
    for candidate in filter(None, candidates):
        probe = subprocess.run([candidate, '-c', 'import sys; print("%d.%d" % sys.version_info[:2])'],
                               capture_output=True, text=True, check=False)
        if probe.stdout.strip() == version:
            return candidate
    return None


def stage(where):
    """Copy the work tree as git sees it (tracked and untracked, not ignored files) to
    $LLMOPS_CACHE/WHERE/ansible_collections/llmops/openai, where ansible-test wants it; returns it."""
    dest = CACHE / where / 'ansible_collections' / NAMESPACE / NAME
    dest.parent.mkdir(parents=True, exist_ok=True)
    copy_collection(ROOT, dest)
    return dest


def tree_digest(tree):
    """The SHA-256 of every file's path and content under TREE: the key of the tarball built from it."""
    digest = hashlib.sha256()
    for path in sorted(path for path in tree.rglob('*') if path.is_file() and not path.is_symlink()):
        relative = str(path.relative_to(tree)).encode()
        digest.update(b'%d:%s:' % (len(relative), relative))
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@functools.lru_cache(maxsize=None)
def tarball(session):
    """The collection tarball of the work tree as it is now, built once: $LLMOPS_CACHE/tarballs/KEY/
    holds the one built from content KEY, which every session of this run and of later runs on
    the same content reuses. A lock makes sessions running side by side build it once."""
    store = CACHE / 'tarballs'
    store.mkdir(parents=True, exist_ok=True)
    with open(store / '.lock', 'w', encoding='utf-8') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        src = stage('build')
        key = tree_digest(src)
        built = sorted((store / key).glob(f'{NAMESPACE}-{NAME}-*.tar.gz'))
        if built:
            session.log(f'reusing {built[0]} (built from this content before)')
            return built[0]
        # The last few keys are kept; older ones go.
        for old in sorted((path for path in store.iterdir() if path.is_dir()), key=lambda path: path.stat().st_mtime)[:-4]:
            shutil.rmtree(old, ignore_errors=True)
        part = store / f'{key}.part'
        shutil.rmtree(part, ignore_errors=True)
        session.run('ansible-galaxy', 'collection', 'build', '--force', '--output-path', str(part), str(src), silent=True)
        shutil.rmtree(store / key, ignore_errors=True)
        part.rename(store / key)
        built = next((store / key).glob(f'{NAMESPACE}-{NAME}-*.tar.gz'))
        session.log(f'built {built}')
        return built


def build_and_install(session, collections):
    """Install the run's tarball alone into COLLECTIONS; returns the tarball."""
    built = tarball(session)
    shutil.rmtree(collections, ignore_errors=True)
    session.run('ansible-galaxy', 'collection', 'install', '--offline', '--force', '-p', str(collections),
                str(built), silent=True, env={'ANSIBLE_COLLECTIONS_PATH': str(collections)})
    session.log(f'installed {built.name} into {collections}')
    return built


def install(session, *args):
    """session.install(ARGS); then, under scripts/harness.py, a stamp saying this session's venv holds
    what the install inputs (HARNESS_STAMP) ask for, so that the next run reuses it without pip even
    if the session's checks failed (the harness cannot see an install from outside)."""
    session.install(*args)
    if os.environ.get('HARNESS_STAMP_DIR') and os.environ.get('HARNESS_STAMP'):
        stamps = Path(os.environ['HARNESS_STAMP_DIR'])
        stamps.mkdir(parents=True, exist_ok=True)
        (stamps / session.name).write_text(os.environ['HARNESS_STAMP'], encoding='utf-8')


def run_tee(session, *command, check=True, **kwargs):
    """Run a command, its output shown as it runs; returns (exit status, output). With check, a
    failure fails the session."""
    session.log(' '.join(str(part) for part in command))
    with subprocess.Popen([str(part) for part in command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, text=True, **kwargs) as process:
        lines = []
        for line in process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            lines.append(line)
    if check and process.returncode:
        session.error(f'{Path(str(command[0])).name} exited with {process.returncode}')
    return process.returncode, ''.join(lines)


def venv_env(session, *paths, **extra):
    """The environment of a tool run from the session's venv, outside nox's own runner: the venv's
    bin, then PATHS, first on PATH."""
    env = dict(os.environ, PATH=os.pathsep.join([session.bin, *map(str, paths), os.environ['PATH']]))
    env.update({key: str(value) for key, value in extra.items()})
    return env


def run_playbook(session, collections, cwd, *args):
    """ansible-playbook ARGS from CWD with only COLLECTIONS (no checkout found on sys.path), on the
    implicit localhost. PWD too: the audit writes its reports into lookup('env', 'PWD')/container-audit."""
    with session.chdir(cwd):
        session.run('ansible-playbook', *args,
                    env={'PWD': str(cwd), 'ANSIBLE_COLLECTIONS_PATH': str(collections), 'ANSIBLE_COLLECTIONS_SCAN_SYS_PATH': 'false',
                         'ANSIBLE_LOCALHOST_WARNING': 'false', 'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false'})


# ---- ansible-test --local, one venv per session --------------------------------------------

def install_get_pip_standins(session):
    """ansible-test makes its venvs without pip and runs ~/.ansible/test/cache/get_pip_X_Y.py, which
    it would download from a host that is not reachable here: put scripts/get_pip_standin.py
    there for every pip version the installed ansible-test pins."""
    pins = set()
    for requirements_py in glob.glob(f'{session.virtualenv.location}/lib/python*/site-packages/'
                                     'ansible_test/_internal/python_requirements.py'):
        pins.update(re.findall(r"\bpip='([0-9][0-9.]*)'", Path(requirements_py).read_text(encoding='utf-8')))
    if not pins:
        session.error('no pip=\'X.Y\' pin found in ansible_test/_internal/python_requirements.py')
    cache = ANSIBLE_TEST_HOME / '.ansible' / 'test' / 'cache'
    cache.mkdir(parents=True, exist_ok=True)
    for version in sorted(pins):
        # Written aside and renamed: a session running beside this one may be reading it.
        target = cache / f'get_pip_{version.replace(".", "_")}.py'
        part = target.with_name(f'{target.name}.{os.getpid()}')
        shutil.copyfile(ROOT / 'scripts' / 'get_pip_standin.py', part)
        part.replace(target)


def prepare_ansible_test(session):
    """The pip bootstrap stand-ins and the staged copy ansible-test runs in, one per session (sessions
    run side by side, and ansible-test writes tests/output into it); returns the copy."""
    install_get_pip_standins(session)
    return stage(f'ac/{session.name}')


def ansible_test(session, python_version, command, *args, check=True, root=None):
    """ansible-test COMMAND --local for PYTHON_VERSION in the staged copy ROOT (prepared here when
    not given): (exit status, output)."""
    python = find_python(python_version)
    if not python:
        session.error(f'Python {python_version} not found')
    root = root or prepare_ansible_test(session)
    # ansible-test looks pythonX.Y up on PATH, where pyenv's shims may not run.
    env = venv_env(session, Path(python).parent, HOME=ANSIBLE_TEST_HOME, GIT_CEILING_DIRECTORIES=root.parents[2])
    return run_tee(session, Path(session.bin) / 'ansible-test', command, '--local', '--python', python_version,
                   '--color', 'no', *args, check=check, cwd=root, env=env)


def sanity(session, python_version, args):
    """ansible-test sanity with empty ignore files; lists the tests it ran, failed and skipped."""
    filled = [path for path in sorted(ROOT.glob('tests/sanity/ignore-*.txt'))
              if path.read_text(encoding='utf-8').strip()]
    returncode, output = ansible_test(session, python_version, 'sanity', *args, check=False)
    # ansible-test names every test it runs; the list again where it is easy to find.
    print('sanity tests run: ' + ' '.join(re.findall(r'^Running sanity test "([^"]+)"', output, re.M)))
    for line in re.findall(r'^.*Skipping sanity test.*$', output, re.M):
        print('sanity test skipped: ' + line)
    problems = []
    if filled:
        problems.append('these ignore files must stay empty (fix the code instead): '
                        + ' '.join(str(path.relative_to(ROOT)) for path in filled))
    if returncode:
        failed = re.findall(r'^([a-z0-9-]+)$', output.partition('sanity test(s) listed below')[2], re.M)
        problems.append('ansible-test sanity failed: ' + (' '.join(failed) or f'exit status {returncode}'))
    if problems:
        session.error('; '.join(problems))


def plugin_names(kind):
    """The plugins of plugins/KIND by file (private files start with _)."""
    return sorted(path.stem for path in (ROOT / 'plugins' / kind).glob('*.py') if not path.stem.startswith('_'))


def galaxy(session, _python_version):
    """Build the tarball, install it into an empty collections path, list every module."""
    collections = Path(session.create_tmp()) / 'collections'
    build_and_install(session, collections)
    listed = session.run('ansible-doc', '-t', 'module', '-l', FQCN, silent=True,
                         env={'ANSIBLE_COLLECTIONS_PATH': str(collections)})
    print(listed)
    missing = [name for name in plugin_names('modules')
               if not re.search(rf'^{re.escape(FQCN)}\.{name}\s', listed, re.M)]
    if missing:
        session.error('modules missing from ansible-doc -l: ' + ' '.join(missing))


def doc(session, _python_version):
    """ansible-doc renders every plugin of the installed collection, without a warning. Every plugin
    type directory is covered, so a new plugin or type needs no edit here; filter and test files
    may hold several plugins, so their names come from ansible-doc's own listing."""
    collections = Path(session.create_tmp()) / 'collections'
    build_and_install(session, collections)
    env = {'ANSIBLE_COLLECTIONS_PATH': str(collections)}
    tool_env = venv_env(session, **env)
    failed, count = [], 0
    for kind_dir in sorted(path for path in (ROOT / 'plugins').iterdir() if path.is_dir()):
        kind = {'modules': 'module'}.get(kind_dir.name, kind_dir.name)
        if kind in ('module_utils', 'doc_fragments', 'plugin_utils', 'action', '__pycache__'):
            continue
        names = plugin_names(kind_dir.name)
        if kind in ('filter', 'test'):
            listing = json.loads(session.run('ansible-doc', '-t', kind, '-l', FQCN, '--json', silent=True, env=env))
            if names and not listing:
                failed.append(f'plugins/{kind_dir.name} has files but ansible-doc lists no {kind} plugin')
            names = [name.split('.')[-1] for name in listing]
        for name in names:
            count += 1
            result = subprocess.run([f'{session.bin}/ansible-doc', '-t', kind, f'{FQCN}.{name}'], capture_output=True,
                                    text=True, check=False, env=tool_env)
            out = result.stdout + result.stderr
            if result.returncode or not out.strip() or re.search(r'\[(WARNING|ERROR)\]|^ERROR', out, re.M):
                failed.append(f'{kind} {FQCN}.{name}')
                print(f'FAIL {kind} {FQCN}.{name}:\n' + '\n'.join('    ' + line for line in out.splitlines()[:40]))
            else:
                print(f'ok   {kind} {FQCN}.{name} ({len(out.splitlines())} lines)')
    print(f'rendered {count} plugin(s)')
    if failed:
        session.error('not rendered cleanly: ' + ', '.join(failed))


def compat(session, _python_version):
    """sanity compile + import on the other Pythons the modules run on (sanity-2.19 and sanity-2.21
    cover the controller's 3.11 and 3.12)."""
    failed = []
    root = prepare_ansible_test(session)
    for other in COMPAT_PYTHONS:
        if ansible_test(session, other, 'sanity', '--test', 'compile', '--test', 'import', *session.posargs,
                        check=False, root=root)[0]:
            failed.append(other)
    if failed:
        session.error('compile/import failed on Python ' + ' '.join(failed))


def core_session(line, name, tags, description):
    """Decorator: session NAME on ansible-core LINE, its venv holding that ansible-core and the test
    requirements; the function gets (session, the line's Python version). It skips on 2.21 and
    fails on the other lines when the line's Python is missing."""
    version, python_version = LINES[line][:2]
    python = find_python(python_version)

    def decorate(func):
        def session_func(session):
            if not python:
                if line == '2.21':
                    session.skip(f'Python {python_version} not found (looked in $(pyenv root)/versions and PATH)')
                session.error(f'Python {python_version} not found')
            install(session, f'ansible-core=={version}', *(f'-r{ROOT / path}' for path in TEST_REQUIREMENTS))
            func(session, python_version)
        session_func.__doc__ = f'ansible-core {version} on Python {python_version}: {description}'
        return nox.session(name=name, python=python or False, tags=list(tags), default=False)(session_func)
    return decorate


def add_line_session(line, command):
    """COMMAND-LINE: ansible-test COMMAND on LINE with the session's arguments, tagged test, the
    line and the command."""
    def run(session, python_version):
        if command == 'sanity':
            sanity(session, python_version, session.posargs)
        else:
            ansible_test(session, python_version, command, *session.posargs)
    core_session(line, f'{command}-{line}', (TEST, line, command), f'ansible-test {command} [ARGS]')(run)


# Registered longest first, the order nox --parallel starts them in: the integration sessions,
# then the rest (the longest of which are the other lines' sanity and units).
for _command in ('integration', 'sanity', 'units'):
    for _line, (_version, _python, _commands) in LINES.items():
        if _command in _commands:
            add_line_session(_line, _command)
core_session(TOOLS_LINE, 'compat', (TEST, TOOLS_LINE), f'sanity compile and import on Python {", ".join(COMPAT_PYTHONS)}')(compat)
core_session(TOOLS_LINE, 'galaxy', (TEST, TOOLS_LINE), 'the tarball installed into an empty path, every module listed')(galaxy)
core_session(TOOLS_LINE, 'doc', (TEST, TOOLS_LINE), 'ansible-doc renders every plugin without a warning')(doc)


# ---- the fast loop: units and sanity of the changed files, on demand ----------------------------

def changed_files(base):
    """The files changed since the commit where HEAD left BASE, committed or not, untracked included,
    that still exist."""
    def git(*args):
        return subprocess.run(['git', *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    fork = git('merge-base', 'HEAD', base).strip()
    names = set(git('diff', '--name-only', fork).splitlines()) | set(git('ls-files', '--others', '--exclude-standard').splitlines())
    return sorted(name for name in names if (ROOT / name).is_file())


def unit_tests_of(files):
    """The unit test files that test FILES: the changed test files, and every test file that names a
    changed plugin (its dotted import path; for a module, also its name). A changed helper of the
    tests (conftest.py, a shared module) selects them all."""
    tests = sorted(str(path.relative_to(ROOT)) for path in (ROOT / 'tests' / 'unit').rglob('test_*.py'))
    if any(name.startswith('tests/unit/') and name.endswith('.py') and name not in tests for name in files):
        return tests
    selected = {name for name in files if name in tests}
    texts = {test: (ROOT / test).read_text(encoding='utf-8') for test in tests}
    for name in files:
        if name.startswith('plugins/') and name.endswith('.py'):
            dotted, stem = name[:-3].replace('/', '.'), Path(name).stem
            selected.update(test for test, text in texts.items() if dotted in text
                            or (name.startswith('plugins/modules/') and re.search(rf'\b{re.escape(stem)}\b', text)))
    return sorted(selected)


def changed(session, python_version):
    """-- [BASE]: ansible-test sanity of the files changed since the work left BASE (default main), and
    units of the unit tests of those files (unit_tests_of), in one staged copy."""
    base = session.posargs[0] if session.posargs else 'main'
    files = changed_files(base)
    tests = unit_tests_of(files)
    session.log(f'{len(files)} file(s) changed since {base}; {len(tests)} unit test file(s) of them')
    if not files:
        session.skip(f'no file changed since {base}')
    root = prepare_ansible_test(session)
    sanity_status = ansible_test(session, python_version, 'sanity', *files, check=False, root=root)[0]
    units_status = ansible_test(session, python_version, 'units', *tests, check=False, root=root)[0] if tests else 0
    if sanity_status or units_status:
        session.error('failed: ' + ' and '.join(kind for kind, status in (('sanity', sanity_status), ('units', units_status)) if status))


core_session(TOOLS_LINE, 'changed', ('fast',), 'the fast loop: sanity and units of the files changed since BASE (default main)')(changed)


# ---- the event source under the real ansible-rulebook ------------------------------------------

@nox.session(python=find_python('3.11'), tags=[TEST], default=False)
def eda(session):
    """tests/eda/check_rulebook.py: the documented rulebook against the emulator (needs Java 17)."""
    install(session, f'ansible-core=={LINES[TOOLS_LINE][0]}', f'-r{ROOT}/requirements.txt', f'-r{ROOT}/tests/eda/requirements.txt')
    collections = Path(session.create_tmp()) / 'collections'
    build_and_install(session, collections)
    work = CACHE / 'eda'
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # ansible-rulebook calls ansible-galaxy from PATH to find collections: nox puts the venv's bin first.
    session.run('python', str(ROOT / 'tests/eda/check_rulebook.py'), str(collections), str(work))


# ---- the collection through the real LiteLLM proxy, on demand -----------------------------------

def litellm_proxy(session):
    """The `litellm` command of a venv of its own ($LLMOPS_CACHE/litellm-proxy), with the proxy at the
    version scripts/constraints.txt pins: its many dependencies stay away from ansible-core's. Made
    again only when the pin changes."""
    venv = CACHE / 'litellm-proxy'
    stamp, command = venv / '.pinned', venv / 'bin' / 'litellm'
    pin = pinned('litellm')
    if not (command.is_file() and stamp.is_file() and stamp.read_text(encoding='utf-8') == pin):
        shutil.rmtree(venv, ignore_errors=True)
        session.run(find_python('3.11'), '-m', 'venv', str(venv), external=True)
        session.run(str(venv / 'bin' / 'python'), '-m', 'pip', 'install', '-q', '-c', str(ROOT / CONSTRAINTS),
                    '-r', str(ROOT / 'tests/gateway/requirements.txt'), external=True)
        stamp.write_text(pin, encoding='utf-8')
    return command


@nox.session(python=find_python('3.11'), default=False)
def gateway(session):
    """tests/gateway/check_gateway.py: the modules, the audit role and the inventory through the real LiteLLM
    proxy (no database, offline) in front of the emulator; see the providers guide."""
    install(session, '-c', str(ROOT / CONSTRAINTS), 'ansible-core', f'-r{ROOT}/requirements.txt')
    litellm = litellm_proxy(session)
    collections = Path(session.create_tmp()) / 'collections'
    build_and_install(session, collections)
    work = CACHE / 'gateway'
    shutil.rmtree(work, ignore_errors=True)
    session.run('python', str(ROOT / 'tests/gateway/check_gateway.py'), str(litellm), str(collections), str(work))


# ---- release checks ----------------------------------------------------------------------------

def release_session(name, description):
    """Decorator: session NAME of the release checks (tagged test and release), with the pinned tools."""
    def decorate(func):
        def session_func(session):
            install(session, '-c', str(ROOT / CONSTRAINTS), 'ansible-core', 'antsibull-changelog', 'antsibull-docs', 'sphinx',
                    'sphinx-ansible-theme', 'ansible-builder', f'-r{ROOT}/requirements.txt')
            func(session)
        session_func.__doc__ = description
        return nox.session(name=name, python=find_python('3.11'), tags=[TEST, 'release'], default=False)(session_func)
    return decorate


@release_session('changelog', 'antsibull-changelog lint; CHANGELOG.rst is what the fragments give')
def changelog(session):
    """antsibull-changelog lint and lint-changelog-yaml; CHANGELOG.rst is what `generate` writes;
    once galaxy.yml's version is released, every fragment is in a release."""
    root = stage('release')
    with session.chdir(root):
        session.run('antsibull-changelog', 'lint')
        session.run('antsibull-changelog', 'lint-changelog-yaml', 'changelogs/changelog.yaml')
        committed = (root / 'CHANGELOG.rst').read_text(encoding='utf-8')
        session.run('antsibull-changelog', 'generate')
        generated = (root / 'CHANGELOG.rst').read_text(encoding='utf-8')
    if generated != committed:
        sys.stdout.writelines(difflib.unified_diff(committed.splitlines(True), generated.splitlines(True),
                                                   'CHANGELOG.rst', 'generated'))
        session.error('CHANGELOG.rst is not what changelogs/changelog.yaml gives: run antsibull-changelog generate')
    version = yaml.safe_load((root / 'galaxy.yml').read_text(encoding='utf-8'))['version']
    releases = yaml.safe_load((root / 'changelogs/changelog.yaml').read_text(encoding='utf-8')).get('releases') or {}
    known = {fragment for release in releases.values() for fragment in release.get('fragments', [])}
    fragments = sorted(path.name for path in (root / 'changelogs/fragments').glob('*.y*ml'))
    missing = [fragment for fragment in fragments if fragment not in known]
    print(f'galaxy.yml version {version}: {"released" if version in releases else "not released yet"}; '
          f'{len(fragments)} fragment(s), {len(missing)} unreleased')
    if version in releases and missing:
        session.error(f'version {version} is released in changelogs/changelog.yaml but these fragments are in no '
                      f'release: {" ".join(missing)}; run: antsibull-changelog release --version {version}')


@release_session('docsite', 'the Sphinx docsite builds with sphinx-build -W')
def docsite(session):
    """The Sphinx docsite ($LLMOPS_CACHE/docsite/build/html): antsibull-docs sphinx-init and
    collection (plugin, module and role pages, and the RST guides of docs/docsite/rst/), then
    sphinx-build -W (a warning fails); the key pages must exist. scripts/docsite_conf.py is added
    to the conf.py sphinx-init writes."""
    site = CACHE / 'docsite'
    stage('docsite/src')
    sphinx, html = site / 'sphinx', site / 'build' / 'html'
    shutil.rmtree(sphinx, ignore_errors=True)
    shutil.rmtree(site / 'build', ignore_errors=True)
    (sphinx / 'rst').mkdir(parents=True)
    sphinx.chmod(0o700)  # antsibull-docs wants its directories writable by their owner only
    (sphinx / 'rst').chmod(0o700)
    env = {'ANSIBLE_COLLECTIONS_PATH': str(site / 'src'), 'ANSIBLE_COLLECTIONS_SCAN_SYS_PATH': 'false'}
    session.run('antsibull-docs', 'sphinx-init', '--use-current', '--squash-hierarchy', '--fail-on-error',
                '--project', FQCN, '--title', f'{FQCN}: OpenAI Containers for Ansible', '--dest-dir', str(sphinx),
                FQCN, env=env, silent=True)
    with open(sphinx / 'conf.py', 'a', encoding='utf-8') as conf:
        conf.write('\n# Added by noxfile.py (docsite) from scripts/docsite_conf.py.\n'
                   + (ROOT / 'scripts' / 'docsite_conf.py').read_text(encoding='utf-8'))
    session.run('antsibull-docs', '--config-file', str(sphinx / 'antsibull-docs.cfg'), 'collection', '--use-current',
                '--squash-hierarchy', '--fail-on-error', '--cleanup', 'everything', '--dest-dir', str(sphinx / 'rst'),
                FQCN, env=env)
    session.run('sphinx-build', '-M', 'html', str(sphinx / 'rst'), str(site / 'build'), '-c', str(sphinx),
                '-W', '--keep-going', '-q', env=env)
    missing = [page for page in DOCSITE_PAGES if not (html / f'{page}.html').is_file()
               or not (html / f'{page}.html').stat().st_size]
    if missing:
        session.error('the docsite has no ' + ', '.join(f'{page}.html' for page in missing))
    session.log(f'docsite: {html}/index.html ({len(list(html.rglob("*.html")))} pages)')


@release_session('ee', 'ansible-builder introspect and create with the built tarball')
def ee(session):
    """ansible-builder introspect finds meta/execution-environment.yml's dependencies in the
    installed tarball, and `ansible-builder create` writes the build context of
    scripts/ee/execution-environment.yml (the guide's definition, with the built tarball instead of Galaxy)."""
    work = Path(session.create_tmp())
    built = build_and_install(session, work / 'collections')
    introspected = session.run('ansible-builder', 'introspect', str(work / 'collections'), silent=True)
    print(introspected)
    missing = [want for want in ('requests>=2.25', 'jsonschema>=4.0', 'ca-certificates') if want not in introspected]
    if missing:
        session.error(f'ansible-builder introspect does not report {", ".join(missing)} for {FQCN}')
    build = work / 'ee'
    shutil.rmtree(build, ignore_errors=True)
    shutil.copytree(ROOT / 'scripts' / 'ee', build)
    shutil.copy(built, build / 'llmops-openai.tar.gz')
    with session.chdir(build):
        session.run('ansible-builder', 'create', '-f', 'execution-environment.yml', '--context', 'context',
                    '--output-filename', 'Containerfile', '-v', '2')
    if not (build / 'context' / 'Containerfile').is_file():
        session.error('ansible-builder create wrote no Containerfile')
    print('\n'.join(sorted(str(path.relative_to(build)) for path in (build / 'context').glob('*/*'))))


@release_session('tarball-demo', 'the demo from the tarball alone; scripts/check_demo_reports.py checks its reports')
def tarball_demo(session):
    """`ansible-playbook llmops.openai.demo` from the tarball alone: installed into an empty
    collections path, run from a directory outside the repository, no caller's ansible.cfg; then
    scripts/check_demo_reports.py checks the reports."""
    work = Path(session.create_tmp())
    built = build_and_install(session, work / 'collections')
    print(f'{built.name}: {len(subprocess.run(["tar", "-tzf", built], capture_output=True, check=True).stdout.splitlines())} entries')
    run = work / 'run'
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir()
    run_playbook(session, work / 'collections', run, f'{FQCN}.demo', '-e', 'demo_containers=120')
    session.run('python', str(ROOT / 'scripts' / 'check_demo_reports.py'), str(run / 'container-audit'), '120')


# ---- the demo, the runner's proof --------------------------------------------------------------

@nox.session(python=find_python('3.11'), default=False)
def demo(session):
    """Set up (ansible-core 2.19, requirements.txt, the collection built and installed into
    $LLMOPS_CACHE/collections) and run playbooks/demo.yml; ARGS go to ansible-playbook.
    `-- --setup-only` only sets up and prints the export lines of `eval "$(make -s env)"`."""
    install(session, '-c', str(ROOT / CONSTRAINTS), 'ansible-core', f'-r{ROOT}/requirements.txt', 'jsonschema-rs')
    collections = CACHE / 'collections'
    build_and_install(session, collections)
    if session.posargs[:1] == ['--setup-only']:
        # stdout is only these lines: nox logs to stderr and the tools above ran silent.
        print(f'export PATH={session.bin}:"${{PATH}}"')
        print(f'export ANSIBLE_COLLECTIONS_PATH={collections}')
        return
    run_playbook(session, collections, ROOT, 'playbooks/demo.yml', *session.posargs)
    session.log('ansible-playbook and the collection in your shell (from this directory): eval "$(make -s env)"')


@nox.session(python=find_python('3.11'), default=False)
def mutation(session):
    """scripts/mutation.py, on demand (not in `make test`): -- [--all | FILE...]; the mutation testing
    guide (docs/docsite/rst/contributing/mutation_testing.rst)."""
    install(session, '-c', str(ROOT / CONSTRAINTS), 'cosmic-ray', 'ansible-core', f'-r{ROOT}/requirements.txt',
            f'-r{ROOT}/tests/unit/requirements.txt')
    session.run('python', str(ROOT / 'scripts' / 'mutation.py'), str(stage('mutation')), str(CACHE / 'mutation'),
                *session.posargs)


@nox.session(venv_backend='none', tags=[TEST], default=False)
def harness(session):
    """scripts/harness_test.py: the runner of `make test` (scripts/harness.py) and the tarball's key."""
    session.run(sys.executable, str(ROOT / 'scripts' / 'harness_test.py'), external=True)


# ---- the build and Galaxy's import check --------------------------------------------------------

@nox.session(name='build-import-check', python=find_python('3.11'), tags=[TEST], default=False)
def build_import_check(session):
    """galaxy-importer on the run's tarball, failing on any WARNING or ERROR it reports: it exits 0
    with them (Galaxy would show them)."""
    install(session, '-c', str(ROOT / CONSTRAINTS), 'ansible-core', 'galaxy-importer')
    work = Path(session.create_tmp()) / 'import'
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    built = shutil.copy(tarball(session), work)
    with session.chdir(work):
        output = session.run('python', '-m', 'galaxy_importer.main', Path(built).name, silent=True)
    print(output)
    reported = re.findall(r'^\s*(?:WARNING|ERROR)\b.*$', output, re.M)
    if reported:
        session.error('galaxy-importer reported:\n' + '\n'.join(reported))


# ---- antsibull-nox.toml's sessions -------------------------------------------------------------

load_antsibull_nox_toml()


@nox.session(name='antsibull-nox', venv_backend='none', tags=[TEST], default=False,
             requires=['docs-check', 'ansible-lint', 'extra-checks'])
def antsibull_nox_checks(session):
    """antsibull-nox.toml's sessions, which come untagged: `nox -t test` runs them as this session's
    requirements (this one fails when one of them did)."""
    session.log('docs-check, ansible-lint and extra-checks passed')
