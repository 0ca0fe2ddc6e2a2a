"""Synthesis: yuan per additional re-employment, deadweight, and power for a city evaluation.

The arithmetic is deliberately simple and explicit, because the uncertainty is not in
the arithmetic: it is in whether an effect estimated on US programmes of the 1970s-90s
transfers to a Chinese city in 2003. Each function states its assumption.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize

if TYPE_CHECKING:
    pass

__all__ = [
    "CostPerOutcome",
    "cost_per_additional_reemployment",
    "cost_sensitivity",
    "deadweight_range",
    "minimum_detectable_effect",
    "mde_curve",
]


@dataclass(frozen=True)
class CostPerOutcome:
    """Yuan per additional person re-employed, with the interval implied by the effect's interval.

    ``ci_high`` is ``inf`` when the effect's interval reaches zero or below: the data
    cannot then rule out that the money bought no additional re-employment at all.
    """

    lever: str
    cost_yuan: float
    participants: float
    effect: float
    effect_ci: tuple[float, float]
    value: float
    ci_low: float
    ci_high: float
    additional: float

    @property
    def bounded(self) -> bool:
        """True when the interval is finite (the effect is significantly positive)."""
        return math.isfinite(self.ci_high)


def cost_per_additional_reemployment(
    lever: str, cost_yuan: float, participants: float, effect: float, effect_ci: tuple[float, float]
) -> CostPerOutcome:
    """Cost per additional re-employment = cost / (participants x effect).

    Parameters
    ----------
    lever
        Name of the lever (for labels).
    cost_yuan
        Money spent on the lever (yuan).
    participants
        People who took part (e.g. trainees).
    effect
        Effect on the probability of being employed, as a *proportion* (0.09 = 9 points).
    effect_ci
        95% interval of ``effect``.

    Returns
    -------
    CostPerOutcome
        The interval is the image of the effect's interval under ``e -> cost / (n e)``, which is
        monotone for ``e > 0``; where the effect's lower bound is ``<= 0`` the upper bound is infinite.
        This is exact given the effect's interval (no delta-method approximation).
    """
    if cost_yuan <= 0 or participants <= 0:
        raise ValueError(f"{lever}: cost and participants must be positive (got {cost_yuan}, {participants})")
    lo, hi = effect_ci
    if not lo <= effect <= hi:
        raise ValueError(f"{lever}: effect {effect} lies outside its interval {effect_ci}")
    if effect <= 0:
        value = math.inf
    else:
        value = cost_yuan / (participants * effect)
    ci_low = cost_yuan / (participants * hi) if hi > 0 else math.inf
    ci_high = cost_yuan / (participants * lo) if lo > 0 else math.inf
    return CostPerOutcome(lever, cost_yuan, participants, effect, (lo, hi), value, ci_low, ci_high,
                          participants * effect)


def cost_sensitivity(cost_yuan: float, participants: float, effects: np.ndarray) -> pd.DataFrame:
    """Cost per additional re-employment over a grid of assumed effects (proportions > 0)."""
    effects = np.asarray(effects, dtype=float)
    if (effects <= 0).any():
        raise ValueError("effects must be positive: a zero effect has no finite cost per outcome")
    return pd.DataFrame({"effect": effects, "yuan_per_additional": cost_yuan / (participants * effects)})


def deadweight_range(placements: float, stock: float, baseline_rates: dict[str, float]) -> pd.DataFrame:
    """How many placements would have happened anyway, under several baseline re-employment rates.

    Assumption: without the programmes, the ``stock`` of laid-off workers would have found jobs
    over the same period at ``rate`` (taken from a comparison group); placements above
    ``stock x rate`` are the most that can be credited to the programmes.
    """
    rows = []
    for name, rate in baseline_rates.items():
        if not 0 <= rate <= 1:
            raise ValueError(f"baseline rate {name!r} = {rate} is not a proportion")
        expected = stock * rate
        rows.append({
            "baseline": name,
            "rate": rate,
            "expected_anyway": expected,
            "deadweight_share": min(expected / placements, 1.0),
            "creditable_at_most": max(placements - expected, 0.0),
        })
    return pd.DataFrame(rows)


def minimum_detectable_effect(
    n_total: int,
    treated_share: float,
    baseline: float,
    alpha: float = 0.05,
    power: float = 0.8,
    design_effect: float = 1.0,
) -> float:
    """Minimum detectable effect on a re-employment rate, in percentage points.

    Two-sided test of two proportions (statsmodels ``NormalIndPower`` on Cohen's h), with the
    control group at ``baseline``. ``design_effect`` (>= 1) deflates the sample for clustered
    assignment, e.g. ``1 + (m - 1) x ICC`` when whole enterprises are assigned.
    """
    if not 0 < treated_share < 1:
        raise ValueError(f"treated share must be between 0 and 1, got {treated_share}")
    if not 0 < baseline < 1:
        raise ValueError(f"baseline rate must be between 0 and 1, got {baseline}")
    n_eff = n_total / design_effect
    n_treated = n_eff * treated_share
    ratio = (1 - treated_share) / treated_share
    h = NormalIndPower().solve_power(nobs1=n_treated, alpha=alpha, power=power, ratio=ratio, alternative="two-sided")
    # Invert Cohen's h = 2 asin(sqrt(p1)) - 2 asin(sqrt(p0)) for p1 above the baseline.
    p1 = math.sin(math.asin(math.sqrt(baseline)) + h / 2) ** 2
    assert abs(proportion_effectsize(p1, baseline) - h) < 1e-9
    return 100 * (p1 - baseline)


def mde_curve(n_total: int, baseline: float, shares: np.ndarray, **kwargs: float) -> pd.DataFrame:
    """MDE (percentage points) over a grid of treated shares."""
    return pd.DataFrame({"treated_share": shares,
                         "mde_pp": [minimum_detectable_effect(n_total, s, baseline, **kwargs) for s in shares]})


def km_reemployment_probability(spells: pd.Series, events: pd.Series, horizon: float) -> float:
    """Kaplan–Meier probability of re-employment by ``horizon`` (same units as ``spells``), via lifelines."""
    from lifelines import KaplanMeierFitter

    kmf = KaplanMeierFitter().fit(spells.astype(float), event_observed=events.astype(int))
    return float(1 - kmf.survival_function_at_times(horizon).iloc[0])


def infeasible_levers() -> pd.DataFrame:
    """Levers for which the speech gives a cost but no cost per additional re-employment can be computed."""
    rows = [
        ("credit", "1200万元", "small-loan guarantee fund",
         "no count of borrowers or of businesses started, and the cost of a guarantee is the defaults it covers, "
         "which the speech does not report"),
        ("subsidy", "1000万元", "social-insurance subsidies",
         "no count of recipients, and no public estimate of the employment effect of such subsidies in our data"),
        ("public_jobs", "120万元", "public-welfare job subsidies",
         "no count of public-welfare jobs funded; each such job is a placement by construction, so the question is "
         "displacement, which needs a comparison group"),
        ("subsidy", "143万元", "job-introduction subsidies",
         "no count of people served by the agencies; JOBS II gives an effect of job-search help per participant, "
         "but without participants there is no denominator"),
        ("big_projects", "6300万元", "Huanan Century Mall investment",
         "private investment with no job count; the Indiana enterprise-zone estimate (notebook 04) is on "
         "unemployment claims, not jobs per yuan"),
    ]
    return pd.DataFrame(rows, columns=["lever", "money (speech)", "what", "why no cost per additional re-employment"])



def effect_as_proportion(key: str) -> tuple[float, tuple[float, float]]:
    """Read an effect recorded in percentage points and return it (and its interval) as proportions."""
    from .. import results

    entry = results.get(key)
    if entry["unit"] != "percentage points" or "ci" not in entry:
        raise ValueError(f"{key!r} must be recorded in percentage points with an interval (got {entry['unit']!r})")
    return entry["value"] / 100, (entry["ci"][0] / 100, entry["ci"][1] / 100)


def record_cost_scenarios(money: float, participants: float, scenarios: dict[str, tuple[str, str]],
                          money_label: str) -> pd.DataFrame:
    """Cost per additional re-employment for each (lever -> (effect key, label)); records
    ``synthesis.cost_per_reemployment.<lever>`` and returns a table for display."""
    from .. import results

    rows = []
    for lever, (key, label) in scenarios.items():
        effect, ci = effect_as_proportion(key)
        c = cost_per_additional_reemployment(lever, money, participants, effect, ci)
        note = None if c.bounded else (f"lower bound {c.ci_low:,.0f}; no finite upper bound: the effect's "
                                       "interval includes zero")
        results.record(f"synthesis.cost_per_reemployment.{lever}", c.value,
                       unit="yuan per additional person re-employed",
                       ci=(c.ci_low, c.ci_high) if c.bounded else None, n=int(participants),
                       source=f"{money_label} / ({participants:,.0f} participants × {key})", note=note)
        rows.append({"lever": lever, "effect source": label, "effect (pp)": 100 * effect,
                     "additional re-employed": c.additional, "yuan per additional": c.value,
                     "95% low": c.ci_low, "95% high": c.ci_high, "effect_ci_pp": (100 * ci[0], 100 * ci[1])})
    return pd.DataFrame(rows)
