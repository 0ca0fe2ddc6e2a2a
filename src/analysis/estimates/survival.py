"""Duration models for notebook 03: Kaplan–Meier by group and a Cox model (lifelines)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from lifelines import CoxPHFitter, KaplanMeierFitter
from lifelines.statistics import proportional_hazard_test
from lifelines.utils import median_survival_times

__all__ = ["KMGroup", "kaplan_meier_by", "cox_model", "hazard_ratios", "ph_test"]


@dataclass(frozen=True)
class KMGroup:
    """Median spell of one group with its 95% interval (in the data's time units)."""

    group: str
    median: float
    ci_low: float
    ci_high: float
    n: int
    fitter: KaplanMeierFitter


def kaplan_meier_by(data: pd.DataFrame, duration: str, event: str, group: str) -> dict[str, KMGroup]:
    """Kaplan–Meier fit for each level of ``group``; median time to the event with its CI."""
    out = {}
    for level, sub in data.groupby(group, sort=True):
        kmf = KaplanMeierFitter(label=str(level)).fit(sub[duration], event_observed=sub[event])
        ci = median_survival_times(kmf.confidence_interval_)
        lo, hi = (float(v) for v in np.asarray(ci).ravel()[:2])
        out[str(level)] = KMGroup(str(level), float(kmf.median_survival_time_), lo, hi, len(sub), kmf)
    return out


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
        rows.append({"covariate": name, "per": k, "hazard_ratio": float(np.exp(k * s.loc[name, "coef"])),
                     "ci_low": float(np.exp(k * s.loc[name, "coef lower 95%"])),
                     "ci_high": float(np.exp(k * s.loc[name, "coef upper 95%"])), "p": float(s.loc[name, "p"])})
    return pd.DataFrame(rows)


def ph_test(fit: CoxPHFitter, data: pd.DataFrame) -> pd.DataFrame:
    """Schoenfeld-residual test of proportional hazards (rank transform), one row per covariate."""
    frame = data[list(fit.params_.index) + [fit.duration_col, fit.event_col]].dropna()
    res = proportional_hazard_test(fit, frame, time_transform="rank")
    return res.summary[["test_statistic", "p"]].reset_index(names="covariate")


