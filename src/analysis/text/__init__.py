"""Text layer: one grammar for numbers, figure extraction from any Chinese text, reading files with human errors."""

from .figures import FIGURE_COLUMNS, extract_figures
from .numbers import parse_figure, parse_number
from .reading import InputError, read_text

__all__ = ["FIGURE_COLUMNS", "InputError", "extract_figures", "parse_figure", "parse_number", "read_text"]
