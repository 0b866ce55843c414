#!/usr/bin/env bash
# `make demo`: set up (scripts/setup.sh), then run playbooks/demo.yml against the installed
# collection. Extra arguments go to ansible-playbook (for example -v).
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

playbook="${REPO_ROOT}/playbooks/demo.yml"
[[ -f "$playbook" ]] || die "playbooks/demo.yml does not exist yet: there is no demo to run"

eval "$(bash "${REPO_ROOT}/scripts/setup.sh")"
export ANSIBLE_COLLECTIONS_PATH
# The demo must exercise the installed copy only, never a checkout found on sys.path.
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
# The demo runs on the implicit localhost: no inventory is expected.
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
log "running ansible-playbook ${playbook#"${REPO_ROOT}/"}"
cd "$REPO_ROOT"
rc=0
ansible-playbook "$playbook" "$@" || rc=$?
if [[ "$rc" == 0 ]]; then
    # shellcheck disable=SC2016  # printed for the user to paste, not expanded here
    log 'ansible-playbook and the collection in your shell (from this directory): eval "$(make -s env)"'
fi
exit "$rc"
