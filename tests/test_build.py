"""The build: declarations, order, a cache that redoes exactly what changed, failures named, the
site published atomically, the user's tree never touched.

Tests that need executed notebooks use the session's single build into a temporary copy
(``built_project`` in ``conftest.py``); the cache tests copy that project and ask
:func:`analysis.site.build.plan` what a build would execute after one change.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from analysis import paths, results
from analysis.site import build, graph
from conftest import copy_project, run_build

ALL = {
    "01_speech.ipynb",
    "02_training.ipynb",
    "03_subsidies.ipynb",
    "04_job_creation.ipynb",
    "05_synthesis.ipynb",
    "06_reports.ipynb",
    "07_registry.ipynb",
}


def _notebook(tmp_path, *sources: str, name: str = "99_broken.ipynb", analysis: dict | None = None):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    if analysis is not None:
        nb.metadata["analysis"] = analysis
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


# --------------------------------------------------------------------------- declarations (quick)


def _code(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


def _string_constants(code: str) -> list[str]:
    return [
        n.value for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def test_every_notebook_declares_the_namespace_it_owns():
    for nb in build.discover(build.Project.default()):
        assert results.NAMESPACES[nb.writes] == nb.name


def test_declared_reads_cover_every_results_key_the_code_uses():
    """A key of another namespace anywhere in a notebook's code (``r("speech.x")``, a scenarios dict)
    must be declared in ``analysis.reads``; otherwise the cache would miss a change of it."""
    for nb in build.discover(build.Project.default()):
        used = set()
        for s in _string_constants(_code(nb.path)):
            m = re.match(r"^([a-z][a-z0-9_]*)\.[a-z0-9_.]+$", s)
            if m and m.group(1) in results.NAMESPACES and m.group(1) != nb.writes:
                used.add(m.group(1))
        missing = used - set(nb.reads)
        assert not missing, (
            f"{nb.name} reads {sorted(missing)} but its metadata analysis.reads does not say so"
        )


def _data_paths_read_by(modules: set[str], extra_code: str) -> set[Path]:
    """Data paths named in code through ``paths.NAME`` or ``paths.NAME / "file"``."""
    found: set[Path] = set()
    sources = [extra_code] + [
        graph.module_file(m, paths.SRC).read_text(encoding="utf-8")
        for m in modules
        if graph.module_file(m, paths.SRC) and m != "analysis.paths"
    ]
    for src in sources:
        tree = ast.parse("\n".join(ln for ln in src.splitlines() if not ln.lstrip().startswith(("%", "!"))))
        divided = {
            id(n.left): n.right
            for n in ast.walk(tree)
            if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "paths"
            ):
                base = getattr(paths, node.attr, None)
                if not isinstance(base, Path):
                    continue
                right = divided.get(id(node))
                if isinstance(right, ast.Constant) and isinstance(right.value, str):
                    base = base / right.value
                if base == paths.DATA or paths.DATA not in base.parents:
                    continue
                found.add(base)
    return found


def test_declared_data_cover_every_data_file_the_code_reads():
    """Data files named (through ``analysis.paths``) by the notebook or any module it imports, and the
    datasets manifest for a notebook that loads datasets, are declared in ``analysis.data``."""
    project = build.Project.default()
    module_graph = graph.module_graph(paths.SRC)
    for nb in build.discover(project):
        code = _code(nb.path)
        modules = graph.closure(graph.notebook_imports(nb.path, paths.SRC), module_graph)
        needed = _data_paths_read_by(modules, code)
        if "datasets.load(" in code:
            needed.add(paths.DATASETS_MANIFEST)
        declared = set(build.declared_files(project, nb))
        uncovered = []
        for p in needed:
            rel = p.relative_to(paths.ROOT).as_posix()
            if p.is_dir() or not p.suffix:
                ok = any(d.startswith(rel + "/") for d in nb.data)
            else:
                ok = p in declared
            if not ok:
                uncovered.append(rel)
        assert not uncovered, f"{nb.name} reads {sorted(uncovered)}; add them to its metadata analysis.data"


def test_notebook_03_closure_contains_the_panel_estimators_and_their_parents():
    module_graph = graph.module_graph(paths.SRC)
    closure = graph.closure(
        graph.notebook_imports(paths.NOTEBOOKS / "03_subsidies.ipynb", paths.SRC), module_graph
    )
    assert {"analysis", "analysis.estimates", "analysis.estimates.panel"} <= closure
    assert "analysis.site.build" not in closure


def test_order_puts_owners_before_readers():
    names = [nb.name for nb in build.discover(build.Project.default())]
    assert set(names) >= ALL
    for upstream in (
        "01_speech.ipynb",
        "02_training.ipynb",
        "03_subsidies.ipynb",
        "04_job_creation.ipynb",
        "06_reports.ipynb",
    ):
        assert names.index(upstream) < names.index("05_synthesis.ipynb")


def _decl(name: str, writes: str, reads: tuple[str, ...] = ()) -> build.Notebook:
    return build.Notebook(Path(name), writes, reads)


def test_order_is_derived_from_reads_not_from_names():
    nbs = [_decl("01_speech.ipynb", "speech", ("reports",)), _decl("06_reports.ipynb", "reports")]
    assert [nb.name for nb in build.order(nbs)] == ["06_reports.ipynb", "01_speech.ipynb"]


def test_a_cycle_of_reads_is_an_error_naming_the_notebooks():
    nbs = [
        _decl("01_speech.ipynb", "speech", ("reports",)),
        _decl("06_reports.ipynb", "reports", ("speech",)),
    ]
    with pytest.raises(build.BuildError, match=r"cycle.*01_speech.*06_reports"):
        build.order(nbs)


def test_reading_a_namespace_nobody_writes_is_an_error():
    with pytest.raises(build.BuildError, match=r"'registry'"):
        build.order([_decl("05_synthesis.ipynb", "synthesis", ("registry",))])


def test_dependents_are_transitive():
    nbs = [
        _decl("01_speech.ipynb", "speech"),
        _decl("05_synthesis.ipynb", "synthesis", ("speech",)),
        _decl("07_registry.ipynb", "registry", ("synthesis",)),
    ]
    assert build.dependents(nbs, ["01_speech.ipynb"]) == ["05_synthesis.ipynb", "07_registry.ipynb"]


def test_missing_metadata_is_an_error_saying_what_to_add(tmp_path):
    path = _notebook(tmp_path, "x = 1", name="01_speech.ipynb")
    with pytest.raises(build.BuildError, match=r"01_speech\.ipynb.*'analysis'.*writes"):
        build.read_declarations(path)


def test_writing_another_notebooks_namespace_is_an_error(tmp_path):
    path = _notebook(tmp_path, "x = 1", name="02_training.ipynb", analysis={"writes": "speech"})
    with pytest.raises(build.BuildError, match="belongs to 01_speech.ipynb"):
        build.read_declarations(path)


def test_only_with_an_unknown_name_lists_the_valid_names():
    nbs = build.discover(build.Project.default())
    with pytest.raises(build.BuildError, match=r"no such notebook; valid names: .*01_speech.*02_training"):
        build.resolve_only(nbs, ["99_nope"])
    assert build.resolve_only(nbs, ["02", "03_subsidies", "04_job_creation.ipynb"]) == {
        "02_training.ipynb",
        "03_subsidies.ipynb",
        "04_job_creation.ipynb",
    }


def test_source_notebooks_are_committed_without_outputs_and_with_cell_ids():
    for path in build.notebooks():
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert (nb["nbformat"], nb["nbformat_minor"]) >= (4, 5), f"{path.name}: cell ids need nbformat 4.5"
        dirty = [
            i
            for i, c in enumerate(nb["cells"], 1)
            if c["cell_type"] == "code" and (c["outputs"] or c["execution_count"])
        ]
        assert not dirty, (
            f"{path.name}: cells {dirty} have outputs; strip them (nbstripout or Jupyter 'Clear All Outputs')"
        )
        ids = [c.get("id") for c in nb["cells"]]
        assert all(ids) and len(set(ids)) == len(ids), f"{path.name}: every cell needs a unique id"


# --------------------------------------------------------------------------- failures are named


@pytest.mark.notebooks
def test_failing_cell_is_named_with_notebook_cell_and_error(tmp_path):
    nb = _notebook(tmp_path, "x = 1", "1 / 0", "y = 2")  # cells are numbered as Jupyter shows them
    with pytest.raises(build.BuildError) as info:
        build.execute_notebook(nb, tmp_path)
    msg = str(info.value)
    assert "99_broken.ipynb" in msg and "cell 2" in msg and "ZeroDivisionError" in msg


@pytest.mark.notebooks
def test_cell_timeout_is_caught_and_named(tmp_path):
    nb = _notebook(tmp_path, "import time\ntime.sleep(30)")
    with pytest.raises(build.BuildError, match=r"99_broken\.ipynb, cell 1: CellTimeoutError"):
        build.execute_notebook(nb, tmp_path, timeout=2)


@pytest.mark.notebooks
def test_dead_kernel_is_caught_and_named(tmp_path):
    nb = _notebook(tmp_path, "import os\nos._exit(1)")
    with pytest.raises(build.BuildError, match=r"99_broken\.ipynb, cell 1: DeadKernelError"):
        build.execute_notebook(nb, tmp_path)


# --------------------------------------------------------------------------- the cache, on the real notebooks


@pytest.fixture
def project_copy(built_project, tmp_path) -> build.Project:
    """The session's built project (cache keys, results, executed notebooks), copied for one change."""
    root = tmp_path / "p"
    _copy_without_site(built_project.root, root)
    return build.Project.at(root)


