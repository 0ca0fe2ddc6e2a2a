"""The site on top: build (execute, cache, publish), mkdocs-macros, link check."""
