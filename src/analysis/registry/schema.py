"""The 29-item data dictionary of a laid-off-worker registry, read from ``data/registry/schema.csv``.

One row per item: ``name``, ``label_zh``, ``type`` (``string``, ``code``, ``int``, ``bool``,
``date``), ``allowed`` and ``meaning``. ``allowed`` is written for people and parsed here:

- ``a|b|c``: the allowed codes (``code`` and ``bool`` items);
- ``lo..hi``: an inclusive range (``int`` and ``date`` items);
- ``^...$``: a regular expression (``string`` items);
- a trailing ``or empty``: the item may be missing (null); otherwise it is required.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import pyarrow as pa

from .. import paths

__all__ = ["Item", "SCHEMA_CSV", "N_ITEMS", "items", "names", "arrow_schema", "frame", "IDENTIFIERS"]

SCHEMA_CSV: Path = paths.DATA / "registry" / "schema.csv"
N_ITEMS = 29
#: Items that identify a person or an enterprise: never in a published table.
IDENTIFIERS = ("worker_id", "enterprise_id")

_ARROW = {
    "string": pa.string(),
    "code": pa.string(),
    "int": pa.int32(),
    "bool": pa.bool_(),
    "date": pa.date32(),
}


@dataclass(frozen=True)
class Item:
    """One registry item with its parsed rule."""

    name: str
    label_zh: str
    type: str
    allowed: str
    meaning: str

    @property
    def nullable(self) -> bool:
        return self.allowed.endswith(" or empty")

    @property
    def _rule(self) -> str:
        return self.allowed.removesuffix(" or empty").strip()

    @property
    def codes(self) -> tuple[str, ...] | None:
        """Allowed codes of a ``code`` item (``None`` for other types)."""
        return tuple(self._rule.split("|")) if self.type == "code" else None

    @property
    def pattern(self) -> str | None:
        """Regular expression of a ``string`` item."""
        return self._rule if self.type == "string" else None

    @property
    def bounds(self) -> tuple[int, int] | tuple[dt.date, dt.date] | None:
        """Inclusive range of an ``int`` or ``date`` item."""
        if self.type not in ("int", "date"):
            return None
        lo, hi = self._rule.split("..")
        if self.type == "int":
            return int(lo), int(hi)
        return dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)

    @property
    def arrow_type(self) -> pa.DataType:
        return _ARROW[self.type]


@cache
def items(path: Path = SCHEMA_CSV) -> tuple[Item, ...]:
    """The registry items in file order; checks that there are exactly 29 with known types."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [Item(**row) for row in csv.DictReader(fh)]
    if len(rows) != N_ITEMS:
        raise ValueError(f"{path}: expected {N_ITEMS} registry items, found {len(rows)}")
    for item in rows:
        if item.type not in _ARROW:
            raise ValueError(
                f"{path}: item {item.name!r} has unknown type {item.type!r} (use one of {sorted(_ARROW)})"
            )
        item.bounds  # noqa: B018 - parse now so a malformed range fails here, not mid-query
    return tuple(rows)


def names() -> list[str]:
    """Item names in file order (the registry file's columns)."""
    return [item.name for item in items()]


def arrow_schema() -> pa.Schema:
    """Arrow schema of a registry file, with the Chinese labels as field metadata."""
    return pa.schema(
        [pa.field(i.name, i.arrow_type, nullable=True, metadata={"label_zh": i.label_zh}) for i in items()]
    )


def frame() -> pd.DataFrame:
    """The data dictionary as a table (one row per item), for pages and notebooks."""
    return pd.DataFrame(
        [
            {
                "name": i.name,
                "label_zh": i.label_zh,
                "type": i.type,
                "allowed": i.allowed,
                "meaning": i.meaning,
            }
            for i in items()
        ]
    )


def markdown_table() -> str:
    """The data dictionary as a Markdown table (docs/registry.md carries it; a test keeps them equal)."""
    lines = ["| # | item | 中文 | type | allowed values | meaning |", "|---|---|---|---|---|---|"]
    for n, i in enumerate(items(), 1):
        allowed = i.allowed.replace("|", " \\| ")
        lines.append(f"| {n} | `{i.name}` | {i.label_zh} | {i.type} | {allowed} | {i.meaning} |")
    return "\n".join(lines)
