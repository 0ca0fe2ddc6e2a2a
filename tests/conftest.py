"""Shared fixtures: one build per test session, into a temporary copy of the project.

The user's own ``results/``, ``site/``, ``docs/generated/`` and ``.cache/`` are never
written by the tests: the build runs in a subprocess with ``ANALYSIS_ROOT`` pointing
at the copy (the kernels inherit it), and tests read the copy's outputs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis import paths

# nbformat -> jsonschema would compile rfc3987_syntax's lark grammars at import (seconds, DESIGN §8) for an
# "iri" format check no notebook uses; jsonschema skips it when the import fails. The build does the same.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

#: What a build reads; everything else (results, site, generated files, caches) it makes.
PROJECT_INPUTS = (
    "notebooks",
    "data",
    "docs",
    "src",
    "overrides",
    "mkdocs.yml",
    "CITATION.cff",
    "requirements.lock",
    "pyproject.toml",
)


def copy_project(dest: Path, source: Path = paths.ROOT) -> Path:
    """A copy of the project's inputs under ``dest`` (no results, site, generated files or caches)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "generated", ".ipynb_checkpoints")
    for name in PROJECT_INPUTS:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def run_build(root: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    """``python -m analysis build ARGS`` with the project root at ``root``."""
    env = {**os.environ, "ANALYSIS_ROOT": str(root)}
    env.pop("ANALYSIS_RESULTS", None)
    return subprocess.run(
        [sys.executable, "-m", "analysis", "build", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@dataclass(frozen=True)
class BuiltProject:
    """A project copy after one full build: where its outputs are."""

    root: Path
    log: str

    results = property(lambda self: self.root / "results")
    site = property(lambda self: self.root / "site")
    executed = property(lambda self: self.root / "docs" / "generated" / "notebooks")
    generated = property(lambda self: self.root / "docs" / "generated")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> BuiltProject:
    """Execute every notebook and build the site once, as CI does, into a temporary copy."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    proc = run_build(root)
    assert proc.returncode == 0, f"the build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return BuiltProject(root, proc.stdout)


@pytest.fixture(scope="session")
def full_site(built_project) -> Path:
    """The built site folder of the session's project copy."""
    return built_project.site
