"""Public datasets: provenance manifest, checksums, schemas, clear errors."""

import subprocess
import sys

import pytest

from analysis import datasets, paths, schemas


@pytest.mark.parametrize("name", datasets.names())
def test_every_dataset_loads_and_matches_its_manifest(name):
    frame = datasets.load(name)
    entry = datasets.manifest()[name]
    assert frame.shape == (entry["rows"], entry["columns"])
    assert entry["citation"] and entry["licence"] and entry["study"]


def test_manifest_covers_every_dataset_of_the_analysis():
    assert set(datasets.names()) == {"jtrain2", "jtrain3", "jtrain98", "jtrain", "ezunem", "jobs2", "unempdur"}
    assert set(schemas.SCHEMAS) == set(datasets.names())


def test_corrupted_value_is_caught_with_dataset_and_checksum_named():
    frame = datasets.load("jtrain2")
    frame.loc[0, "re78"] += 1.0
    with pytest.raises(datasets.DatasetIntegrityError, match=r"'jtrain2'.*sha256"):
        datasets.verify("jtrain2", frame)


def test_dropped_rows_are_reported_as_rows():
    frame = datasets.load("ezunem").iloc[:-3]
    with pytest.raises(datasets.DatasetIntegrityError, match=r"rows 195 \(expected 198\)"):
        datasets.verify("ezunem", frame)


def test_schema_violation_is_reported():
    frame = datasets.load("jtrain2")
    frame.loc[0, "train"] = 7
    with pytest.raises(datasets.DatasetIntegrityError, match="breaks its schema"):
        schemas.validate("jtrain2", frame)


def test_unknown_dataset_lists_known_names():
    with pytest.raises(KeyError, match="known datasets: ezunem"):
        datasets.load("nsw")


def test_checksum_is_of_the_canonical_serialisation():
    frame = datasets.load("jtrain98")
    assert datasets.canonical_sha256(frame) == datasets.manifest()["jtrain98"]["sha256"]
    assert datasets.canonical_sha256(frame.iloc[::-1]) != datasets.manifest()["jtrain98"]["sha256"]


def test_cli_lists_datasets_with_provenance():
    proc = subprocess.run([sys.executable, "-m", "analysis", "datasets"], capture_output=True, text=True,
                          cwd=paths.ROOT)
    assert proc.returncode == 0
    assert "jtrain2" in proc.stdout and "Dehejia" in proc.stdout and "sha256" in proc.stdout


def test_manifest_markdown_has_a_row_per_dataset():
    table = datasets.manifest_markdown()
    assert table.count("\n| `") == len(datasets.names())
