"""Training estimators recover known effects on synthetic data, and record themselves correctly."""

import json

import matplotlib
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analysis import paths
from analysis.estimates import training
from analysis.viz import plots

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def randomised():
    """Random assignment, true effect 1.5, one strong covariate."""
    rng = np.random.default_rng(1)
    n = 4000
    x = rng.normal(size=n)
    d = rng.integers(0, 2, n)
    y = 2.0 + 1.5 * d + 3.0 * x + rng.normal(size=n)
    return pd.DataFrame({"y": y, "d": d, "x": x})


@pytest.fixture(scope="module")
def confounded():
    """Treatment more likely when x is high; true effect 2.0; naive comparison biased upwards."""
    rng = np.random.default_rng(2)
    n = 6000
    x = rng.normal(size=n)
    d = (rng.uniform(size=n) < 1 / (1 + np.exp(-(x - 0.5)))).astype(int)
    y = 1.0 + 2.0 * d + 4.0 * x + rng.normal(size=n)
    return pd.DataFrame({"y": y, "d": d, "x": x})


def test_difference_in_means_equals_the_group_mean_difference_and_covers_the_truth(randomised):
    est = training.difference_in_means(randomised, "y", "d")
    by = randomised.groupby("d")["y"]
    assert est.value == pytest.approx(by.mean()[1] - by.mean()[0])
    assert est.ci[0] < 1.5 < est.ci[1]
    assert est.n == 4000 and est.se_type == "HC1"


def test_hc1_se_of_a_difference_in_means_matches_the_unequal_variance_formula(randomised):
    est = training.difference_in_means(randomised, "y", "d")
    g = randomised.groupby("d")["y"]
    n = len(randomised)
    welch = np.sqrt(g.var()[1] / g.count()[1] + g.var()[0] / g.count()[0])
    assert est.se == pytest.approx(welch * np.sqrt(n / (n - 2)), rel=0.01)


def test_conventional_interval_uses_t_with_n_minus_2_degrees_of_freedom_like_a_pooled_t_test(randomised):
    """Cross-check against scipy's two-sample t test (independent of statsmodels)."""
    from scipy import stats

    est = training.difference_in_means(randomised, "y", "d", cov="nonrobust")
    treated, control = (randomised.loc[randomised.d == k, "y"] for k in (1, 0))
    res = stats.ttest_ind(treated, control, equal_var=True)
    ci = res.confidence_interval(0.95)
    assert est.ci == pytest.approx((ci.low, ci.high), rel=1e-6)
    assert est.df_resid == len(randomised) - 2


def test_adjustment_keeps_the_effect_and_shrinks_the_standard_error(randomised):
    raw = training.difference_in_means(randomised, "y", "d")
    adj = training.regression_adjusted(randomised, "y", "d", ["x"])
    assert adj.value == pytest.approx(1.5, abs=0.1)
    assert adj.se < raw.se / 2


def test_conventional_se_differs_from_robust_under_heteroskedasticity():
    rng = np.random.default_rng(3)
    d = rng.integers(0, 2, 2000)
    y = d * rng.normal(scale=5, size=2000) + (1 - d) * rng.normal(scale=1, size=2000)
    frame = pd.DataFrame({"y": y, "d": d})
    conventional = training.difference_in_means(frame, "y", "d", "nonrobust")
    assert conventional.se_type == "conventional"
    assert conventional.se != pytest.approx(training.difference_in_means(frame, "y", "d").se, rel=0.01)


def test_linear_probability_model_reports_percentage_points():
    rng = np.random.default_rng(4)
    n = 20000
    d = rng.integers(0, 2, n)
    employed = (rng.uniform(size=n) < 0.40 + 0.10 * d).astype(int)
    est = training.linear_probability(pd.DataFrame({"e": employed, "d": d}), "e", "d")
    assert est.value == pytest.approx(10.0, abs=1.5)
    assert est.ci[0] < 10.0 < est.ci[1]
    assert est.method.startswith("linear probability model")
    as_share = training.linear_probability(
        pd.DataFrame({"e": employed, "d": d}), "e", "d", percentage_points=False
    )
    assert as_share.value == pytest.approx(est.value / 100)


