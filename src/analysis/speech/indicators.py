"""The speech's figures with curated labels (data/annotations.csv) and the indicators derived from them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import paths
from ..text.figures import extract_figures
from ..text.reading import read_text
from .clean import clean_text

__all__ = [
    "ANNOTATION_COLUMNS",
    "CATEGORIES",
    "LEVERS",
    "LEVER_PROGRAMME_TYPES",
    "LEVER_VOCABULARY",
    "NON_LEVER_CATEGORIES",
    "load_annotations",
    "annotate",
    "speech_text",
    "speech_figures",
    "figure_value",
    "listed_money",
    "derived_indicators",
]

# --------------------------------------------------------------------------- annotations

ANNOTATION_COLUMNS = ["raw", "occurrence", "label", "category", "lever", "note"]
CATEGORIES = {"input", "outcome", "context"}
#: The levers the speech funds, in the synthesis's vocabulary, mapped to the programme type of
#: ``data/evidence/effects.csv`` whose evidence applies to them (Card, Kluve & Weber's types).
#: 社保补贴 pays employers' social-insurance contributions for hiring laid-off workers: a
#: private-sector employment subsidy; 职业介绍补贴 pays placement agencies: job-search assistance.
LEVER_PROGRAMME_TYPES: dict[str, str] = {
    "training": "training",
    "wage_subsidy": "private_employment_subsidy",
    "public_jobs": "public_employment",
    "job_search": "job_search_assistance",
    "small_loans": "self_employment_support",
}
#: Vocabulary of the ``lever`` column of ``data/annotations.csv``: the five funded levers,
#: ``big_projects`` (the mall and other investment projects), and three labels for figures
#: that belong to no lever (labour export, social assistance, the administration itself).
LEVERS = set(LEVER_PROGRAMME_TYPES) | {"big_projects"}
NON_LEVER_CATEGORIES = {"labour_export", "social_assistance", "administration"}
LEVER_VOCABULARY = LEVERS | NON_LEVER_CATEGORIES


def load_annotations(path: Path | None = None) -> pd.DataFrame:
    """Read ``data/annotations.csv`` and check its vocabulary."""
    path = path or paths.ANNOTATIONS
    frame = pd.read_csv(path, dtype={"raw": str, "note": str}, keep_default_na=False)
    missing = set(ANNOTATION_COLUMNS) - set(frame.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    bad_cat = set(frame["category"]) - CATEGORIES
    bad_lever = set(frame["lever"]) - LEVER_VOCABULARY
    if bad_cat or bad_lever:
        raise ValueError(
            f"{path}: unknown category {sorted(bad_cat)} or lever {sorted(bad_lever)}; "
            f"categories: {sorted(CATEGORIES)}; levers: {sorted(LEVER_VOCABULARY)} "
            f"(analysis.speech.LEVER_VOCABULARY)"
        )
    return frame


def annotate(figures: pd.DataFrame, annotations: pd.DataFrame | None = None) -> pd.DataFrame:
    """Join labels to figures by raw text and occurrence (1 = first time that span appears).

    Figures without an annotation keep empty label/category/lever.
    """
    annotations = load_annotations() if annotations is None else annotations
    figs = figures.copy()
    figs["occurrence"] = figs.groupby("raw").cumcount() + 1
    out = figs.merge(annotations, on=["raw", "occurrence"], how="left")
    for col in ("label", "category", "lever", "note"):
        out[col] = out[col].fillna("")
    return out


@lru_cache(maxsize=1)
def _speech_text_cached(path: str) -> str:
    return clean_text(read_text(path))


def speech_text() -> str:
    """The cleaned speech body from ``data/raw``."""
    return _speech_text_cached(str(paths.SPEECH_RAW))


def speech_figures() -> pd.DataFrame:
    """Every figure of the speech with its curated label, category and lever."""
    return annotate(extract_figures(speech_text()))


# --------------------------------------------------------------------------- derived indicators


def figure_value(figures: pd.DataFrame, raw: str, occurrence: int = 1) -> float:
    """Value of the figure printed as ``raw`` (its ``occurrence``-th appearance).

    Raises
    ------
    KeyError
        If the speech has no such figure (the annotations and the text disagree).
    """
    hits = figures[figures["raw"] == raw]
    if len(hits) < occurrence:
        raise KeyError(f"the speech has no figure {raw!r} (occurrence {occurrence})")
    return float(hits.iloc[occurrence - 1]["value"])


def listed_money(figures: pd.DataFrame) -> pd.DataFrame:
    """Yuan amounts the city lists as its own re-employment inputs, by lever.

    Big-project investment (a private entrepreneur's money) is excluded: it is not
    re-employment spending.
    """
    labelled = figures if "lever" in figures else annotate(figures)
    money = labelled[
        (labelled["unit"] == "yuan")
        & (labelled["category"] == "input")
        & (labelled["lever"] != "big_projects")
    ]
    return money[["raw", "label", "lever", "value"]].reset_index(drop=True)


def derived_indicators(figures: pd.DataFrame) -> pd.DataFrame:
    """Indicators implied by the speech's figures, each with its formula.

    Returns
    -------
    pandas.DataFrame
        Columns ``key`` (results key), ``indicator``, ``formula``, ``value``, ``unit``.
    """
    placed = figure_value(figures, "27111人")
    share = figure_value(figures, "82.9%")
    trainees_re = figure_value(figures, "7178人")
    trainees_prep = figure_value(figures, "2460人")
    training_money = figure_value(figures, "315万元")
    money = listed_money(figures)["value"].sum()
    rows = [
        ("speech.placements_jan_aug", "People placed, January–August", "27,111 (stated)", placed, "person"),
        ("speech.plan_share_pct", "Share of annual plan reached", "82.9% (stated)", share, "percent"),
        (
            "speech.implied_annual_plan",
            "Implied annual placement plan",
            "27,111 ÷ 0.829",
            placed / (share / 100),
            "person",
        ),
        (
            "speech.listed_money_yuan",
            "Listed re-employment money",
            "1,200万 + 1,000万 + 120万 + 315万 + 143万 yuan",
            money,
            "yuan",
        ),
        (
            "speech.yuan_per_placement",
            "Listed money per placement",
            "listed money ÷ 27,111",
            money / placed,
            "yuan per person",
        ),
        (
            "speech.trainees_reemployment",
            "Re-employment trainees (the people the 315万 paid for)",
            "7,178 (stated)",
            trainees_re,
            "person",
        ),
        (
            "speech.trainees_total",
            "Trainees (re-employment + pre-employment, two programmes)",
            "7,178 + 2,460",
            trainees_re + trainees_prep,
            "person",
        ),
        # The speech ties 再就业培训补贴 315万元 to 再就业培训 7,178 people; the 2,460 劳动预备制
        # trainees are young first-time job seekers in another programme (issue 10, section 1).
        (
            "speech.training_subsidy_per_trainee",
            "Training subsidy per re-employment trainee",
            "315万 yuan ÷ 7,178",
            training_money / trainees_re,
            "yuan per person",
        ),
    ]
    return pd.DataFrame(rows, columns=["key", "indicator", "formula", "value", "unit"])
