"""Signed quotations: a quotation followed by a dash and the name of whoever
said or wrote it, as in epigraphs and collected reader comments.

    “We will rebuild the bridge.” ― Ana Ruiz
    "Taxes are too high."
    - Senator Lee.

The dash is the cue, the name the source and the quotation before the dash
(which may run over several sentences and opens its line) the content.  Pure text matching, run
once per document (engine.py builds the attributions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The dash, the name (one to five capitalised words or initials), an optional
# handle, an optional short description after a comma ("-Mia Cole, Denver"),
# an optional date, and then the end of the line or the next quotation.
_NAME_WORD = r"[A-Z][\w.’'-]*"
SIGNATURE = re.compile(
    r"(?P<dash>[―—–]|(?<![\w-])-(?!-))[ \t\xa0]*"
    rf"(?P<name>{_NAME_WORD}(?:[ \t\xa0]+(?:{_NAME_WORD}|de|del|la|van|von|bin)){{0,4}})"
    r"(?:[ \t]*\(@\w+\))?"
    r"(?:,[^\n“\"<]{1,80}?)?"
    r"(?:[ \t]+[A-Z][a-z]+\.?[ \t]+\d{1,2},[ \t]+\d{4})?"
    r"[ \t\xa0]*\.?[ \t\xa0]*(?=\n|$|“|\")"
)
# A name made only of these is a sentence fragment, not a signature.
NOT_NAMES = frozenset({"The", "A", "An", "And", "But", "I", "It", "He", "She", "We", "They", "This", "That"})
MAX_QUOTATION_CHARS = 2000


@dataclass(frozen=True)
class Signature:
    cue: tuple[int, int]
    name: tuple[int, int]
    content: tuple[int, int]


def _quotation_before(text: str, dash: int) -> tuple[int, int] | None:
    """The quotation that ends right before the dash (blank lines may separate
    them) and opens its line, from its opening mark to its closing mark."""
    close = len(text[:dash].rstrip())
    if close == 0 or text[close - 1] not in '”"':
        return None
    line_start = text.rfind("\n", 0, close - 1) + 1
    opening = line_start + len(text[line_start:close]) - len(text[line_start:close].lstrip())
    # "”" opening a line is a mistyped "“".
    if text[opening] not in '“”"' or close - opening > MAX_QUOTATION_CHARS or close - opening < 8:
        return None
    return opening, close


def find_signatures(text: str) -> list[Signature]:
    """Every dash-and-name signature that closes a quotation."""
    found: list[Signature] = []
    if not any(dash in text for dash in "―—–-"):
        return found
    for match in SIGNATURE.finditer(text):
        name = match.group("name")
        if name.split()[0] in NOT_NAMES:
            continue
        dash = match.start("dash")
        content = _quotation_before(text, dash)
        if content is None:
            continue
        name_end = match.start("name") + len(name.rstrip(".,"))
        found.append(Signature((dash, match.end("dash")), (match.start("name"), name_end), content))
    return found
