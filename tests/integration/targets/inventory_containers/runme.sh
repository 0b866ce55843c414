#!/usr/bin/env bash
# The inventory plugin llmops.openai.containers against the bundled emulator (127.0.0.1 only):
# golden --list and --graph, keyed groups, filters, hostname collisions, several projects (one
# failing, with and without skip_failed_projects), the cache across runs and meta: refresh_inventory,
# stale cache on error, the unsafe canaries, a wrong key and an unreachable API; a mixed inventory
# (a static source with real hosts, hostile container names), a static source parsed after the
# plugin (-i order, an inventory directory), a container named like a group of its own source, a
# server id such as db01, ansible_become* fields from the API; a wrongly named file, typos.
set -eux

TARGET_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FILES="${TARGET_DIR}/files"

# shellcheck source=../setup_emulator/emulator.sh
source "${TARGET_DIR}/../setup_emulator/emulator.sh"
PYTHON="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/inventory_containers.XXXXXX")"
NOW=1760000000

# Keys only the emulators know. The tests grep for them in every output and in the cache.
export INVENTORY_TEST_KEY_ALPHA='sk-inventory-test-alpha-4b1f9c2e7d0a'
KEY_BRAVO='sk-inventory-test-bravo-8e3a6d1c5f2b'
KEY_WRONG='sk-inventory-test-wrong-2c7e9a4b1d3f'
export ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED=true
export ANSIBLE_INVENTORY_ENABLED=llmops.openai.containers
unset OPENAI_API_KEY OPENAI_BASE_URL OPENAI_ORG_ID OPENAI_PROJECT_ID

cleanup() {
    emulator_cli stop --state-dir "${WORK}/alpha" || true
    emulator_cli stop --state-dir "${WORK}/bravo" || true
    emulator_cli stop --state-dir "${WORK}/mixed" || true
    emulator_cli stop --state-dir "${WORK}/order" || true
    rm -rf "${WORK}"
}
trap cleanup EXIT

check() {
    "${PYTHON}" "${FILES}/check.py" "$@"
}

control() {
    "${PYTHON}" "${FILES}/control.py" "$@"
}

contains() {
    # contains FILE TEXT: TEXT is in FILE, whatever the line wrapping (ansible-core 2.17 wraps warnings).
    tr -s ' \n' '  ' < "$1" | grep -qF -- "$2"
}

no_secret() {
    # No key in clear in any of the given files or directories.
    for key in "${INVENTORY_TEST_KEY_ALPHA}" "${KEY_BRAVO}" "${KEY_WRONG}"; do
        if grep -rF -- "${key}" "$@"; then
            echo "an API key leaked into $*" >&2
            exit 1
        fi
    done
}

expect_failure() {
    # expect_failure NAME CONFIG: ansible-inventory must fail; its output goes to NAME.out/NAME.err.
    local name="$1" config="$2"
    if ansible-inventory -i "${config}" --list > "${WORK}/${name}.out" 2> "${WORK}/${name}.err"; then
        echo "ansible-inventory succeeded with ${config}, it should fail" >&2
        exit 1
    fi
    cat "${WORK}/${name}.err"
    if grep -q 'Traceback' "${WORK}/${name}.err"; then
        echo "a traceback was shown" >&2
        exit 1
    fi
    no_secret "${WORK}/${name}.out" "${WORK}/${name}.err"
}

cd "${WORK}"
BASE_ALPHA="$(emulator_cli start --state-dir "${WORK}/alpha" --containers 25 --seed 7 --now "${NOW}" --api-key "${INVENTORY_TEST_KEY_ALPHA}")"
BASE_BRAVO="$(emulator_cli start --state-dir "${WORK}/bravo" --containers 20 --seed 3 --now "${NOW}" --api-key "${KEY_BRAVO}")"
control "${BASE_ALPHA}" containers "$(cat "${FILES}/canaries.json")"
HOSTS_ALPHA=27
HOSTS_BRAVO=20

