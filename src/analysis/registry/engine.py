"""Where the Ibis expressions run: DuckDB (embedded default) or Spark through Ibis's PySpark backend.

The queries in :mod:`.validate` and :mod:`.tables` are written once as Ibis expressions; this
module only opens a connection and reads a registry file into it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from . import schema

__all__ = ["RegistryFileError", "BACKENDS", "connect", "read_registry", "check_file"]

BACKENDS = ("duckdb", "pyspark")


class RegistryFileError(ValueError):
    """A registry file cannot be read or does not have the 29 items (one line, for people)."""


def connect(
    backend: str = "duckdb",
    *,
    spark_master: str | None = None,
    threads: int | None = None,
    memory_limit: str | None = None,
) -> Any:
    """An Ibis connection.

    Parameters
    ----------
    backend
        ``"duckdb"`` (in-process, nothing to start) or ``"pyspark"``.
    spark_master
        Spark master URL for ``pyspark`` (default ``local[2]``; a cluster's ``spark://host:7077``,
        ``yarn``, ...). Spark's web UI is switched off.
    threads
        DuckDB threads (default: all cores).
    memory_limit
        DuckDB memory limit such as ``"2GB"`` (default: DuckDB's, 80% of RAM); above it DuckDB
        spills to a temporary folder.
    """
    import ibis

    if backend == "duckdb":
        con = ibis.duckdb.connect()
        if threads:
            con.raw_sql(f"SET threads TO {int(threads)}")
        if memory_limit:
            con.raw_sql(f"SET memory_limit = '{memory_limit}'")
            # Spill to the system's temporary folder, not to ``.tmp/`` under the working directory.
            spill = Path(tempfile.gettempdir()) / "analysis-registry-duckdb"
            con.raw_sql(f"SET temp_directory = '{spill.as_posix()}'")
        return con
    if backend == "pyspark":
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:
            raise RegistryFileError(
                "the pyspark backend needs the 'spark' dependency group: pip install -e '.[spark]' (and Java 17)"
            ) from exc
        try:
            session = _spark_session(SparkSession, spark_master)
        except Exception as exc:  # Java missing, bad master URL: say so in one line
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise RegistryFileError(
                f"cannot start Spark ({spark_master or 'local[2]'}): {first}; "
                "is Java 17 installed (java -version)?"
            ) from exc
        return ibis.pyspark.connect(session)
    raise RegistryFileError(f"unknown backend {backend!r}: use one of {', '.join(BACKENDS)}")


def _spark_session(SparkSession: Any, spark_master: str | None) -> Any:  # noqa: N803 - the class itself
    session = (
        SparkSession.builder.master(spark_master or "local[2]")
        .appName("analysis-registry")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def check_file(path: str | Path) -> None:
    """Fail with one line when ``path`` is missing, not Parquet, or lacks / adds registry items."""
    path = Path(path)
    if not path.exists():
        raise RegistryFileError(f"registry file {path} does not exist")
    try:
        columns = pq.read_schema(path).names
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... for a bad file
        raise RegistryFileError(f"cannot read {path} as Parquet: {str(exc).splitlines()[0]}") from exc
    expected = schema.names()
    missing = [c for c in expected if c not in columns]
    extra = [c for c in columns if c not in expected]
    if missing or extra:
        parts = ([f"lacks {', '.join(missing)}"] if missing else []) + (
            [f"has unknown {', '.join(extra)}"] if extra else []
        )
        raise RegistryFileError(
            f"{path} is not a 29-item registry file: it {' and '.join(parts)} (see data/registry/schema.csv)"
        )


def read_registry(con: Any, path: str | Path) -> Any:
    """The registry file as an Ibis table on ``con`` (after :func:`check_file`)."""
    check_file(path)
    try:
        return con.read_parquet(str(path))
    except Exception as exc:
        raise RegistryFileError(f"cannot read {path}: {str(exc).splitlines()[0]}") from exc
