"""Chinese number parsing: 万/亿 multipliers, 余/多, full-width digits, 百分之, 二千三百, mixed forms.

The scanner in :mod:`analysis.text.figures` finds *where* numbers are; this module says *what*
one span is. Both use one grammar (:mod:`analysis.text.grammar`): the same numeral pattern, unit
table and evaluator, so a span the scanner reports parses back to the same value and unit here.
Values are computed exactly with :class:`decimal.Decimal` (``2,345.6万`` is exactly 23,456,000).
``cn2an`` (the peer library) writes numerals (:func:`to_chinese_numeral`); its own test data
(strict, normal and smart dictionaries) is the floor our reader is tested against.

Conventions
-----------
* ``value`` is always normalised to base units: yuan, persons, percent points.
* ``approx`` is True for 余/多/近/约/逾/超过/左右/以上 ("more than", "nearly", "about") and ranges:
  the value is the stated number (a range: its midpoint), the flag says it is a bound or a round figure.
* ``sign`` is -1 for a negative number (``负5``, ``-10.1万``); ``value`` carries the sign.
* Malformed numbers (``1..2万``, ``1e5``) raise :class:`ValueError`: never a plausible value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import cn2an

from .figures import _ALTERNATIVES, read_figure
from .grammar import CN_NUMERAL_CHARS, UNIT_WORDS, normalise_text, numeral_value

__all__ = [
    "CHINESE_DIGITS",
    "MULTIPLIERS",
    "UNIT_WORDS",
    "ParsedNumber",
    "format_wan",
    "normalise_text",
    "parse_arabic",
    "parse_chinese_numeral",
    "parse_figure",
    "parse_number",
    "to_chinese_numeral",
]

#: Multiplier words and their value (as in ``parse_arabic("3", "万")``).
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

#: Every character a Chinese numeral is written with, and the decimal point 点.
CHINESE_DIGITS = CN_NUMERAL_CHARS + "点"


@dataclass(frozen=True)
class ParsedNumber:
    """A parsed quantity: normalised (signed) ``value``, whether it was approximate, range bounds and sign."""

    value: float
    approx: bool = False
    low: float | None = None
    high: float | None = None
    sign: int = 1


def _as_number(d: Decimal | int) -> float:
    if isinstance(d, int):
        return d
    return int(d) if d == d.to_integral_value() else float(d)


def parse_arabic(digits: str, multiplier: str = "") -> float:
    """Parse Arabic digits with optional thousands separators, decimals and a 万/亿 multiplier.

    >>> parse_arabic("2,345.6", "万")
    23456000
    >>> parse_arabic("0.85", "亿")
    85000000
    """
    s = re.sub(r"[,\s\u00a0\u2009\u202f]", "", normalise_text(digits))
    if not re.fullmatch(r"\d+(\.\d+)?", s):
        raise ValueError(f"not an Arabic number: {digits!r}")
    d = Decimal(s)
    if multiplier:
        if multiplier not in MULTIPLIERS:
            raise ValueError(f"unknown multiplier {multiplier!r} (known: {', '.join(MULTIPLIERS)})")
        d *= MULTIPLIERS[multiplier]
    return _as_number(d)


def parse_chinese_numeral(text: str) -> float:
    """Parse a numeral written in Chinese characters, alone or mixed with Arabic digits.

    Ordinary and financial (壹贰叁) characters, 两, 廿, 〇, digit-by-digit forms (一七二零),
    spoken forms (三万五 = 35,000), decimals (三点五), a leading 负 or minus.

    >>> parse_chinese_numeral("十二万三千")
    123000
    >>> parse_chinese_numeral("负一七二零点一")
    -1720.1
    """
    s = normalise_text(text).strip()
    sign = 1
    if s[:1] in ("负", "-"):
        sign, s = -1, s[1:]
    if not s:
        raise ValueError(f"empty Chinese numeral: {text!r}")
    try:
        value = numeral_value(s)
    except ValueError as exc:
        raise ValueError(f"not a Chinese numeral: {text!r} ({exc})") from exc
    return _as_number(value * sign)


_AMOUNT_NAMES = ("pct", "frac", "cnlist", "bad", "fig")
_SPAN = re.compile(
    "|".join(a for a in _ALTERNATIVES if a.startswith(tuple(f"(?P<{n}>" for n in _AMOUNT_NAMES)))
)


def _read_span(raw: str) -> tuple[float, str, bool, float, float, int]:
    s = normalise_text(raw).strip()
    m = _SPAN.match(s)
    if not m:
        raise ValueError(f"no number at the start of {raw!r}")
    reading = read_figure(m, s, prose=False)
    if reading is None or reading.kind == "malformed" or reading.value != reading.value:
        raise ValueError(f"{raw!r} is not a well-formed number (malformed numbers are refused, not guessed)")
    return reading.value, reading.unit, reading.approx, reading.low, reading.high, reading.sign


def parse_number(raw: str) -> ParsedNumber:
    """Parse a number with multiplier and approximation marker, ignoring any trailing unit.

    Parameters
    ----------
    raw
        e.g. ``"2,345.6万"``, ``"1200余万"``, ``"十二万三千"``, ``"百分之六十二"``, ``"８.３万"``,
        ``"1万600"``, ``"150至250万"``, ``"-10.1万"``.

    Returns
    -------
    ParsedNumber
        ``value`` scaled by the multiplier and signed; ``approx`` True for 余/多/近/约/左右 and ranges;
        ``low``/``high`` the range bounds (equal to ``value`` otherwise).

    Raises
    ------
    ValueError
        when ``raw`` does not start with a number, or the number is malformed (``1..2万``).

    Examples
    --------
    >>> parse_number("8.3万人")
    ParsedNumber(value=83000, approx=False, low=83000, high=83000, sign=1)
    >>> parse_number("2000余人").approx
    True
    """
    value, _unit, approx, low, high, sign = _read_span(raw)
    return ParsedNumber(value=_num(value), approx=approx, low=_num(low), high=_num(high), sign=sign)


def _num(x: float) -> float:
    return int(x) if float(x).is_integer() else x


def parse_figure(raw: str) -> tuple[float, str, bool]:
    """Parse a whole figure span such as ``"1200万元"`` into ``(value, unit, approx)``.

    The inverse check used by the reports dataset: every hand-recorded span must
    parse back to its recorded value and unit. The unit is ``"number"`` when the span has none.

    >>> parse_figure("1200万元")
    (12000000, 'yuan', False)
    >>> parse_figure("百分之六十二")
    (62, 'percent', False)
    """
    value, unit, approx, _low, _high, _sign = _read_span(raw)
    return _num(value), unit, approx


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