# --- golden inventory: hostnames [name, id], keyed groups, groups, key from an env lookup ---------
cat > golden.openai_containers.yml <<EOF
plugin: llmops.openai.containers
base_url: ${BASE_ALPHA}
api_key: "{{ lookup('ansible.builtin.env', 'INVENTORY_TEST_KEY_ALPHA') }}"
order: asc
hostnames: [name, id]
keyed_groups:
  - key: openai_container_status
    prefix: status
  - key: openai_container_memory_limit | default('unknown', true)
    prefix: memory
groups:
  stale: openai_container_status == 'running' and openai_container_expires_at is not none and openai_container_expires_at < ${NOW}
  big_memory: openai_container_memory_limit | default('') in ['16g', '64g']
compose:
  expiry_known: openai_container_expires_at is not none
EOF
started="$(date +%s)"
ansible-inventory -i golden.openai_containers.yml --list > golden.json 2> golden.err
cat golden.err
check golden golden.json "${FILES}/golden_list.json" "${started}" \
    -- hosts golden.json "${HOSTS_ALPHA}" \
    -- collisions golden.json \
    -- group golden.json status_running 9 \
    -- group golden.json memory_unknown 1 \
    -- unsafe golden.json 'Code Interpreter_cntr_680442c8438de327501394ae3a6cff7efd472fecbbaf16c0' openai_container_name
ansible-inventory -i golden.openai_containers.yml --graph > graph.txt
cat graph.txt
for group in @openai_containers: @status_running: @status_expired: @memory_1g: @memory_4g: @memory_16g: @memory_64g: @stale: @big_memory:; do
    grep -qF -- "${group}" graph.txt
done
no_secret golden.json golden.err graph.txt

# --- the unsafe canaries: literal text, never evaluated ----------------------------------------------
grep -qF "{{ lookup('pipe', 'id') }}" golden.json
grep -qF "{{ lookup('pipe', 'touch openai-canary-ran') }}" graph.txt
if grep -q 'uid=' golden.json graph.txt; then
    echo "the canary was evaluated" >&2
    exit 1
fi

# --- a play over hosts: openai_containers sees the variables ----------------------------------------
cat > play.openai_containers.yml <<EOF
plugin: llmops.openai.containers
base_url: ${BASE_ALPHA}
api_key: "{{ lookup('ansible.builtin.env', 'INVENTORY_TEST_KEY_ALPHA') }}"
EOF
ansible-playbook -i play.openai_containers.yml "${FILES}/play.yml" > play.out 2>&1 || { cat play.out; exit 1; }
cat play.out
grep -qF "lookup('pipe', 'id')" play.out
if grep -q 'uid=' play.out; then
    echo "the canary was evaluated in a play" >&2
    exit 1
fi
[[ ! -e "${WORK}/openai-canary-ran" ]]
no_secret play.out

# --- filters: first match wins, default include -----------------------------------------------------
cat > filters.openai_containers.yml <<EOF
plugin: llmops.openai.containers
base_url: ${BASE_ALPHA}
api_key: ${INVENTORY_TEST_KEY_ALPHA}
filters:
  - exclude: "'lookup' in openai_container_name"
  - include: openai_container_status == 'running'
  - exclude: true
EOF
ansible-inventory -i filters.openai_containers.yml --list > filters.json
check hosts filters.json 7 \
    -- all-match filters.json openai_container_status '["running"]'

# --- several projects, one failing --------------------------------------------------------------------
write_projects() {
    cat > "$1" <<EOF
plugin: llmops.openai.containers
api_key: ${KEY_WRONG}
max_retries: 0
skip_failed_projects: $2
hostnames: [name, id]
keyed_groups:
  - key: openai_container_project
    prefix: project
projects:
  - name: alpha
    base_url: ${BASE_ALPHA}
    api_key: "{{ lookup('ansible.builtin.env', 'INVENTORY_TEST_KEY_ALPHA') }}"
  - name: bravo
    base_url: ${BASE_BRAVO}
    api_key: ${KEY_BRAVO}
  - name: broken
    base_url: ${BASE_BRAVO}
EOF
}
write_projects strict.openai_containers.yml false
expect_failure projects-strict strict.openai_containers.yml
contains projects-strict.err "project 'broken'"
contains projects-strict.err 'HTTP 401'
contains projects-strict.err 'request id: req_'

