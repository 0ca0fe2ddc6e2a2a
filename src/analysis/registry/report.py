"""The registry report: validate, query (Ibis), protect (k), estimate, and write one CSV per table.

``python -m analysis registry report PATH --out DIR`` and notebook 07 both call :func:`run_report`.
Published tables carry no identifiers; count columns are named ``n`` or end in ``_n``; hidden
cells are empty.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import disclosure, effect, engine, tables, validate
from .generate import file_metadata

__all__ = ["Report", "km_table", "run_report", "TABLES"]

TABLES = ("flows_by_quarter", "km_by_programme", "programme_effect")


@dataclass
class Report:
    """Everything the report computed; ``tables`` are the published (protected) ones."""

    tables: dict[str, pd.DataFrame]
    validation: validate.Validation
    naive: Any
    adjusted: Any
    poisson: Any
    spells_n: int
    cox_rows: int
    planted: float | None
    meta: dict = field(default_factory=dict)


def km_table(counts: pd.DataFrame, k: int = disclosure.DEFAULT_K, width_months: float = 3.0) -> pd.DataFrame:
    """Kaplan–Meier (life-table) estimate by programme from interval counts, safe to publish.

    Adjacent intervals are merged until each published interval has either none or at least ``k``
    re-employments and censorings, and at least ``k`` at risk; the curve stops where fewer than
    ``k`` remain at risk. Every published count is then 0 or >= k and the survival steps are
    functions of published counts only, so no small count can be recovered from them.
    """
    rows = []
    for programme, g in counts.groupby("programme", sort=True):
        g = g.set_index("interval").sort_index()
        last = int(g.index.max())
        full = g.reindex(range(last + 1), fill_value=0)
        at_risk = int(full[["events_n", "censored_n"]].to_numpy().sum())
        survival, start = 1.0, 0
        ev = ce = 0
        for i in range(last + 1):
            ev += int(full.loc[i, "events_n"])
            ce += int(full.loc[i, "censored_n"])
            ok = all(x == 0 or x >= k for x in (ev, ce)) and (ev + ce) > 0
            if not ok and i < last:
                continue
            if at_risk < k or not ok:
                break
            # Life-table (actuarial) step: censorings count half an interval at risk.
            survival *= 1 - ev / (at_risk - ce / 2)
            rows.append(
                {
                    "programme": programme,
                    "month_from": start * width_months,
                    "month_to": (i + 1) * width_months,
                    "at_risk_n": at_risk,
                    "events_n": ev,
                    "censored_n": ce,
                    "survival": round(survival, 6),
                    "reemployed_share": round(1 - survival, 6),
                }
            )
            at_risk -= ev + ce
            start, ev, ce = i + 1, 0, 0
    return pd.DataFrame(
        rows,
        columns=[
            "programme",
            "month_from",
            "month_to",
            "at_risk_n",
            "events_n",
            "censored_n",
            "survival",
            "reemployed_share",
        ],
    )


def _effect_table(
    naive: Any, adjusted: Any, poisson: Any, events: int, planted: float | None
) -> pd.DataFrame:
    rows = []
    for name, est in (("naive", naive), ("cox_adjusted", adjusted), ("poisson_adjusted", poisson)):
        rows.append(
            {
                "estimate": name,
                "hazard_ratio": round(est.estimate, 6),
                "ci_low": round(est.ci_low, 6),
                "ci_high": round(est.ci_high, 6),
                "se_log_hr": round(est.se, 6),
                "n": est.n,
                "method": est.method,
                "planted_hazard_ratio": planted,
            }
        )
    out = pd.DataFrame(rows)
    out.attrs["events_n"] = events
    return out


def run_report(
    path: str | Path,
    out: str | Path | None = None,
    *,
    backend: str = "duckdb",
    spark_master: str | None = None,
    k: int = disclosure.DEFAULT_K,
    max_cox_rows: int = 200_000,
    con: Any = None,
    seed: int = 2003,
    cache_rows: int = 20_000_000,
) -> Report:
    """Validate a registry file and compute the protected report tables and the programme effect.

    Parameters
    ----------
    path
        Registry Parquet file (29 items, :mod:`analysis.registry.schema`).
    out
        Folder for one CSV per table (not written when ``None``).
    backend, spark_master
        Engine (:func:`analysis.registry.engine.connect`).
    k
        Disclosure threshold.
    max_cox_rows
        Above this many valid spells the Cox models use a stated random sample of about this size
        (the Poisson model always uses every spell, aggregated in the engine).
    con
        An open Ibis connection to reuse (tests, notebook); overrides ``backend``.
    cache_rows
        Up to this many rows the validated spells are cached in memory between queries; above, in a
        temporary Parquet file.
    """
    if k < 1:
        raise ValueError(f"--k must be at least 1 (got {k})")
    engine.check_file(path)  # a bad file fails before any engine starts
    con = con or engine.connect(backend, spark_master=spark_master)
    raw = engine.read_registry(con, path)
    checked = validate.validate(con, raw)
    sp = tables.spells(checked.valid)
    # Validate once: the spells (a dozen narrow columns) are kept for the queries below, in the
    # engine's memory up to ``cache_rows`` rows, above that in a Parquet file written by the engine
    # (streamed, so memory stays bounded whatever the size).
    spill_dir = None
    if checked.rows <= cache_rows:
        sp = sp.cache()
    else:
        spill_dir = Path(tempfile.mkdtemp(prefix="registry-spells-"))
        con.to_parquet(sp, str(spill_dir / "spells.parquet"))
        sp = con.read_parquet(str(spill_dir / "spells.parquet"))
    try:
        flows = tables.flows_by_quarter(con, sp)
        km_counts = tables.life_table_counts(con, sp)
        pt = tables.person_time(con, sp)
        cox_data, n_spells = tables.cox_frame(con, sp, max_cox_rows, seed)
    finally:
        if spill_dir is not None:
            shutil.rmtree(spill_dir, ignore_errors=True)
    flows_pub = disclosure.protect_long(flows, "quarter", "district", ["inflow_n", "outflow_n"], k)
    km = km_table(km_counts, k)
    note = (
        ""
        if len(cox_data) == n_spells
        else f"; fitted on a random sample of {len(cox_data):,} of {n_spells:,} spells"
    )
    if n_spells < 2 * k or cox_data["training"].nunique() < 2:
        raise ValueError(
            f"{path}: only {n_spells} valid spells (or no variation in training): too few to estimate"
        )
    naive = effect.cox_hazard_ratio(cox_data, adjust=False, sample_note=note)
    adjusted = effect.cox_hazard_ratio(cox_data, adjust=True, sample_note=note)
    poisson = effect.poisson_hazard_ratio(pt, n_spells)
    planted = file_metadata(path).get("planted_hazard_ratio")
    effects = _effect_table(naive, adjusted, poisson, int(pt["events_n"].sum()), planted)
    published = {"flows_by_quarter": flows_pub, "km_by_programme": km, "programme_effect": effects}
    if out is not None:
        write_tables(published, out)
    return Report(
        published, checked, naive, adjusted, poisson, n_spells, len(cox_data), planted, file_metadata(path)
    )


def write_tables(published: dict[str, pd.DataFrame], out: str | Path) -> list[Path]:
    """One CSV per table in ``out`` (hidden cells empty, no index, UTF-8, ``\\n`` line ends)."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in published.items():
        bad = [c for c in frame.columns if c in ("worker_id", "enterprise_id")]
        if bad:  # defence in depth: identifiers never leave the engine
            raise AssertionError(f"table {name} would publish identifiers {bad}")
        p = folder / f"{name}.csv"
        frame.to_csv(p, index=False, lineterminator="\n", na_rep="")
        written.append(p)
    return written


def reemployment_within(km: pd.DataFrame, programme: str, months: float) -> float:
    """Share re-employed by ``months`` for one programme group, read off the published curve."""
    g = km[(km["programme"] == programme) & (km["month_to"] <= months)]
    return float(g["reemployed_share"].iloc[-1]) if len(g) else float("nan")
