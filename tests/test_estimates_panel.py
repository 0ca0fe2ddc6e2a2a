"""Panel estimators recover known effects on synthetic panels."""

import numpy as np
import pandas as pd
import pytest

from analysis.estimates import panel as panel_models


@pytest.fixture(scope="module")
def panel():
    """Firms with permanent heterogeneity correlated with treatment; true effect −0.5."""
    rng = np.random.default_rng(7)
    firms, years = 300, [1, 2, 3]
    alpha = rng.normal(size=firms)
    treated = (alpha + rng.normal(size=firms) > 0.5).astype(int)  # high-alpha firms get treated
    rows = []
    for f in range(firms):
        for t in years:
            d = int(treated[f] and t >= 2)
            rows.append(
                {"firm": f, "year": t, "d": d, "y": 2 * alpha[f] + 0.3 * t - 0.5 * d + rng.normal(scale=0.2)}
            )
    df = pd.DataFrame(rows).sort_values(["firm", "year"])
    df["dy"] = df.groupby("firm")["y"].diff()
    df["dd"] = df.groupby("firm")["d"].diff()
    df["t3"] = (df["year"] == 3).astype(int)
    return df


def test_pooled_ols_is_biased_by_selection(panel):
    est = panel_models.pooled_ols(panel, "y ~ d", "d", "firm")
    assert est.value > 0  # treated firms have higher y to begin with


def test_fixed_effects_recover_the_effect(panel):
    est = panel_models.fixed_effects(panel, "firm", "year", "y", ["d"], "d", time_effects=True)
    assert est.value == pytest.approx(-0.5, abs=0.1)
    assert est.ci[0] < -0.5 < est.ci[1]
    assert est.clusters == 300


def test_first_differences_recover_the_effect(panel):
    est = panel_models.first_difference(panel, "dy ~ dd + t3", "dd", "firm")
    assert est.value == pytest.approx(-0.5, abs=0.1)
    clustered = est.alternative("cluster(firm)")
    assert clustered.se > 0 and clustered.clusters == 300
    assert clustered.df_resid == 299  # t with G - 1 degrees of freedom for few clusters


def test_first_difference_with_one_regressor_matches_the_closed_form_slope(panel):
    """Independent cross-check: the OLS slope cov(x, y) / var(x) computed with numpy."""
    d = panel.dropna(subset=["dy", "dd"])
    slope = np.cov(d["dd"], d["dy"])[0, 1] / np.var(d["dd"], ddof=1)
    est = panel_models.first_difference(panel, "dy ~ dd", "dd", "firm")
    assert est.value == pytest.approx(slope)


def test_event_study_is_flat_before_and_shifts_after():
    rng = np.random.default_rng(3)
    rows = []
    for c in range(40):
        start = 5 if c < 20 else None
        for t in range(10):
            post = start is not None and t >= start
            rows.append(
                {
                    "c": c,
                    "t": t,
                    "ez": int(post),
                    "y": c * 0.1 + 0.05 * t - 0.4 * post + rng.normal(scale=0.1),
                }
            )
    table = panel_models.event_study(pd.DataFrame(rows), "c", "t", "y", "ez", window=(-3, 3)).set_index(
        "event_time"
    )
    assert abs(table.loc[-3, "coef"]) < 0.1 and abs(table.loc[-2, "coef"]) < 0.1
    assert table.loc[0, "coef"] == pytest.approx(-0.4, abs=0.1)
    assert table.loc[-1, "coef"] == 0


def test_event_study_interval_is_the_librarys_own():
    """The interval is linearmodels' conf_int: t(df_resid) for its debiased clustered fit, so the bounds sit
    at the same multiple of the se for every event time, a little wider than the normal 1.96."""
    rng = np.random.default_rng(4)
    rows = [
        {"c": c, "t": t, "ez": int(c < 10 and t >= 3), "y": rng.normal()} for c in range(20) for t in range(6)
    ]
    table = panel_models.event_study(pd.DataFrame(rows), "c", "t", "y", "ez", window=(-2, 2))
    nonref = table[table.event_time != -1]
    multiple = ((nonref["ci_high"] - nonref["coef"]) / nonref["se"]).to_numpy()
    assert multiple == pytest.approx(np.full(len(multiple), multiple[0]))
    assert 1.96 < multiple[0] < 2.2
