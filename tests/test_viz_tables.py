"""Tables as notebooks display them: formatted text, a dash for what is missing, never <NA> or nan."""

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
