"""The programme effect on the re-employment hazard: naive, Cox-adjusted and piecewise-exponential.

The generator plants a hazard ratio for training *conditional on the observables*; a Cox model with
those observables estimates exactly that quantity (Cox 1972). The naive comparison (Cox with
training alone) mixes the effect with selection: trainees are younger and better educated. At
scale, the same adjusted model is fitted as a Poisson GLM on person-time aggregated by duration band
and covariate cell (the piecewise-exponential model; Holford 1980, Laird & Olivier 1981): its
likelihood equals the individual-level one, so nothing is lost by aggregating in the engine.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import statsmodels.api as sm

from ..estimates.result import Estimate
from ..estimates.survival import cox_model, hazard_ratio
from ..evidence import synthesis
from .tables import COVARIATES

__all__ = ["cox_hazard_ratio", "poisson_hazard_ratio", "rollout_mde", "hazard_ratio_as_pp"]


def cox_hazard_ratio(data: pd.DataFrame, adjust: bool = True, sample_note: str = "") -> Estimate:
    """Hazard ratio of training from a Cox model (lifelines, Efron ties), with or without the observables.

    ``se`` is the standard error of the log hazard ratio.
    """
    covariates = ["training", *(COVARIATES if adjust else ())]
    fit = cox_model(data, "months", "event", covariates)
    what = (
        "Cox PH, training adjusted for " + ", ".join(COVARIATES)
        if adjust
        else "Cox PH, training only (naive)"
    )
    est = hazard_ratio(fit, "training")  # lifelines' own interval, exponentiated
    return replace(est, n=len(data), method=f"{what}; se of log HR{sample_note}")


def poisson_hazard_ratio(person_time: pd.DataFrame, n: int | None = None) -> Estimate:
    """Hazard ratio of training from a piecewise-exponential model fitted on aggregated person-time.

    ``person_time`` has one row per duration band and covariate cell with ``events_n``, ``months``
    (at risk) and ``spells_n`` (from :func:`analysis.registry.tables.person_time`).
    """
    pt = person_time[person_time["months"] > 0]
    bands = pd.get_dummies(pt["band"].astype(int), prefix="band", dtype=float)
    x = pd.concat([bands, pt[["training", *COVARIATES]].astype(float)], axis=1)
    fit = sm.GLM(
        pt["events_n"].astype(float),
        x,
        family=sm.families.Poisson(),
        offset=np.log(pt["months"].astype(float)),
    ).fit()
    if n is None:  # spells with positive time at risk (a spell ended on its first day adds none)
        n = int(pt.loc[pt["band"] == pt["band"].min(), "spells_n"].sum())
    log_hr = Estimate.from_fit(
        fit,
        "training",
        se_type="model-based se of the log hazard ratio",
        n=n,
        method=f"piecewise-exponential Poisson GLM on {len(pt):,} person-time cells, "
        "adjusted for the same observables; se of log HR",
    )
    lo, hi = log_hr.ci
    return replace(
        log_hr, value=float(np.exp(log_hr.value)), ci=(float(np.exp(lo)), float(np.exp(hi))), df_resid=None
    )


def rollout_mde(
    n_workers: int,
    baseline: float,
    enterprises: int = 926,
    icc: float = 0.02,
    shares: tuple[float, ...] = (0.1, 0.25, 0.5),
) -> pd.DataFrame:
    """Minimum detectable effect of a randomised roll-out of training in the registry.

    Two designs: workers randomised individually, or whole enterprises (clusters of
    ``n_workers / enterprises``; design effect ``1 + (m - 1) icc``, icc an assumption). Uses the
    synthesis notebook's power formula (:func:`analysis.evidence.synthesis.minimum_detectable_effect`).
    """
    m = n_workers / enterprises
    rows = []
    for design, deff in (("workers randomised", 1.0), ("enterprises randomised", 1 + (m - 1) * icc)):
        for share in shares:
            rows.append(
                {
                    "design": design,
                    "treated_share": share,
                    "design_effect": deff,
                    "mde_pp": synthesis.minimum_detectable_effect(
                        n_workers, share, baseline, design_effect=deff
                    ),
                }
            )
    return pd.DataFrame(rows)


def hazard_ratio_as_pp(hazard_ratio: float, baseline: float) -> float:
    """A hazard ratio as a difference in the share re-employed (percentage points) at one horizon.

    Under proportional hazards the treated survivor function is ``S0(t) ** hr``, so with
    ``baseline`` = 1 - S0(t): ``100 x ((1 - (1 - baseline) ** hr) - baseline)``. This puts the
    planted effect on the scale of the synthesis notebook's minimum detectable effect.
    """
    if not 0 < baseline < 1:
        raise ValueError(f"baseline share must be between 0 and 1, got {baseline}")
    return 100 * ((1 - (1 - baseline) ** hazard_ratio) - baseline)
