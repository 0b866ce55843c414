#!/usr/bin/env bash
# Providers that serve the same API, against the emulator over real sockets: an Azure-style
# configuration (key in the api-key header, the emulator in api-key mode refusing Bearer) lists,
# creates, deletes, audits and inventories containers, from options and from the environment; a
# gateway-style one (Bearer plus extra headers) lists them. No key and no header value is ever printed.
set -eux -o pipefail

source ../setup_emulator/emulator.sh

unset OPENAI_API_KEY OPENAI_BASE_URL OPENAI_ORG_ID OPENAI_PROJECT_ID OPENAI_AUTH_HEADER AZURE_OPENAI_API_KEY AZURE_OPENAI_ENDPOINT
NOW=1767225600
# Secrets the tests grep for in every output: none may ever appear.
GATEWAY_TOKEN='gw-providers-test-token-7f3a9c1e5b'
DECOY_KEY='sk-providers-test-decoy-openai-key-2d8b'
WRONG_KEY='az-providers-test-wrong-key-6e4c0a'

start_emulator --containers 40 --seed 11 --now "${NOW}" --auth-header api-key
azure_endpoint="${EMULATOR_BASE_URL%/v1}"
azure_url="${azure_endpoint}/openai/v1"
work="${EMULATOR_STATE}"
start_emulator --containers 5 --seed 2
gateway_url="${EMULATOR_BASE_URL}"

no_secret() {
    for secret in "${EMULATOR_API_KEY}" "${GATEWAY_TOKEN}" "${DECOY_KEY}" "${WRONG_KEY}"; do
        if grep -rF -- "${secret}" "$@"; then
            echo "a key or header value leaked into $*" >&2
            exit 1
        fi
    done
}

# The playbooks and the inventory read the key and the token from the environment, so neither is on
# a command line that Ansible could echo.
export PROVIDERS_AZURE_KEY="${EMULATOR_API_KEY}" PROVIDERS_GATEWAY_TOKEN="${GATEWAY_TOKEN}"

# 1. Modules and the role, connection options from the play's module_defaults, at -vvvv.
ansible-playbook "${LOCAL_PLAYBOOK_ARGS[@]}" azure.yml -vvvv \
    -e "azure_url=${azure_url}" -e "now=${NOW}" -e "work_dir=${work}" -e "gateway_url=${gateway_url}" > "${work}/azure.log" 2>&1 || {
    tail -n 80 "${work}/azure.log"
    exit 1
}
# The -vvvv invocation of the modules masks the key and the headers (ansible-core 2.21 no longer
# shows the invocation at all: there no_secret below is the whole check).
if grep -q '"invocation": {' "${work}/azure.log"; then
    grep -q '"headers": {' "${work}/azure.log"
fi
no_secret "${work}/azure.log" "${work}/audit"

# 2. The same service from the environment only: OPENAI_AUTH_HEADER picks api-key, which reads the
# AZURE_OPENAI_* pair (a bare endpoint means its /openai/v1 API); the decoy OpenAI key is never sent.
OPENAI_AUTH_HEADER=api-key AZURE_OPENAI_API_KEY="${EMULATOR_API_KEY}" AZURE_OPENAI_ENDPOINT="${azure_endpoint}/" \
OPENAI_API_KEY="${DECOY_KEY}" OPENAI_BASE_URL="${gateway_url}" \
    ansible-playbook "${LOCAL_PLAYBOOK_ARGS[@]}" environment.yml -vvvv > "${work}/environment.log" 2>&1 || {
    tail -n 80 "${work}/environment.log"
    exit 1
}
no_secret "${work}/environment.log"

# 3. The inventory: one Azure project and one gateway project, with a templated header value.
cat > "${work}/providers.openai_containers.yml" <<YAML
plugin: llmops.openai.containers
hostnames: [id]
projects:
  - name: azure
    auth_header: api-key
    base_url: ${azure_endpoint}
    api_key: "{{ lookup('ansible.builtin.env', 'PROVIDERS_AZURE_KEY') }}"
  - name: gateway
    base_url: ${gateway_url}
    api_key: "{{ lookup('ansible.builtin.env', 'PROVIDERS_AZURE_KEY') }}"
    headers:
      X-Gateway-Token: "{{ lookup('ansible.builtin.env', 'PROVIDERS_GATEWAY_TOKEN') }}"
keyed_groups:
  - key: openai_container_project
    prefix: provider
YAML
export ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED=true
ansible-inventory -i "${work}/providers.openai_containers.yml" --list --output "${work}/inventory.json" -vvvv > "${work}/inventory.log" 2>&1
no_secret "${work}/inventory.json" "${work}/inventory.log"
"${EMULATOR_PYTHON}" check_inventory.py "${work}/inventory.json" "${work}/azure_ids.json" 5

# An api-key project sent to a Bearer-only service (and the reverse) fails with the service's 401, naming the project.
sed -e 's/auth_header: api-key/auth_header: bearer/' -e "s#base_url: ${azure_endpoint}\$#base_url: ${azure_url}#" \
    "${work}/providers.openai_containers.yml" > "${work}/bearer.openai_containers.yml"
if ansible-inventory -i "${work}/bearer.openai_containers.yml" --list > "${work}/bearer.out" 2> "${work}/bearer.err"; then
    echo "Bearer against the api-key emulator should fail" >&2
    exit 1
fi
tr -s ' \n' '  ' < "${work}/bearer.err" | grep -qF "project 'azure': OpenAI API error HTTP 401: Unauthorized. Access token is missing"
no_secret "${work}/bearer.out" "${work}/bearer.err"

# 4. Ad hoc, the key from the environment (as docs/docsite/rst/providers.rst says): a wrong key gets Azure's 401
# and appears nowhere, not even in ansible-core's own error origin line at -vvvv.
AZURE_OPENAI_API_KEY="${WRONG_KEY}" AZURE_OPENAI_ENDPOINT="${azure_endpoint}" \
    ansible localhost -c local -e "ansible_python_interpreter=${EMULATOR_PYTHON}" -m llmops.openai.container_info \
    -a "auth_header=api-key" -vvvv > "${work}/adhoc.log" 2>&1 && {
    echo "a wrong key should fail" >&2
    exit 1
}
grep -qF "Access denied due to invalid subscription key" "${work}/adhoc.log"
no_secret "${work}/adhoc.log"
