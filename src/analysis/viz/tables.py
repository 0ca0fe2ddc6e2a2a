"""Tables for notebooks and pages, formatted by type; HTML through Jinja2 templates that escape every field."""

from __future__ import annotations

from typing import Any

import pandas as pd


def format_table(frame: pd.DataFrame, formats: dict[str, str], index: bool = False) -> pd.DataFrame:
    """A copy of ``frame`` with the named columns formatted as text (e.g. ``{"value": "{:,.0f}"}``).

    Notebooks display this instead of a pandas ``Styler``, whose plain-text form carries a memory
    address and so changes from run to run.
    """
    out = frame.copy()
    for col, fmt in formats.items():
        out[col] = [fmt.format(v) if not pd.isna(v) else "–" for v in out[col]]
    return out if index else out.reset_index(drop=True)


# --------------------------------------------------------------------------- site tables (mkdocs-macros)


def sources_table_html(sources: pd.DataFrame, figures: pd.DataFrame) -> str:
    """HTML table of the reports (linked), with period, type, script and figures per report."""
    import html

    n_fig = figures.groupby("report_id").size()
    rows = []
    for _, s in sources.iterrows():
        period = "" if pd.isna(s["month_first"]) else f"{s['month_first']}–{s['month_last']}"
        year = "" if pd.isna(s["year"]) else str(s["year"])
        url = s["url"]
        name = html.escape(s["title"] or s["id"])
        if url.startswith("http"):
            link = f'<a href="{html.escape(url)}" rel="nofollow">{name}</a>'
        else:  # a file in this repository (the Jiamusi speech)
            link = f"{name} (<code>{html.escape(url)}</code>)"
        rows.append(
            f'<tr id="report-{s["id"]}"><td>{s["id"]}</td><td lang="zh-CN">{html.escape(s["place"])}</td>'
            f"<td>{s['admin_level']}</td><td>{year}</td><td>{period}</td><td>{s['doc_type']}</td>"
            f'<td>{s["script"]}</td><td class="num">{int(n_fig.get(s["id"], 0))}</td><td lang="zh-CN">{link}</td></tr>'
        )
    head = (
        "<thead><tr><th>id</th><th>place</th><th>level</th><th>year</th><th>months</th><th>type</th>"
        "<th>script</th><th>figures</th><th>source</th></tr></thead>"
    )
    return (
        f'<div class="table-wrap"><table class="reports">{head}<tbody>{"".join(rows)}</tbody></table></div>'
    )


def accuracy_table_html(acc: pd.DataFrame) -> str:
    """HTML table of the extractor's recall, precision and unit accuracy by report and overall."""

    def pct(x: float) -> str:
        return "–" if pd.isna(x) else f"{100 * x:.0f}%"

    rows = [
        f"<tr><td>{rid}</td><td>{r['script']}</td><td class='num'>{int(r['n_hand'])}</td>"
        f"<td class='num'>{int(r['n_extracted'])}</td><td class='num'>{pct(r['recall'])}</td>"
        f"<td class='num'>{pct(r['precision'])}</td><td class='num'>{pct(r['unit_accuracy'])}</td></tr>"
        for rid, r in acc.iterrows()
    ]
    head = (
        "<thead><tr><th>report</th><th>script</th><th>hand figures</th><th>extracted amounts</th>"
        "<th>recall</th><th>precision</th><th>unit accuracy</th></tr></thead>"
    )
    return f'<div class="table-wrap"><table class="reports-accuracy">{head}<tbody>{"".join(rows)}</tbody></table></div>'


def estimates_table(estimates: dict[str, Any]) -> pd.DataFrame:
    """One row per :class:`~analysis.estimates.result.Estimate`: value, se and interval of its main variance
    type, then those of its first alternative (e.g. clustered), n and clusters, formatted as text.

    Intervals are written ``low to high``; a missing bound is ``–``. Meant for display in notebooks.
    """

    def num(x: Any, fmt: str = "{:.3f}") -> str:
        return "–" if x is None or x != x else fmt.format(x)

    rows = []
    for label, e in estimates.items():
        alt = next(iter(e.alternatives.values()), None)
        rows.append(
            {
                "": label,
                "estimate": num(e.value),
                "se": f"{num(e.se)} ({e.se_type})",
                "95% interval": f"{num(e.ci[0])} to {num(e.ci[1])}",
                "alternative se": "–" if alt is None else f"{num(alt.se)} ({alt.se_type})",
                "alternative 95% interval": "–" if alt is None else f"{num(alt.ci[0])} to {num(alt.ci[1])}",
                "n": num(e.n, "{:,}"),
                "clusters": num(e.clusters, "{:,}"),
            }
        )
    return pd.DataFrame(rows).set_index("")
