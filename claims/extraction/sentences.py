"""Sentence boundaries with exact offsets.

spaCy's parser decides most boundaries; a small component placed before it
("boundary_hints") pins down what the statistical model gets wrong in news
copy: a line break always ends a sentence, a closing quotation mark stays with
the sentence it closes, and a period after a title, a month abbreviation or an
initial ("Gen.", "Sept.", "John F. Kennedy") never ends one.

"Tile" contract (asserted by the property tests): sentences are ordered and
non-overlapping, each starts and ends on a non-whitespace character, and every
non-whitespace character of the text lies in exactly one sentence.  Whitespace
between sentences belongs to none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

BOUNDARY_COMPONENT = "boundary_hints"

# Abbreviations that are followed by a name or a number far more often than
# they end a sentence in news text.
NON_FINAL_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "adm",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "pres",
        "supt",
        "insp",
        "det",
        "st",
        "ft",
        "mt",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "nos",
        "vol",
        "fig",
        "approx",
        "dept",
        "est",
        "vs",
        "v",
    ]
)
OPENING_QUOTES = frozenset("“‘«‹„")
CLOSING_QUOTES = frozenset("”’»›")
INITIAL = re.compile(r"^[A-Z]\.$")


def _is_closing_straight_quote(doc: Doc, index: int) -> bool:
    """A straight quote glued to the preceding punctuation closes a quotation."""
    if index == 0:
        return False
    previous = doc[index - 1]
    return previous.whitespace_ == "" and previous.text[-1:] in ".!?,;:"


@Language.component(BOUNDARY_COMPONENT)
def boundary_hints(doc: Doc) -> Doc:
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            if not token.is_space:
                token.is_sent_start = True
            continue
        if token.is_space:
            continue
        if token.text in CLOSING_QUOTES or (token.text in {'"', "'"} and _is_closing_straight_quote(doc, token.i)):
            token.is_sent_start = False
            continue
        if previous.text.endswith("."):
            stem = previous.text[:-1].lower()
            if (stem in NON_FINAL_ABBREVIATIONS and (token.text[:1].isupper() or token.text[:1].isdigit())) or (
                INITIAL.match(previous.text) and token.text[:1].isupper()
            ):
                token.is_sent_start = False
        elif previous.text.lower() in NON_FINAL_ABBREVIATIONS and token.text == ".":
            token.is_sent_start = False
    return doc


def text_of(doc: Doc) -> str:
    """The doc's text, built once: ``Doc.text`` re-joins every token on each access."""
    cached = doc.user_data.get(_TEXT_KEY)
    if not isinstance(cached, str):
        cached = doc.text
        doc.user_data[_TEXT_KEY] = cached
    return cached


_TEXT_KEY = "claims.extraction.text"


def trimmed_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(doc: Doc) -> Iterator[tuple[Span, int, int]]:
    """Yield (parser sentence, start, end) with whitespace trimmed off both ends;
    whitespace-only sentences are skipped."""
    text = text_of(doc)
    for sent in doc.sents:
        start, end = trimmed_bounds(text, sent.start_char, sent.end_char)
        if start < end:
            yield sent, start, end


def chunk_bounds(text: str, max_chunk: int) -> list[tuple[int, int]]:
    """Cut a long text into pieces of at most ``max_chunk`` characters, preferring
    paragraph breaks, then any whitespace, so spaCy never sees a giant doc.
    The pieces cover the text exactly."""
    bounds: list[tuple[int, int]] = []
    start = 0
    length = len(text)
    while length - start > max_chunk:
        limit = start + max_chunk
        cut = text.rfind("\n", start + max_chunk // 2, limit)
        if cut == -1:
            window = text[start + max_chunk // 2 : limit]
            spaces = [m.start() for m in re.finditer(r"\s", window)]
            cut = start + max_chunk // 2 + spaces[-1] if spaces else limit
        cut = max(cut, start + 1)
        bounds.append((start, cut))
        start = cut
    bounds.append((start, length))
    return bounds
