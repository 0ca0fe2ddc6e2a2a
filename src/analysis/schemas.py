"""pandera schemas for the columns each analysis uses (types, ranges, allowed values).

Only analysed columns are constrained (``strict=False``): the packages ship more.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from .datasets import DatasetIntegrityError

__all__ = ["SCHEMAS", "validate"]

_binary = pa.Column(int, pa.Check.isin([0, 1]))
_earnings = pa.Column(float, pa.Check.ge(0))

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "jtrain2": pa.DataFrameSchema({
        "train": _binary, "re78": _earnings, "re75": _earnings, "re74": _earnings,
        "age": pa.Column(int, pa.Check.in_range(16, 60)), "educ": pa.Column(int, pa.Check.in_range(0, 20)),
        "black": _binary, "hisp": _binary, "married": _binary, "nodegree": _binary,
    }),
    "jtrain3": pa.DataFrameSchema({
        "train": _binary, "re78": _earnings, "re75": _earnings, "re74": _earnings,
        "age": pa.Column(int, pa.Check.in_range(16, 60)), "educ": pa.Column(int, pa.Check.in_range(0, 20)),
        "black": _binary, "hisp": _binary, "married": _binary, "unem74": _binary, "unem75": _binary,
    }),
    "jtrain98": pa.DataFrameSchema({
        "train": _binary, "earn98": _earnings, "earn96": _earnings, "unem98": _binary, "unem96": _binary,
        "age": pa.Column(int, pa.Check.in_range(16, 70)), "educ": pa.Column(int, pa.Check.in_range(0, 20)),
        "married": _binary,
    }),
    "jtrain": pa.DataFrameSchema({
        "fcode": pa.Column(float), "year": pa.Column(int, pa.Check.isin([1987, 1988, 1989])),
        "grant": _binary, "grant_1": _binary, "d88": _binary, "d89": _binary,
        "scrap": pa.Column(float, pa.Check.ge(0), nullable=True),
        "hrsemp": pa.Column(float, pa.Check.ge(0), nullable=True),
    }),
    "ezunem": pa.DataFrameSchema({
        "city": pa.Column(int, pa.Check.in_range(1, 22)), "year": pa.Column(int, pa.Check.in_range(1980, 1988)),
        "uclms": pa.Column(float, pa.Check.gt(0)), "ez": _binary,
    }),
    "jobs2": pa.DataFrameSchema({
        "treat": _binary, "work1": pa.Column(str, pa.Check.isin(["psyemp", "psyump"])),
        "depress2": pa.Column(float, pa.Check.in_range(1, 5)), "depress1": pa.Column(float, pa.Check.in_range(1, 5)),
        "econ_hard": pa.Column(float, pa.Check.in_range(1, 5)), "age": pa.Column(float, pa.Check.in_range(16, 90)),
        "sex": _binary,
    }),
    "unempdur": pa.DataFrameSchema({
        "spell": pa.Column(int, pa.Check.in_range(1, 30)), "censor1": _binary,
        "ui": pa.Column(str, pa.Check.isin(["yes", "no"])),
        "reprate": pa.Column(float, pa.Check.in_range(0, 2.1)), "disrate": pa.Column(float, pa.Check.in_range(0, 1.1)),
        "logwage": pa.Column(float), "tenure": pa.Column(int, pa.Check.ge(0)),
        "age": pa.Column(int, pa.Check.in_range(16, 70)),
    }),
}


def validate(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Validate the analysed columns of dataset ``name``; raise :class:`DatasetIntegrityError` on failure."""
    schema = SCHEMAS.get(name)
    if schema is None:
        return frame
    try:
        return schema.validate(frame, lazy=True)
    except (SchemaError, SchemaErrors) as exc:
        cases = getattr(exc, "failure_cases", None)
        detail = cases.head(5).to_string(index=False) if cases is not None else str(exc)
        raise DatasetIntegrityError(f"dataset {name!r} breaks its schema (analysis.schemas):\n{detail}") from None
