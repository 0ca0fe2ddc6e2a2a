"""The findings store: one record shape, clear errors, publication all or nothing."""

import errno
import json
import os

import numpy as np
import pytest

from analysis import results


def test_record_then_get_round_trips_the_whole_shape(tmp_path):
    results.record(
        "training.example_effect",
        np.float64(1.5),
        unit="USD",
        ci=(0.5, 2.5),
        se=0.5,
        se_type="HC1",
        n=100,
        clusters=12,
        source="synthetic",
        directory=tmp_path,
    )
    entry = results.get("training.example_effect", directory=tmp_path)
    assert entry == {
        "value": 1.5,
        "unit": "USD",
        "ci": [0.5, 2.5],
        "se": 0.5,
        "se_type": "HC1",
        "n": 100,
        "clusters": 12,
        "source": "synthetic",
        "note": None,
        "notebook": None,
        "cell": None,
    }


def test_a_bare_finding_still_has_every_field(tmp_path):
    entry = results.record("speech.count", 3, unit="count", source="s", directory=tmp_path)
    assert list(entry) == list(results.FIELDS) and entry["ci"] == [None, None]


def test_null_value_and_one_sided_interval_are_stored(tmp_path):
    results.record(
        "synthesis.cost",
        None,
        unit="yuan",
        ci=(1200.0, None),
        source="s",
        note="effect interval includes zero: no finite upper bound",
        directory=tmp_path,
    )
    entry = results.get("synthesis.cost", directory=tmp_path)
    assert entry["value"] is None and entry["ci"] == [1200.0, None]
    assert results.value("synthesis.cost", directory=tmp_path) is None


def test_range_is_stored_only_where_given(tmp_path):
    a = results.record("synthesis.a", 5.0, unit="yuan", range=(2.0, 9.0), source="s", directory=tmp_path)
    b = results.record("synthesis.b", 5.0, unit="yuan", source="s", directory=tmp_path)
    assert a["range"] == [2.0, 9.0] and "range" not in b


@pytest.mark.parametrize("field", ["value", "se", "ci", "range"])
@pytest.mark.parametrize("bad", [float("inf"), float("-inf"), float("nan"), np.float64("nan")])
def test_infinity_and_nan_are_refused_everywhere(tmp_path, field, bad):
    kwargs = {"value": 1.0}
    if field == "value":
        kwargs["value"] = bad
    elif field in ("ci", "range"):
        kwargs[field] = (0.0, bad)
    else:
        kwargs[field] = bad
    value = kwargs.pop("value")
    with pytest.raises(ValueError, match=r"speech\.bad.*non-finite"):
        results.record("speech.bad", value, unit="u", source="s", directory=tmp_path, **kwargs)
    assert not (tmp_path / "speech.json").exists()


def test_interval_with_low_above_high_is_refused(tmp_path):
    with pytest.raises(ValueError, match="above"):
        results.record("speech.bad", 1, unit="u", ci=(3, 1), source="s", directory=tmp_path)


@pytest.mark.parametrize("flag", ["transferred", "descriptive"])
def test_transferred_or_descriptive_finding_needs_a_note_naming_the_key(tmp_path, flag):
    with pytest.raises(ValueError, match=rf"synthesis\.borrowed.*{flag}"):
        results.record("synthesis.borrowed", 1, unit="u", source="s", directory=tmp_path, **{flag: True})
    entry = results.record(
        "synthesis.borrowed",
        1,
        unit="u",
        source="s",
        note="US 1970s experiment",
        directory=tmp_path,
        **{flag: True},
    )
    assert entry["note"] == "US 1970s experiment"


def test_under_the_build_a_notebook_records_only_its_own_namespace(tmp_path, monkeypatch):
    monkeypatch.setenv(results.NOTEBOOK_ENV, "02_training.ipynb")
    entry = results.record("training.x", 1, unit="u", source="s", directory=tmp_path)
    assert entry["notebook"] == "02_training.ipynb"
    with pytest.raises(
        ValueError, match=r"02_training\.ipynb cannot record into namespace 'speech'.*01_speech"
    ):
        results.record("speech.x", 1, unit="u", source="s", directory=tmp_path)


def test_outside_a_build_notebook_and_cell_are_null(tmp_path, monkeypatch):
    monkeypatch.delenv(results.NOTEBOOK_ENV, raising=False)
    entry = results.record("speech.x", 1, unit="u", source="s", directory=tmp_path)
    assert entry["notebook"] is None and entry["cell"] is None


def test_every_namespace_has_one_owner_including_the_registry():
    assert results.NAMESPACES["registry"] == "07_registry.ipynb"
    assert len(set(results.NAMESPACES.values())) == len(results.NAMESPACES)


def test_file_is_named_after_namespace_with_sorted_keys(tmp_path):
    results.record("jobs.b", 2, unit="x", source="s", directory=tmp_path)
    results.record("jobs.a", 1, unit="x", source="s", directory=tmp_path)
    text = (tmp_path / "jobs.json").read_text(encoding="utf-8")
    assert list(json.loads(text)) == ["jobs.a", "jobs.b"]