write_projects skip.openai_containers.yml true
ansible-inventory -i skip.openai_containers.yml --list > projects.json 2> projects.err
cat projects.err
contains projects.err "skipping project 'broken'"
contains projects.err 'HTTP 401'
check hosts projects.json $((HOSTS_ALPHA + HOSTS_BRAVO)) \
    -- group projects.json project_alpha "${HOSTS_ALPHA}" \
    -- group projects.json project_bravo "${HOSTS_BRAVO}" \
    -- all-match projects.json openai_container_project '["alpha", "bravo"]' \
    -- collisions projects.json
no_secret projects.json projects.err

# --- complete listings walk from both ends, within max_concurrent_requests --------------------------
walks_config() {
    cat > "$1" <<EOF
plugin: llmops.openai.containers
api_key: ${KEY_WRONG}
hostnames: [name, id]
page_size: 4
$2
projects:
  - name: alpha
    base_url: ${BASE_ALPHA}
    api_key: "{{ lookup('ansible.builtin.env', 'INVENTORY_TEST_KEY_ALPHA') }}"
  - name: bravo
    base_url: ${BASE_BRAVO}
    api_key: ${KEY_BRAVO}
EOF
}
count_oldest_first() {
    # A rule that changes nothing and counts the oldest-first requests (the walk from the other end).
    for base in "${BASE_ALPHA}" "${BASE_BRAVO}"; do
        control "${base}" reset
        control "${base}" faults '{"path": "/v1/containers", "query": {"order": "asc"}, "times": null, "action": {"type": "delay", "ms": 0}}'
    done
}
walks_config both.openai_containers.yml ""
walks_config one.openai_containers.yml "walk_both_ends: false"
walks_config bound.openai_containers.yml "max_concurrent_requests: 2"
count_oldest_first
ansible-inventory -i both.openai_containers.yml --list > both.json
[[ "$(control "${BASE_ALPHA}" applied)" -ge 1 && "$(control "${BASE_BRAVO}" applied)" -ge 1 ]]
# 27 and 20 containers by 4: 7 and 5 pages with one cursor, at most 2 requests more each.
[[ "$(control "${BASE_ALPHA}" requests)" -le 9 && "$(control "${BASE_BRAVO}" requests)" -le 7 ]]
count_oldest_first
ansible-inventory -i one.openai_containers.yml --list > one.json
[[ "$(control "${BASE_ALPHA}" applied)" -eq 0 && "$(control "${BASE_BRAVO}" applied)" -eq 0 ]]
[[ "$(control "${BASE_ALPHA}" requests)" -eq 7 && "$(control "${BASE_BRAVO}" requests)" -eq 5 ]]
# Two projects use both slots: no slot is left for a second walk, so each keeps one cursor.
count_oldest_first
ansible-inventory -i bound.openai_containers.yml --list > bound.json
[[ "$(control "${BASE_ALPHA}" applied)" -eq 0 && "$(control "${BASE_BRAVO}" applied)" -eq 0 ]]
check hosts both.json $((HOSTS_ALPHA + HOSTS_BRAVO)) \
    -- collisions both.json \
    -- same both.json one.json \
    -- same both.json bound.json
control "${BASE_ALPHA}" reset
control "${BASE_BRAVO}" reset
no_secret both.json one.json bound.json

