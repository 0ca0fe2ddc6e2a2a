"""Outcomes against inputs within places: the panel of Chinese re-employment reports (issue 12).

Between places, a big city reports more of everything (more trainees, more loans, more people
placed), so a slope across places mixes the size of the place with any relation between inputs
and placements. Within a place, over years, size is (nearly) constant: regressing log placements on
log inputs with place and year effects asks whether a place placed more people in the years it
trained, lent or created public-welfare jobs more.

Inference: few places contribute two or more years, so standard errors are cluster-robust by place
with the CRV3 (jackknife-type) small-sample correction and t intervals with G − 1 degrees of freedom,
from pyfixest (Bell & McCaffrey 2002; MacKinnon, Nielsen & Webb 2023). Beside it travels a wild
cluster restricted bootstrap (WCR, Webb six-point weights, the ``wildboottest`` package through
pyfixest; Webb 2023): its p-value for a zero slope and the interval got by inverting that test over a
grid of slopes. The pooled between-place slope
(HC3, t with n − k degrees of freedom) is shown beside it. Every estimate here is associational: the
numbers are self-reports chosen by the reporting office, and inputs respond to expected placements.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

from .. import results
from ..estimates.result import Estimate

__all__ = [
    "INPUTS",
    "OUTCOME_INDICATORS",
    "NotEstimable",
    "record_slope",
    "slope_row",
    "place_year_frame",
    "panel_counts",
    "report_counts",
    "SIZE_INDICATORS",
    "place_paths",
    "within_place_elasticity",
    "between_place_elasticity",
    "MIN_CLUSTERS",
]

#: Each input and the report indicators that measure it, in order of preference.
INPUTS: dict[str, tuple[str, ...]] = {
    "trainees": ("trainees_reemployment", "trainees_other"),
    "loans": ("loan_amount_yuan",),
    "public_jobs": ("public_welfare_jobs",),
}
#: Placement indicators, in order of preference (re-employed laid-off workers first). Within a place
#: one indicator is used for every year (like with like); between places the first one printed.
OUTCOME_INDICATORS: tuple[str, ...] = ("reemployed", "placed", "new_jobs", "hard_to_employ_placed")
#: Fewest places with two or more comparable years for a within-place slope to be reported.
MIN_CLUSTERS = 4
#: Wild cluster bootstrap: draws (with G places Webb weights have 6**G distinct draws; fewer are
#: enumerated in full), seed, how far (in CRV3 standard errors) the inverted test looks for the
#: interval's ends, and the bisection steps per end (2**-12 of that distance).
BOOT_REPS = 9999
BOOT_SEED = 20031
SEARCH_HALF_WIDTH_SE = 8.0
BISECTION_STEPS = 12
WILD_SE_TYPE = "wild cluster bootstrap (WCR, Webb weights)"

_EXCLUDED_PERIODS = frozenset({"cumulative_multi_year", "campaign_month"})


@dataclass(frozen=True)
class NotEstimable:
    """Why a slope cannot be estimated from the panel (too few places or years)."""

    reason: str
    n: int
    clusters: int


#: How a figure's definition is told apart within an indicator: counts of people by ``people_def``
#: (re-employed 下岗职工 only is not 下岗失业人员), other training by ``subtype`` (rural-transfer training
#: is not high-skill training); re-employment trainees and loans issued are one definition each.
DEFINITION_SPLIT: dict[str, str | None] = {
    "reemployed": "people_def",
    "placed": "people_def",
    "new_jobs": "people_def",
    "hard_to_employ_placed": "people_def",
    "trainees_reemployment": None,
    "trainees_other": "subtype",
    "loan_amount_yuan": None,
    "public_welfare_jobs": "people_def",
}
#: Prefix of the per-definition columns of :func:`place_year_frame` (``def:placed|realname_employment``).
DEF_PREFIX = "def:"


def _kept(figures: pd.DataFrame, indicator: str) -> pd.DataFrame:
    f = figures[(figures["indicator"] == indicator) & figures["primary"].astype(bool)]
    if "period_kind" in f:
        f = f[~f["period_kind"].fillna("").isin(_EXCLUDED_PERIODS)]
    return f


def record_slope(
    key: str, slope: Estimate | NotEstimable, *, source: str, note: str, clusters: bool = True
) -> dict:
    """Record a slope under ``key``: the estimate with ``note``, or a null value whose note says why it
    is not estimable (with its ``n``, and its places when ``clusters``)."""
    if isinstance(slope, NotEstimable):
        return results.record(
            key,
            None,
            unit="log-log slope",
            n=slope.n,
            **({"clusters": slope.clusters} if clusters else {}),
            source=source,
            note=f"not estimable: {slope.reason}",
            descriptive=True,
        )
    return slope.record(key, unit="log-log slope", source=source, note=note, descriptive=True)


def slope_row(slope: Estimate | NotEstimable) -> dict:
    """One row of a comparison table: slope, interval, n, places, and why not when not estimable."""
    if isinstance(slope, NotEstimable):
        return {
            "slope": None,
            "ci_low": None,
            "ci_high": None,
            "n": slope.n,
            "places": slope.clusters,
            "why not": slope.reason,
        }
    return {
        "slope": slope.value,
        "ci_low": slope.ci[0],
        "ci_high": slope.ci[1],
        "n": slope.n,
        "places": slope.clusters,
        "why not": "",
    }


def _primary_values(figures: pd.DataFrame, indicator: str) -> pd.Series:
    return _kept(figures, indicator).groupby("report_id")["value"].first()


def _definition_values(figures: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Primary values of ``indicator`` per report, one column per definition (see :data:`DEFINITION_SPLIT`)."""
    f = _kept(figures, indicator)
    split = DEFINITION_SPLIT.get(indicator)
    key = f[split].fillna("").astype(str) if split and split in f else pd.Series("", index=f.index)
    names = [f"{DEF_PREFIX}{indicator}|{k}" if k else f"{DEF_PREFIX}{indicator}" for k in key]
    wide = f.assign(_def=names).groupby(["report_id", "_def"])["value"].first().unstack("_def")
    return wide if len(wide.columns) else pd.DataFrame(index=pd.Index([], name="report_id"))


