"""The site's own mkdocs plugin (``analysis-site`` in mkdocs.yml): presentation fixes applied to every page.

A plugin rather than a ``hooks:`` entry because mkdocs-print-site must be the last plugin and counts
hooks as plugins; registered through the ``mkdocs.plugins`` entry point in pyproject.toml.

What they do, and why here rather than in the notebooks or the templates:

* **notebook pages** (rendered by mkdocs-jupyter): each cell gets a stable anchor
  ``#cell-<nbformat cell id>`` (so ``generated/notebooks/02_training/#cell-<id>`` lands on the cell
  that recorded a number); code inputs are folded into a ``<details>`` that is closed by default;
  code inputs and raw outputs are marked ``data-search-exclude`` so search ranks prose; a pandas
  ``RangeIndex`` column (0, 1, 2, ...) is dropped from tables; charts get a figure number, and an
  alt text in place of mkdocs-jupyter's "No description has been provided for this image"; a
  download link for the executed notebook is added under the title;
* **the API page**: Sphinx roles left in docstrings (``:class:`x```, ``:func:`x``` ...) are
  rendered as code, linked to the object's entry when it is documented on the page;
* **every page**: each run of Chinese text gets ``lang="zh"`` (screen readers, fonts, line breaking);
* **the footer** (``overrides/partials/copyright.html``) reads the citation from ``CITATION.cff``.

The page hooks run before other plugins' ``on_page_content`` (priority 50), so the print-site
page and the search index see the same HTML as the pages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority

#: CJK ideographs, CJK punctuation and full-width forms.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
#: A Chinese passage: starts and ends with a CJK character; digits, spaces and light punctuation may
#: sit inside it (``1-8月份``, ``8.3万人``), Latin words may not (they end the passage).
_CJK_RUN = re.compile(rf"[{_CJK}](?:[\d\s.,%·:/\-–~()]*[{_CJK}])*")
_HAS_CJK = re.compile(rf"[{_CJK}]")
_ROLE = re.compile(
    r":(?:py:)?(class|func|mod|data|meth|attr|exc|obj|const):(<code>)?`?~?([\w.]+)`?(</code>)?"
)
_NO_ALT = "No description has been provided for this image"
_SKIP_LANG = {"script", "style", "textarea", "svg", "math", "head", "title"}


def _soup(html: str) -> Any:
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def _is_notebook(page: Any) -> bool:
    return page.file.src_uri.endswith(".ipynb")


# --------------------------------------------------------------------------- config: citation for the footer


def citation(root: Path) -> dict[str, str]:
    """Citation fields from ``CITATION.cff``: title, version, year, authors, licence and a one-line text."""
    import yaml

    path = root / "CITATION.cff"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: the footer's how-to-cite line is built from it")
    cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    authors = "; ".join(
        a.get("name") or " ".join(filter(None, [a.get("given-names"), a.get("family-names")]))
        for a in cff.get("authors", [])
    )
    year = str(cff.get("date-released", ""))[:4]
    version = str(cff.get("version", ""))
    text = (
        f"{authors} ({year}). {cff['title']}. Version {version}." if year else f"{authors}. {cff['title']}."
    )
    return {
        "title": cff["title"],
        "authors": authors,
        "year": year,
        "version": version,
        "license": cff.get("license", ""),
        "message": cff.get("message", ""),
        "repository": cff.get("repository-code", ""),
        "text": text,
    }


def on_config(config: Any, **_: Any) -> Any:
    from analysis import paths

    config.extra["citation"] = citation(paths.ROOT)
    info = paths.GENERATED / "build_info.json"
    config.extra["build_commit"] = (
        json.loads(info.read_text(encoding="utf-8")).get("commit", "") if info.exists() else ""
    )
    return config


# --------------------------------------------------------------------------- page content


@event_priority(50)
def on_page_content(html: str, page: Any, config: Any, files: Any, **_: Any) -> str:
    if page.file.src_uri == "api.md":
        html = render_roles(html)
    if "tags" not in page.meta and page.title:
        # Material's search weighs tags far above text (x1e6): a page's own title words, singular and
        # plural, make "subsidy" find the Subsidies notebook first. Tags are not shown (no tags plugin).
        page.meta["tags"] = title_keywords(str(page.title))
    soup = _soup(html)
    if _is_notebook(page):
        _notebook_page(soup, page)
    mark_chinese(soup)
    return str(soup)


_STOP = {
    "the",
    "and",
    "for",
    "with",
    "other",
    "what",
    "how",
    "this",
    "that",
    "from",
    "whole",
    "site",
    "places",
}


def title_keywords(title: str) -> list[str]:
    """Search keywords from a page title: its words of four letters or more, with plural → singular.

    >>> title_keywords("03 Subsidies")
    ['subsidies', 'subsidy']
    """
    words = [w.lower() for w in re.findall(r"[A-Za-z]{4,}", title) if w.lower() not in _STOP]
    out: list[str] = []
    for w in words:
        out.append(w)
        if w.endswith("ies"):
            out.append(w[:-3] + "y")
        elif w.endswith("s") and not w.endswith(("ss", "sis", "us")):
            out.append(w[:-1])
    return list(dict.fromkeys(out))


def _notebook_page(soup: Any, page: Any) -> None:
    # Stable anchors: nbconvert writes id="cell-id=<id>"; a link wants #cell-<id>.
    for cell in soup.select("div.jp-Cell[id]"):
        if cell["id"].startswith("cell-id="):
            cell["id"] = "cell-" + cell["id"][len("cell-id=") :]
    # mkdocs-jupyter's copy buttons use ids "cell-1", "cell-2" ... that could collide with a cell
    # anchor: rename them (and the buttons' "for") to "nb-copy-N".
    for txt in soup.select("div.clipboard-copy-txt[id]"):
        txt["id"] = "nb-copy-" + txt["id"].removeprefix("cell-")
    for button in soup.select("clipboard-copy[for]"):
        button["for"] = "nb-copy-" + button["for"].removeprefix("cell-")
    # mkdocs-jupyter wraps each code cell in an extra div without an id: nothing to do for it.
    for cell in soup.select("div.jp-CodeCell"):
        wrapper = cell.find("div", class_="jp-Cell-inputWrapper", recursive=False)
        if wrapper is not None:
            details = soup.new_tag("details", attrs={"class": "nb-code", "data-search-exclude": ""})
            summary = soup.new_tag("summary")
            summary.string = "Code"
            wrapper.wrap(details)
            details.insert(0, summary)
        for out in cell.find_all("div", class_="jp-Cell-outputWrapper", recursive=False):
            # Printed text and tables are outputs of code: kept on the page, left out of search. The
            # marker goes on a wrapper tag that never nests in itself: Material's search parser matches
            # excluded elements by tag name, so a <div> marker ends at the first inner </div>.
            section = soup.new_tag("section", attrs={"class": "nb-output", "data-search-exclude": ""})
            out.wrap(section)
    for table in soup.select("table.dataframe"):
        _drop_range_index(table)
        table["class"] = [*table.get("class", []), "nb-table"]
    _number_charts(soup)
    _download_link(soup, page)


def _drop_range_index(table: Any) -> None:
    """Remove a pandas RangeIndex column (an empty header over 0, 1, 2, ...): it is not data."""
    body_rows = table.select("tbody > tr")
    if not body_rows:
        return
    firsts = [tr.find(["th", "td"]) for tr in body_rows]
    if any(c is None or c.name != "th" for c in firsts):
        return
    if [c.get_text(strip=True) for c in firsts] != [str(i) for i in range(len(firsts))]:
        return
    head_rows = table.select("thead > tr")
    if any((tr.find(["th", "td"]) is None or tr.find(["th", "td"]).get_text(strip=True)) for tr in head_rows):
        return
    for tr in head_rows:
        tr.find(["th", "td"]).decompose()
    for c in firsts:
        c.decompose()


def _number_charts(soup: Any) -> None:
    """Give each chart a figure number and an alt text taken from the heading it sits under."""
    n = 0
    for img in soup.select("div.jp-OutputArea-output img"):
        n += 1
        heading = img.find_previous(["h2", "h3"])
        title = heading.get_text(" ", strip=True).rstrip("¶").strip() if heading else ""
        alt = img.get("alt", "")
        if not alt or alt == _NO_ALT:
            img["alt"] = f"Chart {n}: {title}" if title else f"Chart {n}"
        img["loading"] = "lazy"
        caption = soup.new_tag("p", attrs={"class": "nb-chart-caption"})
        strong = soup.new_tag("strong")
        strong.string = f"Figure {n}."
        caption.append(strong)
        if title:
            caption.append(" " + title)
        img.insert_after(caption)


def _download_link(soup: Any, page: Any) -> None:
    name = Path(page.file.src_uri).name
    link = soup.new_tag("a", attrs={"href": name, "download": name, "class": "md-button nb-download"})
    link.string = f"Download the executed notebook ({name})"
    toggle = soup.new_tag(
        "button", attrs={"type": "button", "class": "md-button nb-code-toggle", "data-search-exclude": ""}
    )
    toggle.string = "Show all code"
    bar = soup.new_tag("p", attrs={"class": "nb-actions", "data-search-exclude": ""})
    bar.append(link)
    bar.append(" ")
    bar.append(toggle)
    first = soup.find(["h1", "h2"])
    if first is not None:
        # after the notebook's title cell
        anchor = first.find_parent("div", class_="jp-Cell") or first
        anchor.insert_after(bar)
    else:
        soup.insert(0, bar)


def render_roles(html: str) -> str:
    """``:class:`~analysis.x.Y``` -> ``<code>Y</code>``, linked when ``#analysis.x.Y`` is on the page."""
    ids = set(re.findall(r'id="([^"]+)"', html))
    return _ROLE.sub(lambda m: _role_html(m, ids), html)