# --- a wrong key and an unreachable API fail with the API's status and message ----------------------
cat > wrongkey.openai_containers.yml <<EOF
plugin: llmops.openai.containers
base_url: ${BASE_ALPHA}
api_key: ${KEY_WRONG}
EOF
expect_failure wrongkey wrongkey.openai_containers.yml
contains wrongkey.err 'HTTP 401'
contains wrongkey.err 'Incorrect API key provided'
contains wrongkey.err 'request id: req_'

cat > unreachable.openai_containers.yml <<EOF
plugin: llmops.openai.containers
base_url: http://127.0.0.1:9/v1
api_key: ${INVENTORY_TEST_KEY_ALPHA}
max_retries: 0
EOF
expect_failure unreachable unreachable.openai_containers.yml
contains unreachable.err 'cannot reach http://127.0.0.1:9/v1'

# --- cache: the second run sends no request; refresh_inventory does; stale answer on error ---------
cat > cache.openai_containers.yml <<EOF
plugin: llmops.openai.containers
base_url: ${BASE_ALPHA}
api_key: "{{ lookup('ansible.builtin.env', 'INVENTORY_TEST_KEY_ALPHA') }}"
max_retries: 0
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ${WORK}/cache
cache_timeout: 3600
use_stale_cache_on_error: true
EOF
control "${BASE_ALPHA}" reset
ansible-inventory -i cache.openai_containers.yml --list > cache1.json
[[ "$(control "${BASE_ALPHA}" requests)" -ge 1 ]]
ls -la "${WORK}/cache"
[[ "$(find "${WORK}/cache" -type f | wc -l)" -eq 1 ]]
control "${BASE_ALPHA}" reset
ansible-inventory -i cache.openai_containers.yml --list > cache2.json
[[ "$(control "${BASE_ALPHA}" requests)" -eq 0 ]]
check hosts cache2.json "${HOSTS_ALPHA}"
grep -qF "{{ lookup('pipe', 'id') }}" cache2.json
check unsafe cache2.json cntr_68e77a00c0ffee00000000000000000000000000000000c1 openai_container_name
if grep -q 'uid=' cache2.json; then
    echo "the canary was evaluated from the cache" >&2
    exit 1
fi

ansible-playbook -i cache.openai_containers.yml "${FILES}/refresh.yml" -e expected_hosts="${HOSTS_ALPHA}" > refresh.out 2>&1 || { cat refresh.out; exit 1; }
cat refresh.out
[[ "$(control "${BASE_ALPHA}" requests)" -ge 1 ]]

control "${BASE_ALPHA}" faults '{"method": "GET", "path": "/v1/containers", "times": null, "action": {"type": "status", "status": 500}}'
# (ansible-inventory --flush-cache does not exist on 2.17: a play's refresh_inventory bypasses the cache.)
ansible-playbook -i cache.openai_containers.yml "${FILES}/refresh.yml" -e expected_hosts="${HOSTS_ALPHA}" > stale.out 2>&1 || { cat stale.out; exit 1; }
cat stale.out
contains stale.out 'using the cached answer'
contains stale.out 'HTTP 500'
expect_failure nocache play.openai_containers.yml
contains nocache.err 'HTTP 500'
control "${BASE_ALPHA}" reset
no_secret "${WORK}/cache" cache1.json cache2.json refresh.out stale.out

# --- a mixed inventory: containers never take over a host or a group of another source -----------
BASE_MIXED="$(emulator_cli start --state-dir "${WORK}/mixed" --containers 2 --seed 5 --now "${NOW}" --api-key "${INVENTORY_TEST_KEY_ALPHA}")"
control "${BASE_MIXED}" containers "$(cat "${FILES}/hostile.json")"
ID_WEB1=cntr_68e77a10c0ffee00000000000000000000000000000000d1
ID_WEBSERVERS=cntr_68e77a11c0ffee00000000000000000000000000000000d2
ID_LOCALHOST=cntr_68e77a12c0ffee00000000000000000000000000000000d3
ID_DB1=cntr_68e77a13c0ffee00000000000000000000000000000000d4
ID_EVIL=cntr_68e77a14c0ffee00000000000000000000000000000000d5
ESCAPED='evil\x1b]0;pwned\x07\x1b[31mred\r\x00\x9b'
cat > mixed.openai_containers.yml <<EOF
plugin: llmops.openai.containers
base_url: ${BASE_MIXED}
api_key: "{{ lookup('ansible.builtin.env', 'INVENTORY_TEST_KEY_ALPHA') }}"
hostnames: [name, id]
compose:
  ansible_host: "'203.0.113.66'"
