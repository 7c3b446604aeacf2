"""Confidence calibration: the confidence of an attribution is the precision
its rule achieved on PolNeAR train (an attribution counts as right when its cue
and its content each overlap those of one gold attribution by at least half
their words, the metric of the evaluation kit).  Rules that fired fewer than 20
times fall back to their family's precision.  Regenerate with
``python -m claims.extraction.calibrate --data DIR`` after behaviour changes.

Adjustments applied in engine.py on top of the table (multiplicative, because
they are independent failure modes measured by hand on the seed article and a
train sample): a speaker found through a pronoun or a definite description
x0.95, a mention whose name could not be resolved at all x0.9.
"""

from __future__ import annotations

# rule -> (precision on PolNeAR train, number of predictions it was measured on);
# measured on the first 250 train documents with extractor 2026.11.2.
RULE_PRECISION: dict[str, tuple[float, int]] = {
    "speech_subject_clause": (0.68, 1694),
    "continuation_quote": (0.18, 1117),
    "stance_subject_object": (0.39, 325),
    "stance_subject_clause": (0.40, 289),
    "speech_inherited_clause": (0.67, 190),
    "prep_subject": (0.44, 180),
    "speech_subject_object": (0.32, 126),
    "stance_inherited_object": (0.37, 89),
    "prep_inherited": (0.34, 87),
    "according_to": (0.77, 86),
    "stance_none_object": (0.14, 81),
    "speech_none_clause": (0.39, 75),
    "speech_subject_fronted": (0.19, 74),
    "colon_headline": (0.69, 58),  # measured with punctuation-aware cue matching
    "nominal": (0.16, 49),
    "speech_none_object": (0.11, 38),
    "speech_inherited_object": (0.26, 35),
    "stance_inherited_clause": (0.24, 25),
    "stance_passive_clause": (0.53, 17),
    "speech_postposed_clause": (0.65, 17),
    "stance_postposed_object": (0.15, 13),
    "stance_none_clause": (0.31, 13),
    "prep_postposed": (0.45, 11),
    "speech_subject_parenthetical": (0.78, 9),
    "speech_inherited_fronted": (0.00, 6),
    "stance_postposed_clause": (0.50, 6),
    "speech_passive_object": (0.67, 6),
    "speech_passive_clause": (0.60, 5),
    "speech_subject_following": (0.20, 5),
    "speech_passive_agent_fronted": (0.25, 4),
    "speech_postposed_object": (0.33, 3),
    "stance_passive_object": (0.00, 2),
    "speech_postposed_fronted": (0.00, 2),
    "speech_passive_agent_clause": (0.00, 1),
    "speech_inherited_following": (1.00, 1),
    "stance_subject_parenthetical": (0.00, 1),
}


# Family fallbacks (rule prefix before the first "_") and the last resort.
FAMILY_PRECISION: dict[str, float] = {
    "speech": 0.65,
    "stance": 0.35,
    "prep": 0.40,
    "according": 0.77,
    "colon": 0.69,
    "nominal": 0.16,
    "continuation": 0.18,
}
DEFAULT_PRECISION = 0.5
MIN_SUPPORT = 20


def rule_confidence(rule: str) -> float:
    measured = RULE_PRECISION.get(rule)
    if measured is not None and measured[1] >= MIN_SUPPORT:
        return measured[0]
    return FAMILY_PRECISION.get(rule.split("_", 1)[0], DEFAULT_PRECISION)
