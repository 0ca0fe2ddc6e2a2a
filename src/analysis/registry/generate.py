"""Synthetic laid-off-worker registry: 29 items, written to Parquet in chunks.

SYNTHETIC DATA. Nothing here describes a real person. The joint distribution is calibrated to
public figures (see ``data/registry/README.md`` for each source, and which values are
assumptions):

- the speech: 100,948 laid-off workers surveyed on 29 items in 926 enterprises (a city-sized
  file has these counts);
- the labour ministry's report to the NPC Standing Committee (Xinhua, 26 Oct 2002): of 26.11
  million SOE workers laid off from 1998 to mid-2002, 17.26 million (66%) had been re-employed;
  the hazard level is set so that 68% of the synthetic workers laid off before July 2002 are
  re-employed by the end of 2003. The speech's 27,111 placements in January–August 2003 are
  *not* reproduced (the city file has about 11,600 re-employment dates in those months): the
  speech's count may include people outside the surveyed stock, and no single hazard level
  fits both figures. README says so;
- Giles, Park & Cai (2006): older workers and women were hit hardest and re-employed slowest.

Selection into training depends on observables (education, age, sex, 低保, the re-employment
service centre), which also move the re-employment hazard, so a naive comparison of trainees
with others is biased. Training multiplies the hazard by ``hazard_ratio`` (the **planted
effect**), conditional on those observables: the quantity a covariate-adjusted Cox model
estimates. The baseline hazard is piecewise constant on :data:`BANDS_MONTHS`, so a Poisson
(piecewise-exponential) fit on aggregated person-time is also correctly specified.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from tqdm import tqdm  # not tqdm.auto: it warns inside notebooks without ipywidgets

from . import schema

__all__ = [
    "PLANTED_HAZARD_RATIO",
    "CITY_ROWS",
    "CITY_ENTERPRISES",
    "BANDS_MONTHS",
    "FOLLOWUP_END",
    "DAYS_PER_MONTH",
    "generate",
    "generate_table",
    "planted_effect",
    "damaged_copy",
    "file_metadata",
]

#: The generator's true hazard ratio of training (conditional on the observables).
PLANTED_HAZARD_RATIO = 1.25
#: The speech's counts: workers surveyed and enterprises.
CITY_ROWS = 100_948
CITY_ENTERPRISES = 926
#: Start of each piece of the piecewise-constant baseline hazard, in months since lay-off.
BANDS_MONTHS = (0, 6, 12, 24, 36)
#: Baseline monthly hazards on those pieces (declining with duration: long spells are harder to
#: leave), before ``_HAZARD_SCALE``. Shape is an assumption; the level is calibrated.
_BASE_HAZARD = np.array([0.050, 0.035, 0.025, 0.018, 0.012])
#: Calibration: with 1.0, 67.7% of a city-sized file's workers laid off before July 2002 are
#: re-employed by the end of 2003 (the ministry's national figure: 66%, 1998 to mid-2002).
_HAZARD_SCALE = 1.0
DAYS_PER_MONTH = 30.4375
FIRST_LAYOFF = dt.date(1998, 1, 1)
LAST_LAYOFF = dt.date(2003, 11, 30)
FOLLOWUP_END = dt.date(2003, 12, 31)
_EPOCH = dt.date(1970, 1, 1)

# Marginal shares (assumptions where README says so).
_EDUCATION = (
    ("primary", "junior_secondary", "senior_secondary", "vocational", "tertiary"),
    (0.12, 0.45, 0.28, 0.10, 0.05),
)
_SKILL = (("none", "junior", "intermediate", "senior"), (0.60, 0.25, 0.12, 0.03))
_DISTRICT = (("xiangyang", "qianjin", "dongfeng", "jiaoqu", "counties"), (0.30, 0.20, 0.20, 0.10, 0.20))
_SECTOR = (
    ("coal_mining", "forestry", "machinery", "textiles", "food", "commerce", "other"),
    (0.18, 0.12, 0.20, 0.12, 0.10, 0.16, 0.12),
)
#: Age at lay-off: bands and shares (assumption: most laid-off workers were 35-49).
_AGE_BANDS = ((18, 34), (35, 44), (45, 49), (50, 58))
_AGE_SHARES = (0.22, 0.45, 0.18, 0.15)
_FEMALE_SHARE = 0.47
#: Year of lay-off (assumption: the north-east's SOE lay-offs rose towards 2002-2003).
_LAYOFF_YEAR_SHARES = {1998: 0.08, 1999: 0.10, 2000: 0.14, 2001: 0.18, 2002: 0.25, 2003: 0.25}


def planted_effect() -> float:
    """The generator's true (conditional) hazard ratio of training."""
    return PLANTED_HAZARD_RATIO


