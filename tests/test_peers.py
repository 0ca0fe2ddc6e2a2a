"""Jiamusi among its north-east peers: same definitions, same year, nothing else."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.evidence import peers


def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    sources = pd.DataFrame(
        {
            "id": ["focus_2003", "peer_2003", "other_def_2003", "peer_2004", "south_2003"],
            "place": ["F", "P", "Q", "P", "S"],
            "province": ["黑龙江", "吉林", "辽宁", "吉林", "广东"],
            "admin_level": ["prefecture_city"] * 5,
            "year": [2003, 2003, 2003, 2004, 2003],
            "month_first": [1, 1, 1, 1, 1],
            "month_last": [8, 12, 12, 12, 12],
            "doc_type": ["speech", "news", "news", "news", "news"],
            "script": ["simplified"] * 5,
        }
    )
    rows = [
        # report, indicator, value, subtype, money_kind, people_def, period_kind
        ("focus_2003", "placed", 800, "", None, "laid_off_and_unemployed_reemployed", "part_year"),
        ("focus_2003", "plan_share_pct", 80.0, "placed", None, None, "part_year"),
        ("focus_2003", "laid_off_stock", 4000, "", None, "other", "part_year"),
        ("focus_2003", "subsidy_yuan", 80_000, "", "training_subsidy", None, "part_year"),
        ("peer_2003", "reemployed", 3000, "", None, "laid_off_and_unemployed_reemployed", "annual"),
        ("peer_2003", "plan_share_pct", 100.0, "reemployed", None, None, "annual"),
        ("peer_2003", "laid_off_stock", 10_000, "", None, "other", "annual"),
        ("peer_2003", "subsidy_yuan", 600_000, "", "training_subsidy", None, "annual"),
        # same year, another people definition: no placement ratio, no yuan per placement
        ("other_def_2003", "reemployed", 9000, "", None, "laid_off_reemployed", "annual"),
        ("other_def_2003", "laid_off_stock", 10_000, "", None, "other", "annual"),
        # same place another year, and a southern report of the same year: not peers
        ("peer_2004", "reemployed", 1, "", None, "laid_off_and_unemployed_reemployed", "annual"),
        ("south_2003", "reemployed", 1, "", None, "laid_off_and_unemployed_reemployed", "annual"),
    ]
    figures = pd.DataFrame(
        rows,
        columns=["report_id", "indicator", "value", "subtype", "money_kind", "people_def", "period_kind"],
    ).assign(primary=True, unit="person")
    return sources, figures


def test_peers_are_north_east_reports_of_the_focus_year_only():
    table = peers.peer_table(*_tables(), "focus_2003")
    assert sorted(table.index) == ["focus_2003", "other_def_2003", "peer_2003"]


def test_measures_compare_like_with_like_and_put_part_years_on_a_twelve_month_basis():
    table = peers.peer_table(*_tables(), "focus_2003", deflate=lambda yuan, year: yuan)
    # 800 placed in 8 months out of 4,000 laid off: 0.2, or 0.3 on a twelve-month basis
    assert table.at["focus_2003", "placed_per_laid_off_12m"] == pytest.approx(0.3)
    assert table.at["peer_2003", "placed_per_laid_off_12m"] == pytest.approx(0.3)
    assert pd.isna(
        table.at["other_def_2003", "placed_per_laid_off_12m"]
    )  # 下岗职工 only: not the same people
    assert table.at["focus_2003", "pace_ratio"] == pytest.approx(80 / (100 * 8 / 12))
    assert table.at["peer_2003", "yuan_per_placement_2003:training_subsidy"] == pytest.approx(200)
    summary = peers.peer_summary(table).set_index("measure")
    money = summary.loc["yuan_per_placement_2003:training_subsidy"]
    assert (
        money["focus"] == pytest.approx(100) and money["peers"] == 1 and money["ratio"] == pytest.approx(0.5)
    )
    assert summary.loc["pace_ratio", "share_of_peers_below"] == 1.0


def test_a_measure_no_peer_prints_has_no_ratio():
    sources, figures = _tables()
    figures = figures[~((figures["report_id"] == "peer_2003") & (figures["indicator"] == "plan_share_pct"))]
    summary = peers.peer_summary(peers.peer_table(sources, figures, "focus_2003")).set_index("measure")
    assert summary.loc["pace_ratio", "peers"] == 0
    assert pd.isna(summary.loc["pace_ratio", "ratio"])


def test_an_undated_focus_report_is_refused():
    sources, figures = _tables()
    sources.loc[0, "year"] = None
    with pytest.raises(ValueError, match="no year"):
        peers.peer_table(sources, figures, "focus_2003")
