"""Facts from public Chinese re-employment reports: load, check, compare with Jiamusi.

Two small tables in ``data/reports/`` hold *facts only* (figures and where they were
printed), never the report texts:

``sources.csv``
    one row per report: place, administrative level, period covered, document type,
    URL, title as given, script, and the counts the extractor evaluation needs
    (``text_chars``, ``n_extracted``, ``n_extracted_true``).
``figures.csv``
    one row per figure: indicator (controlled vocabulary, :data:`INDICATORS`), value
    and unit normalised, the short raw span as printed, its character offsets in the
    looked-up text, whether it was checked against the page, and what
    :func:`analysis.speech.extract_figures` made of that span.

Everything here runs offline from those two files. The helpers feed notebook
``06_reports.ipynb``: the pace of annual plans, log-log regressions of reported
outcomes on reported inputs, and yuan per placement.

The data are self-reports, selected by what a search found and by what each
report chose to print; nothing estimated from them is causal.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from . import paths
from .numbers import parse_figure

__all__ = [
    "INDICATORS",
    "UNITS",
    "SUBSIDY_SUBTYPES",
    "DOC_TYPES",
    "ADMIN_LEVELS",
    "SCRIPTS",
    "SOURCE_COLUMNS",
    "FIGURE_COLUMNS",
    "ReportsDataError",
    "load_sources",
    "load_figures",
    "load",
    "check_parse_back",
    "KNOWN_PARSER_GAPS",
    "parser_gaps",
    "locate",
    "match_extracted",
    "extractor_accuracy",
    "report_panel",
    "plan_pace",
    "percentile_rank",
    "Elasticity",
    "loglog_elasticity",
    "yuan_per_placement",
    "summary_counts",
    "plot_plan_pace",
    "plot_loglog",
    "sources_table_html",
    "accuracy_table_html",
]

SOURCES_CSV: Path = paths.REPORTS_DATA / "sources.csv"
FIGURES_CSV: Path = paths.REPORTS_DATA / "figures.csv"

#: Controlled vocabulary of indicators, with what each means.
INDICATORS: dict[str, str] = {
    "reemployed": "laid-off or unemployed people re-employed (下岗失业人员再就业)",
    "placed": "people placed into jobs (安置, 就业安置), usually laid-off and unemployed together",
    "plan_share_pct": "share of an annual plan or target reached, percent; subtype names the indicator",
    "plan_target": "an annual or multi-year target; subtype names the indicator",
    "new_jobs": "new urban jobs or new urban employment (新增就业 / 新增就业岗位)",
    "trainees_reemployment": "people in re-employment or vocational training of laid-off and unemployed workers",
    "trainees_other": "other training (pre-employment, entrepreneurship, rural transfer, skills); subtype says which",
    "reemployed_after_training": "trainees re-employed after training",
    "loan_amount_yuan": "small guaranteed loans issued (小额担保贷款), yuan",
    "loan_fund_yuan": "money put into the loan-guarantee fund (担保基金), yuan",
    "loan_borrowers": "borrowers or loans (人, 户, 笔) of small guaranteed loans",
    "reemployed_via_loans": "people whose employment the report attributes to the loans (带动就业)",
    "subsidy_yuan": "subsidy money paid, yuan; subtype: social_insurance, public_welfare_job, training, "
                    "job_introduction, loan_interest, other",
    "tax_relief_yuan": "taxes and fees waived, yuan",
    "tax_relief_persons": "people who had taxes and fees waived",
    "public_welfare_jobs": "public-welfare jobs created or people placed in them (公益性岗位)",
    "hard_to_employ_placed": "'4050' or other hard-to-employ people placed",
    "labour_export": "workers sent to work elsewhere (劳务输出 / 转移就业)",
    "job_introduction": "people given job-introduction (placement agency) services",
    "certificates": "re-employment preference certificates issued (再就业优惠证)",
    "unemployment_rate_pct": "registered urban unemployment rate, percent (subtype: target/ceiling if not an outcome)",
    "registered_unemployed": "registered urban unemployed people",
    "laid_off_stock": "laid-off workers on the books",
    "other": "any other quantity printed in the looked-up text; subtype says what",
}

#: Units of ``value``.
UNITS: frozenset[str] = frozenset(
    {"person", "person_time", "yuan", "percent", "percentage_point", "count", "square_metre"}
)

SUBSIDY_SUBTYPES: frozenset[str] = frozenset(
    {"social_insurance", "public_welfare_job", "training", "job_introduction", "loan_interest", "other",
     "social_insurance_cumulative"}
)
DOC_TYPES: frozenset[str] = frozenset({"speech", "work_report", "communique", "news", "other"})
ADMIN_LEVELS: frozenset[str] = frozenset({"province", "prefecture_city", "county_district"})
SCRIPTS: frozenset[str] = frozenset({"simplified", "traditional", "garbled"})

SOURCE_COLUMNS = [
    "id", "place", "admin_level", "province", "year", "month_first", "month_last", "doc_type", "url",
    "title", "looked_up", "script", "text_chars", "n_extracted", "n_extracted_true", "note",
]
FIGURE_COLUMNS = [
    "report_id", "indicator", "value", "unit", "raw", "subtype", "primary", "verified", "start", "end",
    "extractor_found", "extractor_value", "extractor_unit",
]

#: Extracted units that are periods or dates, not amounts; left out of precision.
_NOT_AMOUNT_UNITS = frozenset({"months", "days", "years", "year", "month", "month_range"})


#: Spans printed in real reports that ``analysis.numbers.parse_figure`` does not yet read right,
#: keyed by (report_id, raw): the recorded value is the hand-checked one. The check fails when a
#: listed span starts to parse correctly, so this list shrinks as the parser improves.
KNOWN_PARSER_GAPS: dict[tuple[str, str], str] = {}


class ReportsDataError(ValueError):
    """The reports tables break a rule; the message names the file, row and value."""


# --------------------------------------------------------------------------- schemas


def _sources_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$"), unique=True),
            "place": pa.Column(str),
            "admin_level": pa.Column(str, pa.Check.isin(sorted(ADMIN_LEVELS))),
            "province": pa.Column(str),
            "year": pa.Column("Int64", pa.Check.in_range(1995, 2030), nullable=True),
            "month_first": pa.Column("Int64", pa.Check.in_range(1, 12), nullable=True),
            "month_last": pa.Column("Int64", pa.Check.in_range(1, 12), nullable=True),
            "doc_type": pa.Column(str, pa.Check.isin(sorted(DOC_TYPES))),
            "url": pa.Column(str, pa.Check.str_matches(r"^(https?://|data/)")),
            "title": pa.Column(str, nullable=True),
            "looked_up": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
            "script": pa.Column(str, pa.Check.isin(sorted(SCRIPTS))),
            "text_chars": pa.Column(int, pa.Check.gt(0)),
            "n_extracted": pa.Column(int, pa.Check.ge(0)),
            "n_extracted_true": pa.Column(int, pa.Check.ge(0)),
            "note": pa.Column(str, nullable=True),
        },
        checks=[pa.Check(lambda d: d["n_extracted_true"] <= d["n_extracted"],
                         error="n_extracted_true must not exceed n_extracted")],
        strict=True,
        ordered=True,
    )


def _figures_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "report_id": pa.Column(str),
            "indicator": pa.Column(str, pa.Check.isin(sorted(INDICATORS))),
            "value": pa.Column(float, pa.Check.ge(0)),
            "unit": pa.Column(str, pa.Check.isin(sorted(UNITS))),
            "raw": pa.Column(str, pa.Check.str_length(1, 40)),
            "subtype": pa.Column(str, nullable=True),
            "primary": pa.Column(bool),
            "verified": pa.Column(bool),
            "start": pa.Column(int, pa.Check.ge(0)),
            "end": pa.Column(int, pa.Check.gt(0)),
            "extractor_found": pa.Column(bool),
            "extractor_value": pa.Column(float, nullable=True),
            "extractor_unit": pa.Column(str, nullable=True),
        },
        checks=[pa.Check(lambda d: (d["end"] - d["start"]) == d["raw"].str.len(),
                         error="end - start must equal the length of raw")],
        strict=True,
        ordered=True,
    )


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: it ships with the repository (data/reports/); restore it from git")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _validate(schema: pa.DataFrameSchema, frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases[["column", "check", "index", "failure_case"]].head(10)
        raise ReportsDataError(
            f"{path} breaks its schema (first problems below; rows are 0-based data rows):\n"
            f"{cases.to_string(index=False)}\nFix the file; the vocabulary is in analysis.reports "
            f"and data/reports/README.md."
        ) from None


def load_sources(path: Path | None = None) -> pd.DataFrame:
    """Read and validate ``data/reports/sources.csv``.

    Raises
    ------
    ReportsDataError
        on an unknown document type, level or script, a bad period, a duplicate id ...
    """
    path = path or SOURCES_CSV
    raw = _read_csv(path)
    missing = [c for c in SOURCE_COLUMNS if c not in raw.columns]
    if missing:
        raise ReportsDataError(f"{path}: missing columns {missing}; expected {SOURCE_COLUMNS}")
    frame = raw[SOURCE_COLUMNS].copy() if list(raw.columns) == SOURCE_COLUMNS else raw.copy()
    for col in ("year", "month_first", "month_last"):
        frame[col] = pd.to_numeric(frame[col].replace("", None), errors="coerce").astype("Int64")
    for col in ("text_chars", "n_extracted", "n_extracted_true"):
        frame[col] = _to_int(frame[col], col, path)
    for col in ("title", "note"):
        frame[col] = frame[col].replace("", None)
    return _validate(_sources_schema(), frame, path)


def _to_int(series: pd.Series, col: str, path: Path) -> pd.Series:
    out = pd.to_numeric(series, errors="coerce")
    bad = series[out.isna()]
    if len(bad):
        raise ReportsDataError(f"{path}: column {col!r} must be a whole number; rows {list(bad.index[:5])} "
                               f"hold {list(bad.head(5))}")
    return out.astype(int)


_BOOL = {"true": True, "false": False}


def _to_bool(series: pd.Series, col: str, path: Path) -> pd.Series:
    low = series.str.strip().str.lower()
    bad = low[~low.isin(list(_BOOL))]
    if len(bad):
        raise ReportsDataError(f"{path}: column {col!r} must be true/false; rows {list(bad.index[:5])} hold "
                               f"{list(series[bad.index].head(5))}")
    return low.map(_BOOL).astype(bool)


def load_figures(path: Path | None = None, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and validate ``data/reports/figures.csv`` against its schema and the sources.

    Besides the schema (known indicator, known unit, sensible offsets), every
    ``report_id`` must name a source and every raw span must parse back to its
    value with :func:`analysis.numbers.parse_figure` (see :func:`check_parse_back`).

    Raises
    ------
    ReportsDataError
        naming the file, the row and the offending value.
    """
    path = path or FIGURES_CSV
    raw = _read_csv(path)
    missing = [c for c in FIGURE_COLUMNS if c not in raw.columns]
    if missing:
        raise ReportsDataError(f"{path}: missing columns {missing}; expected {FIGURE_COLUMNS}")
    frame = raw.copy()
    unknown = sorted(set(frame["indicator"]) - set(INDICATORS))
    if unknown:
        rows = list(frame.index[frame["indicator"].isin(unknown)][:5])
        raise ReportsDataError(f"{path}: unknown indicator(s) {unknown} in rows {rows}; "
                               f"known: {sorted(INDICATORS)} (add new ones to analysis.reports.INDICATORS "
                               f"and the README first)")
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    if frame["value"].isna().any():
        rows = list(frame.index[frame["value"].isna()][:5])
        raise ReportsDataError(f"{path}: 'value' is not a number in rows {rows}")
    for col in ("start", "end"):
        frame[col] = _to_int(frame[col], col, path)
    for col in ("primary", "verified", "extractor_found"):
        frame[col] = _to_bool(frame[col], col, path)
    frame["extractor_value"] = pd.to_numeric(frame["extractor_value"].replace("", None), errors="coerce")
    for col in ("subtype", "extractor_unit"):
        frame[col] = frame[col].replace("", None)
    frame = _validate(_figures_schema(), frame[FIGURE_COLUMNS], path)
    sources = load_sources() if sources is None else sources
    orphans = sorted(set(frame["report_id"]) - set(sources["id"]))
    if orphans:
        raise ReportsDataError(f"{path}: report_id(s) {orphans} have no row in sources.csv; add the source "
                               f"or fix the id")
    check_parse_back(frame, path)
    return frame


