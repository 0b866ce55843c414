#!/usr/bin/env bash
# Release checks: what must hold before the collection is published. Each step prints one line
# (name, PASS/FAIL, seconds, its log; run_steps in scripts/lib.sh) and the run goes on after a
# failure; the last line is `SUMMARY: N passed, N failed` and the exit status is non-zero if any
# step failed.
#
#   scripts/release_checks.sh               every step
#   scripts/release_checks.sh STEP...       only these steps
#
# Steps: changelog-lint   antsibull-changelog lint + lint-changelog-yaml; CHANGELOG.rst is what
#                         `antsibull-changelog generate` writes; every fragment is in a release
#                         when galaxy.yml's version is released
#        docs-lint        antsibull-docs lint-collection-docs --plugin-docs (plugin docs, extra docs)
#        docsite          scripts/docsite.sh: the Sphinx docsite, with the guides of docs/
#        ee-create        ansible-builder introspect finds meta/execution-environment.yml in the
#                         installed tarball, and `ansible-builder create` writes an EE build context
#        galaxy-importer  galaxy-importer on the built tarball: no error, no warning
#        ansible-lint     ansible-lint --profile production --offline on the whole collection
#        tarball-demo     install the tarball into an empty collections path and run
#                         `ansible-playbook llmops.openai.demo` from a temporary directory
#
# The tools live in one venv, $LLMOPS_CACHE/venvs/release-tools (ansible-core 2.19 on Python
# 3.11), rebuilt when RELEASE_TOOLS below changes. Every step works on a copy of the work tree
# (stage_tree in scripts/lib.sh) at $LLMOPS_CACHE/release/ansible_collections/llmops/openai;
# the output of each step is in $LLMOPS_CACHE/logs/release/<step>.log (its end is printed when
# it fails). scripts/docsite.sh sources this file for the venv and the copy.
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Pinned so a new tool release cannot turn the checks red overnight; bump them together.
RELEASE_TOOLS=(
    "ansible-core==${CORE_2_19}"
    "ansible-lint==${ANSIBLE_LINT}"
    antsibull-changelog==0.36.0
    antsibull-docs==2.28.0
    sphinx==9.0.4
    sphinx-ansible-theme==0.10.4
    myst-parser==5.2.0
    ansible-builder==3.2.0
    galaxy-importer==0.4.44
    "${REPO_ROOT}/requirements.txt"
)
RELEASE_STEPS=(changelog-lint docs-lint docsite ee-create galaxy-importer ansible-lint tarball-demo)
RELEASE_COLLECTIONS="${LLMOPS_CACHE}/release"
RELEASE_ROOT="${RELEASE_COLLECTIONS}/ansible_collections/${COLLECTION_NAMESPACE}/${COLLECTION_NAME}"
RELEASE_DIST="${LLMOPS_CACHE}/release-dist"

unset ANSIBLE_COLLECTIONS_PATH ANSIBLE_COLLECTIONS_PATHS ANSIBLE_CONFIG ANSIBLE_INVENTORY

# ensure_release_venv: set VENV to the release-tools venv (created or rebuilt when needed).
ensure_release_venv() {
    local python
    python="$(find_python 3.11)" || die "Python 3.11 not found (tried pyenv, python3.11, python3)"
    ensure_venv release-tools "$python" "${RELEASE_TOOLS[@]}"
}

# release_stage: copy the work tree to $RELEASE_ROOT (tracked + untracked, not ignored files).
release_stage() {
    log "staging the work tree in ${RELEASE_ROOT}"
    stage_tree "$RELEASE_ROOT"
}

# in_stage CMD...: run CMD in the copy, with the venv first on PATH and the copy's collection
# (and only it) on the collections path.
in_stage() {
    (
        cd "$RELEASE_ROOT"
        PATH="${VENV}/bin:${PATH}" ANSIBLE_COLLECTIONS_PATH="$RELEASE_COLLECTIONS" "$@"
    )
}

# release_tarball: build the tarball from the copy once per run; prints its path.
release_tarball() {
    local tarball marker="${RELEASE_DIST}/.built-by"
    if [[ "$(cat "$marker" 2>/dev/null)" == "$$" ]]; then
        compgen -G "${RELEASE_DIST}/${COLLECTION_NAMESPACE}-${COLLECTION_NAME}-*.tar.gz" | head -n 1
        return 0
    fi
    tarball="$(build_collection "$RELEASE_ROOT" "$RELEASE_DIST")"
    [[ -n "$tarball" ]] || die "ansible-galaxy collection build produced no tarball"
    echo "$$" >"$marker"
    echo "$tarball"
}

