#!/usr/bin/env bash
# `make test`: every test of the collection. One line per step (name, PASS/FAIL/SKIP, seconds, the
# file with the step's whole output); a failed step also shows the end of its log. The last line
# is `SUMMARY: N passed, N failed`; the exit status is non-zero if any step failed. Each step runs
# with errexit: the first failing command inside a step fails it (proved by the `harness` step).
#
#   scripts/test.sh                        all steps
#   scripts/test.sh STEP [ARG...] ...      only these steps; ARGs go to that step's command
#   scripts/test.sh sanity | units | integration | 2.19 | ...   a group of steps
#   scripts/test.sh -v STEP ...            the same, with each step's output shown as it runs
#
# Steps: harness  the step runner: a step with a failing command in its middle fails the run
#        sanity-2.19 units-2.19 integration-2.19      ansible-core 2.19 on Python 3.11
#        sanity-2.21 units-2.21 integration-2.21      ansible-core 2.21 on Python 3.12 (SKIP if absent)
#        units-2.17 integration-2.17                  ansible-core 2.17 on Python 3.11
#        compat   sanity compile + import of the modules on the other Pythons that
#                 tests/config.yml promises (3.9, 3.10, 3.13), with ansible-core 2.19
#        galaxy   build the tarball, install it into an empty collections path, list its modules
#        doc      ansible-doc renders every plugin of the installed collection
#        eda      the event source under the real ansible-rulebook (own venv, Java 17) with the
#                 documented rulebook against the emulator: tests/eda/check_rulebook.py
#        release  scripts/release_checks.sh: changelog, docs lint, docsite, execution environment,
#                 galaxy-importer, ansible-lint (production) and the demo from the built tarball
# Examples: scripts/test.sh integration-2.19 container_info
#           scripts/test.sh sanity-2.19 --test validate-modules
#           scripts/test.sh units-2.19 tests/unit/plugins/modules/   (a directory needs the /)
#
# Logs: $LLMOPS_CACHE/logs/steps/STEP.log, rewritten on every run.
# ansible-test runs in a copy of the work tree at $LLMOPS_CACHE/ac/ansible_collections/llmops/openai
# (see stage_tree in scripts/lib.sh); results stay in that copy's tests/output/.
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ALL_STEPS=(
    harness
    sanity-2.19 units-2.19 integration-2.19
    sanity-2.21 units-2.21 integration-2.21
    units-2.17 integration-2.17
    compat galaxy doc eda release
)
ANSIBLE_TEST_ROOT="${LLMOPS_CACHE}/ac/ansible_collections/${COLLECTION_NAMESPACE}/${COLLECTION_NAME}"
TEST_COLLECTIONS="${LLMOPS_CACHE}/test-collections"
# ansible-test keeps its sanity venvs and its pip bootstrap cache in ~/.ansible/test and is not
# safe against a second ansible-test sharing them (one run deletes a venv the other is
# building), so it runs with its own HOME under the cache.
ANSIBLE_TEST_HOME="${LLMOPS_CACHE}/home"
# One log file per step, named in the step's line of the output (rewritten on every run).
STEP_LOGS="${LLMOPS_CACHE}/logs/steps"

# Environment that must not leak into ansible-test or the checks from the caller's shell.
unset ANSIBLE_COLLECTIONS_PATH ANSIBLE_COLLECTIONS_PATHS ANSIBLE_CONFIG ANSIBLE_INVENTORY

# line_python LINE: the controller Python version used for an ansible-core line
line_python() {
    case "$1" in
        2.17 | 2.19) echo 3.11 ;;
        2.21) echo 3.12 ;;
        *) die "unknown ansible-core line $1" ;;
    esac
}

line_core() {
    case "$1" in
        2.17) echo "$CORE_2_17" ;;
        2.19) echo "$CORE_2_19" ;;
        2.21) echo "$CORE_2_21" ;;
        *) die "unknown ansible-core line $1" ;;
    esac
}

# line_venv LINE: set VENV (and PYVER) to the test venv of an ansible-core line;
# returns $STEP_SKIPPED when Python 3.12 is missing for 2.21.
line_venv() {
    local line="$1" python core
    PYVER="$(line_python "$line")"
    core="$(line_core "$line")"
    if ! python="$(find_python "$PYVER")"; then
        if [[ "$line" == 2.21 ]]; then
            echo "SKIP: Python ${PYVER} not found (looked in \$(pyenv root)/versions/${PYVER}.*/bin and PATH)"
            return "$STEP_SKIPPED"
        fi
        die "Python ${PYVER} not found"
    fi
    ensure_venv "core${core}-py${PYVER}" "$python" "ansible-core==${core}" \
        "${REPO_ROOT}/requirements.txt" \
        "${REPO_ROOT}/tests/unit/requirements.txt" \
        "${REPO_ROOT}/tests/integration/requirements.txt"
}