def _days(d: dt.date) -> int:
    return (d - _EPOCH).days


def _enterprises(n_enterprises: int, seed: int) -> dict[str, np.ndarray]:
    """Enterprise table (sizes, sector, ownership): drawn once per file so chunks agree."""
    rng = np.random.default_rng([seed, 926])
    size = rng.lognormal(0.0, 1.2, n_enterprises)
    return {
        "weight": size / size.sum(),
        "sector": rng.choice(len(_SECTOR[0]), n_enterprises, p=_SECTOR[1]),
        "state": rng.random(n_enterprises) < 0.8,
    }


def _event_months(rng: np.random.Generator, linear_predictor: np.ndarray) -> np.ndarray:
    """Invert the piecewise-exponential cumulative hazard: months from lay-off to re-employment."""
    starts = np.array(BANDS_MONTHS, dtype=float)
    widths = np.diff(np.append(starts, np.inf))
    rates = _BASE_HAZARD * _HAZARD_SCALE
    target = rng.exponential(1.0, linear_predictor.size) / np.exp(linear_predictor)
    t = np.full(target.size, np.inf)
    cum = 0.0
    for lo, width, rate in zip(starts, widths, rates, strict=True):
        inside = np.isinf(t) & (target <= cum + rate * width)
        t[inside] = lo + (target[inside] - cum) / rate
        cum += rate * width
    return t


def _layoff_days(rng: np.random.Generator, rows: int) -> np.ndarray:
    """Lay-off dates: a year drawn with :data:`_LAYOFF_YEAR_SHARES`, then a uniform day within it."""
    years = np.array(sorted(_LAYOFF_YEAR_SHARES))
    year = rng.choice(years, rows, p=np.array([_LAYOFF_YEAR_SHARES[y] for y in years]))
    first = np.array([_days(max(dt.date(y, 1, 1), FIRST_LAYOFF)) for y in years])
    last = np.array([_days(min(dt.date(y, 12, 31), LAST_LAYOFF)) for y in years])
    i = year - years[0]
    return first[i] + np.floor(rng.random(rows) * (last[i] - first[i] + 1)).astype(np.int64)


def _take(codes: tuple[str, ...], index: np.ndarray) -> pa.Array:
    return pc.take(pa.array(codes, pa.string()), pa.array(index))