def _role_html(m: re.Match[str], ids: set[str]) -> str:
    target = m.group(3)
    shown = target.rsplit(".", 1)[-1] if "~" in m.group(0) else target
    if m.group(1) in ("func", "meth"):
        shown += "()"
    code = f"<code>{shown}</code>"
    candidates = [target, f"analysis.{target}"]
    for c in candidates:
        if c in ids:
            return f'<a class="autorefs" href="#{c}">{code}</a>'
    return code


# --------------------------------------------------------------------------- lang="zh"


def mark_chinese(soup: Any) -> None:
    """Give every Chinese passage ``lang="zh"``: the element itself when it holds only Chinese,
    otherwise a ``<span lang="zh">`` around each run of Chinese text."""
    from bs4 import NavigableString
    from bs4.element import Comment

    for text in list(soup.find_all(string=_HAS_CJK)):
        if isinstance(text, Comment) or not isinstance(text, NavigableString):
            continue
        parent = text.parent
        if parent is None or any(p.name in _SKIP_LANG for p in [parent, *parent.parents] if p.name):
            continue
        if any(
            str(p.get("lang", "")).startswith("zh") for p in [parent, *parent.parents] if hasattr(p, "get")
        ):
            continue
        s = str(text)
        runs = list(_CJK_RUN.finditer(s))
        if not runs:
            continue
        if (
            len(parent.contents) == 1
            and len(runs) == 1
            and runs[0].group(0) == s.strip()
            and parent.name not in ("body", "html", "div", "article")
        ):
            parent["lang"] = "zh"
            continue
        pieces: list[Any] = []
        cursor = 0
        for m in runs:
            if m.start() > cursor:
                pieces.append(NavigableString(s[cursor : m.start()]))
            span = soup.new_tag("span", attrs={"lang": "zh"})
            span.string = m.group(0)
            pieces.append(span)
            cursor = m.end()
        if cursor < len(s):
            pieces.append(NavigableString(s[cursor:]))
        text.replace_with(*pieces)


