"""Synthesis arithmetic: cost per outcome, deadweight, power."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize

from analysis.estimates.result import Estimate
from analysis.evidence import levers, synthesis


def _effect(value, lo, hi):
    return Estimate(value, None, (lo, hi), "test")


def test_cost_per_additional_reemployment_is_cost_over_participants_times_effect():
    r = synthesis.cost_per_additional_reemployment(3_150_000, 7178, _effect(10.0, 5.0, 15.0))
    assert r.value == pytest.approx(3_150_000 / 717.8)
    assert r.ci == pytest.approx((3_150_000 / (7178 * 0.15), 3_150_000 / (7178 * 0.05)))
    assert r.n == 7178


def test_interval_reaching_zero_gives_a_one_sided_cost_never_infinity():
    r = synthesis.cost_per_additional_reemployment(1e6, 1000, _effect(2.0, -1.0, 5.0))
    assert r.ci[1] is None
    assert r.ci[0] == pytest.approx(1e6 / 50)


def test_non_positive_effect_has_no_cost():
    with pytest.raises(ValueError, match="no finite cost"):
        synthesis.cost_per_additional_reemployment(1e6, 1000, _effect(-1.0, -3.0, 1.0))


def _rows(*specs):
    base = {
        "programme_type": "training",
        "effect_unit": "pp",
        "effect": None,
        "se": None,
        "ci_low": None,
        "ci_high": None,
        "horizon_months": None,
        "estimate_kind": "rct",
    }
    frame = pd.DataFrame([{**base, **s} for s in specs])
    for col in ("effect", "se", "ci_low", "ci_high", "horizon_months"):
        frame[col] = frame[col].astype(float)
    return synthesis.lever_evidence(frame, "training")


def test_central_effect_is_the_median_at_the_horizon_nearest_a_year():
    rows = _rows(
        {"id": "a", "effect": -6, "horizon_months": 12},
        {"id": "b", "effect": 8, "horizon_months": 12},
        {"id": "c", "effect": 5, "horizon_months": 12},
        {"id": "d", "effect": 14, "horizon_months": 36},
        {"id": "e", "effect": 29},
    )
    effect, ids = synthesis.central_effect(rows)
    assert effect == 5 and ids == ["a", "b", "c"]


def test_lever_range_spans_every_horizon_and_is_open_where_evidence_cannot_exclude_zero():
    rows = _rows(
        {"id": "a", "effect": -6, "horizon_months": 12},
        {"id": "b", "effect": 8, "horizon_months": 12},
        {"id": "c", "effect": 5, "horizon_months": 12},
        {"id": "d", "effect": 14, "horizon_months": 36},
        {"id": "e", "effect": 29},
    )
    c = synthesis.lever_cost(
        "training", "training", 3_150_000, 7178, rows, participants_label="7,178 trainees"
    )
    assert c.value == pytest.approx(3_150_000 / (7178 * 0.05))
    assert c.range[0] == pytest.approx(3_150_000 / (7178 * 0.29))  # the range spans every horizon
    assert c.range[1] is None and "a" in c.open_ended_by
    assert "7,178 trainees" in c.note and "median effect 5.0 pp" in c.note


def test_lever_range_is_closed_when_every_row_excludes_zero():
    rows = _rows(
        {"id": "a", "effect": 4, "se": 1, "horizon_months": 12},
        {"id": "b", "effect": 8, "se": 1, "horizon_months": 12},
    )
    c = synthesis.lever_cost("x", "training", 1e6, 1000, rows, participants_range=(800, 1250))
    assert c.range == pytest.approx((1e6 / (1250 * 0.08), 1e6 / (800 * 0.04)))


def test_lever_without_participants_or_numbers_is_recorded_null_with_a_reason(tmp_path, monkeypatch):
    from analysis import paths, results

    monkeypatch.setattr(paths, "RESULTS", tmp_path)
    rows = _rows({"id": "q", "effect_unit": "qualitative_positive"})
    c = synthesis.lever_cost("small_loans", "training", 1e6, 100, rows)
    assert c.value is None and "percentage points" in c.reason
    c.record("synthesis.cost_per_reemployment.small_loans", source="test")
    entry = results.get("synthesis.cost_per_reemployment.small_loans")
    assert entry["value"] is None and "not costed" in entry["note"]
    nobody = synthesis.lever_cost(
        "job_search", "training", 1e6, None, rows, reason_if_no_participants="no count"
    )
    assert nobody.value is None and nobody.reason == "no count"


def test_negative_evidence_only_gives_no_finite_cost():
    rows = _rows({"id": "a", "effect": -4.1, "se": 2.5, "horizon_months": 36})
    c = synthesis.lever_cost("public_jobs", "training", 1.2e6, 38, rows)
    assert c.value is None and c.range is None and "positive" in c.reason


def test_participants_from_reports_use_the_median_and_range():
    n, (lo, hi) = synthesis.participants_from_reports(1e6, pd.Series([1000.0, 2000.0, 4000.0]))
    assert n == 500 and lo == 250 and hi == 1000


def test_chinese_annual_rate_over_eight_months_at_a_constant_hazard():
    assert synthesis.period_rate(0.306, 8) == pytest.approx(1 - 0.694 ** (8 / 12))
    assert synthesis.period_rate(0.306, 12) == pytest.approx(0.306)


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
    assert synthesis.minimum_detectable_effect(
        100_948, 0.5, 0.4, design_effect=5
    ) > synthesis.minimum_detectable_effect(100_948, 0.5, 0.4)


@pytest.mark.parametrize("share", [0, 1, 1.5])
def test_mde_rejects_impossible_treated_shares(share):
    with pytest.raises(ValueError, match="treated share"):
        synthesis.minimum_detectable_effect(1000, share, 0.3)


def test_design_effect_grows_with_unequal_enterprise_sizes():
    assert synthesis.design_effect_unequal_clusters(109, 0.02) == pytest.approx(1 + 108 * 0.02)
    assert synthesis.design_effect_unequal_clusters(109, 0.02, cv=1.0) == pytest.approx(
        1 + (2 * 109 - 1) * 0.02
    )


def test_take_up_below_one_inflates_the_mde_on_participants():
    full = synthesis.minimum_detectable_effect(100_948, 0.5, 0.39)
    assert synthesis.minimum_detectable_effect(100_948, 0.5, 0.39, take_up=0.5) == pytest.approx(2 * full)


def test_mde_designs_table_keeps_the_default_first_and_grows_with_icc():
    t = synthesis.mde_designs(100_948, 0.39, feasible_share=0.107, n_enterprises=926, take_ups=(1.0,))
    assert t.iloc[0]["MDE (pp)"] == pytest.approx(synthesis.minimum_detectable_effect(100_948, 0.5, 0.39))
    clustered = t[t["ICC"].notna()]["MDE (pp)"].tolist()
    assert clustered == sorted(clustered) and len(clustered) == 3


def test_participants_by_lever_from_the_shipped_reports():
    from analysis.data import evidence, reports

    money = {
        "training": 3_150_000.0,
        "wage_subsidy": 10_000_000.0,
        "public_jobs": 1_200_000.0,
        "job_search": 1_430_000.0,
        "small_loans": 12_000_000.0,
    }
    sources, figures = reports.load()
    p = levers.participants_by_lever(money, 7178, sources, figures, evidence.to_2003_yuan).set_index("lever")
    assert p.loc["training", "participants"] == 7178 and "(speech)" in p.loc["training", "label"]
    # social-insurance subsidy per recipient in the reports that print both, deflated to 2003 yuan
    assert "zhaoyang_2007" in p.loc["wage_subsidy", "reports"]
    assert (
        p.loc["wage_subsidy", "low"] <= p.loc["wage_subsidy", "participants"] <= p.loc["wage_subsidy", "high"]
    )
    assert "2003 yuan" in p.loc["wage_subsidy", "label"]
    assert (
        pd.isna(p.loc["job_search", "participants"]) and "no Chinese report" in p.loc["job_search", "label"]
    )
    assert "loans = fund ×" in p.loc["small_loans", "label"]


def test_deadweight_records_both_baselines_with_the_chinese_one_as_an_upper_bound(tmp_path, monkeypatch):
    from analysis import paths, results
    from analysis.data import evidence

    monkeypatch.setattr(paths, "RESULTS", tmp_path)
    table = synthesis.record_deadweight(27111, 83000, {"US group": 0.5}, evidence.load_reemployment_rates())
    china = 83000 * synthesis.period_rate(0.306, 8) / 27111
    assert results.value("synthesis.deadweight_china_upper") == pytest.approx(china)
    assert results.value("synthesis.deadweight_share_min") == pytest.approx(china)
    assert (
        results.value("synthesis.deadweight_us_min") == 1.0 == results.value("synthesis.deadweight_share_max")
    )
    assert "upper bound" in results.get("synthesis.deadweight_china_upper")["note"]
    assert len(table) == 2


def test_record_mde_keeps_the_stated_default_and_records_the_feasible_designs(tmp_path, monkeypatch):
    from analysis import paths, results

    monkeypatch.setattr(paths, "RESULTS", tmp_path)
    designs, de = synthesis.record_mde(100_948, 0.39, feasible_share=0.107, n_enterprises=926, take_up=0.62)
    assert results.value("synthesis.mde_pp") == pytest.approx(
        synthesis.minimum_detectable_effect(100_948, 0.5, 0.39)
    )
    assert "default design" in results.get("synthesis.mde_pp")["note"]
    assert results.value("synthesis.mde_pp_feasible") > results.value("synthesis.mde_pp")
    assert de == pytest.approx(synthesis.design_effect_unequal_clusters(100_948 / 926, 0.02, cv=1.0))
    assert set(designs["take-up"]) == {1.0, 0.62}


def test_evidence_table_lists_chinese_studies_first_for_training():
    from analysis.data import evidence

    table = synthesis.evidence_table(evidence.load_effects(), {"training": "training"})
    assert list(table["id"][:2]) == ["bidani2009_shenyang_training", "bidani2009_wuhan_training"]
    assert "not_used" not in set(table["use"])
