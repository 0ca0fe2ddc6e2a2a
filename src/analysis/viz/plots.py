"""Every chart of the package, in one place, drawn with one style file (``analysis.mplstyle``).

PNG files are written without a timestamp or software tag so that two builds give identical bytes.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.ticker import MaxNLocator

from .. import paths

#: The package's one matplotlib style: sizes legible at 390 px, a CJK fallback font, quiet axes.
STYLE_FILE = Path(__file__).with_name("analysis.mplstyle")
#: Noto Sans CJK SC (SIL Open Font Licence) as shipped by the PyPI package ``mplfonts``; the
#: package also ships SimHei, which is not freely licensed and is deliberately not registered.
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"


def cjk_font_path() -> Path | None:
    """Path of the Noto Sans CJK SC file installed by ``mplfonts``, or ``None`` if it is not installed."""
    spec = importlib.util.find_spec("mplfonts")  # locate without importing (its import pulls a CLI)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / CJK_FONT_FILE
    return path if path.exists() else None


def use_style() -> None:
    """Register the CJK font with matplotlib's font manager and apply :data:`STYLE_FILE`.

    Called on import, so every chart drawn after ``import analysis.viz`` uses it.
    """
    font = cjk_font_path()
    if font is not None and str(font) not in {f.fname for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(font))
    plt.style.use(STYLE_FILE)


use_style()

#: Where charts used by Markdown pages are written (under docs/, ignored by git).
CHART_DIR = paths.GENERATED / "charts"

#: Colours used across the site, one per lever, fixed so every chart agrees.
LEVER_COLOURS = {
    "training": "#3b6ea8",
    "wage_subsidy": "#c7703a",
    "job_search": "#2a9d8f",
    "small_loans": "#8a5fb0",
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


def plot_balance(table: pd.DataFrame, title: str) -> plt.Figure:
    """Love plot of standardised mean differences before (raw) and after weighting."""
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(table) + 1.4))
    y = np.arange(len(table))[::-1]
    ax.scatter(table["smd_raw"], y, color="#b8434f", label="before (raw)", zorder=3)
    if "smd_weighted" in table:
        ax.scatter(table["smd_weighted"], y, color="#3b6ea8", marker="s", label="after weighting", zorder=3)
    ax.axvline(0, color="black", lw=0.8)
    for x in (-0.1, 0.1):
        ax.axvline(x, color="grey", lw=0.6, ls="--")
    ax.set_yticks(y, table["covariate"])
    ax.set_xlabel("standardised mean difference (treated − comparison)")
    ax.set_title(title)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def forest_panels(rows: pd.DataFrame, title: str, references: dict[str, float] | None = None) -> plt.Figure:
    """Forest plot with one panel per unit of measurement.

    Parameters
    ----------
    rows
        Columns ``panel`` (the panel's x-axis label, e.g. ``"USD per year"``), ``label``,
        ``value``, ``ci_low``, ``ci_high``; panels appear in order of first appearance.
    title
        Figure title.
    references
        Panel -> value drawn as a dashed line (e.g. the experimental benchmark).
    """
    panels = list(dict.fromkeys(rows["panel"]))
    heights = [max(len(rows[rows["panel"] == p]), 1) + 1.2 for p in panels]
    fig, axes = plt.subplots(
        len(panels),
        1,
        figsize=(7.5, 0.42 * sum(heights) + 0.8),
        gridspec_kw={"height_ratios": heights},
        squeeze=False,
    )
    for ax, panel in zip(axes[:, 0], panels, strict=True):
        part = rows[rows["panel"] == panel]
        y = np.arange(len(part))[::-1]
        est = part["value"].to_numpy(float)
        ax.errorbar(
            est,
            y,
            xerr=[est - part["ci_low"].to_numpy(float), part["ci_high"].to_numpy(float) - est],
            fmt="o",
            color="#3b6ea8",
            ecolor="#3b6ea8",
            capsize=3,
        )
        ax.axvline(0, color="black", lw=0.8)
        if references and panel in references:
            ax.axvline(references[panel], color="#4f9a5b", lw=1, ls="--", label="experimental benchmark")
            ax.legend(frameon=False, loc="lower left", fontsize="small")
        ax.set_yticks(y, part["label"])
        ax.set_ylim(-0.7, len(part) - 0.3)
        ax.set_xlabel(panel)
        ax.xaxis.set_major_locator(MaxNLocator(5))  # the axes are narrow: more ticks overlap
        ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_coefficients(estimates: Mapping[str, Any], xlabel: str, title: str) -> plt.Figure:
    """Coefficients (:class:`~analysis.estimates.result.Estimate`) with their main (thick) and alternative,
    e.g. clustered, (thin) 95% intervals."""
    fig, ax = plt.subplots(figsize=(7, 0.55 * len(estimates) + 1.3))
    labels = list(estimates)
    y = np.arange(len(labels))[::-1]
    for yi, label in zip(y, labels, strict=True):
        e = estimates[label]
        for alt in e.alternatives.values():
            ax.hlines(yi, *alt.ci, color="#c7703a", lw=1)
        ax.hlines(yi, *e.ci, color="#3b6ea8", lw=3)
        ax.plot(e.value, yi, "o", color="black")
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, labels)
    ax.set_xlabel(xlabel)
    ax.set_title(title + "\n(thick: conventional 95% CI; thin: clustered)")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def plot_event_study(table: pd.DataFrame, ylabel: str, title: str) -> plt.Figure:
    """Event-study coefficients with 95% intervals (reference period −1)."""
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.errorbar(
        table["event_time"],
        table["coef"],
        yerr=[table["coef"] - table["ci_low"], table["ci_high"] - table["coef"]],
        fmt="o-",
        color="#3b6ea8",
        capsize=3,
    )
    ax.axhline(0, color="black", lw=0.8)
    ax.axvline(-0.5, color="grey", ls="--", lw=0.8)
    ax.set_xlabel("years since designation (end points binned)")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def plot_km(groups: Mapping[str, Any], labels: dict[str, str], xlabel: str, title: str) -> plt.Figure:
    """Share still without a job over time, by group, with confidence bands (lifelines Kaplan–Meier fits)."""
    fig, ax = plt.subplots(figsize=(7, 4))
    colours = ["#3b6ea8", "#c7703a", "#4f9a5b", "#8a5fb0"]
    for (key, g), colour in zip(groups.items(), colours, strict=False):
        g.plot_survival_function(
            ax=ax, color=colour, label=f"{labels.get(key, key)} (n={len(g.durations):,})"
        )
    ax.set_xlabel(xlabel)
    ax.set_ylabel("share not yet re-employed")
    ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def plot_peer_strip(others: pd.Series, jiamusi: float, xlabel: str) -> plt.Figure:
    """Strip plot of other reports' values (log scale) with Jiamusi and the median marked."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 2.6))
    ax.scatter(others.to_numpy(), np.zeros(len(others)), color="#8c8c8c", alpha=0.8, label="other reports")
    ax.scatter([jiamusi], [0], color="#b8434f", s=80, zorder=3, label="Jiamusi 2003")
    ax.axvline(float(others.median()), color="black", lw=0.8, ls=":", label="median of others")
    ax.set_xscale("log")
    ax.set_yticks([])
    ax.set_xlabel(xlabel)
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    ax.spines[["top", "right", "left"]].set_visible(False)
    fig.tight_layout()
    return fig


def plot_mde_curves(
    individual: pd.DataFrame, clustered: pd.DataFrame, n_total: int, icc_label: str
) -> plt.Figure:
    """MDE against the treated share, for individual and clustered assignment.

    ``individual`` and ``clustered`` are :func:`analysis.evidence.synthesis.mde_curve` tables
    (columns ``treated_share``, ``mde_pp``).
    """
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.plot(
        100 * individual["treated_share"],
        individual["mde_pp"],
        color="#3b6ea8",
        label="individual assignment",
    )
    ax.plot(
        100 * clustered["treated_share"],
        clustered["mde_pp"],
        color="#c7703a",
        label=f"enterprise assignment ({icc_label})",
    )
    ax.set_xlabel("share of the registry offered the programme (%)")
    ax.set_ylabel("minimum detectable effect (pp)")
    ax.set_title(f"Registry of {n_total:,}: minimum detectable effect on 12-month re-employment")
    ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- charts (static matplotlib)

_JIAMUSI = "jiamusi_2003"
_COLOURS = {"point": "#4C72B0", "jiamusi": "#C44E52", "line": "#555555"}


def plot_plan_pace(pace: pd.DataFrame, ax: Any = None) -> Any:
    """Share of the annual plan reached against share of the year elapsed, with the linear-pace line."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(6, 5))[1]
    others = pace.drop(index=_JIAMUSI, errors="ignore")
    ax.scatter(
        others["year_share_pct"], others["plan_share_pct"], color=_COLOURS["point"], label="other reports"
    )
    for rid, row in others.iterrows():
        ax.annotate(
            str(rid),
            (row["year_share_pct"], row["plan_share_pct"]),
            fontsize=7,
            xytext=(3, 3),
            textcoords="offset points",
        )
    if _JIAMUSI in pace.index:
        j = pace.loc[_JIAMUSI]
        ax.scatter(
            [j["year_share_pct"]],
            [j["plan_share_pct"]],
            color=_COLOURS["jiamusi"],
            s=80,
            marker="*",
            label="Jiamusi, Jan–Aug 2003",
            zorder=3,
        )
    top = max(110.0, float(pace["plan_share_pct"].max()) + 10)
    ax.plot([0, 100], [0, 100], color=_COLOURS["line"], linestyle="--", label="linear pace")
    ax.set_xlim(0, 105)
    ax.set_ylim(0, top)
    ax.set_xlabel("share of the year elapsed (%)")
    ax.set_ylabel("share of the annual plan reached (%)")
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_loglog(panel: pd.DataFrame, input_col: str, label: str, ax: Any = None) -> Any:
    """Reported outcome against a reported input, both on log scales; Jiamusi marked."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(5, 4))[1]
    d = panel.dropna(subset=[input_col, "outcome"])
    d = d[(d[input_col] > 0) & (d["outcome"] > 0)]
    within = d["months"].le(12).fillna(False)
    ax.scatter(
        d.loc[within, input_col],
        d.loc[within, "outcome"],
        color=_COLOURS["point"],
        label="period ≤ 12 months",
    )
    ax.scatter(
        d.loc[~within, input_col],
        d.loc[~within, "outcome"],
        facecolors="none",
        edgecolors=_COLOURS["point"],
        label="multi-year or undated (not in fit)",
    )
    if _JIAMUSI in d.index:
        ax.scatter(
            [d.loc[_JIAMUSI, input_col]],
            [d.loc[_JIAMUSI, "outcome"]],
            color=_COLOURS["jiamusi"],
            marker="*",
            s=90,
            label="Jiamusi",
            zorder=3,
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(label)
    ax.set_ylabel("re-employed or placed (persons)")
    ax.legend(fontsize=7)
    return ax


def plot_place_paths(
    frame: pd.DataFrame,
    value: str,
    highlight: str,
    ylabel: str,
    title: str,
    emphasis: frozenset[str] | set[str] = frozenset(),
    emphasis_label: str = "",
) -> plt.Figure:
    """Each place's reported ``value`` over the years it reports (log scale), ``highlight`` in red.

    ``frame`` has columns ``place``, ``year`` and ``value``; places seen in one year only are drawn as
    dots. Places in ``emphasis`` (e.g. the highlighted place's peers) are drawn darker than the rest
    and named in the legend as ``emphasis_label``; every path of two or more years carries its place
    name (Chinese, as given) at its last point, and so does the highlighted place.
    """
    d = frame.dropna(subset=[value]).sort_values(["place", "year"])
    fig, ax = plt.subplots(figsize=(8, 4.8))
    styles = {
        "highlight": {"color": "#b8434f", "lw": 2.4, "ms": 6, "zorder": 4},
        "emphasis": {"color": "#3d5a80", "lw": 1.5, "ms": 4, "zorder": 3},
        "rest": {"color": "#b4bcc6", "lw": 1, "ms": 3, "zorder": 2},
    }
    labels = {"highlight": str(highlight), "emphasis": emphasis_label, "rest": "elsewhere in China"}
    labelled: set[str] = set()
    for place, part in d.groupby("place", sort=True):
        kind = "highlight" if place == highlight else "emphasis" if place in emphasis else "rest"
        ax.plot(
            part["year"],
            part[value],
            "o-" if len(part) > 1 else "o",
            label=labels[kind] if labels[kind] and kind not in labelled else None,
            **styles[kind],
        )
        labelled.add(kind)
        if len(part) > 1 or kind == "highlight":
            last = part.iloc[-1]
            ax.annotate(
                str(place),
                (last["year"], last[value]),
                xytext=(4, 0),
                textcoords="offset points",
                fontsize=8 if kind != "rest" else 7,
                color=styles[kind]["color"] if kind != "rest" else "#6b7682",
                va="center",
            )
    ax.set_yscale("log")
    ax.set_xlabel("year")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, fontsize=8, loc="best")
    fig.tight_layout()
    return fig


def add_source(fig: plt.Figure, source: str) -> plt.Figure:
    """A source line under the chart, in small grey type (where the numbers come from, in words)."""
    fig.text(0.01, 0.01, f"Source: {source}", fontsize=7, color="#6b7682", ha="left", va="bottom")
    fig.tight_layout(rect=(0, 0.045, 1, 1))
    return fig
