# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's tests as nox sessions; `make test` (scripts/harness.py) runs them as steps.

antsibull-nox.toml adds the sessions that need no container engine (docs-check,
build-import-check, ansible-lint, extra-checks). The sessions below run what antsibull-nox would
run in a container: ansible-test with --local, in a copy of the tree, for each ansible-core line;
and the release checks. Run one with scripts/harness.py (it keeps the venvs in $LLMOPS_CACHE/nox):

    python3 scripts/harness.py units-2.19 tests/unit/plugins/modules/
    python3 scripts/harness.py session core-2.19 -- sanity --test pep8
"""

import contextlib
import difflib
import functools
import glob
import io
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
# ansible-test keeps its venvs and its pip bootstrap cache in ~/.ansible/test and is not safe
# against a second ansible-test sharing them: it runs with its own HOME in the cache.
ANSIBLE_TEST_HOME = CACHE / 'home'
# Every other tool runs with this HOME: antsibull-docs and antsibull-changelog write ~/antsibull.log
# and would read a ~/.antsibull.cfg, ansible a ~/.ansible.cfg; none of the user's files take part.
TOOLS_HOME = CACHE / 'tools-home'


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
# scan it), kept between runs.
nox.options.envdir = str(CACHE / 'nox')
nox.options.reuse_venv = 'yes'


def pinned(package):
    """The version scripts/constraints.txt pins for a package."""
    for line in (ROOT / CONSTRAINTS).read_text(encoding='utf-8').splitlines():
        if line.startswith(package + '=='):
            return line.split('==', 1)[1].strip()
    raise ValueError(f'{CONSTRAINTS} pins no {package}')


# ansible-core line -> (the newest patch release, the controller Python its tests run on).
LINES = {
    '2.17': ('2.17.14', '3.11'),
    '2.19': (pinned('ansible-core'), '3.11'),
    '2.21': ('2.21.5', '3.12'),
}


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


def build_and_install(session, collections):
    """Build the tarball from a copy of the tree, install it alone into COLLECTIONS; returns it."""
    src = stage(f'build/{session.name}')
    dist = src.parents[2] / 'dist'
    shutil.rmtree(dist, ignore_errors=True)
    session.run('ansible-galaxy', 'collection', 'build', '--force', '--output-path', str(dist), str(src), silent=True)
    tarball = next(dist.glob(f'{NAMESPACE}-{NAME}-*.tar.gz'))
    shutil.rmtree(collections, ignore_errors=True)
    session.run('ansible-galaxy', 'collection', 'install', '--offline', '--force', '-p', str(collections),
                str(tarball), silent=True, env={'ANSIBLE_COLLECTIONS_PATH': str(collections)})
    session.log(f'built and installed {tarball.name} into {collections}')
    return tarball


# ---- ansible-test --local, one venv per ansible-core line --------------------------------------

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
        shutil.copyfile(ROOT / 'scripts' / 'get_pip_standin.py', cache / f'get_pip_{version.replace(".", "_")}.py')


def prepare_ansible_test(session):
    """The pip bootstrap stand-ins and the staged copy ansible-test runs in; returns the copy."""
    install_get_pip_standins(session)
    return stage('ac')


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


def galaxy(session):
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


def doc(session):
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


def add_core_session(line):
    """Session core-LINE: `-- sanity|units|integration ARGS`, and on 2.19 `compat`, `galaxy`, `doc`."""
    version, python_version = LINES[line]
    python = find_python(python_version)

    def core(session):
        if not python:
            if line == '2.21':
                session.skip(f'Python {python_version} not found (looked in $(pyenv root)/versions and PATH)')
            session.error(f'Python {python_version} not found')
        session.install(f'ansible-core=={version}', *(f'-r{ROOT / path}' for path in TEST_REQUIREMENTS))
        command, args = (session.posargs or ['units'])[0], session.posargs[1:]
        if command == 'sanity':
            sanity(session, python_version, args)
        elif command in ('units', 'integration'):
            ansible_test(session, python_version, command, *args)
        elif line == '2.19' and command == 'compat':
            # sanity-2.19/2.21 cover the controller's 3.11 and 3.12; the modules also run on these.
            failed = []
            root = prepare_ansible_test(session)
            for other in COMPAT_PYTHONS:
                if ansible_test(session, other, 'sanity', '--test', 'compile', '--test', 'import', *args,
                                check=False, root=root)[0]:
                    failed.append(other)
            if failed:
                session.error('compile/import failed on Python ' + ' '.join(failed))
        elif line == '2.19' and command in ('galaxy', 'doc'):
            {'galaxy': galaxy, 'doc': doc}[command](session)
        else:
            session.error(f'core-{line}: unknown command {command}')

    core.__doc__ = f'ansible-core {version} on Python {python_version}: -- sanity|units|integration [ARGS]'
    nox.session(name=f'core-{line}', python=python or False, default=False)(core)


for _line in LINES:
    add_core_session(_line)


# ---- the event source under the real ansible-rulebook ------------------------------------------

@nox.session(python=find_python('3.11'), default=False)
def eda(session):
    """tests/eda/check_rulebook.py: the documented rulebook against the emulator (needs Java 17)."""
    session.install(f'ansible-core=={LINES["2.19"][0]}', f'-r{ROOT}/requirements.txt', f'-r{ROOT}/tests/eda/requirements.txt')
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
    session.install('-c', str(ROOT / CONSTRAINTS), 'ansible-core', f'-r{ROOT}/requirements.txt')
    litellm = litellm_proxy(session)
    collections = Path(session.create_tmp()) / 'collections'
    build_and_install(session, collections)
    work = CACHE / 'gateway'
    shutil.rmtree(work, ignore_errors=True)
    session.run('python', str(ROOT / 'tests/gateway/check_gateway.py'), str(litellm), str(collections), str(work))


# ---- release checks ----------------------------------------------------------------------------

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


# conf.py additions: built offline, intersphinx cannot fetch docs.ansible.com's inventories, so a
# reference into those docs (ansible-core's labels and environment variables, used by the generated
# plugin pages) stays plain text. A broken reference to this collection's own labels still fails.
DOCSITE_CONF = '''
intersphinx_mapping = {}


def _offline_external_reference(app, env, node, contnode):
    target = node.get('reftarget', '')
    if node.get('refdomain') == 'std' and not target.startswith('ansible_collections.llmops.openai.'):
        return contnode
    return None


def setup(app):
    app.connect('missing-reference', _offline_external_reference)
'''


def docsite(session):
    """The Sphinx docsite ($LLMOPS_CACHE/docsite/build/html): antsibull-docs sphinx-init and
    collection (plugin, module and role pages, and the RST guides of docs/docsite/rst/), then
    sphinx-build -W (a warning fails); the key pages must exist."""
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
        conf.write('\n# Added by noxfile.py (docsite).' + DOCSITE_CONF)
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


EE_DEFINITION = '''---
version: 3
images:
  base_image:
    name: quay.io/ansible/awx-ee:latest
dependencies:
  galaxy: requirements.yml
additional_build_files:
  - src: {tarball}
    dest: galaxy
additional_build_steps:
  prepend_galaxy:
    - COPY _build/galaxy/{tarball} /build/{tarball}
'''


def ee(session):
    """ansible-builder introspect finds meta/execution-environment.yml's dependencies in the
    installed tarball, and `ansible-builder create` writes the build context of
    docs/execution-environment.md's definition (with the built tarball instead of Galaxy)."""
    work = Path(session.create_tmp())
    tarball = build_and_install(session, work / 'collections')
    introspected = session.run('ansible-builder', 'introspect', str(work / 'collections'), silent=True)
    print(introspected)
    missing = [want for want in ('requests>=2.25', 'jsonschema>=4.0', 'ca-certificates') if want not in introspected]
    if missing:
        session.error(f'ansible-builder introspect does not report {", ".join(missing)} for {FQCN}')
    build = work / 'ee'
    shutil.rmtree(build, ignore_errors=True)
    build.mkdir()
    shutil.copy(tarball, build)
    (build / 'requirements.yml').write_text(f'---\ncollections:\n  - name: {tarball.name}\n    type: file\n',
                                            encoding='utf-8')
    (build / 'execution-environment.yml').write_text(EE_DEFINITION.format(tarball=tarball.name), encoding='utf-8')
    with session.chdir(build):
        session.run('ansible-builder', 'create', '-f', 'execution-environment.yml', '--context', 'context',
                    '--output-filename', 'Containerfile', '-v', '2')
    if not (build / 'context' / 'Containerfile').is_file():
        session.error('ansible-builder create wrote no Containerfile')
    print('\n'.join(sorted(str(path.relative_to(build)) for path in (build / 'context').glob('*/*'))))


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


def tarball_demo(session):
    """`ansible-playbook llmops.openai.demo` from the tarball alone: installed into an empty
    collections path, run from a directory outside the repository, no caller's ansible.cfg."""
    work = Path(session.create_tmp())
    tarball = build_and_install(session, work / 'collections')
    print(f'{tarball.name}: {len(subprocess.run(["tar", "-tzf", tarball], capture_output=True, check=True).stdout.splitlines())} entries')
    run = work / 'run'
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir()
    run_playbook(session, work / 'collections', run, f'{FQCN}.demo', '-e', 'demo_containers=120')
    problems = check_demo_reports(run / 'container-audit', 120)
    if problems:
        session.error('; '.join(problems))


@nox.session(python=find_python('3.11'), default=False)
def release(session):
    """-- changelog|docsite|ee|tarball-demo: the checks before a release, with the pinned tools."""
    session.install('-c', str(ROOT / CONSTRAINTS), 'ansible-core', 'antsibull-changelog', 'antsibull-docs', 'sphinx',
                    'sphinx-ansible-theme', 'ansible-builder', f'-r{ROOT}/requirements.txt')
    checks = {'changelog': changelog, 'docsite': docsite, 'ee': ee, 'tarball-demo': tarball_demo}
    for name in session.posargs or checks:
        if name not in checks:
            session.error(f'release: unknown check {name} (checks: {" ".join(checks)})')
        checks[name](session)


