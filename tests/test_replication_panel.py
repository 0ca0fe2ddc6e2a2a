"""Published panel results (../shared/literature.md) reproduced from the data.

Tolerances: point within 0.005 (coefficients below 1), se within 5%. Conventional se, as the textbook.
"""

import pytest

from analysis import datasets
from analysis.estimates import panel


@pytest.fixture(scope="module")
def scrap():
    return datasets.load("jtrain").dropna(subset=["lscrap"])


def test_grant_scrap_first_difference_matches_wooldridge(scrap):
    est = panel.first_difference(scrap[scrap.year == 1988], "clscrap ~ cgrant", "cgrant", "fcode")
    assert est.n == 54
    assert est.value == pytest.approx(-0.317, abs=0.005)
    assert est.se == pytest.approx(0.164, rel=0.05)


@pytest.mark.parametrize(("term", "coef", "se"), [("grant", -0.252, 0.151), ("grant_1", -0.422, 0.210)])
def test_grant_scrap_fixed_effects_match_example_14_1(scrap, term, coef, se):
    est = panel.fixed_effects(scrap, "fcode", "year", "lscrap", ["d88", "d89", "grant", "grant_1"], term)
    assert est.n == 162 and est.clusters == 54
    assert est.value == pytest.approx(coef, abs=0.005)
    assert est.se == pytest.approx(se, rel=0.05)


def test_enterprise_zone_first_difference_matches_example_13_8():
    zones = datasets.load("ezunem")
    years = " + ".join(f"d8{k}" for k in range(2, 9))
    est = panel.first_difference(zones, f"guclms ~ cez + {years}", "cez", "city")
    assert est.n == 176
    assert est.value == pytest.approx(-0.182, abs=0.005)
    assert est.se == pytest.approx(0.078, rel=0.05)
    assert est.rsquared == pytest.approx(0.62, abs=0.005)
