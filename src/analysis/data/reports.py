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
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .. import paths
from ..text.numbers import parse_figure
from .schemas import validate_table

__all__ = [
    "INDICATORS",
    "UNITS",
    "MONEY_KINDS",
    "PEOPLE_DEFS",
    "PERIOD_KINDS",
    "PEOPLE_INDICATORS",
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

# Comparability columns (issue 10, DESIGN §9 "like with like"): closed vocabularies, so that a ratio or a
# fit can select rows whose money, people and period mean the same thing. They replace what ``subtype``
# used to say about subsidies (``social_insurance`` ...) and periods (``cumulative`` ...); ``subtype``
# keeps only free qualifiers (the indicator a plan share refers to, ``headline``, ``one_company`` ...).

#: What a yuan figure counts (required for every ``unit == "yuan"`` row, empty otherwise).
MONEY_KINDS: dict[str, str] = {
    "loans_issued": "small guaranteed loans issued (小额担保贷款发放)",
    "guarantee_fund": "money put into the loan-guarantee fund (担保基金)",
    "subsidies_all": "all re-employment subsidies together, as one printed total",
    "training_subsidy": "re-employment training subsidy (再就业培训补贴)",
    "social_insurance_subsidy": "social-insurance subsidy to employers or the self-employed (社保补贴)",
    "public_job_subsidy": "public-welfare job subsidy (公益性岗位补贴)",
    "job_introduction_subsidy": "job-introduction (placement agency) subsidy (职业介绍补贴)",
    "other": "any other money (tax relief, loan-interest subsidy, unnamed funds ...); subtype says what",
}
#: Whom a count of people counts (required for people indicators, empty for yuan rows).
PEOPLE_DEFS: dict[str, str] = {
    "laid_off_reemployed": "laid-off SOE workers re-employed (下岗职工再就业)",
    "laid_off_and_unemployed_reemployed": "laid-off and unemployed people re-employed or placed (下岗失业人员再就业/安置)",
    "urban_new_jobs": "new urban employment (城镇新增就业)",
    "realname_employment": "employment counted under the real-name system (实名制就业)",
    "hard_to_employ_placed": "'4050' and other hard-to-employ people placed (就业困难人员)",
    "trainees": "people trained",
    "borrowers": "borrowers of small guaranteed loans",
    "other": "any other count of people or jobs",
}
#: What period a figure covers (required for every row).
PERIOD_KINDS: dict[str, str] = {
    "annual": "one calendar year",
    "part_year": "January to a month before December of one year (the report's own period)",
    "cumulative_multi_year": "a total over several years, or since an earlier start",
    "campaign_month": "a campaign (e.g. the re-employment assistance month), not the report's whole period",
}
#: Indicators that count people (or jobs), whose rows must say ``people_def``.
PEOPLE_INDICATORS: frozenset[str] = frozenset(
    {
        "reemployed",
        "placed",
        "new_jobs",
        "trainees_reemployment",
        "trainees_other",
        "reemployed_after_training",
        "loan_borrowers",
        "reemployed_via_loans",
        "tax_relief_persons",
        "public_welfare_jobs",
        "hard_to_employ_placed",
        "labour_export",
        "job_introduction",
        "certificates",
        "registered_unemployed",
        "laid_off_stock",
    }
)
#: ``subtype`` values retired in favour of the comparability columns (the check rejects them).
_RETIRED_SUBTYPES = frozenset(
    {
        "social_insurance",
        "public_welfare_job",
        "training",
        "job_introduction",
        "social_insurance_cumulative",
        "cumulative",
        "two_year_total",
        "five_year_cumulative",
        "assistance_month",
        "real_name_employment",
    }
)
DOC_TYPES: frozenset[str] = frozenset({"speech", "work_report", "communique", "news", "other"})
ADMIN_LEVELS: frozenset[str] = frozenset({"province", "prefecture_city", "county_district"})
SCRIPTS: frozenset[str] = frozenset({"simplified", "traditional", "garbled"})

SOURCE_COLUMNS = [
    "id",
    "place",
    "admin_level",
    "province",
    "year",
    "month_first",
    "month_last",
    "doc_type",
    "url",
    "title",
    "looked_up",
    "script",
    "text_chars",
    "n_extracted",
    "n_extracted_true",
    "note",
]
FIGURE_COLUMNS = [
    "report_id",
    "indicator",
    "value",
    "unit",
    "raw",
    "subtype",
    "primary",
    "verified",
    "start",
    "end",
    "extractor_found",
    "extractor_value",
    "extractor_unit",
    "money_kind",
    "people_def",
    "period_kind",
]


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
        checks=[
            pa.Check(
                lambda d: d["n_extracted_true"] <= d["n_extracted"],
                error="n_extracted_true must not exceed n_extracted",
            )
        ],
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
            "money_kind": pa.Column(object, pa.Check.isin(sorted(MONEY_KINDS)), nullable=True),
            "people_def": pa.Column(object, pa.Check.isin(sorted(PEOPLE_DEFS)), nullable=True),
            "period_kind": pa.Column(str, pa.Check.isin(sorted(PERIOD_KINDS))),
        },
        checks=[
            pa.Check(
                lambda d: (d["end"] - d["start"]) == d["raw"].str.len(),
                error="end - start must equal the length of raw",
            ),
            pa.Check(
                lambda d: d["money_kind"].notna() == (d["unit"] == "yuan"),
                error="money_kind is required for yuan rows and only for them",
            ),
            pa.Check(
                lambda d: ~(d["indicator"].isin(sorted(PEOPLE_INDICATORS)) & d["people_def"].isna()),
                error="people_def is required for indicators that count people",
            ),
            pa.Check(
                lambda d: ~((d["unit"] == "yuan") & d["people_def"].notna()),
                error="a yuan row has no people_def",
            ),
            pa.Check(
                lambda d: ~d["subtype"].isin(sorted(_RETIRED_SUBTYPES)),
                error="this subtype now lives in money_kind / people_def / period_kind",
            ),
        ],
        strict=True,
        ordered=True,
    )


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: it ships with the repository (data/reports/); restore it from git"
        )
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _validate(schema: pa.DataFrameSchema, frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    hint = "Fix the file; the vocabulary is in analysis.data.reports and data/reports/README.md."
    return validate_table(schema, frame, path, ReportsDataError, hint)


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
        raise ReportsDataError(
            f"{path}: column {col!r} must be a whole number; rows {list(bad.index[:5])} "
            f"hold {list(bad.head(5))}"
        )
    return out.astype(int)


_BOOL = {"true": True, "false": False}


def _to_bool(series: pd.Series, col: str, path: Path) -> pd.Series:
    low = series.str.strip().str.lower()
    bad = low[~low.isin(list(_BOOL))]
    if len(bad):
        raise ReportsDataError(
            f"{path}: column {col!r} must be true/false; rows {list(bad.index[:5])} hold "
            f"{list(series[bad.index].head(5))}"
        )
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
        raise ReportsDataError(
            f"{path}: unknown indicator(s) {unknown} in rows {rows}; "
            f"known: {sorted(INDICATORS)} (add new ones to analysis.data.reports.INDICATORS "
            f"and the README first)"
        )
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    if frame["value"].isna().any():
        rows = list(frame.index[frame["value"].isna()][:5])
        raise ReportsDataError(f"{path}: 'value' is not a number in rows {rows}")
    for col in ("start", "end"):
        frame[col] = _to_int(frame[col], col, path)
    for col in ("primary", "verified", "extractor_found"):
        frame[col] = _to_bool(frame[col], col, path)
    frame["extractor_value"] = pd.to_numeric(frame["extractor_value"].replace("", None), errors="coerce")
    for col in ("subtype", "extractor_unit", "money_kind", "people_def"):
        frame[col] = frame[col].replace("", None)
    frame = _validate(_figures_schema(), frame[FIGURE_COLUMNS], path)
    sources = load_sources() if sources is None else sources
    orphans = sorted(set(frame["report_id"]) - set(sources["id"]))
    if orphans:
        raise ReportsDataError(
            f"{path}: report_id(s) {orphans} have no row in sources.csv; add the source or fix the id"
        )
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
        problem = parse_back_problem(row)
        if problem and not gap:
            problems.append(f"row {idx} ({row['report_id']}): {problem}")
        elif gap and not problem:
            problems.append(
                f"row {idx} ({row['report_id']}): {row['raw']!r} now parses back correctly; "
                f"remove it from analysis.data.reports.KNOWN_PARSER_GAPS"
            )
    if problems:
        raise ReportsDataError(
            f"{path}: {len(problems)} raw span(s) do not parse back with analysis.numbers:\n  "
            + "\n  ".join(problems[:20])
        )


def parse_back_problem(row: pd.Series) -> str | None:
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


_parse_back_problem = parse_back_problem  # the name panel-batch scripts outside the package call