step_changelog_lint() {
    local rc=0
    in_stage with_tools_home antsibull-changelog lint || rc=1
    in_stage with_tools_home antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml || rc=1
    # CHANGELOG.rst must be the one changelog.yaml gives (the copy is a git repo: diff against it).
    in_stage with_tools_home antsibull-changelog generate || rc=1
    if ! in_stage git diff --exit-code -- CHANGELOG.rst; then
        echo "FAIL: CHANGELOG.rst is not what changelogs/changelog.yaml gives: run antsibull-changelog generate"
        rc=1
    fi
    # Once galaxy.yml's version has a release section, a fragment outside every release would be
    # left out of that version's changelog.
    in_stage python - <<'PYTHON' || rc=1
import os, sys, yaml
version = yaml.safe_load(open("galaxy.yml"))["version"]
releases = yaml.safe_load(open("changelogs/changelog.yaml")).get("releases") or {}
known = {f for r in releases.values() for f in r.get("fragments", [])}
fragments = sorted(f for f in os.listdir("changelogs/fragments") if f.endswith((".yml", ".yaml")))
missing = [f for f in fragments if f not in known]
if version in releases and missing:
    print(f"FAIL: version {version} is released in changelogs/changelog.yaml but these fragments are in no release: "
          f"{' '.join(missing)}; run: antsibull-changelog release --version {version}")
    sys.exit(1)
print(f"galaxy.yml version {version}: {'released' if version in releases else 'not released yet'}; "
      f"{len(fragments)} fragment(s), {len(missing)} unreleased")
PYTHON
    return "$rc"
}

step_docs_lint() {
    in_stage with_tools_home antsibull-docs lint-collection-docs --plugin-docs .
}

step_docsite() {
    DOCSITE_STAGED=1 bash "${REPO_ROOT}/scripts/docsite.sh"
}

step_ee_create() {
    local tarball work introspected
    tarball="$(release_tarball)"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"; trap - RETURN' RETURN
    install_collection "$tarball" "${work}/collections"
    # What ansible-builder will find in the collection when it builds an EE with it.
    introspected="$(PATH="${VENV}/bin:${PATH}" ansible-builder introspect "${work}/collections")" || return 1
    echo "$introspected"
    local want rc=0
    for want in 'requests>=2.25' 'jsonschema>=4.0' 'ca-certificates'; do
        if ! grep -qF -- "$want" <<<"$introspected"; then
            echo "FAIL: ansible-builder introspect does not report ${want} for ${COLLECTION_FQCN}"
            rc=1
        fi
    done
    # The EE definition of docs/execution-environment.md, with the built tarball instead of Galaxy.
    mkdir -p "${work}/ee"
    cp "$tarball" "${work}/ee/"
    cat >"${work}/ee/requirements.yml" <<EOF
---
collections:
  - name: $(basename "$tarball")
    type: file
EOF
    cat >"${work}/ee/execution-environment.yml" <<EOF
---
version: 3
images:
  base_image:
    name: quay.io/ansible/awx-ee:latest
dependencies:
  galaxy: requirements.yml
additional_build_files:
  - src: $(basename "$tarball")
    dest: galaxy
additional_build_steps:
  prepend_galaxy:
    - COPY _build/galaxy/$(basename "$tarball") /build/$(basename "$tarball")
EOF
    (cd "${work}/ee" && PATH="${VENV}/bin:${PATH}" ansible-builder create -f execution-environment.yml --context context --output-filename Containerfile -v 2) || return 1
    if [[ ! -f "${work}/ee/context/Containerfile" ]]; then
        echo "FAIL: ansible-builder create wrote no Containerfile"
        return 1
    fi
    find "${work}/ee/context" -maxdepth 2 | sort | head -n 30
    return "$rc"
}

step_galaxy_importer() {
    local tarball out rc=0
    tarball="$(release_tarball)"
    out="$(mktemp)"
    (cd "$(dirname "$tarball")" && PATH="${VENV}/bin:${PATH}" "${VENV}/bin/python" -m galaxy_importer.main "$tarball") >"$out" 2>&1 || rc=1
    cat "$out"
    # galaxy-importer exits 0 with warnings (for example: no changelog) that Galaxy would show.
    if grep -qE '^(WARNING|ERROR)' "$out"; then
        echo "FAIL: galaxy-importer reported:"
        grep -E '^(WARNING|ERROR)' "$out" | sed 's/^/    /'
        rc=1
    fi
    rm -f "$out"
    return "$rc"
}

