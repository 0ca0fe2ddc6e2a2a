"""Within-place relations of the reports panel: the loader's checks and the estimators' honesty."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.data import panel
from analysis.evidence import within_places as wp


def _synthetic(places: int, years: int, slope: float, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(places):
        size = rng.normal(scale=1.5)  # big places have more of everything
        for y in range(2002, 2002 + years):
            log_input = size + rng.normal(scale=0.5)
            placed = np.exp(2 * size + slope * log_input + rng.normal(scale=0.1))
            rows.append(
                {
                    "place": f"p{p}",
                    "year": y,
                    "months": 12,
                    "trainees_reemployment": np.exp(log_input),
                    "reemployed": placed,
                    "trainees": np.exp(log_input),
                    "placed": placed,
                }
            )
    return pd.DataFrame(rows)


def test_within_place_slope_removes_scale_that_the_between_slope_absorbs():
    frame = _synthetic(places=12, years=4, slope=0.3)
    within = wp.within_place_elasticity(frame, "trainees")
    between = wp.between_place_elasticity(frame, "trainees", controls=False)
    assert not isinstance(within, wp.NotEstimable)
    assert within.ci[0] < 0.3 < within.ci[1]
    assert within.clusters == 12 and within.df_resid == 11
    assert between.value > 1.5  # scale: size drives both inputs and placements


@pytest.mark.slow  # compiles the bootstrap (numba) and runs it about thirty times
def test_wild_bootstrap_interval_travels_with_the_estimate_and_agrees_with_its_p_value():
    frame = _synthetic(places=6, years=3, slope=0.3)
    within = wp.within_place_elasticity(frame, "trainees")
    wild = within.alternative(wp.WILD_SE_TYPE)
    lo, hi = wild.ci
    assert wild.value == within.value and wild.se is None and wild.clusters == 6
    assert lo is not None and hi is not None and lo < within.value < hi
    # the interval is the set of slopes the test keeps: a slope just outside it is rejected at 5%,
    # one just inside is not (an independent call of the test, not the inversion's own bookkeeping)
    d = wp._usable(frame, "trainees", within=True)
    width = hi - lo
    assert wp.wild_bootstrap_p(d, "log_input", hi + 0.05 * width) < 0.05
    assert wp.wild_bootstrap_p(d, "log_input", hi - 0.05 * width) >= 0.05
    assert f"p = {wp.wild_bootstrap_p(d, 'log_input', 0.0):.3f}" in wild.method


def test_too_few_places_with_repeated_years_is_reported_not_estimated():
    frame = _synthetic(places=3, years=2, slope=0.3)
    result = wp.within_place_elasticity(frame, "trainees")
    assert isinstance(result, wp.NotEstimable)
    assert "3 place(s)" in result.reason and result.clusters == 3


def test_within_place_pairs_keep_one_definition_per_place():
    frame = _synthetic(places=6, years=3, slope=0.3)
    frame["new_jobs"] = frame["reemployed"] * 3  # a second outcome definition, printed in one year only
    frame.loc[frame.index[1:], "new_jobs"] = np.nan
    d = wp._usable(frame, "trainees", within=True)
    assert set(d["definition"]) == {"reemployed / trainees_reemployment"}


def test_place_year_frame_drops_cumulative_and_undated_reports_and_prefers_reemployed():
    sources = pd.DataFrame(
        {
            "id": ["a_2004", "a_2005", "b_cum"],
            "place": ["A", "A", "B"],
            "province": ["x"] * 3,
            "admin_level": ["prefecture_city"] * 3,
            "year": [2004, 2005, None],
            "month_first": [1, 1, None],
            "month_last": [12, 6, None],
        }
    )
    figures = pd.DataFrame(
        {
            "report_id": ["a_2004", "a_2004", "a_2005", "b_cum"],
            "indicator": ["placed", "reemployed", "placed", "placed"],
            "value": [100.0, 80.0, 40.0, 900.0],
            "primary": [True] * 4,
            "period_kind": ["annual", "annual", "part_year", "cumulative_multi_year"],
        }
    )
    frame = wp.place_year_frame(sources, figures)
    assert list(frame.index) == ["a_2004", "a_2005"]
    assert frame.loc["a_2004", "placed"] == 80.0 and frame.loc["a_2005", "months"] == 6
    assert wp.panel_counts(frame) == {"places": 1, "place_years": 2, "places_two_or_more_years": 1}


_ONE_SOURCE = "id,place,year,extractor_version\nr1,A,2004,2\n"


def _batch(tmp_path, figures_csv: str, sources_csv: str = _ONE_SOURCE) -> None:
    """A one-report panel batch ``z`` in ``tmp_path``."""
    (tmp_path / "z_sources.csv").write_text(sources_csv, encoding="utf-8")
    (tmp_path / "z_figures.csv").write_text(figures_csv, encoding="utf-8")


def test_panel_loader_rejects_an_unknown_vocabulary_word(tmp_path):
    _batch(
        tmp_path,
        "report_id,indicator,value,unit,raw,primary,verified,period_kind\nr1,placed,5,person,5人,true,true,yearly\n",
    )
    with pytest.raises(panel.PanelDataError, match=r"z_figures.csv, line 2: period_kind = 'yearly'"):
        panel.load_panel(tmp_path)


def test_panel_loader_rejects_figures_of_a_missing_report(tmp_path):
    _batch(
        tmp_path,
        "report_id,indicator,value,unit,raw,primary,verified,parser_gap\nr2,placed,5,person,5人,true,true,\n",
    )
    with pytest.raises(panel.PanelDataError, match="r2"):
        panel.load_panel(tmp_path)


def _one_figure_batch(tmp_path, raw: str, value: str, gap: str) -> None:
    _batch(
        tmp_path,
        "report_id,indicator,value,unit,raw,primary,verified,parser_gap\n"
        f"r1,placed,{value},person,{raw},true,true,{gap}\n",
    )


def test_panel_loader_rejects_a_span_that_does_not_parse_back_without_a_reason(tmp_path):
    _one_figure_batch(tmp_path, "12.37", "123700", "")
    with pytest.raises(panel.PanelDataError, match=r"line 2 \(r1\): '12.37' parses to 12.37"):
        panel.load_panel(tmp_path)


def test_panel_loader_accepts_a_gap_with_its_reason_and_rejects_a_stale_one(tmp_path):
    _one_figure_batch(tmp_path, "12.37", "123700", "table cell in 万人")
    _sources, figures = panel.load_panel(tmp_path)
    assert figures.loc[0, "value"] == 123700
    _one_figure_batch(tmp_path, "12.37万人", "123700", "table cell in 万人")
    with pytest.raises(panel.PanelDataError, match="parses back now"):
        panel.load_panel(tmp_path)


def test_panel_loader_rejects_a_batch_without_the_parser_gap_column(tmp_path):
    _batch(
        tmp_path,
        "report_id,indicator,value,unit,raw,primary,verified\nr1,placed,5,person,5人,true,true\n",
    )
    with pytest.raises(panel.PanelDataError, match="no parser_gap column"):
        panel.load_panel(tmp_path)


def test_assisted_precision_counts_corrected_and_rejected_proposals_against_the_extractor():
    sources = pd.DataFrame(
        {"n_proposed": [10, 5], "n_accepted": [8, 4], "n_corrected": [1, 0], "n_rejected": [1, 1]}
    )
    out = panel.assisted_precision(sources)
    assert out["precision"] == pytest.approx(12 / 15) and out["n_rejected"] == 2


def _two_year_tables(trainee_subtypes: tuple[str, str], people_defs: tuple[str, str]):
    sources = pd.DataFrame(
        {
            "id": ["a_2004", "a_2005"],
            "place": ["A", "A"],
            "province": ["x", "x"],
            "admin_level": ["province", "province"],
            "year": [2004, 2005],
            "month_first": [1, 1],
            "month_last": [12, 12],
        }
    )
    figures = pd.DataFrame(
        {
            "report_id": ["a_2004", "a_2004", "a_2005", "a_2005"],
            "indicator": ["placed", "trainees_other", "placed", "trainees_other"],
            "value": [100.0, 50.0, 120.0, 900.0],
            "primary": [True] * 4,
            "period_kind": ["annual"] * 4,
            "people_def": [people_defs[0], "trainees", people_defs[1], "trainees"],
            "subtype": ["", trainee_subtypes[0], "", trainee_subtypes[1]],
        }
    )
    return wp.place_year_frame(sources, figures)


def test_a_place_s_years_pair_only_the_same_programme_and_the_same_people():
    same = wp._usable(
        _two_year_tables(("rural_transfer",) * 2, ("realname_employment",) * 2), "trainees", True
    )
    assert len(same) == 2 and set(same["definition"]) == {
        "placed|realname_employment / trainees_other|rural_transfer"
    }
    # high-skill training one year, rural-transfer training the next: not one series
    programmes = _two_year_tables(("high_skill", "rural_transfer"), ("realname_employment",) * 2)
    assert len(wp._usable(programmes, "trainees", True)) == 1
    # real-name employment one year, all employment and re-employment the next: not one series
    people = _two_year_tables(("rural_transfer",) * 2, ("realname_employment", "other"))
    assert len(wp._usable(people, "trainees", True)) == 1


def test_places_whose_years_no_other_place_shares_leave_nothing_for_year_effects():
    frame = _synthetic(places=5, years=2, slope=0.3)
    frame["year"] = frame["year"] + 2 * (frame["place"].str[1:].astype(int))  # every place its own two years
    result = wp.within_place_elasticity(frame, "trainees")
    assert isinstance(result, wp.NotEstimable)
    assert result.reason.startswith("5 place(s)") and "0 remain" in result.reason


def test_no_residual_degrees_of_freedom_is_reported_not_estimated():
    # four places in two of three years (no year seen once): 8 place-years against 4 place and
    # 3 year levels and 1 slope leave nothing on pyfixest's count of fixed-effect levels
    frame = _synthetic(places=4, years=2, slope=0.3)
    estimable = wp.within_place_elasticity(frame, "trainees")  # 8 - 4 - 2 - 1 = 1: estimable
    assert not isinstance(estimable, wp.NotEstimable) and np.isfinite(estimable.se)
    frame["year"] = [2002, 2003, 2003, 2004, 2002, 2004, 2002, 2003]
    out = wp.within_place_elasticity(frame, "trainees")
    assert isinstance(out, wp.NotEstimable) and "no residual degrees of freedom" in out.reason


def test_a_stock_from_another_report_of_the_same_place_year_is_used_and_the_fuller_report_kept():
    sources = pd.DataFrame(
        {
            "id": ["a_2004_news", "a_2004_table"],
            "place": ["A", "A"],
            "province": ["x", "x"],
            "admin_level": ["province", "province"],
            "year": [2004, 2004],
            "month_first": [1, 1],
            "month_last": [8, 12],
        }
    )
    figures = pd.DataFrame(
        {
            "report_id": ["a_2004_news", "a_2004_news", "a_2004_table"],
            "indicator": ["placed", "trainees_reemployment", "laid_off_stock"],
            "value": [100.0, 50.0, 4000.0],
            "primary": [True] * 3,
            "period_kind": ["part_year", "part_year", "annual"],
            "people_def": ["laid_off_and_unemployed_reemployed", "trainees", "other"],
            "subtype": [""] * 3,
        }
    )
    frame = wp.place_year_frame(sources, figures)
    # the eight-month report prints placements and trainees; the year-long table only the stock
    assert list(frame.index) == ["a_2004_news"]
    assert frame.loc["a_2004_news", "laid_off_stock"] == 4000.0


def test_placements_per_laid_off_worker_within_places_recover_the_slope():
    frame = _synthetic(places=8, years=3, slope=0.4)
    rng = np.random.default_rng(7)
    frame["laid_off_stock"] = np.exp(rng.normal(8, 0.3, len(frame)))
    frame["placed"] = frame["placed"] * frame["laid_off_stock"] / 1000  # placements scale with the stock
    frame["reemployed"] = frame["placed"]
    per = wp.within_place_elasticity(frame, "trainees", per_laid_off=True)
    assert not isinstance(per, wp.NotEstimable) and per.ci[0] < 0.4 < per.ci[1]
    assert "per laid-off worker" in per.method
    frame.loc[frame["place"] != "p0", "laid_off_stock"] = np.nan  # stock known in one place only
    missing = wp.within_place_elasticity(frame, "trainees", per_laid_off=True)
    assert isinstance(missing, wp.NotEstimable) and "laid-off stock" in missing.reason


def test_panel_loader_wants_the_extractor_version_of_every_report(tmp_path):
    _one_figure_batch(tmp_path, "5人", "5", "")
    _batch(
        tmp_path,
        (tmp_path / "z_figures.csv").read_text(encoding="utf-8"),
        "id,place,year,extractor_version\nr1,A,2004,\n",
    )
    with pytest.raises(panel.PanelDataError, match="extractor_version"):
        panel.load_panel(tmp_path)


def test_assisted_precision_does_not_pool_extractor_versions():
    sources = pd.DataFrame(
        {
            "extractor_version": ["1", "2"],
            "n_proposed": [10, 5],
            "n_accepted": [5, 5],
            "n_corrected": [3, 0],
            "n_rejected": [2, 0],
        }
    )
    assert panel.assisted_precision(sources, "2")["precision"] == 1.0
    assert panel.assisted_precision(sources, "1")["precision"] == 0.5
    with pytest.raises(panel.PanelDataError, match="version 3"):
        panel.assisted_precision(sources, "3")


def test_place_paths_never_join_two_definitions_of_placement():
    sources = pd.DataFrame(
        {
            "id": ["a_2004", "a_2005", "a_2006"],
            "place": ["A"] * 3,
            "province": ["x"] * 3,
            "admin_level": ["province"] * 3,
            "year": [2004, 2005, 2006],
            "month_first": [1, 1, 1],
            "month_last": [12, 6, 12],
        }
    )
    figures = pd.DataFrame(
        {
            "report_id": ["a_2004", "a_2005", "a_2006"],
            "indicator": ["reemployed", "reemployed", "new_jobs"],
            "value": [1200.0, 300.0, 9000.0],
            "primary": [True] * 3,
            "period_kind": ["annual", "part_year", "annual"],
            "people_def": ["laid_off_reemployed", "laid_off_reemployed", "urban_new_jobs"],
            "subtype": [""] * 3,
        }
    )
    paths = wp.place_paths(wp.place_year_frame(sources, figures))
    assert list(paths["year"]) == [2004, 2005]  # 2006 prints new urban jobs: another series
    assert list(paths["placed_per_month"]) == [100.0, 50.0]
    assert set(paths["definition"]) == {"reemployed|laid_off_reemployed"}


def test_place_paths_chart_names_multi_year_places_and_highlights_one():
    from analysis.viz import plots

    frame = pd.DataFrame(
        {"place": ["甲", "甲", "乙", "丙"], "year": [2003, 2004, 2003, 2005], "v": [1.0, 2.0, 3.0, 4.0]}
    )
    fig = plots.plot_place_paths(
        frame, "v", "乙", "per month", "t", emphasis={"丙"}, emphasis_label="north-east"
    )
    ax = fig.axes[0]
    names = {t.get_text() for t in ax.texts}
    assert names == {"甲", "乙"}  # the two-year path and the highlighted place; a lone dot is not named
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {"elsewhere in China", "north-east", "乙"}
    fig.clf()


def test_report_counts_tell_size_only_reports_apart():
    sources = pd.DataFrame(
        {"id": ["a_2003", "a_2004", "b_2003"], "place": ["A", "A", "B"], "year": [2003, 2004, 2003]}
    )
    figures = pd.DataFrame(
        {
            "report_id": ["a_2003", "a_2004", "b_2003"],
            "indicator": ["reemployed", "laid_off_stock", "placed"],
            "primary": [True, True, True],
        }
    )
    counts = wp.report_counts(sources, figures)
    assert counts["places_two_or_more_years"] == 1 and counts["size_only_reports"] == 1
    assert counts["places_with_flows_two_or_more_years"] == 0 and counts["reports_with_flows"] == 2


def test_slope_row_and_record_say_why_a_slope_is_missing(tmp_path, monkeypatch):
    from analysis import paths, results

    monkeypatch.setattr(paths, "RESULTS", tmp_path)
    missing = wp.NotEstimable("too few places", 2, 1)
    assert wp.slope_row(missing) == {
        "slope": None,
        "ci_low": None,
        "ci_high": None,
        "n": 2,
        "places": 1,
        "why not": "too few places",
    }
    entry = wp.record_slope("reports.x_fe", missing, source="s", note="unused")
    assert entry["value"] is None and entry["note"] == "not estimable: too few places"
    assert results.get("reports.x_fe")["clusters"] == 1
