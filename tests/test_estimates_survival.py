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
    return pd.DataFrame(
        {
            "time": np.minimum(t, censor),
            "event": (t <= censor).astype(int),
            "x": x,
            "group": np.where(x == 1, "fast", "slow"),
        }
    )


def test_kaplan_meier_medians_match_exponential_truth(spells):
    km = survival.kaplan_meier_by(spells, "time", "event", "group")
    slow, fast = survival.median_spell(km["slow"]), survival.median_spell(km["fast"])
    assert slow.value == pytest.approx(np.log(2) / 0.1, rel=0.1)
    assert fast.value == pytest.approx(np.log(2) / 0.2, rel=0.1)
    assert slow.ci[0] < slow.value < slow.ci[1]


def test_kaplan_meier_matches_a_product_limit_computed_by_hand():
    """Independent cross-check: the product-limit estimator on a tiny sample, written out."""
    frame = pd.DataFrame({"t": [1, 2, 2, 3, 4, 5, 5, 6], "e": [1, 1, 0, 1, 0, 1, 1, 0], "g": ["a"] * 8})
    kmf = survival.kaplan_meier_by(frame, "t", "e", "g")["a"]
    s, at_risk, expected = 1.0, len(frame), {}
    for time in sorted(frame.t.unique()):
        deaths = int(frame[(frame.t == time) & (frame.e == 1)].shape[0])
        s *= 1 - deaths / at_risk
        expected[time] = s
        at_risk -= int((frame.t == time).sum())
    for time, value in expected.items():
        assert float(kmf.survival_function_at_times(time).iloc[0]) == pytest.approx(value)


def test_cox_hazard_ratio_of_a_binary_covariate_agrees_with_the_exponential_rate_ratio(spells):
    """Cross-check against the exponential MLE (events / exposure per group), not against lifelines itself."""
    fit = survival.cox_model(spells, "time", "event", ["x"])
    hr = survival.hazard_ratio(fit, "x")
    rates = spells.groupby("x").apply(lambda g: g.event.sum() / g.time.sum(), include_groups=False)
    assert hr.value == pytest.approx(rates[1] / rates[0], rel=0.05)
    assert hr.ci[0] < 2.0 < hr.ci[1]


def test_cox_recovers_the_hazard_ratio(spells):
    fit = survival.cox_model(spells, "time", "event", ["x"])
    hr = survival.hazard_ratios(fit).set_index("covariate").loc["x"]
    assert hr["hazard_ratio"] == pytest.approx(2.0, rel=0.1)
    assert hr["ci_low"] < 2.0 < hr["ci_high"]


def test_hazard_ratio_rescaling(spells):
    fit = survival.cox_model(spells, "time", "event", ["x"])
    one = survival.hazard_ratios(fit).loc[0, "hazard_ratio"]
    tenth = survival.hazard_ratios(fit, {"x": 0.1}).loc[0, "hazard_ratio"]
    assert tenth == pytest.approx(one**0.1)


def test_proportional_hazards_holds_in_proportional_data(spells):
    fit = survival.cox_model(spells, "time", "event", ["x"])
    assert survival.ph_test(fit, spells).loc[0, "p"] > 0.01
