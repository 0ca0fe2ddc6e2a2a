"""Presentation primitives: plots (one style file), tables formatted by type, HTML fragments via Jinja2."""
