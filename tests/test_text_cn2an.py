"""The peer's own test data as a floor: every numeral in cn2an's strict, normal and smart dictionaries.

cn2an ships ``cn2an/cn2an_test.py`` in its wheel. Its three dictionaries hold 342 cases (132 distinct
numerals): ordinary, financial (壹拾壹圆整), spoken (三万五), digit-by-digit (一七二零), negative
(负一七二零, -10.1万) and mixed (1万600, 200亿零四千230) forms. Both the parser and the scanner must
read every one of them.
"""

from __future__ import annotations

import math

import pytest

from analysis.numbers import parse_number
from analysis.speech import extract_figures

cn2an_test = pytest.importorskip("cn2an.cn2an_test")


def _cases() -> list[tuple[str, str, float]]:
    suite = cn2an_test.Cn2anTest()
    suite.setUp()
    return [
        (name, numeral, value)
        for name, table in (
            ("strict", suite.strict_data_dict),
            ("normal", suite.normal_data_dict),
            ("smart", suite.smart_data_dict),
        )
        for numeral, value in table.items()
    ]


CASES = _cases()


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


def test_peer_data_has_the_documented_size():
    assert len(CASES) == 342
    assert len({numeral for _, numeral, _ in CASES}) == 132


@pytest.mark.parametrize(("dictionary", "numeral", "value"), CASES)
def test_parse_number_reads_every_peer_numeral(dictionary, numeral, value):
    assert _same(parse_number(numeral).value, value), f"{dictionary}: {numeral}"


@pytest.mark.parametrize(("dictionary", "numeral", "value"), CASES)
def test_extract_figures_finds_every_peer_numeral_in_a_sentence(dictionary, numeral, value):
    text = f"全年共安置{numeral}人。"
    start, end = 5, 5 + len(numeral)
    f = extract_figures(text)
    hits = f[(f["kind"] == "amount") & (f["start"] < end) & (f["end"] > start)]
    assert any(_same(v, value) for v in hits["value"]), (
        f"{dictionary}: {numeral} -> {f[['raw', 'value']].values}"
    )