def _copy_without_site(source: Path, dest: Path) -> None:
    """Copy a built project without its ``site/`` (``src/analysis/site`` is kept)."""
    shutil.copytree(source, dest, ignore=lambda folder, names: ["site"] if Path(folder) == source else [])


def _would(project: build.Project) -> tuple[set[str], set[str]]:
    runs = build.plan(project)
    return ({r.name for r in runs if r.status == "execute"}, {r.name for r in runs if r.status == "maybe"})


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.notebooks
def test_no_change_executes_nothing(project_copy):
    assert _would(project_copy) == (set(), set())


@pytest.mark.notebooks
def test_editing_the_panel_estimators_reexecutes_03_and_04_and_then_their_readers(project_copy):
    _append(project_copy.src / "estimates" / "panel.py", "\n# an edit\n")
    assert _would(project_copy) == (
        {"03_subsidies.ipynb", "04_job_creation.ipynb"},
        {"05_synthesis.ipynb", "07_registry.ipynb"},
    )


@pytest.mark.notebooks
def test_editing_the_search_dictionary_reexecutes_nothing(project_copy):
    _append(project_copy.data / "jieba_user_dict.txt", "新词 5\n")
    assert _would(project_copy) == (set(), set())


@pytest.mark.notebooks
def test_editing_the_reports_data_reexecutes_only_their_readers(project_copy):
    _append(project_copy.data / "reports" / "sources.csv", "")
    path = project_copy.data / "reports" / "README.md"
    _append(path, "\nmore words\n")  # not a declared input
    assert _would(project_copy) == (set(), set())
    _append(project_copy.data / "reports" / "figures.csv", "\n")
    assert _would(project_copy) == ({"05_synthesis.ipynb", "06_reports.ipynb"}, {"07_registry.ipynb"})


