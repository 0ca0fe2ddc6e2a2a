"""pandera schemas for the columns each analysis uses: types, ranges, allowed values.

Only analysed columns are constrained (``strict=False``: the packages ship more). Besides
column checks, some schemas carry frame-level checks that protect an analysis from a silent
change of meaning: group sizes of the NSW samples, earnings in thousands of dollars, derived
columns that must equal their definition (``agesq == age**2``, ``unem74 == (re74 == 0)``).

:func:`validate` is called by :func:`analysis.datasets.load` (``validate=True``, the default).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from .errors import DatasetIntegrityError

__all__ = ["SCHEMAS", "DatasetSchemaError", "validate", "validate_table"]


class DatasetSchemaError(DatasetIntegrityError):
    """A dataset's analysed columns break their schema (type, range, allowed values)."""


def _binary() -> pa.Column:
    return pa.Column(int, pa.Check.isin([0, 1]))


def _earnings_thousands(upper: float) -> pa.Column:
    # Earnings are in thousands of dollars; an upper bound catches a silent switch to dollars.
    return pa.Column(float, pa.Check.in_range(0, upper))


def _age(lo: int, hi: int, dtype: type = int) -> pa.Column:
    return pa.Column(dtype, pa.Check.in_range(lo, hi))


def _group_sizes(treatment: str, treated: int, controls: int) -> pa.Check:
    def check(df: pd.DataFrame) -> bool:
        return int((df[treatment] == 1).sum()) == treated and int((df[treatment] == 0).sum()) == controls

    return pa.Check(
        check, error=f"expected {treated} units with {treatment}=1 and {controls} with {treatment}=0"
    )


_agesq = pa.Check(lambda df: bool((df["agesq"] == df["age"] ** 2).all()), error="agesq must equal age**2")


def _unem_matches_zero_earnings(year: str) -> pa.Check:
    return pa.Check(
        lambda df: bool((df[f"unem{year}"] == (df[f"re{year}"] == 0).astype(int)).all()),
        error=f"unem{year} must be 1 exactly when re{year} == 0",
    )


_NSW_COMMON = {
    "train": _binary(),
    "re74": _earnings_thousands(200),
    "re75": _earnings_thousands(200),
    "re78": _earnings_thousands(200),
    "age": _age(16, 60),
    "educ": pa.Column(int, pa.Check.in_range(0, 20)),
    "black": _binary(),
    "hisp": _binary(),
    "married": _binary(),
    "unem74": _binary(),
    "unem75": _binary(),
    "agesq": pa.Column(int, pa.Check.in_range(16**2, 60**2)),
}

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    # NSW experiment, Dehejia–Wahba subsample: 185 treated, 260 controls.
    "jtrain2": pa.DataFrameSchema(
        {**_NSW_COMMON, "nodegree": _binary()},
        checks=[
            _group_sizes("train", 185, 260),
            _agesq,
            _unem_matches_zero_earnings("74"),
            _unem_matches_zero_earnings("75"),
            pa.Check(
                lambda df: bool((df["nodegree"] == (df["educ"] < 12).astype(int)).all()),
                error="nodegree must be 1 exactly when educ < 12",
            ),
        ],
        name="jtrain2",
    ),
    # The same 185 NSW treated men and 2,490 PSID-1 comparison men.
    "jtrain3": pa.DataFrameSchema(
        dict(_NSW_COMMON),
        checks=[
            _group_sizes("train", 185, 2490),
            _agesq,
            _unem_matches_zero_earnings("74"),
            _unem_matches_zero_earnings("75"),
        ],
        name="jtrain3",
    ),
    "jtrain98": pa.DataFrameSchema(
        {
            "train": _binary(),
            "earn98": _earnings_thousands(200),
            "earn96": _earnings_thousands(200),
            "unem98": _binary(),
            "unem96": _binary(),
            "age": _age(16, 70),
            "educ": pa.Column(int, pa.Check.in_range(0, 20)),
            "married": _binary(),
        },
        name="jtrain98",
    ),
    # Michigan training grants: a firm panel, 1987–1989.
    "jtrain": pa.DataFrameSchema(
        {
            "fcode": pa.Column(float),
            "year": pa.Column(int, pa.Check.isin([1987, 1988, 1989])),
            "grant": _binary(),
            "grant_1": _binary(),
            "d88": _binary(),
            "d89": _binary(),
            "cgrant": pa.Column(int, pa.Check.isin([-1, 0, 1])),
            "scrap": pa.Column(float, pa.Check.gt(0), nullable=True),
            "lscrap": pa.Column(float, nullable=True),
            "hrsemp": pa.Column(float, pa.Check.ge(0), nullable=True),
        },
        checks=[
            pa.Check(
                lambda df: bool(df.groupby("fcode")["year"].nunique().eq(3).all()),
                error="every firm must appear in each of 1987, 1988 and 1989",
            ),
            pa.Check(
                lambda df: bool(
                    np.allclose(
                        df["lscrap"].dropna(), np.log(df.loc[df["lscrap"].notna(), "scrap"]), atol=1e-5
                    )
                ),
                error="lscrap must equal log(scrap)",
            ),
        ],
        name="jtrain",
    ),
    # Indiana enterprise zones: 22 cities × 9 years.
    "ezunem": pa.DataFrameSchema(
        {
            "city": pa.Column(int, pa.Check.in_range(1, 22)),
            "year": pa.Column(int, pa.Check.in_range(1980, 1988)),
            "uclms": pa.Column(float, pa.Check.gt(0)),
            "luclms": pa.Column(float),
            "ez": _binary(),
            "cez": pa.Column(float, pa.Check.isin([0.0, 1.0]), nullable=True),
        },
        checks=[
            pa.Check(lambda df: not df.duplicated(["city", "year"]).any(), error="one row per city and year"),
            pa.Check(
                lambda df: bool(np.allclose(df["luclms"], np.log(df["uclms"]), atol=1e-5)),
                error="luclms must equal log(uclms)",
            ),
        ],
        name="ezunem",
    ),
    # JOBS II (R package mediation): treat is random assignment; work1 is "psyemp"/"psyump".
    "jobs2": pa.DataFrameSchema(
        {
            "treat": _binary(),
            "comply": _binary(),
            "work1": pa.Column(str, pa.Check.isin(["psyemp", "psyump"])),
            "depress2": pa.Column(float, pa.Check.in_range(1, 5)),
            "depress1": pa.Column(float, pa.Check.in_range(1, 5)),
            "econ_hard": pa.Column(float, pa.Check.in_range(1, 5)),
            "age": _age(16, 90, float),
            "sex": _binary(),
        },
        checks=[
            pa.Check(
                lambda df: bool((df["comply"] <= df["treat"]).all()),
                error="only units assigned to the workshop (treat=1) can have comply=1",
            )
        ],
        name="jobs2",
    ),
    # UnempDur (Ecdat): spells in two-week periods; censor1 = re-employed full time.
    "unempdur": pa.DataFrameSchema(
        {
            "spell": pa.Column(int, pa.Check.in_range(1, 30)),
            "censor1": _binary(),
            "ui": pa.Column(str, pa.Check.isin(["yes", "no"])),
            "reprate": pa.Column(float, pa.Check.in_range(0, 2.1)),
            "disrate": pa.Column(float, pa.Check.in_range(0, 1.1)),
            "logwage": pa.Column(float, pa.Check.in_range(0, 10)),
            "tenure": pa.Column(int, pa.Check.ge(0)),
            "age": _age(16, 70),
        },
        name="unempdur",
    ),
}


