"""Scoring the extractor on a gold set: the snapshot rows and the recall/precision read from them."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import paths
from analysis.text import evaluation
from analysis.text.figures import EXTRACTOR_VERSION, extract_figures

SNAPSHOT = paths.ROOT / "data" / "reports" / "extractor_heldout.csv"
TEXT = "全县安置3 512人,培训1.2万人次,发放贷款800万,收入下降5%。见图 3。"


def _gold(rows):
    return pd.DataFrame(rows, columns=["passage_id", "start", "end", "raw", "value", "unit"])


def _span(raw: str) -> tuple[int, int]:
    s = TEXT.index(raw)
    return s, s + len(raw)


def test_score_passage_needs_overlap_value_and_unit():
    gold = _gold(
        [
            ["p", *_span("3 512人"), "3 512人", 3512, "person"],
            ["p", *_span("1.2万人次"), "1.2万人次", 12000, "person"],  # wrong unit on purpose: a miss
            ["p", *_span("5%"), "5%", -5, "percent"],
        ]
    )
    scored = evaluation.score_passage(gold, extract_figures(TEXT))
    gold_rows = scored[scored["gold_present"]]
    assert gold_rows["extractor_found"].tolist() == [True, False, True]
    assert gold_rows.iloc[1]["extractor_unit"] == "person_time"
    extra = scored[~scored["gold_present"]]
    # 1.2万人次 (its unit differs from the gold one) and 800万 (yuan: 贷款; not in this gold) are left over
    assert extra["extractor_value"].tolist() == [12000, 8_000_000] and not extra["extractor_found"].any()
    assert 3.0 not in scored["extractor_value"].tolist()  # 图 3 is a bare number, not an amount


def test_heldout_scores_reads_recall_and_precision_from_the_snapshot():
    frame = pd.DataFrame(
        {
            "passage_id": ["a", "a", "a", "b", "b", "c"],
            "split": ["heldout"] * 5 + ["dev"],
            "gold_present": [True, True, False, True, False, True],
            "extractor_found": [True, False, False, True, False, True],
        }
    )
    scores = evaluation.heldout_scores(frame)
    assert scores == {
        "recall": 2 / 3,
        "precision": 2 / 4,
        "n_gold": 3,
        "n_found": 2,
        "n_extracted": 4,
        "n_passages": 2,
    }
    assert evaluation.heldout_scores(frame, split="dev")["recall"] == 1.0


def test_heldout_scores_reads_a_csv_round_trip(tmp_path):
    frame = pd.DataFrame(
        {
            "passage_id": ["a", "a"],
            "split": ["heldout"] * 2,
            "gold_present": [True, False],
            "extractor_found": [True, False],
        }
    )
    path = tmp_path / "snap.csv"
    frame.to_csv(path, index=False)
    assert evaluation.heldout_scores(pd.read_csv(path))["precision"] == 0.5


def test_heldout_scores_names_a_missing_split():
    frame = pd.DataFrame(
        {"passage_id": ["a"], "split": ["dev"], "gold_present": [True], "extractor_found": [True]}
    )
    with pytest.raises(ValueError, match="split == 'heldout'"):
        evaluation.heldout_scores(frame)


def test_score_passages_writes_version_date_and_split():
    sources = pd.DataFrame({"passage_id": ["p", "q"], "split": ["heldout", "dev"]})
    gold = _gold([["p", *_span("3 512人"), "3 512人", 3512, "person"]])
    snap = evaluation.score_passages(sources, gold, {"p": TEXT}, split="heldout", scored_on="2026-11-25")
    assert list(snap.columns) == evaluation.SNAPSHOT_COLUMNS
    assert set(snap["passage_id"]) == {"p"}
    assert set(snap["extractor_version"]) == {EXTRACTOR_VERSION} and set(snap["scored_on"]) == {"2026-11-25"}


@pytest.mark.skipif(not SNAPSHOT.exists(), reason="no held-out snapshot committed yet")
def test_committed_snapshot_scores_are_recomputable():
    frame = pd.read_csv(SNAPSHOT)
    assert set(frame.columns) == set(evaluation.SNAPSHOT_COLUMNS)
    gold = pd.read_csv(paths.ROOT / "data" / "reports" / "extractor_eval_gold.csv")
    sources = pd.read_csv(paths.ROOT / "data" / "reports" / "extractor_eval_sources.csv")
    for split in ("dev", "heldout"):
        ids = set(sources.loc[sources["split"] == split, "passage_id"])
        scores = evaluation.heldout_scores(frame, split=split)
        assert scores["n_gold"] == int(gold["passage_id"].isin(ids).sum())  # every gold figure has its row
        assert scores["n_passages"] == len(ids)
        assert 0 <= scores["recall"] <= 1 and 0 <= scores["precision"] <= 1
