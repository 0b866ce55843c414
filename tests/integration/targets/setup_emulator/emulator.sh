# shellcheck shell=bash
# Sourced by the runme.sh of every target that talks to the bundled OpenAI API emulator
# (their aliases hold needs/target/setup_emulator). It finds the emulator in the collection
# under test, starts it on a free loopback port and stops it when the target ends.
#
#   start_emulator [serve options...]   sets EMULATOR_BASE_URL, EMULATOR_STATE (and EMULATOR_CA with --tls)
#   emulator_control METHOD PATH [JSON] calls the control API (/_emulator/...)
#   emulator_cli ARGS...                runs `python -m openai_emulator ARGS...` (start/stop/serve)
#
# A test playbook calls the control API with the emulator_control action (action_plugins/ here; the
# targets whose playbooks use it link it into their own action_plugins/, next to the playbooks).

EMULATOR_PYTHON="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
EMULATOR_API_KEY="sk-emulator-integration"
EMULATOR_STATES=()

_emulator_package_dir() {
    local path
    IFS=: read -r -a paths <<< "${ANSIBLE_COLLECTIONS_PATH:-}"
    for path in "${paths[@]}"; do
        if [ -d "${path}/ansible_collections/llmops/openai/emulator/openai_emulator" ]; then
            echo "${path}/ansible_collections/llmops/openai/emulator"
            return 0
        fi
    done
    echo "setup_emulator: the collection's emulator/ was not found in ANSIBLE_COLLECTIONS_PATH" >&2
    return 1
}

emulator_cli() {
    PYTHONPATH="$(_emulator_package_dir)" "${EMULATOR_PYTHON}" -m openai_emulator "$@"
}

stop_emulators() {
    local state
    for state in "${EMULATOR_STATES[@]}"; do
        emulator_cli stop --state-dir "${state}" >/dev/null || true
        rm -rf "${state}"
    done
}

start_emulator() {
    EMULATOR_STATE="$(mktemp -d)"
    EMULATOR_STATES+=("${EMULATOR_STATE}")
    trap stop_emulators EXIT
    emulator_cli start --state-dir "${EMULATOR_STATE}" \
        --api-key "${EMULATOR_API_KEY}" "$@" >/dev/null
    EMULATOR_BASE_URL="$(cat "${EMULATOR_STATE}/base_url")"
    EMULATOR_CA=""
    if [ -f "${EMULATOR_STATE}/ca.pem" ]; then
        EMULATOR_CA="${EMULATOR_STATE}/ca.pem"
    fi
    export EMULATOR_BASE_URL EMULATOR_STATE EMULATOR_CA EMULATOR_API_KEY
}

emulator_control() {
    local root="${EMULATOR_BASE_URL%/v1}"
    # The standard library only: importing requests took longer than the call itself.
    "${EMULATOR_PYTHON}" - "$1" "${root}$2" "${3:-}" <<'PY'
import sys
import urllib.request
method, url, body = sys.argv[1:4]
request = urllib.request.Request(url, data=body.encode("utf-8") or None, method=method, headers={"Content-Type": "application/json"})
with urllib.request.urlopen(request, timeout=10) as response:
    print(response.read().decode("utf-8"))
PY
}

# Arguments that run a test playbook on the controller with the Python under test
# (ansible-test's configuration names no default interpreter for an ad hoc inventory).
# shellcheck disable=SC2034,SC2054  # used by the runme.sh that sources this file; the commas are Ansible's
LOCAL_PLAYBOOK_ARGS=(-i localhost, -c local -e "ansible_python_interpreter=${EMULATOR_PYTHON}")