@pytest.mark.notebooks
def test_changing_the_lock_file_reexecutes_every_notebook(project_copy):
    _append(project_copy.root / "requirements.lock", "\n# pin changed\n")
    assert _would(project_copy)[0] == ALL


@pytest.mark.notebooks
def test_editing_a_notebook_reexecutes_it_and_then_its_readers(project_copy):
    path = project_copy.notebooks / "01_speech.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = ["# edited\n", *nb["cells"][0]["source"]]
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
    assert _would(project_copy) == ({"01_speech.ipynb"}, {"05_synthesis.ipynb", "07_registry.ipynb"})


@pytest.mark.notebooks
def test_changed_results_of_an_upstream_notebook_reexecute_its_readers(project_copy):
    path = project_copy.results / "speech.json"
    store = json.loads(path.read_text(encoding="utf-8"))
    store["speech.implied_annual_plan"]["value"] += 1
    path.write_text(results.dumps(store), encoding="utf-8")
    assert _would(project_copy)[0] == {"05_synthesis.ipynb"}


@pytest.mark.notebooks
@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_missing_or_corrupt_results_reexecute_their_notebook(project_copy, damage):
    path = project_copy.results / "jobs.json"
    if damage == "missing":
        path.unlink()
    else:
        path.write_text('{"jobs.ez_claims_fd": ', encoding="utf-8")
    execute, _ = _would(project_copy)
    assert "04_job_creation.ipynb" in execute and "01_speech.ipynb" not in execute