def test_recording_twice_gives_byte_identical_files(tmp_path):
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


def test_source_is_required(tmp_path):
    with pytest.raises(ValueError, match="source"):
        results.record("speech.bad", 1, unit="u", source="", directory=tmp_path)


# --------------------------------------------------------------------------- publication


def _seed(directory):
    directory.mkdir()
    (directory / "speech.json").write_text('{"speech.old": {}}\n', encoding="utf-8")
    (directory / "training.json").write_text('{"training.old": {}}\n', encoding="utf-8")
    return {p.name: p.read_bytes() for p in directory.iterdir()}


def test_publish_replaces_writes_and_removes_together(tmp_path):
    target = tmp_path / "results"
    _seed(target)
    results.publish({"speech.json": '{"speech.new": {}}\n', "training.json": None}, target)
    assert {p.name for p in target.iterdir()} == {"speech.json"}
    assert json.loads((target / "speech.json").read_text(encoding="utf-8")) == {"speech.new": {}}
    assert not (tmp_path / ".cache" / "publish").exists() or not any(
        (tmp_path / ".cache" / "publish").iterdir()
    )


def test_disk_full_leaves_previous_results_intact(tmp_path, monkeypatch):
    target = tmp_path / "results"
    before = _seed(target)
    real_fsync = os.fsync
    calls = {"n": 0}

    def fsync(fd):
        calls["n"] += 1
        if calls["n"] == 2:  # the second new file does not fit
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(results.PublishError, match="No space left on device.*previous results.*kept") as info:
        results.publish({"speech.json": "{}\n", "training.json": "{}\n"}, target)
    assert len(str(info.value).splitlines()) == 1
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert not (tmp_path / ".cache" / "publish" / "results").exists()


def test_unwritable_results_folder_leaves_previous_results_intact(tmp_path, monkeypatch):
    target = tmp_path / "results"
    before = _seed(target)
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(results.PublishError, match="Permission denied"):
        results.publish({"speech.json": "{}\n"}, target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before


def test_a_publication_killed_after_its_commit_point_is_completed(tmp_path):
    target = tmp_path / "results"
    _seed(target)
    journal = tmp_path / ".cache" / "publish" / "results"
    journal.mkdir(parents=True)
    (journal / "speech.json").write_text('{"speech.new": {}}\n', encoding="utf-8")
    (journal / "COMMIT").write_text(json.dumps({"write": ["speech.json"], "delete": ["training.json"]}))
    results.recover(target)
    assert {p.name for p in target.iterdir()} == {"speech.json"}
    assert "speech.new" in (target / "speech.json").read_text(encoding="utf-8")
    assert not journal.exists()


def test_a_publication_killed_before_its_commit_point_is_discarded(tmp_path):
    target = tmp_path / "results"
    before = _seed(target)
    journal = tmp_path / ".cache" / "publish" / "results"
    journal.mkdir(parents=True)
    (journal / "speech.json").write_text('{"speech.half": {}}\n', encoding="utf-8")
    (journal / "COMMIT.tmp").write_text("{")
    results.recover(target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert not journal.exists()


def test_is_valid_file_spots_missing_and_corrupt_files(tmp_path):
    good, bad = tmp_path / "a.json", tmp_path / "b.json"
    good.write_text("{}", encoding="utf-8")
    bad.write_text("{", encoding="utf-8")
    assert results.is_valid_file(good)
    assert not results.is_valid_file(bad) and not results.is_valid_file(tmp_path / "none.json")


# --------------------------------------------------------------------------- the site's macros read the same shape


@pytest.fixture
def macros(tmp_path, monkeypatch):
    from analysis import paths
    from analysis.site import macros

    monkeypatch.setattr(paths, "RESULTS", tmp_path)
    return macros


def test_macros_show_a_null_value_as_not_estimable(macros, tmp_path):
    results.record(
        "synthesis.cost", None, unit="yuan", source="s", note="no finite estimate", directory=tmp_path
    )
    assert macros.format_result("synthesis.cost") == "not estimable"


@pytest.mark.parametrize(
    ("ci", "shown"),
    [
        ((1200.0, 3400.0), "1,200 to 3,400"),
        ((1200.0, None), "at least 1,200"),
        ((None, 3400.0), "at most 3,400"),
    ],
)
def test_macros_show_two_and_one_sided_intervals(macros, tmp_path, ci, shown):
    results.record("synthesis.cost", 2000.0, unit="yuan", ci=ci, source="s", directory=tmp_path)
    assert macros.format_ci("synthesis.cost") == shown
    assert macros.format_result("synthesis.cost") == "2,000"


def test_macros_refuse_an_interval_that_was_not_recorded(macros, tmp_path):
    results.record("synthesis.cost", 2000.0, unit="yuan", source="s", directory=tmp_path)
    with pytest.raises(results.ResultKeyError, match=r"synthesis\.cost.*no interval"):
        macros.format_ci("synthesis.cost")
