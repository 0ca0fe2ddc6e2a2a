"""The command line as a user meets it: tables on success, one-line errors on bad input."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from analysis import paths
from analysis.__main__ import main


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """``python -m analysis ARGS`` in a fresh process: the real entry point, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=paths.ROOT
    )


@pytest.fixture
def cli(capsys):
    """``main(ARGS)`` in this process (a fresh interpreter per call costs ~1 s of imports each); an
    exception escaping ``main`` fails the test, as a traceback would."""

    def run(*args: str) -> subprocess.CompletedProcess:
        code = main(list(args))
        out = capsys.readouterr()
        return subprocess.CompletedProcess(["analysis", *args], code, out.out, out.err)

    return run


def test_figures_csv_lists_speech_amounts_with_normalised_values():
    proc = run_cli("figures", str(paths.SPEECH_RAW), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "value,unit,raw,start,end,approx,kind,counter,low,high,sign"
    assert any(line.startswith("12000000.0,yuan,1200万元,") for line in lines)
    assert any(line.startswith("83000.0,person,8.3万人,") for line in lines)
    assert any(line.startswith("82.9,percent,82.9%,") for line in lines)


def test_figures_json_is_valid_json(capsys):
    assert main(["figures", str(paths.SPEECH_RAW), "--format", "json", "--clean"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["raw"] for r in rows} >= {"27111人", "117元"}


def _assert_one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    err = proc.stderr.strip()
    assert err.startswith("error: ") and len(err.splitlines()) == 1, err
    for needle in needles:
        assert needle in err, err


def test_missing_file_gives_one_line_error(tmp_path, cli):
    _assert_one_line_error(cli("figures", str(tmp_path / "nope.txt")), "no such file")


def test_empty_file_gives_one_line_error(tmp_path, cli):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    _assert_one_line_error(cli("figures", str(p)), "empty")


def test_binary_file_gives_one_line_error(tmp_path, cli):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    _assert_one_line_error(cli("figures", str(p)), "not text", "PNG")


def test_nul_bytes_are_refused_as_binary(tmp_path, cli):
    p = tmp_path / "blob.bin"
    p.write_bytes(b"abc\x00\x01\x02" * 100)
    _assert_one_line_error(cli("figures", str(p)), "not text")


def test_gbk_file_is_named_with_conversion_hint(tmp_path, cli):
    p = tmp_path / "gbk.txt"
    p.write_bytes("今年全市共安置下岗失业人员27111人。".encode("gbk"))
    _assert_one_line_error(cli("figures", str(p)), "looks like GBK", "iconv -f GBK -t UTF-8")


def test_big5_file_is_named(tmp_path, cli):
    p = tmp_path / "big5.txt"
    p.write_bytes("再就業工作會議安置兩千人".encode("big5"))
    _assert_one_line_error(cli("figures", str(p)), "Big5")


def test_folder_is_refused(tmp_path, cli):
    _assert_one_line_error(cli("figures", str(tmp_path)), "folder")


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_utf8_with_bom_is_accepted(tmp_path, fmt, capsys):
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeff安置2000人".encode())
    assert main(["figures", str(p), "--format", fmt]) == 0
    assert "2000" in capsys.readouterr().out


# --------------------------------------------------------------------------- results and build commands


def _results_cli(directory, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANALYSIS_RESULTS": str(directory)}
    return subprocess.run(
        [sys.executable, "-m", "analysis", "results", *args],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        env=env,
    )


def test_results_lists_null_values_and_one_sided_intervals(tmp_path):
    from analysis import results

    results.record(
        "synthesis.cost_per_reemployment.training",
        None,
        unit="yuan",
        ci=(1200.0, None),
        source="s",
        note="interval of the effect includes zero",
        directory=tmp_path,
    )
    results.record(
        "synthesis.deadweight", 0.4, unit="share", range=(0.2, 0.6), source="s", directory=tmp_path
    )
    results.record("speech.label", "plan", unit="label", source="s", directory=tmp_path)
    proc = _results_cli(tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = {ln.split()[0]: ln for ln in proc.stdout.splitlines()}
    assert "not estimable  [1200, –]" in lines["synthesis.cost_per_reemployment.training"]
    assert "range  [0.2, 0.6]" in lines["synthesis.deadweight"]
    assert "plan" in lines["speech.label"]


def test_results_filters_by_namespace_and_prints_json(tmp_path):
    from analysis import results

    results.record("speech.a", 1, unit="u", source="s", directory=tmp_path)
    results.record("training.b", 2, unit="u", source="s", directory=tmp_path)
    proc = _results_cli(tmp_path, "training", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert set(json.loads(proc.stdout)) == {"training.b"}


def test_results_without_any_says_how_to_make_them(tmp_path):
    proc = _results_cli(tmp_path)
    assert proc.returncode == 1 and "make site" in proc.stderr and "Traceback" not in proc.stderr


def test_build_only_with_an_unknown_notebook_lists_the_valid_names(tmp_path):
    env = {**os.environ, "ANALYSIS_ROOT": str(tmp_path)}
    shutil.copytree(paths.NOTEBOOKS, tmp_path / "notebooks")
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--only", "99_nope"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "99_nope" in proc.stderr and "01_speech" in proc.stderr and "05_synthesis" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "results").exists(), "nothing was built"
