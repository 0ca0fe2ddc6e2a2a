"""Figures in any Chinese policy text: one scan, normalised values and units, dates and names kept apart.

The number grammar (numerals, separators, unit words, context words) lives in
:mod:`analysis.text.grammar`; this module turns it into one scanning pattern and reads each match.
:func:`analysis.text.numbers.parse_figure` reads a single span with the same pattern and reader.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import NamedTuple

import numpy as np
import pandas as pd

from .grammar import (
    APPROX_AFTER,
    APPROX_BEFORE,
    BIG_UNITS,
    CN_DIGITS,
    CN_NUMERAL_CHARS,
    DECREASE_WORDS,
    DURATION_WORDS,
    MONEY_WORDS,
    NUMERAL,
    PEOPLE_NOUNS,
    UNIT_FACTORS,
    UNIT_WORDS,
    normalise_text,
    numeral_value,
    unit_pattern,
)

__all__ = [
    "EXTRACTOR_VERSION",
    "FIGURE_COLUMNS",
    "KINDS",
    "NOT_AMOUNT_UNITS",
    "Reading",
    "extract_figures",
    "read_figure",
]

#: Version of the extraction rules; stored beside every score computed with them.
#: 1: the scanner of the speech and the 31 in-sample reports. 2: one grammar (issue 11).
EXTRACTOR_VERSION = "2"

#: Units of periods and dates, not amounts; left out of precision.
NOT_AMOUNT_UNITS = frozenset(
    {
        "months",
        "days",
        "years",
        "year",
        "month",
        "month_range",
        "day",
        "hours",
        "minutes",
        "weeks",
        "year_range",
        "decade",
        "century",
        "clock",
    }
)

#: Values of the ``kind`` column.
KINDS = {
    "amount": "a quantity with a unit (persons, yuan, percent, counts ...)",
    "date": "a calendar date, year, month, day, decade, school year or clock time",
    "duration": "a period (3年, 18个月, 5分钟)",
    "number": "an Arabic number with no unit word (a table cell, a floor, a figure number)",
    "identifier": "a code or a name that contains digits (postcode, document number, 4050工程, (31期))",
    "phrase": "a numeral inside a slogan or a name (培训一人,就业一人; “三个代表”)",
    "malformed": "a number that breaks the grammar (1..2万人, 10^5人, 1e5元); value is NaN, never guessed",
}

FIGURE_COLUMNS = ["value", "unit", "raw", "start", "end", "approx", "kind", "counter", "low", "high", "sign"]
_DTYPES = {
    "value": float,
    "unit": object,
    "raw": object,
    "start": np.int64,
    "end": np.int64,
    "approx": bool,
    "kind": object,
    "counter": object,
    "low": float,
    "high": float,
    "sign": np.int64,
}

# --------------------------------------------------------------------------- the scanning pattern

_SP = "[ \u00a0\u2009\u202f]"
_MULT = "万亿|亿|万|千"
_UNIT_ALT = unit_pattern({*UNIT_WORDS, *DURATION_WORDS})
_UNIT_OF = {**UNIT_WORDS, **DURATION_WORDS}
_PRE_ALT = unit_pattern(APPROX_BEFORE)
_CN_DIGIT = "[" + "".join(CN_DIGITS) + "0-9]"
_SINGLE_CN = "[一二三四五六七八九两]"

_STRONG_ONE_UNITS = {"人", "人次", "名", "位", "元", "美元", "倍", "成", "个百分点", "百分点", "%"}
_WEAK_AFTER_DIGIT = (
    unit_pattern(
        {w for w in (*UNIT_WORDS, *DURATION_WORDS) if w not in _STRONG_ONE_UNITS and w not in ("户", "家")}
        - {"个", "个百分点", "个月"}
    )
    + "|个(?!百分点)"
)
#: In prose a Chinese numeral is a figure only before a unit, a range, 余/多 or a people noun; this
#: look-ahead (and the one refusing 一个, 三项 ...) keeps the scanner from stopping at every 一 in a text.
_CN_FOLLOW = (
    r"(?!一(?:" + _WEAK_AFTER_DIGIT + r"|户|家)|" + _SINGLE_CN + r"(?:" + _WEAK_AFTER_DIGIT + r"))"
    r"(?="
    + NUMERAL
    + r"(?:(?:余|多)?(?:"
    + _MULT
    + r")?(?:%|‰)?"
    + _SP
    + r"?(?:"
    + _UNIT_ALT
    + r"|[-~至到—–余多])|[\u4e00-\u9fff]{0,4}?(?:"
    + unit_pattern(PEOPLE_NOUNS)
    + r")))"
)


def _figure_pattern(numeral: str) -> str:
    """The main figure: approximation word, sign, numeral (or a range of two), 余/多, multiplier, unit."""
    return (
        r"(?P<pre>" + _PRE_ALT + r")?(?P<neg>负|-(?=[\d.]))?"
        r"(?P<n1>"
        + numeral
        + r")(?P<a1>余|多)?(?P<m1>"
        + _MULT
        + r")?(?:(?P<u1>%|‰)(?="
        + _SP
        + r"?[-~至到—–]))?"
        r"(?:"
        + _SP
        + r"?(?P<sep>[-~至到—–])"
        + _SP
        + r"?(?P<n2>"
        + NUMERAL
        + r")(?P<a2>余|多)?(?P<m2>"
        + _MULT
        + r")?)?"
        r"(?:" + _SP + r"?(?P<unit>" + _UNIT_ALT + r")"
        r"(?:(?<=元)(?P<jiao>"
        + _CN_DIGIT
        + r")角)?(?:(?<=[元角])(?P<fen>"
        + _CN_DIGIT
        + r")分)?(?:(?<=元)(?:整|正))?)?"
    )


#: Any numeral (for reading one span on its own).
_FIGURE = _figure_pattern(NUMERAL)
#: In running text: Arabic numerals always; Chinese ones only where _CN_FOLLOW allows.
_FIGURE_PROSE = _figure_pattern("(?:(?=[0-9.])" + NUMERAL + "|" + _CN_FOLLOW + NUMERAL + ")")

_ALTERNATIVES = [
    # 〔2007〕42号, [2003]5号 : a document number
    r"(?P<docno>[〔\[(【]\s*(?:19|20)\d{2}\s*[〕\])】]\s*\d+\s*号)",
    # 2005-11-28, 2005/11/28 : a date stamp
    r"(?P<iso>(?P<isoyear>(?:19|20)\d{2})[-/.](?:1[0-2]|0?[1-9])[-/.](?:3[01]|[12]\d|0?[1-9])(?!\d))",
    # 0454-8123456 : a telephone number
    r"(?P<phone>0\d{2,3}-\d{7,8}(?!\d))",
    # 14:24:26 : a clock time
    r"(?P<clock>(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?!\d))",
    # 24.2∶35.0∶40.8 : a structure ratio
    r"(?P<ratio>\d+(?:\.\d+)?(?:[∶:]\d+(?:\.\d+)?){1,})",
    # 4050工程, 4050人员 : the name of a programme (women over 40, men over 50), not a count
    r"(?P<progname>4050(?=[”’\"'」]|人员|工程|创业|下岗|大龄|对象|计划|政策|等))",
    # (3), （二） : list numbering in parentheses
    r"(?P<listno>[(]\d{1,2}[)])",
    # (31期), (总第31期) : a journal issue
    r"(?P<issue>[(]\s*(?:总)?(?:第)?\d+\s*期\s*[)])",
    # 2003-2005年, 2016/17学年, 2007 - 08年 : a span of years or a school year
    r"(?P<yrange>(?P<yr1>(?:19|20)\d{2})"
    + _SP
    + r"?[-~至到—–/]"
    + _SP
    + r"?(?:(?:19|20)?\d{2})"
    + _SP
    + r"?(?:学)?年度?)",
    # 90年代, 20世纪 : a decade, a century
    r"(?P<decade>(?:19|20)?\d0" + _SP + r"?年代)",
    r"(?P<century>\d{1,2}" + _SP + r"?世纪)",
    r"(?P<cncentury>[一二十]{1,3}世纪)",
    # 11月8日 : a day
    r"(?P<day>(?:(?P<dmonth>1[0-2]|0?[1-9])\s*月\s*)?(?P<dday>3[01]|[12]\d|0?[1-9])\s*日)",
    # 1-8月份, 1～8月 : a range of months is a period, not an amount
    r"(?P<mr>(?P<mr1>\d{1,2})\s*[-~至到—–]\s*(?P<mm2>\d{1,2})\s*月份?)",
    # 2005年底, 2001年以来, 2003年 : a calendar year
    r"(?P<yr>(?P<year>(?:19|20)\d{2})\s*年(?P<ysuf>底|初|末|中|以来|以前|前|后|度)?)",
    # 3月份, 8月 : a calendar month
    r"(?P<mon>(?P<month>1[0-2]|0?[1-9])\s*月份?)(?![\d])",
    # 百分之六十二, 百分之8, 百分之五至百分之十
    r"(?P<pct>百分之(?P<pctnum>" + NUMERAL + r")(?:(?:至|到|-|~)百分之(?P<pctnum2>" + NUMERAL + r"))?)",
    # 四分之一 : a fraction, in percent
    r"(?P<frac>(?P<fden>" + NUMERAL + r")分之(?P<fnum>" + NUMERAL + r"))",
    # 三、四万人 : two neighbouring digits, a colloquial range
    r"(?P<cnlist>(?P<cl1>"
    + _SINGLE_CN
    + r")、(?P<cl2>"
    + _SINGLE_CN
    + r")(?P<clm>[十百千万亿]*)(?P<clu>"
    + _UNIT_ALT
    + r")?)",
    # 1..2万人, 10^5人, 1e5元 : numbers that break the grammar
    r"(?P<bad>\d+(?:\.{2,}|\^|[eE][+-]?)\d+[\d.]*(?P<badm>" + _MULT + r")?(?P<badu>" + _UNIT_ALT + r")?)",
    # 1.2.3 : a section number
    r"(?P<section>\d+(?:\.\d+){2,}(?P<secm>" + _MULT + r")?(?P<secu>" + _UNIT_ALT + r")?)",
    r"(?P<fig>" + _FIGURE + ")",
]
_PROSE_ALTERNATIVES = [*_ALTERNATIVES[:-1], r"(?P<fig>" + _FIGURE_PROSE + ")"]

# The leading look-ahead names every character a figure can start with; it lets the regex
# engine skip the rest of the text quickly (about ten times faster than the bare alternation).
_UNIT_FIRST = "".join(sorted({w[0] for w in (*UNIT_WORDS, *DURATION_WORDS)} | set("-~至到—–余多分、")))
_PEOPLE_FIRST = "".join(sorted({w[0] for w in PEOPLE_NOUNS}))
_CN = "[" + CN_NUMERAL_CHARS + "]"
_PRE_FIRST = "".join(sorted({w[0] for w in APPROX_BEFORE}))
_PRE_REST = "|".join(sorted({re.escape(w[1:]) for w in APPROX_BEFORE}, key=len, reverse=True))
#: Where a figure may start. The pattern opens with a character class, which lets the regex engine
#: skip everything else at C speed; the look-behinds and look-aheads after it then refuse most 一s of
#: prose (一些, 统一) before the full pattern is tried. Every start of a figure is a candidate.
_CANDIDATE = re.compile(
    "[0-9.负\\-〔\\[(【" + CN_NUMERAL_CHARS + _PRE_FIRST + "]"
    "(?:(?<=[0-9.负\\-〔\\[(【])"
    "|(?<=百)(?=分之)"
    "|(?<="
    + _CN
    + ")(?!(?<=一)(?:"
    + _WEAK_AFTER_DIGIT
    + "|户|家)|(?<="
    + _SINGLE_CN
    + ")(?:"
    + _WEAK_AFTER_DIGIT
    + "))[点0-9.,\u0020\u00a0\u2009\u202f"
    + CN_NUMERAL_CHARS
    + "]*(?:[世"
    + re.escape(_UNIT_FIRST)
    + "]|[\u4e00-\u9fff]{0,4}?["
    + _PEOPLE_FIRST
    + "])"
    "|(?<=[" + _PRE_FIRST + "])(?:" + _PRE_REST + ")[0-9.负\\-" + CN_NUMERAL_CHARS + "])"
)


#: Every digit-led date, code or malformed form has one of these right after its first 1-4 digits;
#: a plain number (27111人) fails this check at once and goes straight to the main figure.
_AFTER_DIGITS = "(?:" + _SP + "|\\s)*[-/:∶年月日世~至到—–^eE]"
_DIGIT_GUARD = "(?=[0-9]+" + _AFTER_DIGITS + "|[0-9]+\\.(?:\\.|[0-9]+(?:" + _AFTER_DIGITS + "|\\.))|4050)"


def _group(names: tuple[str, ...], alternatives: list[str]) -> str:
    return "|".join(a for a in alternatives if a.startswith(tuple(f"(?P<{n}>" for n in names)))


# Alternatives grouped by their first character, so that the engine tries only the plausible ones;
# within a group and across groups the order of _ALTERNATIVES is kept (fig last).
_SCAN_BODY = (
    "(?:(?=[〔\\[(【])(?:" + _group(("docno", "listno", "issue"), _ALTERNATIVES) + ")"
    "|"
    + _DIGIT_GUARD
    + "(?:"
    + _group(
        (
            "iso",
            "phone",
            "clock",
            "ratio",
            "progname",
            "yrange",
            "decade",
            "century",
            "day",
            "mr",
            "yr",
            "mon",
            "bad",
            "section",
        ),
        _ALTERNATIVES,
    )
    + ")"
    "|(?=百分之|"
    + _CN
    + "+分之|"
    + _CN
    + "、|[一二十]{1,3}世纪)(?:"
    + _group(("cncentury", "pct", "frac", "cnlist"), _ALTERNATIVES)
    + ")"
    "|" + _PROSE_ALTERNATIVES[-1] + ")"
)
_SCAN = re.compile(_SCAN_BODY)

#: The quick figure: the most common shape, digits (and 万/亿, 余/多) right before a unit word (27,111人,
#: 82.9%, 1200万元, 2000余人), read without the full pattern. It is the main figure's own sub-patterns,
#: restricted to the cases where the full pattern would match the same span with the same groups: no
#: date or code may start at the first digit (the digit guard), nothing may continue the numeral
#: (separator, 万, 点, a space), and the unit must not open a range (5%-8%) or carry 角/分/整 (元).
_QUICK_TAIL = (  # after the digits: 万/亿, 余/多, the unit word
    "([万亿]?)(?![0-9,.点" + CN_NUMERAL_CHARS + " \u00a0\u2009\u202f])"
    "(余|多)?(?![万亿千 \u00a0\u2009\u202f])"
    "([%‰](?!" + _SP + "?[-~至到—–])|(?![%‰])(?:" + _UNIT_ALT + "))"
    "(?<!元(?=[0-9" + "".join(CN_DIGITS) + "整正]))"
)
#: The digit guard as seen from the second digit (the candidate class has consumed the first one).
_GUARD_AFTER_FIRST = (
    "(?:[0-9]*" + _AFTER_DIGITS + "|[0-9]*\\.(?:\\.|[0-9]+(?:" + _AFTER_DIGITS + "|\\.))|(?<=4)050)"
)
#: :data:`_CANDIDATE` with the quick figure folded in, written from the second character on (the
#: first is the candidate's): when a digit starts a quick figure, the one search returns the whole
#: figure (groups: the rest of the digits, 万/亿, 余/多, unit); group ``plain`` says a digit starts no
#: date or code (only the main figure can start there). The tests check that this gives exactly what
#: the full pattern gives.
_CANDIDATE_QUICK = re.compile(
    _CANDIDATE.pattern[: _CANDIDATE.pattern.index("(?:") + 3] + "(?<=[0-9])(?!" + _GUARD_AFTER_FIRST + ")"
    r"((?:\d{0,2}(?:,\d{3})+(?!\d)|\d*)(?:\.\d+)?)" + _QUICK_TAIL + "|"
    "(?<=[0-9])(?P<plain>(?!"
    + _GUARD_AFTER_FIRST
    + "))|"
    + _CANDIDATE.pattern[_CANDIDATE.pattern.index("(?:") + 3 :]
)
#: The main figure alone, for a digit where no date or code can start.
_FIG_ONLY = re.compile(_PROSE_ALTERNATIVES[-1])


def _scan(norm: str):
    """The matches of the scanning pattern in ``norm``, left to right, not overlapping (like finditer)."""
    candidate, match = _CANDIDATE.search, _SCAN.match
    pos = 0
    while (c := candidate(norm, pos)) is not None:
        p = c.start()
        m = match(norm, p)
        if m is None:
            pos = p + 1
            continue
        yield m
        pos = m.end()


# --------------------------------------------------------------------------- context rules

_ONE_AFTER_WORD = set("统唯同单专划逐归万之其第某任")
_VAGUE_BEFORE = set("数几上成多好")
_NAME_AFTER = ("工程", "计划", "基地", "行动", "项目", "活动", "大会", "培训", "人才", "代表", "实事", "战略")
_OPEN_QUOTES = "“「『\"'‘"
_CLOSE_QUOTES = "”」』\"'’"
_PEOPLE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:" + unit_pattern(PEOPLE_NOUNS) + ")")
_PEOPLE_BEFORE = re.compile(r"(?:人口|人数)(?:约|为|达|共|是|总计|合计)?" + _SP + "?$")
_MONEY = re.compile(unit_pattern(MONEY_WORDS))
_LIST_MARKS = frozenset("、及和与或以 \u00a0\u2009\u202f")  # the characters a _LIST_TAIL can start with
_CLAUSE_TAIL = re.compile(r"[^,。;!?\n:、]*$")
_LIST_TAIL = re.compile(
    r"(?:"
    + _SP
    + r"?(?:、|及|和|与|或|以及)"
    + _SP
    + r"?(?:"
    + NUMERAL
    + r")(?:余|多)?(?:%|‰)?)*?"
    + _SP
    + r"?(?:、|及|和|与|或|以及)"
    + _SP
    + r"?(?:"
    + NUMERAL
    + r")(?:余|多)?"
    + _SP
    + r"?(?P<unit>"
    + unit_pattern(UNIT_WORDS)
    + ")"
)
#: 7大项指标, 12小项, 3大任务: a count of big (or small) things.
_BIG_COUNT = re.compile(r"大(?![于约概量幅力多型中小学城市户])[\u4e00-\u9fff]|小(?:项|类|组|个)")
_INCREASE = ("增", "升", "提高", "上涨", "涨")
_DECREASE_AFTER_STOP = set("至到为成率幅")
_DECREASE = re.compile(unit_pattern(DECREASE_WORDS))
_LAST_CLAUSE = re.compile(r"[^,。;!?\n:()]*$")
_LIST_CHARS = re.compile(r"[\d.,%‰、及和与或]|分别|" + _SP)


class Reading(NamedTuple):
    """What one match says: value (signed; NaN when there is none), unit, flags, bounds, kind, counter."""

    value: float
    unit: str
    approx: bool
    kind: str
    counter: str
    low: float
    high: float
    sign: int = 1
    bare_multiplier: bool = False  # a unit-less number scaled by 万/亿 (may take a unit from its context)


_new = tuple.__new__  # builds a Reading without the Python-level NamedTuple constructor (hot path)


def _plain(
    value: Decimal | float,
    unit: str,
    approx: bool,
    kind: str,
    counter: str,
    sign: int = 1,
    bare_multiplier: bool = False,
) -> Reading:
    v = float(value) * sign
    return _new(Reading, (v, unit, approx, kind, counter, v, v, sign, bare_multiplier))


def _nan(unit: str, kind: str, counter: str = "") -> Reading:
    nan = math.nan
    return _new(Reading, (nan, unit, False, kind, counter, nan, nan, 1, False))


def read_figure(m: re.Match[str], text: str, *, prose: bool = True) -> Reading | None:
    """Read one match of the scanning pattern in normalised ``text``; None when it is not a figure.

    ``prose=False`` reads a span on its own (:func:`analysis.text.numbers.parse_figure`): a
    Chinese numeral without a unit is then a number, not a word.
    """
    name = m.lastgroup
    g = m  # a match reads its groups by name: m["n1"]
    s = m.start()
    before = text[s - 1] if s > 0 else ""
    if name == "fig":
        return _read_main(m, text, before, prose)
    if name == "listno":
        return None  # structure, not content
    if name == "section" and (g["secm"] or g["secu"]):
        return _nan(_UNIT_OF.get(g["secu"] or "", "number"), "malformed", g["secu"] or "")  # 1.5.3万人
    if name in ("docno", "phone", "progname", "issue", "section"):
        return _nan("identifier", "identifier")
    if name == "ratio":
        return _nan("ratio", "number")
    if name == "iso":
        return _plain(Decimal(g["isoyear"]), "date", False, "date", "")
    if name == "clock":
        return _plain(Decimal(g["clock"].split(":")[0]), "clock", False, "date", "")
    if name == "yrange":
        return _plain(Decimal(g["yr1"]), "year_range", False, "date", "年")
    if name == "decade":
        return _nan("decade", "date", "年代")
    if name in ("century", "cncentury"):
        return _nan("century", "date", "世纪")
    if name == "day":
        return _plain(Decimal(g["dday"]), "day", False, "date", "日")
    if name == "mr":
        return _plain(Decimal(g["mm2"]), "month_range", False, "date", "月")
    if name == "yr":
        return _plain(Decimal(g["year"]), "year", False, "date", "年")
    if name == "mon":
        if before == "第" or before.isdigit():
            return None
        return _plain(Decimal(g["month"]), "month", False, "date", "月")
    if name == "pct":
        try:
            low = numeral_value(g["pctnum"])
            high = numeral_value(g["pctnum2"]) if g["pctnum2"] else low
        except ValueError:
            return None
        return _ranged(low, high, "percent", bool(g["pctnum2"]), "amount", "%", _sign(text, s, m.end()))
    if name == "frac":
        try:
            den, num = numeral_value(g["fden"]), numeral_value(g["fnum"])
        except ValueError:
            return None
        if den == 0:
            return _nan("percent", "malformed", "分之")
        return _plain(num / den * 100, "percent", False, "amount", "分之", _sign(text, s, m.end()))
    if name == "cnlist":
        a, b = CN_DIGITS[g["cl1"]], CN_DIGITS[g["cl2"]]
        unit_word = g["clu"] or ""
        if b != a + 1 or not (unit_word in UNIT_WORDS and (g["clm"] or unit_word in _STRONG_ONE_UNITS)):
            return None  # 一、二、: list numbering
        scale = numeral_value("一" + g["clm"]) if g["clm"] else Decimal(1)
        factor = UNIT_FACTORS.get(unit_word, Decimal(1))
        return _ranged(
            a * scale * factor, b * scale * factor, UNIT_WORDS[unit_word], True, "amount", unit_word, 1
        )
    if name == "bad":
        unit_word = g["badu"] or ""
        return _nan(_UNIT_OF.get(unit_word, "number"), "malformed", unit_word)
    return None


def _ranged(
    low: Decimal | int,
    high: Decimal | int,
    unit: str,
    is_range: bool,
    kind: str,
    counter: str,
    sign: int,
    approx: bool = False,
) -> Reading:
    if not is_range:
        v = float(low) * sign
        return _new(Reading, (v, unit, approx, kind, counter, v, v, sign, False))
    lo, hi = float(low) * sign, float(high) * sign
    if sign < 0:
        lo, hi = hi, lo
    return _new(Reading, ((lo + hi) / 2, unit, True, kind, counter, lo, hi, sign, False))


_FIG_GROUPS = ("pre", "neg", "n1", "a1", "m1", "n2", "unit")


def _read_main(m: re.Match[str], text: str, before: str, prose: bool) -> Reading | None:
    pre, neg, n1, a1, m1, n2, unit_word = m.group(*_FIG_GROUPS)
    a2, m2 = m.group("a2", "m2") if n2 else (None, None)
    jiao, fen = m.group("jiao", "fen") if unit_word == "元" else (None, None)
    unit_word = unit_word or m["u1"] or ""
    start, end = m.span()
    arabic = n1[0] in "0123456789."
    if prose:
        if before == "第" or (before.isascii() and before.isalpha()):
            return None  # ordinal (第3) or part of a code (A3)
        if before == "." and arabic:
            return None  # the tail of a malformed or section number
        if not arabic:
            verdict = _chinese_numeral_is_figure(n1, m, text, start, end, unit_word, before)
            if verdict == "phrase":
                value = 1.0 if n1 in ("一", "壹") else math.nan
                return _new(
                    Reading,
                    (
                        value,
                        _UNIT_OF.get(unit_word, "number"),
                        False,
                        "phrase",
                        unit_word,
                        value,
                        value,
                        1,
                        False,
                    ),
                )
            if not verdict:
                return None
        elif not unit_word:
            after = text[end : end + 1]
            if after == "、" and not m1 and not n2 and not _LIST_TAIL.match(text, end):
                return None  # list numbering: 1、2、
            if after == "." and n1.isdigit() and (start == 0 or before in "\n \u3000\xa0"):
                return None  # list numbering: 1.
    elif n1 in ("百", "千", "万", "亿", "佰", "仟") and not (pre or unit_word):
        raise ValueError(f"a bare {n1} is a word, not a number")
    approx = bool(pre or a1 or a2) or text.startswith(APPROX_AFTER, end)
    sign = -1 if neg else 1
    try:
        low, high, is_range = _bounds(n1, m1, n2, m2)
    except ValueError:
        if not prose:
            raise
        return _nan(_UNIT_OF.get(unit_word, "number"), "malformed", unit_word)
    if jiao or fen:  # 壹佰捌拾壹圆柒角: yuan, jiao (1/10) and fen (1/100)
        low = Decimal(low) + _digit(jiao) / 10 + _digit(fen) / 100
        high = low
    if unit_word:
        return _with_unit(low, high, is_range, unit_word, approx, sign, text, start, end, prose)
    # no unit word: the context may give one
    if not prose:
        return _ranged(low, high, "number", is_range, "amount", "", sign, approx)
    if arabic and text[end : end + 1] in ("大", "小") and _BIG_COUNT.match(text, end):
        return _ranged(low, high, "count", is_range, "amount", text[end], sign, approx)  # 7大项, 3大任务
    has_mult = bool(m1 or m2 or "万" in n1 or "亿" in n1)
    unit = _context_unit(text, start, end, has_mult)
    if unit is None:
        digits = n1.replace(",", "")
        if arabic and digits.isdigit() and len(digits) >= 5 and not is_range and not approx:
            return _nan("identifier", "identifier")  # a postcode, a date stamp, a serial number
        if not arabic:
            return None  # a Chinese numeral without a unit is a word (一是, 十五计划)
        r = _ranged(low, high, "number", is_range, "number", "", sign, approx)
        return r._replace(bare_multiplier=True) if has_mult else r
    if sign == 1:
        sign = _sign(text, start, end)
    return _ranged(low, high, unit, is_range, "amount", "", sign, approx)


def _with_unit(
    low: Decimal | int,
    high: Decimal | int,
    is_range: bool,
    unit_word: str,
    approx: bool,
    sign: int,
    text: str,
    start: int,
    end: int,
    prose: bool,
) -> Reading:
    """The reading of a number followed by a unit word (the main figure and the quick path share it)."""
    if unit_word in UNIT_FACTORS:
        low, high = low * UNIT_FACTORS[unit_word], high * UNIT_FACTORS[unit_word]
    if unit_word in DURATION_WORDS:
        return _ranged(low, high, DURATION_WORDS[unit_word], is_range, "duration", unit_word, sign, approx)
    if prose:
        if unit_word == "人" and text.startswith("才", end):
            return _nan("identifier", "identifier")  # 111人才工程: a programme name
        if sign == 1 and _DECREASE.search(text, max(0, start - 16), start):
            sign = _sign(text, start, end)
    return _ranged(low, high, UNIT_WORDS[unit_word], is_range, "amount", unit_word, sign, approx)


#: Unit words whose reading needs nothing beyond the number: no factor, not a period.
_PLAIN_UNITS = frozenset(w for w in UNIT_WORDS if w not in UNIT_FACTORS)


#: Characters that make a number part of something else when right before it: 第3 (an ordinal), A3 (a
#: code), .3 after a number (the tail of a malformed or section number).
_NOT_BEFORE = frozenset("第.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _read_quick(
    digits: str, mult: str, more: str | None, unit_word: str, text: str, start: int, end: int, before: str
) -> Reading | None:
    """Read a quick figure (plain digits and a unit word) exactly as the main figure would."""
    if before in _NOT_BEFORE:
        return None
    if "," in digits:
        digits = digits.replace(",", "")
    low = int(digits) if digits.isdigit() else Decimal(digits)
    if mult:
        low *= BIG_UNITS[mult]
    approx = more is not None or text.startswith(APPROX_AFTER, end)
    return _with_unit(low, low, False, unit_word, approx, 1, text, start, end, True)


def _digit(c: str | None) -> Decimal:
    if not c:
        return Decimal(0)
    return Decimal(CN_DIGITS[c]) if c in CN_DIGITS else Decimal(c)


def _bounds(
    n1: str, m1: str | None, n2: str | None, m2: str | None
) -> tuple[Decimal | int, Decimal | int, bool]:
    """Low and high bound of the numeral (equal unless a range); multipliers shared across a range."""
    if n2 is None and m1 is None and n1.isdigit() and n1.isascii():
        v = int(n1)  # the common case: plain digits
        return v, v, False
    s1 = _consecutive_digits(n1) if n1[0] in CN_DIGITS else None
    if s1 is not None and not n2:  # 三四万, 二三十: a colloquial range
        return s1[0], s1[1], True
    low = numeral_value(n1)
    if m1:
        low *= _multiplier(m1)
    if not n2:
        return low, low, False
    high = numeral_value(n2)
    if m2:
        high *= _multiplier(m2)
    # 150至250万元, 3-5万人: a lower bound without a multiplier takes the upper bound's
    own = m1 or "万" in n1 or "亿" in n1
    tail = m2 or _trailing_multiplier(n2)
    if not own and tail:
        low *= _multiplier(tail)
    if low > high:
        raise ValueError("a range whose lower bound exceeds its upper bound")
    return low, high, True


def _multiplier(word: str) -> Decimal:
    value = Decimal(1)
    for c in word:
        value *= {"万": 10**4, "亿": 10**8, "千": 10**3}[c]
    return value


def _trailing_multiplier(n: str) -> str:
    k = len(n)
    while k and n[k - 1] in "万亿":
        k -= 1
    return n[k:]


def _consecutive_digits(n: str) -> tuple[Decimal, Decimal] | None:
    if len(n) < 2 or n[0] not in CN_DIGITS or n[1] not in CN_DIGITS:
        return None
    a, b = CN_DIGITS[n[0]], CN_DIGITS[n[1]]
    if a == 0 or b != a + 1 or (len(n) > 2 and n[2] in CN_DIGITS):
        return None
    rest = n[2:]
    scale = numeral_value("一" + rest) if rest else Decimal(1)
    return a * scale, b * scale


def _chinese_numeral_is_figure(
    n1: str, g: re.Match[str], text: str, s: int, end: int, unit_word: str, before: str
) -> bool | str:
    """A Chinese numeral in prose is a figure only with a unit or a people noun, and not inside a word.

    Returns True, False (a word: not reported) or ``"phrase"`` (a slogan or a quoted name).
    """
    if n1[0] in "百千万亿" and not g["pre"]:
        # 千位民众 is 1,000 people, but 数千人 and 上万人 are vague, and 万人培训工程 is a name
        if before in _VAGUE_BEFORE or unit_word not in ("位", "名", "人", "元", "户", "家", "个"):
            return False
        if text.startswith(_NAME_AFTER, end) or text[end : end + 4].endswith(_NAME_AFTER):
            return False
    if g["pre"] == "过" and n1[0] not in "百千万亿":
        return False  # 通过3000人: 过 belongs to the verb
    if before in _OPEN_QUOTES and any(c in _CLOSE_QUOTES for c in text[end : end + 8]):
        return False  # “三个代表”, “六件实事”: a name
    if not unit_word:
        has_unit_char = any(c in "十百千万亿拾佰仟廿" for c in n1) or "点" in n1
        return has_unit_char and (_PEOPLE_AFTER.match(text, end) is not None or bool(g["m1"]))
    if unit_word not in UNIT_WORDS:
        return unit_word in DURATION_WORDS and any(c in "十百千万亿" for c in n1)  # 三年不变 is prose
    if text.startswith(("代表",), end):
        return False
    only_digit = (len(n1) == 1 and n1 in CN_DIGITS) or (len(n1) == 2 and _consecutive_digits(n1) is not None)
    if "点" in n1 or not only_digit:
        return True
    if n1 in ("一", "壹"):
        if before in _ONE_AFTER_WORD or unit_word not in _STRONG_ONE_UNITS:
            return False  # 一个群体, 开了一家小店, 统一人员
        return "phrase" if _is_slogan(text, s, end) else True
    # 二..九 with a counter: 三个代表, 四个方面, 三条政策 are words in the speech; strong units are figures
    return unit_word in _STRONG_ONE_UNITS or unit_word in ("户", "家", "倍")


def _is_slogan(text: str, s: int, end: int) -> bool:
    """培训一人,就业一人: the same 一+unit repeated across a comma is a slogan."""
    piece = text[s:end]
    window = text[max(0, s - 8) : end + 8]
    return window.count(piece) >= 2


def _context_unit(text: str, s: int, end: int, has_mult: bool) -> str | None:
    """The unit of a number printed without one, from the words around it (see :func:`extract_figures`)."""
    after = text[end : end + 1]
    if "\u4e00" <= after <= "\u9fff" and _PEOPLE_AFTER.match(text, end):
        return "person"
    if after in _LIST_MARKS:
        tail = _LIST_TAIL.match(text, end)
        if tail:
            return UNIT_WORDS[tail["unit"]]
    if not has_mult and "人" not in text[max(0, s - 12) : s]:
        return None  # the common case: nothing before the number can give it a unit
    head = _CLAUSE_TAIL.search(text, max(0, s - 12), s).group()
    if "人" in head and _PEOPLE_BEFORE.search(head):
        return "person"
    if has_mult and (_MONEY.search(head) or _MONEY.match(text, end) or _MONEY.match(text, end + 1)):
        return "yuan"
    return None


def _sign(text: str, s: int, end: int) -> int:
    """-1 when the number is the size of a fall or a shortfall stated just before it (下降5个百分点)."""
    if not _DECREASE.search(text, max(0, s - 16), s):
        return 1  # the common case: no decrease word nearby
    head = _LAST_CLAUSE.search(text[max(0, s - 16) : s]).group()
    best_end, word = -1, ""
    for w in DECREASE_WORDS:  # the last decrease word; of two ending together (下跌, 跌) the longer
        i = head.rfind(w)
        if i >= 0 and (i + len(w) > best_end or (i + len(w) == best_end and len(w) > len(word))):
            best_end, word = i + len(w), w
    if best_end < 0:
        return 1
    between = head[best_end:]
    if between[:1] in _DECREASE_AFTER_STOP or any(w in between for w in _INCREASE):
        return 1  # 下降至3%, 减少为: the level reached, not the fall
    words_between = _LIST_CHARS.sub("", between)  # 分别下跌0.1、0.8及0.6: list members share the verb
    if len(word) == 1 and words_between not in ("", "了"):
        return 1  # 减免税费: a one-character verb only right before the number
    if word == "低于" and between == "":
        return 1  # 低于5%: a bound, not a shortfall
    if between.endswith("的") or len(words_between) > 10:
        return 1  # 远低于全国的3.6%: the level compared with
    return -1


def _rows(text: str, norm: str, *, use_quick: bool = True) -> list[tuple]:
    """The figure rows of ``text`` (``norm`` is its normalised form). ``use_quick=False`` reads every
    figure with the full pattern (the tests check that both ways give the same rows)."""
    rows: list[tuple] = []
    prev_end, prev_unit, prev_mult = -100, "", False
    candidate = (_CANDIDATE_QUICK if use_quick else _CANDIDATE).search
    match, fig_only = _SCAN.match, _FIG_ONLY.match
    pos = 0
    while (c := candidate(norm, pos)) is not None:  # the loop of _scan, inlined: this is the hot path
        p = c.start()
        rest, mult, more, unit_word, plain = c.groups() if use_quick else (None, None, None, None, None)
        if unit_word is not None:  # a quick figure, found by the candidate search itself
            s, e = p, c.end()
            pos = e
            digits = norm[p] + rest
            before = norm[s - 1] if s else ""
            if (
                unit_word in _PLAIN_UNITS
                and before not in _NOT_BEFORE
                and not (unit_word == "人" and norm.startswith("才", e))
            ):
                # _read_quick, inlined for the commonest case (the tests check both give the same rows)
                if "," in digits:
                    digits = digits.replace(",", "")
                number = int(digits) if digits.isdigit() else Decimal(digits)
                value = float(number * BIG_UNITS[mult]) if mult else float(number)
                sign = -1 if _DECREASE.search(norm, max(0, s - 16), s) and _sign(norm, s, e) == -1 else 1
                value *= sign
                unit = UNIT_WORDS[unit_word]
                raw = text[s:e]
                prev_end, prev_unit, prev_mult = e, unit, bool(mult)
                rows.append(
                    (
                        value,
                        unit,
                        raw,
                        s,
                        e,
                        more is not None or norm.startswith(APPROX_AFTER, e),
                        "amount",
                        unit_word,
                        value,
                        value,
                        sign,
                    )
                )
                continue
            r = _read_quick(digits, mult, more, unit_word, norm, s, e, before)
        else:
            # a digit where no date or code can start needs only the main figure
            if plain is not None:  # a digit where no date or code can start
                m = fig_only(norm, p)
            else:
                m = match(norm, p)
            if m is None:
                pos = p + 1
                continue
            s, e = m.span()
            pos = e
            if m.lastgroup == "fig":
                r = _read_main(m, norm, norm[s - 1] if s else "", True)
            else:
                r = read_figure(m, norm)
            while e > s and norm[e - 1] in " \u00a0\u2009\u202f\u3000\n\t":
                e -= 1
        if r is None:
            continue
        value, unit, approx, kind, counter, low, high, sign, bare = r
        if (
            bare
            and kind == "number"
            and prev_unit
            and prev_mult
            and s - prev_end <= 12
            and not any(ch in "。\n" for ch in norm[prev_end:s])
        ):
            unit, kind = prev_unit, "amount"  # 由13万多人下跌至12万多: the pair's unit
        raw = text[s:e]
        if kind == "amount":
            prev_end, prev_unit = e, unit
            prev_mult = "万" in raw or "亿" in raw or "萬" in raw or "億" in raw
        rows.append((value, unit, raw, s, e, approx, kind, counter, low, high, sign))
    return rows


def extract_figures(text: str) -> pd.DataFrame:
    """Find every quantity in a Chinese policy text.

    Parameters
    ----------
    text
        Any Chinese text (cleaned speech, report, news item, yearbook page), simplified or
        traditional. Full-width digits and punctuation are understood.

    Returns
    -------
    pandas.DataFrame
        One row per figure, in text order, with columns

        ``value``
            float, normalised (1200万元 -> 12,000,000; 8.3万人 -> 83,000; 82.9% -> 82.9;
            ``1,194万8千人`` -> 11,948,000; ``三万五`` -> 35,000; ``一成`` -> 10 percent;
            ``四分之一`` -> 25 percent; ``6.04‰`` -> 0.604 percent; ``1 104平方公里`` -> 1.104e9 m²).
            Signed: ``-5%``, ``负5%`` and ``下降5个百分点`` give -5. A range gives its midpoint.
            For dates: the year, the month, the day, or the last month of a range.
            NaN for identifiers, decades and malformed numbers: never a guessed value.
        ``unit``
            ``person``, ``person_time`` (人次), ``yuan``, ``usd``, ``percent``, ``percentage_point``,
            ``count`` (个/家/户/项/件/宗...), ``age_years``, ``square_metre``, ``mu``, ``times``,
            ``number`` (no unit word), durations (``years``, ``months``, ``days``, ``hours``),
            dates (``year``, ``month``, ``day``, ``month_range``, ``year_range``) ...
        ``raw``, ``start``, ``end``
            the exact substring and its offsets, ``text[start:end] == raw``; a span never ends
            in white space.
        ``approx``
            True for 余/多/近/约/逾/超过/不足/以上/左右/以内 and for ranges.
        ``kind``
            ``amount``, ``date``, ``duration``, ``number`` (an Arabic number without a unit),
            ``identifier``, ``phrase`` or ``malformed``; see :data:`KINDS`.
        ``counter``
            the measure word after the number (个, 家, 人, 元 ...), or "".
        ``low``, ``high``
            the bounds of a range (``150至250万元``, ``3-5万人``, ``三、四万人``), both scaled; equal to
            ``value`` otherwise.
        ``sign``
            1, or -1 for a negative number or the size of a stated decrease.

    Notes
    -----
    The unit rule. The unit is the measure word right after the number (人, 元, 个, %, 岁 ...).
    Without one, the context decides, in this order:

    1. a people noun within four characters after the number (人员, 职工, 劳动力, 农民工, 工人,
       学员, 人口 ...; ``35万下岗职工``, ``2万在外务工人员``) makes it ``person``;
    2. a list sharing one unit (``49、44及42人次``) gives every member that unit;
    3. 人口 or 人数 just before the number (``人口约731万``) makes it ``person``;
    4. a number with 万/亿 in a clause about money (收入, 贷款, 资金, 奖励金, 投资 ...;
       ``财政收入800亿``) is ``yuan``;
    5. a bare 万/亿 right after a figure with a unit in the same sentence takes that unit
       (``由13万多人下跌至12万多``).

    Otherwise an Arabic number is returned with unit ``number`` and kind ``number`` (five or more
    plain digits: kind ``identifier``), and a Chinese numeral is taken for a word (一是, 十五计划).
    Chinese single digits with a weak counter (一个, 三个代表, 四个方面) are words, not figures;
    with 人/名/位/元/倍/成/户/家 they are figures, except in slogans (培训一人,就业一人).
    """
    rows = _rows(text, normalise_text(text))  # a one-to-one mapping: offsets stay valid
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(FIGURE_COLUMNS)
    return pd.DataFrame(
        {name: np.array(col, dtype=_DTYPES[name]) for name, col in zip(FIGURE_COLUMNS, columns, strict=True)},
        copy=False,
    )
