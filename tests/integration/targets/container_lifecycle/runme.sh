#!/usr/bin/env bash
# The container module against the emulator over real sockets: idempotent create and delete,
# check and diff modes, and the create request that fails without a clear answer.
set -eux

source ../setup_emulator/emulator.sh

# The emulator's clock is the real one here: after a lost answer the module compares the new
# container's created_at with the controller's clock.
start_emulator --containers 20 --seed 5

# main.yml ends with lost_answer.yml's play.
ansible-playbook "${LOCAL_PLAYBOOK_ARGS[@]}" main.yml \
    -e "emulator_url=${EMULATOR_BASE_URL}" -e "emulator_key=${EMULATOR_API_KEY}" "$@"
