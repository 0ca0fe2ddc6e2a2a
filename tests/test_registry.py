"""Registry pipeline (notebook 07): schema, synthetic generator, validation, disclosure control, CLI, effect.

All data here are SYNTHETIC (analysis.registry.generate).
"""

from __future__ import annotations

import csv
import subprocess
import sys

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from scipy.optimize import linprog

from analysis.__main__ import main
from analysis.registry import disclosure, effect, engine, generate, report, schema, tables, validate


@pytest.fixture(scope="module")
def small_registry(tmp_path_factory):
    path = tmp_path_factory.mktemp("registry") / "small.parquet"
    return generate.generate(path, rows=3_000, seed=11, chunk_rows=1_000, progress=False)


@pytest.fixture(scope="module")
def con():
    return engine.connect("duckdb")


# ------------------------------------------------------------------------------------------ schema


def test_schema_csv_has_exactly_29_items_with_the_five_columns():
    with open(schema.SCHEMA_CSV, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert reader.fieldnames == ["name", "label_zh", "type", "allowed", "meaning"]
    assert len(rows) == 29
    assert len({r["name"] for r in rows}) == 29
    assert all(r["label_zh"] and r["meaning"] for r in rows)


def test_schema_items_parse_codes_ranges_and_patterns():
    by_name = {i.name: i for i in schema.items()}
    assert by_name["sex"].codes == ("male", "female")
    assert by_name["birth_year"].bounds == (1938, 1987)
    assert by_name["reemployment_date"].nullable and not by_name["laid_off_date"].nullable
    assert by_name["worker_id"].pattern == "^W[0-9]{9}$"


# --------------------------------------------------------------------------------------- generator


def test_generated_file_has_exactly_the_29_items_and_says_synthetic(small_registry):
    pf = pq.ParquetFile(small_registry)
    assert pf.schema_arrow.names == schema.names()
    assert pf.metadata.num_rows == 3_000
    assert pf.metadata.num_row_groups == 3  # written in chunks of 1,000
    meta = generate.file_metadata(small_registry)
    assert meta["synthetic"] is True and meta["planted_hazard_ratio"] == generate.PLANTED_HAZARD_RATIO


def test_generator_is_reproducible_and_ids_are_unique_across_chunks(tmp_path):
    a = generate.generate(tmp_path / "a.parquet", rows=2_500, seed=3, chunk_rows=1_000, progress=False)
    b = generate.generate(tmp_path / "b.parquet", rows=2_500, seed=3, chunk_rows=1_000, progress=False)
    ta, tb = pq.read_table(a), pq.read_table(b)
    assert ta.equals(tb)
    assert ta["worker_id"].to_pandas().is_unique


def test_city_sized_file_has_the_speech_counts():
    t = generate.generate_table(generate.CITY_ROWS, seed=2003)
    assert t.num_rows == 100_948
    assert t["enterprise_id"].to_pandas().nunique() <= 926
    # calibration: about two thirds of those laid off before July 2002 re-employed (ministry: 66%)
    df = t.select(["laid_off_date", "reemployment_date"]).to_pandas()
    early = pd.to_datetime(df["laid_off_date"]) < "2002-07-01"
    assert 0.6 < df.loc[early, "reemployment_date"].notna().mean() < 0.75


def test_trainees_are_selected_on_observables_so_the_naive_comparison_is_biased():
    df = generate.generate_table(50_000, seed=1).to_pandas()
    high = df["education"].isin(["senior_secondary", "vocational", "tertiary"])
    assert (
        df.loc[df["training"], "education"].isin(["senior_secondary", "vocational", "tertiary"]).mean()
        > high.mean() + 0.05
    )


# -------------------------------------------------------------------------------------- validation


def test_clean_synthetic_file_passes_every_rule(con, small_registry):
    checked = validate.validate(con, engine.read_registry(con, small_registry))
    assert checked.ok and checked.rows == 3_000 and checked.failures["n"].sum() == 0


def test_each_planted_fault_is_counted_against_its_item_and_kept_as_a_reject(con, small_registry, tmp_path):
    damaged = generate.damaged_copy(small_registry, tmp_path / "damaged.parquet")
    checked = validate.validate(con, engine.read_registry(con, damaged))
    counts = checked.failures.groupby("item")["n"].sum()
    assert counts["worker_id"] == 2  # both copies of a duplicated id
    for _, item, _ in generate.DAMAGE[2:]:
        assert counts[item] >= 1, item
    rejects = con.execute(checked.rejects)
    valid = int(con.execute(checked.valid.count()))
    assert valid + len(rejects) == checked.rows == 3_000  # nothing silently dropped
    assert len(rejects) == checked.rejected == 7
    for row, item, reason in generate.DAMAGE:
        text = rejects.loc[
            rejects["worker_id"] == pq.read_table(damaged)["worker_id"][row].as_py(), "reasons"
        ]
        assert any(f"{item}: {reason}" in r for r in text), (item, reason, text.tolist())


def test_dates_out_of_order_are_rejected(con, small_registry, tmp_path):
    df = pd.read_parquet(small_registry)
    i = df.index[df["reemployment_date"].notna()][0]
    df.loc[i, "followup_date"] = df.loc[i, "reemployment_date"] - pd.Timedelta(days=1)
    path = tmp_path / "order.parquet"
    df.to_parquet(path)
    checked = validate.validate(con, engine.read_registry(con, path))
    bad = checked.failures.set_index(["item", "reason"])["n"]
    assert bad[("reemployment_date", "after followup_date")] == 1


# --------------------------------------------------------------------------------- disclosure


def _attack(published: np.ndarray, hidden: np.ndarray) -> list[tuple[float, float]]:
    """Bounds an attacker gets for each hidden cell from the published cells and the margins (LP)."""
    n_rows, n_cols = published.shape
    unknown = [tuple(c) for c in np.argwhere(hidden)]
    index = {c: i for i, c in enumerate(unknown)}
    a_eq, b_eq = [], []
    lines = [[(i, j) for j in range(n_cols - 1)] + [(i, n_cols - 1)] for i in range(n_rows)] + [
        [(i, j) for i in range(n_rows - 1)] + [(n_rows - 1, j)] for j in range(n_cols)
    ]
    for line in lines:  # sum of interior cells of a line minus its total = 0
        *cells, total = line
        row = np.zeros(len(unknown))
        rhs = 0.0
        for c in cells:
            if c in index:
                row[index[c]] += 1
            else:
                rhs -= published[c]
        if total in index:
            row[index[total]] -= 1
        else:
            rhs += published[total]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    bounds = []
    for i in range(len(unknown)):
        c = np.zeros(len(unknown))
        c[i] = 1
        lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None)).fun
        hi = -linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None)).fun
        bounds.append((lo, hi))
    return bounds


