"""mkdocs-macros functions: every number in the site's prose comes through here.

Pages write ``{{ result("training.nsw_experimental_ate") }}``; the value is read from
``results/*.json`` written by the notebooks during the build. A key that no notebook
recorded raises :class:`analysis.results.ResultKeyError` and, with
``on_error_fail: true`` in ``mkdocs.yml``, fails the build naming the key.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from analysis import paths, results, speech
from analysis.viz import wording

__all__ = [
    "define_env",
    "format_result",
    "speech_side_by_side",
    "speech_provenance",
    "figures_table",
    "cell_link",
    "result_link",
    "reports_bibliography",
]


#: What a page shows for a finding recorded as null (not estimable); the note says why.
NOT_ESTIMABLE = "not estimable"


def _number(v: float, fmt: str, scale: float) -> str:
    return fmt.format(v / scale)


def format_result(key: str, fmt: str = "{:,.0f}", scale: float = 1.0) -> str:
    """Format the value recorded under ``key``; ``scale`` divides (e.g. 1e4 for 万).

    A label is shown as recorded; a null value (not estimable) as :data:`NOT_ESTIMABLE`.
    """
    v = results.value(key)
    if v is None:
        return NOT_ESTIMABLE
    return v if isinstance(v, str) else _number(v, fmt, scale)


def format_ci(key: str, fmt: str = "{:,.0f}", scale: float = 1.0) -> str:
    """The 95% interval recorded under ``key``: ``"lo to hi"``, or ``"at least lo"`` / ``"at most hi"``
    for a one-sided interval.

    Raises
    ------
    analysis.results.ResultKeyError
        If the finding has no interval at all (both bounds null) but the page asks for one.
    """
    lo, hi = results.interval(results.get(key))
    if lo is None and hi is None:
        raise results.ResultKeyError(f"result {key!r} has no interval (ci) but the page asks for one")
    if hi is None:
        return f"at least {_number(lo, fmt, scale)}"
    if lo is None:
        return f"at most {_number(hi, fmt, scale)}"
    return f"{_number(lo, fmt, scale)} to {_number(hi, fmt, scale)}"


def _translation() -> list[str]:
    if not paths.TRANSLATION.exists():
        raise FileNotFoundError(f"the English translation {paths.TRANSLATION} is missing")
    text = paths.TRANSLATION.read_text(encoding="utf-8")
    return [p.strip().replace("\n", " ") for p in text.split("\n\n") if p.strip()]


_PART = re.compile(r"^[一二三四五六七八九十]+、")
_ITEM = re.compile(r"^\d+、")
_ROMAN = re.compile(r"^([IVX]+)\.\s*")


def _first_sentence(text: str) -> str:
    """``"1. Form and improve X. For now ..."`` -> ``"1. Form and improve X"``."""
    number = re.match(r"^(\d+\.\s+)", text)
    prefix = number.group(1) if number else ""
    rest = text[len(prefix) :]
    m = re.match(r"^(.+?[.;:])(\s|$)", rest)
    return prefix + (m.group(1) if m else rest).rstrip(".;:")


def speech_sections(zh: list[str], en: list[str]) -> list[dict[str, Any]]:
    """Where the speech's own structure starts a section, paragraph by paragraph (1-based).

    ``一、`` / ``二、`` paragraphs are part headings (``part-1``, ...); ``1、`` ... ``7、`` open numbered
    points inside a part (``part-2-1``, ...); the paragraphs before the first part are the opening and
    a last paragraph that starts with 总之 ("in short") is the closing. Presentation only: the text of
    every paragraph is shown unchanged.
    """
    marks: list[dict[str, Any]] = [
        {"para": 1, "level": 2, "id": "opening", "title": "Opening", "heading_para": False}
    ]
    part = 0
    for i, (p_zh, p_en) in enumerate(zip(zh, en, strict=True), start=1):
        if _PART.match(p_zh):
            part += 1
            marks.append({"para": i, "level": 2, "id": f"part-{part}", "title": p_en, "heading_para": True})
        elif _ITEM.match(p_zh) and part:
            n = _ITEM.match(p_zh).group(0).rstrip("、")
            marks.append(
                {
                    "para": i,
                    "level": 3,
                    "id": f"part-{part}-{n}",
                    "title": _first_sentence(p_en),
                    "heading_para": False,
                }
            )
        elif i == len(zh) and p_zh.startswith("总之") and part:
            marks.append({"para": i, "level": 2, "id": "closing", "title": "Closing", "heading_para": False})
    return marks


def speech_side_by_side() -> str:
    """The cleaned Chinese speech beside the English translation, paragraph by paragraph, in sections.

    Each section of the speech (its parts 一、二、, their numbered points, the opening and the
    closing) gets a Markdown heading with a stable id (``#part-2-3``), so the page has a contents list.
    Each figure in the Chinese text is highlighted and links to its row on the Figures page; each
    paragraph keeps its anchor ``#p<n>``.
    """
    text = speech.speech_text()
    zh = speech.paragraphs(text)
    en = _translation()
    if len(zh) != len(en):
        raise ValueError(
            f"translation has {len(en)} paragraphs but the cleaned speech has {len(zh)}: "
            f"fix {paths.TRANSLATION}"
        )
    figures = speech.speech_figures()
    marks = {m["para"]: m for m in speech_sections(zh, en)}
    out: list[str] = []
    rows: list[str] = []

    def flush() -> None:
        if rows:
            out.append('<div class="speech">\n' + "\n".join(rows) + "\n</div>\n")
            rows.clear()

    offset = 0
    for i, (p_zh, p_en) in enumerate(zip(zh, en, strict=True), start=1):
        start = text.index(p_zh, offset)
        end = start + len(p_zh)
        offset = end
        pieces, cursor = [], start
        for idx, fig in figures[(figures["start"] >= start) & (figures["end"] <= end)].iterrows():
            pieces.append(html.escape(text[cursor : fig["start"]]))
            unit = UNIT_WORDS.get(fig["unit"], str(fig["unit"]))
            title = html.escape(
                f"{fig['label']} = {_figure_value(fig['value'], fig['unit'], fig['kind'])} {unit}"
            )
            cls = "fig fig-date" if fig["kind"] == "date" else "fig"
            pieces.append(
                f'<a class="{cls}" id="speech-fig-{idx + 1}" href="../figures/#fig-{idx + 1}" '
                f'title="{title}">{html.escape(fig["raw"])}</a>'
            )
            cursor = fig["end"]
        pieces.append(html.escape(text[cursor:end]))
        mark = marks.get(i)
        if mark:
            flush()
            heading = html.escape(mark["title"]).replace("{", "&#123;")
            out.append(f"{'#' * mark['level']} {heading} {{#{mark['id']}}}\n")
        cls = "speech-row speech-heading" if mark and mark["heading_para"] else "speech-row"
        rows.append(
            f'<div class="{cls}" id="p{i}"><div class="zh" lang="zh">{"".join(pieces)}</div>'
            f'<div class="en" lang="en">{html.escape(p_en)}</div></div>'
        )
    flush()
    return "\n".join(out)


def speech_provenance() -> str:
    """Markdown: what was retrieved for the speech, read from the raw file at build time.

    The page's own title line, its breadcrumb and its 来源 (source) line are read from
    ``data/raw/``; the sha256 is computed now and compared with the one the package pins; the
    retrieval date is the ``looked_up`` date of the speech's row in ``data/reports/sources.csv``.
    """
    import hashlib

    raw_bytes = paths.SPEECH_RAW.read_bytes()
    digest = hashlib.sha256(raw_bytes).hexdigest()
    lines = [ln.strip() for ln in raw_bytes.decode("utf-8").splitlines() if ln.strip()]
    source_line = next((ln for ln in lines if ln.startswith("来源")), "")
    crumb_i = next((i for i, ln in enumerate(lines) if ln.startswith("当前位置")), None)
    crumb = lines[crumb_i] if crumb_i is not None else ""
    title = lines[crumb_i + 1] if crumb_i is not None and crumb_i + 1 < len(lines) else ""
    banner = next((ln for ln in lines if ln not in ("图片",) and not ln.startswith("当前位置")), "")
    from analysis.data import reports

    sources = reports.load_sources()
    row = sources[sources["url"].astype(str).str.endswith(paths.SPEECH_RAW.name)]
    looked_up = str(row["looked_up"].iloc[0]) if len(row) else "not recorded"
    pinned = (
        "matches the checksum the package pins"
        if digest == paths.SPEECH_RAW_SHA256
        else ("**does not match** the checksum the package pins")
    )
    rel = paths.SPEECH_RAW.relative_to(paths.ROOT).as_posix()

    def zh(s: str) -> str:
        return f'<span lang="zh">{html.escape(s)}</span>'

    return "\n".join(
        [
            "| the retrieved page | what it shows |",
            "|---|---|",
            f"| retrieved | a page of a template-essay (范文) website, kept byte-for-byte as `{rel}` "
            f"({len(raw_bytes):,} bytes) |",
            f"| the page's title line | {zh(title)} |",
            f"| the page's breadcrumb | {zh(crumb)} |",
            f"| the page's source (来源) line | {zh(source_line)} |",
            f"| site banner | {zh(banner)} (a lottery advertisement, also given as the author) |",
            "| address of the page | not kept in the raw file |",
            f"| retrieved on | {looked_up} |",
            f"| sha256 (computed by this build) | `{digest}`: {pinned} |",
            "",
            '!!! warning "Authenticity: source unknown"',
            "    The text comes from a site that republishes speeches and reports as model essays (范文) for "
            "people writing their own; the page names no speaker, no publisher and no original source "
            f'({zh("来源")}: {zh("未知")}, "unknown"), and its author field is a lottery advertisement. '
            "The speech's content (a city leader addressing a Jiamusi re-employment conference in 2003, "
            "naming the city's party secretaries) is consistent with its title, but nothing on the page "
            "confirms that it was delivered as printed, by whom, or that its figures are official. Treat "
            "its figures as claims made in the text, not as statistics.",
        ]
    )


def reports_bibliography() -> str:
    """Markdown list of every report in ``data/reports/sources.csv``, with its address."""
    import pandas as pd

    from analysis.data import reports

    sources = reports.load_sources().sort_values(["province", "place", "year", "id"])
    doc_type = {
        "speech": "speech",
        "news": "news report",
        "communique": "statistical communiqué",
        "work_report": "government work report",
        "other": "other public page",
    }
    items = []
    for _, r in sources.iterrows():
        url = str(r["url"])
        where = (
            f"<{url}>"
            if url.startswith("http")
            else f"`{url}` (see [the speech's sources](speech.md#sources))"
        )
        title = r["title"] if isinstance(r["title"], str) and r["title"] else None
        name = f'<span lang="zh">{html.escape(title)}</span>' if title else "*(untitled page)*"
        period = "undated" if pd.isna(r["year"]) else str(int(r["year"]))
        items.append(
            f'1. <span lang="zh">{html.escape(str(r["place"]))}</span> ({html.escape(str(r["province"]))}), '
            f"{period}. {name}. {doc_type.get(r['doc_type'], r['doc_type'])}. {where}. "
            f"Looked up {r['looked_up']}."
        )
    return "\n".join(items)


def n_reports() -> int:
    """How many reports ``data/reports/sources.csv`` lists."""
    from analysis.data import reports

    return len(reports.load_sources())


def cell_link(key: str) -> str:
    """Docs-relative link to the notebook cell that recorded ``key``.

    Uses the record's ``notebook`` and ``cell`` (the nbformat cell id) when present:
    ``generated/notebooks/02_training.ipynb#cell-<id>``, which mkdocs rewrites to the rendered page
    (``generated/notebooks/02_training/#cell-<id>``) relative to the page that uses it. Without
    ``cell`` it links to the notebook page; without ``notebook`` the namespace's notebook is used.
    A key no notebook recorded raises :class:`analysis.results.ResultKeyError`.
    """
    entry = results.get(key)
    notebook = entry.get("notebook") or results.NAMESPACES.get(key.split(".", 1)[0])
    if not notebook:
        raise results.ResultKeyError(
            f"result {key!r} names no notebook and its namespace has no known notebook"
        )
    stem = Path(str(notebook)).name.removesuffix(".ipynb")
    target = f"generated/notebooks/{stem}.ipynb"
    cell = entry.get("cell")
    return f"{target}#cell-{cell}" if cell else target


#: Characters Markdown would read as emphasis, code or links inside a title attribute (a note naming
#: ``extractor_*_heldout`` closed the bold around its number): written as character references.
_MARKDOWN_IN_TITLE = str.maketrans({c: f"&#{ord(c)};" for c in "*_`[]"})


def result_link(key: str, fmt: str = "{:,.0f}", scale: float = 1.0) -> str:
    """Markdown: the formatted value of ``key`` as a link to the cell that recorded it; its title (shown on
    hover) is the finding's note, so a number's caveat travels with it."""
    entry = results.get(key)
    note = " ".join(str(entry.get("note") or key).split()).replace("{", "(").replace("}", ")")
    title = html.escape(note, quote=True).translate(_MARKDOWN_IN_TITLE)
    return f'[{format_result(key, fmt, scale)}]({cell_link(key)}){{ .result title="{title}" }}'


def estimate_cell(key: str, fmt: str = "{:.2f}", scale: float = 1.0) -> str:
    """A table cell: the linked value with its 95% interval in brackets, or just the linked value (e.g.
    *not estimable*) when the finding has no interval."""
    link = result_link(key, fmt, scale)
    lo, hi = results.interval(results.get(key))
    if lo is None and hi is None:
        return link
    return f"{link} ({format_ci(key, fmt, scale)})"


#: Words for the annotation ids shown to readers (levers and categories of ``data/annotations.csv``).
LEVER_WORDS = {
    "training": "training",
    "subsidy": "subsidies",
    "credit": "small loans",
    "public_jobs": "public-welfare jobs",
    "big_projects": "big projects",
    "labour_export": "labour export",
    "social_assistance": "social assistance",
    "administration": "administration",
    "job_search": "job search",
}
UNIT_WORDS = {
    "person": "people",
    "person_time": "person-times",
    "yuan": "yuan",
    "percent": "%",
    "count": "count",
    "year": "year",
    "month_range": "months",
    "month": "month",
}
KIND_WORDS = {"amount": "amount", "date": "date", "identifier": "identifier", "malformed": "malformed"}


def _figure_value(value: float, unit: str, kind: str) -> str:
    """A figure's value formatted by type: years and months without separators, money and counts with."""
    if kind == "date" or unit in ("year", "month", "month_range"):
        return f"{value:.0f}"
    if unit == "percent":
        return f"{value:.10g}%"
    return f"{value:,.10g}"


def figures_table() -> str:
    """HTML table of every figure with its audit columns, each row linking back to the speech.

    Values are formatted by type (years without a thousands separator), levers, units and kinds in
    words rather than annotation ids.
    """
    text = speech.speech_text()
    figures = speech.speech_figures()
    rows = []
    for idx, f in figures.iterrows():
        exact = text[f["start"] : f["end"]] == f["raw"]
        audit = "✓ span matches text" if exact else "✗ span does not match"
        if not f["label"]:
            audit += "; ✗ no annotation"
        unit = UNIT_WORDS.get(f["unit"], str(f["unit"]).replace("_", " "))
        rows.append(
            f'<tr id="fig-{idx + 1}"><td><a href="../speech/#speech-fig-{idx + 1}" title="show in the speech">'
            f'{idx + 1}</a></td><td lang="zh">{html.escape(f["raw"])}</td>'
            f'<td class="num">{_figure_value(f["value"], f["unit"], f["kind"])}</td>'
            f"<td>{html.escape(unit)}{' (approx.)' if f['approx'] else ''}</td>"
            f"<td>{KIND_WORDS.get(f['kind'], html.escape(str(f['kind'])))}</td>"
            f"<td>{html.escape(f['label'])}</td><td>{html.escape(str(f['category']))}</td>"
            f"<td>{html.escape(LEVER_WORDS.get(f['lever'], str(f['lever']).replace('_', ' ')))}</td>"
            f'<td class="num">{f["start"]}–{f["end"]}</td><td>{audit}</td></tr>'
        )
    head = (
        "<thead><tr><th>#</th><th>raw</th><th>value</th><th>unit</th><th>kind</th><th>label</th>"
        "<th>category</th><th>lever</th><th>offsets</th><th>audit</th></tr></thead>"
    )
    return (
        f'<div class="table-wrap" tabindex="0" role="region" aria-label="Figures in the speech">'
        f'<table class="figures">{head}<tbody>{"".join(rows)}</tbody></table></div>'
    )


def takeaway(
    lever: str,
    title: str,
    key: str,
    *,
    fmt: str = "{:,.0f}",
    scale: float = 1.0,
    unit: str = "",
    interval: bool = True,
    caveat: str = "",
    more: str = "",
    more_text: str = "Details",
) -> str:
    """One Home-page takeaway card (CSS ``.takeaway``): lever, number (linked to its cell), interval, caveat.

    ``lever`` picks the colour (``training``, ``subsidy``, ``public_jobs``, ``job_search``, ``credit``,
    ``big_projects``, ``registry``); ``key`` is a results key; ``interval`` adds the record's ``range``
    across the evidence when it has one, else its 95% interval (one-sided bounds in words); ``more`` is a docs-relative link (``synthesis`` page,
    a notebook ``.ipynb``). Put the cards inside ``<div class="takeaways" markdown>`` ... ``</div>``.
    """
    number = result_link(key, fmt, scale) + (
        f' <span class="takeaway__unit">{html.escape(unit)}</span>' if unit else ""
    )
    lines = [
        f'<div class="takeaway takeaway--{html.escape(lever)}" markdown>',
        f'<p class="takeaway__lever" markdown>{html.escape(title)}</p>',
        f'<p class="takeaway__number" markdown>{number}</p>',
    ]
    entry = results.get(key)
    if interval and entry.get("range"):  # scenarios across the evidence, not a sampling interval
        words = wording.interval_text(key, fmt, scale)
        lines.append(f'<p class="takeaway__range" markdown>range across the evidence: {words}</p>')
    elif interval and entry.get("ci") and any(v is not None for v in entry["ci"]):
        lines.append(f'<p class="takeaway__range" markdown>95% interval {format_ci(key, fmt, scale)}</p>')
    if caveat:
        lines.append(f'<p class="takeaway__caveat" markdown>{caveat}</p>')
    if more:
        lines.append(f'<p class="takeaway__more" markdown>[{html.escape(more_text)} →]({more})</p>')
    lines.append("</div>")
    return "\n".join(lines)


def citation() -> dict[str, str]:
    """The package's citation fields, read from ``CITATION.cff`` (as in the footer)."""
    from analysis.site.hooks import citation as _citation

    return _citation(paths.ROOT)


def build_info() -> dict[str, Any]:
    """The build's facts (commit, versions, per-notebook times) written by ``analysis.site.build``.

    Written only when the site is rebuilt, so a build that changes nothing changes nothing here.
    A notebook's ``seconds`` is the time of its last execution (null if never timed).
    """
    path = paths.BUILD_INFO
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: build the site with 'make site' (python -m analysis build)"
        )
    return json.loads(path.read_text(encoding="utf-8"))


def define_env(env: Any) -> None:
    """Register the macros with mkdocs-macros."""
    env.macro(result_link, "result")  # every number on a page links to the cell that computed it
    env.macro(format_result, "value")  # the bare value, for places where a link cannot stand
    env.macro(format_ci, "ci")
    env.macro(estimate_cell, "estimate")  # value and interval together, for tables
    env.macro(speech_side_by_side)
    env.macro(speech_provenance)
    env.macro(figures_table)
    env.macro(cell_link)
    env.macro(result_link)
    env.macro(reports_bibliography)
    env.macro(n_reports)
    env.macro(citation)
    env.macro(takeaway)
    env.macro(build_info)
    env.macro(wording.finding, "finding")  # words follow intervals (DESIGN §9)
    env.macro(wording.interval_text, "interval")  # range or ci, one-sided bounds in words

    @env.macro
    def n_figures(kind: str = "amount") -> int:
        f = speech.speech_figures()
        return int((f["kind"] == kind).sum())

    from analysis.data import reports
    from analysis.text import evaluation
    from analysis.viz import tables

    def reports_sources_table() -> str:
        return tables.sources_table_html(*reports.load())

    def reports_accuracy_table() -> str:
        return tables.accuracy_table_html(evaluation.extractor_accuracy(*reports.load()))

    env.macro(reports_sources_table, "reports_sources_table")
    env.macro(reports_accuracy_table, "reports_accuracy_table")

    @env.macro
    def dataset_manifest() -> str:
        from analysis.data import datasets

        return datasets.manifest_markdown()
