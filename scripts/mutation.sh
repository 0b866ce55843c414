#!/usr/bin/env bash
# Mutation testing on demand (not part of `make test`): cosmic-ray changes the code one operator,
# constant or condition at a time and runs the unit tests; a mutant the tests still pass is a
# "survivor", a change of behaviour no test would notice. See docs/mutation-testing.md.
#
#   scripts/mutation.sh                 the guarantees: the paging, retry and redaction functions
#   scripts/mutation.sh --all           every line of plugins/module_utils and plugins/filter
#   scripts/mutation.sh FILE...         these files (paths as in the repository): the guarantee
#                                       functions of a guarantee's file, every line of another
#
# Each file is mutated in a copy of the work tree ($LLMOPS_CACHE/mutation/...), never in the
# repository, and tested with the unit tests that cover it (the map below: running every unit test
# for each of ~1,000 mutants would take hours on 2 cores). cosmic-ray, ansible-core 2.19 and the
# unit test requirements live in the venv $LLMOPS_CACHE/venvs/mutation. Results: a report per file
# in $LLMOPS_CACHE/mutation/reports/, survivors with their diff, and one summary line per file.
# Exits non-zero when a guarantee has a survivor. (The unsafe marking of the inventory is calls to
# wrap_var, which no cosmic-ray operator removes: see docs/mutation-testing.md for its check.)
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COSMIC_RAY=cosmic-ray==8.7.0
MUTATION_DIR="${LLMOPS_CACHE}/mutation"
MUTATION_ROOT="${MUTATION_DIR}/ansible_collections/${COLLECTION_NAMESPACE}/${COLLECTION_NAME}"
UNITS=tests/unit/plugins

# The guarantees that must have no survivor: FILE -> the functions (or Class.method) that hold
# them, and the unit tests that cover them. Only these functions are mutated by default.
declare -A GUARANTEE_CODE=(
    [plugins/module_utils/_containers.py]="list_containers _page_items _next_cursor"
    [plugins/module_utils/_retry.py]="_header parse_retry_after RetryPolicy"
    [plugins/module_utils/_errors.py]="redact"
    [plugins/module_utils/_module.py]="OpenAIModule.fail_from"
)
declare -A GUARANTEE_TESTS=(
    [plugins/module_utils/_containers.py]="${UNITS}/module_utils/test_containers.py"
    [plugins/module_utils/_retry.py]="${UNITS}/module_utils/test_retry.py ${UNITS}/module_utils/test_api_client.py"
    [plugins/module_utils/_errors.py]="${UNITS}/module_utils/test_errors.py ${UNITS}/module_utils/test_api_client.py ${UNITS}/modules"
    [plugins/module_utils/_module.py]="${UNITS}/modules"
)
GUARANTEES=(
    plugins/module_utils/_errors.py plugins/module_utils/_module.py
    plugins/module_utils/_retry.py plugins/module_utils/_containers.py
)

# Equivalent mutants: changes that cannot alter behaviour, so no test can kill them. They are
# reported apart and not counted as survivors ("OPERATOR|text of the line"; see the docs page).
EQUIVALENT=(
    # The count grows by one and is checked after each container, from 0 to max_results >= 1:
    # `>=` and `==` stop at the same container.
    "core/ReplaceComparisonOperator_GtE_Eq|len(listing.containers) >= options.max_results"
)

# line_ranges FILE NAME...: the cosmic-ray line-filter ranges ("12-40") of these functions,
# classes or Class.method in FILE (fails naming any that is gone).
line_ranges() {
    "${VENV}/bin/python" - "$@" <<'PYTHON'
import ast, sys
path, names = sys.argv[1], sys.argv[2:]
tree = ast.parse(open(path, encoding="utf-8").read())
found = {}
def visit(body, prefix=""):
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found[prefix + node.name] = "%d-%d" % (node.lineno, node.end_lineno)
            if isinstance(node, ast.ClassDef):
                visit(node.body, prefix + node.name + ".")
visit(tree.body)
missing = [name for name in names if name not in found]
if missing:
    sys.exit("%s has no %s: update GUARANTEE_CODE in scripts/mutation.sh" % (path, ", ".join(missing)))
print(", ".join('"%s"' % found[name] for name in names))
PYTHON
}

