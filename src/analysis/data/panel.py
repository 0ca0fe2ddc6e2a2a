"""The panel of Chinese re-employment reports: the first 31 reports plus the place-year reports in
``data/reports/panel/`` (facts only; texts are never stored).

Each panel batch is a pair ``<batch>_sources.csv`` / ``<batch>_figures.csv`` with the columns of
``sources.csv`` / ``figures.csv`` plus, per figure, what the package's extractor proposed at that
span (``extractor_proposal`` = accepted / corrected / missed) and, per report, how many of its
proposals were rejected (``n_rejected``): a second, out-of-sample score of the extractor on real
text. :func:`load_panel` returns both layers concatenated, checked for duplicate ids and for
figures whose report is missing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import paths
from . import reports

__all__ = ["PANEL_DIR", "PanelDataError", "load_panel", "panel_batches", "assisted_precision"]

PANEL_DIR: Path = paths.REPORTS_DATA / "panel"

#: Comparability vocabularies: the closed ones of ``data/reports/figures.csv`` (one definition, in data.reports).
MONEY_KINDS = frozenset(reports.MONEY_KINDS)
PEOPLE_DEFS = frozenset(reports.PEOPLE_DEFS)
PERIOD_KINDS = frozenset(reports.PERIOD_KINDS)
PROPOSALS = frozenset({"accepted", "corrected", "missed"})


class PanelDataError(ValueError):
    """A panel batch breaks a rule; the message names the file, row and value."""


def panel_batches(directory: Path | None = None) -> list[str]:
    """Names of the batches in ``data/reports/panel`` (``a`` for ``a_sources.csv`` + ``a_figures.csv``)."""
    directory = directory or PANEL_DIR
    return sorted(p.name.removesuffix("_sources.csv") for p in directory.glob("*_sources.csv"))


def _read(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise PanelDataError(f"{path}: missing (every panel batch has a _sources.csv and a _figures.csv)")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise PanelDataError(f"{path}: not a readable UTF-8 CSV ({exc})") from None


def _check_vocab(frame: pd.DataFrame, column: str, allowed: frozenset[str], path: Path) -> None:
    if column not in frame:
        return
    bad = frame[(frame[column] != "") & ~frame[column].isin(allowed)]
    if len(bad):
        row = bad.index[0] + 2  # header line + 1-based
        raise PanelDataError(
            f"{path}, line {row}: {column} = {bad.iloc[0][column]!r} is not one of {sorted(allowed)}"
        )


def _check_parse_back(frame: pd.DataFrame, path: Path) -> None:
    """Every ``raw`` span parses back to its recorded value with :mod:`analysis.numbers`, or its row
    says why not in ``parser_gap`` (a table cell in 万, a numeral the parser cannot read, a unit only
    in the context). A row whose ``parser_gap`` is filled but whose span does parse back is an error
    too: the note is stale."""
    if "parser_gap" not in frame:
        raise PanelDataError(f"{path}: no parser_gap column (empty, or why raw does not parse back)")
    problems = []
    for idx, row in frame.iterrows():
        problem = reports.parse_back_problem(row.astype(object))
        gap = row["parser_gap"].strip()
        if problem and not gap:
            problems.append(f"line {idx + 2} ({row['report_id']}): {problem}")
        elif gap and not problem:
            problems.append(
                f"line {idx + 2} ({row['report_id']}): {row['raw']!r} parses back now; empty its parser_gap"
            )
    if problems:
        raise PanelDataError(
            f"{path}: {len(problems)} raw span(s) do not parse back with analysis.numbers "
            "and give no parser_gap:\n  " + "\n  ".join(problems[:20])
        )


def load_panel(directory: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All panel batches as ``(sources, figures)``, numbers typed, vocabularies and ids checked.

    ``sources`` gains ``batch``; ``figures`` keeps ``extractor_proposal`` and the comparability columns.
    """
    directory = directory or PANEL_DIR
    src_parts, fig_parts = [], []
    for batch in panel_batches(directory):
        s_path, f_path = directory / f"{batch}_sources.csv", directory / f"{batch}_figures.csv"
        s, f = _read(s_path), _read(f_path)
        for col, allowed in (
            ("money_kind", MONEY_KINDS),
            ("people_def", PEOPLE_DEFS),
            ("period_kind", PERIOD_KINDS),
            ("extractor_proposal", PROPOSALS),
        ):
            _check_vocab(f, col, allowed, f_path)
        _check_parse_back(f, f_path)
        if "extractor_version" not in s or (s["extractor_version"] == "").any():
            raise PanelDataError(
                f"{s_path}: every report needs extractor_version (the extractor that proposed its figures)"
            )
        orphans = sorted(set(f["report_id"]) - set(s["id"]))
        if orphans:
            raise PanelDataError(f"{f_path}: figures for reports not in {s_path.name}: {orphans[:5]}")
        src_parts.append(s.assign(batch=batch))
        fig_parts.append(f.assign(batch=batch))
    if not src_parts:
        return pd.DataFrame(), pd.DataFrame()
    sources = pd.concat(src_parts, ignore_index=True)
    dup = sources[sources["id"].duplicated(keep=False)]
    if len(dup):
        raise PanelDataError(f"report ids used twice across panel batches: {sorted(set(dup['id']))[:5]}")
    figures = pd.concat(fig_parts, ignore_index=True)
    for col in ("year", "month_first", "month_last", "n_proposed", "n_accepted", "n_corrected", "n_rejected"):
        if col in sources:
            sources[col] = pd.to_numeric(sources[col].replace("", None), errors="raise").astype("Int64")
    figures["value"] = pd.to_numeric(figures["value"], errors="raise").astype(float)
    for col in ("primary", "verified"):
        figures[col] = figures[col].str.lower().map({"true": True, "false": False})
        if figures[col].isna().any():
            raise PanelDataError(f"{col} must be true or false in every panel figure row")
    return sources, figures


def assisted_precision(sources: pd.DataFrame, version: str | None = None) -> dict[str, float]:
    """Out-of-sample precision of the extractor's proposals on the panel texts (issue 12).

    precision = accepted / proposed, where a proposal is accepted when a hand-verified figure at that
    span has the same value and unit; corrected and rejected proposals count against it. ``version``
    keeps the reports whose proposals came from that extractor version (``extractor_version``);
    batches checked with different versions are not pooled by callers that pass it.
    """
    if version is not None:
        sources = sources[sources["extractor_version"].astype(str) == str(version)]
    totals = sources[["n_proposed", "n_accepted", "n_corrected", "n_rejected"]].astype(float).sum()
    if totals["n_proposed"] == 0:
        which = f" by extractor version {version}" if version is not None else ""
        raise PanelDataError(f"no extractor proposals recorded{which} in the panel batches")
    return {
        "precision": float(totals["n_accepted"] / totals["n_proposed"]),
        **{k: int(v) for k, v in totals.items()},
    }
