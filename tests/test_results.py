"""The findings store: stable files, clear errors."""

import json

import numpy as np
import pytest

from analysis import results


def test_record_then_get_round_trips(tmp_path):
    results.record("training.example_effect", np.float64(1.5), unit="USD", ci=(0.5, 2.5), se=0.5, n=100,
                   source="synthetic", directory=tmp_path)
    entry = results.get("training.example_effect", directory=tmp_path)
    assert entry == {"value": 1.5, "unit": "USD", "ci": [0.5, 2.5], "se": 0.5, "n": 100, "source": "synthetic"}


def test_file_is_named_after_namespace_with_sorted_keys(tmp_path):
    results.record("jobs.b", 2, unit="x", source="s", directory=tmp_path)
    results.record("jobs.a", 1, unit="x", source="s", directory=tmp_path)
    text = (tmp_path / "jobs.json").read_text(encoding="utf-8")
    assert list(json.loads(text)) == ["jobs.a", "jobs.b"]


def test_recording_twice_gives_byte_identical_files(tmp_path):
    for _ in range(2):
        results.record("speech.x", 1 / 3, unit="u", source="s", directory=tmp_path)
    first = (tmp_path / "speech.json").read_bytes()
    results.record("speech.x", 1 / 3, unit="u", source="s", directory=tmp_path)
    assert (tmp_path / "speech.json").read_bytes() == first


def test_missing_key_error_names_key_and_owner(tmp_path):
    with pytest.raises(results.ResultKeyError, match=r"training\.nope.*02_training\.ipynb"):
        results.get("training.nope", directory=tmp_path)


@pytest.mark.parametrize("key", ["NoDots", "training.", "Training.x", "training x"])
def test_bad_keys_are_rejected(tmp_path, key):
    with pytest.raises(ValueError, match="dotted"):
        results.record(key, 1, unit="u", source="s", directory=tmp_path)


def test_nan_cannot_be_recorded(tmp_path):
    with pytest.raises(ValueError, match="non-finite"):
        results.record("speech.bad", float("nan"), unit="u", source="s", directory=tmp_path)


def test_source_is_required(tmp_path):
    with pytest.raises(ValueError, match="source"):
        results.record("speech.bad", 1, unit="u", source="", directory=tmp_path)