# ansible-test makes a venv for most sanity tests (and for units/integration requirement checks)
# without pip, then runs ~/.ansible/test/cache/get_pip_<X_Y>.py, which it would download from a
# host that is not reachable here. Put scripts/get_pip_standin.py there (in ansible-test's HOME)
# for every pip version pinned by the installed ansible-test.
install_get_pip_standins() {
    local requirements_py version cache="${ANSIBLE_TEST_HOME}/.ansible/test/cache"
    requirements_py="$("${VENV}/bin/python" -c 'import ansible_test, os; print(os.path.join(os.path.dirname(ansible_test.__file__), "_internal", "python_requirements.py"))')"
    mkdir -p "$cache"
    local -a versions
    mapfile -t versions < <(grep -oE "\bpip='[0-9][0-9.]*'" "$requirements_py" | cut -d"'" -f2 | sort -u)
    [[ ${#versions[@]} -gt 0 ]] || die "no pip='X.Y' pin found in ${requirements_py}"
    for version in "${versions[@]}"; do
        if ! cmp -s "${REPO_ROOT}/scripts/get_pip_standin.py" "${cache}/get_pip_${version//./_}.py"; then
            cp "${REPO_ROOT}/scripts/get_pip_standin.py" "${cache}/get_pip_${version//./_}.py"
            log "pip bootstrap: installed stand-in ${cache}/get_pip_${version//./_}.py (pip ${version})"
        fi
    done
}

# run_ansible_test LINE COMMAND [ARG...]
run_ansible_test() {
    local line="$1" command="$2"
    shift 2
    line_venv "$line" || return
    ansible_test "$PYVER" "$command" "$@"
}

# ansible_test PYVER COMMAND [ARG...]: ansible-test from $VENV in the copy, for Python PYVER
# (found through pyenv: ansible-test looks pythonX.Y up on PATH, where pyenv's shims may not run).
ansible_test() {
    local pyver="$1" command="$2" python rc=0
    shift 2
    python="$(find_python "$pyver")" || die "Python ${pyver} not found"
    install_get_pip_standins
    local -a cmd=("${VENV}/bin/ansible-test" "$command" --local --python "$pyver" --color no)
    log "${ANSIBLE_TEST_ROOT}: ${cmd[*]#"${VENV}/bin/"} $*"
    (
        cd "$ANSIBLE_TEST_ROOT"
        export PIP_CACHE_DIR="${PIP_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME}/.cache}/pip}"
        if command -v pyenv >/dev/null 2>&1; then PYENV_ROOT="$(pyenv root)" && export PYENV_ROOT; fi
        HOME="$ANSIBLE_TEST_HOME" PATH="${VENV}/bin:$(dirname "$python"):${PATH}" "${cmd[@]}" "$@"
    ) || rc=$?
    return "$rc"
}

check_ignore_files_empty() {
    local f bad=0
    for f in "${REPO_ROOT}"/tests/sanity/ignore-*.txt; do
        [[ -e "$f" ]] || continue
        if grep -qvE '^[[:space:]]*$' "$f"; then
            echo "FAIL: ${f#"${REPO_ROOT}/"} must stay empty (fix the code instead):"
            sed 's/^/    /' "$f"
            bad=1
        fi
    done
    return "$bad"
}

step_sanity() {
    local line="$1" rc=0 out
    shift
    check_ignore_files_empty || rc=1
    out="$(mktemp)"
    run_ansible_test "$line" sanity "$@" 2>&1 | tee "$out" || rc=$?
    # ansible-test names every test it runs; show the list once more where it is easy to find.
    local -a ran
    mapfile -t ran < <(sed -nE 's/^Running sanity test "([^"]+)".*/\1/p' "$out")
    echo "sanity tests run (${#ran[@]}): ${ran[*]}"
    if grep -q '^FATAL: The .* sanity test(s) listed below' "$out"; then
        echo "sanity tests failed: $(sed -n '/^FATAL: The .* sanity test(s) listed below/,$p' "$out" | tail -n +2 | grep -E '^[a-z0-9-]+$' | paste -sd' ' -)"
    fi
    if grep -q 'Skipping sanity test' "$out"; then
        echo "sanity tests skipped:"
        grep 'Skipping sanity test' "$out" | sed 's/^/    /'
    fi
    rm -f "$out"
    return "$rc"
}

# tests/config.yml lets the modules run on Python >= 3.9 (on a managed node or an execution
# environment); sanity-2.19/2.21 only cover the controller's 3.11 and 3.12.
step_compat() {
    local pyver rc=0
    line_venv 2.19
    for pyver in 3.9 3.10 3.13; do
        ansible_test "$pyver" sanity --test compile --test import "$@" || rc=1
    done
    return "$rc"
}

step_units() {
    local line="$1"
    shift
    run_ansible_test "$line" units "$@"
}

step_integration() {
    local line="$1"
    shift
    run_ansible_test "$line" integration "$@"
}

# plugin_files TYPE_DIR: names of the plugin files in plugins/TYPE_DIR (without extension)
plugin_files() {
    local dir="${REPO_ROOT}/plugins/$1" f base
    [[ -d "$dir" ]] || return 0
    for f in "$dir"/*.py; do
        [[ -e "$f" ]] || continue
        base="$(basename "$f" .py)"
        [[ "$base" == _* ]] && continue
        echo "$base"
    done
}

# Steps run in subshells, so "already built in this run" is a file naming the run's shell ($$).
build_and_install_for_tests() {
    line_venv 2.19
    [[ "$(cat "${TEST_COLLECTIONS}/.built-by" 2>/dev/null)" == "$$" ]] && return 0
    local dist tarball
    dist="$(mktemp -d)"
    tarball="$(build_collection "$ANSIBLE_TEST_ROOT" "$dist")"
    [[ -n "$tarball" ]] || die "ansible-galaxy collection build produced no tarball"
    echo "built $(basename "$tarball") ($(tar -tzf "$tarball" | wc -l) entries)"
    rm -rf "$TEST_COLLECTIONS"
    install_collection "$tarball" "$TEST_COLLECTIONS"
    rm -rf "$dist"
    echo "$$" >"${TEST_COLLECTIONS}/.built-by"
}

step_galaxy() {
    build_and_install_for_tests
    local listed expected name rc=0
    listed="$(ANSIBLE_COLLECTIONS_PATH="$TEST_COLLECTIONS" "${VENV}/bin/ansible-doc" -t module -l "$COLLECTION_FQCN" 2>&1)" || {
        echo "$listed"
        return 1
    }
    echo "$listed"
    expected="$(plugin_files modules)"
    if [[ -z "$expected" ]]; then
        echo "note: plugins/modules has no modules yet"
    fi
    for name in $expected; do
        if ! grep -qE "^${COLLECTION_FQCN//./\\.}\.${name}[[:space:]]" <<<"$listed"; then
            echo "FAIL: module ${COLLECTION_FQCN}.${name} is missing from ansible-doc -l"
            rc=1
        fi
    done
    return "$rc"
}

# Every plugin type directory is checked, so a new plugin (or a new type) is covered without
# editing this script. Files named like the plugin are rendered; filter and test plugin files
# may hold several plugins, so for those the names come from ansible-doc's own listing.
step_doc() {
    build_and_install_for_tests
    local dir type name out rc=0 count=0
    local -a names
    export ANSIBLE_COLLECTIONS_PATH="$TEST_COLLECTIONS"
    for dir in "${REPO_ROOT}"/plugins/*/; do
        type="$(basename "$dir")"
        case "$type" in
            module_utils | doc_fragments | plugin_utils | action | __pycache__) continue ;;
            modules) type=module ;;
        esac
        mapfile -t names < <(plugin_files "$(basename "$dir")")
        if [[ "$type" == filter || "$type" == test ]]; then
            mapfile -t names < <(
                "${VENV}/bin/ansible-doc" -t "$type" -l "$COLLECTION_FQCN" --json |
                    "${VENV}/bin/python" -c 'import json, sys; print("\n".join(n.split(".")[-1] for n in json.load(sys.stdin)))'
            )
            if [[ -n "$(plugin_files "$(basename "$dir")")" && ${#names[@]} -eq 0 ]]; then
                echo "FAIL: plugins/$(basename "$dir") has files but ansible-doc lists no ${type} plugin"
                rc=1
            fi
        fi
        for name in "${names[@]}"; do
            [[ -n "$name" ]] || continue
            count=$((count + 1))
            if out="$("${VENV}/bin/ansible-doc" -t "$type" "${COLLECTION_FQCN}.${name}" 2>&1)" &&
                ! grep -qE '\[(WARNING|ERROR)\]|^ERROR' <<<"$out" && [[ -n "$out" ]]; then
                echo "ok   ${type} ${COLLECTION_FQCN}.${name} ($(wc -l <<<"$out") lines)"
            else
                echo "FAIL ${type} ${COLLECTION_FQCN}.${name}:"
                head -n 40 <<<"$out" | sed 's/^/    /' 
                rc=1
            fi
        done
    done
    echo "rendered ${count} plugin(s)"
    return "$rc"
}

# ---- eda (issue 12) -------------------------------------------------------------------------
# ansible-rulebook (tests/eda/requirements.txt) in its own venv, with the collection installed from
# the tarball. Its output stays in $LLMOPS_CACHE/eda/rulebook.log.
step_eda() {
    build_and_install_for_tests
    local python work="${LLMOPS_CACHE}/eda"
    python="$(find_python 3.11)" || die "Python 3.11 not found"
    ensure_venv "rulebook-core${CORE_2_19}-py3.11" "$python" "ansible-core==${CORE_2_19}" \
        "${REPO_ROOT}/requirements.txt" "${REPO_ROOT}/tests/eda/requirements.txt"
    rm -rf "$work"
    mkdir -p "$work"
    PATH="${VENV}/bin:${PATH}" "${VENV}/bin/python" "${REPO_ROOT}/tests/eda/check_rulebook.py" "$TEST_COLLECTIONS" "$work"
}
# ---- end eda --------------------------------------------------------------------------------
# The step runner itself: a failing command in the middle of a step must fail that step.
step_harness() {
    bash "${REPO_ROOT}/scripts/test_step_runner.sh"
}

step_release() {
    # Changelog and docs lint, the docsite, the execution environment, galaxy-importer,
    # ansible-lint (production profile, whole collection) and the demo from the built tarball.
    bash "${REPO_ROOT}/scripts/release_checks.sh" "$@"
}

# ---- step selection -----------------------------------------------------------------------
declare -a SELECTED=()
declare -A STEP_ARGS=()
add_step() {
    local s
    for s in "${SELECTED[@]}"; do [[ "$s" == "$1" ]] && return 0; done
    SELECTED+=("$1")
}
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    sed -n '2,/^# shellcheck/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
    exit 0
fi
if [[ "${1:-}" == -v || "${1:-}" == --verbose ]]; then
    export STEP_STREAM=1
    shift
fi
last=
for arg in "$@"; do
    matched=0
    for step in "${ALL_STEPS[@]}"; do
        if [[ "$arg" == "$step" || "$step" == "${arg}-"* || "$step" == *"-${arg}" ]]; then
            add_step "$step"
            matched=1
            last="$step"
        fi
    done
    if [[ "$matched" == 0 ]]; then
        [[ -n "$last" ]] || die "unknown step '${arg}' (steps: ${ALL_STEPS[*]})"
        STEP_ARGS[$last]+="${STEP_ARGS[$last]:+ }$(printf '%q' "$arg")"
    fi
done
[[ ${#SELECTED[@]} -gt 0 ]] || SELECTED=("${ALL_STEPS[@]}")

run_step() {
    local step="$1"
    local -a args=()
    [[ -n "${STEP_ARGS[$step]:-}" ]] && eval "args=(${STEP_ARGS[$step]})"
    case "$step" in
        sanity-* | units-* | integration-*) "step_${step%%-*}" "${step#*-}" "${args[@]}" ;;
        *) "step_${step}" "${args[@]}" ;;
    esac
}

# Debian packages the tests use: shellcheck (ansible-test sanity's shellcheck test), chromium
# (the audit's HTML report is checked in a real headless browser) and a Java 17 runtime
# (ansible-rulebook's rule engine, step eda). Installed when missing.
ensure_system_packages() {
    local -a missing=()
    command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)  # ansible-rulebook (step eda)
    [[ ${#missing[@]} -gt 0 ]] || return 0
    if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        die "the tests need ${missing[*]}: sudo apt-get install ${missing[*]}"
    fi
    log "apt-get install ${missing[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } \
        >"${LLMOPS_CACHE}/logs/apt.log" 2>&1 || die "apt-get install ${missing[*]} failed (see ${LLMOPS_CACHE}/logs/apt.log)"
}

mkdir -p "${LLMOPS_CACHE}/logs"
ensure_system_packages
# Two runs at once would restage the same copy under each other: take turns.
exec 9>"${LLMOPS_CACHE}/test.lock"
if ! flock --nonblock 9; then
    log "another scripts/test.sh is using ${LLMOPS_CACHE}; waiting for it to finish"
    flock 9
fi
log "staging the work tree in ${ANSIBLE_TEST_ROOT}"
stage_tree "$ANSIBLE_TEST_ROOT"
log "running ${#SELECTED[@]} step(s); the whole output of each is in ${STEP_LOGS}/STEP.log"
run_steps "$STEP_LOGS" run_step "${SELECTED[@]}"
