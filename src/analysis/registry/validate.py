"""Validation of a registry file as Ibis expressions: per-item failure counts and a rejects table.

Every rule is one boolean Ibis expression ("this row breaks the rule"). A row that breaks any
rule goes to the rejects table with every reason, ``item: reason`` joined by ``; ``; the other
rows, cast to the schema's types, are the valid table the report uses. Nothing is dropped
silently: every row is either valid or a reject (the tests check ``valid + rejected = rows``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ibis
import pandas as pd

from . import schema

__all__ = ["Rule", "Validation", "rules", "validate"]

_IBIS_TYPE = {"string": "string", "code": "string", "int": "int32", "bool": "boolean", "date": "date"}


@dataclass(frozen=True)
class Rule:
    """One check: the item it is about, the reason shown to people, and the failing-row expression."""

    item: str
    reason: str
    fails: Any  # ibis BooleanValue, true where the row breaks the rule


def _typed(t: Any) -> tuple[dict[str, Any], list[Rule]]:
    """Each item cast to its schema type; a rule for values that do not cast."""
    cols, out = {}, []
    for item in schema.items():
        col = t[item.name]
        want = _IBIS_TYPE[item.type]
        if col.type().copy(nullable=True) == ibis.dtype(want).copy(nullable=True):
            cols[item.name] = col
            continue
        # Numbers cast directly (a float column of whole numbers is fine: pandas writes one when
        # a nullable int has gaps); anything else goes through its text, the same on every engine.
        src = col if col.type().is_numeric() and want == "int32" else col.cast("string")
        typed = src.try_cast(want)
        cols[item.name] = typed
        out.append(Rule(item.name, f"not of type {item.type}", col.notnull() & typed.isnull()))
    return cols, out


def rules(t: Any) -> tuple[dict[str, Any], list[Rule]]:
    """The typed columns of registry table ``t`` and every validation rule on them."""
    c, out = _typed(t)
    for item in schema.items():
        v = c[item.name]
        if not item.nullable:
            out.append(Rule(item.name, "missing", t[item.name].isnull()))
        if item.codes is not None:
            codes = ["true", "false"] if item.type == "bool" else list(item.codes)
            if item.type == "code":
                out.append(
                    Rule(
                        item.name, f"unknown code (allowed: {'|'.join(codes)})", v.notnull() & ~v.isin(codes)
                    )
                )
        if item.pattern is not None:
            out.append(
                Rule(
                    item.name,
                    f"malformed (expected {item.pattern})",
                    v.notnull() & ~v.re_search(item.pattern),
                )
            )
        if item.bounds is not None:
            lo, hi = item.bounds
            out.append(Rule(item.name, f"out of range {lo}..{hi}", v.notnull() & ((v < lo) | (v > hi))))
    # Identity: a worker appears once. Every copy of a duplicated id is rejected (which one is right?).
    dup = c["worker_id"].count().over(group_by=c["worker_id"]) > 1
    out.append(Rule("worker_id", "duplicate id", c["worker_id"].notnull() & dup))
    # Dates in order.
    lo = c["laid_off_date"]
    for item in ("training_start_date", "reemployment_date", "followup_date"):
        out.append(Rule(item, "before laid_off_date", c[item].notnull() & lo.notnull() & (c[item] < lo)))
    out.append(
        Rule(
            "reemployment_date",
            "after followup_date",
            c["reemployment_date"].notnull()
            & c["followup_date"].notnull()
            & (c["reemployment_date"] > c["followup_date"]),
        )
    )
    # Items that go together.
    pairs = (("training_start_date", "training"), ("small_loan_amount", "small_loan"))
    for item, flag in pairs:
        out.append(
            Rule(item, f"given only when {flag} is true", c[item].notnull() & ~c[flag].fill_null(False))
        )
        out.append(
            Rule(item, f"missing although {flag} is true", c[item].isnull() & c[flag].fill_null(False))
        )
    for item in ("reemployment_channel", "employer_type", "contract", "monthly_wage"):
        out.append(
            Rule(item, "given without reemployment_date", c[item].notnull() & c["reemployment_date"].isnull())
        )
        out.append(
            Rule(
                item,
                "missing although reemployment_date is given",
                c[item].isnull() & c["reemployment_date"].notnull(),
            )
        )
    return c, out


@dataclass
class Validation:
    """Result of :func:`validate`: lazy tables plus the (small) failure counts."""

    valid: Any  # ibis Table: typed rows that pass every rule
    rejects: Any  # ibis Table: original rows that fail, with a ``reasons`` column
    failures: pd.DataFrame  # item, reason, n (rows failing that rule), every rule listed
    rows: int
    rejected: int

    @property
    def ok(self) -> bool:
        return self.rejected == 0

    def summary(self) -> str:
        """Failure counts per item, for the command line."""
        lines = [
            f"{self.rows:,} rows, {self.rows - self.rejected:,} valid, {self.rejected:,} rejected (SYNTHETIC data "
            "unless you brought your own file)"
        ]
        bad = self.failures[self.failures["n"] > 0]
        if bad.empty:
            lines.append("every item passes every rule")
        for row in bad.itertuples(index=False):
            lines.append(f"  {row.item:<26} {row.n:>10,}  {row.reason}")
        return "\n".join(lines)


def validate(con: Any, t: Any) -> Validation:
    """Validate registry table ``t`` (on connection ``con``): counts, valid rows and rejects."""
    cols, checks = rules(t)
    flags = {f"_r{i}": rule.fails.fill_null(False) for i, rule in enumerate(checks)}
    checked = t.select(**{f"_raw_{k}": t[k] for k in schema.names()}, **cols, **flags)
    reasons = ibis.literal("")
    for i, rule in enumerate(checks):
        reasons = reasons + ibis.ifelse(checked[f"_r{i}"], f"{rule.item}: {rule.reason}; ", "")
    any_fail = ibis.literal(False)
    for name in flags:
        any_fail = any_fail | checked[name]
    checked = checked.mutate(_reasons=reasons.re_replace(r";\s*$", ""), _bad=any_fail)
    agg = {name: checked[name].cast("int64").sum() for name in flags}
    counts = con.execute(
        checked.aggregate(_rows=checked.count(), _rejected=checked["_bad"].cast("int64").sum(), **agg)
    )
    row = counts.iloc[0]
    failures = pd.DataFrame(
        {
            "item": [r.item for r in checks],
            "reason": [r.reason for r in checks],
            "n": [int(_or0(row[f"_r{i}"])) for i in range(len(checks))],
        }
    )
    rows, rejected = int(row["_rows"]), int(_or0(row["_rejected"]))
    valid = checked.filter(~checked["_bad"]).select(*schema.names())
    rejects = checked.filter(checked["_bad"]).select(
        **{k: checked[f"_raw_{k}"].cast("string") for k in schema.names()}, reasons=checked["_reasons"]
    )
    return Validation(valid=valid, rejects=rejects, failures=failures, rows=rows, rejected=rejected)


def _or0(x: Any) -> float:
    return 0 if x is None or pd.isna(x) else x
