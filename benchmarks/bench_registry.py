"""Registry report at 10^5, 10^6, 10^7 rows: Ibis + DuckDB, Ibis + Spark (local[2]) and plain pandas.

Run with ``make bench`` (or ``make bench-registry``). Each run is a fresh subprocess; wall time is
measured around it and peak memory is the largest resident set of the process *tree* (the JVM
included for Spark), sampled every 50 ms with psutil. Medians over ``--repeats`` runs.

The pandas baseline computes the same aggregates (validation rules, flows, life-table counts,
person-time) from the whole table in memory, then shares the package's disclosure and model code
on those small aggregates, so the difference is the engine, not the statistics.
Targets (issue 13): DuckDB >= 5x faster than pandas at 10^7 rows and under 2 GB peak memory.

SYNTHETIC data only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "bench_registry"


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak tree RSS (GB) of one subprocess."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ps = psutil.Process(proc.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                peak = max(peak, _tree_rss(ps))
            except psutil.Error:
                pass
            time.sleep(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    _, err = proc.communicate()
    done.set()
    th.join()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"benchmark run failed: {' '.join(cmd)}\n{err.decode()[-2000:]}")
    return wall, peak / 1e9


# ---------------------------------------------------------------- the single runs (subprocess side)


def run_ibis(path: str, backend: str) -> None:
    from analysis.registry import engine, report

    # e.g. REGISTRY_DUCKDB_MEMORY_LIMIT=2GB for the 10^8-row run: DuckDB then spills to disk
    limit = os.environ.get("REGISTRY_DUCKDB_MEMORY_LIMIT") if backend == "duckdb" else None
    con = engine.connect(backend, memory_limit=limit) if limit else None
    report.run_report(path, None, backend=backend, con=con)


def run_pandas(path: str) -> None:
    import numpy as np
    import pandas as pd

    from analysis.registry import disclosure, effect, report, schema
    from analysis.registry.generate import BANDS_MONTHS, DAYS_PER_MONTH
    from analysis.registry.tables import COVARIATES, PROGRAMMES

    df = pd.read_parquet(path)  # the whole table in memory
    bad = pd.Series(False, index=df.index)
    for item in schema.items():
        col = df[item.name]
        if not item.nullable:
            bad |= col.isna()
        if item.type == "code":
            bad |= col.notna() & ~col.isin(item.codes)
        if item.type == "string":
            bad |= col.notna() & ~col.str.match(item.pattern)
        if item.bounds is not None:
            lo, hi = item.bounds
            bad |= col.notna() & ((col < lo) | (col > hi))
    bad |= df["worker_id"].duplicated(keep=False)
    for c in ("training_start_date", "reemployment_date", "followup_date"):
        bad |= df[c].notna() & (df[c] < df["laid_off_date"])
    bad |= df["reemployment_date"].notna() & (df["reemployment_date"] > df["followup_date"])
    for c, flag in (("training_start_date", "training"), ("small_loan_amount", "small_loan")):
        bad |= df[c].notna() != df[flag]
    for c in ("reemployment_channel", "employer_type", "contract", "monthly_wage"):
        bad |= df[c].notna() != df["reemployment_date"].notna()
    v = df[~bad]
    end = pd.to_datetime(v["reemployment_date"].fillna(v["followup_date"]))
    lo = pd.to_datetime(v["laid_off_date"])
    age = lo.dt.year - v["birth_year"]
    sp = pd.DataFrame(
        {
            "district": v["district"],
            "laid_off_quarter": lo.dt.to_period("Q").astype(str),
            "reemployed_quarter": pd.to_datetime(v["reemployment_date"]).dt.to_period("Q").astype(str),
            "months": (end - lo).dt.days / DAYS_PER_MONTH,
            "event": v["reemployment_date"].notna().astype(int),
            **{p: v[p].astype(int) for p in PROGRAMMES},
            "female": (v["sex"] == "female").astype(int),
            "age_under_35": (age < 35).astype(int),
            "age_45_49": ((age >= 45) & (age < 50)).astype(int),
            "age_50_plus": (age >= 50).astype(int),
            "edu_high": v["education"].isin(["senior_secondary", "vocational", "tertiary"]).astype(int),
            "skill_certificate_any": (v["skill_certificate"] != "none").astype(int),
            "dibao": v["dibao"].astype(int),
            "in_centre": v["reemployment_centre"].astype(int),
        }
    )
    inflow = sp.groupby(["laid_off_quarter", "district"]).size().rename("inflow_n")
    outflow = sp[sp.event == 1].groupby(["reemployed_quarter", "district"]).size().rename("outflow_n")
    inflow.index.names = outflow.index.names = ["quarter", "district"]
    flows = pd.concat([inflow, outflow], axis=1).fillna(0).astype("int64").reset_index()
    disclosure.protect_long(flows, "quarter", "district", ["inflow_n", "outflow_n"])
    parts = []
    none = np.ones(len(sp), bool)
    for p in PROGRAMMES:
        none &= sp[p].to_numpy() == 0
    for name, cond in [*((p, sp[p].to_numpy() == 1) for p in PROGRAMMES), ("none", none)]:
        g = sp[cond]
        c = g.groupby(np.floor(g.months / 3).astype(int))["event"].agg(["sum", "count"])
        parts.append(
            pd.DataFrame(
                {
                    "programme": name,
                    "interval": c.index,
                    "events_n": c["sum"].to_numpy(),
                    "censored_n": (c["count"] - c["sum"]).to_numpy(),
                }
            )
        )
    report.km_table(pd.concat(parts))
    starts = list(BANDS_MONTHS)
    ends = starts[1:] + [1e6]
    by = ["training", *COVARIATES]
    pts = []
    for b, (a, z) in enumerate(zip(starts, ends, strict=True)):
        exp = np.clip(np.minimum(sp.months, z) - a, 0, None)
        keep = exp > 0
        here = (sp.event == 1) & (sp.months >= a) & (sp.months < z)
        g = pd.DataFrame(
            {"exposure": exp[keep], "ev": here[keep].astype(int), **{c: sp.loc[keep, c] for c in by}}
        )
        agg = g.groupby(by).agg(events_n=("ev", "sum"), months=("exposure", "sum"), spells_n=("ev", "size"))
        pts.append(agg.reset_index().assign(band=b))
    pt = pd.concat(pts)
    n = len(sp)
    cox = sp[["months", "event", "training", *COVARIATES]]
    if n > 200_000:
        cox = cox.sample(200_000, random_state=2003)
    cox = cox.assign(months=np.maximum(cox.months, 0.5 / DAYS_PER_MONTH))
    effect.cox_hazard_ratio(cox, adjust=False)
    effect.cox_hazard_ratio(cox, adjust=True)
    effect.poisson_hazard_ratio(pt, n)


# ---------------------------------------------------------------- driver


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e5,1e6,1e7", help="comma-separated row counts")
    parser.add_argument("--engines", default="duckdb,pandas,pyspark")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--repeats-large", type=int, default=1, help="runs at 10^7 rows and above")
    parser.add_argument(
        "--spark-repeats", type=int, default=1, help="runs on Spark (JVM start alone is ~7 s)"
    )
    parser.add_argument("--spark-max", type=float, default=1e7, help="largest size run on Spark")
    parser.add_argument("--one", nargs=2, metavar=("ENGINE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        engine, path = args.one
        run_pandas(path) if engine == "pandas" else run_ibis(path, engine)
        return

    from analysis.registry import generate

    engines = args.engines.split(",")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        engines = [e for e in engines if e != "pyspark"]
        print("(pyspark not installed: Spark column left out; `pip install -e '.[spark]'`)")
    CACHE.mkdir(parents=True, exist_ok=True)
    print(
        "registry report (SYNTHETIC data): median wall seconds / peak GB of the process tree over "
        f"{args.repeats} runs ({args.repeats_large} at 10^7 rows and above, {args.spark_repeats} on Spark)"
    )
    print(f"{'rows':>12} {'engine':<8} {'seconds':>9} {'peak GB':>8} {'x pandas':>9} {'gen s':>7}")
    for size in (int(float(s)) for s in args.sizes.split(",")):
        path = CACHE / f"registry_{size}.parquet"
        gen = 0.0
        if not path.exists():
            t0 = time.perf_counter()
            generate.generate(path, rows=size, seed=2003, progress=False)
            gen = time.perf_counter() - t0
        res = {}
        for engine in engines:
            if engine == "pyspark" and size > args.spark_max:
                continue
            repeats = args.repeats if size < 10**7 else args.repeats_large
            if engine == "pyspark":
                repeats = min(repeats, args.spark_repeats)
            runs = [measure([sys.executable, __file__, "--one", engine, str(path)]) for _ in range(repeats)]
            res[engine] = (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))
        for engine, (wall, peak) in res.items():
            ratio = res["pandas"][0] / wall if "pandas" in res else float("nan")
            print(f"{size:>12,} {engine:<8} {wall:>9.2f} {peak:>8.2f} {ratio:>9.1f} {gen:>7.1f}", flush=True)
        print(f"{'':>12} (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)", flush=True)


if __name__ == "__main__":
    main()
