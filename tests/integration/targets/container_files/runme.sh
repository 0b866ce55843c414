#!/usr/bin/env bash
# container_file_info and container_file against the emulator over real sockets: listing, upload,
# download and delete, each idempotent, in check and diff mode, and the faults of a server that lies.
set -eux -o pipefail

source ../setup_emulator/emulator.sh

start_emulator --containers 3 --seed 11
work_dir="${EMULATOR_STATE}/work"
mkdir -p "${work_dir}"

# The key comes from the environment, as it should in real use: -vvvv prints the extra vars.
OPENAI_API_KEY="${EMULATOR_API_KEY}" ansible-playbook "${LOCAL_PLAYBOOK_ARGS[@]}" main.yml -vvvv \
    -e "emulator_url=${EMULATOR_BASE_URL}" -e "work_dir=${work_dir}" "$@" \
    2>&1 | tee "${EMULATOR_STATE}/play.log"

# The key never appears: not in the -vvvv output (results and invocations included), not in any file written.
if grep -rF "${EMULATOR_API_KEY}" "${EMULATOR_STATE}/play.log" "${work_dir}"; then
    echo "the API key appeared in the output or in a file written" >&2
    exit 1
fi
