"""mkdocs-macros functions: every number in the site's prose comes through here.

Pages write ``{{ result("training.nsw_experimental_ate") }}``; the value is read from
``results/*.json`` written by the notebooks during the build. A key that no notebook
recorded raises :class:`analysis.results.ResultKeyError` and, with
``on_error_fail: true`` in ``mkdocs.yml``, fails the build naming the key.
"""

from __future__ import annotations

import html
import json
from typing import Any

from analysis import paths, results, speech
from analysis.viz import wording

__all__ = ["define_env", "format_result", "speech_side_by_side", "figures_table"]


def format_result(key: str, fmt: str = "{:,.0f}", scale: float = 1.0) -> str:
    """Format the value recorded under ``key``; ``scale`` divides (e.g. 1e4 for 万)."""
    v = results.value(key)
    return v if isinstance(v, str) else fmt.format(v / scale)


def format_ci(key: str, fmt: str = "{:,.0f}", scale: float = 1.0) -> str:
    """``"lo to hi"`` for the 95% interval recorded under ``key``."""
    entry = results.get(key)
    if "ci" not in entry:
        raise results.ResultKeyError(f"result {key!r} has no interval (ci) but the page asks for one")
    lo, hi = entry["ci"]
    return f"{fmt.format(lo / scale)} to {fmt.format(hi / scale)}"


def _translation() -> list[str]:
    if not paths.TRANSLATION.exists():
        raise FileNotFoundError(f"the English translation {paths.TRANSLATION} is missing")
    text = paths.TRANSLATION.read_text(encoding="utf-8")
    return [p.strip().replace("\n", " ") for p in text.split("\n\n") if p.strip()]


def speech_side_by_side() -> str:
    """HTML: the cleaned Chinese speech beside the English translation, paragraph by paragraph.

    Each figure in the Chinese text is highlighted and links to its row on the Figures page.
    """
    text = speech.speech_text()
    zh = speech.paragraphs(text)
    en = _translation()
    if len(zh) != len(en):
        raise ValueError(f"translation has {len(en)} paragraphs but the cleaned speech has {len(zh)}: "
                         f"fix {paths.TRANSLATION}")
    figures = speech.speech_figures()
    out = ['<div class="speech">']
    offset = 0
    for i, (p_zh, p_en) in enumerate(zip(zh, en, strict=True), start=1):
        start = text.index(p_zh, offset)
        end = start + len(p_zh)
        offset = end
        pieces, cursor = [], start
        for idx, fig in figures[(figures["start"] >= start) & (figures["end"] <= end)].iterrows():
            pieces.append(html.escape(text[cursor:fig["start"]]))
            title = html.escape(f"{fig['label']} = {fig['value']:,.10g} {fig['unit']}")
            cls = "fig fig-date" if fig["kind"] == "date" else "fig"
            pieces.append(f'<a class="{cls}" id="speech-fig-{idx + 1}" href="../figures/#fig-{idx + 1}" '
                          f'title="{title}">{html.escape(fig["raw"])}</a>')
            cursor = fig["end"]
        pieces.append(html.escape(text[cursor:end]))
        out.append(f'<div class="speech-row" id="p{i}"><div class="zh" lang="zh-CN">{"".join(pieces)}</div>'
                   f'<div class="en" lang="en">{html.escape(p_en)}</div></div>')
    out.append("</div>")
    return "\n".join(out)


def figures_table() -> str:
    """HTML table of every figure with its audit columns, each row linking back to the speech."""
    text = speech.speech_text()
    figures = speech.speech_figures()
    rows = []
    for idx, f in figures.iterrows():
        exact = text[f["start"]:f["end"]] == f["raw"]
        audit = "✓ span matches text" if exact else "✗ span does not match"
        if not f["label"]:
            audit += "; ✗ no annotation"
        rows.append(
            f'<tr id="fig-{idx + 1}"><td><a href="../speech/#speech-fig-{idx + 1}">{idx + 1}</a></td>'
            f'<td lang="zh-CN">{html.escape(f["raw"])}</td><td class="num">{f["value"]:,.10g}</td>'
            f'<td>{f["unit"]}{" (approx.)" if f["approx"] else ""}</td><td>{f["kind"]}</td>'
            f'<td>{html.escape(f["label"])}</td><td>{f["category"]}</td><td>{f["lever"]}</td>'
            f'<td>{f["start"]}–{f["end"]}</td><td>{audit}</td></tr>'
        )
    head = ("<thead><tr><th>#</th><th>raw</th><th>value</th><th>unit</th><th>kind</th><th>label</th>"
            "<th>category</th><th>lever</th><th>offsets</th><th>audit</th></tr></thead>")
    return f'<div class="table-wrap"><table class="figures">{head}<tbody>{"".join(rows)}</tbody></table></div>'


def build_info() -> dict[str, Any]:
    """The build's facts (commit, versions, per-notebook times) written by ``analysis.site.build``."""
    path = paths.GENERATED / "build_info.json"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: build the site with 'make site' (python -m analysis build)")
    return json.loads(path.read_text(encoding="utf-8"))


def define_env(env: Any) -> None:
    """Register the macros with mkdocs-macros."""
    env.macro(format_result, "result")
    env.macro(format_ci, "ci")
    env.macro(speech_side_by_side)
    env.macro(figures_table)
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
