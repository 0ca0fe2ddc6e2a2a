"""Chinese number parsing: 万/亿 multipliers, 余/多, full-width digits, 百分之, 二千三百.

The scanner in :mod:`analysis.speech` finds *where* numbers are; this module says
*what* they are. Chinese numerals (十二万三千) are converted by ``cn2an`` (wrapped,
not re-implemented); everything else is a small exact computation with
:class:`decimal.Decimal`, so ``2,345.6万`` is exactly 23,456,000.

Conventions
-----------
* ``value`` is always normalised to base units: yuan, persons, percent points.
* ``approx`` is True for 余/多/近/约/左右 ("more than", "nearly", "about"): the
  value is the stated number, the flag says it is a bound or a round figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an

__all__ = [
    "MULTIPLIERS",
    "ParsedNumber",
    "normalise_text",
    "parse_arabic",
    "parse_chinese_numeral",
    "parse_number",
    "parse_figure",
    "to_chinese_numeral",
    "format_wan",
]

#: Multiplier characters and their value. Order matters for compound ones.
MULTIPLIERS: dict[str, int] = {
    "万亿": 10**12,
    "千万": 10**7,
    "百万": 10**6,
    "十万": 10**5,
    "亿": 10**8,
    "万": 10**4,
    "千": 10**3,
    "百": 10**2,
}

#: Traditional -> simplified for the characters that matter to numbers.
_TRADITIONAL = str.maketrans({
    "萬": "万", "億": "亿", "餘": "余", "兩": "两", "圓": "元", "員": "员", "個": "个", "參": "参", "貳": "贰",
    "陸": "陆", "戶": "户", "點": "点", "筆": "笔", "場": "场", "項": "项", "數": "数"})

#: Full-width ASCII block (０-９，．％ ...) -> ASCII, plus the traditional characters.
_NORMALISE: dict[str, str] = {chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)} | {
    chr(k): v for k, v in _TRADITIONAL.items()
}

_NEEDS_NORMALISING = re.compile("[\uff01-\uff5e" + "".join(chr(c) for c in _TRADITIONAL) + "]")

#: Financial (capital) numerals -> ordinary numerals.
_CAPITAL = str.maketrans({"壹": "一", "贰": "二", "叁": "三", "肆": "四", "伍": "五", "陆": "六", "柒": "七",
                          "捌": "八", "玖": "九", "拾": "十", "佰": "百", "仟": "千", "〇": "零", "○": "零"})

CHINESE_DIGITS = "零〇○一二两三四五六七八九十百千万亿点壹贰叁肆伍陆柒捌玖拾佰仟"


@dataclass(frozen=True)
class ParsedNumber:
    """A parsed quantity: normalised ``value`` and whether it was approximate."""

    value: float
    approx: bool = False


def normalise_text(text: str) -> str:
    """Map full-width digits and punctuation to ASCII and traditional number characters to simplified.

    The mapping is one character to one character, so offsets into the result are
    offsets into the input (the scanner relies on this).

    >>> normalise_text("３２４５萬")
    '3245万'
    """
    # Characters to map are rare in real text: substituting only them beats translating every character.
    return _NEEDS_NORMALISING.sub(_normalise_char, text)


def _normalise_char(m: re.Match[str]) -> str:
    return _NORMALISE[m.group()]


def _decimal(s: str) -> Decimal:
    try:
        return Decimal(s)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {s!r}") from exc


def _as_number(d: Decimal) -> float:
    return int(d) if d == d.to_integral_value() else float(d)


def parse_arabic(digits: str, multiplier: str = "") -> float:
    """Parse Arabic digits with optional thousands separators, decimals and a 万/亿 multiplier.

    >>> parse_arabic("2,345.6", "万")
    23456000
    >>> parse_arabic("0.85", "亿")
    85000000
    """
    s = normalise_text(digits).replace(",", "").replace("，", "").strip()
    if not re.fullmatch(r"\d+(\.\d+)?", s):
        raise ValueError(f"not an Arabic number: {digits!r}")
    d = _decimal(s)
    if multiplier:
        if multiplier not in MULTIPLIERS:
            raise ValueError(f"unknown multiplier {multiplier!r} (known: {', '.join(MULTIPLIERS)})")
        d *= MULTIPLIERS[multiplier]
    return _as_number(d)


def parse_chinese_numeral(text: str) -> float:
    """Parse a Chinese numeral such as 十二万三千, 两万, 三点五, 一千零五 (via ``cn2an``).

    >>> parse_chinese_numeral("十二万三千")
    123000
    """
    s = normalise_text(text).translate(_CAPITAL).strip()
    if not s:
        raise ValueError("empty Chinese numeral")
    try:
        value = cn2an.cn2an(s, "normal")
    except (ValueError, KeyError, IndexError) as exc:
        raise ValueError(f"not a Chinese numeral: {text!r}") from exc
    d = _decimal(str(value))
    return _as_number(d)


_APPROX_AFTER = ("余", "多", "左右", "以上")

_NUM_RE = re.compile(
    r"^(?P<pre>近|约|逾|超过|大约)?"
    r"(?:(?P<arabic>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)|(?P<pct>百分之)?(?P<cn>[" + CHINESE_DIGITS + r"]+))"
    r"(?P<approx1>余|多)?\s?"
    r"(?P<mult>万亿|千万|百万|亿|万|千)?"
    r"(?P<approx2>余|多)?"
    r"(?P<rest>.*)$"
)


def parse_number(raw: str) -> ParsedNumber:
    """Parse a number with multiplier and approximation marker, ignoring any trailing unit.

    Parameters
    ----------
    raw
        e.g. ``"2,345.6万"``, ``"1200余万"``, ``"十二万三千"``, ``"百分之六十二"``, ``"８.３万"``.

    Returns
    -------
    ParsedNumber
        ``value`` scaled by the multiplier; ``approx`` True for 余/多/近/约/左右.

    Examples
    --------
    >>> parse_number("8.3万人")
    ParsedNumber(value=83000, approx=False)
    >>> parse_number("2000余人")
    ParsedNumber(value=2000, approx=True)
    """
    s = normalise_text(raw).strip()
    m = _NUM_RE.match(s)
    if not m:
        raise ValueError(f"no number at the start of {raw!r}")
    approx = bool(m["pre"] or m["approx1"] or m["approx2"] or any(m["rest"].startswith(a) for a in _APPROX_AFTER[2:]))
    mult = m["mult"] or ""
    if m["arabic"] is not None:
        value = parse_arabic(m["arabic"], mult)
    else:
        cn = m["cn"]
        # Trailing multipliers inside the Chinese run (四万, 十二万三千) belong to the numeral itself.
        if mult and cn:
            cn = cn + mult
        value = parse_chinese_numeral(cn)
    return ParsedNumber(value=value, approx=approx)


# Units: the measure word after a number and what it means.
UNIT_WORDS: dict[str, str] = {
    "人次": "person_time",
    "人": "person",
    "名": "person",
    "美元": "usd",
    "元": "yuan",
    "%": "percent",
    "个百分点": "percentage_point",
    "个": "count",
    "家": "count",
    "户": "count",
    "项": "count",
    "所": "count",
    "处": "count",
    "座": "count",
    "批": "count",
    "期": "count",
    "班": "count",
    "条": "count",
    "次": "count",
    "台": "count",
    "本": "count",
    "笔": "count",
    "场": "count",
    "份": "count",
    "位": "person",
    "岁": "age_years",
    "平方米": "square_metre",
    "亩": "mu",
    "公里": "km",
    "吨": "ton",
    "倍": "times",
}


def parse_figure(raw: str) -> tuple[float, str, bool]:
    """Parse a whole figure span such as ``"1200万元"`` into ``(value, unit, approx)``.

    The inverse check used by the reports dataset: every hand-recorded span must
    parse back to its recorded value and unit.

    >>> parse_figure("1200万元")
    (12000000, 'yuan', False)
    >>> parse_figure("百分之六十二")
    (62, 'percent', False)
    """
    s = normalise_text(raw).strip()
    parsed = parse_number(s)
    m = _NUM_RE.match(s)
    assert m is not None  # parse_number succeeded
    rest = m["rest"]
    for word in ("左右", "以上"):
        rest = rest.replace(word, "")
    if m["pct"]:
        return parsed.value, "percent", parsed.approx
    for word, unit in sorted(UNIT_WORDS.items(), key=lambda kv: -len(kv[0])):
        if rest.startswith(word) or (word in ("人", "人次") and rest.startswith("余" + word)):
            return parsed.value, unit, parsed.approx
    return parsed.value, "number", parsed.approx


def to_chinese_numeral(n: int) -> str:
    """Write a non-negative integer in Chinese numerals (via ``cn2an``): 123000 -> 十二万三千."""
    if n < 0:
        raise ValueError("negative numbers are not supported")
    # cn2an.an2cn drops the 零 after 亿/万 when the next group is below a thousand
    # (700001011 -> 七亿一千零一十一, which reads as 7.1亿); compose the groups ourselves.
    for unit, size in (("亿", 10**8), ("万", 10**4)):
        if n >= size:
            high, low = divmod(n, size)
            text = to_chinese_numeral(high) + unit
            if low:
                text += ("零" if low < size // 10 else "") + to_chinese_numeral(low)
            return text
    return cn2an.an2cn(n, "low")


def format_wan(n: int | float) -> str:
    """Write a number in units of 万 as Chinese reports do: 123456 -> '12.3456万'."""
    d = Decimal(str(n)) / 10000
    text = format(d.normalize(), "f")
    return f"{text}万"
