"""The same Ibis queries on Spark (local mode, UI off) give the same report tables as on DuckDB.

Needs the ``spark`` dependency group and Java 17 (``make test`` and ``.ci/run`` install both); skipped
with the reason when either is missing. SYNTHETIC data.
"""

from __future__ import annotations

import shutil
import subprocess

import pandas as pd
import pytest

from analysis.registry import generate, report

pytestmark = pytest.mark.slow


def _spark_missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install -e '.[spark]')"
    java = shutil.which("java")
    if java is None:
        return "java is not installed (Debian: openjdk-17-jre-headless; .ci/run installs it)"
    try:
        subprocess.run([java, "-version"], capture_output=True, check=True, timeout=60)
    except (subprocess.SubprocessError, OSError) as exc:
        return f"java does not run: {exc}"
    return None


@pytest.mark.skipif(_spark_missing() is not None, reason=_spark_missing() or "")
def test_spark_local_mode_report_equals_duckdb(tmp_path):
    path = generate.generate(tmp_path / "small.parquet", rows=2_000, seed=21, progress=False)
    generate.damaged_copy(path, tmp_path / "damaged.parquet")  # rejects must match too
    for name in ("small", "damaged"):
        src = tmp_path / f"{name}.parquet"
        # max_cox_rows below the size: the Cox sample must be the same rows on both engines
        duck = report.run_report(src, tmp_path / f"{name}_duckdb", backend="duckdb", max_cox_rows=1_500)
        spark = report.run_report(
            src, tmp_path / f"{name}_spark", backend="pyspark", spark_master="local[2]", max_cox_rows=1_500
        )
        assert duck.cox_rows == spark.cox_rows < 2_000
        assert duck.validation.rejected == spark.validation.rejected
        pd.testing.assert_frame_equal(duck.validation.failures, spark.validation.failures)
        for table in report.TABLES:
            a = pd.read_csv(tmp_path / f"{name}_duckdb" / f"{table}.csv")
            b = pd.read_csv(tmp_path / f"{name}_spark" / f"{table}.csv")
            pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-6, obj=f"{name}/{table}")
