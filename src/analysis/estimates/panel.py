"""Panel estimators for notebooks 03 and 04: first differences, fixed effects, event study.

Thin wrappers over statsmodels (first differences as OLS on the differenced columns, as
Wooldridge does) and linearmodels ``PanelOLS`` (entity and time fixed effects). Each
returns conventional standard errors (what the textbook reports) and cluster-robust ones
(by firm or city) side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import statsmodels.formula.api as smf
from linearmodels.panel import PanelOLS

from .. import results

__all__ = ["PanelEstimate", "first_difference", "fixed_effects", "pooled_ols", "event_study"]

Z95 = 1.959963984540054


@dataclass(frozen=True)
class PanelEstimate:
    """A coefficient with conventional and clustered standard errors (95% interval from the conventional one)."""

    term: str
    estimate: float
    se: float
    se_clustered: float
    n: int
    n_groups: int
    method: str
    rsquared: float = float("nan")

    @property
    def ci(self) -> tuple[float, float]:
        return self.estimate - Z95 * self.se, self.estimate + Z95 * self.se

    @property
    def ci_clustered(self) -> tuple[float, float]:
        return self.estimate - Z95 * self.se_clustered, self.estimate + Z95 * self.se_clustered

    def record(self, key: str, *, unit: str, source: str) -> None:
        """Record under ``key`` (conventional se and interval) and ``key + '_se_clustered'``."""
        note = (f"{self.method}; conventional se (as the textbook); clustered se {self.se_clustered:.4f}, "
                f"interval {self.ci_clustered[0]:.3f} to {self.ci_clustered[1]:.3f}")
        results.record(key, self.estimate, unit=unit, ci=self.ci, se=self.se, n=self.n, source=source, note=note)
        results.record(f"{key}_se_clustered", self.se_clustered, unit=f"standard error ({unit})", n=self.n_groups,
                       source=source, note=f"cluster-robust by group, {self.n_groups} groups")


def _ols_estimate(data: pd.DataFrame, formula: str, term: str, group: str, label: str) -> PanelEstimate:
    variables = [v.strip() for v in formula.replace("~", "+").split("+")]
    frame = data.dropna(subset=[v for v in variables if v in data]).copy()
    conv = smf.ols(formula, frame).fit()
    clus = smf.ols(formula, frame).fit(cov_type="cluster", cov_kwds={"groups": frame[group]})
    return PanelEstimate(term, float(conv.params[term]), float(conv.bse[term]), float(clus.bse[term]),
                         int(conv.nobs), int(frame[group].nunique()), f"{label}: {formula}", float(conv.rsquared))


def first_difference(data: pd.DataFrame, formula: str, term: str, group: str) -> PanelEstimate:
    """OLS on already-differenced variables (e.g. ``clscrap ~ cgrant``), with an intercept or year dummies.

    Conventional and group-clustered standard errors.
    """
    return _ols_estimate(data, formula, term, group, "first differences")


def pooled_ols(data: pd.DataFrame, formula: str, term: str, group: str) -> PanelEstimate:
    """Pooled OLS in levels: ignores that the same firm appears every year (for comparison)."""
    return _ols_estimate(data, formula, term, group, "pooled OLS")


def fixed_effects(data: pd.DataFrame, entity: str, time: str, outcome: str, regressors: Sequence[str],
                  term: str, time_effects: bool = False) -> PanelEstimate:
    """Within (entity fixed effects) estimator via ``linearmodels.PanelOLS``; optional time effects."""
    frame = data.dropna(subset=[outcome, *regressors]).set_index([entity, time])
    rhs = " + ".join([*regressors, "EntityEffects"] + (["TimeEffects"] if time_effects else []))
    model = PanelOLS.from_formula(f"{outcome} ~ {rhs}", frame)
    conv = model.fit()
    clus = model.fit(cov_type="clustered", cluster_entity=True)
    effects = "entity and time fixed effects" if time_effects else "entity fixed effects"
    return PanelEstimate(term, float(conv.params[term]), float(conv.std_errors[term]),
                         float(clus.std_errors[term]), int(conv.nobs), int(conv.entity_info["total"]),
                         f"{effects}: {outcome} on {', '.join(regressors)}", float(conv.rsquared_within))


def event_study(data: pd.DataFrame, entity: str, time: str, outcome: str, treated_flag: str,
                window: tuple[int, int] = (-4, 4)) -> pd.DataFrame:
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
    rows = [{"event_time": -1, "coef": 0.0, "se": 0.0}]
    rows += [{"event_time": k, "coef": float(fit.params[n]), "se": float(fit.std_errors[n])} for k, n in names]
    out = pd.DataFrame(rows).sort_values("event_time").reset_index(drop=True)
    out["ci_low"] = out["coef"] - Z95 * out["se"]
    out["ci_high"] = out["coef"] + Z95 * out["se"]
    return out


