"""Check-worthiness: how much a sentence deserves a fact-checker's time.

The rule (additive, clipped to [0, 1], rounded to 2 decimals):

    0.30  base
  + 0.25  it states a quantity ("7,600 troops", "40 percent")
  + 0.15  it names places, organisations or people
  + 0.10  it carries a date
  + 0.10  it is attributed with a reporting verb (someone is on record)
  + 0.05  it is long enough to be specific (>= 12 words)
  - 0.20  it hedges ("may", "reportedly", "seems")
  - 0.20  it is opinion ("should", "terrible", first person "I think")
  - 0.15  it is a question
  - 0.20  it is procedural ("declined to comment", "met on Tuesday") and
          states no quantity
  - 0.25  it is very short (< 6 words)

Factual, specific, numeric claims land high; opinions, hedges and procedure
land low.  The weights are hand-set to order sentences, not probabilities.
"""

from __future__ import annotations

import re

from .lexicon import HEDGES, OPINION_WORDS, PROCEDURAL_WORDS

WORD = re.compile(r"[A-Za-z']+")
FIRST_PERSON_OPINION = re.compile(r"\b(?:I|we) (?:think|believe|feel|hope|guess|wish)\b", re.IGNORECASE)


def checkworthiness(
    text: str,
    *,
    has_quantity: bool,
    has_entity: bool,
    has_date: bool,
    is_attributed: bool,
) -> float:
    words = [w.lower() for w in WORD.findall(text)]
    word_set = set(words)
    score = 0.30
    if has_quantity:
        score += 0.25
    if has_entity:
        score += 0.15
    if has_date:
        score += 0.10
    if is_attributed:
        score += 0.10
    if len(words) >= 12:
        score += 0.05
    if word_set & HEDGES:
        score -= 0.20
    if word_set & OPINION_WORDS or FIRST_PERSON_OPINION.search(text):
        score -= 0.20
    if text.rstrip().endswith("?"):
        score -= 0.15
    if word_set & PROCEDURAL_WORDS and not has_quantity:
        score -= 0.20
    if len(words) < 6:
        score -= 0.25
    return round(min(1.0, max(0.0, score)), 2)
