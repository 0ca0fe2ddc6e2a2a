"""Estimators: thin wrappers over statsmodels, linearmodels and lifelines returning one result type."""

from .result import Estimate

__all__ = ["Estimate"]
