"""Chart of notebook 07 (drawn from the published, disclosure-controlled table only).

Kept here rather than in :mod:`analysis.viz.plots` while the registry is new; it uses the same
conventions (labelled axes, no top/right spines, sample sizes in the legend).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

__all__ = ["plot_km_by_programme"]

_LABELS = {
    "training": "training",
    "social_insurance_subsidy": "social-insurance subsidy",
    "public_welfare_job": "public-welfare job",
    "small_loan": "small loan",
    "job_introduction": "job introduction",
    "none": "none of the five",
}


def plot_km_by_programme(km: pd.DataFrame, title: str) -> plt.Figure:
    """Share not yet re-employed against months since lay-off, one step curve per programme group."""
    fig, ax = plt.subplots(figsize=(7, 4))
    for programme, g in km.groupby("programme", sort=True):
        x = [0.0, *g["month_to"].tolist()]
        y = [1.0, *g["survival"].tolist()]
        n = int(g["at_risk_n"].iloc[0])
        ax.step(x, y, where="post", label=f"{_LABELS.get(programme, programme)} (n={n:,})")
    ax.set_xlabel("months since lay-off")
    ax.set_ylabel("share not yet re-employed")
    ax.set_ylim(0, 1)
    ax.set_title(title)
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig
