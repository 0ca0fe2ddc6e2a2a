"""Duration models for notebook 03: Kaplan–Meier by group and a Cox model (lifelines)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from lifelines import CoxPHFitter, KaplanMeierFitter
from lifelines.statistics import proportional_hazard_test
from lifelines.utils import median_survival_times

from .result import Estimate

__all__ = ["kaplan_meier_by", "median_spell", "cox_model", "hazard_ratio", "hazard_ratios", "ph_test"]


def kaplan_meier_by(
    data: pd.DataFrame, duration: str, event: str, group: str
) -> dict[str, KaplanMeierFitter]:
    """Kaplan–Meier fit for each level of ``group`` (lifelines; Greenwood-type log(-log) bands)."""
    return {
        str(level): KaplanMeierFitter(label=str(level)).fit(sub[duration], event_observed=sub[event])
        for level, sub in data.groupby(group, sort=True)
    }


def median_spell(kmf: KaplanMeierFitter) -> Estimate:
    """Median time to the event of one Kaplan–Meier fit, with lifelines' 95% interval for the median.

    A bound is None where the survival band never crosses one half (the median is not reached).
    """
    lo, hi = (float(v) for v in np.asarray(median_survival_times(kmf.confidence_interval_)).ravel()[:2])
    median = float(kmf.median_survival_time_)
    if not np.isfinite(median):
        raise ValueError(
            f"group {kmf.label!r}: fewer than half had the event, so the median spell is not reached"
        )
    return Estimate(
        median,
        None,
        (lo if np.isfinite(lo) else None, hi if np.isfinite(hi) else None),
        "Kaplan-Meier (lifelines, log(-log) interval)",
        int(kmf.event_observed.shape[0]),
        method=f"median spell, {int(kmf.event_observed.sum())} events",
    )


def cox_model(data: pd.DataFrame, duration: str, event: str, covariates: Sequence[str]) -> CoxPHFitter:
    """Cox proportional-hazards model (Breslow baseline) on ``covariates``."""
    frame = data[[duration, event, *covariates]].dropna()
    return CoxPHFitter().fit(frame, duration_col=duration, event_col=event)


def hazard_ratios(fit: CoxPHFitter, per: dict[str, float] | None = None) -> pd.DataFrame:
    """Hazard ratios with 95% intervals; ``per`` rescales a covariate (e.g. per 0.1 of a rate)."""
    per = per or {}
    s = fit.summary
    rows = []
    for name in s.index:
        k = per.get(name, 1.0)
        rows.append(
            {
                "covariate": name,
                "per": k,
                "hazard_ratio": float(np.exp(k * s.loc[name, "coef"])),
                "ci_low": float(np.exp(k * s.loc[name, "coef lower 95%"])),
                "ci_high": float(np.exp(k * s.loc[name, "coef upper 95%"])),
                "p": float(s.loc[name, "p"]),
            }
        )
    return pd.DataFrame(rows)


def hazard_ratio(fit: CoxPHFitter, covariate: str, per: float = 1.0) -> Estimate:
    """Hazard ratio of ``covariate`` per ``per`` units from a fitted Cox model.

    The se is lifelines' model-based (inverse-information) se of the log hazard ratio, scaled by
    ``per``; the interval is lifelines' own 95% interval of the coefficient, exponentiated.
    """
    s = fit.summary
    if covariate not in s.index:
        raise KeyError(f"the Cox model has no covariate {covariate!r} (has: {', '.join(s.index)})")
    row = s.loc[covariate]
    return Estimate(
        float(np.exp(per * row["coef"])),
        float(per * row["se(coef)"]),
        (float(np.exp(per * row["coef lower 95%"])), float(np.exp(per * row["coef upper 95%"]))),
        "model-based se of the log hazard ratio",
        int(fit._n_examples),
        method=f"Cox proportional hazards (lifelines), per {per:g} of {covariate}; "
        f"se is of the log hazard ratio; {int(fit.event_observed.sum())} events",
    )


def ph_test(fit: CoxPHFitter, data: pd.DataFrame) -> pd.DataFrame:
    """Schoenfeld-residual test of proportional hazards (rank transform), one row per covariate."""
    frame = data[list(fit.params_.index) + [fit.duration_col, fit.event_col]].dropna()
    res = proportional_hazard_test(fit, frame, time_transform="rank")
    return res.summary[["test_statistic", "p"]].reset_index(names="covariate")
