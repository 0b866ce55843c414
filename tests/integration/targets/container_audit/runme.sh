#!/usr/bin/env bash
# The container_audit role against the emulator: the JSON report agrees with an independent oracle,
# fail_on_stale fails, deletion in check mode deletes nothing, real deletion removes exactly the
# stale containers and records the one the API refused; the HTML report renders in a real browser.
set -eux

source ../setup_emulator/emulator.sh

# The connection comes from the playbooks only (audit_environment.yml: from these, set per run).
unset OPENAI_API_KEY OPENAI_BASE_URL OPENAI_ORG_ID OPENAI_PROJECT_ID OPENAI_AUTH_HEADER AZURE_OPENAI_API_KEY AZURE_OPENAI_ENDPOINT

NOW=1767225600
start_emulator --containers 120 --seed 11 --now "${NOW}"
work="${EMULATOR_STATE}"

# Three stale containers the seed lacks: two whose names are hostile to every report form (Jinja,
# HTML, Markdown tables, links, images, code, line breaks), and one stale only for its age (created
# 40 days ago, active 10 minutes ago); and two without memory_limit.
# shellcheck disable=SC2016  # the backticks are data, not a command
hostile='{{ 7 * 6 }} <script>alert(1)</script> | `x`'
# shellcheck disable=SC2016
hostile_md=$'![pixel](//127.0.0.1:9/p.png) [click](javascript:alert(1)) <img src=x>\r\n| # *b* _i_ ``y``'
emulator_control POST /_emulator/containers "$("${EMULATOR_PYTHON}" -c '
import json, sys
now = int(sys.argv[3])
print(json.dumps([
    {"object": "container", "name": sys.argv[1], "status": "running", "memory_limit": "16g",
     "created_at": now - 3 * 86400, "last_active_at": now - 2 * 86400,
     "expires_after": {"anchor": "last_active_at", "minutes": 20}},
    {"object": "container", "name": sys.argv[2], "status": "running", "memory_limit": "4g",
     "created_at": now - 5 * 3600, "last_active_at": now - 4 * 3600,
     "expires_after": {"anchor": "last_active_at", "minutes": 20}},
    {"object": "container", "name": "long-lived", "status": "running", "memory_limit": "64g",
     "created_at": now - 40 * 86400, "last_active_at": now - 600,
     "expires_after": {"anchor": "last_active_at", "minutes": 1440}},
    # Without memory_limit (a gateway such as LiteLLM strips it): cost unknown, never USD 0.00.
    {"object": "container", "name": "tierless-stale", "status": "running",
     "created_at": now - 3 * 86400, "last_active_at": now - 2 * 86400,
     "expires_after": {"anchor": "last_active_at", "minutes": 20}},
    {"object": "container", "name": "tierless-expired", "status": "expired",
     "created_at": now - 7200, "last_active_at": now - 6000,
     "expires_after": {"anchor": "last_active_at", "minutes": 20}}]))' "${hostile}" "${hostile_md}" "${NOW}")"

# The raw API listing (an independent paging loop), and the expected audit computed from it.
list_containers() {
    "${EMULATOR_PYTHON}" ../setup_emulator/list_all.py "${EMULATOR_BASE_URL}" "${EMULATOR_API_KEY}" > "$1"
}
list_containers "${work}/listing.json"
"${EMULATOR_PYTHON}" oracle.py "${work}/listing.json" "${NOW}" 60 30 > "${work}/expected.json"

