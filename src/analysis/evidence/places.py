"""Cross-place analysis of the Chinese reports: plan pace, log-log elasticities, yuan per placement.

The data are self-reports, selected by what a search found and by what each report chose to print;
nothing estimated from them is causal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["report_panel", "plan_pace", "percentile_rank", "Elasticity", "loglog_elasticity", "yuan_per_placement",
           "summary_counts"]

# --------------------------------------------------------------------------- analysis panel


def _primary(figures: pd.DataFrame, indicator: str, subtype: str | None = None) -> pd.Series:
    f = figures[(figures["indicator"] == indicator) & figures["primary"]]
    if subtype is not None:
        f = f[f["subtype"].fillna("") == subtype]
    return f.groupby("report_id")["value"].first()


def report_panel(sources: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per report with the headline numbers the notebook compares.

    Columns: ``months`` (period length; missing for multi-year or undated totals),
    ``outcome`` (re-employed if printed, else placed), ``trainees`` (re-employment
    trainees), ``loan_yuan`` (loans issued, else guarantee-fund money), ``subsidy_yuan``
    (sum of primary subsidy figures), ``plan_share_pct`` (for re-employment or
    placement), ``money_yuan`` (subsidies + loan money).
    """
    panel = sources.set_index("id")[["place", "admin_level", "province", "year", "month_first", "month_last",
                                     "doc_type", "script"]].copy()
    first = panel["month_first"].astype("Float64")
    last = panel["month_last"].astype("Float64")
    panel["months"] = (last - first + 1).astype(float)
    reemployed = _primary(figures, "reemployed")
    placed = _primary(figures, "placed")
    panel["reemployed"] = reemployed
    panel["placed"] = placed
    panel["outcome"] = panel["reemployed"].fillna(panel["placed"])
    panel["trainees"] = _primary(figures, "trainees_reemployment")
    loans = _primary(figures, "loan_amount_yuan")
    fund = _primary(figures, "loan_fund_yuan")
    panel["loan_amount_yuan"] = loans
    panel["loan_fund_yuan"] = fund
    panel["loan_yuan"] = panel["loan_amount_yuan"].fillna(panel["loan_fund_yuan"])
    subs = figures[(figures["indicator"] == "subsidy_yuan") & figures["primary"]]
    panel["subsidy_yuan"] = subs.groupby("report_id")["value"].sum()
    shares = figures[(figures["indicator"] == "plan_share_pct") & figures["primary"]
                     & figures["subtype"].isin(["reemployed", "placed"])]
    panel["plan_share_pct"] = shares.groupby("report_id")["value"].first()
    panel["money_yuan"] = panel[["subsidy_yuan", "loan_yuan"]].sum(axis=1, min_count=1)
    panel.index.name = "report_id"
    return panel


def plan_pace(panel: pd.DataFrame) -> pd.DataFrame:
    """Reports with both a plan share and a period within one year, with the share of the year elapsed.

    ``pace_ratio`` = plan share ÷ year share: 1 means exactly on a linear pace.
    """
    ok = panel.dropna(subset=["plan_share_pct", "months"])
    ok = ok[(ok["months"] > 0) & (ok["months"] <= 12) & (ok["month_first"] == 1)].copy()
    ok["year_share_pct"] = 100 * ok["month_last"].astype(float) / 12
    ok["pace_ratio"] = ok["plan_share_pct"] / ok["year_share_pct"]
    return ok.sort_values("pace_ratio")


def percentile_rank(values: pd.Series, key: Any) -> float:
    """Percentile (0–100) of ``values[key]`` among ``values``: share of the others strictly below,
    ties counted half (the mid-rank convention)."""
    if key not in values.index:
        raise KeyError(f"{key!r} is not among the reports with both numbers: {list(values.index)}")
    v = values[key]
    others = values.drop(key)
    below = (others < v).sum() + 0.5 * (others == v).sum()
    return float(100 * below / len(others)) if len(others) else float("nan")


@dataclass(frozen=True)
class Elasticity:
    """A log-log slope with its 95% interval."""

    coef: float
    se: float
    ci: tuple[float, float]
    n: int
    controls: tuple[str, ...]
    rsquared: float


def loglog_elasticity(panel: pd.DataFrame, input_col: str, outcome_col: str = "outcome",
                      controls: bool = True) -> Elasticity:
    """OLS of log(outcome) on log(input), with log(months) and a news-item dummy when asked.

    Only reports with a period of at most 12 months and both numbers positive enter.
    Heteroskedasticity-robust (HC1) standard errors; with so few reports the interval
    is wide and the slope describes the sample, not an effect.

    Raises
    ------
    ValueError
        if fewer reports than parameters + 2 remain.
    """
    import statsmodels.api as sm

    d = panel.dropna(subset=[input_col, outcome_col, "months"])
    d = d[(d[input_col] > 0) & (d[outcome_col] > 0) & (d["months"] <= 12)]
    x = pd.DataFrame({f"log_{input_col}": np.log(d[input_col].astype(float))}, index=d.index)
    used: list[str] = []
    if controls:
        if d["months"].nunique() > 1:
            x["log_months"] = np.log(d["months"].astype(float))
            used.append("log_months")
        # One dummy (news item vs official document), not one per type: the sample is tiny.
        is_news = (d["doc_type"] == "news").astype(float)
        if 0 < is_news.sum() < len(d):
            x["is_news"] = is_news
            used.append("is_news")
    x = sm.add_constant(x, has_constant="add")
    if len(d) < x.shape[1] + 2:
        raise ValueError(f"only {len(d)} reports have {input_col} and {outcome_col} within a year: "
                         f"too few for {x.shape[1]} parameters")
    fit = sm.OLS(np.log(d[outcome_col].astype(float)), x).fit(cov_type="HC1")
    name = f"log_{input_col}"
    lo, hi = fit.conf_int().loc[name]
    return Elasticity(coef=float(fit.params[name]), se=float(fit.bse[name]), ci=(float(lo), float(hi)),
                      n=int(fit.nobs), controls=tuple(used), rsquared=float(fit.rsquared))


def yuan_per_placement(panel: pd.DataFrame) -> pd.Series:
    """Reported re-employment money (subsidies + loans or guarantee fund) per re-employed/placed person."""
    d = panel.dropna(subset=["money_yuan", "outcome"])
    d = d[d["outcome"] > 0]
    return (d["money_yuan"] / d["outcome"]).rename("yuan_per_placement")


def summary_counts(sources: pd.DataFrame, figures: pd.DataFrame) -> dict[str, float]:
    """Counts for the Reports page: reports, places, years, figures, verified share, period share."""
    years = sources["year"].dropna()
    return {
        "n_reports": int(len(sources)),
        "n_places": int(sources["place"].nunique()),
        "n_provinces": int(sources["province"].nunique()),
        "n_years": int(years.nunique()),
        "year_min": int(years.min()),
        "year_max": int(years.max()),
        "n_reports_2002_2008": int(years.between(2002, 2008).sum()),
        "n_figures": int(len(figures)),
        "verified_share": float(figures["verified"].mean()),
    }


