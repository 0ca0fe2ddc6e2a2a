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

# Submodules are imported on use (``from analysis.registry import report``), so that the command line's
# ``registry validate`` does not pay for lifelines and statsmodels.
__all__ = ["charts", "disclosure", "effect", "engine", "generate", "report", "schema", "tables", "validate"]
