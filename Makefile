# The two commands of the README. Everything they install lives under
# $(LLMOPS_CACHE) (default ~/.cache/llmops-openai), never in the repository.
# scripts/harness.py (standard library only) installs nox and antsibull-nox there and runs the
# sessions of noxfile.py tagged test (nox -t test), two at a time.
HARNESS = python3 scripts/harness.py
.PHONY: help setup env demo test clean

help:
	@echo "make demo    set up (venv, build, install the collection) and run playbooks/demo.yml"
	@echo "make test    every test: sanity, units, integration on each ansible-core line, docs, build, lint"
	@echo "             one step, with its arguments: make test STEPS='units-2.19 tests/unit/plugins/modules/'"
	@echo "             (the same: $(HARNESS) units-2.19 tests/unit/plugins/modules/; --help lists the steps)"
	@echo "             the fast loop, sanity and units of the files changed since main: make test STEPS=changed"
	@echo "make setup   only the set-up part of make demo"
	@echo '             eval "$$(make -s env)"   puts its ansible-playbook and the collection in your shell'
	@echo "make clean   remove the cache (venvs, built and installed collection)"

setup:
	@$(HARNESS) session demo -- --setup-only >/dev/null

# The export lines of the set-up, for: eval "$(make -s env)"
env:
	@$(HARNESS) session demo -- --setup-only

demo:
	@$(HARNESS) session demo

test:
	@$(HARNESS) $(STEPS)

clean:
	rm -rf "$${LLMOPS_CACHE:-$$HOME/.cache/llmops-openai}"
