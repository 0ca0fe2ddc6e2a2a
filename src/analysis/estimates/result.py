"""One result type for every estimator."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .. import results


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its uncertainty.

    Attributes
    ----------
    estimate, se
        Point estimate and standard error.
    ci_low, ci_high
        95% interval.
    n
        Observations used.
    method
        Estimator and kind of standard error, in words.
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    n: int
    method: str

    def scaled(self, factor: float) -> Estimate:
        """The same estimate in other units (e.g. thousands of USD -> USD: ``scaled(1000)``)."""
        if factor <= 0:
            raise ValueError(f"scale factor must be positive (got {factor}); a negative one would swap the interval")
        return Estimate(self.estimate * factor, self.se * factor, self.ci_low * factor, self.ci_high * factor,
                        self.n, self.method)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict of the fields (for tables and plots)."""
        return asdict(self)

    def record(self, key: str, *, unit: str, source: str, note: str | None = None) -> dict[str, Any]:
        """Write to the results store under ``key`` (value, unit, ci, se, n, source; method in the note).

        Parameters
        ----------
        key
            Dotted results key, e.g. ``"training.nsw_experimental_ate"``.
        unit
            Unit of the estimate in words, e.g. ``"USD (1982 dollars)"``.
        source
            Data and design.
        note
            Appended to the method description.
        """
        text = self.method + (f"; {note}" if note else "")
        return results.record(key, self.estimate, unit=unit, ci=(self.ci_low, self.ci_high), se=self.se,
                              n=self.n, source=source, note=text)


