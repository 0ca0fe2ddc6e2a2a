"""The built site carries no developer output, and its pages and notebooks carry the anchors readers rely on.

Scans ``site/`` as built by ``make site`` (built here if missing): the text a reader sees on every page
(code inputs excluded, since code may legitimately say ``np.nan``) must not contain stderr boxes,
warnings, tracebacks, build paths, memory addresses, pandas ``dtype`` lines or NaN / <NA> / inf.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from analysis import paths

pytestmark = pytest.mark.site

#: What a reader must never see, with why.
DEVELOPER_OUTPUT = {
    "a warning": re.compile(r"\b\w*Warning\b"),
    "a traceback": re.compile(r"Traceback \(most recent call last\)|\w+Error: "),
    "a temporary build path": re.compile(r"/tmp/"),
    "a virtualenv path": re.compile(r"\.venv\b"),
    "a memory address": re.compile(r" at 0x[0-9a-fA-F]+"),
    "a pandas dtype line": re.compile(r"\bdtype: ?\w+"),
    "NaN": re.compile(r"\bNaN\b"),
    "<NA>": re.compile(r"<NA>"),
    "inf": re.compile(r"(?<![\w.])-?inf\b"),
}


@pytest.fixture(scope="module")
def built_site(full_site: Path) -> Path:
    """The session's own build (tests/conftest.py), never the user's site/."""
    return full_site


def _pages(site: Path) -> list[Path]:
    # print_page repeats every page: scanning the pages themselves names the right one
    return sorted(p for p in site.rglob("index.html") if "print_page" not in p.parts)


def _reader_text(html: str) -> str:
    """What a reader sees: no scripts, styles, folded code inputs or the search index."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    # code inputs (folded) and code blocks in the prose pages are code, not output
    for el in soup.select(
        "script, style, details.nb-code, .jp-InputArea, nav.md-nav, .md-sidebar, div.highlight, pre > code[class^=language-]"
    ):
        el.decompose()
    return soup.get_text(" ")


def test_no_stderr_boxes_on_any_page(built_site):
    stderr = re.compile(r'<div[^>]*data-mime-type="application/vnd\.jupyter\.stderr"')
    boxes = {
        p.relative_to(built_site).as_posix(): len(stderr.findall(p.read_text(encoding="utf-8")))
        for p in _pages(built_site)
    }
    _assert_none_outside_pending({k: v for k, v in boxes.items() if v})


def test_no_developer_output_on_any_page(built_site):
    found: dict[str, list[str]] = {}
    for page in _pages(built_site):
        text = _reader_text(page.read_text(encoding="utf-8"))
        rel = page.relative_to(built_site).as_posix()
        for what, pattern in DEVELOPER_OUTPUT.items():
            if rel.startswith("api/") and what in ("NaN", "inf", "a traceback", "a warning"):
                continue  # docstrings document how NaN, inf, warnings and errors are handled
            for m in pattern.finditer(text):
                found.setdefault(rel, []).append(
                    f"{what}: …{text[max(0, m.start() - 40) : m.end() + 40].strip()}…"
                )
    _assert_none_outside_pending(found)


#: Notebook pages whose cells other work is changing now (issue 14, notebook round): their findings
#: make the tests xfail instead of fail; any other page fails. Empty this when that work has merged.
PENDING_NOTEBOOK_PAGES: dict[str, str] = {}


def _assert_none_outside_pending(found: dict) -> None:
    elsewhere = {k: v for k, v in found.items() if k not in PENDING_NOTEBOOK_PAGES}
    assert elsewhere == {}, json.dumps(elsewhere, ensure_ascii=False, indent=1)
    if found:
        pytest.xfail(
            "only on pages whose notebook cells are being changed: "
            + json.dumps(found, ensure_ascii=False)[:2000]
        )


def test_notebook_cells_have_stable_anchors_and_folded_code(built_site):
    import nbformat

    for nb_path in sorted(paths.EXECUTED.glob("[0-9][0-9]_*.ipynb")):
        page = (built_site / "generated" / "notebooks" / nb_path.stem / "index.html").read_text(
            encoding="utf-8"
        )
        nb = nbformat.read(nb_path, as_version=4)
        for cell in nb.cells:
            assert f'id="cell-{cell.id}"' in page, f"{nb_path.name}: no anchor #cell-{cell.id}"
        n_code = sum(c.cell_type == "code" for c in nb.cells)
        assert page.count('<details class="nb-code"') == n_code, nb_path.name
        assert (
            f'href="{nb_path.name}"' in page
            and (built_site / "generated" / "notebooks" / nb_path.stem / nb_path.name).exists()
        )


def test_code_cells_are_left_out_of_the_search_index(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    notebook_text = " ".join(
        d["text"] for d in index["docs"] if d["location"].startswith("generated/notebooks/")
    )
    for code in ("import matplotlib", "results.record(", "plt.show()", "pd.DataFrame"):
        assert code not in notebook_text


def test_chinese_text_carries_lang_zh(built_site):
    from bs4 import BeautifulSoup

    cjk = re.compile(r"[\u4e00-\u9fff]")
    missing: dict[str, list[str]] = {}
    for page in _pages(built_site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for el in soup.select("script, style, head, details.nb-code, svg"):
            el.decompose()
        for s in soup.find_all(string=cjk):
            if not any(str(p.get("lang", "")).startswith("zh") for p in s.parents if hasattr(p, "get")):
                missing.setdefault(page.relative_to(built_site).as_posix(), []).append(s.strip()[:30])
    assert missing == {}, json.dumps(missing, ensure_ascii=False, indent=1)


def test_api_page_shows_no_raw_docstring_roles(built_site):
    text = _reader_text((built_site / "api" / "index.html").read_text(encoding="utf-8"))
    roles = re.findall(r":(?:class|func|mod|data|meth|attr|exc|obj):", text)
    assert roles == []


def test_speech_page_has_sections_and_sources(built_site):
    page = (built_site / "speech" / "index.html").read_text(encoding="utf-8")
    for anchor in ("opening", "part-1", "part-2", "part-2-1", "part-2-7", "closing", "sources"):
        assert f'id="{anchor}"' in page, anchor
    import hashlib

    assert hashlib.sha256(paths.SPEECH_RAW.read_bytes()).hexdigest() in page
    assert "来源::未知" in page and "范文" in page


def test_print_page_holds_every_page(built_site):
    page = (built_site / "print_page" / "index.html").read_text(encoding="utf-8")
    for section in ("The speech", "Glossary", "Bibliography", "Training"):
        assert section in page
    assert not re.search(r'(?:src|href)="https?://(?!127\.0\.0\.1)[^"]+\.(?:js|css)"', page)


def test_footer_cites_the_package_from_citation_cff(built_site):
    import yaml

    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    page = (built_site / "index.html").read_text(encoding="utf-8")
    footer = page[page.index('class="md-footer') :]
    assert cff["title"] in footer and f"{cff['license']}" in footer and "How to cite" in footer
