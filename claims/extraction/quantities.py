"""Quantities with units ("7,600 troops", "$2.5 million", "40 percent").

A quantity that is distributed ("3,800 servicemen ... in each of the regions")
carries a ``per`` span naming the distribution, so a later numeric check can
see that 2 regions x 3,800 = 7,600.  Dates and times are not quantities.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from .lexicon import WORD_NUMBERS
from .model import Quantity, TextSpan
from .sentences import text_of

MULTIPLIERS = {
    "hundred": 100.0,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "m": 1e6,
    "bn": 1e9,
    "k": 1e3,
}
CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB"}
PERCENT_WORDS = {"%", "percent", "per cent", "percentage"}
SKIP_ENTITY_TYPES = {"DATE", "TIME", "ORDINAL"}
NUMERIC = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?$")
PER_MARKER = re.compile(
    r"\b(?:in |for |to )?(?:each|every)(?: of the| of)?\s+\w+|\bper\s+\w+|\bapiece\b|\ba head\b", re.IGNORECASE
)


def number_value(token: Token) -> float | None:
    text = token.text.lower().replace(",", "")
    if NUMERIC.match(text):
        try:
            return float(text)
        except ValueError:
            return None
    if text in WORD_NUMBERS:
        return float(WORD_NUMBERS[text])
    return None


def _is_number(token: Token) -> bool:
    return token.ent_type_ not in SKIP_ENTITY_TYPES and number_value(token) is not None


def find_quantities(sent: Span, start: int, end: int) -> list[Quantity]:
    """Quantities inside the trimmed sentence [start, end) of ``sent``'s doc."""
    doc = sent.doc
    text = text_of(doc)
    quantities: list[Quantity] = []
    per_spans = [TextSpan(start + m.start(), start + m.end(), m.group(0)) for m in PER_MARKER.finditer(text[start:end])]
    index = sent.start
    while index < sent.end:
        token = doc[index]
        if not _is_number(token) or token.idx < start:
            index += 1
            continue
        value = number_value(token) or 0.0
        first = token
        last = token
        unit: str | None = None
        # Multipliers right after the number ("2.5 million").
        while last.i + 1 < sent.end and doc[last.i + 1].lower_ in MULTIPLIERS:
            value *= MULTIPLIERS[doc[last.i + 1].lower_]
            last = doc[last.i + 1]
        if first.i > sent.start and doc[first.i - 1].text in CURRENCY_SYMBOLS:
            unit = CURRENCY_SYMBOLS[doc[first.i - 1].text]
            first = doc[first.i - 1]
        elif last.i + 1 < sent.end and doc[last.i + 1].lower_ in PERCENT_WORDS:
            unit = "percent"
            last = doc[last.i + 1]
        else:
            head = token.head
            if token.dep_ in {"nummod", "quantmod", "compound"} and head.pos_ in {"NOUN", "PROPN"} and head.i > last.i:
                while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ in {"NOUN", "PROPN"}:
                    head = head.head
                unit = head.lower_  # as written: "troops", "servicemen"
                last = head
        if last.idx + len(last.text) > end:
            index = last.i + 1
            continue
        span_start = first.idx
        span_end = last.idx + len(last.text)
        quantities.append(
            Quantity(value=value, unit=unit, text=text[span_start:span_end], start=span_start, end=span_end)
        )
        index = last.i + 1
    return _attach_per_markers(quantities, per_spans)


def _attach_per_markers(quantities: list[Quantity], per_spans: list[TextSpan]) -> list[Quantity]:
    """A distribution marker belongs to the closest quantity before it."""
    result = list(quantities)
    for per in per_spans:
        before = [i for i, q in enumerate(result) if q.end <= per.start]
        if before:
            i = before[-1]
            q = result[i]
            result[i] = Quantity(q.value, q.unit, q.text, q.start, q.end, per)
    return result
