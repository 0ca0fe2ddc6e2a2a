"""Jiamusi among its north-east peers: same definitions, same year (issue 12).

Heilongjiang, Jilin and Liaoning are the old industrial base whose state firms shed the workers the
2003 speech is about; a peer is a report from those provinces for the focus report's year. Three
measures, each computed only where the peer prints the same thing the focus report does:

* **plan pace**: share of the annual placement plan reached ÷ share of the year elapsed (a report
  on January–October that is 83% done is slightly ahead of a linear pace);
* **placements per laid-off worker**: people placed (same ``people_def`` as the focus report) per
  person in the laid-off stock the same report prints, put on a twelve-month basis by a linear scale
  (months covered ÷ 12), because reports cover different parts of the year;
* **yuan per placement**: money of one kind (a named subsidy, loans issued, the guarantee fund) per
  person placed, in 2003 yuan, for each money kind the focus report prints.

Everything here is descriptive and self-reported: a ratio says where a place's own report puts it,
not what its policies caused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from . import places

__all__ = ["NORTHEAST", "MEASURES", "peer_table", "peer_summary"]

#: The provinces of the north-east old industrial base, as ``sources.province`` spells them.
NORTHEAST: tuple[str, ...] = ("黑龙江", "吉林", "辽宁")

#: Measure column -> what it is, in words for tables and notes.
MEASURES: dict[str, str] = {
    "pace_ratio": "plan share reached ÷ share of the year elapsed",
    "placed_per_laid_off_12m": "people placed per laid-off worker, twelve-month basis",
}

_PLACEMENT = ("reemployed", "placed")


def _focus_people_def(figures: pd.DataFrame, focus: str) -> str:
    mine = figures[
        (figures["report_id"] == focus) & figures["indicator"].isin(_PLACEMENT) & figures["primary"]
    ]
    if mine.empty:
        raise ValueError(f"{focus} prints no primary placement figure to compare")
    return str(mine.sort_values("indicator", ascending=False)["people_def"].iloc[0])


def peer_table(
    sources: pd.DataFrame,
    figures: pd.DataFrame,
    focus: str,
    provinces: tuple[str, ...] = NORTHEAST,
    deflate: Callable[[float, int], float] | None = None,
) -> pd.DataFrame:
    """One row per report from ``provinces`` for ``focus``'s year (the focus report included).

    Columns: ``place``, ``province``, ``admin_level``, ``months``, ``plan_share_pct``, ``pace_ratio``,
    ``placed`` (primary re-employed/placed figure of the focus report's ``people_def``, own period
    only), ``laid_off_stock``, ``placed_per_laid_off_12m``, and ``yuan_per_placement_2003:<money>``
    for each money definition the focus report prints (only where the peer prints the same money
    for the same people and period). Missing where a report does not print the same thing.
    """
    src = sources.set_index("id")
    if focus not in src.index:
        raise KeyError(f"{focus} is not a report id")
    year = src.loc[focus, "year"]
    if pd.isna(year):
        raise ValueError(f"{focus} has no year: a same-year comparison needs one")
    chosen = src[(src["province"].isin(provinces)) & (src["year"] == year)].index
    chosen = chosen.union(pd.Index([focus]))
    people_def = _focus_people_def(figures, focus)

    panel = places.report_panel(sources, figures).reindex(chosen)
    pace = places.plan_pace(panel)["pace_ratio"]
    period = places.report_period_kind(sources)
    f = figures[figures["report_id"].isin(chosen) & figures["primary"]]
    own = f[f["period_kind"].to_numpy() == period.reindex(f["report_id"]).to_numpy()]
    placed = (
        own[own["indicator"].isin(_PLACEMENT) & (own["people_def"] == people_def)]
        .sort_values("indicator", ascending=False)
        .groupby("report_id")["value"]
        .first()
    )
    stock = f[f["indicator"] == "laid_off_stock"].groupby("report_id")["value"].first()

    out = panel[["place", "province", "admin_level", "months", "plan_share_pct"]].copy()
    out["pace_ratio"] = pace.reindex(out.index)
    out["placed"] = placed.reindex(out.index)
    out["laid_off_stock"] = stock.reindex(out.index)
    out["placed_per_laid_off_12m"] = out["placed"] / out["laid_off_stock"] * 12 / out["months"]

    money = places.yuan_per_person_by_definition(sources[sources["id"].isin(chosen)], f, deflate)
    if not money.empty:
        money = money[money["people_def"] == people_def]
        mine = set(money.loc[money["report_id"] == focus, "money_definition"])
        for name in sorted(mine):
            per = money[money["money_definition"] == name].set_index("report_id")["yuan_per_person_2003"]
            out[f"yuan_per_placement_2003:{name}"] = per.reindex(out.index)
    out.attrs.update(focus=focus, year=int(year), people_def=people_def, provinces=provinces)
    return out


def peer_summary(table: pd.DataFrame) -> pd.DataFrame:
    """For each measure in ``table``: the focus report's value, the peers' median, how many peers
    print it, the focus value ÷ the median, and the share of peers below the focus (0–1).

    A measure no peer prints keeps ``peers = 0`` and missing ratio and share: there is nothing of the
    same definition and year to compare with.
    """
    focus = table.attrs["focus"]
    measures = [c for c in table.columns if c in MEASURES or c.startswith("yuan_per_placement_2003:")]
    rows: list[dict[str, Any]] = []
    for col in measures:
        mine = table.at[focus, col]
        others = table[col].drop(index=focus).dropna()
        median = float(others.median()) if len(others) else None
        has_focus = pd.notna(mine)
        rows.append(
            {
                "measure": col,
                "what": MEASURES.get(col)
                or f"{places.MONEY_DEFINITIONS[col.split(':', 1)[1]][1]} per person placed, 2003 yuan",
                "focus": float(mine) if has_focus else None,
                "peer_median": median,
                "peers": int(len(others)),
                "ratio": float(mine) / median if has_focus and median else None,
                "share_of_peers_below": float((others < mine).mean()) if has_focus and len(others) else None,
                "peer_reports": ", ".join(sorted(others.index)),
            }
        )
    return pd.DataFrame(rows)
