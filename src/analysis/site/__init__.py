"""The site on top: build (execute, cache, publish), mkdocs-macros, mkdocs hooks, link check."""
