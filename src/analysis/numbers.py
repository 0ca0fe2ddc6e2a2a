"""Compatibility entry point: ``analysis.numbers`` is :mod:`analysis.text.numbers` (same module object)."""

import sys

from .text import numbers as _module

sys.modules[__name__] = _module
