"""The reports dataset: schema, vocabulary, parse-back, and the offline extractor evaluation."""

import shutil

import pandas as pd
import pytest

from analysis import paths, speech
from analysis.data import reports
from analysis.evidence import places
from analysis.text import evaluation


@pytest.fixture(scope="module")
def tables():
    return reports.load()


@pytest.fixture()
def copy_dir(tmp_path):
    for name in ("sources.csv", "figures.csv"):
        shutil.copy(paths.REPORTS_DATA / name, tmp_path / name)
    return tmp_path


def _edit_figures(directory, row, column, value):
    path = directory / "figures.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row, column] = value
    frame.to_csv(path, index=False)


def test_shipped_tables_validate_and_meet_the_collection_targets(tables):
    sources, figures = tables
    counts = places.summary_counts(sources, figures)
    assert counts["n_reports"] >= 30
    assert counts["n_places"] >= 20
    assert set(figures["report_id"]) <= set(sources["id"])


def test_jiamusi_row_carries_the_speech_figures(tables):
    _, figures = tables
    j = figures[figures["report_id"] == "jiamusi_2003"].set_index("raw")
    assert j.loc["27111人", "indicator"] == "placed" and j.loc["27111人", "value"] == 27111
    assert j.loc["82.9%", "value"] == 82.9
    assert j.loc["7178人", "indicator"] == "trainees_reemployment"
    assert j.loc["2460人", "indicator"] == "trainees_other"


def test_jiamusi_offsets_point_into_the_cleaned_speech(tables):
    _, figures = tables
    text = speech.speech_text()
    for _, f in figures[figures["report_id"] == "jiamusi_2003"].iterrows():
        assert text[f["start"] : f["end"]] == f["raw"]


def test_unknown_indicator_fails_with_its_name(copy_dir):
    _edit_figures(copy_dir, 0, "indicator", "people_made_happy")
    with pytest.raises(reports.ReportsDataError, match="people_made_happy"):
        reports.load(copy_dir)


def test_figure_without_a_source_fails(copy_dir):
    _edit_figures(copy_dir, 0, "report_id", "atlantis_2003")
    with pytest.raises(reports.ReportsDataError, match="atlantis_2003.*no row in sources"):
        reports.load(copy_dir)


def test_value_that_does_not_parse_back_from_raw_fails(copy_dir):
    frame = pd.read_csv(copy_dir / "figures.csv", dtype=str, keep_default_na=False)
    row = int(frame.index[frame["raw"] == "27111人"][0])
    _edit_figures(copy_dir, row, "value", "27211")
    with pytest.raises(reports.ReportsDataError, match="27111人.*parses to 27111"):
        reports.load(copy_dir)


def test_unknown_doc_type_fails_schema(copy_dir):
    path = copy_dir / "sources.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "doc_type"] = "rumour"
    frame.to_csv(path, index=False)
    with pytest.raises(reports.ReportsDataError, match="doc_type"):
        reports.load(copy_dir)


def test_known_parser_gaps_are_still_gaps(tables):
    # load() would fail if a listed gap started to parse; here we also check each is in the data.
    _, figures = tables
    assert len(reports.parser_gaps(figures)) == len(reports.KNOWN_PARSER_GAPS)


def test_locate_skips_spans_inside_longer_numbers():
    assert evaluation.locate("分别为76.5%和5%", "5%") == (9, 11)
    with pytest.raises(ValueError, match="fewer than 2"):
        evaluation.locate("4.5%", "4.5%", occurrence=2)


def test_match_extracted_counts_found_and_false_positives():
    text = "11月8日电 全市安置8.7万人,“4050”人员,培训3200人。"
    hand = pd.DataFrame({"raw": ["8.7万人", "3200人"], "value": [87000.0, 3200.0]})
    hand["start"] = [text.index(r) for r in hand["raw"]]
    hand["end"] = hand["start"] + hand["raw"].str.len()
    out, n_extracted, n_true = evaluation.match_extracted(hand, speech.extract_figures(text))
    assert out["extractor_found"].tolist() == [True, True]
    assert n_true == 2
    assert n_extracted == n_true  # 11月8日 is a date and “4050” a programme name: neither counts as an amount


def test_extractor_accuracy_pools_documents():
    sources = pd.DataFrame(
        {
            "id": ["a", "b"],
            "script": ["simplified", "garbled"],
            "n_extracted": [4, 6],
            "n_extracted_true": [3, 3],
        }
    )
    figures = pd.DataFrame(
        {
            "report_id": ["a", "a", "a", "b", "b", "b"],
            "raw": list("uvwxyz"),
            "unit": ["person"] * 6,
            "extractor_unit": ["person"] * 5 + ["number"],
            "extractor_found": [True, True, True, True, True, False],
        }
    )
    acc = evaluation.extractor_accuracy(sources, figures)
    assert acc.loc["a", "recall"] == 1.0 and acc.loc["b", "recall"] == pytest.approx(2 / 3)
    assert acc.loc["ALL", "recall"] == pytest.approx(5 / 6)
    assert acc.loc["ALL", "precision"] == pytest.approx(6 / 10)


