"""The Jiamusi speech: cleaning the scraped page, its figures and the indicators derived from them.

``analysis.speech.clean_text`` and ``analysis.speech.extract_figures`` are public entry points
(the extractor itself lives in :mod:`analysis.text.figures`; it works on any Chinese text).
"""

from ..text.figures import FIGURE_COLUMNS, extract_figures
from .clean import clean_text, paragraphs
from .indicators import (
    ANNOTATION_COLUMNS,
    CATEGORIES,
    LEVER_PROGRAMME_TYPES,
    LEVER_VOCABULARY,
    LEVERS,
    NON_LEVER_CATEGORIES,
    annotate,
    derived_indicators,
    figure_value,
    listed_money,
    load_annotations,
    speech_figures,
    speech_text,
)

__all__ = [
    "ANNOTATION_COLUMNS",
    "CATEGORIES",
    "FIGURE_COLUMNS",
    "LEVER_PROGRAMME_TYPES",
    "LEVER_VOCABULARY",
    "LEVERS",
    "NON_LEVER_CATEGORIES",
    "annotate",
    "clean_text",
    "derived_indicators",
    "extract_figures",
    "figure_value",
    "listed_money",
    "load_annotations",
    "paragraphs",
    "speech_figures",
    "speech_text",
]
