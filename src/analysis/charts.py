"""Saving charts for the site's Markdown pages (the notebooks' own plots render inline).

PNG files are written without a timestamp or software tag so that two builds give
identical bytes.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from . import paths

#: Where charts used by Markdown pages are written (under docs/, ignored by git).
CHART_DIR = paths.GENERATED / "charts"

#: Colours used across the site, one per lever, fixed so every chart agrees.
LEVER_COLOURS = {
    "training": "#3b6ea8",
    "subsidy": "#c7703a",
    "credit": "#8a5fb0",
    "public_jobs": "#4f9a5b",
    "big_projects": "#b8434f",
    "labour_export": "#6c7a89",
    "social_assistance": "#d1a53b",
    "administration": "#8c8c8c",
}


def save_chart(fig: plt.Figure, name: str) -> Path:
    """Write ``fig`` to ``docs/generated/charts/<name>.png`` (deterministic bytes) and return the path."""
    CHART_DIR.mkdir(parents=True, exist_ok=True)
    path = CHART_DIR / f"{name}.png"
    fig.savefig(path, dpi=150, bbox_inches="tight", metadata={"Software": None})
    return path


def format_table(frame: pd.DataFrame, formats: dict[str, str], index: bool = False) -> pd.DataFrame:
    """A copy of ``frame`` with the named columns formatted as text (e.g. ``{"value": "{:,.0f}"}``).

    Notebooks display this instead of a pandas ``Styler``, whose plain-text form carries a memory
    address and so changes from run to run.
    """
    out = frame.copy()
    for col, fmt in formats.items():
        out[col] = [fmt.format(v) if v == v and v is not None else "–" for v in out[col]]
    return out if index else out.reset_index(drop=True)