keyed_groups:
  # named after the container's name: the one called webservers must not join the static group
  - key: openai_container_name
    prefix: name
  - key: openai_container_name
    prefix: ''
    separator: ''
  - key: openai_container_status
    prefix: status
    parent_group: databases
EOF
mixed_inventory() {
    ANSIBLE_INVENTORY_ENABLED=ini,llmops.openai.containers ansible-inventory "$@"
}
mixed_inventory -i "${FILES}/static.ini" -i mixed.openai_containers.yml --list > mixed.json 2> mixed.err
cat mixed.err
check exact-vars mixed.json web1 '{"ansible_host": "192.0.2.10", "ansible_connection": "ssh"}' \
    -- exact-vars mixed.json "${ID_DB1}" '{"ansible_host": "192.0.2.11"}' \
    -- exact-vars mixed.json db1 '{"ansible_host": "192.0.2.20"}' \
    -- members mixed.json webservers "[[\"web1\", \"${ID_DB1}\"], []]" \
    -- members mixed.json databases '[["db1"], []]' \
    -- hosts mixed.json $((3 + 2 + 5)) \
    -- group mixed.json openai_containers 7
# Name-based host names carry the id: web1, webservers, localhost and db1 stay the static source's.
check var mixed.json "web1_${ID_WEB1}" openai_container_name '"web1"' \
    -- var mixed.json "webservers_${ID_WEBSERVERS}" openai_container_name '"webservers"' \
    -- var mixed.json "localhost_${ID_LOCALHOST}" ansible_connection '"local"' \
    -- var mixed.json "db1_${ID_DB1}" openai_container_name '"db1"' \
    -- var mixed.json "db1_${ID_DB1}" ansible_host '"203.0.113.66"' \
    -- var mixed.json "${ESCAPED}_${ID_EVIL}" openai_container_id "\"${ID_EVIL}\"" \
    -- no-host mixed.json localhost
contains mixed.err "left the group 'webservers' unchanged: another inventory source defined it"
contains mixed.err "left the group 'databases' unchanged"
# A keyed group named web1 would make `hosts: web1` select the container instead of the real host.
contains mixed.err "made no group 'web1': it is the name of a host this source did not create"
check no-group mixed.json web1 \
    -- no-group mixed.json db1 \
    -- no-group mixed.json localhost
contains mixed.err 'list it in join_existing_groups to allow that'

# The raw escape sequences never reach the terminal: --graph and the task output show them escaped.
mixed_inventory -i "${FILES}/static.ini" -i mixed.openai_containers.yml --graph > mixed-graph.txt 2>&1
cat -v mixed-graph.txt
grep -qF -- "${ESCAPED}" mixed-graph.txt
grep -qF -- '@name_evil_x1b_0_pwned_x07_x1b_31mred_r_x00_x9b:' mixed-graph.txt
ANSIBLE_INVENTORY_ENABLED=ini,llmops.openai.containers ansible-playbook -i "${FILES}/static.ini" -i mixed.openai_containers.yml \
    "${FILES}/mixed_play.yml" > mixed-play.out 2>&1 || { cat -v mixed-play.out; exit 1; }
cat -v mixed-play.out
grep -qF -- "ok: [${ESCAPED}_${ID_EVIL}]" mixed-play.out
grep -qF -- 'web1 connection=ssh' mixed-play.out
check no-control-characters mixed-graph.txt mixed-play.out mixed.err

