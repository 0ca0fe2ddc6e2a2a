"""The report's queries, written once as Ibis expressions (they run on DuckDB or Spark unchanged).

Per-row work (durations, quarters, person-time split into duration bands) happens in the
engine; what comes back to pandas is small: counts by quarter and district, life-table counts
by programme and 3-month interval, person-time by covariate cell, and (for the Cox model) at most
``max_rows`` spells.
"""

from __future__ import annotations

from typing import Any

import ibis
import numpy as np
import pandas as pd

from .generate import BANDS_MONTHS, DAYS_PER_MONTH

__all__ = [
    "PROGRAMMES",
    "COVARIATES",
    "spells",
    "flows_by_quarter",
    "life_table_counts",
    "person_time",
    "cox_frame",
]

#: The five levers the speech funds, as registry items (true/false per worker).
PROGRAMMES = ("training", "social_insurance_subsidy", "public_welfare_job", "small_loan", "job_introduction")
#: Observables the models adjust for (0/1 indicators; reference: male, 35-44, at most junior
#: secondary, no certificate, no 低保, not in a centre).
COVARIATES = (
    "female",
    "age_under_35",
    "age_45_49",
    "age_50_plus",
    "edu_high",
    "skill_certificate_any",
    "dibao",
    "in_centre",
)


def _flag(x: Any) -> Any:
    return x.cast("int32")


def spells(valid: Any) -> Any:
    """One spell per worker: months from lay-off to re-employment (event) or to the last follow-up."""
    t = valid
    end = t.reemployment_date.fill_null(t.followup_date)
    age = t.laid_off_date.year() - t.birth_year
    return t.select(
        # numeric part of the pseudonymised id (validated ^W[0-9]{9}$): only for drawing a sample
        id_number=t.worker_id.substr(1).cast("int64"),
        district=t.district,
        laid_off_quarter=_quarter(t.laid_off_date),
        reemployed_quarter=_quarter(t.reemployment_date),
        months=end.delta(t.laid_off_date, unit="day").cast("float64") / DAYS_PER_MONTH,
        event=_flag(t.reemployment_date.notnull()),
        **{p: _flag(t[p]) for p in PROGRAMMES},
        female=_flag(t.sex == "female"),
        age_under_35=_flag(age < 35),
        age_45_49=_flag((age >= 45) & (age < 50)),
        age_50_plus=_flag(age >= 50),
        edu_high=_flag(t.education.isin(["senior_secondary", "vocational", "tertiary"])),
        skill_certificate_any=_flag(t.skill_certificate != "none"),
        dibao=_flag(t.dibao),
        in_centre=_flag(t.reemployment_centre),
    )


def _quarter(date: Any) -> Any:
    return date.year().cast("string") + "Q" + date.quarter().cast("string")


def flows_by_quarter(con: Any, sp: Any) -> pd.DataFrame:
    """Inflow (lay-offs) and outflow (re-employments) by quarter and district, zero-filled."""
    inflow = sp.group_by(quarter=sp.laid_off_quarter, district=sp.district).aggregate(inflow_n=sp.count())
    done = sp.filter(sp.event == 1)
    outflow = done.group_by(quarter=done.reemployed_quarter, district=done.district).aggregate(
        outflow_n=done.count()
    )
    a, b = con.execute(inflow), con.execute(outflow)
    out = a.merge(b, on=["quarter", "district"], how="outer").fillna(0)
    out[["inflow_n", "outflow_n"]] = out[["inflow_n", "outflow_n"]].astype("int64")
    return out.sort_values(["quarter", "district"]).reset_index(drop=True)


def life_table_counts(con: Any, sp: Any, width_months: float = 3.0) -> pd.DataFrame:
    """Re-employments and censorings per ``width_months`` interval, for each programme's recipients and
    for workers who received none of the five programmes."""
    groups = {p: sp[p] == 1 for p in PROGRAMMES}
    none = ibis.literal(True)
    for p in PROGRAMMES:
        none = none & (sp[p] == 0)
    groups["none"] = none
    parts = []
    for name, cond in groups.items():
        g = sp.filter(cond)
        interval = (g.months / width_months).floor().cast("int64")
        parts.append(
            g.group_by(programme=ibis.literal(name), interval=interval).aggregate(
                events_n=g.event.sum().cast("int64"), censored_n=(1 - g.event).sum().cast("int64")
            )
        )
    union = parts[0]
    for part in parts[1:]:
        union = union.union(part)
    out = con.execute(union)
    return out.sort_values(["programme", "interval"]).reset_index(drop=True)


def person_time(con: Any, sp: Any, by: tuple[str, ...] = ("training", *COVARIATES)) -> pd.DataFrame:
    """Events and months at risk by duration band (the generator's :data:`BANDS_MONTHS`) and
    covariate cell: the sufficient statistics of a piecewise-exponential (Poisson) model."""
    starts = list(BANDS_MONTHS)
    ends = starts[1:] + [1e6]
    bands = ibis.memtable(
        {"band": list(range(len(starts))), "lo": [float(s) for s in starts], "hi": [float(e) for e in ends]}
    )
    j = sp.select("months", "event", *by).cross_join(bands)
    exposure = ibis.greatest(ibis.least(j.months, j.hi) - j.lo, 0.0)
    event_here = ibis.ifelse((j.event == 1) & (j.months >= j.lo) & (j.months < j.hi), 1, 0)
    j = j.mutate(exposure=exposure, event_here=event_here).filter(lambda r: r.exposure > 0)
    agg = j.group_by("band", *by).aggregate(
        events_n=j.event_here.sum().cast("int64"), months=j.exposure.sum(), spells_n=j.count()
    )
    out = con.execute(agg)
    return out.sort_values(["band", *by]).reset_index(drop=True)


def cox_frame(con: Any, sp: Any, max_rows: int = 200_000, seed: int = 2003) -> tuple[pd.DataFrame, int]:
    """Spells for the Cox model (duration, event, training, covariates) and the number of spells.

    Above ``max_rows`` spells, a stated Bernoulli sample of about ``max_rows`` is drawn in the
    engine (the estimate says so); the whole frame never comes to pandas. The sample is a hash of
    the id (Knuth's multiplicative hash, seeded), not ``Table.sample``: the same rows on every engine
    (Ibis's PySpark backend has no seeded sample).
    """
    n = int(con.execute(sp.count()))
    cols = ["months", "event", "training", *COVARIATES]
    frame = sp
    if n > max_rows:
        modulus = 2**32
        draw = (sp.id_number * 2654435761 + seed) % modulus
        frame = sp.filter(draw < int(modulus * max_rows / n))
    frame = frame.select(*cols)
    data = con.execute(frame)
    # Row order differs between engines; sort so that the fit is the same on both.
    data = data.sort_values(cols, kind="mergesort").reset_index(drop=True)
    data["months"] = np.maximum(data["months"].astype(float), 0.5 / DAYS_PER_MONTH)
    return data, n
