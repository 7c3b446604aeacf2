"""Attribution extraction engine: who said what, where and when, in an article.

Pure Python on spaCy; no Django import.  See README.md for the output schema.
"""

from .engine import (
    DEFAULT_MAX_CHARS,
    DEFAULT_MODEL,
    EXTRACTOR_VERSION,
    Extractor,
    InputTooLarge,
    get_extractor,
)
from .model import (
    Attribution,
    Entity,
    ExtractedDocument,
    ExtractedSentence,
    Hop,
    Quantity,
    Speaker,
    TextSpan,
)

__all__ = [
    "DEFAULT_MAX_CHARS",
    "DEFAULT_MODEL",
    "EXTRACTOR_VERSION",
    "Attribution",
    "Entity",
    "ExtractedDocument",
    "ExtractedSentence",
    "Extractor",
    "Hop",
    "InputTooLarge",
    "Quantity",
    "Speaker",
    "TextSpan",
    "get_extractor",
]
