# Only Python 3.11+ is needed: every target creates or updates .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test contract reliability audit clean bench bench-scale container messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the dependencies change; -e keeps the checkout importable as it is edited.
# .installed is what serving needs (make run); .testing adds the test tools (make test and the rest).
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.testing: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[testing]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/pserve development.ini

# roughly (PyPI), the Roughtime implementation tests/roughtime/test_interop.py checks against, needs
# Python 3.12+: it gets a virtualenv of its own, .venv-peers/roughly (its tests are skipped, saying why,
# where no such Python is installed).
$(VENV)/.roughly-peer: $(VENV)/.testing tests/support/roughly_peer.py
	$(BIN)/python -m tests.support.roughly_peer
	touch $@

# lint-imports first: the layers contract in setup.cfg (docs/internals.md).
test: $(VENV)/.testing $(VENV)/.roughly-peer
	$(BIN)/lint-imports
	$(BIN)/pytest $(PYTEST_ARGS)

# The clock page's message catalogs (timesvc/web/locale/, README "The clock page"): the template extracted
# from the sources babel.cfg names, merged into each language's .po for its translator. Sentences that
# changed come back fuzzy, which the page does not use and tests/web/test_languages.py refuses.
LOCALES := timesvc/web/locale
messages: $(VENV)/.installed
	$(BIN)/pybabel extract --mapping-file babel.cfg --keywords say:2 --add-comments TRANSLATORS: --add-location file \
		--no-wrap --sort-output --project timesvc --copyright-holder "the timesvc authors" --output-file $(LOCALES)/clock.pot .
	$(BIN)/pybabel update --input-file $(LOCALES)/clock.pot --output-dir $(LOCALES) --domain clock --no-wrap --ignore-obsolete

# schemathesis against a real pserve; CONTRACT_EXAMPLES bounds the test cases per operation.
CONTRACT_EXAMPLES ?= 200
$(VENV)/.contract: $(VENV)/.testing
	$(BIN)/python -m pip install --quiet -e '.[testing,contract]'
	touch $@

contract: $(VENV)/.contract
	$(BIN)/python -m tests.contract --max-examples $(CONTRACT_EXAMPLES)
# Failure, load and hostile-input scenarios on loopback; RELIABILITY_ARGS=--short is CI's few-second version.
reliability: $(VENV)/.testing
	$(BIN)/python -m reliability $(RELIABILITY_ARGS)

$(VENV)/.container: $(VENV)/.testing
	$(BIN)/python -m pip install --quiet -e '.[testing,container]'
	touch $@

# deploy/Dockerfile built with podman on a local Debian base, then the image, read-only and non-root,
# and deploy/compose.yaml smoke-tested on loopback (tests/deploy/container/; docs/containers.md).
# podman, runc and debootstrap come from the OS packages when absent.
container: $(VENV)/.container
	command -v podman >/dev/null && command -v runc >/dev/null && command -v debootstrap >/dev/null || sh .ci/apt-install
	$(BIN)/pytest -m container tests/deploy/container $(PYTEST_ARGS)

# bandit over the package; every `# nosec` carries its reason.
$(VENV)/.audit: setup.cfg | $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[audit]'
	touch $@

audit: $(VENV)/.audit
	$(BIN)/bandit --recursive timesvc

$(VENV)/.bench-installed: $(VENV)/.testing
	$(BIN)/python -m pip install --quiet -e '.[testing,bench]'
	touch $@

# Speed against stock waitress, Falcon and plain Pyramid, and how precisely a client learns the time, idle
# and under load (docs/performance.md); Roughtime responses/s on one core, and GET /time with Roughtime off,
# idle and loaded (docs/roughtime.md). BENCH_QUICK=1: 1 s, one round, to
# check that the harness runs; it asserts no speed. wrk comes from the OS packages when absent.
bench: $(VENV)/.bench-installed
	command -v wrk >/dev/null || sh .ci/apt-install
	$(BIN)/python -m bench.micro $(if $(BENCH_QUICK),--quick)
	$(BIN)/python -m bench.run $(if $(BENCH_QUICK),--quick) $(BENCH_ARGS)
	$(BIN)/python -m bench.roughtime_load $(if $(BENCH_QUICK),--quick)
	$(BIN)/python -m bench.roughtime_http $(if $(BENCH_QUICK),--quick)

# Throughput through nginx to 1..N timesvc processes, one per CPU; nginx and wrk come from the OS packages when absent.
bench-scale: $(VENV)/.bench-installed
	command -v nginx >/dev/null && command -v wrk >/dev/null || sh .ci/apt-install
	$(BIN)/python -m bench.scale $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .venv-peers build *.egg-info .pytest_cache
