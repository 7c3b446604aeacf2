"""Confidence calibration: the confidence of an attribution is the precision
its rule achieved on PolNeAR train (an attribution counts as right when its cue,
its content and its speaker's mention each overlap those of one gold
attribution by at least half their words, the metric of the evaluation kit; a continuation, which has no
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
# measured on all 840 train documents with extractor 2026.11.5.
RULE_PRECISION: dict[str, tuple[float, int]] = {
    "speech_subject_clause": (0.82, 6840),
    "continuation_quote": (0.81, 4265),
    "stance_subject_object": (0.51, 1772),
    "stance_subject_clause": (0.55, 1279),
    "speech_inherited_clause": (0.61, 645),
    "prep_subject": (0.55, 474),
    "speech_subject_object": (0.56, 384),
    "stance_none_object": (0.28, 384),
    "according_to": (0.73, 370),
    "stance_inherited_object": (0.41, 341),
    "speech_none_clause": (0.41, 266),
    "speech_subject_parenthetical": (0.84, 266),
    "prep_inherited": (0.37, 186),
    "speech_subject_fronted": (0.50, 177),
    "colon_headline": (0.51, 153),
    "speech_none_object": (0.24, 112),
    "stance_inherited_clause": (0.38, 110),
    "speech_inherited_object": (0.26, 108),
    "stance_passive_clause": (0.43, 103),
    "speech_subject_as": (0.37, 92),
    "speech_after_quote": (0.47, 87),
    "stance_none_clause": (0.40, 86),
    "speech_frame_fronted": (0.24, 78),
    "nominal": (0.37, 75),
    "speech_postposed_clause": (0.29, 63),
    "speech_subject_complement": (0.57, 47),
    "colon_label": (0.34, 44),
    "stance_postposed_object": (0.22, 37),
    "speech_passive_clause": (0.50, 26),
    "prep_postposed": (0.30, 23),
    "stance_postposed_clause": (0.39, 23),
    "speech_subject_colon": (0.52, 21),
    "stance_expletive_clause": (0.43, 21),
    "stance_subject_parenthetical": (0.16, 19),
    "speech_passive_agent_fronted": (0.24, 17),
    "speech_postposed_fronted": (0.59, 17),
    "speech_inherited_fronted": (0.00, 16),
    "speech_passive_object": (0.40, 10),
    "speech_passive_agent_as": (0.60, 10),
    "speech_inherited_colon": (0.22, 9),
    "speech_inherited_complement": (0.33, 6),
    "speech_postposed_object": (0.60, 5),
    "speech_passive_agent_clause": (0.80, 5),
    "stance_passive_agent_object": (0.25, 4),
    "speech_inherited_as": (0.00, 3),
    "stance_passive_agent_clause": (0.00, 2),
    "speech_postposed_colon": (0.00, 1),
    "prep_passive_agent": (1.00, 1),
}


# Family fallbacks (rule prefix before the first "_") and the last resort.
FAMILY_PRECISION: dict[str, float] = {
    "speech": 0.74,
    "continuation": 0.81,
    "stance": 0.48,
    "prep": 0.49,
    "according": 0.73,
    "colon": 0.47,
    "nominal": 0.37,
}
DEFAULT_PRECISION = 0.5
MIN_SUPPORT = 20


def rule_confidence(rule: str) -> float:
    family = FAMILY_PRECISION.get(rule.split("_", 1)[0], DEFAULT_PRECISION)
    precision, support = RULE_PRECISION.get(rule, (family, 0))
    return (precision * support + family * MIN_SUPPORT) / (support + MIN_SUPPORT)
