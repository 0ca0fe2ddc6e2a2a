"""One result type for every estimator: :class:`Estimate`.

Every estimator of the package (training, panel, survival, the cross-place slopes and the
synthesis arithmetic) returns an :class:`Estimate`: the point estimate, its standard error of a
named variance type, the 95% interval *from the fitted model* (``conf_int()``, so t with the
model's residual degrees of freedom where the library uses t, z where it uses z), the sample
size and the number of clusters. The same coefficient under other variance types (clustered,
HC3, bootstrap) travels with it in ``alternatives``, so a notebook never refits a model to get a
second standard error. :meth:`Estimate.record` writes it to the results store in the one record
shape (DESIGN §4).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .. import results

__all__ = ["Estimate"]

_NumberOrNone = float | None


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its uncertainty.

    Attributes
    ----------
    value
        Point estimate.
    se
        Standard error of type ``se_type`` (None where only an interval exists, e.g. a percentile
        bootstrap without a usable se).
    ci
        95% interval ``(low, high)``; a bound is None where it does not exist (one-sided).
    se_type
        Variance type in words the record keeps: ``"HC1"``, ``"HC3"``, ``"conventional"``,
        ``"cluster(fcode)"``, ``"bootstrap"``, ``"wild cluster bootstrap"``, ``"delta method"``...
    n
        Observations used.
    clusters
        Number of clusters when ``se_type`` is a cluster-robust type.
    df_resid
        Degrees of freedom of the t distribution behind ``ci`` (None: normal).
    method
        Estimator and specification, in words.
    rsquared
        R² of the fitted model, where it has one (within R² for fixed effects).
    alternatives
        The same coefficient under other variance types, keyed by ``se_type``.
    """

    value: float
    se: _NumberOrNone
    ci: tuple[_NumberOrNone, _NumberOrNone]
    se_type: str
    n: int | None = None
    clusters: int | None = None
    df_resid: float | None = None
    method: str = ""
    alternatives: Mapping[str, Estimate] = field(default_factory=dict)
    rsquared: float | None = None

    def __post_init__(self) -> None:
        lo, hi = self.ci
        if lo is not None and hi is not None and lo > hi:
            raise ValueError(f"interval bounds out of order: ({lo}, {hi})")
        for name, x in (("value", self.value), ("se", self.se), ("ci low", lo), ("ci high", hi)):
            if x is not None and not math.isfinite(float(x)):
                raise ValueError(f"{name} is not finite ({x!r}); use None for a missing bound")

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_fit(
        cls,
        fit: Any,
        term: str,
        *,
        se_type: str,
        method: str,
        n: int | None = None,
        clusters: int | None = None,
    ) -> Estimate:
        """The coefficient ``term`` of a fitted statsmodels or linearmodels model.

        The interval is the fit's own ``conf_int()`` (statsmodels: t with ``df_resid`` for
        conventional OLS, t for HC covariances when ``use_t``; linearmodels: its own choice),
        never a hard-coded normal quantile.
        """
        params = fit.params
        if term not in params.index:
            raise KeyError(
                f"the fitted model has no term {term!r} (terms: {', '.join(map(str, params.index))})"
            )
        bse = fit.std_errors if hasattr(fit, "std_errors") else fit.bse
        lo, hi = (float(v) for v in fit.conf_int().loc[term])
        # statsmodels says whether its interval used t (use_t; cluster-robust fits then use G - 1 degrees
        # of freedom, df_resid_inference); linearmodels uses t(df_resid) when the fit is debiased
        use_t = bool(getattr(fit, "use_t", False)) or bool(getattr(fit, "_debiased", False))
        df = getattr(fit, "df_resid_inference", None) or getattr(fit, "df_resid", None)
        nobs = n if n is not None else int(getattr(fit, "nobs", 0)) or None
        r2 = getattr(fit, "rsquared", None)
        return cls(
            float(params[term]),
            float(bse[term]),
            (lo, hi),
            se_type,
            nobs,
            clusters,
            float(df) if use_t and df is not None else None,
            method,
            rsquared=None if r2 is None else float(r2),
        )

    def with_alternative(self, other: Estimate) -> Estimate:
        """This estimate carrying ``other`` (same coefficient, another variance type)."""
        return replace(self, alternatives={**self.alternatives, other.se_type: other})

    def alternative(self, se_type: str) -> Estimate:
        """The same coefficient under variance type ``se_type``."""
        if se_type == self.se_type:
            return self
        try:
            return self.alternatives[se_type]
        except KeyError:
            known = ", ".join([self.se_type, *self.alternatives]) or "none"
            raise KeyError(f"no {se_type!r} variance for this estimate (known: {known})") from None

    def scaled(self, factor: float) -> Estimate:
        """The same estimate in other units (thousands of USD -> USD: ``scaled(1000)``)."""
        if factor <= 0:
            raise ValueError(
                f"scale factor must be positive (got {factor}); a negative one would swap the interval"
            )

        def s(x: _NumberOrNone) -> _NumberOrNone:
            return None if x is None else x * factor

        return replace(
            self,
            value=self.value * factor,
            se=s(self.se),
            ci=(s(self.ci[0]), s(self.ci[1])),
            alternatives={k: v.scaled(factor) for k, v in self.alternatives.items()},
        )

    # ------------------------------------------------------------------ reading

    @property
    def excludes_zero(self) -> bool:
        """True when the 95% interval lies wholly on one side of zero."""
        lo, hi = self.ci
        return (lo is not None and lo > 0) or (hi is not None and hi < 0)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for tables: value, se, ci_low, ci_high, se_type, n, clusters, method."""
        return {
            "value": self.value,
            "se": self.se,
            "ci_low": self.ci[0],
            "ci_high": self.ci[1],
            "se_type": self.se_type,
            "n": self.n,
            "clusters": self.clusters,
            "method": self.method,
        }

    def describe_alternatives(self) -> str:
        """One clause per alternative variance type, e.g. ``cluster(fcode) se 0.12, 95% -0.31 to 0.17``."""
        parts = []
        for kind, alt in self.alternatives.items():
            lo, hi = alt.ci
            interval = f"{lo:.3g} to {hi:.3g}" if lo is not None and hi is not None else "one-sided"
            se = f"se {alt.se:.3g}, " if alt.se is not None else ""
            groups = f" ({alt.clusters} clusters)" if alt.clusters else ""
            parts.append(f"{kind}{groups}: {se}95% {interval}")
        return "; ".join(parts)

    def record(
        self,
        key: str,
        *,
        unit: str,
        source: str,
        note: str | None = None,
        transferred: bool = False,
        descriptive: bool = False,
    ) -> dict[str, Any]:
        """Write to the results store under ``key`` in the one record shape.

        The note keeps the method and every alternative variance type, so a reader sees the
        clustered interval beside the conventional one without a second key.
        """
        text = "; ".join(p for p in (note, self.method, self.describe_alternatives()) if p)
        return results.record(
            key,
            self.value,
            unit=unit,
            source=source,
            ci=self.ci,
            se=self.se,
            se_type=self.se_type,
            n=self.n,
            clusters=self.clusters,
            note=text or None,
            transferred=transferred,
            descriptive=descriptive,
        )