def test_plan_pace_puts_jiamusi_at_its_stated_share(tables):
    panel = places.report_panel(*tables)
    pace = places.plan_pace(panel)
    j = pace.loc["jiamusi_2003"]
    assert j["plan_share_pct"] == 82.9
    assert j["year_share_pct"] == pytest.approx(100 * 8 / 12)


def test_percentile_rank_mid_rank_convention():
    values = pd.Series({"a": 1.0, "b": 2.0, "c": 2.0, "d": 3.0})
    assert places.percentile_rank(values, "b") == pytest.approx(100 * 1.5 / 3)


def test_loglog_elasticity_recovers_a_known_slope():
    panel = pd.DataFrame({"x": [10.0, 20, 40, 80, 160, 320], "months": [12.0] * 6, "doc_type": ["news"] * 6})
    panel["outcome"] = 3 * panel["x"] ** 0.5
    e = places.loglog_elasticity(panel, "x")
    assert e.value == pytest.approx(0.5)
    assert e.n == 6 and "+ nothing" in e.method


def test_jiamusi_yuan_per_placement_matches_notebook_01(tables):
    panel = places.report_panel(*tables)
    ypp = places.yuan_per_placement(panel)
    assert ypp["jiamusi_2003"] == pytest.approx(27_780_000 / 27_111)


# --------------------------------------------------------------------------- comparability columns and periods


def test_comparability_columns_use_closed_vocabularies(tables):
    _, figures = tables
    assert set(figures["money_kind"].dropna()) <= set(reports.MONEY_KINDS)
    assert set(figures["people_def"].dropna()) <= set(reports.PEOPLE_DEFS)
    assert set(figures["period_kind"]) <= set(reports.PERIOD_KINDS)
    assert (figures["money_kind"].notna() == (figures["unit"] == "yuan")).all()


def test_jiamusi_money_is_tagged_by_kind(tables):
    _, figures = tables
    j = figures[figures["report_id"] == "jiamusi_2003"].set_index("raw")
    assert j.loc["1200万元", "money_kind"] == "guarantee_fund"
    assert j.loc["1000万元", "money_kind"] == "social_insurance_subsidy"
    assert j.loc["315万元", "money_kind"] == "training_subsidy"
    assert j.loc["27111人", "people_def"] == "laid_off_and_unemployed_reemployed"
    assert (j["period_kind"] == "part_year").all()


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("money_kind", "vouchers", "money_kind"),
        ("period_kind", "quarterly", "period_kind"),
    ],
)
def test_unknown_comparability_value_fails_schema(copy_dir, column, value, message):
    _edit_figures(copy_dir, 9, column, value)
    with pytest.raises(reports.ReportsDataError, match=message):
        reports.load(copy_dir)


def test_yuan_row_without_money_kind_fails(copy_dir):
    _edit_figures(copy_dir, 9, "money_kind", "")  # jiamusi 1200万元
    with pytest.raises(reports.ReportsDataError, match="money_kind is required"):
        reports.load(copy_dir)


def test_retired_subtype_is_refused(copy_dir):
    _edit_figures(copy_dir, 9, "subtype", "cumulative")
    with pytest.raises(reports.ReportsDataError, match="now lives in"):
        reports.load(copy_dir)


def test_harbin_2005_trainees_and_hubei_2019_loans_carry_their_own_periods(tables):
    _, figures = tables
    harbin = figures[(figures["report_id"] == "harbin_2005") & (figures["raw"] == "2189人")]
    hubei = figures[(figures["report_id"] == "hubei_2019m7") & (figures["raw"] == "21.2億元")]
    assert harbin["period_kind"].item() == "campaign_month"
    assert hubei["period_kind"].item() == "cumulative_multi_year"


def test_panel_keeps_out_figures_of_another_period(tables):
    panel = places.report_panel(*tables)
    assert pd.isna(panel.loc["harbin_2005", "trainees"])  # assistance month, not the year
    assert pd.isna(panel.loc["hubei_2019m7", "loan_yuan"])  # cumulative, not January-July
    assert panel.loc["harbin_2005", "outcome"] == 57800
    places.check_shared_period(
        panel.dropna(subset=["outcome"]), ["outcome", "trainees", "loan_yuan", "subsidy_yuan"]
    )