# audit_with PLAYBOOK DIR [ansible-playbook args]: the role at a fixed clock and criteria.
audit_with() {
    local playbook="$1" dir="$2"
    shift 2
    ansible-playbook "${LOCAL_PLAYBOOK_ARGS[@]}" "${playbook}" \
        -e "emulator_url=${EMULATOR_BASE_URL}" -e "emulator_key=${EMULATOR_API_KEY}" \
        -e "container_audit_now=${NOW}" -e container_audit_idle_threshold_minutes=60 -e container_audit_max_age_days=30 \
        -e "container_audit_report_dir=${work}/${dir}" "$@"
}
# The connection from the play's module_defaults alone (audit.yml: base_url, api_key and page_size 7
# for group/llmops.openai.openai).
audit() {
    audit_with audit.yml "$@"
}
list_pages() {
    emulator_control GET /_emulator/stats | "${EMULATOR_PYTHON}" -c \
        'import json, sys; print(json.load(sys.stdin)["by_route"].get("GET /v1/containers", 0))'
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
emulator_control POST /_emulator/reset >/dev/null
ANSIBLE_DEPRECATION_WARNINGS=true audit report 2>&1 | tee "${work}/report.log"
"${EMULATOR_PYTHON}" check_report.py "${work}/report/container-audit.json" "${work}/expected.json" report
# The listing took its options from the group's module_defaults: page_size 7. One cursor would send
# ceil(total / 7) requests; the walk from both ends at most two more (with the default page_size
# of 100 it would be 2 or 3).
pages="$(list_pages)"
test "${pages}" -ge "$(( (total + 6) / 7 ))" && test "${pages}" -le "$(( (total + 6) / 7 + 2 ))"
# Without the deprecated variables, no deprecation warning (shown as by default: ansible-test turns them off).
if grep -qF "[DEPRECATION WARNING]: The container_audit role" "${work}/report.log"; then echo "a deprecation warning without deprecated variables" >&2; exit 1; fi
# The summary printed by the play gives the oracle's numbers (the line is printed on every run:
# only its numbers say anything).
stale="$("${EMULATOR_PYTHON}" -c 'import json, sys; print(json.load(open(sys.argv[1]))["stale"])' "${work}/expected.json")"
test "${stale}" -gt 0
grep -qF "\"${total} containers: " "${work}/report.log"
grep -qF "\"${stale} stale (" "${work}/report.log"
grep -qF "\"${stale} stale remaining; reports in ${work}/report\"" "${work}/report.log"
# Remote data is never a template and never markup.
# Markdown: rendered by a CommonMark parser, the names are plain text in cells of their own.
"${EMULATOR_PYTHON}" check_markdown.py "${work}/report/container-audit.md" "${hostile}" "${hostile_md}"
if grep -qF '{{ 7 * 6 }}' "${work}/report/container-audit.md"; then
    echo "a name from the API was not escaped in the Markdown report" >&2
    exit 1
fi
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "${work}/report/container-audit.html"
grep -qF '&lt;img src=x&gt;' "${work}/report/container-audit.html"
if grep -q '<script\|<img' "${work}/report/container-audit.html"; then echo "unescaped markup in the HTML report" >&2; exit 1; fi
grep -q "estimated cost: USD" "${work}/report.log"
# Containers without a tier are cost unknown, counted and said so in the summary, every report and a warning
# (the seed has one; two were added above).
unknown="$("${EMULATOR_PYTHON}" -c 'import json, sys; print(json.load(open(sys.argv[1]))["cost_unknown"])' "${work}/expected.json")"
test "${unknown}" -ge 3
grep -qF "cost unknown for ${unknown} containers (" "${work}/report.log"
# (ansible-core 2.17 wraps warnings at 80 columns: compared with the line breaks undone.)
grep -qF "[WARNING]: llmops.openai.container_cost_summary: cost unknown for ${unknown} containers" <<< "$(tr -s ' \n' '  ' < "${work}/report.log")"
grep -qF "**Note:** cost unknown for ${unknown} containers (" "${work}/report/container-audit.md"
grep -qF "tierless\-expired | - | no memory\_limit |" "${work}/report/container-audit.md"
grep -qF "<div class=\"n\" id=\"cost-unknown\">${unknown}</div>" "${work}/report/container-audit.html"
grep -qF "cost unknown for ${unknown} containers (" "${work}/report/container-audit.html"
# Self-contained: no reference to anything outside the file (the SVG namespace is a name, not a fetch;
# an escaped name such as '&lt;img src=x&gt;' is text, not a tag).
if grep -Eo '<[a-z][^>]*[[:space:]](src|href)=|url\(|@import|https?://[^"]*' "${work}/report/container-audit.html" | grep -v '^http://www.w3.org/2000/svg$'; then
    echo "the HTML report refers to something outside itself" >&2
    exit 1
fi

# 1b. The deprecated connection variables still win over the group's defaults (here a wrong key and
#     an unreachable URL) for both modules (check-mode deletion lists the containers through
#     container_prune), and one deprecation warning names the variables that are set, not their values
#     (shown as by default: ansible-test turns deprecation warnings off).
ANSIBLE_DEPRECATION_WARNINGS=true audit deprecated -e group_api_key=sk-wrong-group-key -e group_base_url=http://127.0.0.1:9/v1 \
    -e "container_audit_api_key=${EMULATOR_API_KEY}" -e "container_audit_base_url=${EMULATOR_BASE_URL}" \
    -e container_audit_delete_stale=true --check > "${work}/deprecated.log" 2>&1 || { tail -n 40 "${work}/deprecated.log"; exit 1; }
"${EMULATOR_PYTHON}" check_report.py "${work}/deprecated/container-audit.json" "${work}/expected.json" check
# ansible-core 2.17 wraps warnings at 80 columns: compare the text with the line breaks undone.
warning="$(grep -v '^+' "${work}/deprecated.log" | tr -s ' \n' '  ')"
grep -qF "[DEPRECATION WARNING]: The container_audit role's connection variables container_audit_api_key, container_audit_base_url are deprecated: set api_key, base_url in the play's module_defaults for group/llmops.openai.openai instead. This feature will be removed from" <<< "${warning}"
grep -qF "version 2.0.0." <<< "${warning}"
test "$(grep -oF "[DEPRECATION WARNING]: The container_audit role" <<< "${warning}" | wc -l)" = 1
if grep -qF "${EMULATOR_API_KEY}" <<< "${warning}"; then echo "the deprecation warning printed the key" >&2; exit 1; fi
# 1d. The connection from the OPENAI_* environment alone.
OPENAI_BASE_URL="${EMULATOR_BASE_URL}" OPENAI_API_KEY="${EMULATOR_API_KEY}" audit_with audit_environment.yml environment
"${EMULATOR_PYTHON}" check_report.py "${work}/environment/container-audit.json" "${work}/expected.json" report
# ... and without any of them, the module's own message.
if audit_with audit_environment.yml no-key > "${work}/no-key.log" 2>&1; then
    echo "the role ran without an API key" >&2
    exit 1
fi
grep -q "an API key is required" "${work}/no-key.log"

# 2. fail_on_stale fails the play, after writing the reports.
if audit fail -e container_audit_fail_on_stale=true > "${work}/fail.log" 2>&1; then
    echo "fail_on_stale did not fail" >&2
    exit 1
fi
# The message counts the remaining containers by reason (step 8 checks that it escapes their ids).
reasons="$("${EMULATOR_PYTHON}" -c 'import json, sys; print(", ".join("%s: %d" % item for item in json.load(open(sys.argv[1]))["stale_by_reason"].items() if item[1]))' "${work}/expected.json")"
grep -qF "${stale} stale container(s) remain (${reasons}): " "${work}/fail.log"
test -f "${work}/fail/container-audit.json"

# 3. Deletion in check mode: no DELETE sent.
audit check -e container_audit_delete_stale=true --check
"${EMULATOR_PYTHON}" check_report.py "${work}/check/container-audit.json" "${work}/expected.json" check
test "$(containers)" = "${total}"
test "$(deletes)" = 0

# 4. Real deletion in one task, the API refusing one of them and rate limiting the first three
#    DELETEs (Retry-After: 1): the refusal is recorded, not fatal; the rate-limited ones are retried
#    once each and nothing else is sent; exactly the stale containers are gone. container_prune had
#    its base_url and key from the group's module_defaults only: this emulator counted its DELETEs.
refused="$("${EMULATOR_PYTHON}" -c 'import json, sys; print(sorted(json.load(open(sys.argv[1]))["reasons"])[0])' "${work}/expected.json")"
stale="$("${EMULATOR_PYTHON}" -c 'import json, sys; print(json.load(open(sys.argv[1]))["stale"])' "${work}/expected.json")"
emulator_control POST /_emulator/faults "[
    {\"method\": \"DELETE\", \"path\": \"/v1/containers/${refused}\", \"times\": null, \"action\": {\"type\": \"status\", \"status\": 403, \"message\": \"not yours\"}},
    {\"method\": \"DELETE\", \"times\": 3, \"action\": {\"type\": \"status\", \"status\": 429, \"headers\": {\"retry-after\": \"1\"}}}]"
audit delete -e container_audit_delete_stale=true | tee "${work}/delete.log"
"${EMULATOR_PYTHON}" check_report.py "${work}/delete/container-audit.json" "${work}/expected.json" delete "${refused}"
list_containers "${work}/after-delete.json"
"${EMULATOR_PYTHON}" remaining.py "${work}/after-delete.json" "${work}/expected.json" "${refused}"
test "$(deletes)" = "$(( stale + 3 ))"
grep -q "not yours" "${work}/delete/container-audit.md"
grep -q "1 of ${stale} deletions failed" "${work}/delete.log"

# 5. Once the API allows it, a second run deletes the last one: exactly the stale containers are gone.
emulator_control DELETE /_emulator/faults
audit again -e container_audit_delete_stale=true -e container_audit_fail_on_stale=true
list_containers "${work}/after-again.json"
"${EMULATOR_PYTHON}" remaining.py "${work}/after-again.json" "${work}/expected.json"
test "$(deletes)" = "$(( stale + 4 ))"

# 6. A run after that changes nothing: no stale container, no DELETE.
audit idempotent -e container_audit_delete_stale=true -e container_audit_fail_on_stale=true
test "$(deletes)" = "$(( stale + 4 ))"
"${EMULATOR_PYTHON}" -c 'import json, sys; r = json.load(open(sys.argv[1])); assert r["summary"]["stale"] == 0 and r["deletion"]["deleted"] == [], r["deletion"]' \
    "${work}/idempotent/container-audit.json"

# 6b. With an archive folder, the stale containers' files are saved before any deletion, and a
#     container whose files failed to download (HTTP 500 on every content request) is not deleted.
"${EMULATOR_PYTHON}" archive_check.py setup "${EMULATOR_BASE_URL%/v1}" "${NOW}" > "${work}/archive-state.json"
audit archive-report -e container_audit_delete_stale=true -e "container_audit_archive_dir=${work}/archive" | tee "${work}/archive.log"
list_containers "${work}/after-archive.json"
"${EMULATOR_PYTHON}" archive_check.py check "${work}/archive-state.json" "${work}/archive" "${work}/archive-report/container-audit.json" \
    "${work}/after-archive.json"
grep -qF "archived 2, archive failed 1 (kept) into ${work}/archive" "${work}/archive.log"
grep -qF 'disk on fire \<img src\=x\> \| \{\{ 7 \* 6 \}\}' "${work}/archive-report/container-audit.md"
grep -qF 'disk on fire &lt;img src=x&gt; | {{ 7 * 6 }}' "${work}/archive-report/container-audit.html"
if grep -q '<img' "${work}/archive-report/container-audit.html"; then echo "unescaped markup in the HTML report" >&2; exit 1; fi
emulator_control DELETE /_emulator/faults

# 7. The HTML report in a real browser (make test installs chromium from Debian's packages).
command -v chromium >/dev/null 2>&1 || { echo "chromium is needed for the browser check: apt-get install chromium" >&2; exit 1; }
"${EMULATOR_PYTHON}" render_check.py "${work}/report/container-audit.html" "${work}/expected.json" "${work}/screenshot.png"
if [ -n "${CONTAINER_AUDIT_SCREENSHOT:-}" ]; then cp "${work}/screenshot.png" "${CONTAINER_AUDIT_SCREENSHOT}"; fi

# 8. A stale container whose id holds an escape sequence: the fail-on-stale message shows it escaped
#    (the callback prints the message as JSON, so the escape's backslash shows doubled; a raw escape
#    would show as \u001b). On a fresh store: the emulator matches ids in paths without percent-decoding
#    them, so such a container could not be deleted by id in the steps above.
emulator_control POST /_emulator/reset >/dev/null
emulator_control POST /_emulator/containers "$("${EMULATOR_PYTHON}" -c '
import json, sys
now = int(sys.argv[1])
print(json.dumps({"id": "cntr_zz\u001b[31mstale", "object": "container", "name": "escaped", "status": "running",
                  "memory_limit": "1g", "created_at": now - 3 * 86400, "last_active_at": now - 2 * 86400,
                  "expires_after": {"anchor": "last_active_at", "minutes": 20}}))' "${NOW}")"
if audit escaped -e container_audit_fail_on_stale=true > "${work}/escaped.log" 2>&1; then
    echo "fail_on_stale did not fail" >&2
    exit 1
fi
grep -qF 'cntr_zz\\x1b[31mstale' "${work}/escaped.log"
if grep -qF 'u001b' "${work}/escaped.log"; then echo "an id reached the fail message unescaped" >&2; exit 1; fi