# Joining another source's group is possible when asked for.
sed -i 's/^hostnames: .*/&\njoin_existing_groups: [webservers, databases]/' mixed.openai_containers.yml
mixed_inventory -i "${FILES}/static.ini" -i mixed.openai_containers.yml --list > joined.json 2> joined.err
cat joined.err
check members joined.json webservers "[[\"web1\", \"${ID_DB1}\", \"webservers_${ID_WEBSERVERS}\"], []]" \
    -- members joined.json databases '[["db1"], ["status_expired", "status_running"]]'
if contains joined.err 'left the group'; then
    echo "join_existing_groups did not allow the groups" >&2
    exit 1
fi

# A static source parsed AFTER the plugin gets its own hosts too: no container host has the name web1.
cat > reversed.openai_containers.yml <<EOF
plugin: llmops.openai.containers
base_url: ${BASE_MIXED}
api_key: "{{ lookup('ansible.builtin.env', 'INVENTORY_TEST_KEY_ALPHA') }}"
hostnames: [name, id]
EOF
mixed_inventory -i reversed.openai_containers.yml -i "${FILES}/static.ini" --list > reversed.json
check exact-vars reversed.json web1 '{"ansible_host": "192.0.2.10", "ansible_connection": "ssh"}' \
    -- var reversed.json "web1_${ID_WEB1}" openai_container_id "\"${ID_WEB1}\"" \
    -- var reversed.json "web1_${ID_WEB1}" ansible_connection '"local"'
no_secret mixed.json mixed.err mixed-graph.txt mixed-play.out joined.json reversed.json

# --- parse order: no container takes a host or group, whichever source Ansible reads first ---------
BASE_ORDER="$(emulator_cli start --state-dir "${WORK}/order" --containers 0 --now "${NOW}" --api-key "${INVENTORY_TEST_KEY_ALPHA}")"
control "${BASE_ORDER}" containers "$(cat "${FILES}/order.json")"
ID_ORDER_WEB=cntr_68e77a20c0ffee00000000000000000000000000000000e1
ID_ORDER_WEB1=cntr_68e77a21c0ffee00000000000000000000000000000000e2
ID_STALE=cntr_68e77a22c0ffee00000000000000000000000000000000e3
ID_OLD=cntr_68e77a23c0ffee00000000000000000000000000000000e4
BAD_ID="left out 1 container whose id does not have the API's shape"
cat > order.openai_containers.yml <<EOF
plugin: llmops.openai.containers
base_url: ${BASE_ORDER}
api_key: "{{ lookup('ansible.builtin.env', 'INVENTORY_TEST_KEY_ALPHA') }}"
hostnames: [name, id]
keyed_groups:
  - key: openai_container_status
    prefix: status
groups:
  stale: openai_container_status == 'running' and openai_container_expires_at is not none and openai_container_expires_at < ${NOW}
EOF
# -i plugin first, then a static file: db01 (also a server's id) and web1 stay the static hosts; `hosts: web` selects only them.
mixed_inventory -i order.openai_containers.yml -i "${FILES}/later.ini" --list > order.json 2> order.err
cat order.err
check exact-vars order.json db01 '{"ansible_host": "192.0.2.30"}' \
    -- exact-vars order.json web1 '{"ansible_host": "192.0.2.10"}' \
    -- members order.json web '[["db01", "web1"], []]' \
    -- var order.json "web_${ID_ORDER_WEB}" openai_container_name '"web"' \
    -- var order.json "web1_${ID_ORDER_WEB1}" ansible_connection '"local"' \
    -- group order.json openai_containers 4
contains order.err "${BAD_ID}"
contains order.err "id 'db01' (name 'db01')"
ANSIBLE_INVENTORY_ENABLED=ini,llmops.openai.containers ansible-playbook -i order.openai_containers.yml -i "${FILES}/later.ini" \
    "${FILES}/web_play.yml" > order-play.out 2>&1 || { cat order-play.out; exit 1; }
