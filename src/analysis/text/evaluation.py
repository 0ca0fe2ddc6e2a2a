"""Scoring the figure extractor against hand-verified figures (recall, precision, unit accuracy)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .figures import NOT_AMOUNT_UNITS

__all__ = [
    "SNAPSHOT_COLUMNS",
    "extractor_accuracy",
    "heldout_scores",
    "locate",
    "match_extracted",
    "score_passage",
    "score_passages",
]


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
    per = figures.groupby("report_id").agg(
        n_hand=("raw", "size"), n_found=("extractor_found", "sum"), n_unit_ok=("extractor_unit", "size")
    )
    unit_ok = figures.assign(ok=figures["extractor_found"] & (figures["extractor_unit"] == figures["unit"]))
    per["n_unit_ok"] = unit_ok.groupby("report_id")["ok"].sum()
    table = sources.set_index("id")[["script", "n_extracted", "n_extracted_true"]].join(per, how="left")
    table[["n_hand", "n_found", "n_unit_ok"]] = (
        table[["n_hand", "n_found", "n_unit_ok"]].fillna(0).astype(int)
    )
    total = table[["n_extracted", "n_extracted_true", "n_hand", "n_found", "n_unit_ok"]].sum()
    table.loc["ALL"] = ["all", *total.tolist()]
    table["recall"] = table["n_found"] / table["n_hand"].where(table["n_hand"] > 0)
    table["precision"] = table["n_extracted_true"] / table["n_extracted"].where(table["n_extracted"] > 0)
    table["unit_accuracy"] = table["n_unit_ok"] / table["n_found"].where(table["n_found"] > 0)
    table.index.name = "report_id"
    return table


# --------------------------------------------------------------------------- out-of-sample snapshot

#: Columns of ``data/reports/extractor_heldout.csv``: one row per gold figure (``gold_present`` true)
#: and one per extracted amount that matched no gold figure (``gold_present`` false).
SNAPSHOT_COLUMNS = [
    "passage_id",
    "split",
    "gold_present",
    "start",
    "end",
    "gold_value",
    "gold_unit",
    "extractor_found",
    "extractor_start",
    "extractor_end",
    "extractor_value",
    "extractor_unit",
    "extractor_version",
    "scored_on",
]


def _same_value(a: float, b: float) -> bool:
    return bool(np.isclose(a, b, rtol=1e-9, atol=1e-9))


def score_passage(gold: pd.DataFrame, extracted: pd.DataFrame) -> pd.DataFrame:
    """Match one passage's gold figures with the amounts ``extract_figures`` returned for it.

    A gold figure is *found* when an extracted amount (``kind == "amount"``, not a period) overlaps its span with
    the same value (relative tolerance 1e-9) **and** the same unit. Each extracted amount matches at
    most one gold figure. Returns one row per gold figure, then one row per unmatched extracted amount
    (``gold_present`` false), with the columns of :data:`SNAPSHOT_COLUMNS` except passage, split,
    version and date.
    """
    amounts = extracted[(extracted["kind"] == "amount") & ~extracted["unit"].isin(NOT_AMOUNT_UNITS)]
    amounts = amounts.reset_index(drop=True)
    used: set[int] = set()
    rows: list[dict[str, Any]] = []
    for g in gold.itertuples(index=False):
        overlap = amounts[(amounts["start"] < g.end) & (amounts["end"] > g.start)]
        hit = next(
            (
                i
                for i, a in overlap.iterrows()
                if i not in used and a["unit"] == g.unit and _same_value(float(a["value"]), float(g.value))
            ),
            None,
        )
        if hit is not None:
            used.add(hit)
        shown = amounts.loc[hit] if hit is not None else (overlap.iloc[0] if len(overlap) else None)
        rows.append(
            {
                "gold_present": True,
                "start": int(g.start),
                "end": int(g.end),
                "gold_value": float(g.value),
                "gold_unit": g.unit,
                "extractor_found": hit is not None,
                "extractor_start": None if shown is None else int(shown["start"]),
                "extractor_end": None if shown is None else int(shown["end"]),
                "extractor_value": np.nan if shown is None else float(shown["value"]),
                "extractor_unit": None if shown is None else str(shown["unit"]),
            }
        )
    for i, a in amounts.iterrows():
        if i not in used:
            rows.append(
                {
                    "gold_present": False,
                    "start": None,
                    "end": None,
                    "gold_value": np.nan,
                    "gold_unit": None,
                    "extractor_found": False,
                    "extractor_start": int(a["start"]),
                    "extractor_end": int(a["end"]),
                    "extractor_value": float(a["value"]),
                    "extractor_unit": str(a["unit"]),
                }
            )
    return pd.DataFrame(rows, columns=SNAPSHOT_COLUMNS[2:12])


def score_passages(
    sources: pd.DataFrame,
    gold: pd.DataFrame,
    texts: Mapping[str, str],
    *,
    split: str,
    scored_on: str,
    extract: Callable[[str], pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Score the extractor on every passage of one ``split``; the rows of the dated snapshot.

    Parameters
    ----------
    sources, gold
        ``extractor_eval_sources.csv`` and ``extractor_eval_gold.csv``.
    texts
        passage id -> passage text (the texts live outside the repository).
    split
        ``"dev"`` or ``"heldout"``.
    scored_on
        ISO date written into every row.
    extract
        the extractor (default :func:`analysis.text.figures.extract_figures`).
    """
    from .figures import EXTRACTOR_VERSION, extract_figures

    extract = extract or extract_figures
    ids = sorted(sources.loc[sources["split"] == split, "passage_id"])
    frames = []
    for pid in ids:
        g = gold[gold["passage_id"] == pid].sort_values("start")
        scored = score_passage(g, extract(texts[pid]))
        scored.insert(0, "split", split)
        scored.insert(0, "passage_id", pid)
        frames.append(scored)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=SNAPSHOT_COLUMNS)
    out["extractor_version"] = EXTRACTOR_VERSION
    out["scored_on"] = scored_on
    return out[SNAPSHOT_COLUMNS]


def heldout_scores(frame: pd.DataFrame, split: str = "heldout") -> dict[str, float | int]:
    """Recall and precision of the extractor from a scored snapshot (``data/reports/extractor_heldout.csv``).

    recall = gold figures found / gold figures; precision = extracted amounts that matched a gold
    figure / extracted amounts (matched gold rows plus the ``gold_present == false`` rows).

    Returns
    -------
    dict
        ``recall``, ``precision``, ``n_gold``, ``n_found``, ``n_extracted``, ``n_passages``.
    """
    part = frame[frame["split"] == split]
    if part.empty:
        raise ValueError(
            f"no rows with split == {split!r} in the snapshot (splits present: "
            f"{sorted(frame['split'].unique())})"
        )
    present = part["gold_present"].astype(str).str.lower().isin(["true", "1"])
    found = part["extractor_found"].astype(str).str.lower().isin(["true", "1"])
    n_gold = int(present.sum())
    n_found = int((present & found).sum())
    n_extracted = n_found + int((~present).sum())
    return {
        "recall": n_found / n_gold if n_gold else float("nan"),
        "precision": n_found / n_extracted if n_extracted else float("nan"),
        "n_gold": n_gold,
        "n_found": n_found,
        "n_extracted": n_extracted,
        "n_passages": int(part["passage_id"].nunique()),
    }
