"""Cross-place analysis of the Chinese reports: plan pace, log-log elasticities, yuan per placement.

The data are self-reports, selected by what a search found and by what each report chose to print;
nothing estimated from them is causal.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from ..estimates.result import Estimate

__all__ = [
    "report_panel",
    "report_period_kind",
    "check_shared_period",
    "PeriodMismatchError",
    "plan_pace",
    "percentile_rank",
    "loglog_elasticity",
    "elasticity_table",
    "yuan_per_placement",
    "MONEY_DEFINITIONS",
    "yuan_per_person_by_definition",
    "headline_definition",
    "elasticity_estimate",
    "ratio_moves",
    "reports_and_panel",
    "comparable_ratio",
    "ratio_across_definitions",
    "PARTICIPANT_COUNTS",
    "money_per_participant",
    "loans_per_fund_yuan",
    "summary_counts",
]

# --------------------------------------------------------------------------- analysis panel


class PeriodMismatchError(ValueError):
    """Two figures divided or regressed together cover different periods (DESIGN §9: like with like)."""


#: Panel columns that carry a period, and the panel column naming it.
PERIOD_COLUMNS = ("outcome", "trainees", "loan_yuan", "subsidy_yuan")


def report_period_kind(sources: pd.DataFrame) -> pd.Series:
    """The period each report covers, in the vocabulary of ``figures.period_kind``.

    ``annual`` (January–December of a stated year), ``part_year`` (January to an earlier month),
    ``cumulative_multi_year`` (no months: the report's totals span several years or are undated).
    """
    s = sources.set_index("id")
    first, last = s["month_first"].astype("Float64"), s["month_last"].astype("Float64")
    kind = pd.Series("cumulative_multi_year", index=s.index)
    kind[(first == 1) & (last == 12) & s["year"].notna()] = "annual"
    kind[(first == 1) & (last < 12)] = "part_year"
    return kind


def _primary(figures: pd.DataFrame, indicator: str, period: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Value of the primary figure for ``indicator`` in each report, only where it covers the report's own
    period (a campaign-month or cumulative figure inside a one-year report is left out), and its period."""
    f = figures[(figures["indicator"] == indicator) & figures["primary"]]
    f = f[f["period_kind"].to_numpy() == period.reindex(f["report_id"]).to_numpy()]
    first = f.groupby("report_id")[["value", "period_kind"]].first()
    return first["value"], first["period_kind"]


def report_panel(sources: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per report with the headline numbers the notebook compares.

    Columns: ``months`` (period length; missing for multi-year or undated totals),
    ``period_kind`` (the report's period), ``outcome`` (re-employed if printed, else placed),
    ``trainees`` (re-employment trainees), ``loan_yuan`` (loans issued, else guarantee-fund money),
    ``subsidy_yuan`` (sum of primary subsidy figures), ``plan_share_pct`` (for re-employment or
    placement), ``money_yuan`` (subsidies + loan money), and ``<column>_period`` for each of
    :data:`PERIOD_COLUMNS`: the period of the figure used (see :func:`check_shared_period`).

    Only figures whose ``period_kind`` is the report's own period enter: Harbin 2005's 2,189
    trainees (a re-employment assistance-month figure) and Hubei 2019's cumulative loans are
    therefore missing here rather than set beside one-year outcomes.
    """
    panel = sources.set_index("id")[
        ["place", "admin_level", "province", "year", "month_first", "month_last", "doc_type", "script"]
    ].copy()
    first = panel["month_first"].astype("Float64")
    last = panel["month_last"].astype("Float64")
    panel["months"] = (last - first + 1).astype(float)
    period = report_period_kind(sources)
    panel["period_kind"] = period
    reemployed, p_re = _primary(figures, "reemployed", period)
    placed, p_pl = _primary(figures, "placed", period)
    panel["reemployed"] = reemployed
    panel["placed"] = placed
    panel["outcome"] = panel["reemployed"].fillna(panel["placed"])
    panel["outcome_period"] = p_re.reindex(panel.index).combine_first(p_pl.reindex(panel.index))
    panel["trainees"], panel["trainees_period"] = _primary(figures, "trainees_reemployment", period)
    loans, p_loans = _primary(figures, "loan_amount_yuan", period)
    fund, p_fund = _primary(figures, "loan_fund_yuan", period)
    panel["loan_amount_yuan"] = loans
    panel["loan_fund_yuan"] = fund
    panel["loan_yuan"] = panel["loan_amount_yuan"].fillna(panel["loan_fund_yuan"])
    panel["loan_yuan_period"] = p_loans.reindex(panel.index).combine_first(p_fund.reindex(panel.index))
    subs = figures[(figures["indicator"] == "subsidy_yuan") & figures["primary"]]
    subs = subs[subs["period_kind"].to_numpy() == period.reindex(subs["report_id"]).to_numpy()]
    panel["subsidy_yuan"] = subs.groupby("report_id")["value"].sum()
    panel["subsidy_yuan_period"] = subs.groupby("report_id")["period_kind"].first()
    shares = figures[
        (figures["indicator"] == "plan_share_pct")
        & figures["primary"]
        & figures["subtype"].isin(["reemployed", "placed"])
    ]
    panel["plan_share_pct"] = shares.groupby("report_id")["value"].first()
    panel["money_yuan"] = panel[["subsidy_yuan", "loan_yuan"]].sum(axis=1, min_count=1)
    panel.index.name = "report_id"
    return panel


def check_shared_period(panel: pd.DataFrame, columns: list[str] | tuple[str, ...]) -> None:
    """Raise if, in any report, the figures in ``columns`` (divided or regressed together) cover different
    periods, or a period other than the report's own.

    Columns without a ``<column>_period`` companion (``months``, controls) are not figures and are skipped.

    Raises
    ------
    PeriodMismatchError
        naming each report and the period of each figure.
    """
    cols = [c for c in columns if f"{c}_period" in panel.columns]
    problems = []
    for report_id, row in panel.iterrows():
        kinds = {c: row[f"{c}_period"] for c in cols if pd.notna(row[c])}
        if "period_kind" in panel.columns:
            kinds["report"] = row["period_kind"]
        if len({k for k in kinds.values() if pd.notna(k)}) > 1:
            problems.append(f"{report_id}: " + ", ".join(f"{c} {k}" for c, k in kinds.items()))
    if problems:
        raise PeriodMismatchError(
            "figures used together cover different periods (DESIGN §9, like with like):\n  "
            + "\n  ".join(problems)
        )


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


def _loglog_fits(
    panel: pd.DataFrame, input_col: str, outcome_col: str, controls: bool
) -> tuple[Any, Any, str, list[str]]:
    import statsmodels.api as sm

    d = panel.dropna(subset=[input_col, outcome_col, "months"])
    d = d[(d[input_col] > 0) & (d[outcome_col] > 0) & (d["months"] <= 12)]
    check_shared_period(d, [outcome_col, input_col])
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
        raise ValueError(
            f"only {len(d)} reports have {input_col} and {outcome_col} within a year: "
            f"too few for {x.shape[1]} parameters"
        )
    y = np.log(d[outcome_col].astype(float))
    return sm.OLS(y, x).fit(cov_type="HC3", use_t=True), sm.OLS(y, x).fit(), f"log_{input_col}", used


def loglog_elasticity(
    panel: pd.DataFrame, input_col: str, outcome_col: str = "outcome", controls: bool = True
) -> Estimate:
    """OLS of log(outcome) on log(input), with log(months) and a news-item dummy when asked.

    Only reports with a period of at most 12 months, both numbers positive and both figures
    covering the same period (:func:`check_shared_period`) enter.

    Inference is for small samples (DESIGN §9): t quantiles on the residual degrees of freedom
    (statsmodels ``use_t``; the interval is the fit's own ``conf_int``), with the larger of the HC3
    (MacKinnon & White 1985; Long & Ervin 2000 recommend HC3 below about 250 observations) and the
    conventional standard error, because HC estimators are biased down in very small samples
    (Angrist & Pischke 2009, section 8.2.3); the other one travels in ``alternatives``. With so few
    reports the slope describes the sample, not an effect, and it is confounded by scale: big places
    report more of everything.

    Returns
    -------
    Estimate
        ``method`` names the controls used; ``df_resid`` the t degrees of freedom.

    Raises
    ------
    ValueError
        if fewer reports than parameters + 2 remain.
    PeriodMismatchError
        if the outcome and the input of a report cover different periods.
    """
    fit, conventional, name, used = _loglog_fits(panel, input_col, outcome_col, controls)
    method = (
        f"OLS log({outcome_col}) on log({input_col}) + {', '.join(used) or 'nothing'}; t({int(fit.df_resid)})"
    )
    hc3 = Estimate.from_fit(fit, name, se_type="HC3", method=method)
    plain = Estimate.from_fit(conventional, name, se_type="conventional", method=method)
    main, other = (hc3, plain) if hc3.se >= plain.se else (plain, hc3)
    return main.with_alternative(other)


def elasticity_estimate(panel: pd.DataFrame, input_col: str, outcome_col: str = "outcome") -> Estimate:
    """The adjusted slope (controls where the sample allows them, else none), its method stating the
    unadjusted slope, so a record shows both (see :func:`loglog_elasticity` for the inference)."""
    try:
        adjusted = loglog_elasticity(panel, input_col, outcome_col, controls=True)
    except ValueError:
        adjusted = loglog_elasticity(panel, input_col, outcome_col, controls=False)
    raw = loglog_elasticity(panel, input_col, outcome_col, controls=False)
    lo, hi = raw.ci
    return replace(
        adjusted,
        method=f"{adjusted.method}; unadjusted slope {raw.value:.2f} (95% {lo:.2f} to {hi:.2f}, n {raw.n})",
    )


def elasticity_table(panel: pd.DataFrame, inputs: dict[str, str]) -> pd.DataFrame:
    """Unadjusted and adjusted slopes side by side for each ``{label: input column}`` (small-sample inference).

    The adjusted fit is left out where too few reports remain for its controls.
    """
    rows = []
    for label, col in inputs.items():
        for adjusted in (False, True):
            try:
                e = loglog_elasticity(panel, col, controls=adjusted)
            except ValueError:
                continue
            other = next(iter(e.alternatives.values()))
            rows.append(
                {
                    "input": label,
                    "fit": "adjusted" if adjusted else "unadjusted",
                    "specification": e.method,
                    "slope": e.value,
                    "se": e.se,
                    "se type": e.se_type,
                    "ci_low": e.ci[0],
                    "ci_high": e.ci[1],
                    "df": e.df_resid,
                    "n": e.n,
                    "other se type": other.se_type,
                    "other ci_low": other.ci[0],
                    "other ci_high": other.ci[1],
                }
            )
    return pd.DataFrame(rows)


def yuan_per_placement(panel: pd.DataFrame) -> pd.Series:
    """Reported re-employment money (subsidies + loans or guarantee fund) per re-employed/placed person.

    Nominal yuan of each report's year and mixed money definitions: a description, not a like-for-like
    comparison (see :func:`yuan_per_person_by_definition`).
    """
    d = panel.dropna(subset=["money_yuan", "outcome"])
    d = d[d["outcome"] > 0]
    return (d["money_yuan"] / d["outcome"]).rename("yuan_per_placement")


# --------------------------------------------------------------------------- like-for-like yuan per person

#: Definitions of "yuan per person" compared across reports: (money kinds summed, what they are called).
MONEY_DEFINITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "social_insurance_subsidy": (("social_insurance_subsidy",), "social-insurance subsidy"),
    "public_job_subsidy": (("public_job_subsidy",), "public-welfare job subsidy"),
    "training_subsidy": (("training_subsidy",), "training subsidy"),
    "job_introduction_subsidy": (("job_introduction_subsidy",), "job-introduction subsidy"),
    "guarantee_fund": (("guarantee_fund",), "loan-guarantee fund"),
    "loans_issued": (("loans_issued",), "loans issued"),
}


def yuan_per_person_by_definition(
    sources: pd.DataFrame, figures: pd.DataFrame, deflate: Any = None
) -> pd.DataFrame:
    """Money of one kind per person of one definition, in every report that prints both for its own period.

    One row per (report, money definition, people definition): ``yuan`` (nominal), ``people``,
    ``year``, ``yuan_2003`` (deflated with ``deflate(amount, year)``, missing for undated reports) and
    ``yuan_per_person_2003``. Only primary figures whose ``period_kind`` is the report's own
    (``annual`` or ``part_year``) enter, so numerator and denominator share their period.
    """
    period = report_period_kind(sources)
    year = sources.set_index("id")["year"]
    f = figures[figures["primary"]].copy()
    f = f[f["period_kind"].to_numpy() == period.reindex(f["report_id"]).to_numpy()]
    f = f[f["period_kind"].isin(["annual", "part_year"])]
    people = f[f["indicator"].isin(["reemployed", "placed"]) & f["people_def"].notna()]
    people = (
        people.sort_values("indicator", ascending=False).groupby(["report_id", "people_def"])["value"].first()
    )
    rows = []
    for name, (kinds, label) in MONEY_DEFINITIONS.items():
        money = f[f["money_kind"].isin(kinds)].groupby("report_id")["value"].sum()
        for (report_id, people_def), n_people in people.items():
            if report_id not in money.index or n_people <= 0:
                continue
            y = year.get(report_id)
            yuan = float(money[report_id])
            deflated = float(deflate(yuan, int(y))) if deflate is not None and pd.notna(y) else float("nan")
            rows.append(
                {
                    "report_id": report_id,
                    "money_definition": name,
                    "money_label": label,
                    "people_def": people_def,
                    "period_kind": period[report_id],
                    "year": int(y) if pd.notna(y) else None,
                    "yuan": yuan,
                    "people": float(n_people),
                    "yuan_2003": deflated,
                    "yuan_per_person_2003": deflated / n_people,
                }
            )
    return pd.DataFrame(rows)


def comparable_ratio(
    table: pd.DataFrame, focus: str, money_definition: str, people_def: str
) -> dict[str, Any]:
    """``focus``'s yuan per person ÷ the median of the other reports with the same money and people
    definitions (2003 yuan; undated reports cannot be deflated and are left out).

    Returns a dict with ``ratio`` (``None`` when no comparable peer exists), ``n`` peers, ``peers``
    (their ids), ``focus_value``, ``peer_median`` and ``definition`` in words.
    """
    same = table[(table["money_definition"] == money_definition) & (table["people_def"] == people_def)]
    same = same.dropna(subset=["yuan_per_person_2003"])
    mine = same[same["report_id"] == focus]
    peers = same[same["report_id"] != focus]
    label = MONEY_DEFINITIONS[money_definition][1]
    definition = f"{label} per person ({people_def}), same period, 2003 yuan"
    if mine.empty:
        return {
            "ratio": None,
            "n": len(peers),
            "peers": list(peers["report_id"]),
            "focus_value": None,
            "peer_median": None,
            "definition": definition,
        }
    focus_value = float(mine["yuan_per_person_2003"].iloc[0])
    median = float(peers["yuan_per_person_2003"].median()) if len(peers) else None
    return {
        "ratio": focus_value / median if median else None,
        "n": int(len(peers)),
        "peers": sorted(peers["report_id"]),
        "focus_value": focus_value,
        "peer_median": median,
        "definition": definition,
    }


def headline_definition(across: pd.DataFrame) -> str:
    """The money definition with the most comparable peers for which the focus report has a value."""
    have = across.dropna(subset=[across.columns[2]])
    have = have[have["comparable peers"] > 0]
    if have.empty:
        raise ValueError("no money definition has both a value for the focus report and a comparable peer")
    return str(have.sort_values("comparable peers", ascending=False, kind="stable")["key"].iloc[0])


def ratio_across_definitions(table: pd.DataFrame, focus: str, people_def: str) -> pd.DataFrame:
    """:func:`comparable_ratio` for every money definition: how the answer moves with the definition."""
    rows = []
    for name in MONEY_DEFINITIONS:
        r = comparable_ratio(table, focus, name, people_def)
        rows.append(
            {
                "money definition": MONEY_DEFINITIONS[name][1],
                "key": name,
                f"{focus} (2003 yuan per person)": r["focus_value"],
                "comparable peers": r["n"],
                "peer median": r["peer_median"],
                "ratio": r["ratio"],
                "peers": ", ".join(r["peers"]),
            }
        )
    return pd.DataFrame(rows)


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


def ratio_moves(table: pd.DataFrame, panel: pd.DataFrame, focus: str, people_def: str) -> pd.DataFrame:
    """How Jiamusi's ratio to its peers moves across definitions: every like-for-like definition, then two
    that are *not* like with like, flagged, for comparison (its guarantee fund against peers' loans issued;
    all listed money per placement in nominal yuan against every report, the retired headline)."""
    rows = ratio_across_definitions(table, focus, people_def)
    rows["like with like"] = "yes"
    fund = comparable_ratio(table, focus, "guarantee_fund", people_def)["focus_value"]
    loans = table[
        (table["money_definition"] == "loans_issued")
        & (table["people_def"] == people_def)
        & (table["report_id"] != focus)
    ].dropna(subset=["yuan_per_person_2003"])
    ypp = yuan_per_placement(panel)
    others = ypp.drop(focus, errors="ignore")
    proxies = [
        {
            "money definition": "guarantee fund (focus) vs loans issued (peers)",
            "key": "fund_vs_loans",
            rows.columns[2]: fund,
            "comparable peers": len(loans),
            "peer median": float(loans["yuan_per_person_2003"].median()) if len(loans) else None,
            "peers": ", ".join(sorted(loans["report_id"])),
            "like with like": "no: a fund is not the loans it guarantees",
        },
        {
            "money definition": "all listed money per placement, nominal, every report",
            "key": "all_money_nominal",
            rows.columns[2]: float(ypp.get(focus, float("nan"))),
            "comparable peers": len(others),
            "peer median": float(others.median()) if len(others) else None,
            "peers": ", ".join(sorted(others.index)),
            "like with like": "no: mixes loans, funds and subsidies, people definitions, periods and price levels",
        },
    ]
    for p in proxies:
        p["ratio"] = (
            p[rows.columns[2]] / p["peer median"] if p[rows.columns[2]] and p["peer median"] else None
        )
    return pd.concat([rows, pd.DataFrame(proxies)], ignore_index=True)


def reports_and_panel() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first reports (``data/reports``) and the place-year panel (``data/reports/panel``) as one
    ``(sources, figures)`` pair, on the columns both share (the like-for-like comparisons and the money per
    participant use every report whose money, people and period can be matched)."""
    from ..data import panel as report_panel_data
    from ..data import reports

    sources, figures = reports.load()
    p_sources, p_figures = report_panel_data.load_panel()
    if p_sources.empty:
        return sources, figures
    p_figures = p_figures.copy()
    for col in ("subtype", "money_kind", "people_def"):
        p_figures[col] = p_figures[col].replace("", None)
    s_cols = [c for c in sources.columns if c in p_sources.columns]
    f_cols = [
        "report_id",
        "indicator",
        "value",
        "unit",
        "raw",
        "subtype",
        "primary",
        "verified",
        "money_kind",
        "people_def",
        "period_kind",
    ]
    both_s = pd.concat([sources[s_cols], p_sources[s_cols]], ignore_index=True)
    both_f = pd.concat([figures[f_cols], p_figures[f_cols]], ignore_index=True)
    dup = both_s["id"][both_s["id"].duplicated()]
    if len(dup):
        raise ValueError(f"report ids in both data/reports and the panel: {sorted(set(dup))[:5]}")
    return both_s, both_f


# --------------------------------------------------------------------------- money per participant, by lever

#: For each money kind, the people it paid for: (indicator, subtype) of the count printed beside it.
PARTICIPANT_COUNTS: dict[str, tuple[str, str | None]] = {
    "social_insurance_subsidy": ("other", "social_insurance_subsidy_recipients"),
    "public_job_subsidy": ("public_welfare_jobs", None),
    "job_introduction_subsidy": ("job_introduction", None),
    "loans_issued": ("loan_borrowers", None),
}


def money_per_participant(
    sources: pd.DataFrame, figures: pd.DataFrame, money_kind: str, deflate: Any = None
) -> pd.DataFrame:
    """Money of ``money_kind`` per person it paid for, in each report that prints both for the same period.

    The count is the one named in :data:`PARTICIPANT_COUNTS` (for loans: borrowers; for social-insurance
    subsidies: recipients). Only one-year or part-year figures enter (cumulative totals span price levels). Columns: ``yuan``, ``people``, ``year``, ``per_participant`` (nominal) and
    ``per_participant_2003`` (deflated with ``deflate(amount, year)``; missing for undated reports).
    """
    indicator, subtype = PARTICIPANT_COUNTS[money_kind]
    own = figures["period_kind"].isin(["annual", "part_year"])  # one period each: deflatable, like with like
    money = figures[(figures["money_kind"] == money_kind) & figures["primary"] & own]
    people = figures[(figures["indicator"] == indicator) & own]
    if subtype is not None:
        people = people[people["subtype"] == subtype]
    else:
        people = people[people["primary"]]
    year = sources.set_index("id")["year"]
    rows = []
    for (report_id, period), m in money.groupby(["report_id", "period_kind"]):
        p = people[(people["report_id"] == report_id) & (people["period_kind"] == period)]
        if p.empty or p["value"].iloc[0] <= 0:
            continue
        yuan, n = float(m["value"].sum()), float(p["value"].iloc[0])
        y = year.get(report_id)
        per_2003 = float(deflate(yuan, int(y))) / n if deflate is not None and pd.notna(y) else float("nan")
        rows.append(
            {
                "report_id": report_id,
                "money_kind": money_kind,
                "period_kind": period,
                "year": y,
                "yuan": yuan,
                "people": n,
                "per_participant": yuan / n,
                "per_participant_2003": per_2003,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "report_id",
            "money_kind",
            "period_kind",
            "year",
            "yuan",
            "people",
            "per_participant",
            "per_participant_2003",
        ],
    )


def loans_per_fund_yuan(figures: pd.DataFrame) -> pd.DataFrame:
    """Loans issued per yuan put into the guarantee fund, in reports that print both for the same period."""
    f = figures[figures["primary"]]
    loans = f[f["money_kind"] == "loans_issued"].groupby(["report_id", "period_kind"])["value"].sum()
    fund = f[f["money_kind"] == "guarantee_fund"].groupby(["report_id", "period_kind"])["value"].sum()
    both = pd.concat({"loans": loans, "fund": fund}, axis=1).dropna()
    both["loans_per_fund_yuan"] = both["loans"] / both["fund"]
    return both.reset_index()
