"""Tables and charts as notebooks display them: a dash for what is missing, a source line under a chart."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.viz import tables


def test_missing_values_of_every_kind_show_as_a_dash():
    frame = pd.DataFrame(
        {
            "year": pd.array([2003, None], dtype="Int64"),  # pandas' own missing value, <NA>
            "share": [0.5, np.nan],
            "label": ["a", None],
        }
    )
    out = tables.format_table(frame, {"year": "{:.0f}", "share": "{:.0%}", "label": "{}"})
    assert out.to_dict("list") == {"year": ["2003", "–"], "share": ["50%", "–"], "label": ["a", "–"]}


def test_a_source_line_sits_under_the_chart():
    import matplotlib.pyplot as plt

    from analysis.viz import plots

    fig, ax = plt.subplots()
    ax.plot([1, 2], [1, 2])
    ax.set_xlabel("year")
    plots.add_source(fig, "data/reports (hand-collected public reports)")
    (line,) = [t for t in fig.texts if t.get_text().startswith("Source:")]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert line.get_window_extent(renderer).y1 <= ax.xaxis.label.get_window_extent(renderer).y0
    plt.close(fig)
