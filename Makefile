# The two commands a new user needs are `make serve` and `make test`
# (`make check` is the everyday loop while changing code).
# Everything they depend on is installed from here, so a fresh machine (or
# CI on a clean clone) needs nothing done by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Every Python package is installed at the exact version (and hash) in the
# lock files, made by uv from the ranges in pyproject.toml (`make lock`).
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check
UV_VERSION := 0.13.8
LOCK := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command 'make lock' $(if $(UPGRADE),--upgrade)
# The fast tier: everything but the browser and the production server.
FAST := -m "not browser and not server"

.PHONY: help serve test test-copy check lint audit benchmark clean lock translations system-packages

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

serve: $(VENV)/.installed ## Install the app and serve it with gunicorn at http://127.0.0.1:8000
	@echo "Serving on http://127.0.0.1:8000 (Ctrl+C stops)"
	@# The same command a deployment runs (`screening serve`: gunicorn with
	@# screening.gunicorn_conf), which makes a secret for this run if none is set.
	$(BIN)/screening serve

# The everyday loop: ruff and the fast tests (no browser, no server).
check: $(VENV)/.test-installed node_modules/.installed ## ruff and the fast tests (no browser, no server): the everyday loop
	$(BIN)/ruff check .
	$(BIN)/pytest -q -p no:cacheprovider $(FAST)

# Everything, as CI runs it: the fast tests once, from the bare copy, then
# the browser and server tests from here.
test: $(VENV)/.test-installed node_modules/.installed system-packages ## Install what the tests need, then run the whole suite (CI)
	$(BIN)/ruff check .
	@$(MAKE) --no-print-directory test-copy
	$(BIN)/pytest -m "browser or server"
	@# A known vulnerability fails the run; an advisory database out of reach
	@# (status 2) is reported as "NOT DONE", never as a pass (see make audit).
	@$(BIN)/python tools/audit_dependencies.py || [ $$? -eq 2 ]

# The fast tests, from a copy of the repository's own files in an empty
# temporary folder: a test that reads anything outside the repository (a file
# in a neighboring folder, say) fails here, as it would in a fresh clone.
# Only what `make test` installs is shared: the venv and node_modules.
test-copy: $(VENV)/.test-installed node_modules/.installed ## Run the fast tests in a bare copy of the repository
	@copy="$$(mktemp -d)"; trap 'rm -rf "$$copy"' EXIT; \
	echo "Fast tests in a bare copy of the repository ($$copy/repo):"; \
	$(BIN)/python -m tests.bare_copy "$$copy/repo" \
	&& ln -s "$(CURDIR)/node_modules" "$$copy/repo/node_modules" \
	&& cd "$$copy/repo" \
	&& PYTHONPATH="$$copy/repo" "$(CURDIR)/$(BIN)/pytest" -q -p no:cacheprovider $(FAST)

$(VENV)/.installed: pyproject.toml requirements/app.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --require-hashes -r requirements/app.txt
	$(PIP_INSTALL) --no-deps -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed requirements/test.txt
	$(PIP_INSTALL) --require-hashes -r requirements/test.txt
	touch $@

# The test lock is made first; the app's lock is held to the same versions.
lock: ## Update requirements/*.txt after editing pyproject.toml (UPGRADE=1: newest allowed releases)
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) uv==$(UV_VERSION)
	$(LOCK) pyproject.toml --extra test -o requirements/test.txt
	$(LOCK) pyproject.toml -c requirements/test.txt -o requirements/app.txt

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	echo '{}' > node_modules/@mdn/mdn-http-observatory/conf/hsts-preload.json
	touch $@

# Debian packages: Chromium for the browser tests, nginx for the proxy test,
# wrk for the benchmark. Java (for the HTML checker) is already on the machine.
system-packages:
	@missing=""; \
	for tool in chromium:chromium nginx:nginx-light wrk:wrk java:default-jre-headless; do \
		command -v $${tool%%:*} >/dev/null || missing="$$missing $${tool#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

audit: $(VENV)/.test-installed ## Check the lock files for known vulnerabilities (pip-audit; run before a deploy)
	$(BIN)/python tools/audit_dependencies.py

benchmark: $(VENV)/.test-installed system-packages ## Measure throughput and latency against a bare Flask app
	$(BIN)/python benchmarks/throughput.py

# The same flags every time (sorted, no line numbers, 100 columns), so a
# change to the catalog shows only the strings that changed.
BABEL_WIDTH := -w 100
translations: $(VENV)/.test-installed ## After changing interface text: update the Spanish catalog and compile it
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location --sort-output $(BABEL_WIDTH) \
		-o screening/translations/messages.pot screening
	$(BIN)/pybabel update -i screening/translations/messages.pot -d screening/translations -l es \
		--no-fuzzy-matching --ignore-obsolete $(BABEL_WIDTH)
	$(BIN)/pybabel compile -d screening/translations -l es

clean: ## Remove installed packages
	rm -rf $(VENV) node_modules
