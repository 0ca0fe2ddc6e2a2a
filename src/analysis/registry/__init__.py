"""Notebook 07's pipeline for a laid-off-worker registry (SYNTHETIC data unless you bring your own).

- :mod:`.schema`: the 29-item data dictionary (``data/registry/schema.csv``);
- :mod:`.generate`: synthetic registry to Parquet, chunked, with a planted training effect;
- :mod:`.engine`: Ibis connection, DuckDB (default) or Spark (PySpark backend);
- :mod:`.validate`: per-item failure counts and a rejects table with reasons;
- :mod:`.tables`: the report's queries, written once as Ibis expressions;
- :mod:`.disclosure`: threshold k with secondary suppression;
- :mod:`.effect`: naive, Cox-adjusted and piecewise-exponential hazard ratios; roll-out power;
- :mod:`.report`: all of it, one CSV per table.
"""

from . import disclosure, effect, engine, generate, report, schema, tables, validate
from .disclosure import DEFAULT_K
from .engine import RegistryFileError, connect, read_registry
from .generate import CITY_ENTERPRISES, CITY_ROWS, PLANTED_HAZARD_RATIO
from .report import Report, run_report

# The submodules `generate` and `validate` keep their names (their main functions are
# `generate.generate` and `validate.validate`).
__all__ = [
    "disclosure",
    "effect",
    "engine",
    "generate",
    "report",
    "schema",
    "tables",
    "validate",
    "DEFAULT_K",
    "RegistryFileError",
    "connect",
    "read_registry",
    "CITY_ENTERPRISES",
    "CITY_ROWS",
    "PLANTED_HAZARD_RATIO",
    "Report",
    "run_report",
]
