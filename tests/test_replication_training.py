"""Published training results (../shared/literature.md) reproduced from the data.

Computed by calling ``analysis.estimates.training`` on ``analysis.datasets.load(...)`` — the same calls as
notebook 02 — never by reading ``results/``. Tolerances from literature.md: the point estimate
within 1% (0.005 absolute for coefficients below 1), the standard error within 5%.

| key | published | source |
|---|---|---|
| training.nsw_experimental_ate | 1,794 USD, se ≈ 671 (HC1), n = 185 + 260 | Dehejia & Wahba (1999); LaLonde (1986) |
| training.nsw_psid_naive | −15,205 USD, n = 185 + 2,490 | Dehejia & Wahba (1999), PSID-1 |
| training.jtrain98_raw | −2.05 thousand USD | Wooldridge, ch. 7 |
| training.jtrain98_adjusted | 2.41 thousand USD, se ≈ 0.44 | Wooldridge, ch. 7 |
"""

import pytest

from analysis import datasets
from analysis.estimates import training

POINT = 0.01  # relative tolerance of point estimates
SE = 0.05  # relative tolerance of standard errors


@pytest.fixture(scope="module")
def nsw():
    return datasets.load("jtrain2")


@pytest.fixture(scope="module")
def psid():
    return datasets.load("jtrain3")


@pytest.fixture(scope="module")
def jtrain98():
    return datasets.load("jtrain98")


def test_nsw_sample_is_185_treated_and_260_controls(nsw):
    assert (int(nsw.train.sum()), int((1 - nsw.train).sum())) == (185, 260)


def test_nsw_experimental_ate_matches_dehejia_wahba(nsw):
    est = training.difference_in_means(nsw, "re78", "train").scaled(1000)  # thousands -> USD
    assert est.value == pytest.approx(1794, rel=POINT)
    assert est.se == pytest.approx(671, rel=SE)
    assert est.n == 445


def test_nsw_psid_sample_is_185_treated_and_2490_comparison_men(psid):
    assert (int(psid.train.sum()), int((1 - psid.train).sum())) == (185, 2490)


def test_nsw_psid_naive_matches_dehejia_wahba(psid):
    est = training.difference_in_means(psid, "re78", "train").scaled(1000)
    assert est.value == pytest.approx(-15205, rel=POINT)
    assert est.n == 2675


def test_jtrain98_raw_matches_wooldridge(jtrain98):
    est = training.difference_in_means(jtrain98, "earn98", "train", cov="nonrobust")
    assert est.value == pytest.approx(-2.05, abs=0.005)
    assert est.n == 1130


def test_jtrain98_adjusted_matches_wooldridge(jtrain98):
    est = training.regression_adjusted(
        jtrain98, "earn98", "train", ["earn96", "educ", "age", "married"], cov="nonrobust"
    )
    assert est.value == pytest.approx(2.41, rel=POINT)
    assert est.se == pytest.approx(0.44, rel=SE)
    assert est.n == 1130


def test_experimental_benchmark_and_its_observational_failure_have_the_published_signs(nsw, psid):
    """The lesson of LaLonde (1986): the survey comparison gets even the sign wrong."""
    experiment = training.difference_in_means(nsw, "re78", "train")
    naive = training.difference_in_means(psid, "re78", "train")
    assert experiment.ci[0] > 0 > naive.ci[1]