def check_parse_back(figures: pd.DataFrame, path: Path | str = "figures") -> None:
    """Every raw span must parse back to its recorded value (and unit, when the span names one).

    A span without a unit word (``8.7万``) parses to unit ``number`` and then takes its
    unit from the context recorded by hand.

    Raises
    ------
    ReportsDataError
        listing each row whose span does not parse or parses to another value or unit.
    """
    problems: list[str] = []
    for idx, row in figures.iterrows():
        gap = (row["report_id"], row["raw"]) in KNOWN_PARSER_GAPS
        problem = _parse_back_problem(row)
        if problem and not gap:
            problems.append(f"row {idx} ({row['report_id']}): {problem}")
        elif gap and not problem:
            problems.append(f"row {idx} ({row['report_id']}): {row['raw']!r} now parses back correctly; "
                            f"remove it from analysis.reports.KNOWN_PARSER_GAPS")
    if problems:
        raise ReportsDataError(f"{path}: {len(problems)} raw span(s) do not parse back with analysis.numbers:\n  "
                               + "\n  ".join(problems[:20]))


def _parse_back_problem(row: pd.Series) -> str | None:
    try:
        value, unit, _approx = parse_figure(row["raw"])
    except ValueError as exc:
        return f"{row['raw']!r} does not parse ({exc})"
    if not math.isclose(float(value), float(row["value"]), rel_tol=1e-9, abs_tol=1e-9):
        return f"{row['raw']!r} parses to {value}, but the table says {row['value']}"
    if unit not in ("number", row["unit"]) and not _units_compatible(unit, row["unit"]):
        return f"{row['raw']!r} parses to unit {unit!r}, but the table says {row['unit']!r}"
    return None


