#!/usr/bin/env bash
# The container_audit role against the emulator: the JSON report agrees with an independent oracle,
# fail_on_stale fails, deletion in check mode deletes nothing, real deletion removes exactly the
# stale containers and records the one the API refused; the HTML report renders in a real browser.
set -eux

source ../setup_emulator/emulator.sh

NOW=1767225600
start_emulator --containers 120 --seed 11 --now "${NOW}"
work="${EMULATOR_STATE}"

# Two stale containers the seed lacks: one whose name is hostile to every report form (Jinja, HTML,
# Markdown), and one stale only for its age (created 40 days ago, active 10 minutes ago).
# shellcheck disable=SC2016  # the backticks are data, not a command
hostile='{{ 7 * 6 }} <script>alert(1)</script> | `x`'
emulator_control POST /_emulator/containers "$("${EMULATOR_PYTHON}" -c '
import json, sys
now = int(sys.argv[2])
print(json.dumps([
    {"object": "container", "name": sys.argv[1], "status": "running", "memory_limit": "16g",
     "created_at": now - 3 * 86400, "last_active_at": now - 2 * 86400,
     "expires_after": {"anchor": "last_active_at", "minutes": 20}},
    {"object": "container", "name": "long-lived", "status": "running", "memory_limit": "64g",
     "created_at": now - 40 * 86400, "last_active_at": now - 600,
     "expires_after": {"anchor": "last_active_at", "minutes": 1440}}]))' "${hostile}" "${NOW}")"

# The raw API listing (an independent paging loop), and the expected audit computed from it.
list_containers() {
    "${EMULATOR_PYTHON}" ../setup_emulator/list_all.py "${EMULATOR_BASE_URL}" "${EMULATOR_API_KEY}" > "$1"
}
list_containers "${work}/listing.json"
"${EMULATOR_PYTHON}" oracle.py "${work}/listing.json" "${NOW}" 60 30 > "${work}/expected.json"

audit() {
    local dir="$1"
    shift
    ansible-playbook "${LOCAL_PLAYBOOK_ARGS[@]}" audit.yml \
        -e "emulator_url=${EMULATOR_BASE_URL}" -e "emulator_key=${EMULATOR_API_KEY}" \
        -e "container_audit_now=${NOW}" -e container_audit_idle_threshold_minutes=60 -e container_audit_max_age_days=30 \
        -e "container_audit_report_dir=${work}/${dir}" "$@"
}
containers() {
    emulator_control GET /_emulator/stats | "${EMULATOR_PYTHON}" -c 'import json, sys; print(json.load(sys.stdin)["containers"])'
}
deletes() {
    emulator_control GET /_emulator/stats | "${EMULATOR_PYTHON}" -c \
        'import json, sys; print(json.load(sys.stdin)["by_route"].get("DELETE /v1/containers/{container_id}", 0))'
}
total="$(containers)"

# 1. Report only.
audit report | tee "${work}/report.log"
"${EMULATOR_PYTHON}" check_report.py "${work}/report/container-audit.json" "${work}/expected.json" report
# The summary printed by the play gives the oracle's numbers (the line is printed on every run:
# only its numbers say anything).
stale="$("${EMULATOR_PYTHON}" -c 'import json, sys; print(json.load(open(sys.argv[1]))["stale"])' "${work}/expected.json")"
test "${stale}" -gt 0
grep -qF "\"${total} containers: " "${work}/report.log"
grep -qF "\"${stale} stale (" "${work}/report.log"
grep -qF "\"${stale} stale remaining; reports in ${work}/report\"" "${work}/report.log"
# Remote data is never a template and never markup.
grep -qF '{{ 7 * 6 }}' "${work}/report/container-audit.md"
# A | in a name is escaped, a backquote is neutralised: the Markdown table keeps its columns.
grep -qF "\\| 'x'" "${work}/report/container-audit.md"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "${work}/report/container-audit.html"
if grep -q '<script' "${work}/report/container-audit.html"; then echo "unescaped markup in the HTML report" >&2; exit 1; fi
# Self-contained: no reference to anything outside the file (the SVG namespace is a name, not a fetch).
if grep -Eo '(src|href)=|url\(|@import|https?://[^"]*' "${work}/report/container-audit.html" | grep -v '^http://www.w3.org/2000/svg$'; then
    echo "the HTML report refers to something outside itself" >&2
    exit 1
fi

# 2. fail_on_stale fails the play, after writing the reports.
if audit fail -e container_audit_fail_on_stale=true > "${work}/fail.log" 2>&1; then
    echo "fail_on_stale did not fail" >&2
    exit 1
fi
grep -q "stale container(s) remain" "${work}/fail.log"
test -f "${work}/fail/container-audit.json"

# 3. Deletion in check mode: nothing deleted.
audit check -e container_audit_delete_stale=true --check
"${EMULATOR_PYTHON}" check_report.py "${work}/check/container-audit.json" "${work}/expected.json" check
test "$(containers)" = "${total}"
test "$(deletes)" = 0

# 4. Real deletion, the API refusing one of them: the refusal is recorded, not fatal.
refused="$("${EMULATOR_PYTHON}" -c 'import json, sys; print(sorted(json.load(open(sys.argv[1]))["reasons"])[0])' "${work}/expected.json")"
emulator_control POST /_emulator/faults "{\"method\": \"DELETE\", \"path\": \"/v1/containers/${refused}\", \"times\": null, \"action\": {\"type\": \"status\", \"status\": 403, \"message\": \"not yours\"}}"
audit delete -e container_audit_delete_stale=true | tee "${work}/delete.log"
"${EMULATOR_PYTHON}" check_report.py "${work}/delete/container-audit.json" "${work}/expected.json" delete "${refused}"
list_containers "${work}/after-delete.json"
"${EMULATOR_PYTHON}" remaining.py "${work}/after-delete.json" "${work}/expected.json" "${refused}"
grep -q "not yours" "${work}/delete/container-audit.md"

# 5. Once the API allows it, a second run deletes the last one: exactly the stale containers are gone.
emulator_control DELETE /_emulator/faults
audit again -e container_audit_delete_stale=true -e container_audit_fail_on_stale=true
list_containers "${work}/after-again.json"
"${EMULATOR_PYTHON}" remaining.py "${work}/after-again.json" "${work}/expected.json"

# 6. The HTML report in a real browser (scripts/test.sh installs chromium from Debian's packages).
command -v chromium >/dev/null 2>&1 || { echo "chromium is needed for the browser check: apt-get install chromium" >&2; exit 1; }
"${EMULATOR_PYTHON}" render_check.py "${work}/report/container-audit.html" "${work}/expected.json" "${work}/screenshot.png"
