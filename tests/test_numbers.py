"""The number parser: explicit cases and round-trip properties."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.numbers import (
    format_wan,
    normalise_text,
    parse_arabic,
    parse_chinese_numeral,
    parse_figure,
    parse_number,
    to_chinese_numeral,
)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1200万", 12_000_000),
        ("2,345.6万", 23_456_000),
        ("0.85亿", 85_000_000),
        ("8.3万", 83_000),
        ("27,111", 27_111),
        ("３２４５", 3245),
        ("十二万三千", 123_000),
        ("四万", 40_000),
        ("二千三百", 2_300),
        ("两万", 20_000),
        ("一亿二千万", 120_000_000),
        ("１２萬", 120_000),
    ],
)
def test_parse_number_normalises_multipliers_and_numerals(raw, value):
    assert parse_number(raw).value == value


def test_wan_multiplier_scales_by_ten_thousand():
    assert parse_arabic("1", "万") == 10_000


def test_yi_multiplier_scales_by_hundred_million():
    assert parse_arabic("3", "亿") == 300_000_000


@pytest.mark.parametrize("raw", ["2000余人", "300多人", "1200余万元", "近3000人", "约5万元", "8.3万余人"])
def test_yu_duo_jin_yue_mark_approximate(raw):
    assert parse_number(raw).approx is True


def test_plain_number_is_not_approximate():
    assert parse_number("27111人").approx is False


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1200万元", (12_000_000, "yuan", False)),
        ("8.3万人", (83_000, "person", False)),
        ("82.9%", (82.9, "percent", False)),
        ("百分之六十二", (62, "percent", False)),
        ("5000人次", (5000, "person_time", False)),
        ("375个", (375, "count", False)),
        ("100948名", (100_948, "person", False)),
        ("2000余人", (2000, "person", True)),
        ("0.85億元", (85_000_000, "yuan", False)),
        ("1200餘萬元", (12_000_000, "yuan", True)),
    ],
)
def test_parse_figure_gives_value_unit_and_approx(raw, expected):
    assert parse_figure(raw) == expected


def test_full_width_digits_and_percent_become_ascii():
    assert normalise_text("３２.５％") == "32.5%"


def test_normalise_keeps_length_so_offsets_stay_valid():
    s = "萬億餘１２３，４"
    assert len(normalise_text(s)) == len(s)


@pytest.mark.parametrize("bad", ["", "abc", "万"])
def test_parse_number_rejects_non_numbers_with_value_error(bad):
    with pytest.raises(ValueError):
        parse_number(bad)


def test_unknown_multiplier_is_reported():
    with pytest.raises(ValueError, match="unknown multiplier"):
        parse_arabic("3", "兆")


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_chinese_numeral_round_trip(n):
    assert parse_chinese_numeral(to_chinese_numeral(n)) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**11))
def test_wan_format_round_trip(n):
    assert parse_number(format_wan(n)).value == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1000, max_value=10**9))
def test_thousands_separator_round_trip(n):
    assert parse_number(f"{n:,}").value == n
