"""The speech as data: clean a scraped page, extract every figure, label the figures.

``clean_text`` keeps the body of a speech (from the salutation, e.g. "同志们:", to its
last sentence) and drops the web page around it. ``extract_figures`` scans any Chinese
policy text with one compiled regular expression and returns a table of quantities
with normalised values and units; dates (2005年底, 1-8月份) are tagged ``kind="date"``
so they are never mistaken for amounts. ``annotate`` joins the curated labels in
``data/annotations.csv``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths
from .numbers import CHINESE_DIGITS, UNIT_WORDS, normalise_text, parse_arabic, parse_chinese_numeral
from .textio import read_text

__all__ = [
    "FIGURE_COLUMNS",
    "clean_text",
    "paragraphs",
    "extract_figures",
    "load_annotations",
    "annotate",
    "speech_text",
    "speech_figures",
]

# --------------------------------------------------------------------------- cleaning

_SALUTATION = re.compile(
    r"^[ \t\u3000\xa0]*(同志们|各位[^\n:：]{0,12}|女士们[^\n:：]{0,12}|先生们[^\n:：]{0,12}|同事们|朋友们)[:：]\s*$",
    re.M,
)
#: Lines that are page furniture wherever they appear.
_BOILERPLATE_LINE = re.compile(
    r"^\s*(?:"
    r"图片|\[图片\]|<img[^>]*>|点击查看大图|点击图片.*|"
    r"当前位置[:：].*|您现在的位置[:：].*|首页\s*>.*|主页\s*>.*|.*>\s*>\s*$|"
    r"来源[:：].*|作者[:：].*|发布时间[:：].*|发布日期[:：].*|时间[:：]\s*\d.*|浏览次数.*|点击[:：]?\s*\d+.*|"
    r"上一页.*|下一页.*|上一篇.*|下一篇.*|\[\d+\](?:\s*\[\d+\])*\s*|第\s*\d+\s*页.*|"
    r"责任编辑[:：].*|编辑[:：].*|打印本页.*|关闭窗口.*|分享到.*|【(?:打印|关闭|字体).*"
    r")\s*$"
)
#: Lines after which nothing belongs to the speech.
_TAIL_MARKER = re.compile(
    r"^\s*(?:随机阅读|相关阅读|相关文章|相关链接|推荐阅读|热门文章|猜你喜欢|延伸阅读|最新文章|"
    r"上一篇|下一篇|版权所有|Copyright|copyright|©|免责声明|TODAY'S FOCUS)"
)
_TERMINAL = tuple("。！？!?”」』…；;")
_INDENT = re.compile(r"^[ \t\u3000\xa0]+")
_WS = " \t\u3000\xa0\u200b\ufeff"


def clean_text(raw: str) -> str:
    """Return the body of a scraped speech, paragraphs separated by one blank line.

    Keeps the text from the salutation line ("同志们:", "各位代表:", ...) to the last
    complete sentence; drops banners, breadcrumbs, "来源/作者" lines, image
    placeholders, pagination and "随机阅读"-style tails. Lines that a page broke in the
    middle of a sentence (an unindented line after a paragraph with no final
    punctuation) are joined back.

    Parameters
    ----------
    raw
        The page text as scraped.

    Returns
    -------
    str
        The cleaned body.

    Raises
    ------
    ValueError
        If nothing that looks like speech text is left.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    # Lines seen before the body (site banners) are boilerplate when repeated after it.
    m = _SALUTATION.search(text)
    if m:
        start_line = text.count("\n", 0, m.start())
    else:
        # No salutation: start after the last header line (source/author/breadcrumb).
        start_line = 0
        for i, line in enumerate(lines[: max(1, len(lines) // 2)]):
            if _BOILERPLATE_LINE.match(line):
                start_line = i + 1
    header = {ln.strip(_WS) for ln in lines[:start_line] if ln.strip(_WS)}

    paras: list[str] = []
    for line in lines[start_line:]:
        stripped = line.strip(_WS)
        if not stripped:
            continue
        if _TAIL_MARKER.match(stripped) or (stripped in header and paras):
            break
        if _BOILERPLATE_LINE.match(stripped):
            continue
        indented = bool(_INDENT.match(line))
        if paras and not indented and not paras[-1].endswith(_TERMINAL) and not _is_heading(paras[-1]):
            paras[-1] += stripped  # a sentence broken by the page: join it back
        else:
            paras.append(stripped)
    # End at the last complete sentence.
    while paras and not _has_sentence(paras[-1]):
        paras.pop()
    if paras:
        last = paras[-1]
        cut = max(last.rfind(ch) for ch in _TERMINAL)
        if cut >= 0:
            paras[-1] = last[: cut + 1]
    if not paras or (len(paras) == 1 and _SALUTATION.match(paras[0])):
        raise ValueError("no speech text found: the page has no paragraphs after the boilerplate")
    return "\n\n".join(paras)


def _is_heading(line: str) -> bool:
    return bool(re.match(r"^(?:[一二三四五六七八九十]+、|\d+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\))", line)) and len(line) <= 60


def _has_sentence(line: str) -> bool:
    return any(ch in line for ch in _TERMINAL) or bool(_SALUTATION.match(line))


def paragraphs(text: str) -> list[str]:
    """Split cleaned text into its paragraphs."""
    return [p for p in text.split("\n\n") if p.strip()]


# --------------------------------------------------------------------------- extraction

FIGURE_COLUMNS = ["value", "unit", "raw", "start", "end", "approx", "kind", "counter"]

_UNIT_ALT = "|".join(
    re.escape(w) for w in sorted({*UNIT_WORDS, "个月", "天", "年"}, key=len, reverse=True)
)
_UNIT_OF = {**UNIT_WORDS, "个月": "months", "天": "days", "年": "years"}
_STRONG_CN_UNITS = {"人", "人次", "名", "元", "美元", "户", "家"}
_CN = "[" + CHINESE_DIGITS.replace("点", "") + "][" + CHINESE_DIGITS + "]*"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

# The leading look-ahead names every character a figure can start with; it lets the regex
# engine skip the rest of the text quickly (about ten times faster than the bare alternation).
_FIRST_CHARS = "0-9" + CHINESE_DIGITS.replace("点", "") + "近约逾超百〔\\[（(【"
_SCAN = re.compile(
    "(?=[" + _FIRST_CHARS + "])(?:"
    + "|".join(
        [
            # 〔2007〕42号, [2003]5号 : a document number
            r"(?P<docno>[〔\[（(【]\s*(?:19|20)\d{2}\s*[〕\]）)】]\s*\d+\s*号)",
            # 2005-11-28, 2005/11/28, 14:24:26 : timestamps of web pages
            r"(?P<iso>(?P<isoyear>(?:19|20)\d{2})[-/.](?:1[0-2]|0?[1-9])[-/.](?:3[01]|[12]\d|0?[1-9])(?!\d))",
            r"(?P<clock>(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?!\d))",
            # 4050工程, 4050人员 : the name of a programme (women over 40, men over 50), not a count
            r"(?P<progname>4050(?=[”’\"'」]|人员|工程|创业|下岗|大龄|对象|计划|政策|等))",
            # (3), （二） : list numbering in parentheses
            r"(?P<listno>[(（]\d{1,2}[)）])",
            # 11月8日 : a day
            r"(?P<day>(?:(?P<dmonth>1[0-2]|0?[1-9])\s*月\s*)?(?P<dday>3[01]|[12]\d|0?[1-9])\s*日)",
            # 1-8月份, 1～8月 : a range of months is a period, not an amount
            r"(?P<mr>(?P<m1>\d{1,2})\s*[-－—–~～至到]\s*(?P<m2>\d{1,2})\s*月份?)",
            # 2005年底, 2001年以来, 2003年 : a calendar year
            r"(?P<yr>(?P<year>(?:19|20)\d{2})\s*年(?P<ysuf>底|初|末|中|以来|以前|前|后|度)?)",
            # 3月份, 8月 : a calendar month
            r"(?P<mon>(?P<month>1[0-2]|0?[1-9])\s*月份?)(?![\d])",
            # 百分之六十二, 百分之8
            r"(?P<pct>百分之(?P<pctnum>" + _NUM + "|" + _CN + "))",
            # Arabic digits with multiplier, approximation and unit
            r"(?P<ar>(?P<arpre>近|约|逾|超过)?(?P<arnum>" + _NUM + r")\s?(?P<ara1>余|多)?(?P<armult>万亿|千万|百万|亿|万|千)?"
            r"(?P<ara2>余|多)?\s?(?P<arunit>" + _UNIT_ALT + r")?)",
            # Chinese numerals: only with a unit (so 一个/三个代表 are not read as data)
            r"(?P<cn>(?P<cnpre>近|约|逾|超过)?(?P<cnnum>" + _CN + r")(?P<cna>余|多)?(?P<cnunit>" + _UNIT_ALT + r"))",
        ]
    )
    + ")"
)


def extract_figures(text: str) -> pd.DataFrame:
    """Find every quantity in a Chinese policy text.

    Parameters
    ----------
    text
        Any Chinese text (cleaned speech, report, news item). Full-width digits and
        traditional number characters (萬, 億, 餘) are understood.

    Returns
    -------
    pandas.DataFrame
        One row per figure, in text order, with columns

        ``value``
            float, normalised (1200万元 -> 12,000,000; 8.3万人 -> 83,000; 82.9% -> 82.9).
            For dates: the year, the month, the day, or the last month of a range.
            Document numbers (〔2007〕42号), clock times and programme names (4050工程)
            are recognised and left out.
        ``unit``
            ``person``, ``person_time`` (人次), ``yuan``, ``percent``, ``count``
            (个/家/户/项...), ``year``, ``month``, ``month_range``, ``years``,
            ``number`` (no unit word) ...
        ``raw``, ``start``, ``end``
            the exact substring and its offsets, ``text[start:end] == raw``.
        ``approx``
            True for 余/多/近/约 ("more than", "about").
        ``kind``
            ``amount`` or ``date``.
        ``counter``
            the measure word after the number (个, 家, 人, 元 ...), or "".
    """
    norm = normalise_text(text)  # one-to-one mapping, offsets stay valid
    rows: list[tuple] = []
    for m in _SCAN.finditer(norm):
        row = _figure_from_match(m, norm)
        if row is not None:
            value, unit, approx, kind, counter = row
            s, e = m.span()
            rows.append((value, unit, text[s:e], s, e, approx, kind, counter))
    frame = pd.DataFrame.from_records(rows, columns=FIGURE_COLUMNS)
    return frame.astype({"value": float, "unit": str, "raw": str, "start": int, "end": int, "approx": bool,
                         "kind": str, "counter": str})


def _figure_from_match(m: re.Match[str], text: str) -> tuple[float, str, bool, str, str] | None:
    s = m.start()
    before = text[s - 1] if s > 0 else ""
    if m["docno"] or m["progname"] or m["clock"] or m["listno"]:
        return None  # document numbers, programme names and clock times are not quantities
    if m["iso"]:
        return float(m["isoyear"]), "date", False, "date", ""
    if m["day"]:
        return float(m["dday"]), "day", False, "date", "日"
    if m["mr"]:
        return float(m["m2"]), "month_range", False, "date", "月"
    if m["yr"]:
        return float(m["year"]), "year", False, "date", "年"
    if m["mon"]:
        if before == "第" or before.isdigit():
            return None
        return float(m["month"]), "month", False, "date", "月"
    if m["pct"]:
        num = m["pctnum"]
        value = parse_arabic(num) if num[0].isdigit() else parse_chinese_numeral(num)
        return float(value), "percent", False, "amount", "%"
    if m["ar"]:
        if before == "第" or before.isalpha() and before.isascii():
            return None  # ordinal (第3) or part of a code (A3)
        after = text[m.end() : m.end() + 1]
        if after == "、" and not m["arunit"] and not m["armult"]:
            return None  # list numbering: 1、2、
        if after in (".", "．") and not m["arunit"] and re.match(r"\d+$", m["arnum"]) and (s == 0 or text[s - 1] in "\n \u3000\xa0"):
            return None  # list numbering: 1.
        value = parse_arabic(m["arnum"], m["armult"] or "")
        unit_word = m["arunit"] or ""
        approx = bool(m["arpre"] or m["ara1"] or m["ara2"])
        return float(value), _UNIT_OF.get(unit_word, "number"), approx, "amount", unit_word
    # Chinese numeral with a unit
    num, unit_word = m["cnnum"], m["cnunit"]
    if before == "第":
        return None
    if not (set(num) & set("十百千万亿拾佰仟") or unit_word in _STRONG_CN_UNITS):
        return None  # 一个, 三项: words, not data
    if unit_word == "年":
        return None  # 三年不变: a duration in prose
    try:
        value = parse_chinese_numeral(num)
    except ValueError:
        return None  # 十分, 千方百计 and other words that are not numbers
    approx = bool(m["cnpre"] or m["cna"])
    return float(value), _UNIT_OF[unit_word], approx, "amount", unit_word


# --------------------------------------------------------------------------- annotations

ANNOTATION_COLUMNS = ["raw", "occurrence", "label", "category", "lever", "note"]
CATEGORIES = {"input", "outcome", "context"}
LEVERS = {"training", "subsidy", "credit", "public_jobs", "big_projects", "labour_export", "social_assistance",
          "administration"}


def load_annotations(path: Path | None = None) -> pd.DataFrame:
    """Read ``data/annotations.csv`` and check its vocabulary."""
    path = path or paths.ANNOTATIONS
    frame = pd.read_csv(path, dtype={"raw": str, "note": str}, keep_default_na=False)
    missing = set(ANNOTATION_COLUMNS) - set(frame.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    bad_cat = set(frame["category"]) - CATEGORIES
    bad_lever = set(frame["lever"]) - LEVERS
    if bad_cat or bad_lever:
        raise ValueError(f"{path}: unknown category {sorted(bad_cat)} or lever {sorted(bad_lever)}")
    return frame


def annotate(figures: pd.DataFrame, annotations: pd.DataFrame | None = None) -> pd.DataFrame:
    """Join labels to figures by raw text and occurrence (1 = first time that span appears).

    Figures without an annotation keep empty label/category/lever.
    """
    annotations = load_annotations() if annotations is None else annotations
    figs = figures.copy()
    figs["occurrence"] = figs.groupby("raw").cumcount() + 1
    out = figs.merge(annotations, on=["raw", "occurrence"], how="left")
    for col in ("label", "category", "lever", "note"):
        out[col] = out[col].fillna("")
    return out


@lru_cache(maxsize=1)
def _speech_text_cached(path: str) -> str:
    return clean_text(read_text(path))


def speech_text() -> str:
    """The cleaned speech body from ``data/raw``."""
    return _speech_text_cached(str(paths.SPEECH_RAW))


def speech_figures() -> pd.DataFrame:
    """Every figure of the speech with its curated label, category and lever."""
    return annotate(extract_figures(speech_text()))


# --------------------------------------------------------------------------- derived indicators

def figure_value(figures: pd.DataFrame, raw: str, occurrence: int = 1) -> float:
    """Value of the figure printed as ``raw`` (its ``occurrence``-th appearance).

    Raises
    ------
    KeyError
        If the speech has no such figure (the annotations and the text disagree).
    """
    hits = figures[figures["raw"] == raw]
    if len(hits) < occurrence:
        raise KeyError(f"the speech has no figure {raw!r} (occurrence {occurrence})")
    return float(hits.iloc[occurrence - 1]["value"])


def listed_money(figures: pd.DataFrame) -> pd.DataFrame:
    """Yuan amounts the city lists as its own re-employment inputs, by lever.

    Big-project investment (a private entrepreneur's money) is excluded: it is not
    re-employment spending.
    """
    labelled = figures if "lever" in figures else annotate(figures)
    money = labelled[(labelled["unit"] == "yuan") & (labelled["category"] == "input") & (labelled["lever"] != "big_projects")]
    return money[["raw", "label", "lever", "value"]].reset_index(drop=True)


def derived_indicators(figures: pd.DataFrame) -> pd.DataFrame:
    """Indicators implied by the speech's figures, each with its formula.

    Returns
    -------
    pandas.DataFrame
        Columns ``key`` (results key), ``indicator``, ``formula``, ``value``, ``unit``.
    """
    placed = figure_value(figures, "27111人")
    share = figure_value(figures, "82.9%")
    trainees_re = figure_value(figures, "7178人")
    trainees_prep = figure_value(figures, "2460人")
    training_money = figure_value(figures, "315万元")
    money = listed_money(figures)["value"].sum()
    rows = [
        ("speech.placements_jan_aug", "People placed, January–August", "27,111 (stated)", placed, "person"),
        ("speech.plan_share_pct", "Share of annual plan reached", "82.9% (stated)", share, "percent"),
        ("speech.implied_annual_plan", "Implied annual placement plan", "27,111 ÷ 0.829", placed / (share / 100), "person"),
        ("speech.listed_money_yuan", "Listed re-employment money",
         "1,200万 + 1,000万 + 120万 + 315万 + 143万 yuan", money, "yuan"),
        ("speech.yuan_per_placement", "Listed money per placement", "listed money ÷ 27,111", money / placed, "yuan per person"),
        ("speech.trainees_total", "Trainees (re-employment + pre-employment)", "7,178 + 2,460",
         trainees_re + trainees_prep, "person"),
        ("speech.training_subsidy_per_trainee", "Training subsidy per trainee", "315万 yuan ÷ (7,178 + 2,460)",
         training_money / (trainees_re + trainees_prep), "yuan per person"),
        ("speech.training_subsidy_per_reemployment_trainee", "Training subsidy per re-employment trainee",
         "315万 yuan ÷ 7,178", training_money / trainees_re, "yuan per person"),
    ]
    return pd.DataFrame(rows, columns=["key", "indicator", "formula", "value", "unit"])
