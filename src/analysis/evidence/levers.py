"""Participants per lever from the Chinese reports (kept apart from :mod:`analysis.evidence.synthesis`, whose
arithmetic the registry pipeline reuses without reading the reports)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from . import places, synthesis

__all__ = ["participants_by_lever"]


def participants_by_lever(
    money: Mapping[str, float], trainees: float, sources: pd.DataFrame, figures: pd.DataFrame, deflate: Any
) -> pd.DataFrame:
    """Participants per lever: counted in the speech (training) or implied by the median money per
    participant in Chinese reports (2003 yuan where the report is dated), labelled as such.

    For small loans the speech gives guarantee-fund money, not loans: loans = fund × the median loans per
    fund yuan of the reports that print both, then borrowers = loans ÷ the median loan per borrower.
    """
    rows = []
    for lever, (_raw, who, kind) in synthesis.LEVER_MONEY.items():
        row: dict[str, Any] = {
            "lever": lever,
            "money_yuan": money[lever],
            "participants": None,
            "low": None,
            "high": None,
            "reports": "",
            "label": "",
        }
        if kind is None:
            row.update(
                participants=trainees, low=trainees, high=trainees, label=f"{trainees:,.0f} {who} (speech)"
            )
            rows.append(row)
            continue
        per = places.money_per_participant(sources, figures, kind, deflate)
        dated = per.dropna(subset=["per_participant_2003"])
        amounts, basis = (
            (dated["per_participant_2003"], "2003 yuan")
            if len(dated)
            else (per["per_participant"], "nominal yuan of undated reports (not deflated)")
        )
        if amounts.empty:
            row["label"] = (
                f"no Chinese report prints {kind.replace('_', ' ')} money beside the {who} it paid for"
            )
            rows.append(row)
            continue
        spend = money[lever]
        factor_note = ""
        if lever == "small_loans":
            ratio = places.loans_per_fund_yuan(figures)["loans_per_fund_yuan"]
            if ratio.empty:
                row["label"] = "no report prints both guarantee-fund money and loans issued"
                rows.append(row)
                continue
            spend = spend * float(ratio.median())
            factor_note = (
                f"; loans = fund × {ratio.median():.2f} (median loans per fund yuan, {len(ratio)} report(s))"
            )
        central, (low, high) = synthesis.participants_from_reports(spend, amounts)
        ids = list((dated if len(dated) else per)["report_id"])
        row.update(
            participants=central,
            low=low,
            high=high,
            reports=", ".join(ids),
            label=(
                f"about {central:,.0f} {who}: money ÷ median {float(amounts.median()):,.0f} per participant "
                f"({basis}) in {len(amounts)} Chinese report(s) ({', '.join(ids)}); range "
                f"{low:,.0f}–{high:,.0f}{factor_note}"
            ),
        )
        rows.append(row)
    return pd.DataFrame(rows)
