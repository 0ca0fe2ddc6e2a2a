"""The command line as a user meets it: tables on success, one-line errors on bad input."""

import json
import subprocess
import sys

import pytest

from analysis import paths
from analysis.__main__ import main


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=paths.ROOT)


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


def test_missing_file_gives_one_line_error(tmp_path):
    _assert_one_line_error(run_cli("figures", str(tmp_path / "nope.txt")), "no such file")


def test_empty_file_gives_one_line_error(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    _assert_one_line_error(run_cli("figures", str(p)), "empty")


def test_binary_file_gives_one_line_error(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    _assert_one_line_error(run_cli("figures", str(p)), "not text", "PNG")


def test_nul_bytes_are_refused_as_binary(tmp_path):
    p = tmp_path / "blob.bin"
    p.write_bytes(b"abc\x00\x01\x02" * 100)
    _assert_one_line_error(run_cli("figures", str(p)), "not text")


def test_gbk_file_is_named_with_conversion_hint(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes("今年全市共安置下岗失业人员27111人。".encode("gbk"))
    _assert_one_line_error(run_cli("figures", str(p)), "looks like GBK", "iconv -f GBK -t UTF-8")


def test_big5_file_is_named(tmp_path):
    p = tmp_path / "big5.txt"
    p.write_bytes("再就業工作會議安置兩千人".encode("big5"))
    _assert_one_line_error(run_cli("figures", str(p)), "Big5")


def test_folder_is_refused(tmp_path):
    _assert_one_line_error(run_cli("figures", str(tmp_path)), "folder")


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_utf8_with_bom_is_accepted(tmp_path, fmt, capsys):
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeff安置2000人".encode())
    assert main(["figures", str(p), "--format", fmt]) == 0
    assert "2000" in capsys.readouterr().out
