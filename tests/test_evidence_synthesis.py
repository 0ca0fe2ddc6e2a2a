"""Synthesis arithmetic: cost per outcome, deadweight, power."""

import math

import numpy as np
import pytest
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize

from analysis.evidence import synthesis


def test_cost_per_additional_reemployment_is_cost_over_participants_times_effect():
    r = synthesis.cost_per_additional_reemployment("training", 3_150_000, 9638, 0.10, (0.05, 0.15))
    assert r.value == pytest.approx(3_150_000 / 963.8)
    assert r.ci_low == pytest.approx(3_150_000 / (9638 * 0.15))
    assert r.ci_high == pytest.approx(3_150_000 / (9638 * 0.05))
    assert r.additional == pytest.approx(963.8) and r.bounded


def test_interval_reaching_zero_gives_unbounded_cost():
    r = synthesis.cost_per_additional_reemployment("x", 1e6, 1000, 0.02, (-0.01, 0.05))
    assert math.isinf(r.ci_high) and not r.bounded
    assert r.ci_low == pytest.approx(1e6 / 50)


def test_effect_outside_its_interval_is_refused():
    with pytest.raises(ValueError, match="outside"):
        synthesis.cost_per_additional_reemployment("x", 1e6, 1000, 0.2, (0.0, 0.1))


def test_sensitivity_falls_as_the_effect_grows():
    s = synthesis.cost_sensitivity(1e6, 1000, np.array([0.01, 0.02, 0.04]))
    assert list(s["yuan_per_additional"]) == pytest.approx([1e5, 5e4, 2.5e4])


def test_deadweight_caps_at_all_placements():
    d = synthesis.deadweight_range(100, 1000, {"low": 0.05, "high": 0.5}).set_index("baseline")
    assert d.loc["low", "expected_anyway"] == 50 and d.loc["low", "creditable_at_most"] == 50
    assert d.loc["high", "deadweight_share"] == 1.0 and d.loc["high", "creditable_at_most"] == 0


def test_mde_reaches_the_requested_power():
    mde = synthesis.minimum_detectable_effect(10_000, 0.5, 0.3)
    h = proportion_effectsize(0.3 + mde / 100, 0.3)
    achieved = NormalIndPower().power(effect_size=h, nobs1=5000, alpha=0.05, ratio=1.0)
    assert achieved == pytest.approx(0.8, abs=1e-3)  # solve_power stops at its own tolerance


def test_mde_is_smallest_with_balanced_groups_and_grows_with_clustering():
    curve = synthesis.mde_curve(100_948, 0.4, np.array([0.1, 0.3, 0.5, 0.7]))
    assert curve["mde_pp"].idxmin() == 2
    assert synthesis.minimum_detectable_effect(100_948, 0.5, 0.4, design_effect=5) > \
        synthesis.minimum_detectable_effect(100_948, 0.5, 0.4)


@pytest.mark.parametrize("share", [0, 1, 1.5])
def test_mde_rejects_impossible_treated_shares(share):
    with pytest.raises(ValueError, match="treated share"):
        synthesis.minimum_detectable_effect(1000, share, 0.3)


def test_cost_scenarios_read_effects_and_record_keys(tmp_path, monkeypatch):
    from analysis import paths, results

    monkeypatch.setattr(paths, "RESULTS", tmp_path)
    results.record("training.fake_effect", 10.0, unit="percentage points", ci=(5.0, 15.0), source="test")
    table = synthesis.record_cost_scenarios(1e6, 1000, {"training": ("training.fake_effect", "fake")}, "test money")
    assert table.loc[0, "yuan per additional"] == pytest.approx(1e6 / 100)
    assert results.get("synthesis.cost_per_reemployment.training")["ci"] == pytest.approx([1e6 / 150, 1e6 / 50])


def test_effect_in_wrong_unit_is_refused(tmp_path, monkeypatch):
    from analysis import paths, results

    monkeypatch.setattr(paths, "RESULTS", tmp_path)
    results.record("training.usd_effect", 100.0, unit="USD", ci=(1.0, 2.0), source="test")
    with pytest.raises(ValueError, match="percentage points"):
        synthesis.effect_as_proportion("training.usd_effect")