def validate(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Validate the analysed columns of dataset ``name``.

    Parameters
    ----------
    name
        Dataset name (a key of :data:`SCHEMAS`).
    frame
        The data.

    Returns
    -------
    pandas.DataFrame
        ``frame``, unchanged.

    Raises
    ------
    KeyError
        If there is no schema for ``name``.
    DatasetSchemaError
        Listing the first failing checks (column, check, failing value) of dataset ``name``.
    """
    if name not in SCHEMAS:
        raise KeyError(
            f"no schema for dataset {name!r} in analysis.data.schemas; known: {', '.join(sorted(SCHEMAS))}"
        )
    try:
        return SCHEMAS[name].validate(frame, lazy=True)
    except (SchemaError, SchemaErrors) as exc:
        cases = getattr(exc, "failure_cases", None)
        if isinstance(cases, pd.DataFrame) and not cases.empty:
            cols = [c for c in ("column", "check", "failure_case", "index") if c in cases.columns]
            detail = cases[cols].head(8).to_string(index=False)
            more = f"\n… and {len(cases) - 8} more" if len(cases) > 8 else ""
        else:
            detail, more = str(exc), ""
        raise DatasetSchemaError(
            f"dataset {name!r} breaks its schema (analysis.data.schemas.SCHEMAS[{name!r}]):\n{detail}{more}\n"
            "If the data are right and the schema is wrong, fix the schema; otherwise reinstall the pinned packages."
        ) from None


def validate_table(
    schema: pa.DataFrameSchema, frame: pd.DataFrame, path: Path, error: type[Exception], hint: str
) -> pd.DataFrame:
    """Validate one of the project's own CSV tables; on failure raise ``error`` naming the file, the first
    failure cases (0-based data rows) and ``hint`` (where the vocabulary is), never pandera's traceback."""
    try:
        return schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases[["column", "check", "index", "failure_case"]].head(10)
        raise error(
            f"{path} breaks its schema (first problems below; rows are 0-based data rows):\n"
            f"{cases.to_string(index=False)}\n{hint}"
        ) from None
