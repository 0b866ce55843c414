#!/usr/bin/env bash
# container_archive as Ansible runs it (ansible-playbook), against the emulator's files and file faults:
# the files of 23 containers land exactly under dest/<container id>/ with a manifest, the second run
# downloads nothing, check mode writes nothing, hostile paths write nothing outside dest, a content
# error or a size lie fails only its container and leaves no partial file; and the playbook
# llmops.openai.archive archives the stale containers.
set -eux -o pipefail

source ../setup_emulator/emulator.sh

NOW=1767225600
start_emulator --containers 0 --now "${NOW}"
work="${EMULATOR_STATE}"
"${EMULATOR_PYTHON}" files.py setup "${EMULATOR_BASE_URL%/v1}" "${NOW}" > "${work}/state.json"

play() {
    ansible-playbook "${LOCAL_PLAYBOOK_ARGS[@]}" archive.yml -e "emulator_url=${EMULATOR_BASE_URL}" -e "emulator_key=${EMULATOR_API_KEY}" \
        -e "state_file=${work}/state.json" -e "dest=${work}/archive" "$@"
}
contents() {
    emulator_control GET /_emulator/stats | "${EMULATOR_PYTHON}" -c \
        'import json, sys; print(json.load(sys.stdin)["by_route"].get("GET /v1/containers/{container_id}/files/{file_id}/content", 0))'
}

# 1. Check mode: the file lists are read, no content is requested, nothing is written.
play --check -e step=check
test "$(contents)" = 0
test ! -e "${work}/archive"

# 2. The 23 good containers: every file with its exact bytes, a manifest naming every id and SHA-256.
play -e step=archive
"${EMULATOR_PYTHON}" files.py check "${work}/state.json" "${work}/archive"
files="$(contents)"
test "${files}" -gt 23

# 3. The second run downloads nothing (changed=false, asserted in the play).
play -e step=again
test "$(contents)" = "${files}"

# 4. Hostile paths, a size lie, a content error: those containers fail, nothing lands outside dest,
#    no partial file is left.
outside() {
    find "${work}" -path "${work}/archive" -prune -o -type f ! -name '*.log' -print | sort
    ls -d /tmp/escaped.txt /etc/cron.d/emulator 2>/dev/null || true
}
before="$(outside)"
play -e step=faults
"${EMULATOR_PYTHON}" files.py check "${work}/state.json" "${work}/archive" hostile
test "$(outside)" = "${before}"

# 5. Without the faults, the collection's playbook archives every stale container (all of them: the
#    host's clock is after the emulator's), its connection from the environment.
emulator_control DELETE /_emulator/faults
OPENAI_API_KEY="${EMULATOR_API_KEY}" OPENAI_BASE_URL="${EMULATOR_BASE_URL}" ansible-playbook "${LOCAL_PLAYBOOK_ARGS[@]}" \
    llmops.openai.archive -e "openai_archive_dir=${work}/playbook" | tee "${work}/playbook.log"
grep -qF "26 stale container(s): 26 archived" "${work}/playbook.log"
test "$(find "${work}/playbook" -mindepth 1 -maxdepth 1 -type d | wc -l)" = 26