def parser_gaps(figures: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``figures`` listed in :data:`KNOWN_PARSER_GAPS`, with the reason."""
    keys = list(zip(figures["report_id"], figures["raw"], strict=True))
    mask = [k in KNOWN_PARSER_GAPS for k in keys]
    out = figures.loc[mask, ["report_id", "raw", "value", "unit", "extractor_value", "extractor_unit"]].copy()
    out["reason"] = [KNOWN_PARSER_GAPS[k] for k, m in zip(keys, mask, strict=True) if m]
    return out


def _units_compatible(parsed: str, recorded: str) -> bool:
    # 个/家/户/项 ... are all "count"; a count of people written with 名/人 stays "person".
    return parsed == "count" and recorded == "count"


def load(directory: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both tables, validated: ``(sources, figures)``."""
    base = directory or paths.REPORTS_DATA
    sources = load_sources(base / "sources.csv")
    figures = load_figures(base / "figures.csv", sources=sources)
    return sources, figures


# --------------------------------------------------------------------------- extractor evaluation


def locate(text: str, raw: str, occurrence: int = 1) -> tuple[int, int]:
    """Offsets of the ``occurrence``-th appearance of ``raw`` in ``text``, not inside a longer number.

    ``5%`` is not found inside ``76.5%``: the character before the span must not be a
    digit or a decimal point.

    Raises
    ------
    ValueError
        if the span does not occur that many times.
    """
    pattern = re.compile(r"(?<![\d.．])" + re.escape(raw))
    for i, m in enumerate(pattern.finditer(text), start=1):
        if i == occurrence:
            return m.start(), m.end()
    raise ValueError(f"{raw!r} occurs fewer than {occurrence} time(s) in the text")


def match_extracted(hand: pd.DataFrame, extracted: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """Compare hand-verified figures with what ``extract_figures`` found in the same text.

    A hand figure is *found* when an extracted amount overlaps its span and has the
    same value. Extracted periods and dates (months, years, ``1-8月``) are not amounts
    and are left out of precision.

    Parameters
    ----------
    hand
        columns ``start``, ``end``, ``value``.
    extracted
        the output of :func:`analysis.speech.extract_figures` on the same text.

    Returns
    -------
    (hand with extractor_found/extractor_value/extractor_unit, n_extracted, n_extracted_true)
        ``n_extracted`` counts extracted amounts; ``n_extracted_true`` those matching a hand figure.
    """
    amounts = extracted[(extracted["kind"] == "amount") & ~extracted["unit"].isin(_NOT_AMOUNT_UNITS)]
    out = hand.copy()
    found, values, units = [], [], []
    true_idx: set[Any] = set()
    for _, h in hand.iterrows():
        overlap = amounts[(amounts["start"] < h["end"]) & (amounts["end"] > h["start"])]
        same = overlap[np.isclose(overlap["value"].astype(float), float(h["value"]), rtol=1e-9, atol=1e-9)]
        if len(same):
            true_idx.add(same.index[0])
            found.append(True)
            values.append(float(same.iloc[0]["value"]))
            units.append(str(same.iloc[0]["unit"]))
        else:
            found.append(False)
            values.append(float(overlap.iloc[0]["value"]) if len(overlap) else np.nan)
            units.append(str(overlap.iloc[0]["unit"]) if len(overlap) else None)
    out["extractor_found"] = found
    out["extractor_value"] = values
    out["extractor_unit"] = units
    return out, int(len(amounts)), int(len(true_idx))


def extractor_accuracy(sources: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Recall and precision of ``extract_figures`` by document, plus an ``ALL`` row (pooled).

    recall = hand figures found / hand figures; precision = extracted amounts that are
    hand figures / extracted amounts. Computed from the stored facts, no text needed.
    """
    per = figures.groupby("report_id").agg(n_hand=("raw", "size"), n_found=("extractor_found", "sum"),
                                           n_unit_ok=("extractor_unit", "size"))
    unit_ok = figures.assign(ok=figures["extractor_found"] & (
        figures["extractor_unit"] == figures["unit"]))
    per["n_unit_ok"] = unit_ok.groupby("report_id")["ok"].sum()
    table = sources.set_index("id")[["script", "n_extracted", "n_extracted_true"]].join(per, how="left")
    table[["n_hand", "n_found", "n_unit_ok"]] = table[["n_hand", "n_found", "n_unit_ok"]].fillna(0).astype(int)
    total = table[["n_extracted", "n_extracted_true", "n_hand", "n_found", "n_unit_ok"]].sum()
    table.loc["ALL"] = ["all", *total.tolist()]
    table["recall"] = table["n_found"] / table["n_hand"].where(table["n_hand"] > 0)
    table["precision"] = table["n_extracted_true"] / table["n_extracted"].where(table["n_extracted"] > 0)
    table["unit_accuracy"] = table["n_unit_ok"] / table["n_found"].where(table["n_found"] > 0)
    table.index.name = "report_id"
    return table


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


# --------------------------------------------------------------------------- charts (static matplotlib)

_JIAMUSI = "jiamusi_2003"
_COLOURS = {"point": "#4C72B0", "jiamusi": "#C44E52", "line": "#555555"}


def plot_plan_pace(pace: pd.DataFrame, ax: Any = None) -> Any:
    """Share of the annual plan reached against share of the year elapsed, with the linear-pace line."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(6, 5))[1]
    others = pace.drop(index=_JIAMUSI, errors="ignore")
    ax.scatter(others["year_share_pct"], others["plan_share_pct"], color=_COLOURS["point"], label="other reports")
    for rid, row in others.iterrows():
        ax.annotate(str(rid), (row["year_share_pct"], row["plan_share_pct"]), fontsize=7,
                    xytext=(3, 3), textcoords="offset points")
    if _JIAMUSI in pace.index:
        j = pace.loc[_JIAMUSI]
        ax.scatter([j["year_share_pct"]], [j["plan_share_pct"]], color=_COLOURS["jiamusi"], s=80, marker="*",
                   label="Jiamusi, Jan–Aug 2003", zorder=3)
    top = max(110.0, float(pace["plan_share_pct"].max()) + 10)
    ax.plot([0, 100], [0, 100], color=_COLOURS["line"], linestyle="--", label="linear pace")
    ax.set_xlim(0, 105)
    ax.set_ylim(0, top)
    ax.set_xlabel("share of the year elapsed (%)")
    ax.set_ylabel("share of the annual plan reached (%)")
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_loglog(panel: pd.DataFrame, input_col: str, label: str, ax: Any = None) -> Any:
    """Reported outcome against a reported input, both on log scales; Jiamusi marked."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(5, 4))[1]
    d = panel.dropna(subset=[input_col, "outcome"])
    d = d[(d[input_col] > 0) & (d["outcome"] > 0)]
    within = d["months"].le(12).fillna(False)
    ax.scatter(d.loc[within, input_col], d.loc[within, "outcome"], color=_COLOURS["point"],
               label="period ≤ 12 months")
    ax.scatter(d.loc[~within, input_col], d.loc[~within, "outcome"], facecolors="none",
               edgecolors=_COLOURS["point"], label="multi-year or undated (not in fit)")
    if _JIAMUSI in d.index:
        ax.scatter([d.loc[_JIAMUSI, input_col]], [d.loc[_JIAMUSI, "outcome"]], color=_COLOURS["jiamusi"],
                   marker="*", s=90, label="Jiamusi", zorder=3)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(label)
    ax.set_ylabel("re-employed or placed (persons)")
    ax.legend(fontsize=7)
    return ax


# --------------------------------------------------------------------------- site tables (mkdocs-macros)


def sources_table_html() -> str:
    """HTML table of the reports (linked), with period, type, script and figures per report."""
    import html

    sources, figures = load()
    n_fig = figures.groupby("report_id").size()
    rows = []
    for _, s in sources.iterrows():
        period = "" if pd.isna(s["month_first"]) else f"{s['month_first']}–{s['month_last']}"
        year = "" if pd.isna(s["year"]) else str(s["year"])
        url = s["url"]
        name = html.escape(s["title"] or s["id"])
        if url.startswith("http"):
            link = f'<a href="{html.escape(url)}" rel="nofollow">{name}</a>'
        else:  # a file in this repository (the Jiamusi speech)
            link = f"{name} (<code>{html.escape(url)}</code>)"
        rows.append(
            f'<tr id="report-{s["id"]}"><td>{s["id"]}</td><td lang="zh-CN">{html.escape(s["place"])}</td>'
            f'<td>{s["admin_level"]}</td><td>{year}</td><td>{period}</td><td>{s["doc_type"]}</td>'
            f'<td>{s["script"]}</td><td class="num">{int(n_fig.get(s["id"], 0))}</td><td lang="zh-CN">{link}</td></tr>'
        )
    head = ("<thead><tr><th>id</th><th>place</th><th>level</th><th>year</th><th>months</th><th>type</th>"
            "<th>script</th><th>figures</th><th>source</th></tr></thead>")
    return f'<div class="table-wrap"><table class="reports">{head}<tbody>{"".join(rows)}</tbody></table></div>'


def accuracy_table_html() -> str:
    """HTML table of the extractor's recall, precision and unit accuracy by report and overall."""
    sources, figures = load()
    acc = extractor_accuracy(sources, figures)

    def pct(x: float) -> str:
        return "–" if pd.isna(x) else f"{100 * x:.0f}%"

    rows = [
        f"<tr><td>{rid}</td><td>{r['script']}</td><td class='num'>{int(r['n_hand'])}</td>"
        f"<td class='num'>{int(r['n_extracted'])}</td><td class='num'>{pct(r['recall'])}</td>"
        f"<td class='num'>{pct(r['precision'])}</td><td class='num'>{pct(r['unit_accuracy'])}</td></tr>"
        for rid, r in acc.iterrows()
    ]
    head = ("<thead><tr><th>report</th><th>script</th><th>hand figures</th><th>extracted amounts</th>"
            "<th>recall</th><th>precision</th><th>unit accuracy</th></tr></thead>")
    return f'<div class="table-wrap"><table class="reports-accuracy">{head}<tbody>{"".join(rows)}</tbody></table></div>'