# ---- the demo, the runner's proof --------------------------------------------------------------

@nox.session(python=find_python('3.11'), default=False)
def demo(session):
    """Set up (ansible-core 2.19, requirements.txt, the collection built and installed into
    $LLMOPS_CACHE/collections) and run playbooks/demo.yml; ARGS go to ansible-playbook.
    `-- --setup-only` only sets up and prints the export lines of `eval "$(make -s env)"`."""
    session.install('-c', str(ROOT / CONSTRAINTS), 'ansible-core', f'-r{ROOT}/requirements.txt', 'jsonschema-rs')
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
    """scripts/mutation.py, on demand (not in `make test`): -- [--all | FILE...]; the mutation testing guide (docs/docsite/rst/mutation_testing.rst)."""
    session.install('-c', str(ROOT / CONSTRAINTS), 'cosmic-ray', 'ansible-core', f'-r{ROOT}/requirements.txt',
                    f'-r{ROOT}/tests/unit/requirements.txt')
    session.run('python', str(ROOT / 'scripts' / 'mutation.py'), str(stage('mutation')), str(CACHE / 'mutation'),
                *session.posargs)


@nox.session(venv_backend='none', default=False)
def harness(session):
    """scripts/harness_test.py: the step runner of `make test` fails a step that fails in its middle."""
    session.run(sys.executable, str(ROOT / 'scripts' / 'harness_test.py'), external=True)


# ---- antsibull-nox.toml's sessions -------------------------------------------------------------

load_antsibull_nox_toml()


def strict_galaxy_importer(build_import_check):
    """antsibull-nox's build-import-check, failing on any WARNING or ERROR of galaxy-importer:
    galaxy-importer exits 0 with them (Galaxy would show them), antsibull-nox only warns."""
    def session_func(session):
        output = io.StringIO()

        class Tee(io.TextIOBase):
            def write(self, text):
                output.write(text)
                return sys.__stdout__.write(text)

        with contextlib.redirect_stdout(Tee()):
            build_import_check(session)
        reported = re.findall(r'^\s*(?:WARNING|ERROR)\b.*$', output.getvalue(), re.M)
        if reported:
            session.error('galaxy-importer reported:\n' + '\n'.join(reported))
    return session_func


_build_import_check = nox.registry.get()['build-import-check']
_build_import_check.func = strict_galaxy_importer(_build_import_check.func)