def _dates(days: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    arr = pa.array(days.astype("int32"), pa.int32(), mask=missing)
    return arr.view(pa.date32())


def generate_table(
    rows: int,
    seed: int,
    *,
    start: int = 0,
    total_rows: int | None = None,
    hazard_ratio: float = PLANTED_HAZARD_RATIO,
) -> pa.Table:
    """One chunk of ``rows`` synthetic registry records (worker ids ``start``, ``start+1``, ...).

    ``total_rows`` (the whole file's size) sets the number of enterprises: 926 for a city-sized
    file, scaled up for larger ones. The same (seed, start) always gives the same chunk.
    """
    total_rows = total_rows or rows
    rng = np.random.default_rng([seed, start])
    n_ent = int(min(99_999, max(CITY_ENTERPRISES, round(CITY_ENTERPRISES * total_rows / CITY_ROWS))))
    ent = _enterprises(n_ent, seed)
    enterprise = rng.choice(n_ent, rows, p=ent["weight"])
    state = ent["state"][enterprise]

    female = rng.random(rows) < _FEMALE_SHARE
    age_band = rng.choice(len(_AGE_BANDS), rows, p=_AGE_SHARES)
    lo = np.array([b[0] for b in _AGE_BANDS])[age_band]
    hi = np.array([b[1] for b in _AGE_BANDS])[age_band]
    age = lo + np.floor(rng.random(rows) * (hi - lo + 1)).astype(int)
    laid_off = _layoff_days(rng, rows)
    laid_off_year = laid_off.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
    birth_year = laid_off_year - age
    status_4050 = (female & (age >= 40)) | (~female & (age >= 50))
    education = rng.choice(5, rows, p=_EDUCATION[1])
    edu_high = education >= 2
    skill = rng.choice(4, rows, p=_SKILL[1])
    dibao = rng.random(rows) < 0.12
    centre = rng.random(rows) < np.where(state, 0.75, 0.30)
    allowance = centre & (rng.random(rows) < 0.95)
    service = np.clip(age - 18 - rng.integers(0, 7, rows), 0, 45)

    # Selection into training on observables (cream-skimming: younger, better educated, in a centre).
    young, older, oldest = age_band == 0, age_band == 2, age_band == 3
    logit = -1.3 + 0.7 * edu_high + 0.4 * young - 0.5 * oldest + 0.3 * female - 0.3 * dibao + 0.6 * centre
    training = rng.random(rows) < 1 / (1 + np.exp(-logit))
    si_subsidy = rng.random(rows) < 0.10
    welfare_job = rng.random(rows) < 0.05
    small_loan = rng.random(rows) < 0.03
    job_intro = rng.random(rows) < 0.30

    lp = (
        np.log(hazard_ratio) * training
        + 0.45 * edu_high
        + 0.25 * young
        - 0.35 * older
        - 0.7 * oldest
        - 0.25 * female
        - 0.35 * dibao
        + 0.2 * (skill > 0)
        + 0.15 * centre
    )
    months = _event_months(rng, lp)
    event_day = laid_off + np.ceil(np.minimum(months, 1e5) * DAYS_PER_MONTH).astype(np.int64)
    end = _days(FOLLOWUP_END)
    lost = rng.random(rows) < 0.08  # moved away or died before the last follow-up
    censor = np.where(
        lost, laid_off + np.floor(rng.random(rows) * (end - laid_off + 1)).astype(np.int64), end
    )
    reemployed = event_day <= censor
    reemp_day = np.where(reemployed, event_day, 0)
    train_start = np.minimum(laid_off + rng.integers(0, 61, rows), end)

    channel = np.where(welfare_job, 2, rng.choice([0, 1, 3], rows, p=[0.55, 0.35, 0.10]))
    employer = np.where(channel == 1, 4, rng.choice(4, rows, p=[0.15, 0.15, 0.60, 0.10]))
    contract = np.where(channel == 1, 0, rng.choice(3, rows, p=[0.4, 0.5, 0.1]))
    wage = np.clip(np.round(rng.lognormal(np.log(450), 0.35, rows), -1), 0, 20_000).astype(np.int32)
    loan = (np.round(rng.uniform(5_000, 20_000, rows), -3)).astype(np.int32)
    status = np.where(
        reemployed,
        np.where(rng.random(rows) < 0.9, 0, 1),
        np.where(
            lost,
            np.where(rng.random(rows) < 0.7, 3, 4),
            np.where(rng.random(rows) < 0.75 - 0.25 * oldest, 1, 2),
        ),
    )

    ids = np.arange(start, start + rows)
    not_re = ~reemployed
    columns = {
        "worker_id": pc.binary_join_element_wise(
            "W", pc.utf8_lpad(pa.array(ids).cast(pa.string()), 9, "0"), ""
        ),
        "enterprise_id": pc.binary_join_element_wise(
            "E", pc.utf8_lpad(pa.array(enterprise + 1).cast(pa.string()), 5, "0"), ""
        ),
        "sex": _take(("male", "female"), female.astype(np.int8)),
        "birth_year": pa.array(birth_year, pa.int32()),
        "education": _take(_EDUCATION[0], education),
        "skill_certificate": _take(_SKILL[0], skill),
        "status_4050": pa.array(status_4050),
        "dibao": pa.array(dibao),
        "district": _take(_DISTRICT[0], rng.choice(5, rows, p=_DISTRICT[1])),
        "enterprise_sector": _take(_SECTOR[0], ent["sector"][enterprise]),
        "enterprise_ownership": _take(("collective", "state"), state.astype(np.int8)),
        "years_of_service": pa.array(service, pa.int32()),
        "laid_off_date": _dates(laid_off),
        "reemployment_centre": pa.array(centre),
        "basic_allowance": pa.array(allowance),
        "training": pa.array(training),
        "training_start_date": _dates(train_start, ~training),
        "social_insurance_subsidy": pa.array(si_subsidy),
        "public_welfare_job": pa.array(welfare_job),
        "small_loan": pa.array(small_loan),
        "small_loan_amount": pa.array(loan, pa.int32(), mask=~small_loan),
        "job_introduction": pa.array(job_intro),
        "reemployment_date": _dates(reemp_day, not_re),
        "reemployment_channel": pc.if_else(
            pa.array(reemployed),
            _take(("employer", "self_employment", "public_welfare_job", "labour_export"), channel),
            pa.scalar(None, pa.string()),
        ),
        "employer_type": pc.if_else(
            pa.array(reemployed),
            _take(("state", "collective", "private", "foreign", "self"), employer),
            pa.scalar(None, pa.string()),
        ),
        "contract": pc.if_else(
            pa.array(reemployed),
            _take(("none", "fixed_term", "open_ended"), contract),
            pa.scalar(None, pa.string()),
        ),
        "monthly_wage": pa.array(wage, pa.int32(), mask=not_re),
        "followup_date": _dates(censor),
        "followup_status": _take(("employed", "seeking", "out_of_labour_force", "moved", "deceased"), status),
    }
    return pa.Table.from_pydict(columns, schema=schema.arrow_schema())


def _metadata(rows: int, seed: int, hazard_ratio: float) -> dict[bytes, bytes]:
    meta = {
        "synthetic": True,
        "rows": rows,
        "seed": seed,
        "planted_hazard_ratio": hazard_ratio,
        "note": "SYNTHETIC laid-off-worker registry generated by analysis.registry; not real people",
    }
    return {b"analysis.registry": json.dumps(meta, sort_keys=True).encode()}


def generate(
    out: str | Path,
    rows: int = CITY_ROWS,
    seed: int = 2003,
    *,
    chunk_rows: int = 500_000,
    hazard_ratio: float = PLANTED_HAZARD_RATIO,
    progress: bool = True,
) -> Path:
    """Write a synthetic registry of ``rows`` workers to the Parquet file ``out``.

    Memory stays bounded by ``chunk_rows`` whatever ``rows`` is: each chunk is drawn, written
    as one row group and dropped. The file's key-value metadata says it is synthetic and holds
    the planted hazard ratio.

    Parameters
    ----------
    out
        Parquet file to write (its folder is created).
    rows
        Number of workers; 100,948 is the speech's city.
    seed
        Seed: the same (rows, seed, chunk_rows) gives the same file.
    chunk_rows
        Rows per chunk (and per Parquet row group).
    hazard_ratio
        Planted effect of training on the re-employment hazard.
    progress
        Show a tqdm progress bar.
    """
    if rows < 1:
        raise ValueError(f"--rows must be at least 1 (got {rows})")
    if hazard_ratio <= 0:
        raise ValueError(f"hazard ratio must be positive (got {hazard_ratio})")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    arrow_schema = schema.arrow_schema().with_metadata(_metadata(rows, seed, hazard_ratio))
    with (
        pq.ParquetWriter(tmp, arrow_schema, compression="zstd") as writer,
        tqdm(
            total=rows, unit="rows", unit_scale=True, desc="synthetic registry", disable=not progress
        ) as bar,
    ):
        for start in range(0, rows, chunk_rows):
            n = min(chunk_rows, rows - start)
            writer.write_table(
                generate_table(n, seed, start=start, total_rows=rows, hazard_ratio=hazard_ratio)
            )
            bar.update(n)
    tmp.replace(out)
    return out


def file_metadata(path: str | Path) -> dict:
    """The generator's metadata of a registry file (empty for a file not made here)."""
    meta = pq.read_schema(path).metadata or {}
    raw = meta.get(b"analysis.registry")
    return json.loads(raw) if raw else {}


#: The faults :func:`damaged_copy` plants, one row each: (row, item, what the validator must say).
DAMAGE = (
    (0, "worker_id", "duplicate id"),
    (1, "worker_id", "duplicate id"),
    (2, "sex", "unknown code"),
    (3, "reemployment_date", "before laid_off_date"),
    (4, "birth_year", "not of type int"),
    (5, "followup_status", "missing"),
    (6, "district", "unknown code"),
)


def damaged_copy(src: str | Path, dst: str | Path) -> Path:
    """Copy a registry file with the faults of :data:`DAMAGE` planted in its first rows.

    ``birth_year`` is rewritten as text (a wrong type for the whole column) with one value that is not
    a number; the other faults are a duplicated id, unknown codes, a re-employment before the lay-off and a
    missing required item. For demonstrating and testing validation.
    """
    t = pq.read_table(src)
    cols = {name: t[name].to_pylist() for name in t.column_names}
    cols["worker_id"][1] = cols["worker_id"][0]
    cols["sex"][2] = "unknown"
    laid = cols["laid_off_date"][3]
    cols["reemployment_date"][3] = laid - dt.timedelta(days=30)
    # The job's details go with the date, so that the only fault of row 3 is the order of dates.
    for item, filler in (
        ("reemployment_channel", "employer"),
        ("employer_type", "private"),
        ("contract", "none"),
        ("monthly_wage", 400),
    ):
        cols[item][3] = cols[item][3] if cols[item][3] is not None else filler
    cols["birth_year"] = [str(v) for v in cols["birth_year"]]
    cols["birth_year"][4] = "nineteen sixty"
    cols["followup_status"][5] = None
    cols["district"][6] = "harbin"
    fields = [pa.field("birth_year", pa.string()) if f.name == "birth_year" else f for f in t.schema]
    out = pa.Table.from_pydict(cols, schema=pa.schema(fields, metadata=t.schema.metadata))
    dst = Path(dst)
    pq.write_table(out, dst)
    return dst
