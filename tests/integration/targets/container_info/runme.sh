#!/usr/bin/env bash
# container_info and container_facts against the emulator over real sockets.
set -eux -o pipefail

source ../setup_emulator/emulator.sh

# 1,234 containers, a fixed clock so the data is the same on every run.
start_emulator --containers 1234 --seed 7 --now 1767225600
# A second emulator over TLS with its own test CA.
main_url="${EMULATOR_BASE_URL}"
main_state="${EMULATOR_STATE}"
start_emulator --containers 30 --seed 3 --tls
tls_url="${EMULATOR_BASE_URL}"
tls_ca="${EMULATOR_CA}"
# A third one that the listings from both ends re-seed and change as they go.
start_emulator --containers 1 --seed 5 --now 1767225600
walks_url="${EMULATOR_BASE_URL}"

# The oracle: every container, fetched by a plain independent loop (not the collection's client).
"${EMULATOR_PYTHON}" ../setup_emulator/list_all.py "${main_url}" "${EMULATOR_API_KEY}" > "${main_state}/oracle.json"

ansible-playbook "${LOCAL_PLAYBOOK_ARGS[@]}" main.yml \
    -e "emulator_url=${main_url}" -e "emulator_key=${EMULATOR_API_KEY}" \
    -e "oracle_file=${main_state}/oracle.json" -e "work_dir=${main_state}" \
    -e "tls_url=${tls_url}" -e "tls_ca=${tls_ca}" -e "walks_url=${walks_url}" "$@" 2>&1 | tee "${main_state}/play.log"

# The key is never printed, even at -vvvv, not even when the API rejects it.
ansible-playbook "${LOCAL_PLAYBOOK_ARGS[@]}" wrong_key.yml -vvvv -e "emulator_url=${main_url}" > "${main_state}/wrong_key.log" 2>&1
if grep -F "sk-wrong-key-0123456789abcdef" "${main_state}/wrong_key.log"; then
    echo "the API key appeared in -vvvv output" >&2
    exit 1
fi

# The official openai SDK pages through the emulator and gets exactly what container_info returned.
"${EMULATOR_PYTHON}" sdk_agrees.py "${main_url}" "${EMULATOR_API_KEY}" "${main_state}/container_info.json"
