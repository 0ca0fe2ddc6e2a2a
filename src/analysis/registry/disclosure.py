"""Disclosure control for published count tables: threshold k with secondary suppression.

Primary suppression hides every count ``0 < n < k``. A table is published with its margins
(row totals, column totals, grand total), so a lone hidden cell in a row or column could be
recovered by subtraction: secondary suppression then hides the smallest other non-zero cell of
that line, and repeats until every row and every column (each including its total) has either no
hidden cell or at least two. This is the classic hypercube heuristic (Giessing & Repsilber 2002,
"Tools and strategies to protect multiple tables with the GHQUAR cell suppression engine"); the
tests attack the result with linear programming and check that no hidden cell is pinned down.

Zeros are not hidden (a structural zero carries no information about a person). Counts that are
the sum of published counts are recomputed, never rounded.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["DEFAULT_K", "with_margins", "suppression_mask", "suppress", "protect_long"]

DEFAULT_K = 10
TOTAL = "all"


def with_margins(table: pd.DataFrame) -> pd.DataFrame:
    """Add a total row and a total column (both labelled ``all``)."""
    out = table.copy()
    out[TOTAL] = out.sum(axis=1)
    out.loc[TOTAL] = out.sum(axis=0)
    return out


def suppression_mask(full: np.ndarray, k: int = DEFAULT_K) -> np.ndarray:
    """Cells to hide in a table whose last row and last column are its margins.

    Parameters
    ----------
    full
        Counts, shape ``(r + 1, c + 1)``: interior cells, then the row totals as the last column
        and the column totals (and grand total) as the last row.
    k
        Threshold: counts below ``k`` (and above 0) are hidden.

    Returns
    -------
    numpy.ndarray
        Boolean array, true where the cell must be published empty.
    """
    counts = np.asarray(full, dtype=float)
    hidden = (counts > 0) & (counts < k)
    n_rows, n_cols = counts.shape
    lines = [[(i, j) for j in range(n_cols)] for i in range(n_rows)] + [
        [(i, j) for i in range(n_rows)] for j in range(n_cols)
    ]
    changed = True
    while changed:
        changed = False
        for line in lines:
            n_hidden = sum(hidden[c] for c in line)
            if n_hidden != 1:
                continue
            # Hide a complementary cell: the smallest non-zero visible one, interior cells first
            # (hiding a total loses more information than hiding one cell).
            candidates = [c for c in line if not hidden[c] and counts[c] > 0]
            if not candidates:
                continue  # cannot happen: a lone non-zero cell equals its total, hidden too
            interior = [c for c in candidates if c[0] < n_rows - 1 and c[1] < n_cols - 1]
            pool = interior or candidates
            pick = min(pool, key=lambda c: (counts[c], c))
            hidden[pick] = True
            changed = True
    return hidden


def suppress(table: pd.DataFrame, k: int = DEFAULT_K) -> pd.DataFrame:
    """``table`` (rows x columns of counts) with margins, hidden cells as missing values."""
    full = with_margins(table)
    mask = suppression_mask(full.to_numpy(), k)
    return full.astype("Int64").mask(mask)


def protect_long(
    frame: pd.DataFrame, rows: str, cols: str, measures: list[str], k: int = DEFAULT_K
) -> pd.DataFrame:
    """Protect each count column of a long table (``rows`` x ``cols`` cells) separately.

    Returns the long table with margins (``all`` in ``rows`` and ``cols``) and hidden counts missing.
    """
    pieces = []
    for measure in measures:
        wide = frame.pivot_table(index=rows, columns=cols, values=measure, aggfunc="sum", fill_value=0)
        wide.columns = wide.columns.astype(str)
        wide.index = wide.index.astype(str)
        protected = suppress(wide, k)
        protected.index.name, protected.columns.name = rows, cols
        pieces.append(protected.stack(future_stack=True).rename(measure))
    out = pd.concat(pieces, axis=1).reset_index()
    return out
