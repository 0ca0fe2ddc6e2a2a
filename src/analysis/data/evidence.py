"""The evidence tables in ``data/evidence/``: load, check, and deflate yuan to 2003 prices.

Four small tables of facts, each row with the public address it was read from
(``data/evidence/README.md`` says how they were collected and what is missing):

``effects.csv``
    published effects of active labour-market programmes by programme type (the five
    levers the speech funds), horizon, effect and interval as printed, and a ``verified`` flag.
``reemployment_rates_china.csv``
    ministry and survey re-employment rates of laid-off (xiagang) SOE workers, 1998–2002.
``gross_rates_china.csv``
    gross employed-after-training rates reported by Chinese officials (not effects).
``cpi_china.csv``
    national CPI, previous year = 100, used to chain a price index with 2003 = 100.

Every loader validates with pandera and raises :class:`EvidenceDataError` naming the file,
the column and the offending rows.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from .. import paths
from .schemas import validate_table

__all__ = [
    "PROGRAMME_TYPES",
    "ESTIMATE_KINDS",
    "NUMERIC_EFFECT_UNITS",
    "EvidenceDataError",
    "load_effects",
    "load_reemployment_rates",
    "load_gross_rates",
    "load_cpi",
    "price_index",
    "to_2003_yuan",
]

EVIDENCE_DATA: Path = paths.DATA / "evidence"

#: Closed vocabulary of ``effects.programme_type`` (empty = not one of the five levers).
PROGRAMME_TYPES: frozenset[str] = frozenset(
    {
        "training",
        "private_employment_subsidy",
        "public_employment",
        "job_search_assistance",
        "self_employment_support",
    }
)
ESTIMATE_KINDS: frozenset[str] = frozenset(
    {
        "rct",
        "quasi_experimental",
        "observational_duration_model",
        "meta_average",
        "meta_sign_significance",
        "review",
        "gross_rate",
        "range_across_estimators",
        "range_across_countries",
        "range_across_programmes",
    }
)
_QUALITATIVE = {
    "qualitative",
    "qualitative_positive",
    "qualitative_negative",
    "qualitative_null",
    "qualitative_no_effect",
    "qualitative_mixed",
    "qualitative_mostly_null",
}
#: Units whose ``effect`` is a number (the rest state only a direction).
NUMERIC_EFFECT_UNITS: frozenset[str] = frozenset(
    {
        "pp",
        "pct_relative",
        "pct_of_participants",
        "proportion_positive_pct",
        "share_pct_gross",
        "workers_per_participant",
        "hedges_g",
    }
)
EFFECT_UNITS = NUMERIC_EFFECT_UNITS | _QUALITATIVE

EFFECT_COLUMNS = [
    "id",
    "study",
    "year",
    "source_url",
    "doi",
    "page_table",
    "country",
    "setting",
    "programme_type",
    "outcome",
    "horizon_months",
    "effect",
    "effect_unit",
    "ci_low",
    "ci_high",
    "se",
    "estimate_kind",
    "verified",
    "note",
]


class EvidenceDataError(ValueError):
    """An evidence table breaks a rule; the message names the file, the column and the rows."""


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: it ships with the repository (data/evidence/); restore it from git"
        )
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise EvidenceDataError(f"{path}: missing columns {missing}; expected {columns}")
    return frame[columns].replace("", None)


def _numbers(frame: pd.DataFrame, cols: list[str], path: Path) -> pd.DataFrame:
    for col in cols:
        out = pd.to_numeric(frame[col], errors="coerce")
        bad = frame[col].notna() & out.isna()
        if bad.any():
            raise EvidenceDataError(
                f"{path}: column {col!r} must be a number; rows {list(frame.index[bad][:5])} "
                f"hold {list(frame.loc[bad, col].head(5))}"
            )
        frame[col] = out.astype(float)
    return frame


def _bools(frame: pd.DataFrame, col: str, path: Path) -> pd.DataFrame:
    low = frame[col].fillna("").str.strip().str.lower()
    bad = ~low.isin(["true", "false"])
    if bad.any():
        raise EvidenceDataError(
            f"{path}: column {col!r} must be true/false; rows {list(frame.index[bad][:5])}"
        )
    frame[col] = low.eq("true")
    return frame


def _validate(schema: pa.DataFrameSchema, frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    return validate_table(
        schema, frame, path, EvidenceDataError, "See data/evidence/README.md for the vocabulary."
    )


def _effects_schema() -> pa.DataFrameSchema:
    url = pa.Check.str_matches(r"^https?://")
    return pa.DataFrameSchema(
        {
            "id": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$"), unique=True),
            "study": pa.Column(str),
            "year": pa.Column(float, pa.Check.in_range(1950, 2030), nullable=True),  # undated web pages
            "source_url": pa.Column(str, url),
            "doi": pa.Column(object, nullable=True),
            "page_table": pa.Column(str),
            "country": pa.Column(str),
            "setting": pa.Column(str),
            "programme_type": pa.Column(object, pa.Check.isin(sorted(PROGRAMME_TYPES)), nullable=True),
            "outcome": pa.Column(str),
            "horizon_months": pa.Column(float, pa.Check.in_range(0, 240), nullable=True),
            "effect": pa.Column(float, nullable=True),
            "effect_unit": pa.Column(str, pa.Check.isin(sorted(EFFECT_UNITS))),
            "ci_low": pa.Column(float, nullable=True),
            "ci_high": pa.Column(float, nullable=True),
            "se": pa.Column(float, pa.Check.ge(0), nullable=True),
            "estimate_kind": pa.Column(str, pa.Check.isin(sorted(ESTIMATE_KINDS))),
            "verified": pa.Column(bool),
            "note": pa.Column(str),
        },
        checks=[
            pa.Check(
                lambda d: ~(d["effect_unit"].isin(sorted(_QUALITATIVE)) & d["effect"].notna()),
                error="a qualitative row must not carry a number in 'effect'",
            ),
            pa.Check(
                lambda d: ~(d["ci_low"].notna() & d["ci_high"].notna()) | (d["ci_low"] <= d["ci_high"]),
                error="ci_low must not exceed ci_high",
            ),
            pa.Check(
                lambda d: ~(d["verified"] & d["effect"].isna() & d["ci_low"].isna()),
                error="a verified row must carry the number that was verified",
            ),
        ],
        strict=True,
        ordered=True,
    )


def load_effects(path: Path | None = None) -> pd.DataFrame:
    """Read and validate ``data/evidence/effects.csv``.

    Returns
    -------
    pandas.DataFrame
        One row per published estimate (or published direction); numbers as floats, ``verified`` as bool,
        ``programme_type`` ``None`` for rows that are none of the five levers.

    Raises
    ------
    EvidenceDataError
        on an unknown programme type, unit or kind, a number that is not one, a qualitative row with a number ...
    """
    path = path or EVIDENCE_DATA / "effects.csv"
    frame = _read(path, EFFECT_COLUMNS)
    frame = _numbers(frame, ["year", "horizon_months", "effect", "ci_low", "ci_high", "se"], path)
    frame = _bools(frame, "verified", path)
    return _validate(_effects_schema(), frame, path)


def load_reemployment_rates(path: Path | None = None) -> pd.DataFrame:
    """Read and validate ``data/evidence/reemployment_rates_china.csv``.

    Adds ``period_kind``: ``annual`` (a four-digit year), ``part_year`` (``2001H1``),
    ``cumulative_multi_year`` (``1998-2001``), or ``survey_stock`` (a share re-employed at a survey
    date, whatever the spell length), so that only annual flow rates serve as annual baselines.
    """
    path = path or EVIDENCE_DATA / "reemployment_rates_china.csv"
    cols = ["year", "rate_pct", "definition", "source", "source_url", "verified", "note"]
    frame = _numbers(_read(path, cols), ["rate_pct"], path)
    frame = _bools(frame, "verified", path)
    kind = np.select(
        [
            frame["definition"].str.match(r"(?i)survey"),
            frame["year"].str.fullmatch(r"\d{4}"),
            frame["year"].str.fullmatch(r"\d{4}H[12]"),
            frame["year"].str.fullmatch(r"\d{4}-\d{4}(H[12])?"),
        ],
        ["survey_stock", "annual", "part_year", "cumulative_multi_year"],
        default="",
    )
    frame["period_kind"] = kind
    schema = pa.DataFrameSchema(
        {
            "year": pa.Column(str),
            "rate_pct": pa.Column(float, pa.Check.in_range(0, 100)),
            "definition": pa.Column(str),
            "source": pa.Column(str),
            "source_url": pa.Column(str, pa.Check.str_matches(r"^https?://")),
            "verified": pa.Column(bool),
            "note": pa.Column(str, nullable=True),
            "period_kind": pa.Column(
                str,
                pa.Check.isin(["annual", "part_year", "cumulative_multi_year", "survey_stock"]),
                description="derived from the year label",
            ),
        },
        strict=True,
    )
    return _validate(schema, frame, path)


def load_gross_rates(path: Path | None = None) -> pd.DataFrame:
    """Read and validate ``data/evidence/gross_rates_china.csv`` (gross post-training rates: not effects)."""
    path = path or EVIDENCE_DATA / "gross_rates_china.csv"
    cols = ["place", "year", "programme", "rate_pct", "source_url", "verified", "note"]
    frame = _bools(_numbers(_read(path, cols), ["rate_pct"], path), "verified", path)
    schema = pa.DataFrameSchema(
        {
            "place": pa.Column(str),
            "year": pa.Column(object, nullable=True),
            "programme": pa.Column(str),
            "rate_pct": pa.Column(float, pa.Check.in_range(0, 100)),
            "source_url": pa.Column(str, pa.Check.str_matches(r"^https?://")),
            "verified": pa.Column(bool),
            "note": pa.Column(str, nullable=True),
        },
        strict=True,
    )
    return _validate(schema, frame, path)


def load_cpi(path: Path | None = None) -> pd.DataFrame:
    """Read and validate ``data/evidence/cpi_china.csv``: consecutive years, index near 100, a source each."""
    path = path or EVIDENCE_DATA / "cpi_china.csv"
    cols = ["year", "cpi_prev_year_100", "source", "source_url", "verified"]
    frame = _bools(_numbers(_read(path, cols), ["year", "cpi_prev_year_100"], path), "verified", path)
    frame["year"] = frame["year"].astype(int)
    schema = pa.DataFrameSchema(
        {
            "year": pa.Column(int, pa.Check.in_range(1978, 2035), unique=True),
            "cpi_prev_year_100": pa.Column(float, pa.Check.in_range(80, 130)),
            "source": pa.Column(str),
            "source_url": pa.Column(str, pa.Check.str_matches(r"^https?://")),
            "verified": pa.Column(bool),
        },
        checks=[
            pa.Check(
                lambda d: bool((d["year"].sort_values().diff().dropna() == 1).all()),
                error="years must be consecutive (a gap breaks the chain)",
            )
        ],
        strict=True,
    )
    return _validate(schema, frame, path).sort_values("year").reset_index(drop=True)


def price_index(cpi: pd.DataFrame | None = None, base_year: int = 2003) -> pd.Series:
    """Consumer price level by year with ``base_year`` = 100, chained from previous-year = 100 indices.

    ``P[t] = P[t-1] × cpi[t] / 100``, anchored at ``P[base_year] = 100``; backwards,
    ``P[t-1] = P[t] / (cpi[t] / 100)``. The first year's own index (relative to the year before it)
    is not needed.
    """
    cpi = load_cpi() if cpi is None else cpi
    c = cpi.set_index("year")["cpi_prev_year_100"] / 100
    if base_year not in c.index:
        raise EvidenceDataError(
            f"base year {base_year} is outside the CPI table ({c.index.min()}–{c.index.max()})"
        )
    level = {base_year: 100.0}
    for year in range(base_year + 1, int(c.index.max()) + 1):
        level[year] = level[year - 1] * c[year]
    for year in range(base_year, int(c.index.min()), -1):
        level[year - 1] = level[year] / c[year]
    return pd.Series(level, name=f"cpi_{base_year}_100").sort_index()


def to_2003_yuan(
    amount: float | pd.Series, year: int | pd.Series, cpi: pd.DataFrame | None = None
) -> float | pd.Series:
    """Yuan of ``year`` expressed in 2003 yuan (national CPI).

    Raises
    ------
    EvidenceDataError
        if a year is missing or outside the CPI table (say which; undated amounts cannot be deflated).
    """
    level = price_index(cpi)
    years = pd.Series(year) if not np.isscalar(year) else pd.Series([year])
    bad = years[years.isna() | ~years.isin(level.index)]
    if len(bad):
        raise EvidenceDataError(
            f"cannot deflate: year(s) {sorted(set(bad.astype(str)))} not in the CPI table "
            f"({level.index.min()}–{level.index.max()}); undated amounts cannot be compared"
        )
    factor = 100 / level.reindex(years.astype(int)).to_numpy()
    if np.isscalar(year):
        return float(amount * factor[0])
    return amount * pd.Series(factor, index=getattr(amount, "index", None))