@pytest.mark.notebooks
def test_a_no_change_build_does_no_work_and_changes_nothing(built_project):
    watched = [
        built_project.generated / "build_info.json",
        built_project.site / "index.html",
        built_project.results / "training.json",
    ]
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in watched}
    t0 = time.perf_counter()
    proc = run_build(built_project.root)
    seconds = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stderr
    assert "0 notebook(s) executed" in proc.stdout and "site unchanged" in proc.stdout, proc.stdout
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in watched} == before
    assert seconds < 10, f"a no-change build took {seconds:.1f} s"


# --------------------------------------------------------------------------- the store under the build (tiny notebooks)


def _tiny_project(root: Path) -> build.Project:
    """Three small notebooks with the real package sources: 01 writes speech, 03 writes subsidies
    (and, for the cache only, imports the panel estimators), 05 reads both."""
    shutil.copytree(paths.SRC, root / "src" / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "requirements.lock").write_text("pandas==2.2.3\n", encoding="utf-8")
    (root / "data").mkdir()
    (root / "data" / "input.csv").write_text("x\n1\n", encoding="utf-8")
    rec = "from analysis import results\n"
    _notebook(
        root / "notebooks",
        rec + 'results.record("speech.a", 1, unit="u", source="s")\n'
        'results.record("speech.b", 2, unit="u", source="s")',
        name="01_speech.ipynb",
        analysis={"writes": "speech", "reads": [], "data": ["data/input.csv"]},
    )
    _notebook(
        root / "notebooks",
        rec + "if False:  # seen by the cache's import graph, not run (fast)\n"
        "    import analysis.estimates.panel\n"
        'results.record("subsidies.c", 3, unit="u", source="s")',
        name="03_subsidies.ipynb",
        analysis={"writes": "subsidies", "reads": [], "data": []},
    )
    _notebook(
        root / "notebooks",
        rec + 'results.record("synthesis.sum", results.value("speech.a") + '
        'results.value("subsidies.c"), unit="u", source="s")',
        name="05_synthesis.ipynb",
        analysis={"writes": "synthesis", "reads": ["speech", "subsidies"], "data": []},
    )
    return build.Project.at(root)


@pytest.fixture(scope="module")
def tiny_built(tmp_path_factory) -> build.Project:
    """The tiny project after one full build (three kernels), shared: tests copy it (keys are relative)."""
    project = _tiny_project(tmp_path_factory.mktemp("tiny"))
    build.execute_all(project=project, progress=False)
    return project


def _tiny_built(built: build.Project, tmp_path: Path) -> build.Project:
    shutil.copytree(built.root, tmp_path / "tiny")
    return build.Project.at(tmp_path / "tiny")


def _executed(runs) -> set[str]:
    return {r.name for r in runs if r.status == "executed"}


