"""Round-trip properties of the number grammar (hypothesis): what is written is read back."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.numbers import parse_number, to_chinese_numeral
from analysis.speech import extract_figures

SEPARATORS = [",", " ", "\u2009", "\u00a0", "\u202f"]
FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def _only_amount(text: str):
    f = extract_figures(text)
    f = f[f["kind"] == "amount"]
    assert len(f) == 1, f[["raw", "value", "unit", "kind"]].values.tolist()
    return f.iloc[0]


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1000, max_value=10**12), st.sampled_from(SEPARATORS), st.booleans())
def test_grouped_integers_read_back(n, sep, full_width):
    written = _grouped(n, sep)
    if full_width:
        written = written.translate(FULL_WIDTH)
    assert parse_number(written).value == n
    row = _only_amount(f"全年共安置{written}人。")
    assert (row["value"], row["unit"]) == (n, "person")


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**8),
    st.sampled_from(["万", "亿", "萬", "億"]),
    st.sampled_from(["元", "人", "个"]),
)
def test_wan_and_yi_decimals_read_back(n, mult, unit):
    scale = 10**4 if mult in "万萬" else 10**8
    written = format(Decimal(n) / 100, "f").rstrip("0").rstrip(".")  # two decimals at most
    row = _only_amount(f"今年投入{written}{mult}{unit},比上年增加。")
    assert row["value"] == float(Decimal(written) * scale)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=10, max_value=9999))
def test_mixed_wan_and_arabic_tail_reads_back(high, low):
    # 1万600 = 10,600: several digits after 万 are added as written
    row = _only_amount(f"每人补贴{high}万{low}元。")
    assert row["value"] == high * 10**4 + low


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=10, max_value=10**12 - 1), st.sampled_from(["人", "元", "名", "人次"]))
def test_chinese_numerals_read_back_in_sentences(n, unit):
    written = to_chinese_numeral(n)
    assert parse_number(written).value == n
    row = _only_amount(f"全年共{written}{unit}。")
    assert row["value"] == n


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=1, max_value=10**6),
    st.sampled_from(["至", "到", "-", "—", "~"]),
    st.sampled_from(["", "万", "亿"]),
    st.sampled_from(["人", "元", "%"]),
)
def test_ranges_read_back_with_both_bounds_scaled(a, b, sep, mult, unit):
    low, high = min(a, b), max(a, b) + 1
    scale = {"": 1, "万": 10**4, "亿": 10**8}[mult]
    row = _only_amount(f"每年安排{low}{sep}{high}{mult}{unit},视情况而定。")
    assert (row["low"], row["high"]) == (low * scale, high * scale)
    assert row["value"] == (low + high) * scale / 2 and row["approx"]
    parsed = parse_number(f"{low}{sep}{high}{mult}")
    assert (parsed.low, parsed.high) == (low * scale, high * scale)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**9))
def test_negative_numbers_carry_their_sign(n):
    row = _only_amount(f"增长率为-{n}%。")
    assert (row["value"], row["sign"], row["low"], row["high"]) == (-n, -1, -n, -n)
    assert parse_number(f"负{to_chinese_numeral(n)}").value == -n


# ----------------------------------------------------------------- the scanner's shortcuts change nothing

_TOKENS = [
    "0",
    "1",
    "2",
    "5",
    "9",
    "12",
    "305",
    "2005",
    "4050",
    ".",
    ",",
    " ",
    "\u00a0",
    "万",
    "亿",
    "千",
    "百",
    "十",
    "一",
    "二",
    "两",
    "三",
    "零",
    "点",
    "人",
    "人次",
    "元",
    "角",
    "分",
    "整",
    "个",
    "个百分点",
    "%",
    "‰",
    "年",
    "月",
    "日",
    "余",
    "多",
    "近",
    "约",
    "超过",
    "第",
    "-",
    "至",
    "、",
    "及",
    "下降",
    "减少",
    "分之",
    "才",
    "岁",
    "成",
    "。",
    ",",
    "(",
    ")",
    "的",
    "在",
    "职工",
    "收入",
    "大项",
    "e",
    "^",
    ":",
    "/",
    "\n",
]


def _comparable(rows):
    return [tuple(None if isinstance(v, float) and v != v else v for v in row) for row in rows]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=30))
def test_quick_path_and_candidate_scan_agree_with_the_full_pattern(tokens):
    import re

    from analysis.text import figures
    from analysis.text.grammar import normalise_text

    text = "".join(tokens)
    norm = normalise_text(text)
    assert _comparable(figures._rows(text, norm)) == _comparable(figures._rows(text, norm, use_quick=False))
    full = re.compile(figures._SCAN_BODY)
    assert [m.span() for m in figures._scan(norm)] == [m.span() for m in full.finditer(norm)]
