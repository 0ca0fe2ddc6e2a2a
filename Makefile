# Two commands on a fresh machine: `make site` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SPARK_STAMP := $(VENV)/.installed-spark

.PHONY: site test test-quick lab bench bench-registry lint format clean venv

venv: $(STAMP)

# (Re)install when the lock file or the project metadata change.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

site: $(STAMP)
	$(PY) -m analysis build

# The optional `spark` group (pyspark + py4j, exact pins marked `; extra == "spark"` in the lock).
$(SPARK_STAMP): $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check $$(sed -n 's/ *; *extra == "spark"//p' requirements.lock)
	@touch $(SPARK_STAMP)

test: $(STAMP) $(SPARK_STAMP)
	$(PY) -m pytest

test-quick: $(STAMP)
	$(PY) -m pytest -m "not notebooks and not site and not browser and not slow"

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

bench: $(STAMP) $(SPARK_STAMP)
	$(PY) benchmarks/bench_extract.py
	$(PY) benchmarks/bench_build.py
	$(PY) benchmarks/bench_registry.py

# Registry report at 10^5, 10^6, 10^7 rows (DuckDB, Spark local[2], pandas); 10^8: --sizes 1e8
bench-registry: $(STAMP) $(SPARK_STAMP)
	$(PY) benchmarks/bench_registry.py

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
