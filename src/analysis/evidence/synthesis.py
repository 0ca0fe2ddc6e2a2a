"""Synthesis: yuan per additional re-employment for each lever, deadweight, and power for a city evaluation.

The arithmetic is deliberately simple and explicit, because the uncertainty is not in the arithmetic:
it is in whether effects estimated elsewhere (other countries, decades and programme designs) transfer
to a Chinese city in 2003. So each lever's cost is a *central scenario* (the median published effect for
that programme type at the horizon nearest one year) with the *range across the evidence* for the type,
not one study's sampling interval (DESIGN §9, "transfer is uncertain").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize

from ..estimates.result import Estimate

__all__ = [
    "cost_per_additional_reemployment",
    "cost_sensitivity",
    "lever_evidence",
    "central_effect",
    "LeverCost",
    "lever_cost",
    "participants_from_reports",
    "deadweight_range",
    "period_rate",
    "minimum_detectable_effect",
    "design_effect_unequal_clusters",
    "mde_curve",
    "mde_designs",
    "km_reemployment_probability",
    "LEVER_MONEY",
    "cost_every_lever",
    "lever_table",
    "recorded_effect",
    "own_evidence_row",
    "us_baselines",
    "record_deadweight",
    "record_mde",
    "evidence_table",
]

#: Qualitative directions under which a source cannot exclude a zero (or negative) effect.
NULL_DIRECTIONS = frozenset(
    {
        "qualitative_null",
        "qualitative_no_effect",
        "qualitative_mostly_null",
        "qualitative_negative",
        "qualitative_mixed",
    }
)
#: Horizon (months after the programme) at which the central scenario is taken.
CENTRAL_HORIZON_MONTHS = 12.0


# --------------------------------------------------------------------------- cost per additional re-employment


def cost_per_additional_reemployment(
    cost_yuan: float, participants: float, effect: Estimate, *, method: str = ""
) -> Estimate:
    """Cost per additional re-employment = cost / (participants × effect).

    Parameters
    ----------
    cost_yuan
        Money spent on the lever (yuan).
    participants
        People who took part (e.g. the 7,178 re-employment trainees).
    effect
        Effect on the probability of being employed, in *percentage points*, with its 95% interval.

    Returns
    -------
    Estimate
        ``value`` = cost / (participants × effect / 100). The interval is the image of the effect's
        interval under ``e -> cost / (n e)``, which is monotone for ``e > 0``: exact given that interval
        (no delta method). Where the effect's lower bound is ``<= 0`` the upper bound does not exist
        (``None``): the data cannot rule out that the money bought no additional re-employment.

    Raises
    ------
    ValueError
        if cost or participants are not positive, or the effect itself is not positive (no finite cost).
    """
    if cost_yuan <= 0 or participants <= 0:
        raise ValueError(f"cost and participants must be positive (got {cost_yuan}, {participants})")
    if effect.value <= 0:
        raise ValueError(
            f"an effect of {effect.value:.3g} points has no finite cost per additional re-employment"
        )
    lo, hi = effect.ci

    def image(e: float | None) -> float | None:
        return None if e is None or e <= 0 else cost_yuan / (participants * e / 100)

    ci = (image(hi) if hi is not None else None, image(lo))
    if ci[0] is None:  # the effect's upper bound is missing or not positive: nothing finite on either side
        ci = (None, None)
    return Estimate(
        cost_yuan / (participants * effect.value / 100),
        None,
        ci,
        "image of the effect's 95% interval",
        n=int(participants),
        method=method or f"{cost_yuan:,.0f} yuan / ({participants:,.0f} × effect)",
    )


def cost_sensitivity(cost_yuan: float, participants: float, effects: np.ndarray) -> pd.DataFrame:
    """Cost per additional re-employment over a grid of assumed effects (proportions > 0)."""
    effects = np.asarray(effects, dtype=float)
    if (effects <= 0).any():
        raise ValueError("effects must be positive: a zero effect has no finite cost per outcome")
    return pd.DataFrame({"effect": effects, "yuan_per_additional": cost_yuan / (participants * effects)})


# --------------------------------------------------------------------------- the evidence for one programme type


def lever_evidence(
    effects: pd.DataFrame, programme_type: str, extra: Iterable[Mapping[str, Any]] = ()
) -> pd.DataFrame:
    """The rows of ``data/evidence/effects.csv`` for one programme type, as used for costing.

    ``extra`` adds the package's own estimates (e.g. JOBS II for job-search assistance) in the same
    columns. Each row gets:

    * ``use``: ``central`` (a point effect in percentage points), ``range_only`` (a published range
      across estimators, both ends enter the range), ``direction`` (no number, but a stated null,
      negative or mixed direction), or ``not_used`` (relative effects, gross rates, other units, or
      directions that say nothing about zero);
    * ``excludes_zero``: whether the row rules out a zero effect (a point effect with ``se`` must
      exceed 1.96 se; a point effect without interval counts if positive; a null direction does not).
    """
    rows = effects[effects["programme_type"] == programme_type].copy()
    if extra:
        rows = pd.concat([rows, pd.DataFrame(list(extra))], ignore_index=True)
    pp = rows["effect_unit"] == "pp"
    point = pp & rows["effect"].notna()
    ranged = pp & rows["effect"].isna() & rows["ci_low"].notna() & rows["ci_high"].notna()
    direction = rows["effect_unit"].isin(sorted(NULL_DIRECTIONS))
    rows["use"] = np.select(
        [point, ranged, direction], ["central", "range_only", "direction"], default="not_used"
    )
    se = rows["se"].astype(float)
    lo_ci = rows["ci_low"].astype(float)
    lower = np.where(se.notna(), rows["effect"] - 1.96 * se, np.where(lo_ci.notna(), lo_ci, rows["effect"]))
    rows["excludes_zero"] = np.where(
        rows["use"] == "central", lower > 0, np.where(rows["use"] == "range_only", lo_ci > 0, False)
    )
    return rows


def central_effect(
    rows: pd.DataFrame, horizon: float = CENTRAL_HORIZON_MONTHS
) -> tuple[float | None, list[str]]:
    """Median point effect (pp) among the rows at the stated horizon nearest ``horizon`` months.

    Rows without a stated horizon are used only when no row of the type states one.
    Returns ``(None, [])`` when the type has no point effect in percentage points.
    """
    point = rows[rows["use"] == "central"]
    if point.empty:
        return None, []
    dated = point.dropna(subset=["horizon_months"])
    if not dated.empty:
        distance = (dated["horizon_months"] - horizon).abs()
        point = dated[distance == distance.min()]
    return float(point["effect"].median()), list(point["id"])


@dataclass(frozen=True)
class LeverCost:
    """Cost per additional re-employment for one lever: central scenario, range across the evidence, and why.

    ``value`` is ``None`` when the lever cannot be costed (``reason`` says why); a ``None`` upper end of
    ``range`` means some evidence for the type cannot exclude a zero effect (no finite upper bound).
    """

    lever: str
    programme_type: str
    money_yuan: float
    participants: float | None
    participants_range: tuple[float, float] | None
    participants_label: str
    central_effect_pp: float | None
    central_ids: list[str]
    value: float | None
    range: tuple[float | None, float | None] | None
    effects_used: list[str] = field(default_factory=list)
    open_ended_by: list[str] = field(default_factory=list)
    reason: str = ""

    @property
    def note(self) -> str:
        """Which effects and which participant counts, in words (the record's note)."""
        parts = [
            f"transferred effects: {self.programme_type.replace('_', ' ')} evidence from data/evidence/effects.csv"
        ]
        if self.central_effect_pp is not None:
            parts.append(
                f"central scenario = median effect {self.central_effect_pp:.1f} pp among the rows at the "
                f"horizon nearest 12 months ({', '.join(self.central_ids)})"
            )
        if self.effects_used:
            parts.append(f"range across {', '.join(self.effects_used)}")
        if self.open_ended_by:
            parts.append(
                f"no finite upper bound: {', '.join(self.open_ended_by)} cannot exclude a zero effect"
            )
        parts.append(f"participants: {self.participants_label}")
        if self.reason:
            parts.append(f"not costed: {self.reason}")
        return "; ".join(parts)

    def record(self, key: str, *, source: str) -> dict[str, Any]:
        """Write under ``key`` with ``range`` (never inf) and the note; a null value where not costable."""
        from .. import results

        return results.record(
            key,
            self.value,
            unit="yuan per additional person re-employed",
            source=source,
            range=self.range,
            n=None if self.participants is None else int(round(self.participants)),
            note=self.note,
            transferred=True,
        )


def lever_cost(
    lever: str,
    programme_type: str,
    money_yuan: float,
    participants: float | None,
    evidence_rows: pd.DataFrame,
    *,
    participants_range: tuple[float, float] | None = None,
    participants_label: str = "",
    reason_if_no_participants: str = "",
) -> LeverCost:
    """Central cost and the range across the evidence for one lever.

    ``range`` = [money / (most participants × largest effect), money / (fewest participants × smallest
    positive effect)], the upper end ``None`` where any row cannot exclude zero (a null direction, a
    non-positive point effect, or an interval reaching zero). Every point effect and published range in
    percentage points enters the range, whatever its horizon (the central scenario alone is tied to the
    horizon nearest a year).
    """
    central, ids = central_effect(evidence_rows)
    used = evidence_rows[evidence_rows["use"].isin(["central", "range_only"])]
    values = pd.Series(
        np.concatenate(
            [
                used.loc[used["use"] == "central", "effect"].to_numpy(float),
                used.loc[used["use"] == "range_only", ["ci_low", "ci_high"]].to_numpy(float).ravel(),
            ]
        )
    )
    open_by = list(
        evidence_rows.loc[
            (evidence_rows["use"] == "direction")
            | (
                evidence_rows["use"].isin(["central", "range_only"])
                & ~evidence_rows["excludes_zero"].astype(bool)
            ),
            "id",
        ]
    )
    common = dict(
        lever=lever,
        programme_type=programme_type,
        money_yuan=money_yuan,
        participants=participants,
        participants_range=participants_range,
        participants_label=participants_label,
        central_effect_pp=central,
        central_ids=ids,
        effects_used=list(used["id"]),
        open_ended_by=open_by,
    )
    if participants is None:
        return LeverCost(
            value=None, range=None, reason=reason_if_no_participants or "no participant count", **common
        )
    if central is None:
        return LeverCost(
            value=None,
            range=None,
            reason="no evidence row for this programme type gives an employment effect in percentage points",
            **common,
        )
    if values.max() <= 0:
        return LeverCost(
            value=None,
            range=None,
            reason="no evidence row for this programme type shows a "
            "positive employment effect: the cost per additional re-employment is not finite",
            **common,
        )
    p_lo, p_hi = participants_range or (participants, participants)
    low = money_yuan / (p_hi * values.max() / 100)
    positive_min = values[values > 0].min()
    high = None if open_by else money_yuan / (p_lo * positive_min / 100)
    if central <= 0:
        return LeverCost(
            value=None,
            range=(low, high),
            reason=f"the central effect ({central:.1f} pp) is not positive: no finite central cost",
            **common,
        )
    return LeverCost(value=money_yuan / (participants * central / 100), range=(low, high), **common)


def participants_from_reports(
    money_yuan: float, per_participant: pd.Series
) -> tuple[float, tuple[float, float]]:
    """Participants implied by ``money_yuan`` at the median money per participant of Chinese reports.

    Returns the central count and the range (money ÷ the largest and ÷ the smallest per-participant amount).
    """
    per = per_participant.dropna()
    if per.empty or (per <= 0).any():
        raise ValueError("money per participant must be positive and given for at least one report")
    return money_yuan / float(per.median()), (money_yuan / float(per.max()), money_yuan / float(per.min()))


# --------------------------------------------------------------------------- deadweight


def period_rate(annual_rate: float, months: float) -> float:
    """Share re-employed within ``months`` implied by an annual share, at a constant monthly hazard.

    ``1 - (1 - annual_rate) ** (months / 12)``; e.g. 30.6% a year gives about 21.6% over eight months.
    """
    if not 0 <= annual_rate <= 1:
        raise ValueError(f"annual rate {annual_rate} is not a proportion")
    return 1 - (1 - annual_rate) ** (months / 12)


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
        rows.append(
            {
                "baseline": name,
                "rate": rate,
                "expected_anyway": expected,
                "deadweight_share": min(expected / placements, 1.0),
                "creditable_at_most": max(placements - expected, 0.0),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- power


def minimum_detectable_effect(
    n_total: int,
    treated_share: float,
    baseline: float,
    alpha: float = 0.05,
    power: float = 0.8,
    design_effect: float = 1.0,
    take_up: float = 1.0,
) -> float:
    """Minimum detectable effect on a re-employment rate, in percentage points.

    Two-sided test of two proportions (statsmodels ``NormalIndPower`` on Cohen's h), with the
    control group at ``baseline``. ``design_effect`` (>= 1) deflates the sample for clustered
    assignment (see :func:`design_effect_unequal_clusters`). With ``take_up`` < 1 the comparison by
    assignment (intent to treat) is diluted, so the effect on participants must be ``1 / take_up``
    times larger to be detected (Bloom 1984's no-show adjustment): the value returned is then the MDE
    on participants.
    """
    if not 0 < treated_share < 1:
        raise ValueError(f"treated share must be between 0 and 1, got {treated_share}")
    if not 0 < baseline < 1:
        raise ValueError(f"baseline rate must be between 0 and 1, got {baseline}")
    if not 0 < take_up <= 1:
        raise ValueError(f"take-up must be in (0, 1], got {take_up}")
    n_eff = n_total / design_effect
    n_treated = n_eff * treated_share
    ratio = (1 - treated_share) / treated_share
    h = NormalIndPower().solve_power(
        nobs1=n_treated, alpha=alpha, power=power, ratio=ratio, alternative="two-sided"
    )
    # Invert Cohen's h = 2 asin(sqrt(p1)) - 2 asin(sqrt(p0)) for p1 above the baseline.
    p1 = math.sin(math.asin(math.sqrt(baseline)) + h / 2) ** 2
    assert abs(proportion_effectsize(p1, baseline) - h) < 1e-9
    return 100 * (p1 - baseline) / take_up


def design_effect_unequal_clusters(mean_size: float, icc: float, cv: float = 0.0) -> float:
    """Design effect of assigning whole clusters of unequal size: ``1 + ((cv² + 1) m̄ − 1) ρ``.

    Eldridge, Ashby & Kerry (2006, Int. J. Epidemiology 35:1292), with ``cv`` the coefficient of
    variation of cluster sizes; ``cv = 0`` gives the equal-size formula ``1 + (m − 1) ρ``.
    """
    if not 0 <= icc <= 1 or mean_size < 1 or cv < 0:
        raise ValueError(f"need mean size >= 1, 0 <= ICC <= 1, cv >= 0 (got {mean_size}, {icc}, {cv})")
    return 1 + ((cv**2 + 1) * mean_size - 1) * icc


def mde_curve(n_total: int, baseline: float, shares: np.ndarray, **kwargs: float) -> pd.DataFrame:
    """MDE (percentage points) over a grid of treated shares."""
    return pd.DataFrame(
        {
            "treated_share": shares,
            "mde_pp": [minimum_detectable_effect(n_total, s, baseline, **kwargs) for s in shares],
        }
    )


def mde_designs(
    n_total: int,
    baseline: float,
    *,
    feasible_share: float,
    n_enterprises: int,
    iccs: Iterable[float] = (0.02, 0.05, 0.10),
    size_cv: float = 1.0,
    take_ups: Iterable[float] = (1.0, 0.6),
) -> pd.DataFrame:
    """The MDE under feasible designs, one row each.

    Designs: the default (half the registry offered the programme, individual assignment); the share
    the city's training volume allows (``feasible_share``), individual assignment; and that share with
    whole enterprises assigned (mean size ``n_total / n_enterprises``, sizes with coefficient of
    variation ``size_cv``) for each ICC; each under each take-up (MDE on participants).
    """
    mean_size = n_total / n_enterprises
    designs = [("default: 50% offered, individual assignment", 0.5, 1.0, None)]
    designs.append(
        (f"{feasible_share:.0%} offered (the city's training volume), individual", feasible_share, 1.0, None)
    )
    for icc in iccs:
        de = design_effect_unequal_clusters(mean_size, icc, size_cv)
        designs.append(
            (
                f"{feasible_share:.0%} offered, whole enterprises assigned, ICC {icc:.2f}",
                feasible_share,
                de,
                icc,
            )
        )
    rows = []
    for label, share, de, icc in designs:
        for take_up in take_ups:
            rows.append(
                {
                    "design": label,
                    "treated share": share,
                    "ICC": icc,
                    "design effect": de,
                    "take-up": take_up,
                    "MDE (pp)": minimum_detectable_effect(
                        n_total, share, baseline, design_effect=de, take_up=take_up
                    ),
                }
            )
    return pd.DataFrame(rows)


def km_reemployment_probability(spells: pd.Series, events: pd.Series, horizon: float) -> float:
    """Kaplan–Meier probability of re-employment by ``horizon`` (same units as ``spells``), via lifelines."""
    from lifelines import KaplanMeierFitter

    kmf = KaplanMeierFitter().fit(spells.astype(float), event_observed=events.astype(int))
    return float(1 - kmf.survival_function_at_times(horizon).iloc[0])


# --------------------------------------------------------------------------- every lever the speech funds

#: Lever -> (speech money label, what the participants are, money kind whose per-participant amount in
#: the Chinese reports gives the participant count; None = counted in the speech itself).
LEVER_MONEY = {
    "training": ("315万元", "re-employment trainees", None),
    "wage_subsidy": ("1000万元", "recipients of social-insurance subsidies", "social_insurance_subsidy"),
    "public_jobs": ("120万元", "public-welfare jobs", "public_job_subsidy"),
    "job_search": ("143万元", "people given job introduction", "job_introduction_subsidy"),
    "small_loans": ("1200万元", "borrowers", "loans_issued"),
}


def cost_every_lever(
    money: Mapping[str, float],
    participants: pd.DataFrame,
    effects: pd.DataFrame,
    lever_types: Mapping[str, str],
    own_rows: Mapping[str, list[dict[str, Any]]] | None = None,
) -> dict[str, LeverCost]:
    """:func:`lever_cost` for each lever, with the evidence of its programme type (``lever_types``)."""
    own_rows = own_rows or {}
    out = {}
    p = participants.set_index("lever")
    for lever, ptype in lever_types.items():
        rows = lever_evidence(effects, ptype, own_rows.get(ptype, ()))
        n = p.loc[lever, "participants"]
        known = n is not None and not pd.isna(n)
        out[lever] = lever_cost(
            lever,
            ptype,
            money[lever],
            float(n) if known else None,
            rows,
            participants_range=(float(p.loc[lever, "low"]), float(p.loc[lever, "high"])) if known else None,
            participants_label=p.loc[lever, "label"],
            reason_if_no_participants=p.loc[lever, "label"],
        )
    return out


def lever_table(costs: Mapping[str, LeverCost]) -> pd.DataFrame:
    """One row per lever for display: money, participants, central effect, cost and its range."""
    rows = []
    for lever, c in costs.items():
        lo, hi = c.range if c.range else (None, None)
        rows.append(
            {
                "lever": lever,
                "programme type": c.programme_type,
                "money (yuan)": c.money_yuan,
                "participants": c.participants,
                "central effect (pp)": c.central_effect_pp,
                "yuan per additional (central)": c.value,
                "range low": lo,
                "range high": ("no finite bound" if hi is None else f"{hi:,.0f}") if c.range else "–",
                "why not costed": c.reason or "",
            }
        )
    return pd.DataFrame(rows)


def recorded_effect(key: str) -> Estimate:
    """An effect recorded in percentage points (by notebooks 02–04), as an :class:`Estimate`.

    Raises
    ------
    ValueError
        if the finding is not in percentage points or has no interval.
    """
    from .. import results

    entry = results.get(key)
    if entry["unit"] != "percentage points" or "ci" not in entry:
        raise ValueError(
            f"{key!r} must be recorded in percentage points with an interval (got {entry['unit']!r})"
        )
    lo, hi = entry["ci"]
    return Estimate(
        float(entry["value"]), entry.get("se"), (lo, hi), entry.get("se_type", ""), n=entry.get("n")
    )


def own_evidence_row(key: str, programme_type: str, horizon_months: float, study: str) -> dict[str, Any]:
    """A recorded effect of the package (e.g. JOBS II on participants) as a row of the evidence table."""
    e = recorded_effect(key)
    return {
        "id": key,
        "study": study,
        "programme_type": programme_type,
        "effect_unit": "pp",
        "effect": e.value,
        "se": e.se,
        "ci_low": e.ci[0],
        "ci_high": e.ci[1],
        "horizon_months": horizon_months,
        "estimate_kind": "rct",
        "excludes_zero": e.excludes_zero,
    }


def us_baselines(
    nsw: pd.DataFrame, jobs2: pd.DataFrame, spells: pd.DataFrame, months: float = 8
) -> dict[str, float]:
    """Re-employment rates of untreated US groups: NSW controls with any 1978 earnings (a year), JOBS II
    controls working at follow-up (about six months), McCall's displaced workers re-employed within
    ``months`` (Kaplan–Meier, two-week periods)."""
    return {
        "NSW controls, any earnings in 1978": float((nsw.loc[nsw.train == 0, "re78"] > 0).mean()),
        "JOBS II controls, working at follow-up": float(
            (jobs2.loc[jobs2.treat == 0, "work1"] == "psyemp").mean()
        ),
        f"McCall spells, re-employed within {months:g} months (KM)": km_reemployment_probability(
            spells["spell"], spells["censor1"], round(months * 52 / 12 / 2)
        ),
    }


def record_deadweight(
    placements: float,
    stock: float,
    us: Mapping[str, float],
    rates: pd.DataFrame,
    months: float = 8,
    year: str = "2001",
) -> pd.DataFrame:
    """Deadweight under the US baselines and the Chinese ministry's annual rate of ``year`` (converted to
    ``months`` at a constant hazard; an upper bound on a no-programme rate, because centre workers received
    services). Records ``synthesis.deadweight_share_min``/``_max`` (all baselines), ``deadweight_us_min`` and
    ``deadweight_china_upper``; returns the table."""
    from .. import results

    row = rates.set_index("year").loc[year]
    if row["period_kind"] != "annual":
        raise ValueError(f"the {year} Chinese rate is {row['period_kind']}, not an annual rate")
    china_rate = period_rate(row["rate_pct"] / 100, months)
    china = f"China {year}, laid-off SOE workers re-employed (ministry), {months:g} months"
    table = deadweight_range(placements, stock, {**us, china: china_rate})
    shares = table.set_index("baseline")["deadweight_share"]
    src = f"speech {placements:,.0f} placements, {stock:,.0f} laid-off"
    results.record(
        "synthesis.deadweight_share_min",
        shares.min(),
        unit="share of placements",
        descriptive=True,
        source=src + "; US and Chinese baselines",
        note=f"lowest over {len(shares)} baselines ({len(us)} US untreated groups, the Chinese ministry rate)",
    )
    results.record(
        "synthesis.deadweight_share_max",
        shares.max(),
        unit="share of placements",
        descriptive=True,
        source=src + "; US and Chinese baselines",
        note="highest over the baselines; capped at all placements",
    )
    results.record(
        "synthesis.deadweight_us_min",
        shares[list(us)].min(),
        unit="share of placements",
        descriptive=True,
        source=src + "; US untreated groups",
        note="lowest of the US baselines (other countries and decades)",
    )
    results.record(
        "synthesis.deadweight_china_upper",
        shares[china],
        unit="share of placements",
        descriptive=True,
        source=f"{src}; {row['source']} ({row['source_url']})",
        note=f"{year} annual rate {row['rate_pct']:.1f}% converted to {months:g} months at a constant hazard "
        f"({100 * china_rate:.1f}%); centre workers received services, so the rate and this share are "
        "upper bounds on the no-programme rate and the deadweight",
    )
    return table


def record_mde(
    registry: int,
    baseline: float,
    *,
    feasible_share: float,
    n_enterprises: int,
    take_up: float,
    icc: float = 0.02,
    size_cv: float = 1.0,
) -> tuple[pd.DataFrame, float]:
    """Record the MDE keys and return the feasible-designs table and the enterprise design effect.

    ``synthesis.mde_pp``: the stated default (half offered, individual assignment, full take-up);
    ``synthesis.mde_pp_enterprise_assignment``: half of the enterprises assigned (``icc``, sizes with
    coefficient of variation ``size_cv``); ``synthesis.mde_pp_feasible``: the share the city's training
    volume allows, individual assignment, at ``take_up`` (MDE on participants).
    """
    from .. import results

    src = f"statsmodels NormalIndPower; registry of {registry:,} (speech)"
    results.record(
        "synthesis.mde_pp",
        minimum_detectable_effect(registry, 0.5, baseline),
        unit="percentage points",
        n=registry,
        source=src,
        note=f"default design: 50% offered, individual randomisation, full take-up, alpha 0.05, power 0.8, "
        f"baseline {baseline:.3f} = implied annual plan / laid-off stock",
    )
    de = design_effect_unequal_clusters(registry / n_enterprises, icc, cv=size_cv)
    results.record(
        "synthesis.mde_pp_enterprise_assignment",
        minimum_detectable_effect(registry, 0.5, baseline, design_effect=de),
        unit="percentage points",
        n=registry,
        source=src + " with a design effect",
        note=f"50% of {n_enterprises} enterprises assigned, ICC {icc} and enterprise sizes with CV {size_cv:g} "
        f"assumed (Eldridge et al. 2006), design effect {de:.2f}",
    )
    results.record(
        "synthesis.mde_pp_feasible",
        minimum_detectable_effect(registry, feasible_share, baseline, take_up=take_up),
        unit="percentage points",
        n=registry,
        source=src + "; speech re-employment trainees",
        note=f"{feasible_share:.1%} offered (the city's annual training volume), individual assignment, "
        f"take-up {take_up:.0%} (JOBS II attendance): MDE on participants",
    )
    designs = mde_designs(
        registry,
        baseline,
        feasible_share=feasible_share,
        n_enterprises=n_enterprises,
        take_ups=(1.0, take_up),
        size_cv=size_cv,
    )
    return designs, de


def evidence_table(
    effects: pd.DataFrame,
    lever_types: Mapping[str, str],
    own_rows: Mapping[str, list[dict[str, Any]]] | None = None,
) -> pd.DataFrame:
    """The evidence behind each lever's cost, Chinese rows first (DESIGN §9), then by horizon.

    Only rows that enter the cost (point effects, published ranges, null or negative directions) are listed.
    """
    own_rows = own_rows or {}
    parts = []
    for lever, ptype in lever_types.items():
        rows = lever_evidence(effects, ptype, own_rows.get(ptype, ()))
        rows = rows[rows["use"] != "not_used"].assign(lever=lever)
        parts.append(rows)
    table = pd.concat(parts, ignore_index=True)
    table["china"] = table["country"].fillna("").eq("China")
    table = table.sort_values(
        ["lever", "china", "horizon_months"], ascending=[True, False, True], kind="stable"
    )
    return table[
        [
            "lever",
            "id",
            "country",
            "horizon_months",
            "effect",
            "ci_low",
            "ci_high",
            "effect_unit",
            "use",
            "excludes_zero",
        ]
    ].reset_index(drop=True)
