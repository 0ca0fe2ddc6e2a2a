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


# ----------------------------------------------------------------- issue 11: one grammar with the scanner


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1万600", 10_600),
        ("100万三千", 1_003_000),
        ("200亿零四千230", 20_000_004_230),
        ("一百点123", 100.123),
        ("三万五", 35_000),
        ("5万5千", 55_000),
        ("1,194万8千", 11_948_000),
        ("3亿2,385万", 323_850_000),
        ("2 万 12", 20_012),
        ("3 512", 3512),
        ("12\u2009804", 12_804),
        (".5万", 5000),
        ("一万万", 100_000_000),
        ("廿二", 22),
        ("负一七二零点一", -1720.1),
        ("-10.1万", -101_000),
        ("壹佰捌拾壹圆柒角", 181.7),
        ("玖仟陆佰陆拾伍圆壹角捌分", 9665.18),
    ],
)
def test_parse_number_reads_mixed_spoken_spaced_and_signed_forms(raw, value):
    assert parse_number(raw).value == pytest.approx(value, rel=1e-12)


def test_parse_number_gives_range_bounds_and_midpoint():
    parsed = parse_number("150至250万")
    assert (parsed.low, parsed.high, parsed.value, parsed.approx) == (1_500_000, 2_500_000, 2_000_000, True)


def test_parse_number_carries_the_sign():
    parsed = parse_number("负5")
    assert (parsed.value, parsed.sign, parsed.low, parsed.high) == (-5, -1, -5, -5)


@pytest.mark.parametrize("bad", ["1..2万", "10^5", "1e5", "1.5.3万"])
def test_malformed_numbers_are_refused_not_guessed(bad):
    with pytest.raises(ValueError):
        parse_number(bad)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("四分之一", (25, "percent", False)),
        ("一成", (10, "percent", False)),
        ("6.04‰", (0.604, "percent", False)),
        ("2 150平方公里", (2_150_000_000, "square_metre", False)),
        ("近千元", (1000, "yuan", True)),
        ("超過萬元", (10_000, "yuan", True)),
        ("零點五個百分點", (0.5, "percentage_point", False)),
        ("65歲", (65, "age_years", False)),
        ("316件", (316, "count", False)),
        ("三、四萬人", (35_000, "person", True)),
    ],
)
def test_parse_figure_reads_the_new_units_and_forms(raw, expected):
    value, unit, approx = parse_figure(raw)
    assert (value, unit, approx) == (pytest.approx(expected[0]), expected[1], expected[2])


def test_parse_figure_and_the_scanner_agree_on_every_speech_figure():
    from analysis import speech

    for row in speech.speech_figures().itertuples():
        if row.kind == "amount":
            value, unit, _approx = parse_figure(row.raw)
            assert (value, unit) == (row.value, row.unit)
