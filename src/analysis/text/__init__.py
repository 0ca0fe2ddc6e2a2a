"""Text layer: one grammar for numbers, figure extraction from any Chinese text, reading files with human errors."""

from .evaluation import heldout_scores
from .figures import EXTRACTOR_VERSION, FIGURE_COLUMNS, KINDS, extract_figures
from .numbers import parse_figure, parse_number
from .reading import InputError, read_text

__all__ = [
    "EXTRACTOR_VERSION",
    "FIGURE_COLUMNS",
    "KINDS",
    "InputError",
    "extract_figures",
    "heldout_scores",
    "parse_figure",
    "parse_number",
    "read_text",
]