def place_year_frame(sources: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per report with a dated period of at most a year: place, year, months, placements, inputs.

    Reports that are cumulative over several years or undated are left out; so are figures tagged as
    campaign-month or multi-year totals (a laid-off stock is taken from any report of the same place
    and year). ``placed`` is the first outcome printed in the order of
    :data:`OUTCOME_INDICATORS` and each input column the first of its indicators (for the pooled
    between-place slope); the ``def:`` columns hold every outcome and input by definition, so that a
    within-place fit can hold each place to one definition. When one place has two reports in a year,
    the one printing more of placements and inputs is kept, then the one covering more months.
    """
    frame = sources.set_index("id")[
        ["place", "province", "admin_level", "year", "month_first", "month_last"]
    ].copy()
    first = pd.to_numeric(frame["month_first"], errors="coerce").fillna(1)
    last = pd.to_numeric(frame["month_last"], errors="coerce")
    frame["months"] = (last - first + 1).where(last.notna())
    frame["year"] = pd.to_numeric(frame["year"], errors="coerce")
    frame = frame[frame["year"].notna() & frame["months"].between(1, 12)]
    indicators = {*OUTCOME_INDICATORS, *(i for group in INPUTS.values() for i in group), "laid_off_stock"}
    for indicator in sorted(indicators):
        frame[indicator] = _primary_values(figures, indicator).reindex(frame.index)
    for indicator in DEFINITION_SPLIT:
        wide = _definition_values(figures, indicator).reindex(frame.index)
        frame[list(wide.columns)] = wide
    frame["placed"] = frame[list(OUTCOME_INDICATORS)].bfill(axis=1).iloc[:, 0]
    for name, group in INPUTS.items():
        frame[name] = frame[list(group)].bfill(axis=1).iloc[:, 0]
    # A stock (laid-off workers) printed by another report of the same place and year serves every
    # report of that place-year; then one report per place-year is kept: the one printing the most of
    # placements and inputs, and of those the one covering more months.
    frame["laid_off_stock"] = frame["laid_off_stock"].fillna(
        frame.groupby(["place", "year"])["laid_off_stock"].transform("first")
    )
    frame["_printed"] = frame[["placed", *INPUTS]].notna().sum(axis=1)
    frame = frame.sort_values(["place", "year", "_printed", "months"])
    frame = frame[~frame.duplicated(["place", "year"], keep="last")].drop(columns="_printed")
    frame.index.name = "report_id"
    return frame


def place_paths(frame: pd.DataFrame) -> pd.DataFrame:
    """Each place's placements per month over the years, one outcome definition per place (the one it
    prints in the most years; ties go to the preferred indicator), so that a path never joins two
    definitions. Columns ``place``, ``province``, ``year``, ``placed_per_month``, ``definition``."""
    outcomes = _definition_columns(frame, OUTCOME_INDICATORS)
    parts = []
    for place, part in frame.groupby("place", sort=True):
        counts = {c: int(part[c].notna().sum()) for c in outcomes}
        best = max(outcomes, key=lambda c: counts[c], default=None)
        if best is None or counts[best] == 0:
            continue
        rows = part[part[best].notna()]
        parts.append(
            pd.DataFrame(
                {
                    "place": place,
                    "province": rows["province"],
                    "year": rows["year"],
                    "placed_per_month": rows[best] / rows["months"],
                    "definition": best.removeprefix(DEF_PREFIX),
                }
            )
        )
    return (
        pd.concat(parts)
        if parts
        else pd.DataFrame(columns=["place", "province", "year", "placed_per_month", "definition"])
    )


#: Indicators that measure a place's size or a target, not something done in the period: a report
#: printing only these is a size-only report (a yearbook table row of laid-off stock, say).
SIZE_INDICATORS = frozenset(
    {"laid_off_stock", "registered_unemployed", "unemployment_rate_pct", "plan_target", "other"}
)


def report_counts(sources: pd.DataFrame, figures: pd.DataFrame) -> dict[str, int]:
    """Reports, places and places seen in two or more years: all reports, and those printing at
    least one primary figure of something done in the period (placements, trainees, loans ...), as
    opposed to size-only reports (:data:`SIZE_INDICATORS`)."""
    primary = figures[figures["primary"].astype(bool)]
    active = set(primary.loc[~primary["indicator"].isin(SIZE_INDICATORS), "report_id"])

    def counts(s: pd.DataFrame) -> tuple[int, int, int]:
        years = s.groupby("place")["year"].nunique()
        return len(s), int(s["place"].nunique()), int((years >= 2).sum())

    reports_all, places_all, multi_all = counts(sources)
    reports_flow, places_flow, multi_flow = counts(sources[sources["id"].isin(active)])
    return {
        "reports": reports_all,
        "places": places_all,
        "places_two_or_more_years": multi_all,
        "size_only_reports": reports_all - reports_flow,
        "reports_with_flows": reports_flow,
        "places_with_flows": places_flow,
        "places_with_flows_two_or_more_years": multi_flow,
    }


def panel_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Places, place-years and places observed in two or more years (any indicator)."""
    years = frame.groupby("place")["year"].nunique()
    return {
        "places": int(frame["place"].nunique()),
        "place_years": int(len(frame)),
        "places_two_or_more_years": int((years >= 2).sum()),
    }


