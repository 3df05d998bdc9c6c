# Muster — two commands: `make demo` (set up and run the demo) and `make test` (the whole suite, as CI runs it).
# Everything runs from the .venv this Makefile creates with a Python >= 3.12 (scripts/find-python).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# Reinstall only when pyproject.toml changes; the stamp lives in the venv, so a new venv reinstalls.
STAMP := $(VENV)/.installed-muster
# Override to choose the interpreter: make PYTHON=/usr/bin/python3.13 install
PYTHON ?=
# pip, quietly; this machine image's pip.conf names local indexes that may be absent: drop those warnings only.
PIP := $(PY) -m pip install -q --disable-pip-version-check
PIP_FILTER := { grep -v "^WARNING: Location 'file:" || true; }

.PHONY: help venv install demo test test-fast lint bench system-deps clean

help:
	@echo "make demo       set up (.venv, packages) and run the demo: web server, worker, demo organisation"
	@echo "make test       everything CI runs: lint, migrations check, layering, tests on SQLite and PostgreSQL, browser"
	@echo "make test-fast  tests on SQLite without slow or browser tests"
	@echo "make lint       ruff, makemigrations --check, import-linter"
	@echo "make bench      every benchmarks/*.py --quick"
	@echo "make install    create .venv and install Muster with its test tools (also: make venv)"
	@echo "make clean      remove .venv, caches and test artifacts (keeps var/, the demo database)"

venv:
	@if $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  echo "$(VENV): $$($(PY) --version)"; \
	else \
	  python="$(PYTHON)"; [ -n "$$python" ] || python=$$(scripts/find-python); \
	  echo "Creating $(VENV) with $$python ($$("$$python" --version))"; \
	  rm -rf $(VENV); "$$python" -m venv $(VENV); \
	  $(PIP) --upgrade pip 2>&1 | $(PIP_FILTER); \
	fi

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory venv
	@echo "Installing Muster and its test tools into $(VENV) (pip install -e '.[test]')…"
	@start=$$(date +%s); \
	$(PIP) -e '.[test]' 2>&1 | $(PIP_FILTER); \
	echo "Installed in $$(( $$(date +%s) - start ))s."
	@touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/muster demo

system-deps:
	@scripts/install-system-deps

test: install
	@scripts/run-tests all

test-fast: install
	@scripts/run-tests fast

lint: install
	@scripts/run-tests lint

bench: install
	@shopt -s nullglob; scripts=(benchmarks/*.py); \
	if [ $${#scripts[@]} -eq 0 ]; then echo "No benchmarks in benchmarks/."; exit 0; fi; \
	failed=0; \
	for script in "$${scripts[@]}"; do \
	  echo "== $$script --quick"; \
	  $(PY) "$$script" --quick || { echo "FAILED: $$script"; failed=1; }; \
	done; exit $$failed

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis .import_linter_cache test-artifacts build *.egg-info
	find . -name __pycache__ -type d -not -path './.git/*' -prune -exec rm -rf {} +