@pytest.mark.notebooks
def test_build_executes_exactly_what_changed_and_namespaces_start_empty(tmp_path):
    project = _tiny_project(tmp_path)
    (project.results).mkdir()
    (project.results / "orphan.json").write_text('{"orphan.x": {}}\n', encoding="utf-8")
    runs = build.execute_all(project=project, progress=False)
    assert _executed(runs) == {"01_speech.ipynb", "03_subsidies.ipynb", "05_synthesis.ipynb"}
    assert not (project.results / "orphan.json").exists(), "a namespace no notebook writes is removed"
    entry = results.get("speech.a", directory=project.results)
    cell_id = nbformat.read(project.notebooks / "01_speech.ipynb", as_version=4).cells[0].id
    assert entry["notebook"] == "01_speech.ipynb" and entry["cell"] == cell_id
    assert results.value("synthesis.sum", directory=project.results) == 4

    assert _executed(build.execute_all(project=project, progress=False)) == set()

    _append(project.src / "estimates" / "panel.py", "\n# an edit\n")  # same results: readers stay cached
    assert _executed(build.execute_all(project=project, progress=False)) == {"03_subsidies.ipynb"}

    _append(project.data / "input.csv", "2\n")
    assert _executed(build.execute_all(project=project, progress=False)) == {"01_speech.ipynb"}

    # 01 stops recording speech.b and changes speech.a: b disappears, 05 re-executes on the new value
    nb = nbformat.read(project.notebooks / "01_speech.ipynb", as_version=4)
    nb.cells[0].source = 'from analysis import results\nresults.record("speech.a", 10, unit="u", source="s")'
    nbformat.write(nb, project.notebooks / "01_speech.ipynb")
    assert _executed(build.execute_all(project=project, progress=False)) == {
        "01_speech.ipynb",
        "05_synthesis.ipynb",
    }
    assert set(results.load_all(project.results)) == {"speech.a", "subsidies.c", "synthesis.sum"}
    assert results.value("synthesis.sum", directory=project.results) == 13

    (project.results / "subsidies.json").write_text("{not json", encoding="utf-8")
    assert _executed(build.execute_all(project=project, progress=False)) == {"03_subsidies.ipynb"}

    _append(project.root / "requirements.lock", "numpy==2.0.0\n")
    assert len(_executed(build.execute_all(project=project, progress=False))) == 3
    assert not list((project.root / ".cache" / "staging").glob("*")), "no staging folder is left behind"


@pytest.mark.notebooks
def test_only_runs_that_notebook_and_marks_its_readers_stale(tiny_built, tmp_path):
    project = _tiny_built(tiny_built, tmp_path)
    nb = nbformat.read(project.notebooks / "01_speech.ipynb", as_version=4)
    nb.cells[0].source = 'from analysis import results\nresults.record("speech.a", 5, unit="u", source="s")'
    nbformat.write(nb, project.notebooks / "01_speech.ipynb")
    runs = {r.name: r.status for r in build.execute_all(only=["01_speech"], project=project, progress=False)}
    assert runs == {
        "01_speech.ipynb": "executed",
        "03_subsidies.ipynb": "cached",
        "05_synthesis.ipynb": "stale",
    }
    # the next full build runs the stale reader
    assert _executed(build.execute_all(project=project, progress=False)) == {"05_synthesis.ipynb"}


