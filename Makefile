# Two commands on a fresh machine: `make site` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test test-quick lab bench lint format clean venv

venv: $(STAMP)

# (Re)install when the lock file or the project metadata change.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

site: $(STAMP)
	$(PY) -m analysis build

test: $(STAMP)
	$(PY) -m pytest

test-quick: $(STAMP)
	$(PY) -m pytest -m "not notebooks and not site and not browser and not slow"

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

bench: $(STAMP)
	$(PY) benchmarks/bench_extract.py
	$(PY) benchmarks/bench_build.py

# Code, tests and notebooks: the same ruff configuration (pyproject.toml) binds everyone.
RUFF_PATHS := src tests notebooks benchmarks

lint: $(STAMP)
	$(VENV)/bin/ruff check $(RUFF_PATHS)

format: $(STAMP)
	$(VENV)/bin/ruff format $(RUFF_PATHS)
	$(VENV)/bin/ruff check --fix --select I $(RUFF_PATHS)

# .cache holds the build's keys and the staging folders a killed build may leave behind.
clean:
	rm -rf site .site-* site.old results-staging-* .cache docs/generated results/*.json results/.*.tmp \
		.pytest_cache .hypothesis .ruff_cache
	find . -name __pycache__ -type d -prune -not -path "./$(VENV)/*" -exec rm -rf {} +
