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
# measured on all 840 train documents with extractor 2026.11.6.
RULE_PRECISION: dict[str, tuple[float, int]] = {
    "speech_subject_clause": (0.83, 6878),
    "continuation_quote": (0.90, 4101),
    "stance_subject_object": (0.53, 1778),
    "stance_subject_clause": (0.58, 1127),
    "speech_inherited_clause": (0.56, 820),
    "speech_subject_object": (0.54, 587),
    "prep_subject": (0.58, 497),
    "stance_inherited_object": (0.38, 486),
    "according_to": (0.76, 372),
    "speech_inherited_object": (0.25, 279),
    "speech_subject_parenthetical": (0.84, 266),
    "prep_inherited": (0.40, 235),
    "stance_none_object": (0.25, 224),
    "stance_hedge_clause": (0.43, 176),
    "speech_none_clause": (0.43, 148),
    "nominal": (0.40, 144),
    "speech_subject_fronted": (0.74, 137),
    "speech_none_object": (0.18, 126),
    "stance_inherited_clause": (0.36, 121),
    "stance_unnamed_passive": (0.50, 119),
    "colon_headline": (0.63, 105),
    "stance_passive_clause": (0.43, 99),
    "speech_subject_as": (0.37, 92),
    "speech_after_quote": (0.81, 91),
    "stance_adjective": (0.67, 75),
    "stance_none_clause": (0.43, 63),
    "speech_subject_complement": (0.59, 46),
    "speech_subject_following": (0.35, 46),
    "stance_passive_object": (0.13, 45),
    "stance_participle_object": (0.46, 41),
    "speech_frame_opening": (0.44, 36),
    "speech_postposed_clause": (0.58, 31),
    "speech_frame_fronted": (0.70, 27),
    "speech_passive_clause": (0.50, 26),
    "colon_label": (0.52, 25),
    "stance_unnamed_adverb": (0.42, 24),
    "stance_made_clear": (0.79, 24),
    "stance_subject_parenthetical": (0.19, 21),
    "according_poll": (0.68, 19),
    "speech_subject_colon": (0.42, 19),
    "stance_postposed_object": (0.17, 18),
    "speech_passive_agent_fronted": (0.24, 17),
    "speech_inherited_fronted": (0.00, 16),
    "prep_postposed": (0.38, 16),
    "speech_passive_object": (0.53, 15),
    "stance_postposed_clause": (0.33, 12),
    "stance_unnamed_asked": (0.80, 10),
    "speech_passive_agent_as": (0.60, 10),
    "speech_inherited_colon": (0.11, 9),
    "speech_postposed_object": (0.14, 7),
    "speech_postposed_fronted": (0.33, 6),
    "speech_inherited_complement": (0.33, 6),
    "speech_passive_agent_clause": (0.80, 5),
    "stance_participle_clause": (0.40, 5),
    "stance_passive_agent_object": (0.25, 4),
    "speech_participle_clause": (1.00, 4),
    "speech_frame_colon": (0.00, 4),
    "speech_inherited_as": (0.00, 3),
    "speech_inherited_following": (0.00, 3),
    "stance_passive_agent_clause": (0.00, 2),
    "speech_passive_agent_object": (0.00, 2),
    "speech_participle_object": (0.00, 1),
    "speech_postposed_colon": (0.00, 1),
    "prep_passive_agent": (1.00, 1),
    "stance_expletive_clause": (0.00, 1),
}


# Family fallbacks (rule prefix before the first "_") and the last resort.
FAMILY_PRECISION: dict[str, float] = {
    "speech": 0.74,
    "stance": 0.49,
    "continuation": 0.90,
    "prep": 0.52,
    "according": 0.76,
    "nominal": 0.40,
    "colon": 0.61,
}
DEFAULT_PRECISION = 0.5
MIN_SUPPORT = 20


def rule_confidence(rule: str) -> float:
    family = FAMILY_PRECISION.get(rule.split("_", 1)[0], DEFAULT_PRECISION)
    precision, support = RULE_PRECISION.get(rule, (family, 0))
    return (precision * support + family * MIN_SUPPORT) / (support + MIN_SUPPORT)