# tests_for FILE: the unit tests run against the mutants of FILE.
tests_for() {
    local file="$1"
    if [[ -n "${GUARANTEE_TESTS[$file]:-}" ]]; then
        echo "${GUARANTEE_TESTS[$file]}"
        return 0
    fi
    case "$file" in
        plugins/filter/*) echo "${UNITS}/filter ${UNITS}/module_utils/test_container_time.py" ;;
        plugins/module_utils/_container_time.py) echo "${UNITS}/module_utils/test_container_time.py ${UNITS}/filter" ;;
        plugins/module_utils/_schema.py) echo "${UNITS}/module_utils/test_schema.py ${UNITS}/module_utils/test_containers.py" ;;
        plugins/plugin_utils/_inventory.py) echo "${UNITS}/inventory" ;;
        *) echo "$UNITS" ;;
    esac
}

# mutate FILE [NAME...]: init and run a cosmic-ray session for FILE in the copy (only the code of
# the functions NAME... when given); writes its report.
mutate() {
    local file="$1" name config session report tests filter=""
    shift
    name="$(echo "${file%.py}" | tr '/' '_')"
    config="${MUTATION_DIR}/sessions/${name}.toml"
    session="${MUTATION_DIR}/sessions/${name}.sqlite"
    report="${MUTATION_DIR}/reports/${name}.txt"
    tests="$(tests_for "$file")"
    mkdir -p "${MUTATION_DIR}/sessions" "${MUTATION_DIR}/reports"
    if [[ $# -gt 0 ]]; then
        filter="$(printf '\n[cosmic-ray.filters.line-filter]\nlines = { "%s" = [%s] }\n' "$file" "$(line_ranges "${MUTATION_ROOT}/${file}" "$@")")"
    fi
    # -x: the first failing test kills the mutant; -p no:randomly/cacheprovider: nothing written.
    cat >"$config" <<EOF
[cosmic-ray]
module-path = "${file}"
timeout = 60.0
excluded-modules = []
test-command = "${VENV}/bin/python -m pytest -x -q -p no:cacheprovider -p ansible_test._util.target.pytest.plugins.ansible_pytest_collections ${tests}"

[cosmic-ray.distributor]
name = "local"
${filter}
EOF
    rm -f "$session"
    (
        cd "$MUTATION_ROOT"
        export PYTHONPATH="$MUTATION_DIR" ANSIBLE_COLLECTIONS_PATH="$MUTATION_DIR" PYTHONDONTWRITEBYTECODE=1 \
            ANSIBLE_CONTROLLER_MIN_PYTHON_VERSION=3.11
        "${VENV}/bin/cosmic-ray" init "$config" "$session"
        # Lines marked `# pragma: no mutate` are skipped (none is, today: every survivor is listed).
        "${VENV}/bin/cr-filter-pragma" "$session"
        if [[ -n "$filter" ]]; then "${VENV}/bin/cr-filter-lines" --config "$config" "$session"; fi
        "${VENV}/bin/cosmic-ray" baseline "$config" || die "the unit tests for ${file} fail without any mutation"
        "${VENV}/bin/cosmic-ray" exec "$config" "$session"
    ) >"${MUTATION_DIR}/reports/${name}.log" 2>&1 || die "cosmic-ray failed for ${file} (log: ${MUTATION_DIR}/reports/${name}.log)"
    "${VENV}/bin/cr-report" --show-diff --surviving-only "$session" >"$report"
    local total survived equivalent
    read -r total survived equivalent < <("${VENV}/bin/python" - "$session" "${MUTATION_ROOT}/${file}" "${EQUIVALENT[@]}" <<'PYTHON'
import sqlite3, sys
session, source, equivalent = sys.argv[1], sys.argv[2], [entry.split("|", 1) for entry in sys.argv[3:]]
lines = open(source, encoding="utf-8").read().splitlines()
db = sqlite3.connect(session)
items = db.execute("select count(*) from work_items").fetchone()[0]
skipped = db.execute("select count(*) from work_results where upper(worker_outcome) = 'SKIPPED'").fetchone()[0]
survivors = db.execute(
    "select s.operator_name, s.start_pos_row from work_results r join mutation_specs s on s.job_id = r.job_id"
    " where upper(r.test_outcome) = 'SURVIVED'").fetchall()
known = [1 for operator, row in survivors
         if any(operator == kind and text in lines[row - 1] for kind, text in equivalent)]
print(items - skipped, len(survivors) - len(known), len(known))
PYTHON
)
    printf '%-42s %4d mutants, %3d survived, score %5.1f %%%s  (%s)\n' "$file" "$total" "$survived" \
        "$(awk -v t="$total" -v s="$survived" -v e="$equivalent" 'BEGIN { print (t - e ? 100 * (t - e - s) / (t - e) : 100) }')" \
        "$([[ "$equivalent" == 0 ]] || echo ", ${equivalent} equivalent")" "$report"
    [[ "$survived" == 0 ]]
}

main() {
    local -a files=()
    local -A CODE=()
    local file python rc=0 start=$SECONDS
    case "${1:-}" in
        -h | --help)
            sed -n '2,/^# shellcheck/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
            return 0
            ;;
        --all)
            for file in "${REPO_ROOT}"/plugins/module_utils/*.py "${REPO_ROOT}"/plugins/filter/*.py; do
                file="${file#"${REPO_ROOT}/"}"
                files+=("$file")
            done
            ;;
        "")
            files=("${GUARANTEES[@]}")
            for file in "${GUARANTEES[@]}"; do CODE[$file]="${GUARANTEE_CODE[$file]}"; done
            ;;
        *)
            files=("$@")
            for file in "$@"; do CODE[$file]="${GUARANTEE_CODE[$file]:-}"; done
            ;;
    esac
    for file in "${files[@]}"; do
        [[ -f "${REPO_ROOT}/${file}" ]] || die "no file ${file} in the repository"
    done
    python="$(find_python 3.11)" || die "Python 3.11 not found (tried pyenv, python3.11, python3)"
    ensure_venv mutation "$python" "$COSMIC_RAY" "ansible-core==${CORE_2_19}" \
        "${REPO_ROOT}/requirements.txt" "${REPO_ROOT}/tests/unit/requirements.txt"
    log "staging the work tree in ${MUTATION_ROOT}"
    stage_tree "$MUTATION_ROOT"
    for file in "${files[@]}"; do
        set +o errexit
        # shellcheck disable=SC2086  # the function names are words
        (set -o errexit; mutate "$file" ${CODE[$file]:-})
        local status=$?
        set -o errexit
        if [[ "$status" != 0 && " ${GUARANTEES[*]} " == *" ${file} "* ]]; then
            rc=1
        fi
    done
    log "$((SECONDS - start))s; reports in ${MUTATION_DIR}/reports/"
    return "$rc"
}

main "$@"