def _definition_columns(frame: pd.DataFrame, indicators: tuple[str, ...]) -> list[str]:
    """The ``def:`` columns of ``indicators``, in the order the indicators are preferred (a frame
    built without them, such as a hand-made one, offers its plain indicator columns instead)."""
    cols = [c for c in frame.columns if c.startswith(DEF_PREFIX)]
    if not cols:
        return [ind for ind in indicators if ind in frame.columns]
    return [c for ind in indicators for c in cols if c[len(DEF_PREFIX) :].split("|")[0] == ind]


def _same_definitions(frame: pd.DataFrame, input_name: str) -> pd.DataFrame:
    """Per place, the (outcome, input) definition pair printed together in the most years, so that a
    place's years compare like with like (same indicator and people definition for the outcome, same
    indicator and programme for the input); ties go to the preferred pair. Columns ``placed`` and
    ``input_name`` are replaced by that pair's values, and ``definition`` names it."""
    outcomes = _definition_columns(frame, OUTCOME_INDICATORS)
    inputs = _definition_columns(frame, INPUTS.get(input_name, (input_name,)))
    parts = []
    for _place, part in frame.groupby("place", sort=True):
        best, best_n = None, 0
        for out in outcomes:
            for inp in inputs:
                n = int((part[out].notna() & part[inp].notna()).sum())
                if n > best_n:
                    best, best_n = (out, inp), n
        if best is None:
            continue
        out, inp = best
        name = f"{out.removeprefix(DEF_PREFIX)} / {inp.removeprefix(DEF_PREFIX)}"
        parts.append(part.assign(placed=part[out], **{input_name: part[inp]}, definition=name))
    return pd.concat(parts) if parts else frame.iloc[0:0].assign(definition="")


def _usable(
    frame: pd.DataFrame, input_name: str, within: bool = False, per_laid_off: bool = False
) -> pd.DataFrame:
    d = _same_definitions(frame, input_name) if within and "place" in frame else frame
    d = d.dropna(subset=["placed", input_name]).copy()
    d = d[(d["placed"] > 0) & (d[input_name] > 0)]
    if per_laid_off:
        d = d[d["laid_off_stock"].fillna(0) > 0].copy()
        d["placed"] = d["placed"] / d["laid_off_stock"]
    d["log_placed"] = np.log(d["placed"])
    d["log_input"] = np.log(d[input_name])
    d["log_months"] = np.log(d["months"].astype(float))
    return d


def _drop_singletons(d: pd.DataFrame) -> pd.DataFrame:
    """Drop, until none is left, place-years whose place or whose year appears only once: a place seen
    once carries no within-place information, and a year seen once only fits its own year effect."""
    while len(d):
        once = d.groupby("place")["year"].transform("size").eq(1) | d.groupby("year")["place"].transform(
            "size"
        ).eq(1)
        if not once.any():
            break
        d = d[~once]
    return d


def within_place_elasticity(
    frame: pd.DataFrame, input_name: str, per_laid_off: bool = False
) -> Estimate | NotEstimable:
    """Elasticity of placements with respect to ``input_name`` within places: place and year effects.

    ``log placed ~ log input + log months | place + year`` (pyfixest ``feols``), CRV3 standard
    errors clustered by place, t(G − 1) interval. Places seen once are dropped (they carry no
    within-place information). ``per_laid_off=True`` puts placements per laid-off worker on the
    left, in the place-years whose stock is known. Returns :class:`NotEstimable` with the reason when fewer than
    :data:`MIN_CLUSTERS` places have two or more years with both numbers.
    """
    import pyfixest as pf

    usable = _usable(frame, input_name, within=True, per_laid_off=per_laid_off)
    years = usable.groupby("place")["year"].nunique()
    repeated = int((years >= 2).sum())
    d = _drop_singletons(usable)
    clusters = int(d["place"].nunique())
    if clusters < MIN_CLUSTERS:
        why = (
            f"{repeated} place(s) report placements{' and the laid-off stock' if per_laid_off else ''} "
            f"and {input_name} with the same definitions in two or more comparable periods"
        )
        if clusters < repeated:
            why += (
                f"; {clusters} remain once place-years whose year no other place shares are dropped "
                "(a year seen once only fits its own year effect)"
            )
        return NotEstimable(f"{why}; at least {MIN_CLUSTERS} are needed", len(d), clusters)
    months_vary = d.groupby("place")["log_months"].nunique().max() > 1
    rhs = "log_input + log_months" if months_vary else "log_input"
    # pyfixest's small-sample factors count every place and year level (not one fewer for the
    # constant they share): below one residual degree of freedom on that count they divide by zero.
    dof = len(d) - clusters - d["year"].nunique() - rhs.count("+") - 1
    if dof < 1:
        return NotEstimable(
            f"{len(d)} place-years from {clusters} places leave no residual degrees of freedom once "
            "place and year effects are removed",
            len(d),
            clusters,
        )
    fit = pf.feols(f"log_placed ~ {rhs} | place + year", data=d.reset_index(), vcov={"CRV3": "place"})
    tidy = fit.tidy().loc["log_input"]
    if not math.isfinite(float(tidy["Std. Error"])):
        return NotEstimable(
            f"{input_name} does not vary within places once year effects are removed", len(d), clusters
        )
    estimate = Estimate(
        float(tidy["Estimate"]),
        float(tidy["Std. Error"]),
        (float(tidy["2.5%"]), float(tidy["97.5%"])),
        "CRV3 cluster(place)",
        int(fit._N),
        clusters,
        float(clusters - 1),
        method=f"within places: log placed{' per laid-off worker' if per_laid_off else ''} on log {input_name}"
        f"{' and log months' if months_vary else ''}, place and year effects (pyfixest)",
    )
    return estimate.with_alternative(wild_bootstrap(d, rhs, estimate))


