# Two commands on a fresh machine: `make site` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SPARK_STAMP := $(VENV)/.installed-spark

.PHONY: site test test-quick lab bench bench-registry clean venv

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
	$(PY) benchmarks/bench_registry.py

# Registry report at 10^5, 10^6, 10^7 rows (DuckDB, Spark local[2], pandas); 10^8: --sizes 1e8
bench-registry: $(STAMP) $(SPARK_STAMP)
	$(PY) benchmarks/bench_registry.py

clean:
	rm -rf site .site-* site.old .cache docs/generated results/*.json .pytest_cache .hypothesis .ruff_cache
	find . -name __pycache__ -type d -prune -not -path "./$(VENV)/*" -exec rm -rf {} +