def test_period_check_refuses_figures_of_different_periods():
    panel = pd.DataFrame(
        {
            "outcome": [100.0, 200.0],
            "outcome_period": ["annual", "annual"],
            "trainees": [10.0, 2189.0],
            "trainees_period": ["annual", "campaign_month"],
            "period_kind": ["annual", "annual"],
        },
        index=["a", "harbin_2005"],
    )
    with pytest.raises(
        places.PeriodMismatchError, match="harbin_2005: outcome annual, trainees campaign_month"
    ):
        places.check_shared_period(panel, ["outcome", "trainees"])
    places.check_shared_period(panel.loc[["a"]], ["outcome", "trainees"])


def test_loglog_refuses_a_cumulative_input_beside_a_part_year_outcome():
    panel = pd.DataFrame(
        {
            "x": [10.0, 20, 40, 80, 160, 320],
            "months": [7.0] * 6,
            "doc_type": ["news"] * 6,
            "x_period": ["part_year"] * 5 + ["cumulative_multi_year"],
            "outcome_period": ["part_year"] * 6,
        }
    )
    panel["outcome"] = 3 * panel["x"] ** 0.5
    with pytest.raises(places.PeriodMismatchError):
        places.loglog_elasticity(panel, "x")


def test_small_sample_interval_uses_t_with_residual_degrees_of_freedom_and_the_larger_se():
    from scipy import stats

    noise = [0.3, -0.2, 0.1, 0.4, -0.5, 0.2, -0.1, 0.05]
    panel = pd.DataFrame(
        {"x": [10.0, 20, 40, 80, 160, 320, 640, 1280], "months": [12.0] * 8, "doc_type": ["news"] * 8}
    )
    panel["outcome"] = 3 * panel["x"] ** 0.5 * (1 + pd.Series(noise).to_numpy())
    e = places.loglog_elasticity(panel, "x")
    assert e.df_resid == 6
    half = (e.ci[1] - e.ci[0]) / 2
    assert half == pytest.approx(stats.t.ppf(0.975, 6) * e.se)
    other = next(iter(e.alternatives.values()))
    assert {e.se_type, other.se_type} == {"HC3", "conventional"} and e.se >= other.se


def test_adjusted_estimate_states_the_unadjusted_slope(tables):
    panel = places.report_panel(*tables)
    e = places.elasticity_estimate(panel, "trainees")
    raw = places.loglog_elasticity(panel, "trainees", controls=False)
    assert f"unadjusted slope {raw.value:.2f}" in e.method
    table = places.elasticity_table(panel, {"trainees": "trainees"})
    assert list(table["fit"]) == ["unadjusted", "adjusted"]


def test_comparable_ratio_uses_only_same_definitions_in_2003_yuan(tables):
    from analysis.data import evidence

    table = places.yuan_per_person_by_definition(*tables, deflate=evidence.to_2003_yuan)
    r = places.comparable_ratio(
        table, "jiamusi_2003", "social_insurance_subsidy", "laid_off_and_unemployed_reemployed"
    )
    assert r["n"] >= 1 and "jiamusi_2003" not in r["peers"]
    jiamusi = 10_000_000 / 27_111  # 2003 yuan already
    assert r["focus_value"] == pytest.approx(jiamusi)
    assert r["ratio"] == pytest.approx(jiamusi / r["peer_median"])
    # no peer prints a guarantee fund in a dated one-period report: no ratio rather than a mixed one
    assert (
        places.comparable_ratio(
            table, "jiamusi_2003", "guarantee_fund", "laid_off_and_unemployed_reemployed"
        )["ratio"]
        is None
    )


def test_ratio_moves_flags_the_definitions_that_are_not_like_with_like(tables):
    from analysis.data import evidence

    table = places.yuan_per_person_by_definition(*tables, deflate=evidence.to_2003_yuan)
    moves = places.ratio_moves(
        table, places.report_panel(*tables), "jiamusi_2003", "laid_off_and_unemployed_reemployed"
    ).set_index("key")
    assert moves.loc["social_insurance_subsidy", "like with like"] == "yes"
    assert moves.loc["fund_vs_loans", "like with like"].startswith("no")
    assert moves.loc["all_money_nominal", "ratio"] == pytest.approx(
        (27_780_000 / 27_111) / moves.loc["all_money_nominal", "peer median"]
    )


def test_reports_and_panel_share_one_frame_with_unique_ids(tables):
    sources, figures = places.reports_and_panel()
    assert sources["id"].is_unique and len(sources) > len(tables[0])
    assert set(figures["report_id"]) <= set(sources["id"])
    assert set(figures["period_kind"]) <= set(reports.PERIOD_KINDS)
