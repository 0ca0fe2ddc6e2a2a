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
        assert text[f["start"]:f["end"]] == f["raw"]


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
    sources = pd.DataFrame({"id": ["a", "b"], "script": ["simplified", "garbled"], "n_extracted": [4, 6],
                            "n_extracted_true": [3, 3]})
    figures = pd.DataFrame({"report_id": ["a", "a", "a", "b", "b", "b"], "raw": list("uvwxyz"),
                            "unit": ["person"] * 6, "extractor_unit": ["person"] * 5 + ["number"],
                            "extractor_found": [True, True, True, True, True, False]})
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
    panel = pd.DataFrame({"x": [10.0, 20, 40, 80, 160, 320], "months": [12.0] * 6,
                          "doc_type": ["news"] * 6})
    panel["outcome"] = 3 * panel["x"] ** 0.5
    e = places.loglog_elasticity(panel, "x")
    assert e.coef == pytest.approx(0.5)
    assert e.n == 6 and e.controls == ()


def test_jiamusi_yuan_per_placement_matches_notebook_01(tables):
    panel = places.report_panel(*tables)
    ypp = places.yuan_per_placement(panel)
    assert ypp["jiamusi_2003"] == pytest.approx(27_780_000 / 27_111)