@pytest.mark.notebooks
def test_a_failing_notebook_publishes_nothing(tiny_built, tmp_path):
    project = _tiny_built(tiny_built, tmp_path)
    before = {p.name: p.read_bytes() for p in project.results.glob("*.json")}
    nb = nbformat.read(project.notebooks / "05_synthesis.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("1 / 0"))
    nbformat.write(nb, project.notebooks / "05_synthesis.ipynb")
    _append(project.data / "input.csv", "3\n")  # 01 re-executes successfully first
    with pytest.raises(
        build.BuildError, match=r"05_synthesis\.ipynb, cell 2: CellExecutionError: ZeroDivisionError"
    ):
        build.execute_all(project=project, progress=False)
    assert {p.name: p.read_bytes() for p in project.results.glob("*.json")} == before


@pytest.mark.notebooks
def test_ctrl_c_exits_130_with_one_line_and_loses_nothing(tiny_built, tmp_path):
    project = _tiny_built(tiny_built, tmp_path)
    before = {p.name: p.read_bytes() for p in project.results.glob("*.json")}
    nb = nbformat.read(project.notebooks / "03_subsidies.ipynb", as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell("import time\ntime.sleep(60)"))
    nbformat.write(nb, project.notebooks / "03_subsidies.ipynb")
    env = {**os.environ, "ANALYSIS_ROOT": str(project.root)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis", "build", "--no-site"],
        cwd=project.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline and not list((project.root / ".cache" / "staging").glob("results-*")):
        time.sleep(0.2)
    time.sleep(3)  # the kernel is running the sleeping cell
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    lines = [
        ln for ln in err.splitlines() if ln.strip() and "WARNING" not in ln and "eavesdropping" not in ln
    ]
    assert len(lines) == 1 and "interrupted" in lines[0], err
    assert {p.name: p.read_bytes() for p in project.results.glob("*.json")} == before
    assert not list((project.root / ".cache" / "staging").glob("*"))


# --------------------------------------------------------------------------- the full build (session fixture)


@pytest.mark.notebooks
@pytest.mark.site
def test_every_notebook_executes_and_site_builds(built_project):
    for nb in ALL:
        assert (built_project.executed / nb).exists()
    index = (built_project.site / "index.html").read_text(encoding="utf-8")
    assert "Jiamusi" in index
    speech_html = (built_project.site / "speech" / "index.html").read_text(encoding="utf-8")
    assert "同志们" in speech_html and "Comrades" in speech_html


@pytest.mark.notebooks
def test_the_users_tree_is_not_written_by_the_session_build(built_project):
    assert built_project.root != paths.ROOT and paths.ROOT not in built_project.root.parents


@pytest.mark.notebooks
def test_speech_results_have_the_one_record_shape(built_project):
    entry = results.get("speech.implied_annual_plan", directory=built_project.results)
    assert entry["value"] == pytest.approx(27111 / 0.829)
    assert entry["unit"] == "person" and entry["source"]
    assert set(results.FIELDS) <= set(entry)
    assert entry["notebook"] == "01_speech.ipynb" and entry["cell"]


@pytest.mark.notebooks
def test_every_finding_names_the_notebook_cell_that_recorded_it(built_project):
    for key, entry in results.load_all(built_project.results).items():
        owner = results.NAMESPACES[results.namespace_of(key)]
        assert entry.get("notebook") == owner, key
        nb = json.loads((built_project.root / "notebooks" / owner).read_text(encoding="utf-8"))
        assert entry.get("cell") in {c.get("id") for c in nb["cells"]}, key


@pytest.mark.slow
@pytest.mark.notebooks
def test_two_builds_give_byte_identical_results(built_project, tmp_path):
    root = tmp_path / "again"
    _copy_without_site(built_project.root, root)
    proc = run_build(root, "--force", "--no-site")
    assert proc.returncode == 0, proc.stderr
    first = {p.name: p.read_bytes() for p in sorted(built_project.results.glob("*.json"))}
    again = {p.name: p.read_bytes() for p in sorted((root / "results").glob("*.json"))}
    assert again == first


@pytest.mark.site
def test_site_works_offline_without_cdn(full_site):
    for page in full_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for cdn in ("fonts.googleapis.com", "cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com"):
            assert f'src="https://{cdn}' not in text and f'href="https://{cdn}' not in text, (
                f"{page}: loads {cdn}"
            )


@pytest.mark.site
def test_missing_result_key_fails_the_build_and_keeps_the_old_site(built_project, tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.copytree(built_project.generated, project / "docs" / "generated")
    shutil.copytree(built_project.results, project / "results")
    (project / "docs" / "index.md").write_text(
        '# Home\n\nValue: {{ result("training.no_such_key") }}\n', encoding="utf-8"
    )
    old_site = project / "site"
    old_site.mkdir()
    (old_site / "index.html").write_text("previous site", encoding="utf-8")
    with pytest.raises(build.BuildError, match=r"training\.no_such_key"):
        build.build_site(project_dir=project)
    assert (old_site / "index.html").read_text(encoding="utf-8") == "previous site"
    assert not list((project / ".cache" / "staging").glob("*")), "the failed site's staging folder is removed"


@pytest.mark.site
def test_build_info_lists_every_notebook(built_project):
    info = json.loads((built_project.generated / "build_info.json").read_text(encoding="utf-8"))
    assert {n["name"] for n in info["notebooks"]} == ALL
    assert all(isinstance(n["seconds"], float) for n in info["notebooks"])
    assert info["python"] and info["packages"]["pandas"] != "not installed"


@pytest.mark.site
def test_executed_notebooks_carry_no_memory_addresses(built_project):
    for nb in built_project.executed.glob("*.ipynb"):
        text = nb.read_text(encoding="utf-8")
        assert " at 0x" not in text, (
            f"{nb.name}: an output shows a memory address (use charts.format_table, not Styler)"
        )


@pytest.mark.site
def test_data_page_downloads_are_published(full_site):
    downloads = full_site / "generated" / "downloads"
    for name in ("speech_figures.csv", "annotations.csv", "speech_translation_en.txt", "results.json"):
        assert (downloads / name).exists(), name
    assert "1200万元" in (downloads / "speech_figures.csv").read_text(encoding="utf-8")
