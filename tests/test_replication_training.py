"""Published training results (../shared/literature.md) reproduced from the data.

Tolerances from literature.md: point within 1% (0.005 absolute below 1), se within 5%.
"""

import pytest

from analysis import datasets, models


def test_nsw_experimental_ate_matches_dehejia_wahba():
    est = models.difference_in_means(datasets.load("jtrain2"), "re78", "train").scaled(1000)
    assert est.estimate == pytest.approx(1794, rel=0.01)
    assert est.se == pytest.approx(671, rel=0.05)
    assert est.n == 445


def test_nsw_psid_naive_matches_dehejia_wahba():
    est = models.difference_in_means(datasets.load("jtrain3"), "re78", "train").scaled(1000)
    assert est.estimate == pytest.approx(-15205, rel=0.01)
    assert est.n == 2675


def test_jtrain98_raw_matches_wooldridge():
    est = models.difference_in_means(datasets.load("jtrain98"), "earn98", "train", cov="nonrobust")
    assert est.estimate == pytest.approx(-2.05, abs=0.005)


def test_jtrain98_adjusted_matches_wooldridge():
    est = models.regression_adjusted(datasets.load("jtrain98"), "earn98", "train",
                                     ["earn96", "educ", "age", "married"], cov="nonrobust")
    assert est.estimate == pytest.approx(2.41, rel=0.01)
    assert est.se == pytest.approx(0.44, rel=0.05)
