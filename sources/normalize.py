"""Alias normalisation: one key for every spelling of a source's name.

"Sergey Lavrov", "sergey  lavrov", "Sergei Lavrov." and "Сергей Лавров" all
become ``sergey lavrov``-like keys: case folded, punctuation dropped, diacritics
stripped, Cyrillic transliterated, a leading "the" dropped.
"""

from __future__ import annotations

import re
import unicodedata

# Scholarly-news transliteration (close to BGN/PCGN, the one newspapers use).
_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
}
# Spellings that vary between transliteration systems map to one form.
_VARIANTS = [(re.compile(r"ei\b"), "ey"), (re.compile(r"iy\b"), "y"), (re.compile(r"yy\b"), "y")]


def normalize_alias(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(_CYRILLIC.get(ch, ch) for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"^\s*the\s+", "", text)
    words = text.split()
    normalized = " ".join(words)
    for pattern, replacement in _VARIANTS:
        normalized = pattern.sub(replacement, normalized)
    return normalized


def surname_key(name: str) -> str | None:
    """The last word of a multi-word personal name ("Sergey Lavrov" -> "lavrov")."""
    words = normalize_alias(name).split()
    return words[-1] if len(words) > 1 else None
