"""Every path in the project, derived from the project root.

Notebooks and modules import paths from here instead of writing relative paths,
so that code works whatever the current working directory is. ``ANALYSIS_ROOT``
moves the whole project (the test suite builds into a temporary copy);
``ANALYSIS_RESULTS`` moves only the results folder (the build points notebooks at
a staging folder while they run).
"""

from __future__ import annotations

import os
from pathlib import Path

#: Root of the repository (the folder holding ``pyproject.toml``).
ROOT: Path = Path(os.environ.get("ANALYSIS_ROOT", Path(__file__).resolve().parents[2]))
#: The package's own sources (hashed by the build's cache, documented by the API page).
SRC: Path = ROOT / "src" / "analysis"
DATA: Path = ROOT / "data"
RAW: Path = DATA / "raw"
REPORTS_DATA: Path = DATA / "reports"
EVIDENCE_DATA: Path = DATA / "evidence"
NOTEBOOKS: Path = ROOT / "notebooks"
DOCS: Path = ROOT / "docs"
MKDOCS_YML: Path = ROOT / "mkdocs.yml"
LOCK: Path = ROOT / "requirements.lock"
#: Where notebooks write findings; overridable so the build can point notebooks at a staging folder.
RESULTS: Path = Path(os.environ.get("ANALYSIS_RESULTS", ROOT / "results"))
#: Everything the build writes for the site lives under ``docs/generated``.
GENERATED: Path = DOCS / "generated"
#: Executed copies of the notebooks, rendered by mkdocs-jupyter.
EXECUTED: Path = GENERATED / "notebooks"
CHARTS: Path = GENERATED / "charts"
DOWNLOADS: Path = GENERATED / "downloads"
BUILD_INFO: Path = GENERATED / "build_info.json"
SITE: Path = ROOT / "site"
#: Build caches and staging folders (never committed; ``make clean`` removes it).
CACHE: Path = ROOT / ".cache"
#: One ``<notebook>.key`` per executed notebook, and the site's key.
BUILD_CACHE: Path = CACHE / "build"
#: Staging folders of a running build (results, site); a killed build's leftovers are removed by the next one.
STAGING: Path = CACHE / "staging"

SPEECH_RAW: Path = RAW / "speech_jiamusi_2003_scraped.txt"
#: sha256 of the scraped speech exactly as obtained (never edited).
SPEECH_RAW_SHA256 = "5c01f4524be157d55d331a70f9db28a721a4248dcfa73eecdbca308e351d0126"
ANNOTATIONS: Path = DATA / "annotations.csv"
TRANSLATION: Path = DATA / "speech_translation_en.md"
DATASETS_MANIFEST: Path = DATA / "datasets.toml"
JIEBA_USER_DICT: Path = DATA / "jieba_user_dict.txt"