cat order-play.out
grep -qF 'web1 connection=ssh' order-play.out
grep -qF 'db01 connection=ssh' order-play.out

# An inventory directory, read in alphabetical order (aws.openai_containers.yml before hosts), default hostnames [id].
# The static file has no extension: ansible-core before 2.19 skips *.ini files in an inventory directory.
mkdir "${WORK}/invdir"
cp "${FILES}/later.ini" "${WORK}/invdir/hosts"
cat > "${WORK}/invdir/aws.openai_containers.yml" <<EOF
plugin: llmops.openai.containers
base_url: ${BASE_ORDER}
api_key: "{{ lookup('ansible.builtin.env', 'INVENTORY_TEST_KEY_ALPHA') }}"
EOF
mixed_inventory -i "${WORK}/invdir" --list > invdir.json 2> invdir.err
cat invdir.err
check exact-vars invdir.json db01 '{"ansible_host": "192.0.2.30"}' \
    -- members invdir.json web '[["db01", "web1"], []]' \
    -- var invdir.json "${ID_ORDER_WEB}" openai_container_name '"web"' \
    -- group invdir.json openai_containers 4
contains invdir.err "${BAD_ID}"
ANSIBLE_INVENTORY_ENABLED=ini,llmops.openai.containers ansible-playbook -i "${WORK}/invdir" \
    "${FILES}/web_play.yml" > invdir-play.out 2>&1 || { cat invdir-play.out; exit 1; }
cat invdir-play.out
grep -qF 'db01 connection=ssh' invdir-play.out

# A live container named stale, and no stale one yet: the group is not made and `hosts: stale` selects nothing
# (before, it selected that live container, and a cleanup play deleted it).
ANSIBLE_HOST_PATTERN_MISMATCH=warning ansible-playbook -i order.openai_containers.yml "${FILES}/stale_play.yml" -e now_epoch="${NOW}" \
    > stale-none.out 2>&1 || { cat stale-none.out; exit 1; }
cat stale-none.out
contains stale-none.out 'Could not match supplied host pattern, ignoring: stale'
if grep -qF "selected ${ID_STALE}" stale-none.out; then
    echo "hosts: stale selected the live container named stale" >&2
    exit 1