# --------------------------------------------------------------------------- print page


_PAGE_SECTION = re.compile(r"""<section class=['"]print-page[^'"]*['"] id=['"]([^'"]+)['"]""")
_ID_ATTR = re.compile(r"""(<(?!section class=['"]print-page)([a-zA-Z][\w-]*)\b[^>]*?\sid=")([^"]+)(")""")
#: Tags whose ids mkdocs-print-site already prefixes with the page key.
_PREFIXED_BY_PRINT_SITE = {"h1", "h2", "h3", "h4", "h5", "h6", "sup", "li"}


def fix_print_page_ids(html: str) -> str:
    """Make the print page's internal links land.

    mkdocs-print-site rewrites links to ``#<page>-<anchor>`` but renames only heading, ``li`` and
    ``sup`` ids, so links to table rows (``figures/#fig-3``), speech paragraphs and notebook cells
    would point nowhere: every other id inside a page gets the page's key too. A link that still
    points nowhere (print-site gives each page's title the page key as id) goes to the page's top.
    """
    start = html.find('<div id="print-site-page"')
    if start < 0:
        return html
    end = html.find("</div><style>", start)
    end = len(html) if end < 0 else end
    region = html[start:end]
    keys = [m.group(1) for m in _PAGE_SECTION.finditer(region)]
    out, cursor, key = [], 0, None
    for m in _ID_ATTR.finditer(region):
        for sec in _PAGE_SECTION.finditer(region, cursor, m.start()):
            key = sec.group(1)
        out.append(region[cursor : m.start()])
        ident = m.group(3)
        if key and m.group(2).lower() not in _PREFIXED_BY_PRINT_SITE and ident != key:
            ident = f"{key}-{ident}"
        out.append(m.group(1) + ident + m.group(4))
        cursor = m.end()
    out.append(region[cursor:])
    region = "".join(out)
    ids = set(re.findall(r'\sid="([^"]+)"', region)) | set(keys)

    def _retarget(m: re.Match[str]) -> str:
        target = m.group(2)
        if target in ids:
            return m.group(0)
        page = next((k for k in sorted(keys, key=len, reverse=True) if target.startswith(k + "-")), None)
        return f"{m.group(1)}#{page}{m.group(3)}" if page else m.group(0)

    region = re.sub(r'(href=")#([^"]+)(")', _retarget, region)
    return html[:start] + region + html[end:]


@event_priority(-100)  # after mkdocs-print-site has written the print page
def on_post_build(config: Any, **_: Any) -> None:
    page = Path(config["site_dir"]) / "print_page" / "index.html"
    if page.exists():
        page.write_text(fix_print_page_ids(page.read_text(encoding="utf-8")), encoding="utf-8")


class SitePlugin(BasePlugin):
    """mkdocs plugin wrapping :func:`on_config` and :func:`on_page_content` (list it before print-site)."""

    def on_config(self, config: Any, **kwargs: Any) -> Any:
        return on_config(config, **kwargs)

    @event_priority(50)
    def on_page_content(self, html: str, page: Any, config: Any, files: Any, **kwargs: Any) -> str:
        return on_page_content(html, page, config, files, **kwargs)

    @event_priority(-100)
    def on_post_build(self, config: Any, **kwargs: Any) -> None:
        on_post_build(config, **kwargs)