def test_lone_small_cell_gets_a_complementary_suppression():
    table = pd.DataFrame(
        [[3, 40, 50], [30, 45, 60], [25, 35, 70]], index=["q1", "q2", "q3"], columns=["a", "b", "c"]
    )
    out = disclosure.suppress(table, k=10)
    assert pd.isna(out.loc["q1", "a"])
    # the small cell, one more in its row, one in its column, and one to close the rectangle
    assert out.isna().sum().sum() >= 4


@pytest.mark.parametrize("seed", range(12))
def test_suppressed_cells_cannot_be_recovered_from_the_margins(seed):
    rng = np.random.default_rng(seed)
    table = pd.DataFrame(
        rng.choice([0, 2, 5, 8, 12, 25, 40], size=(5, 4), p=[0.1, 0.15, 0.15, 0.1, 0.2, 0.15, 0.15])
    )
    full = disclosure.with_margins(table).to_numpy(dtype=float)
    hidden = disclosure.suppression_mask(full, k=10)
    assert not ((full > 0) & (full < 10) & ~hidden).any()  # every small cell hidden
    if not hidden.any():
        return
    for (lo, hi), cell in zip(_attack(np.where(hidden, 0, full), hidden), np.argwhere(hidden), strict=True):
        assert hi - lo > 0.5, f"cell {tuple(cell)} = {full[tuple(cell)]} pinned down to [{lo}, {hi}]"


def test_published_life_table_counts_are_zero_or_at_least_k():
    counts = pd.DataFrame(
        {
            "programme": "training",
            "interval": range(8),
            "events_n": [40, 3, 12, 2, 2, 9, 1, 0],
            "censored_n": [5, 0, 11, 1, 8, 2, 1, 3],
        }
    )
    km = report.km_table(counts, k=10)
    for col in ("events_n", "censored_n", "at_risk_n"):
        assert ((km[col] == 0) | (km[col] >= 10)).all(), km
    assert km["survival"].is_monotonic_decreasing


# ---------------------------------------------------------------------------------- report / CLI


