"""Estimators used by the training notebook: thin, tested wrappers over statsmodels.

Each estimator returns an :class:`Estimate` (point, standard error, 95% interval, n, method)
that can record itself under a results key (:meth:`Estimate.record`). Standard errors are
heteroskedasticity-robust (HC1) unless ``cov="nonrobust"`` is asked for (textbook
replications that report conventional standard errors).

Estimators
----------
:func:`difference_in_means`
    Treated minus control mean, as OLS on a constant and the treatment dummy (HC1 se).
:func:`regression_adjusted`
    OLS of the outcome on the treatment and linear covariates (HC1 se).
:func:`linear_probability`
    The same for a 0/1 outcome, reported in percentage points.
:func:`ipw_att`
    Average effect on the treated by inverse-probability weighting: a logit propensity score,
    comparison units weighted by p/(1−p), units outside a score range trimmed (common support),
    bootstrap standard error and percentile interval that repeat the whole procedure.
:func:`balance_table`
    Standardised mean differences before and after weighting.

The Dehejia–Wahba (1999) covariates for the NSW/PSID comparison are built by
:func:`dehejia_wahba_terms`; :data:`NSW_COVARIATES`, :data:`PSID_COVARIATES` and
:data:`PSID_PSCORE_COVARIATES` name the specifications the notebook and the tests share.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm

from .result import Estimate

__all__ = [
    "Estimate",
    "NSW_COVARIATES",
    "PSID_COVARIATES",
    "PSID_PSCORE_COVARIATES",
    "dehejia_wahba_terms",
    "difference_in_means",
    "regression_adjusted",
    "linear_probability",
    "propensity_score",
    "ipw_att_weights",
    "ipw_att",
    "effect_on_participants",
    "balance_table",
]

#: Pre-treatment covariates of the NSW experiment (jtrain2) used for regression adjustment.
NSW_COVARIATES: list[str] = ["age", "educ", "black", "hisp", "married", "nodegree", "re74", "re75"]

#: Covariates for regression adjustment of NSW treated vs PSID (jtrain3), linear terms plus age².
PSID_COVARIATES: list[str] = [
    "age",
    "agesq",
    "educ",
    "nodegree",
    "black",
    "hisp",
    "married",
    "re74",
    "re75",
    "unem74",
    "unem75",
]

#: Logit propensity-score terms for NSW vs PSID-1, following the PSID specification of
#: Dehejia & Wahba (1999): age, age², age³, educ, educ², married, no degree, black, hispanic,
#: re74, re75, re74², re75², u74, u75, educ·re74.
PSID_PSCORE_COVARIATES: list[str] = [
    "age",
    "agesq",
    "agecu",
    "educ",
    "educsq",
    "married",
    "nodegree",
    "black",
    "hisp",
    "re74",
    "re75",
    "re74sq",
    "re75sq",
    "unem74",
    "unem75",
    "educ_re74",
]


def dehejia_wahba_terms(data: pd.DataFrame) -> pd.DataFrame:
    """Add the derived covariates of Dehejia & Wahba (1999) to an NSW/PSID frame.

    Adds ``agesq`` (if absent), ``agecu``, ``educsq``, ``nodegree`` (if absent: 1 when
    ``educ < 12``, its definition in the NSW file; ``jtrain3`` lacks the column), ``re74sq``,
    ``re75sq`` and ``educ_re74``. Returns a new frame.
    """
    out = data.copy()
    if "agesq" not in out:
        out["agesq"] = out["age"] ** 2
    if "nodegree" not in out:
        out["nodegree"] = (out["educ"] < 12).astype(int)
    return out.assign(
        agecu=out["age"] ** 3,
        educsq=out["educ"] ** 2,
        re74sq=out["re74"] ** 2,
        re75sq=out["re75"] ** 2,
        educ_re74=out["educ"] * out["re74"],
    )


def _columns(data: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise KeyError(
            f"columns {missing} are not in the data (columns: {', '.join(map(str, data.columns))})"
        )
    return data[list(cols)].dropna()


def _check_binary(series: pd.Series, what: str) -> None:
    values = set(pd.unique(series))
    if not values <= {0, 1} or len(values) < 2:
        raise ValueError(f"{what} {series.name!r} must take the values 0 and 1 (found {sorted(values)[:6]})")


def _ols(y: pd.Series, X: pd.DataFrame, cov: str) -> Any:
    if cov not in {"HC0", "HC1", "HC2", "HC3", "nonrobust"}:
        raise ValueError(
            f"cov must be 'HC1' (robust, default), 'HC0', 'HC2', 'HC3' or 'nonrobust', not {cov!r}"
        )
    model = sm.OLS(y.astype(float), sm.add_constant(X.astype(float), has_constant="add"))
    return model.fit(cov_type=cov) if cov != "nonrobust" else model.fit()


def regression_adjusted(
    data: pd.DataFrame,
    outcome: str,
    treatment: str,
    covariates: Sequence[str] = (),
    cov: str = "HC1",
    also: Sequence[str] = (),
) -> Estimate:
    """OLS coefficient on ``treatment``, optionally adjusted for covariates.

    Parameters
    ----------
    data
        One row per unit; rows with a missing value in a used column are dropped.
    outcome, treatment
        Column names; the treatment is 0/1.
    covariates
        Controls, entered linearly.
    cov
        ``"HC1"`` (robust, default) or ``"nonrobust"`` (conventional, as textbooks report).
    also
        Further variance types (e.g. ``("HC1",)`` beside a conventional fit), computed from the same
        fit with ``get_robustcov_results`` (no refit) and carried in ``Estimate.alternatives``.

    Returns
    -------
    Estimate
        Coefficient, se and the fit's own 95% interval (statsmodels: t for ``nonrobust``, normal for HC).
    """
    frame = _columns(data, [outcome, treatment, *covariates])
    _check_binary(frame[treatment], "treatment")
    fit = _ols(frame[outcome], frame[[treatment, *covariates]], cov)
    label = "difference in means" if not covariates else f"OLS adjusted for {', '.join(covariates)}"
    se_type = "conventional" if cov == "nonrobust" else cov
    est = Estimate.from_fit(fit, treatment, se_type=se_type, method=label, n=int(fit.nobs))
    for kind in also:
        if kind not in {"HC0", "HC1", "HC2", "HC3"}:
            raise ValueError(f"also: variance types are HC0–HC3, not {kind!r}")
        robust = fit.get_robustcov_results(
            cov_type=kind, use_t=False
        )  # same fit, another covariance: no refit
        i = list(fit.params.index).index(treatment)
        lo, hi = (float(v) for v in np.asarray(robust.conf_int())[i])
        est = est.with_alternative(
            Estimate(
                float(np.asarray(robust.params)[i]),
                float(np.asarray(robust.bse)[i]),
                (lo, hi),
                kind,
                int(fit.nobs),
                method=label,
            )
        )
    return est


def difference_in_means(data: pd.DataFrame, outcome: str, treatment: str, cov: str = "HC1") -> Estimate:
    """Treated minus control mean of ``outcome`` (OLS on a constant and the 0/1 treatment).

    With ``cov="HC1"`` the standard error is the robust one, close to the unequal-variance
    (Welch) standard error of a difference in means.
    """
    return regression_adjusted(data, outcome, treatment, (), cov)


def linear_probability(
    data: pd.DataFrame,
    outcome: str,
    treatment: str,
    covariates: Sequence[str] = (),
    cov: str = "HC1",
    percentage_points: bool = True,
) -> Estimate:
    """Linear probability model: OLS of a 0/1 ``outcome`` on the treatment (and covariates).

    Robust (HC1) standard errors by default: an LPM's errors are heteroskedastic by construction.

    Returns
    -------
    Estimate
        The effect in percentage points (``percentage_points=True``) or as a probability.
    """
    frame = _columns(data, [outcome, treatment, *covariates])
    _check_binary(frame[outcome], "outcome")
    est = regression_adjusted(frame, outcome, treatment, covariates, cov)
    est = replace(est, method=f"linear probability model, {est.method}")
    return est.scaled(100) if percentage_points else est


def effect_on_participants(
    data: pd.DataFrame,
    outcome: str,
    participation: str,
    assignment: str,
    percentage_points: bool = True,
) -> Estimate:
    """Effect of *taking part* (treatment on the treated / LATE) by two-stage least squares.

    The outcome is regressed on participation, instrumented by random assignment
    (``linearmodels.iv.IV2SLS``, heteroskedasticity-robust se, the fit's own interval). With
    one-sided non-compliance (nobody assigned to control can take part), this is the average
    effect on those who took part: the intention-to-treat effect divided by the share of the
    assigned who complied (Bloom 1984; Angrist, Imbens & Rubin 1996).

    Parameters
    ----------
    outcome
        0/1 outcome (reported in percentage points when ``percentage_points``).
    participation
        0/1: took part.
    assignment
        0/1: randomly offered the programme (the instrument).
    """
    from linearmodels.iv import IV2SLS

    frame = _columns(data, [outcome, participation, assignment])
    for col, what in ((outcome, "outcome"), (participation, "participation"), (assignment, "assignment")):
        _check_binary(frame[col], what)
    first_stage = (
        frame.loc[frame[assignment] == 1, participation].mean()
        - frame.loc[frame[assignment] == 0, participation].mean()
    )
    if first_stage <= 0.05:
        raise ValueError(
            f"assignment barely moves participation (difference {first_stage:.3f}): a weak instrument"
        )
    exog = pd.Series(1.0, index=frame.index, name="const")
    fit = IV2SLS(
        frame[outcome].astype(float),
        exog,
        frame[participation].astype(float),
        frame[assignment].astype(float),
    ).fit(cov_type="robust")
    est = Estimate.from_fit(
        fit,
        participation,
        se_type="HC0 (linearmodels robust)",
        n=int(fit.nobs),
        method=f"2SLS: {outcome} on {participation} instrumented by {assignment} "
        f"(first-stage difference {first_stage:.2f})",
    )
    return est.scaled(100) if percentage_points else est


def _logit_probabilities(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Fitted probabilities of a ``statsmodels`` logit of ``y`` on ``X`` (constant added).

    Columns are standardised first (the same fit, better conditioned). Near-separation in some
    bootstrap resamples overflows ``exp``; the fitted probabilities are then near 0 or 1.
    """
    mu, sd = X.mean(axis=0), X.std(axis=0)
    sd[sd == 0] = 1.0
    Z = np.column_stack([np.ones(len(X)), (X - mu) / sd])
    with warnings.catch_warnings(), np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore")
        fit = sm.Logit(y, Z).fit(disp=0, maxiter=100, method="newton")
        return np.asarray(fit.predict(Z))


def propensity_score(data: pd.DataFrame, treatment: str, covariates: Sequence[str]) -> np.ndarray:
    """Logit propensity score P(treatment = 1 | covariates), one value per row of ``data``.

    Maximum likelihood with ``statsmodels.api.Logit`` (see :func:`_logit_probabilities`).
    """
    frame = data[[treatment, *covariates]]
    if frame.isna().any().any():
        raise ValueError("propensity_score: drop rows with missing treatment or covariates first")
    _check_binary(frame[treatment], "treatment")
    return _logit_probabilities(frame[list(covariates)].to_numpy(float), frame[treatment].to_numpy(float))


def ipw_att_weights(
    data: pd.DataFrame, treatment: str, covariates: Sequence[str], trim: tuple[float, float] = (0.01, 0.99)
) -> pd.DataFrame:
    """Propensity scores and ATT weights, indexed like ``data``.

    Returns
    -------
    pandas.DataFrame
        ``pscore``; ``support`` (score strictly inside ``trim``); ``weight``: 1 for treated
        units and p/(1−p) for comparison units inside the support, 0 outside it.
    """
    lo, hi = trim
    if not 0 <= lo < hi <= 1:
        raise ValueError(f"trim must be (low, high) with 0 <= low < high <= 1, got {trim}")
    p = propensity_score(data, treatment, covariates)
    support = (p > lo) & (p < hi) if (lo, hi) != (0, 1) else np.ones(len(p), bool)
    d = data[treatment].to_numpy(int)
    with np.errstate(divide="ignore"):
        w = np.where(d == 1, 1.0, p / (1 - p))
    w = np.where(support, w, 0.0)
    return pd.DataFrame({"pscore": p, "support": support, "weight": w}, index=data.index)


def _att(y: np.ndarray, d: np.ndarray, w: np.ndarray) -> float:
    treated, controls = (d == 1) & (w > 0), (d == 0) & (w > 0)
    return float(y[treated].mean() - np.sum(w[controls] * y[controls]) / np.sum(w[controls]))


def ipw_att(
    data: pd.DataFrame,
    outcome: str,
    treatment: str,
    covariates: Sequence[str],
    trim: tuple[float, float] = (0.01, 0.99),
    n_boot: int = 300,
    seed: int = 20031,
) -> Estimate:
    """Average effect on the treated by inverse-probability weighting.

    The propensity score is a logit on ``covariates``; units with a score outside ``trim`` are
    dropped (common support), and comparison units are weighted by p/(1−p) (normalised), so
    that they resemble the treated (the ATT estimand). The standard error and the 95% percentile
    interval come from ``n_boot`` bootstrap resamples of the full data that repeat every step:
    logit, trimming and weighting.

    Parameters
    ----------
    data
        One row per unit.
    outcome, treatment
        Column names; treatment is 0/1.
    covariates
        Terms of the logit (build squares and interactions first, e.g. :func:`dehejia_wahba_terms`).
    trim
        Open interval of propensity scores kept.
    n_boot, seed
        Bootstrap draws and seed (fixed, so the interval is reproducible).

    Returns
    -------
    Estimate
        ``n`` is the number of units inside the common support.
    """
    frame = _columns(data, [outcome, treatment, *covariates]).reset_index(drop=True)
    _check_binary(frame[treatment], "treatment")
    weights = ipw_att_weights(frame, treatment, covariates, trim)
    y, d = frame[outcome].to_numpy(float), frame[treatment].to_numpy(int)
    point = _att(y, d, weights["weight"].to_numpy())
    rng = np.random.default_rng(seed)
    draws = []
    for _ in range(n_boot):
        idx = rng.integers(0, len(frame), len(frame))
        sample = frame.iloc[idx].reset_index(drop=True)
        if sample[treatment].nunique() < 2:
            continue
        try:
            wb = ipw_att_weights(sample, treatment, covariates, trim)["weight"].to_numpy()
        except (np.linalg.LinAlgError, ValueError):
            continue
        ds = sample[treatment].to_numpy(int)
        if not ((ds == 1) & (wb > 0)).any() or not ((ds == 0) & (wb > 0)).any():
            continue
        draws.append(_att(sample[outcome].to_numpy(float), ds, wb))
    if len(draws) < max(10, n_boot // 2):
        raise RuntimeError(
            f"ipw_att: only {len(draws)} of {n_boot} bootstrap draws were usable; "
            "the propensity model is unstable (fewer covariates or a wider trim?)"
        )
    arr = np.asarray(draws)
    lo, hi = np.percentile(arr, [2.5, 97.5])
    return Estimate(
        point,
        float(arr.std(ddof=1)),
        (float(lo), float(hi)),
        "bootstrap",
        int(weights["support"].sum()),
        method=f"IPW (ATT): logit propensity score, scores outside {trim} trimmed, "
        f"bootstrap se and percentile interval ({len(draws)} draws, seed {seed})",
    )


def balance_table(
    data: pd.DataFrame,
    treatment: str,
    covariates: Sequence[str],
    weights: np.ndarray | pd.Series | None = None,
) -> pd.DataFrame:
    """Standardised mean differences, treated − comparison, in pooled-SD units.

    The pooled SD is ``sqrt((var_treated + var_comparison) / 2)`` of the *unweighted* groups, so
    raw and weighted differences share a denominator. ``weights`` (e.g. the ``weight`` column of
    :func:`ipw_att_weights`) applies to both groups; units with weight 0 are left out.

    Returns
    -------
    pandas.DataFrame
        ``covariate``, ``mean_treated``, ``mean_comparison``, ``smd_raw`` and, with weights,
        ``mean_comparison_weighted`` and ``smd_weighted``.
    """
    d = data[treatment].to_numpy(int)
    w = None if weights is None else np.asarray(weights, dtype=float)
    rows = []
    for c in covariates:
        x = data[c].to_numpy(float)
        sd = float(np.sqrt((x[d == 1].var(ddof=1) + x[d == 0].var(ddof=1)) / 2)) or 1.0
        row = {"covariate": c, "mean_treated": x[d == 1].mean(), "mean_comparison": x[d == 0].mean()}
        row["smd_raw"] = (row["mean_treated"] - row["mean_comparison"]) / sd
        if w is not None:
            t, k = (d == 1) & (w > 0), (d == 0) & (w > 0)
            treated_w = np.average(x[t], weights=w[t])
            row["mean_comparison_weighted"] = np.average(x[k], weights=w[k])
            row["smd_weighted"] = (treated_w - row["mean_comparison_weighted"]) / sd
        rows.append(row)
    return pd.DataFrame(rows)
