# Shared helpers for scripts/setup.sh, scripts/demo.sh and scripts/test.sh.
# Sourced, not run. Everything it creates lives under $LLMOPS_CACHE, never in the repository.
# shellcheck shell=bash disable=SC2034  # SC2034: variables used by the scripts that source this file

set -o errexit -o nounset -o pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LLMOPS_CACHE="${LLMOPS_CACHE:-${HOME}/.cache/llmops-openai}"
COLLECTION_NAMESPACE=llmops
COLLECTION_NAME=openai
COLLECTION_FQCN="${COLLECTION_NAMESPACE}.${COLLECTION_NAME}"

# The newest patch release of each ansible-core line we support. Bump them here (the venvs
# are rebuilt automatically because the pins are part of each venv's stamp).
CORE_2_17=2.17.14
CORE_2_19=2.19.14
CORE_2_21=2.21.5
ANSIBLE_LINT=26.10.1

export PIP_DISABLE_PIP_VERSION_CHECK=1

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# with_tools_home CMD...: CMD with HOME in the cache. antsibull-docs (antsibull-core's default
# logging) writes ~/antsibull.log, and the tools would read a ~/.antsibull.cfg of the user's.
with_tools_home() {
    mkdir -p "${LLMOPS_CACHE}/tools-home"
    HOME="${LLMOPS_CACHE}/tools-home" "$@"
}

# find_python X.Y: print the path of a working pythonX.Y (pyenv install first, then PATH).
# pyenv shims exist for every installed version but may not run, so each candidate is executed.
find_python() {
    local want="$1" candidate root
    local -a candidates=()
    if command -v pyenv >/dev/null 2>&1 && root="$(pyenv root 2>/dev/null)"; then
        # newest patch release first
        while IFS= read -r candidate; do
            candidates+=("$candidate")
        done < <(compgen -G "${root}/versions/${want}.*/bin/python${want}" | sort -rV)
    fi
    if command -v "python${want}" >/dev/null 2>&1; then
        candidates+=("$(command -v "python${want}")")
    fi
    if command -v python3 >/dev/null 2>&1; then
        candidates+=("$(command -v python3)")
    fi
    for candidate in "${candidates[@]}"; do
        if [[ "$("$candidate" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" == "$want" ]]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}

# ensure_venv NAME PYTHON REQUIREMENT... : create (or reuse) $LLMOPS_CACHE/venvs/NAME.
# A REQUIREMENT is either a file path (installed with -r) or a pip requirement string.
# The venv is reused only when its stamp (interpreter + every requirement, with the contents of
# requirement files) is unchanged; otherwise it is rebuilt from scratch.
ensure_venv() {
    local name="$1" python="$2"
    shift 2
    local venv="${LLMOPS_CACHE}/venvs/${name}" stamp req
    local -a pip_args=()
    stamp="$(
        {
            "$python" -c 'import sys; print(sys.version)'
            # A file is stamped by its path in the repository, not its absolute path: two clones
            # (or worktrees) with the same requirements share a venv instead of rebuilding it.
            for req in "$@"; do
                printf '%s\n' "${req#"${REPO_ROOT}/"}"
                if [[ -f "$req" ]]; then cat "$req"; fi
            done
        } | sha256sum | cut -d' ' -f1
    )"
    if [[ -x "${venv}/bin/python" && -f "${venv}/.llmops-stamp" && "$(cat "${venv}/.llmops-stamp")" == "$stamp" ]]; then
        log "venv ${name}: up to date (${venv})"
        VENV="$venv"
        return 0
    fi
    log "venv ${name}: creating with $("$python" --version 2>&1) at ${venv}"
    rm -rf "$venv"
    mkdir -p "${LLMOPS_CACHE}/venvs" "${LLMOPS_CACHE}/logs"
    "$python" -m venv "$venv"
    for req in "$@"; do
        if [[ -f "$req" ]]; then pip_args+=(-r "$req"); else pip_args+=("$req"); fi
    done
    log "venv ${name}: pip install ${pip_args[*]}"
    if ! "${venv}/bin/python" -m pip install --quiet "${pip_args[@]}" >"${LLMOPS_CACHE}/logs/pip-${name}.log" 2>&1; then
        grep -v "is ignored: it is neither a file nor a directory" "${LLMOPS_CACHE}/logs/pip-${name}.log" | tail -n 30 >&2 || true
        rm -rf "$venv"
        die "pip install failed for venv ${name} (log: ${LLMOPS_CACHE}/logs/pip-${name}.log)"
    fi
    printf '%s\n' "$stamp" >"${venv}/.llmops-stamp"
    VENV="$venv"
}

