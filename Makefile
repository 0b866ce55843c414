# The two commands of the README. Everything they install lives under
# $(LLMOPS_CACHE) (default ~/.cache/llmops-openai), never in the repository.
.PHONY: help setup env demo test clean

help:
	@echo "make demo    set up (venv, build, install the collection) and run playbooks/demo.yml"
	@echo "make test    every test: sanity, units, integration on each ansible-core line, docs, build, lint"
	@echo "             one step: scripts/test.sh units-2.19 (see scripts/test.sh for the list)"
	@echo "make setup   only the set-up part of make demo"
	@echo '             eval "$$(make -s env)"   puts its ansible-playbook and the collection in your shell'
	@echo "make clean   remove the cache (venvs, built and installed collection)"

setup:
	@bash scripts/setup.sh >/dev/null

# The export lines of the set-up, for: eval "$(make -s env)"
env:
	@bash scripts/setup.sh

demo:
	@bash scripts/demo.sh

test:
	@bash scripts/test.sh

clean:
	rm -rf "$${LLMOPS_CACHE:-$$HOME/.cache/llmops-openai}"
