"""Every path in the project, derived from the project root.

Notebooks and modules import paths from here instead of writing relative paths,
so that code works whatever the current working directory is.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Root of the repository (the folder holding ``pyproject.toml``).
ROOT: Path = Path(os.environ.get("ANALYSIS_ROOT", Path(__file__).resolve().parents[2]))
DATA: Path = ROOT / "data"
RAW: Path = DATA / "raw"
REPORTS_DATA: Path = DATA / "reports"
NOTEBOOKS: Path = ROOT / "notebooks"
DOCS: Path = ROOT / "docs"
#: Where notebooks write findings; overridable so tests can use a temporary folder.
RESULTS: Path = Path(os.environ.get("ANALYSIS_RESULTS", ROOT / "results"))
#: Executed copies of the notebooks, rendered by mkdocs-jupyter.
EXECUTED: Path = DOCS / "generated" / "notebooks"
GENERATED: Path = DOCS / "generated"
SITE: Path = ROOT / "site"

SPEECH_RAW: Path = RAW / "speech_jiamusi_2003_scraped.txt"
#: sha256 of the scraped speech exactly as obtained (never edited).
SPEECH_RAW_SHA256 = "5c01f4524be157d55d331a70f9db28a721a4248dcfa73eecdbca308e351d0126"
ANNOTATIONS: Path = DATA / "annotations.csv"
TRANSLATION: Path = DATA / "speech_translation_en.md"