fi
# Then one container is stale: `hosts: stale` selects that one only.
control "${BASE_ORDER}" update "${ID_OLD}" '{"status": "running"}'
ansible-playbook -i order.openai_containers.yml "${FILES}/stale_play.yml" -e now_epoch="${NOW}" > stale-one.out 2>&1 || { cat stale-one.out; exit 1; }
cat stale-one.out
grep -qF "selected ${ID_OLD}" stale-one.out
[[ "$(grep -c '"msg": "selected ' stale-one.out)" -eq 1 ]]

# A server adding ansible_become* fields: variable_prefix "" (they would be Ansible's own variables) is refused before any request.
control "${BASE_ORDER}" containers "{\"object\": \"container\", \"name\": \"become\", \"status\": \"running\",
  \"ansible_become\": true, \"ansible_become_user\": \"root\", \"ansible_become_exe\": \"touch ${WORK}/become-ran; sudo\"}"
cat > become.openai_containers.yml <<EOF
plugin: llmops.openai.containers
base_url: ${BASE_ORDER}
api_key: "{{ lookup('ansible.builtin.env', 'INVENTORY_TEST_KEY_ALPHA') }}"
variable_prefix: ""
EOF
control "${BASE_ORDER}" reset
expect_failure become become.openai_containers.yml
contains become.err "llmops.openai.containers: option 'variable_prefix': must not be empty"
[[ "$(control "${BASE_ORDER}" requests)" -eq 0 ]]
sed -i 's/^variable_prefix: .*/variable_prefix: ansible_/' become.openai_containers.yml
expect_failure become-ansible become.openai_containers.yml
contains become-ansible.err "option 'variable_prefix': must not start with 'ansible_'"
[[ ! -e "${WORK}/become-ran" ]]
no_secret order.json order.err order-play.out invdir.json invdir.err invdir-play.out stale-none.out stale-one.out become.err

# --- the inventory file: a wrong name, typos, and errors that name the plugin ----------------------
cp mixed.openai_containers.yml containers.yml
ANSIBLE_INVENTORY_ENABLED=auto expect_failure wrongname containers.yml
contains wrongname.err "could not be verified by inventory plugin 'llmops.openai.containers'"

cat > typos.openai_containers.yml <<EOF
plugin: llmops.openai.containers
base_url: ${BASE_MIXED}
api_key: "{{ lookup('ansible.builtin.env', 'INVENTORY_TEST_KEY_ALPHA') }}"
page_sise: 5
keyed_groups:
  - key: openai_container_status
    prefx: status
EOF
ansible-inventory -i typos.openai_containers.yml --list > typos.json 2> typos.err
cat typos.err
contains typos.err "llmops.openai.containers: ${WORK}/typos.openai_containers.yml: unknown option 'page_sise' (did you mean 'page_size'?)"
contains typos.err "unknown key 'prefx' in keyed_groups[0] (did you mean 'prefix'?)"

sed 's/^page_sise: 5$/page_size: 0/' typos.openai_containers.yml > badoption.openai_containers.yml
expect_failure badoption badoption.openai_containers.yml
contains badoption.err "llmops.openai.containers: option 'page_size': must be between 1 and 100"

# --- a server that does not deserve trust: a listing that never ends, numbers out of range ----------
# Each project has its own listing_timeout: the endless one is skipped in about that time, the other is complete.
cat > endless.openai_containers.yml <<EOF
plugin: llmops.openai.containers
listing_timeout: 2
skip_failed_projects: true
projects:
  - name: alpha
    base_url: ${BASE_ALPHA}
    api_key: ${INVENTORY_TEST_KEY_ALPHA}
  - name: bravo
    base_url: ${BASE_BRAVO}
    api_key: ${KEY_BRAVO}
EOF
control "${BASE_BRAVO}" faults '{"method": "GET", "path": "/v1/containers", "times": null, "action": {"type": "endless_list"}}'
started="$(date +%s)"
ansible-inventory -i endless.openai_containers.yml --list > endless.json 2> endless.err
elapsed=$(( $(date +%s) - started ))
cat endless.err
contains endless.err "skipping project 'bravo'"
contains endless.err 'did not finish within listing_timeout=2 s'
check hosts endless.json "${HOSTS_ALPHA}"
[[ "${elapsed}" -lt 20 ]]

cat > maxpages.openai_containers.yml <<EOF
plugin: llmops.openai.containers
base_url: ${BASE_BRAVO}
api_key: ${KEY_BRAVO}
max_pages: 5
EOF
expect_failure maxpages maxpages.openai_containers.yml
contains maxpages.err 'llmops.openai.containers'
contains maxpages.err '(max_pages=5, '
control "${BASE_BRAVO}" reset

control "${BASE_BRAVO}" containers '{"id": "cntr_huge_numbers", "object": "container", "name": "huge", "status": "running", "created_at": 1e300, "last_active_at": 1760000000, "expires_after": {"anchor": "last_active_at", "minutes": 1e308}}'
cat > huge.openai_containers.yml <<EOF
plugin: llmops.openai.containers
base_url: ${BASE_BRAVO}
api_key: ${KEY_BRAVO}
EOF
ansible-inventory -i huge.openai_containers.yml --list > huge.json 2> huge.err
cat huge.err
contains huge.err 'container cntr_huge_numbers: created_at=1e+300, expires_after.minutes=1e+308 out of range'
check hosts huge.json $((HOSTS_BRAVO + 1)) \
    -- var huge.json cntr_huge_numbers openai_container_expires_at null
no_secret endless.json endless.err maxpages.out maxpages.err huge.json huge.err

echo "inventory_containers: all checks passed"