# stage_tree DEST: copy the collection's working tree into DEST as git sees it: tracked files plus
# untracked files that are not ignored (so uncommitted work is included and tests/output, caches
# and venvs are not), then make DEST its own git repository with every file added, because
# ansible-test sanity asks git which files belong to the collection. Nothing is written to the
# source repository.
stage_tree() {
    local dest="$1"
    [[ -d "${REPO_ROOT}/.git" || -f "${REPO_ROOT}/.git" ]] || die "${REPO_ROOT} is not a git work tree"
    rm -rf "$dest"
    mkdir -p "$dest"
    (
        cd "$REPO_ROOT"
        git ls-files -z --cached --others --exclude-standard |
            while IFS= read -r -d '' f; do
                # skip tracked files deleted in the work tree
                if [[ -e "$f" || -L "$f" ]]; then printf '%s\0' "$f"; fi
            done |
            tar --null --files-from=- --create --file=-
    ) | tar --extract --file=- --directory="$dest"
    (
        cd "$dest"
        git init --quiet
        git add --all
    )
}

# build_collection SRC OUTDIR: ansible-galaxy collection build; prints the tarball path.
build_collection() {
    local src="$1" outdir="$2"
    mkdir -p "$outdir"
    rm -f "${outdir}/${COLLECTION_NAMESPACE}-${COLLECTION_NAME}-"*.tar.gz
    (cd "$src" && "${VENV}/bin/ansible-galaxy" collection build --force --output-path "$outdir" >&2)
    compgen -G "${outdir}/${COLLECTION_NAMESPACE}-${COLLECTION_NAME}-*.tar.gz" | head -n 1
}

# install_collection TARBALL COLLECTIONS_PATH
install_collection() {
    local tarball="$1" path="$2"
    mkdir -p "$path"
    ANSIBLE_COLLECTIONS_PATH="$path" \
        "${VENV}/bin/ansible-galaxy" collection install --offline --force -p "$path" "$tarball" >&2
}

# ---- steps -----------------------------------------------------------------------------------
STEP_SKIPPED=77  # a step returns this when it cannot run here (for example: no Python 3.12)

# run_steps LOG_DIR RUNNER STEP...: run `RUNNER STEP` for each STEP, in a subshell with errexit on,
# so that any failing command inside a step fails that step (and a `die` ends only that step);
# then the next step. The output of a step goes to LOG_DIR/STEP.log (also to the terminal when
# STEP_STREAM=1). Prints one line per step (name, PASS/FAIL/SKIP, seconds, log file), the end of
# the log of a failed step, and `SUMMARY: N passed, N failed[, N skipped]`; returns 1 if a step
# failed. scripts/test_step_runner.sh proves it.
run_steps() {
    local log_dir="$1" runner="$2" step rc start status logfile probe passed=0 failed=0 skipped=0
    shift 2
    # Bash ignores errexit, even a `set -o errexit` inside a subshell, in everything run from a
    # condition (`if`, `||`, `&&`, `!`): a step would then pass with a failure in its middle.
    set +o errexit
    probe="$(set -o errexit; false; echo reached)"
    set -o errexit
    [[ "$probe" != reached ]] || die "run_steps must not run inside a condition (if, ||, &&): errexit would be ignored in every step"
    mkdir -p "$log_dir"
    for step in "$@"; do
        logfile="${log_dir}/${step}.log"
        start=$SECONDS
        set +o errexit
        if [[ "${STEP_STREAM:-0}" == 1 ]]; then
            printf '======== %s (log: %s)\n' "$step" "$logfile"
            (set -o errexit; "$runner" "$step") </dev/null 2>&1 | tee "$logfile"
            rc=${PIPESTATUS[0]}
        else
            printf '%-18s ' "$step"
            (set -o errexit; "$runner" "$step") </dev/null >"$logfile" 2>&1
            rc=$?
        fi
        set -o errexit
        if [[ "$rc" == 0 ]]; then
            status=PASS passed=$((passed + 1))
        elif [[ "$rc" == "$STEP_SKIPPED" ]]; then
            status=SKIP skipped=$((skipped + 1))
        else
            status=FAIL failed=$((failed + 1))
        fi
        [[ "${STEP_STREAM:-0}" == 1 ]] && printf '%-18s ' "$step"
        printf '%s %5ss  %s\n' "$status" "$((SECONDS - start))" "$logfile"
        if [[ "$status" == FAIL && "${STEP_STREAM:-0}" != 1 ]]; then
            tail -n "${STEP_LOG_TAIL:-40}" "$logfile" | sed 's/^/    | /'
        elif [[ "$status" == SKIP ]]; then
            tail -n 1 "$logfile" | sed 's/^/    | /'
        fi
    done
    printf 'SUMMARY: %d passed, %d failed%s\n' "$passed" "$failed" "$([[ $skipped -gt 0 ]] && printf ', %d skipped' "$skipped")"
    [[ "$failed" == 0 ]]
}
