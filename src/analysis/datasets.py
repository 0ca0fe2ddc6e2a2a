"""Compatibility entry point: ``analysis.datasets`` is :mod:`analysis.data.datasets` (same module object)."""

import sys

from .data import datasets as _module

sys.modules[__name__] = _module
