"""Training estimators recover known effects on synthetic data."""

import numpy as np
import pandas as pd
import pytest

from analysis import models


@pytest.fixture(scope="module")
def randomised():
    rng = np.random.default_rng(1)
    n = 4000
    x = rng.normal(size=n)
    d = rng.integers(0, 2, n)
    y = 2.0 + 1.5 * d + 3.0 * x + rng.normal(size=n)
    return pd.DataFrame({"y": y, "d": d, "x": x})


@pytest.fixture(scope="module")
def confounded():
    rng = np.random.default_rng(2)
    n = 6000
    x = rng.normal(size=n)
    d = (rng.uniform(size=n) < 1 / (1 + np.exp(-(x - 0.5)))).astype(int)
    y = 1.0 + 2.0 * d + 4.0 * x + rng.normal(size=n)
    return pd.DataFrame({"y": y, "d": d, "x": x})


def test_difference_in_means_recovers_randomised_effect(randomised):
    est = models.difference_in_means(randomised, "y", "d")
    assert est.ci_low < 1.5 < est.ci_high
    assert est.estimate == pytest.approx(randomised.y[randomised.d == 1].mean() - randomised.y[randomised.d == 0].mean())


def test_adjustment_shrinks_the_standard_error(randomised):
    raw = models.difference_in_means(randomised, "y", "d")
    adj = models.regression_adjusted(randomised, "y", "d", ["x"])
    assert adj.estimate == pytest.approx(1.5, abs=0.1) and adj.se < raw.se / 2


def test_naive_difference_is_biased_under_confounding_but_ipw_is_not(confounded):
    naive = models.difference_in_means(confounded, "y", "d")
    ipw = models.ipw_att(confounded, "y", "d", ["x"], n_boot=50)
    assert naive.estimate > 3.5  # selection on x inflates it
    assert ipw.estimate == pytest.approx(2.0, abs=0.3)
    assert ipw.ci_low < ipw.estimate < ipw.ci_high


def test_weighting_improves_balance(confounded):
    p = models.propensity_score(confounded, "d", ["x"])
    table = models.balance_table(confounded, "d", ["x"], p / (1 - p))
    assert abs(table.loc[0, "smd_weighted"]) < 0.1 < abs(table.loc[0, "smd_raw"])


def test_scaled_estimate_scales_every_number(randomised):
    est = models.difference_in_means(randomised, "y", "d")
    big = est.scaled(1000)
    assert (big.estimate, big.se, big.ci_low, big.ci_high) == pytest.approx(
        (est.estimate * 1000, est.se * 1000, est.ci_low * 1000, est.ci_high * 1000))


def test_conventional_se_differs_from_robust_under_heteroskedasticity():
    rng = np.random.default_rng(3)
    d = rng.integers(0, 2, 2000)
    y = d * rng.normal(scale=5, size=2000) + (1 - d) * rng.normal(scale=1, size=2000)
    frame = pd.DataFrame({"y": y, "d": d})
    assert models.difference_in_means(frame, "y", "d", "nonrobust").se != pytest.approx(
        models.difference_in_means(frame, "y", "d").se, rel=0.01)
