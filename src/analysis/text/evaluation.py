"""Scoring the figure extractor against hand-verified figures (recall, precision, unit accuracy)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from .figures import NOT_AMOUNT_UNITS

__all__ = ["locate", "match_extracted", "extractor_accuracy"]



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
    amounts = extracted[(extracted["kind"] == "amount") & ~extracted["unit"].isin(NOT_AMOUNT_UNITS)]
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


