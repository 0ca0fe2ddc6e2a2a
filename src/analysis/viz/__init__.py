"""Presentation primitives: plots (one style file), tables formatted by type, HTML fragments via Jinja2."""

# Importing any part of viz applies the package's one chart style (and registers the CJK font), so a
# notebook that draws with matplotlib directly after ``from analysis.viz import tables`` gets it too.
from . import plots as _plots  # noqa: F401
