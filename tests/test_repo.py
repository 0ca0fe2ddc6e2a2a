"""Repository hygiene: the set-up contract, ignored build outputs, lint."""

import shutil
import subprocess

import pytest

from analysis import paths


def test_readme_opens_with_the_two_commands():
    head = (paths.ROOT / "README.md").read_text(encoding="utf-8").split("## ")[0]
    assert "make site" in head and "make test" in head


def test_ci_runs_the_readme_test_command():
    assert "make test" in (paths.ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _ignored(path: str) -> bool:
    return subprocess.run(["git", "check-ignore", "-q", path], cwd=paths.ROOT).returncode == 0


@pytest.mark.skipif(not (paths.ROOT / ".git").exists(), reason="not a git checkout")
@pytest.mark.parametrize(
    "path",
    [
        ".venv/bin/python",
        "site/index.html",
        ".cache/build/x",
        "results/training.json",
        "docs/generated/charts/a.png",
    ],
)
def test_gitignore_covers_build_outputs(path):
    assert _ignored(path), f"{path} would be committed: add it to .gitignore"


@pytest.mark.skipif(not (paths.ROOT / ".git").exists(), reason="not a git checkout")
@pytest.mark.parametrize(
    "path",
    ["src/analysis/site/__init__.py", "src/analysis/site/graph.py", "data/reports/panel/a_sources.csv"],
)
def test_gitignore_does_not_hide_source_files(path):
    """The built site/ is ignored, but not the package's own site/ subpackage (its __init__ once went missing)."""
    assert not _ignored(path), f"{path} is ignored by .gitignore"


def test_dependencies_are_pinned_exactly():
    lines = [
        ln
        for ln in (paths.ROOT / "requirements.lock").read_text().splitlines()
        if ln and not ln.startswith("#")
    ]
    loose = [ln for ln in lines if "==" not in ln]
    assert lines and not loose, f"unpinned lines in requirements.lock: {loose}"


def test_ruff_lint_passes_on_code_and_notebooks():
    ruff = shutil.which("ruff", path=str(paths.ROOT / ".venv" / "bin")) or shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed in the environment (it is pinned in requirements.lock)")
    proc = subprocess.run(
        [ruff, "check", "src", "tests", "notebooks", "benchmarks"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _ruff() -> str:
    ruff = shutil.which("ruff", path=str(paths.ROOT / ".venv" / "bin")) or shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed in the environment (it is pinned in requirements.lock)")
    return ruff


def test_ruff_format_leaves_code_and_notebooks_unchanged():
    """``make format`` has been run: the tree is in ruff's format (code, tests, notebooks, benchmarks)."""
    proc = subprocess.run(
        [
            _ruff(),
            "format",
            "--check",
            "--output-format",
            "concise",
            "src",
            "tests",
            "notebooks",
            "benchmarks",
        ],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
    )
    unformatted = sorted({ln.split(":", 1)[0] for ln in proc.stdout.splitlines() if ": unformatted:" in ln})
    assert proc.returncode == 0, (
        f"run 'make format'; not formatted: {unformatted or proc.stdout + proc.stderr}"
    )


@pytest.mark.parametrize("target", ["lint", "format", "bench", "test-quick", "clean"])
def test_makefile_has_the_documented_targets(target):
    assert f"\n{target}:" in (paths.ROOT / "Makefile").read_text(encoding="utf-8")