def test_linear_probability_model_rejects_a_non_binary_outcome(randomised):
    with pytest.raises(ValueError, match="outcome 'y' must take the values 0 and 1"):
        training.linear_probability(randomised, "y", "d")


def test_missing_column_error_names_it(randomised):
    with pytest.raises(KeyError, match=r"\['z'\] are not in the data"):
        training.regression_adjusted(randomised, "y", "d", ["z"])


def test_propensity_score_equals_statsmodels_logit(confounded):
    frame = confounded.assign(x2=confounded.x**2)
    ours = training.propensity_score(frame, "d", ["x", "x2"])
    X = sm.add_constant(frame[["x", "x2"]])
    reference = sm.Logit(frame["d"], X).fit(disp=0).predict(X)
    assert np.max(np.abs(ours - reference.to_numpy())) < 1e-8


def test_naive_difference_is_biased_under_confounding_but_ipw_is_not(confounded):
    naive = training.difference_in_means(confounded, "y", "d")
    ipw = training.ipw_att(confounded, "y", "d", ["x"], n_boot=60)
    assert naive.value > 3.5  # selection on x inflates it
    assert ipw.value == pytest.approx(2.0, abs=0.3)
    assert ipw.ci[0] < 2.0 < ipw.ci[1]
    assert ipw.se > 0 and "bootstrap" in ipw.method


def test_ipw_is_reproducible_with_its_seed(confounded):
    a = training.ipw_att(confounded, "y", "d", ["x"], n_boot=20, seed=7)
    b = training.ipw_att(confounded, "y", "d", ["x"], n_boot=20, seed=7)
    assert a == b


def test_ipw_weights_trim_outside_common_support(confounded):
    w = training.ipw_att_weights(confounded, "d", ["x"], trim=(0.2, 0.8))
    outside = ~w["support"]
    assert outside.any()
    assert (w.loc[outside, "weight"] == 0).all()
    inside_controls = w["support"] & (confounded["d"] == 0)
    p = w.loc[inside_controls, "pscore"]
    assert np.allclose(w.loc[inside_controls, "weight"], p / (1 - p))
    assert (w.loc[w["support"] & (confounded["d"] == 1), "weight"] == 1).all()


def test_bad_trim_is_rejected(confounded):
    with pytest.raises(ValueError, match="trim must be"):
        training.ipw_att_weights(confounded, "d", ["x"], trim=(0.9, 0.1))


def test_weighting_improves_balance(confounded):
    w = training.ipw_att_weights(confounded, "d", ["x"], trim=(0.0, 1.0))
    table = training.balance_table(confounded, "d", ["x"], w["weight"])
    assert abs(table.loc[0, "smd_weighted"]) < 0.05 < 0.1 < abs(table.loc[0, "smd_raw"])


def test_balance_table_smd_by_hand():
    frame = pd.DataFrame({"d": [1, 1, 0, 0], "x": [2.0, 4.0, 0.0, 2.0]})
    table = training.balance_table(frame, "d", ["x"])
    # means 3 and 1; variances 2 and 2 -> pooled sd sqrt(2)
    assert table.loc[0, "smd_raw"] == pytest.approx(2 / np.sqrt(2))


def test_dehejia_wahba_terms_builds_the_specification():
    frame = pd.DataFrame({"age": [20, 30], "educ": [10, 12], "re74": [1.0, 2.0], "re75": [0.0, 3.0]})
    out = training.dehejia_wahba_terms(frame)
    assert list(out["nodegree"]) == [1, 0]
    assert list(out["agecu"]) == [8000, 27000] and list(out["educ_re74"]) == [10.0, 24.0]
    assert {"agesq", "educsq", "re74sq", "re75sq"} <= set(out.columns)
    assert "nodegree" not in frame  # input untouched


