"""Estimators used by the notebooks: thin, tested wrappers over statsmodels.

Each returns an :class:`Estimate` (point, standard error, 95% interval, n, method) that
can record itself under a results key. Standard errors are heteroskedasticity-robust
(HC1) unless ``cov="nonrobust"`` is asked for (textbook replications).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.tools.sm_exceptions import ConvergenceWarning

from . import results

__all__ = [
    "Estimate",
    "difference_in_means",
    "regression_adjusted",
    "ipw_att",
    "propensity_score",
    "balance_table",
    "plot_balance",
    "forest_plot",
]



@dataclass(frozen=True)
class Estimate:
    """A point estimate with its uncertainty."""

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    n: int
    method: str

    def scaled(self, factor: float) -> Estimate:
        """The same estimate in other units (e.g. thousands of USD -> USD)."""
        return Estimate(self.estimate * factor, self.se * factor, self.ci_low * factor, self.ci_high * factor,
                        self.n, self.method)

    def record(self, key: str, *, unit: str, source: str, note: str | None = None) -> dict:
        """Write to the results store under ``key``."""
        text = f"{self.method}" + (f"; {note}" if note else "")
        return results.record(key, self.estimate, unit=unit, ci=(self.ci_low, self.ci_high), se=self.se,
                              n=self.n, source=source, note=text)


def _ols(y: pd.Series, X: pd.DataFrame, cov: str) -> sm.regression.linear_model.RegressionResultsWrapper:
    model = sm.OLS(y.astype(float), sm.add_constant(X.astype(float), has_constant="add"))
    return model.fit(cov_type=cov) if cov != "nonrobust" else model.fit()


def regression_adjusted(
    data: pd.DataFrame, outcome: str, treatment: str, covariates: Sequence[str] = (), cov: str = "HC1"
) -> Estimate:
    """OLS coefficient on ``treatment`` with optional covariates.

    Parameters
    ----------
    data
        One row per unit.
    outcome, treatment
        Column names; the treatment is 0/1.
    covariates
        Controls (linear).
    cov
        ``"HC1"`` (robust, default) or ``"nonrobust"`` (conventional, as textbooks report).
    """
    cols = [outcome, treatment, *covariates]
    frame = data[cols].dropna()
    fit = _ols(frame[outcome], frame[[treatment, *covariates]], cov)
    b, se = float(fit.params[treatment]), float(fit.bse[treatment])
    lo, hi = (float(v) for v in fit.conf_int().loc[treatment])
    label = "difference in means" if not covariates else f"OLS adjusted for {', '.join(covariates)}"
    return Estimate(b, se, lo, hi, int(fit.nobs), f"{label} ({'conventional' if cov == 'nonrobust' else cov} se)")


def difference_in_means(data: pd.DataFrame, outcome: str, treatment: str, cov: str = "HC1") -> Estimate:
    """Treated minus control mean of ``outcome`` (OLS on a constant and the treatment dummy)."""
    return regression_adjusted(data, outcome, treatment, (), cov)


def propensity_score(data: pd.DataFrame, treatment: str, covariates: Sequence[str]) -> np.ndarray:
    """Logit propensity score P(treatment = 1 | covariates)."""
    X = sm.add_constant(data[list(covariates)].astype(float), has_constant="add")
    # Near-separation in some bootstrap resamples overflows exp(); the fitted scores are still in [0, 1].
    with warnings.catch_warnings(), np.errstate(over="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        fit = sm.Logit(data[treatment].astype(float), X).fit(disp=0, maxiter=200)
        return np.asarray(fit.predict(X))


def _att_ipw(y: np.ndarray, d: np.ndarray, p: np.ndarray) -> float:
    w = p / (1 - p)
    return float(y[d == 1].mean() - np.sum(w[d == 0] * y[d == 0]) / np.sum(w[d == 0]))


def ipw_att(
    data: pd.DataFrame,
    outcome: str,
    treatment: str,
    covariates: Sequence[str],
    trim: tuple[float, float] = (0.01, 0.99),
    n_boot: int = 300,
    seed: int = 20031,
) -> Estimate:
    """Average effect on the treated by inverse-probability weighting (weights p/(1-p) for controls).

    The propensity score is a logit on ``covariates``; units with a score outside ``trim`` are
    dropped (common support). The standard error and the percentile interval come from a
    bootstrap that re-estimates the propensity score in each of ``n_boot`` resamples.
    """
    frame = data[[outcome, treatment, *covariates]].dropna().reset_index(drop=True)
    p = propensity_score(frame, treatment, covariates)
    keep = (p > trim[0]) & (p < trim[1])
    frame, p = frame[keep].reset_index(drop=True), p[keep]
    y, d = frame[outcome].to_numpy(float), frame[treatment].to_numpy(int)
    point = _att_ipw(y, d, p)
    rng = np.random.default_rng(seed)
    draws = []
    for _ in range(n_boot):
        idx = rng.integers(0, len(frame), len(frame))
        sample = frame.iloc[idx]
        if sample[treatment].nunique() < 2:
            continue
        try:
            pb = np.clip(propensity_score(sample, treatment, covariates), 1e-6, 1 - 1e-6)
        except (np.linalg.LinAlgError, ValueError):
            continue
        draws.append(_att_ipw(sample[outcome].to_numpy(float), sample[treatment].to_numpy(int), pb))
    draws_arr = np.asarray(draws)
    lo, hi = np.percentile(draws_arr, [2.5, 97.5])
    return Estimate(point, float(draws_arr.std(ddof=1)), float(lo), float(hi), len(frame),
                    f"IPW (ATT) with logit propensity score, trimmed to {trim}, bootstrap se ({len(draws)} draws)")


def balance_table(
    data: pd.DataFrame, treatment: str, covariates: Sequence[str], weights: np.ndarray | None = None
) -> pd.DataFrame:
    """Standardised mean differences (treated − control, in pooled SD units), raw and weighted.

    ``weights`` applies to controls (e.g. ``p/(1-p)`` for ATT); treated units keep weight 1.
    """
    d = data[treatment].to_numpy(int)
    rows = []
    for c in covariates:
        x = data[c].to_numpy(float)
        sd = np.sqrt((x[d == 1].var(ddof=1) + x[d == 0].var(ddof=1)) / 2) or 1.0
        raw = (x[d == 1].mean() - x[d == 0].mean()) / sd
        row = {"covariate": c, "smd_raw": raw}
        if weights is not None:
            wc = weights[d == 0]
            row["smd_weighted"] = (x[d == 1].mean() - np.sum(wc * x[d == 0]) / np.sum(wc)) / sd
        rows.append(row)
    return pd.DataFrame(rows)


def plot_balance(table: pd.DataFrame, title: str) -> plt.Figure:
    """Love plot of standardised mean differences before and after weighting."""
    fig, ax = plt.subplots(figsize=(6.5, 0.35 * len(table) + 1.2))
    y = np.arange(len(table))
    ax.scatter(table["smd_raw"], y, color="#b8434f", label="raw", zorder=3)
    if "smd_weighted" in table:
        ax.scatter(table["smd_weighted"], y, color="#3b6ea8", marker="s", label="weighted", zorder=3)
    ax.axvline(0, color="black", lw=0.8)
    for x in (-0.1, 0.1):
        ax.axvline(x, color="grey", lw=0.6, ls="--")
    ax.set_yticks(y, table["covariate"])
    ax.set_xlabel("standardised mean difference (treated − comparison)")
    ax.set_title(title)
    ax.legend(frameon=False, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def forest_plot(rows: pd.DataFrame, xlabel: str, title: str, reference: float | None = None) -> plt.Figure:
    """Forest plot: one row per estimate with columns ``label``, ``estimate``, ``ci_low``, ``ci_high``."""
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(rows) + 1.3))
    y = np.arange(len(rows))[::-1]
    ax.errorbar(rows["estimate"], y, xerr=[rows["estimate"] - rows["ci_low"], rows["ci_high"] - rows["estimate"]],
                fmt="o", color="#3b6ea8", ecolor="#3b6ea8", capsize=3)
    ax.axvline(0, color="black", lw=0.8)
    if reference is not None:
        ax.axvline(reference, color="#4f9a5b", lw=1, ls="--", label="experimental benchmark")
        ax.legend(frameon=False, loc="lower left")
    ax.set_yticks(y, rows["label"])
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig
