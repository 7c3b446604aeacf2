"""Confidence calibration: the confidence of an attribution is the precision
its rule achieved on PolNeAR train (an attribution counts as right when its cue
and its content each overlap those of one gold attribution by at least half
their words, the metric of the evaluation kit; a continuation, which has no
cue, counts as right when a gold attribution covering its sentence has a source
overlapping its mention that way).  A rule's measured precision is shrunk
toward its family's with the weight of 20 predictions, so a rule seen a handful
of times mostly takes its family's figure.  Regenerate with
``python -m claims.extraction.calibrate --data DIR`` after behaviour changes.

Adjustments applied in engine.py on top of the table (multiplicative, because
they are independent failure modes measured by hand on the seed article and a
train sample): a speaker found through a pronoun or a definite description
x0.95, a mention whose name could not be resolved at all x0.9.  A continuation
is never surer than 0.9 x the attribution it continues.
"""

from __future__ import annotations

# rule -> (precision on PolNeAR train, number of predictions it was measured on);
# measured on all 840 train documents with extractor 2026.11.4.
RULE_PRECISION: dict[str, tuple[float, int]] = {
    "speech_subject_clause": (0.85, 6814),
    "continuation_quote": (0.78, 4248),
    "stance_subject_object": (0.55, 1604),
    "stance_subject_clause": (0.56, 1396),
    "speech_inherited_clause": (0.74, 611),
    "prep_subject": (0.59, 471),
    "speech_subject_object": (0.59, 380),
    "according_to": (0.79, 373),
    "stance_inherited_object": (0.51, 324),
    "speech_subject_parenthetical": (0.84, 265),
    "speech_none_clause": (0.43, 242),
    "prep_inherited": (0.47, 186),
    "speech_subject_fronted": (0.49, 176),
    "colon_headline": (0.48, 155),
    "stance_inherited_clause": (0.46, 115),
    "stance_passive_clause": (0.42, 107),
    "speech_inherited_object": (0.34, 99),
    "stance_none_clause": (0.39, 96),
    "nominal": (0.35, 79),
    "speech_postposed_clause": (0.67, 63),
    "speech_subject_complement": (0.63, 46),
    "stance_postposed_object": (0.45, 33),
    "prep_postposed": (0.68, 25),
    "speech_passive_clause": (0.52, 25),
    "stance_subject_parenthetical": (0.17, 24),
    "stance_postposed_clause": (0.57, 23),
    "stance_expletive_clause": (0.45, 22),
    "speech_subject_following": (0.23, 22),
    "speech_subject_colon": (0.55, 20),
    "speech_postposed_fronted": (0.61, 18),
    "speech_inherited_fronted": (0.00, 15),
    "speech_passive_agent_fronted": (0.27, 15),
    "speech_passive_object": (0.44, 9),
    "speech_inherited_colon": (0.25, 8),
    "speech_inherited_complement": (0.50, 6),
    "stance_passive_object": (0.00, 5),
    "speech_postposed_object": (0.60, 5),
    "speech_passive_agent_clause": (0.67, 3),
    "speech_inherited_following": (0.50, 2),
    "stance_passive_agent_clause": (0.00, 2),
    "speech_postposed_colon": (0.00, 1),
    "prep_passive_agent": (1.00, 1),
}


# Family fallbacks (rule prefix before the first "_") and the last resort.
FAMILY_PRECISION: dict[str, float] = {
    "speech": 0.80,
    "continuation": 0.78,
    "stance": 0.53,
    "prep": 0.56,
    "according": 0.79,
    "colon": 0.48,
    "nominal": 0.35,
}
DEFAULT_PRECISION = 0.5
MIN_SUPPORT = 20


def rule_confidence(rule: str) -> float:
    family = FAMILY_PRECISION.get(rule.split("_", 1)[0], DEFAULT_PRECISION)
    precision, support = RULE_PRECISION.get(rule, (family, 0))
    return (precision * support + family * MIN_SUPPORT) / (support + MIN_SUPPORT)
