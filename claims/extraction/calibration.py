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
# measured on all 840 train documents with extractor 2026.11.7.
RULE_PRECISION: dict[str, tuple[float, int]] = {
    "speech_subject_clause": (0.84, 6912),
    "continuation_quote": (0.90, 4162),
    "stance_subject_object": (0.56, 1794),
    "stance_subject_clause": (0.61, 1174),
    "speech_inherited_clause": (0.63, 780),
    "speech_subject_object": (0.58, 587),
    "prep_subject": (0.59, 489),
    "stance_inherited_object": (0.39, 487),
    "according_to": (0.76, 397),
    "speech_inherited_object": (0.31, 277),
    "speech_subject_parenthetical": (0.84, 265),
    "stance_none_object": (0.24, 219),
    "prep_inherited": (0.40, 215),
    "stance_hedge_clause": (0.42, 177),
    "nominal": (0.40, 145),
    "speech_subject_fronted": (0.74, 139),
    "stance_inherited_clause": (0.36, 124),
    "speech_none_object": (0.20, 124),
    "stance_unnamed_passive": (0.49, 120),
    "speech_none_clause": (0.42, 115),
    "colon_headline": (0.62, 112),
    "stance_passive_clause": (0.52, 99),
    "speech_after_quote": (0.83, 98),
    "speech_subject_as": (0.38, 93),
    "stance_adjective": (0.65, 78),
    "stance_none_clause": (0.42, 57),
    "speech_frame_opening": (0.54, 52),
    "speech_subject_complement": (0.61, 46),
    "stance_passive_object": (0.20, 45),
    "speech_subject_following": (0.41, 44),
    "speech_questioned_clause": (0.76, 42),
    "stance_participle_object": (0.50, 42),
    "speech_subject_sayobject": (0.76, 38),
    "according_poll_inside": (0.56, 34),
    "speech_frame_fronted": (0.71, 31),
    "speech_postposed_clause": (0.63, 27),
    "speech_passive_clause": (0.54, 26),
    "stance_made_clear": (0.76, 25),
    "colon_label": (0.52, 25),
    "stance_subject_parenthetical": (0.19, 21),
    "stance_unnamed_adverb": (0.43, 21),
    "according_poll": (0.70, 20),
    "prep_questioned": (0.60, 20),
    "prep_subject_clause": (0.68, 19),
    "stance_subject_gerund": (0.63, 19),
    "speech_subject_colon": (0.50, 18),
    "speech_passive_agent_fronted": (0.53, 17),
    "prep_postposed": (0.38, 16),
    "speech_inherited_fronted": (0.00, 15),
    "speech_passive_object": (0.53, 15),
    "stance_postposed_object": (0.20, 15),
    "according_view": (0.47, 15),
    "stance_postposed_clause": (0.33, 12),
    "stance_unnamed_asked": (0.82, 11),
    "speech_passive_agent_as": (0.55, 11),
    "speech_phrase_clause": (0.60, 10),
    "speech_contrast_clause": (0.89, 9),
    "speech_frame_colon": (0.50, 8),
    "speech_inherited_sayobject": (0.38, 8),
    "speech_inherited_colon": (0.29, 7),
    "stance_participle_clause": (0.43, 7),
    "speech_signed_quotation": (1.00, 7),
    "speech_postposed_fronted": (0.33, 6),
    "speech_inherited_complement": (0.33, 6),
    "speech_afterquote_clause": (0.83, 6),
    "speech_passive_agent_clause": (1.00, 5),
    "speech_postposed_object": (0.20, 5),
    "speech_participle_clause": (1.00, 4),
    "speech_inherited_as": (0.00, 3),
    "stance_passive_agent_object": (0.33, 3),
    "speech_inherited_following": (0.00, 3),
    "stance_phrase_object": (1.00, 2),
    "speech_contrast_object": (0.50, 2),
    "stance_passive_agent_clause": (0.00, 2),
    "speech_passive_agent_object": (0.00, 2),
    "speech_participle_object": (0.00, 1),
    "speech_postposed_colon": (0.00, 1),
    "prep_passive_agent": (1.00, 1),
    "speech_phrase_object": (0.00, 1),
    "stance_expletive_clause": (0.00, 1),
    "speech_questioned_object": (1.00, 1),
    "speech_afterquote_parenthetical": (1.00, 1),
}


# Family fallbacks (rule prefix before the first "_") and the last resort.
FAMILY_PRECISION: dict[str, float] = {
    "speech": 0.76,
    "stance": 0.52,
    "continuation": 0.90,
    "prep": 0.53,
    "according": 0.73,
    "nominal": 0.40,
    "colon": 0.60,
}
DEFAULT_PRECISION = 0.5
MIN_SUPPORT = 20


def rule_confidence(rule: str) -> float:
    family = FAMILY_PRECISION.get(rule.split("_", 1)[0], DEFAULT_PRECISION)
    precision, support = RULE_PRECISION.get(rule, (family, 0))
    return (precision * support + family * MIN_SUPPORT) / (support + MIN_SUPPORT)
