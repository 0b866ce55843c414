#!/usr/bin/env bash
# Build the collection's docsite (plugin, module and role references from their docs, plus the
# guides of docs/) with antsibull-docs and Sphinx:
#
#   scripts/docsite.sh          then open $LLMOPS_CACHE/docsite/build/html/index.html
#
# Nothing is written into the repository: the docsite is built from a copy of the work tree
# under $LLMOPS_CACHE/docsite (set DOCSITE_DIR to build elsewhere), with the tools of
# scripts/release_checks.sh (venv $LLMOPS_CACHE/venvs/release-tools).
#
# The guides are Markdown (docs/*.md, one text each). docs/docsite/extra-docs.yml lists them as
# collection extra docs; each docs/docsite/rst/<name>.rst is a stub whose
# `.. guide-source: docs/<file>.md` comment names its text. In the copy, this script replaces the
# stub's body by an include of that Markdown, parsed by myst-parser, and points links between
# guides (`[x](other.md)`) at the other guide's page. Sphinx runs with -W: a warning fails.
# shellcheck source=scripts/release_checks.sh
source "$(dirname "${BASH_SOURCE[0]}")/release_checks.sh"

DOCSITE_DIR="${DOCSITE_DIR:-${LLMOPS_CACHE}/docsite}"
DOCSITE_COLLECTIONS="${DOCSITE_DIR}/src"
DOCSITE_ROOT="${DOCSITE_COLLECTIONS}/ansible_collections/${COLLECTION_NAMESPACE}/${COLLECTION_NAME}"
DOCSITE_SPHINX="${DOCSITE_DIR}/sphinx"
DOCSITE_HTML="${DOCSITE_DIR}/build/html"

mkdir -p "$DOCSITE_DIR"
exec 7>"${DOCSITE_DIR}.lock"
if ! flock --nonblock 7; then
    log "another scripts/docsite.sh is using ${DOCSITE_DIR}; waiting for it to finish"
    flock 7
fi
ensure_release_venv
export PATH="${VENV}/bin:${PATH}"
export ANSIBLE_COLLECTIONS_PATH="$DOCSITE_COLLECTIONS" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false

log "copying the work tree to ${DOCSITE_ROOT}"
stage_tree "$DOCSITE_ROOT"

log "including the Markdown guides in docs/docsite/rst/ of the copy"
python - "$DOCSITE_ROOT" "${DOCSITE_SPHINX}/rst/docsite" <<'PYTHON'
import os, re, sys

# build_dir: where antsibull-docs will copy the stubs; Sphinx resolves their relative paths there.
root, build_dir = sys.argv[1:]
rst_dir = os.path.join(root, "docs", "docsite", "rst")
label_prefix = "ansible_collections.llmops.openai.docsite."
stubs = {}  # docs/<file>.md -> stub name
for name in sorted(os.listdir(rst_dir)):
    if not name.endswith(".rst"):
        continue
    text = open(os.path.join(rst_dir, name), encoding="utf-8").read()
    source = re.search(r"^\.\. guide-source: (docs/\S+\.md)$", text, re.M)
    if source:
        stubs[source.group(1)] = name[:-4]
if not stubs:
    sys.exit("no docs/docsite/rst/*.rst names a `.. guide-source: docs/<file>.md`")

def ref(match):
    """[text](other.md#anchor) between guides -> a reference to the other guide's page."""
    text, target = match.group(1), match.group(2)
    path = os.path.normpath(os.path.join("docs", target.split("#")[0]))
    if path not in stubs:
        sys.exit(f"a link to {target} leads to no guide of docs/docsite/extra-docs.yml")
    return "{ref}`%s <%s%s>`" % (text.replace("`", ""), label_prefix, stubs[path])

for source, name in stubs.items():
    md_path = os.path.join(root, source)
    if not os.path.isfile(md_path):
        sys.exit(f"docs/docsite/rst/{name}.rst: {source} does not exist")
    md = open(md_path, encoding="utf-8").read()
    md = re.sub(r"(?<!!)\[([^\]]+)\]\(([^)\s]+\.md(?:#[^)\s]*)?)\)", ref, md)
    # Images are found relative to the stub's page.
    docs_from_build = os.path.relpath(os.path.join(root, "docs"), build_dir)
    md = re.sub(r"(!\[[^\]]*\]\()(?!https?:|/)", lambda m: m.group(1) + docs_from_build + "/", md)
    generated = os.path.join(rst_dir, "_" + name + ".md")
    open(generated, "w", encoding="utf-8").write(md)
    open(os.path.join(rst_dir, name + ".rst"), "w", encoding="utf-8").write(
        f".. _{label_prefix}{name}:\n\n"
        f".. include:: {os.path.relpath(generated, build_dir)}\n"
        f"   :parser: myst_parser.sphinx_\n"
    )
    print(f"  {source} -> docs/docsite/rst/{name}.rst")
PYTHON

log "antsibull-docs sphinx-init in ${DOCSITE_SPHINX}"
rm -rf "$DOCSITE_SPHINX" "${DOCSITE_DIR}/build"
mkdir -p "$DOCSITE_SPHINX"
chmod 700 "$DOCSITE_SPHINX"  # antsibull-docs wants its directories writable by their owner only
with_tools_home antsibull-docs sphinx-init --use-current --squash-hierarchy --fail-on-error \
    --project "${COLLECTION_FQCN}" --title "${COLLECTION_FQCN}: OpenAI Containers for Ansible" \
    --dest-dir "$DOCSITE_SPHINX" "$COLLECTION_FQCN" >/dev/null
cat >>"${DOCSITE_SPHINX}/conf.py" <<'CONF'

# Added by scripts/docsite.sh.
# The guides are Markdown, included by the stubs of docs/docsite/rst/ (see that script).
extensions.append('myst_parser')
myst_heading_anchors = 3
# Built offline: intersphinx cannot fetch the inventories of docs.ansible.com, so a reference
# into those docs (ansible-core's labels and environment variables, which the generated plugin
# pages use) is kept as plain text. A broken reference to this collection's own labels still
# fails the build.
intersphinx_mapping = {}


def _offline_external_reference(app, env, node, contnode):
    target = node.get('reftarget', '')
    if node.get('refdomain') == 'std' and not target.startswith('ansible_collections.llmops.openai.'):
        return contnode
    return None


def setup(app):
    app.connect('missing-reference', _offline_external_reference)
CONF

log "antsibull-docs collection (RST of every plugin, module and role, and the extra docs)"
mkdir -p "${DOCSITE_SPHINX}/rst"
chmod 700 "${DOCSITE_SPHINX}/rst"
with_tools_home antsibull-docs --config-file "${DOCSITE_SPHINX}/antsibull-docs.cfg" collection \
    --use-current --squash-hierarchy --fail-on-error --cleanup everything \
    --dest-dir "${DOCSITE_SPHINX}/rst" "$COLLECTION_FQCN"

log "sphinx-build"
sphinx-build -M html "${DOCSITE_SPHINX}/rst" "${DOCSITE_DIR}/build" -c "$DOCSITE_SPHINX" -W --keep-going -q

missing=0
for page in index.html docsite/getting_started.html docsite/troubleshooting.html container_info_module.html containers_inventory.html container_audit_role.html; do
    if [[ ! -s "${DOCSITE_HTML}/${page}" ]]; then
        echo "FAIL: the docsite has no ${page}" >&2
        missing=1
    fi
done
[[ "$missing" == 0 ]] || exit 1
log "docsite: ${DOCSITE_HTML}/index.html ($(find "$DOCSITE_HTML" -name '*.html' | wc -l) pages)"
