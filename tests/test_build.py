"""The build: notebooks execute cleanly, failures are named, the site is published atomically.

The full build (every notebook re-executed, then ``mkdocs build --strict``) is what CI
relies on; it is marked ``notebooks`` and ``site`` so ``make test-quick`` can skip it.
"""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest

from analysis import paths, results
from analysis.site import build

pytestmark = pytest.mark.notebooks


def _notebook(tmp_path, *sources: str, name: str = "99_broken.ipynb"):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def test_failing_cell_is_named_with_notebook_cell_and_error(tmp_path):
    nb = _notebook(tmp_path, "x = 1", "1 / 0", "y = 2")  # cells are numbered as Jupyter shows them
    with pytest.raises(build.BuildError) as info:
        build.execute_notebook(nb, tmp_path)
    msg = str(info.value)
    assert "99_broken.ipynb" in msg and "cell 2" in msg and "ZeroDivisionError" in msg


def test_cell_timeout_is_caught_and_named(tmp_path):
    nb = _notebook(tmp_path, "import time\ntime.sleep(30)")
    with pytest.raises(build.BuildError, match=r"99_broken\.ipynb, cell 1: CellTimeoutError"):
        build.execute_notebook(nb, tmp_path, timeout=2)


def test_dead_kernel_is_caught_and_named(tmp_path):
    nb = _notebook(tmp_path, "import os\nos._exit(1)")
    with pytest.raises(build.BuildError, match=r"99_broken\.ipynb, cell 1: DeadKernelError"):
        build.execute_notebook(nb, tmp_path)


def test_source_notebooks_are_committed_without_outputs():
    for path in build.notebooks():
        nb = nbformat.read(path, as_version=4)
        dirty = [i for i, c in enumerate(nb.cells, 1) if c.cell_type == "code" and (c.outputs or c.execution_count)]
        assert not dirty, f"{path.name}: cells {dirty} have outputs; strip them (nbstripout or Jupyter 'Clear All Outputs')"


@pytest.fixture(scope="module")
def full_build():
    """Re-execute every notebook and build the site, as CI does."""
    assert build.main(force=True) == 0, "the build failed: see the message above"
    return {p.name: p.read_bytes() for p in sorted(paths.RESULTS.glob("*.json"))}


@pytest.mark.site
def test_every_notebook_executes_and_site_builds(full_build):
    for nb in build.notebooks():
        assert (paths.EXECUTED / nb.name).exists()
    index = (paths.SITE / "index.html").read_text(encoding="utf-8")
    assert "Jiamusi" in index
    speech_html = (paths.SITE / "speech" / "index.html").read_text(encoding="utf-8")
    assert "同志们" in speech_html and "Comrades" in speech_html


@pytest.mark.site
def test_speech_results_are_recorded_with_unit_and_source(full_build):
    entry = results.get("speech.implied_annual_plan")
    assert entry["value"] == pytest.approx(27111 / 0.829)
    assert entry["unit"] == "person" and entry["source"]


@pytest.mark.site
def test_two_builds_give_byte_identical_results(full_build):
    build.execute_all(force=True, progress=False)
    again = {p.name: p.read_bytes() for p in sorted(paths.RESULTS.glob("*.json"))}
    assert again == full_build


@pytest.mark.site
def test_site_works_offline_without_cdn(full_build):
    for page in paths.SITE.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for cdn in ("fonts.googleapis.com", "cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com"):
            assert f'src="https://{cdn}' not in text and f'href="https://{cdn}' not in text, f"{page}: loads {cdn}"


@pytest.mark.site
def test_missing_result_key_fails_the_build_and_keeps_the_old_site(full_build, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(paths.DOCS, project / "docs")
    shutil.copy(paths.ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "src" / "analysis" / "site").mkdir(parents=True)
    shutil.copytree(paths.DATA, project / "data")
    shutil.copy(paths.ROOT / "src" / "analysis" / "site" / "macros.py", project / "src" / "analysis" / "site" / "macros.py")
    (project / "docs" / "index.md").write_text('# Home\n\nValue: {{ result("training.no_such_key") }}\n', encoding="utf-8")
    old_site = project / "site"
    old_site.mkdir()
    (old_site / "index.html").write_text("previous site", encoding="utf-8")
    with pytest.raises(build.BuildError, match=r"training\.no_such_key"):
        build.build_site(project_dir=project)
    assert (old_site / "index.html").read_text(encoding="utf-8") == "previous site"


def test_build_info_lists_every_notebook(full_build):
    info = json.loads(build.BUILD_INFO.read_text(encoding="utf-8"))
    assert [n["name"] for n in info["notebooks"]] == [p.name for p in build.notebooks()]
    assert info["python"] and info["packages"]["pandas"] != "not installed"


@pytest.mark.site
def test_executed_notebooks_carry_no_memory_addresses(full_build):
    for nb in paths.EXECUTED.glob("*.ipynb"):
        text = nb.read_text(encoding="utf-8")
        assert " at 0x" not in text, f"{nb.name}: an output shows a memory address (use charts.format_table, not Styler)"


@pytest.mark.site
def test_data_page_downloads_are_published(full_build):
    downloads = paths.SITE / "generated" / "downloads"
    for name in ("speech_figures.csv", "annotations.csv", "speech_translation_en.txt", "results.json"):
        assert (downloads / name).exists(), name
    assert "1200万元" in (downloads / "speech_figures.csv").read_text(encoding="utf-8")