def test_scaled_estimate_scales_every_number_and_refuses_negative_factors(randomised):
    est = training.difference_in_means(randomised, "y", "d")
    big = est.scaled(1000)
    assert (big.value, big.se, big.ci[0], big.ci[1]) == pytest.approx(
        (est.value * 1000, est.se * 1000, est.ci[0] * 1000, est.ci[1] * 1000)
    )
    with pytest.raises(ValueError, match="positive"):
        est.scaled(-1)


def test_record_writes_value_unit_interval_se_n_and_source(monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "RESULTS", tmp_path)
    est = training.Estimate(1.5, 0.5, (0.52, 2.48), "HC1", 100, method="difference in means")
    est.record("training.test_effect", unit="USD", source="synthetic", note="a note")
    stored = json.loads((tmp_path / "training.json").read_text(encoding="utf-8"))["training.test_effect"]
    assert {k: stored[k] for k in ("value", "unit", "ci", "se", "se_type", "n", "source", "note")} == {
        "value": 1.5,
        "unit": "USD",
        "ci": [0.52, 2.48],
        "se": 0.5,
        "se_type": "HC1",
        "n": 100,
        "source": "synthetic",
        "note": "a note; difference in means",
    }


def test_alternative_variance_comes_from_the_same_fit_and_matches_the_robust_fit(randomised):
    conv = training.regression_adjusted(randomised, "y", "d", ["x"], cov="nonrobust", also=("HC1",))
    robust = training.regression_adjusted(randomised, "y", "d", ["x"], cov="HC1")
    assert conv.se_type == "conventional"
    assert conv.alternative("HC1").se == pytest.approx(robust.se)
    assert conv.alternative("HC1").ci == pytest.approx(robust.ci)
    with pytest.raises(KeyError, match="HC3"):
        conv.alternative("HC3")


def test_effect_on_participants_is_the_itt_divided_by_the_compliance_rate():
    """Wald estimator by hand (independent of linearmodels): ITT / (share of the assigned who took part)."""
    rng = np.random.default_rng(5)
    n = 20000
    z = rng.integers(0, 2, n)
    complier = rng.uniform(size=n) < 0.6
    d = z * complier
    y = (rng.uniform(size=n) < 0.4 + 0.2 * d).astype(int)
    frame = pd.DataFrame({"y": y, "d": d, "z": z})
    est = training.effect_on_participants(frame, "y", "d", "z")
    itt = frame.loc[frame.z == 1, "y"].mean() - frame.loc[frame.z == 0, "y"].mean()
    first = frame.loc[frame.z == 1, "d"].mean() - frame.loc[frame.z == 0, "d"].mean()
    assert est.value == pytest.approx(100 * itt / first, rel=1e-9)
    assert est.ci[0] < 20 < est.ci[1]
    itt_est = training.linear_probability(frame, "y", "z")
    assert est.se > itt_est.se  # taking part is rarer than being offered: a wider interval


def test_effect_on_participants_refuses_a_weak_instrument():
    frame = pd.DataFrame({"y": [0, 1] * 50, "d": [0] * 99 + [1], "z": [0, 1] * 50})
    with pytest.raises(ValueError, match="weak instrument"):
        training.effect_on_participants(frame, "y", "d", "z")


def test_forest_panels_draws_one_panel_per_unit():
    rows = pd.DataFrame(
        {
            "panel": ["USD", "USD", "pp"],
            "label": ["a", "b", "c"],
            "value": [1.0, 2.0, 3.0],
            "ci_low": [0.0, 1.0, 2.0],
            "ci_high": [2.0, 3.0, 4.0],
        }
    )
    fig = plots.forest_panels(rows, "t", references={"USD": 1.0})
    assert [ax.get_xlabel() for ax in fig.axes] == ["USD", "pp"]
    matplotlib.pyplot.close(fig)


def test_balance_plot_marks_both_series():
    table = pd.DataFrame({"covariate": ["x", "z"], "smd_raw": [1.0, -0.5], "smd_weighted": [0.05, 0.0]})
    fig = plots.plot_balance(table, "t")
    assert len(fig.axes[0].collections) == 2
    matplotlib.pyplot.close(fig)
