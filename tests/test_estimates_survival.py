"""Survival helpers recover known medians and hazard ratios on simulated spells."""

import numpy as np
import pandas as pd
import pytest

from analysis.estimates import survival


@pytest.fixture(scope="module")
def spells():
    rng = np.random.default_rng(11)
    n = 4000
    x = rng.integers(0, 2, n)
    rate = 0.1 * np.exp(np.log(2.0) * x)  # hazard ratio 2 for x = 1
    t = rng.exponential(1 / rate)
    censor = rng.exponential(40, n)
    return pd.DataFrame({"time": np.minimum(t, censor), "event": (t <= censor).astype(int), "x": x,
                         "group": np.where(x == 1, "fast", "slow")})


def test_kaplan_meier_medians_match_exponential_truth(spells):
    km = survival.kaplan_meier_by(spells, "time", "event", "group")
    assert km["slow"].median == pytest.approx(np.log(2) / 0.1, rel=0.1)
    assert km["fast"].median == pytest.approx(np.log(2) / 0.2, rel=0.1)
    assert km["slow"].ci_low < km["slow"].median < km["slow"].ci_high


def test_cox_recovers_the_hazard_ratio(spells):
    fit = survival.cox_model(spells, "time", "event", ["x"])
    hr = survival.hazard_ratios(fit).set_index("covariate").loc["x"]
    assert hr["hazard_ratio"] == pytest.approx(2.0, rel=0.1)
    assert hr["ci_low"] < 2.0 < hr["ci_high"]


def test_hazard_ratio_rescaling(spells):
    fit = survival.cox_model(spells, "time", "event", ["x"])
    one = survival.hazard_ratios(fit).loc[0, "hazard_ratio"]
    tenth = survival.hazard_ratios(fit, {"x": 0.1}).loc[0, "hazard_ratio"]
    assert tenth == pytest.approx(one ** 0.1)


def test_proportional_hazards_holds_in_proportional_data(spells):
    fit = survival.cox_model(spells, "time", "event", ["x"])
    assert survival.ph_test(fit, spells).loc[0, "p"] > 0.01
