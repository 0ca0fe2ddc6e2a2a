"""Panel estimators for notebooks 03 and 04: first differences, fixed effects, event study.

Thin wrappers over statsmodels (first differences as OLS on the differenced columns, as
Wooldridge does) and linearmodels ``PanelOLS`` (entity and time fixed effects). Each
returns one :class:`~analysis.estimates.result.Estimate` with the conventional standard error (what the
textbook reports) and the cluster-robust one (by firm or city) as its alternative; intervals are the
libraries' own ``conf_int()``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import statsmodels.formula.api as smf
from linearmodels.panel import PanelOLS

from .result import Estimate

__all__ = ["first_difference", "fixed_effects", "pooled_ols", "event_study"]


def _ols_estimate(data: pd.DataFrame, formula: str, term: str, group: str, label: str) -> Estimate:
    variables = [v.strip() for v in formula.replace("~", "+").split("+")]
    frame = data.dropna(subset=[v for v in variables if v in data]).copy()
    model = smf.ols(formula, frame)
    groups = int(frame[group].nunique())
    conv = model.fit()
    # cluster-robust with t(G-1) intervals (statsmodels' small-sample choice with use_t=True)
    clus = model.fit(cov_type="cluster", cov_kwds={"groups": frame[group]}, use_t=True)
    method = f"{label}: {formula}"
    clustered = Estimate.from_fit(
        clus, term, se_type=f"cluster({group})", method=method, n=int(clus.nobs), clusters=groups
    )
    return Estimate.from_fit(
        conv, term, se_type="conventional", method=method, n=int(conv.nobs), clusters=groups
    ).with_alternative(clustered)


def first_difference(data: pd.DataFrame, formula: str, term: str, group: str) -> Estimate:
    """OLS on already-differenced variables (e.g. ``clscrap ~ cgrant``), with an intercept or year dummies.

    Conventional and group-clustered standard errors.
    """
    return _ols_estimate(data, formula, term, group, "first differences")


def pooled_ols(data: pd.DataFrame, formula: str, term: str, group: str) -> Estimate:
    """Pooled OLS in levels: ignores that the same firm appears every year (for comparison)."""
    return _ols_estimate(data, formula, term, group, "pooled OLS")


def fixed_effects(
    data: pd.DataFrame,
    entity: str,
    time: str,
    outcome: str,
    regressors: Sequence[str],
    term: str,
    time_effects: bool = False,
) -> Estimate:
    """Within (entity fixed effects) estimator via ``linearmodels.PanelOLS``; optional time effects."""
    frame = data.dropna(subset=[outcome, *regressors]).set_index([entity, time])
    rhs = " + ".join([*regressors, "EntityEffects"] + (["TimeEffects"] if time_effects else []))
    model = PanelOLS.from_formula(f"{outcome} ~ {rhs}", frame)
    conv = model.fit()
    clus = model.fit(cov_type="clustered", cluster_entity=True)
    effects = "entity and time fixed effects" if time_effects else "entity fixed effects"
    method = f"{effects}: {outcome} on {', '.join(regressors)}"
    groups = int(conv.entity_info["total"])
    clustered = Estimate.from_fit(
        clus, term, se_type=f"cluster({entity})", method=method, n=int(clus.nobs), clusters=groups
    )
    return Estimate.from_fit(
        conv, term, se_type="conventional", method=method, n=int(conv.nobs), clusters=groups
    ).with_alternative(clustered)


def event_study(
    data: pd.DataFrame,
    entity: str,
    time: str,
    outcome: str,
    treated_flag: str,
    window: tuple[int, int] = (-4, 4),
) -> pd.DataFrame:
    """Two-way fixed-effects event study around each entity's first treated period.

    Event-time dummies for ``window`` (end points binned), reference period −1; never-treated
    entities are the comparison. Returns coefficient, clustered se and 95% interval by event time.
    """
    frame = data.copy()
    first = frame[frame[treated_flag] == 1].groupby(entity)[time].min()
    frame["event_time"] = frame[time] - frame[entity].map(first)
    lo, hi = window
    names = []
    for k in range(lo, hi + 1):
        if k == -1:
            continue
        name = f"ev_m{-k}" if k < 0 else f"ev_p{k}"
        et = frame["event_time"]
        hit = (et <= k) if k == lo else (et >= k) if k == hi else (et == k)
        frame[name] = hit.fillna(False).astype(float)
        names.append((k, name))
    indexed = frame.set_index([entity, time])
    rhs = " + ".join([n for _, n in names] + ["EntityEffects", "TimeEffects"])
    fit = PanelOLS.from_formula(f"{outcome} ~ {rhs}", indexed).fit(cov_type="clustered", cluster_entity=True)
    ci = fit.conf_int()  # the library's interval, not a hand-typed quantile
    rows = [{"event_time": -1, "coef": 0.0, "se": 0.0, "ci_low": 0.0, "ci_high": 0.0}]
    rows += [
        {
            "event_time": k,
            "coef": float(fit.params[n]),
            "se": float(fit.std_errors[n]),
            "ci_low": float(ci.loc[n, "lower"]),
            "ci_high": float(ci.loc[n, "upper"]),
        }
        for k, n in names
    ]
    return pd.DataFrame(rows).sort_values("event_time").reset_index(drop=True)