step_ansible_lint() {
    # In the copy: ansible-lint writes a .ansible/ cache into the project it lints.
    in_stage ansible-lint --profile production --offline --nocolor
}

step_tarball_demo() {
    local tarball work rc=0
    tarball="$(release_tarball)"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"; trap - RETURN' RETURN
    echo "$(basename "$tarball"): $(tar -tzf "$tarball" | wc -l) entries"
    install_collection "$tarball" "${work}/collections"
    mkdir -p "${work}/run"
    # Only the installed copy: no repository on the collections path or sys.path, no ansible.cfg
    # or inventory from the caller, a working directory outside the repository.
    (
        cd "${work}/run"
        env ANSIBLE_COLLECTIONS_PATH="${work}/collections" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false \
            ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
            PATH="${VENV}/bin:${PATH}" \
            ansible-playbook llmops.openai.demo -e demo_containers=120
    ) || rc=1
    # The reports hold the emulator's 120 containers, say the same in each form, and nothing was deleted.
    "${VENV}/bin/python" - "${work}/run/container-audit" 120 <<'PYTHON' || rc=1
import json, os, re, sys
folder, count = sys.argv[1], int(sys.argv[2])
problems = []
def read(name):
    path = os.path.join(folder, name)
    if not os.path.isfile(path):
        sys.exit("FAIL: the demo wrote no container-audit/%s" % name)
    with open(path, encoding="utf-8") as handle:
        return handle.read()
report = json.loads(read("container-audit.json"))
summary, ids = report["summary"], [c["id"] for c in report["containers"]]
if summary["total"] != count or len(ids) != count or len(set(ids)) != count:
    problems.append("the JSON report has %s containers (%d listed, %d distinct), not %d" % (summary["total"], len(ids), len(set(ids)), count))
stale = summary["stale"]
if not 0 < stale < count or len(report["stale"]) != stale or report["stale_remaining"] != stale:
    problems.append("the JSON report's stale count %r does not match its stale list (%d) and stale_remaining (%r)"
                    % (stale, len(report["stale"]), report["stale_remaining"]))
if report["deletion"]["requested"] or report["deletion"]["deleted"]:
    problems.append("the demo deleted containers: %r" % (report["deletion"],))
markdown = read("container-audit.md")
if not re.search(r"^\| %d \| \d+ \| \d+ \| %d \| %d \|$" % (count, stale, stale), markdown, re.M):
    problems.append("the Markdown report's summary row does not say %d containers, %d stale" % (count, stale))
html = read("container-audit.html")
if '<div class="n" id="total">%d</div>' % count not in html or '<div class="n" id="stale">%d</div>' % stale not in html:
    problems.append("the HTML report's cards do not say %d containers, %d stale" % (count, stale))
if not html.rstrip().endswith("</html>"):
    problems.append("the HTML report is cut short")
for problem in problems:
    print("FAIL: " + problem)
if problems:
    sys.exit(1)
print("reports agree: %d containers, %d stale, nothing deleted" % (count, stale))
PYTHON
    return "$rc"
}

release_main() {
    local -a selected=()
    local arg step
    if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
        sed -n '2,/^# shellcheck/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
        return 0
    fi
    for arg in "$@"; do
        [[ " ${RELEASE_STEPS[*]} " == *" ${arg} "* ]] || die "unknown step '${arg}' (steps: ${RELEASE_STEPS[*]})"
        selected+=("$arg")
    done
    [[ ${#selected[@]} -gt 0 ]] || selected=("${RELEASE_STEPS[@]}")

    mkdir -p "${LLMOPS_CACHE}/logs"
    # The copy, the tarball and the docsite are shared: two runs take turns.
    exec 8>"${LLMOPS_CACHE}/release.lock"
    if ! flock --nonblock 8; then
        log "another scripts/release_checks.sh is using ${LLMOPS_CACHE}; waiting for it to finish"
        flock 8
    fi
    local start=$SECONDS
    ensure_release_venv
    release_stage
    log "venv release-tools ready in $((SECONDS - start))s"
    run_steps "${LLMOPS_CACHE}/logs/release" release_step "${selected[@]}"
}

release_step() {
    "step_${1//-/_}"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    release_main "$@"
fi