def wild_bootstrap_p(d: pd.DataFrame, rhs: str, slope: float = 0.0) -> float:
    """Wild cluster restricted bootstrap p-value for ``H0: slope of log_input = slope``.

    The null is imposed by moving ``slope * log_input`` to the left-hand side and testing a zero
    coefficient; clusters are places (passed as integer codes: the bootstrap's compiled code does not
    take text), weights Webb's six-point distribution.
    """
    import warnings

    import pyfixest as pf

    shifted = d.reset_index().assign(
        y_null=lambda x: x["log_placed"] - slope * x["log_input"],
        place_code=lambda x: pd.factorize(x["place"])[0],
    )
    fit = pf.feols(f"y_null ~ {rhs} | place + year", data=shifted, vcov={"CRV1": "place_code"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "full enumeration" notices for few clusters
        out = fit.wildboottest(
            param="log_input", reps=BOOT_REPS, seed=BOOT_SEED, cluster="place_code", weights_type="webb"
        )
    return float(out["Pr(>|t|)"])


def wild_bootstrap(d: pd.DataFrame, rhs: str, estimate: Estimate) -> Estimate:
    """The slope with the wild cluster bootstrap's interval: the slopes the 5% test does not reject.

    Each end is found by bisection between the estimate (not rejected) and a slope
    :data:`SEARCH_HALF_WIDTH_SE` CRV3 standard errors away; when even that far slope is not rejected,
    the end is left open (``None``). ``se`` is ``None``: the bootstrap gives a p-value, not a
    standard error.
    """
    half = SEARCH_HALF_WIDTH_SE * float(estimate.se)

    def end(direction: int) -> float | None:
        inside, outside = estimate.value, estimate.value + direction * half
        if wild_bootstrap_p(d, rhs, outside) >= 0.05:
            return None
        for _ in range(BISECTION_STEPS):
            middle = (inside + outside) / 2
            if wild_bootstrap_p(d, rhs, middle) >= 0.05:
                inside = middle
            else:
                outside = middle
        return float(inside)

    p_zero = wild_bootstrap_p(d, rhs, 0.0)
    return Estimate(
        estimate.value,
        None,
        (end(-1), end(+1)),
        WILD_SE_TYPE,
        estimate.n,
        estimate.clusters,
        None,
        method=f"p = {p_zero:.3f} for a zero slope; interval by inverting the test",
    )


def between_place_elasticity(
    frame: pd.DataFrame, input_name: str, controls: bool = True
) -> Estimate | NotEstimable:
    """Pooled slope across places and years: ``log placed ~ log input (+ log months)``, HC3, t(n − k).

    The unadjusted slope (``controls=False``) is the one to show beside any adjusted one.
    """
    d = _usable(frame, input_name)
    k = 3 if controls else 2
    if len(d) < k + 3:
        return NotEstimable(f"only {len(d)} reports give placements and {input_name}", len(d), 0)
    formula = "log_placed ~ log_input" + (
        " + log_months" if controls and d["log_months"].nunique() > 1 else ""
    )
    fit = smf.ols(formula, d).fit(cov_type="HC3", use_t=True)
    return Estimate.from_fit(
        fit,
        "log_input",
        se_type="HC3",
        n=int(fit.nobs),
        method=f"between places: {formula.replace('log_input', f'log {input_name}')}, HC3 se, t interval",
    )