@pytest.fixture(scope="module")
def report_dir(small_registry, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    assert main(["registry", "report", str(small_registry), "--out", str(out)]) == 0
    return out


def test_report_writes_the_three_tables_with_count_columns_named_n(report_dir):
    for name in report.TABLES:
        frame = pd.read_csv(report_dir / f"{name}.csv")
        counts = [c for c in frame.columns if c.endswith("_n") or c == "n"]
        assert counts, name
        for c in counts:
            values = frame[c].dropna()
            assert ((values == 0) | (values >= 10)).all(), (name, c)


def test_no_identifier_leaves_the_engine(report_dir):
    for name in report.TABLES:
        text = (report_dir / f"{name}.csv").read_text(encoding="utf-8")
        assert "worker_id" not in text and "enterprise_id" not in text
        assert "W0000" not in text and "E000" not in text


def test_small_flows_table_has_suppressed_cells_left_empty(report_dir):
    raw = (report_dir / "flows_by_quarter.csv").read_text(encoding="utf-8").splitlines()
    assert raw[0] == "quarter,district,inflow_n,outflow_n"
    assert any(",," in line or line.endswith(",") for line in raw[1:])  # 3,000 rows: some cells below 10
    assert "nan" not in "\n".join(raw).lower()


def test_validate_exit_codes(small_registry, tmp_path, capsys):
    assert main(["registry", "validate", str(small_registry)]) == 0
    damaged = generate.damaged_copy(small_registry, tmp_path / "d.parquet")
    rejects = tmp_path / "rejects.parquet"
    assert main(["registry", "validate", str(damaged), "--rejects", str(rejects)]) == 1
    kept = pd.read_parquet(rejects)
    assert len(kept) == 7 and kept["reasons"].str.len().gt(0).all()
    assert "duplicate id" in capsys.readouterr().out


@pytest.mark.parametrize("content", [b"", b"not parquet at all", b"PAR1\x00\x00garbage"])
def test_unreadable_file_is_one_line_exit_2_without_traceback(tmp_path, content):
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(content)
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "registry", "validate", str(bad)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert str(bad) in proc.stderr


def test_file_without_the_29_items_is_refused_in_one_line(tmp_path, capsys):
    path = tmp_path / "few.parquet"
    pd.DataFrame({"worker_id": ["W000000001"], "sex": ["male"]}).to_parquet(path)
    assert main(["registry", "report", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "lacks" in err and "birth_year" in err


def test_generate_cli_writes_a_synthetic_file(tmp_path, capsys):
    out = tmp_path / "g.parquet"
    assert main(["registry", "generate", "--rows", "500", "--seed", "4", "--out", str(out), "--quiet"]) == 0
    assert pq.ParquetFile(out).metadata.num_rows == 500
    assert "SYNTHETIC" in capsys.readouterr().out


def test_pyspark_backend_without_spark_is_a_clear_error(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pyspark(name, *args, **kwargs):
        if name.startswith("pyspark"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyspark)
    with pytest.raises(engine.RegistryFileError, match="spark"):
        engine.connect("pyspark")


def test_large_file_path_spills_spells_to_disk_and_gives_the_same_tables(small_registry, tmp_path):
    in_memory = report.run_report(small_registry, None)
    on_disk = report.run_report(small_registry, None, cache_rows=100, con=engine.connect(memory_limit="1GB"))
    for name in report.TABLES:
        pd.testing.assert_frame_equal(in_memory.tables[name], on_disk.tables[name])


def test_cox_sample_above_the_cap_is_stated_and_about_the_cap(con, small_registry):
    checked = validate.validate(con, engine.read_registry(con, small_registry))
    data, n = tables.cox_frame(con, tables.spells(checked.valid), max_rows=1_000)
    assert n == 3_000 and 800 < len(data) < 1_200
    est = effect.cox_hazard_ratio(
        data, sample_note=f"; fitted on a random sample of {len(data):,} of {n:,} spells"
    )
    assert "random sample" in est.method


# ------------------------------------------------------------------------------------ the effect


def test_hazard_ratio_as_pp_is_zero_at_one_and_grows_with_the_ratio():
    assert effect.hazard_ratio_as_pp(1.0, 0.4) == pytest.approx(0.0)
    assert 0 < effect.hazard_ratio_as_pp(1.25, 0.4) < effect.hazard_ratio_as_pp(1.5, 0.4)


@pytest.mark.slow
def test_city_scale_report_recovers_the_planted_hazard_ratio_and_the_naive_one_does_not(tmp_path):
    path = generate.generate(tmp_path / "city.parquet", rows=generate.CITY_ROWS, seed=2003, progress=False)
    rep = report.run_report(path, tmp_path / "out")
    planted = generate.PLANTED_HAZARD_RATIO
    assert rep.adjusted.ci_low <= planted <= rep.adjusted.ci_high
    assert rep.poisson.ci_low <= planted <= rep.poisson.ci_high
    assert abs(rep.poisson.estimate - rep.adjusted.estimate) < 0.01
    assert rep.naive.ci_low > planted  # selection on observables biases the naive comparison upwards
    effects = pd.read_csv(tmp_path / "out" / "programme_effect.csv")
    assert set(effects["estimate"]) == {"naive", "cox_adjusted", "poisson_adjusted"}
    assert (effects["planted_hazard_ratio"] == planted).all()


# ------------------------------------------------------------------------------ page and notebook


def test_registry_page_carries_the_data_dictionary_exactly():
    from analysis import paths

    page = (paths.DOCS / "registry.md").read_text(encoding="utf-8")
    assert schema.markdown_table() in page
    assert "synthetic" in page.lower()


def test_notebook_07_declares_what_it_writes_reads_and_has_no_outputs():
    import json

    from analysis import paths

    nb = json.loads((paths.NOTEBOOKS / "07_registry.ipynb").read_text(encoding="utf-8"))
    assert nb["metadata"]["analysis"] == {
        "writes": "registry",
        "reads": ["synthesis"],
        "data": ["data/registry/schema.csv"],
    }
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
