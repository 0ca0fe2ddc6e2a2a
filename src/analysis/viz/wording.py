"""Words that follow intervals (DESIGN §9): phrase a finding from its recorded 95% interval.

A page never types "lowered" or "raised" beside a number by hand; it asks
``{{ finding("subsidies.grant_scrap_fe", "raised scrap rates by", "lowered scrap rates by") }}`` and gets
the verb only when the interval excludes zero, and a plain "no clear change" otherwise. The same
rule is checked over every page's prose by ``tests/test_wording.py`` with :func:`states_effect` and
:func:`interval_includes_zero`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = [
    "EFFECT_WORDS",
    "interval_includes_zero",
    "finding_words",
    "finding",
    "interval_text",
    "states_effect",
]

#: Verbs and phrases that state an effect as established. A sentence holding one of these beside a
#: finding whose interval includes zero breaks the rule.
EFFECT_WORDS = re.compile(
    r"\b(raised|raises|lowered|lowers|reduced|reduces|increased|increases|boosted|boosts|improved|improves|"
    r"worsened|worsens|caused|causes|works|worked|rises? with|falls? with|would have (?:occurred|happened))\b",
    re.IGNORECASE,
)


def interval_includes_zero(ci: Any) -> bool:
    """True when a 95% interval ``[low|None, high|None]`` contains zero (a missing bound is unbounded).

    Raises
    ------
    ValueError
        if there is no interval at all: without one, no effect may be stated either way.
    """
    if ci is None:
        raise ValueError("the finding has no interval (ci): its words cannot follow an interval")
    lo, hi = ci
    return (lo is None or lo <= 0) and (hi is None or hi >= 0)


def _fmt(x: float | None, fmt: str, scale: float) -> str:
    if x is None:
        return "unbounded"
    return fmt.format(x / scale).replace("-", "−")


def finding_words(
    entry: Mapping[str, Any],
    up: str,
    down: str,
    *,
    none: str = "show no clear change",
    fmt: str = "{:.2f}",
    scale: float = 1.0,
    unit: str = "",
) -> str:
    """Phrase a recorded finding from its interval.

    Parameters
    ----------
    entry
        A results record (``value``, ``ci``).
    up, down
        What to say before the number when the interval lies wholly above, or wholly below, zero, e.g.
        ``"raised hours by"``, ``"lowered scrap rates by"`` (a fall is printed as a positive number).
    none
        What to say when the interval includes zero (never an effect verb).
    fmt, scale, unit
        Number format, divisor and unit suffix of the numbers printed.

    Returns
    -------
    str
        ``"lowered scrap rates by 0.42 (95% interval 0.02 to 0.82)"`` or
        ``"show no clear change (−0.25; the 95% interval, −0.55 to 0.05, includes zero)"``.
    """
    value, ci = entry["value"], entry.get("ci")
    lo, hi = ci if ci is not None else (None, None)
    interval = f"{_fmt(lo, fmt, scale)} to {_fmt(hi, fmt, scale)}{unit}"
    if interval_includes_zero(ci):
        if EFFECT_WORDS.search(none):
            raise ValueError(
                f"the words for an interval that includes zero must not state an effect: {none!r}"
            )
        return f"{none} ({_fmt(value, fmt, scale)}{unit}; the 95% interval, {interval}, includes zero)"
    if value > 0:
        return f"{up} {_fmt(value, fmt, scale)}{unit} (95% interval {interval})"
    flipped = (
        f"{_fmt(-hi, fmt, scale)} to {_fmt(-lo, fmt, scale)}{unit}"
        if lo is not None and hi is not None
        else interval
    )
    return f"{down} {_fmt(-value, fmt, scale)}{unit} (95% interval of the fall {flipped})"


def finding(
    key: str,
    up: str,
    down: str,
    none: str = "show no clear change",
    fmt: str = "{:.2f}",
    scale: float = 1.0,
    unit: str = "",
) -> str:
    """:func:`finding_words` for the finding recorded under ``key`` (the ``finding`` macro of the site)."""
    from .. import results

    return finding_words(results.get(key), up, down, none=none, fmt=fmt, scale=scale, unit=unit)


def interval_text(key: str, fmt: str = "{:,.0f}", scale: float = 1.0) -> str:
    """``"lo to hi"`` for the finding's ``range`` (scenarios) if it has one, else its 95% ``ci``; a missing
    upper bound reads "no finite upper bound", a missing lower bound "no finite lower bound" (never inf).

    Raises
    ------
    analysis.results.ResultKeyError
        if the finding has neither (a page asked for an interval that does not exist).
    """
    from .. import results

    entry = results.get(key)
    bounds = entry.get("range") or entry.get("ci")
    if not bounds:
        raise results.ResultKeyError(f"result {key!r} has no range or interval but the page asks for one")
    lo, hi = bounds
    low = "no finite lower bound" if lo is None else _fmt(lo, fmt, scale)
    high = "no finite upper bound" if hi is None else _fmt(hi, fmt, scale)
    return f"{low} to {high}"


def states_effect(sentence: str) -> bool:
    """True when ``sentence`` uses a verb that states an effect as established (see :data:`EFFECT_WORDS`)."""
    return EFFECT_WORDS.search(sentence) is not None
