#!/usr/bin/env bash
# Set up everything `make demo` needs; safe to run again (fast when nothing changed):
#  1. a venv with ansible-core 2.19 on Python 3.11, requirements.txt and the optional fast
#     validator jsonschema-rs;
#  2. the collection built with ansible-galaxy from the current work tree and installed into
#     $LLMOPS_CACHE/collections (the ANSIBLE_COLLECTIONS_PATH that scripts/demo.sh uses).
# Prints `export` lines at the end (its progress goes to stderr), so that
# `eval "$(make -s env)"` (or `eval "$(scripts/setup.sh)"`) puts them into the caller's shell.
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mkdir -p "$LLMOPS_CACHE"
exec 9>"${LLMOPS_CACHE}/setup.lock"
if ! flock --nonblock 9; then
    log "another scripts/setup.sh is using ${LLMOPS_CACHE}; waiting for it to finish"
    flock 9
fi

python="$(find_python 3.11)" || die "Python 3.11 not found (tried pyenv, python3.11, python3)"
ensure_venv "demo-core${CORE_2_19}" "$python" \
    "ansible-core==${CORE_2_19}" "${REPO_ROOT}/requirements.txt" jsonschema-rs
log "staging the work tree (tracked + untracked, not ignored) in ${LLMOPS_CACHE}/build/src"
stage_tree "${LLMOPS_CACHE}/build/src"
log "building the collection with ansible-galaxy"
tarball="$(build_collection "${LLMOPS_CACHE}/build/src" "${LLMOPS_CACHE}/build/dist")"
[[ -n "$tarball" ]] || die "ansible-galaxy collection build produced no tarball"
log "installing $(basename "$tarball") into ${LLMOPS_CACHE}/collections"
install_collection "$tarball" "${LLMOPS_CACHE}/collections"
# The whole output, then its first line: `ansible --version | head -n 1` can make ansible write
# into a closed pipe and print a traceback (Broken pipe), every few runs with PYTHONUNBUFFERED=1.
version="$("${VENV}/bin/ansible" --version)"
log "ready: ${version%%$'\n'*}, collection ${COLLECTION_FQCN} in ${LLMOPS_CACHE}/collections"
# shellcheck disable=SC2016  # $PATH is for the shell that evaluates this line
printf 'export PATH=%q:"${PATH}"\n' "${VENV}/bin"
printf 'export ANSIBLE_COLLECTIONS_PATH=%q\n' "${LLMOPS_CACHE}/collections"
