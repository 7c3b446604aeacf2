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
# measured on all 840 train documents with extractor 2026.11.9.  The learned
# gate's rules (learned_...) are measured cross-fitted: on each half of train
# with the gate fitted on the other half, as on articles it has never seen.
RULE_PRECISION: dict[str, tuple[float, int]] = {
    "speech_subject_clause": (0.86, 6863),
    "continuation_quote": (0.91, 4335),
    "stance_subject_object": (0.58, 1773),
    "stance_subject_clause": (0.64, 1183),
    "speech_inherited_clause": (0.66, 752),
    "speech_subject_object": (0.58, 578),
    "stance_inherited_object": (0.42, 483),
    "according_to": (0.76, 395),
    "learned_subject_object": (0.25, 358),
    "speech_subject_parenthetical": (0.84, 266),
    "speech_inherited_object": (0.34, 255),
    "learned_subject_prep": (0.59, 206),
    "prep_subject": (0.52, 198),
    "nominal_topic": (0.46, 196),
    "stance_hedge_clause": (0.43, 176),
    "prep_inherited": (0.41, 151),
    "stance_none_object": (0.31, 140),
    "speech_subject_fronted": (0.79, 138),
    "stance_inherited_clause": (0.45, 132),
    "nominal": (0.43, 130),
    "stance_subject_xprep": (0.43, 127),
    "learned_subject_clause": (0.38, 125),
    "colon_headline": (0.63, 115),
    "speech_after_quote": (0.85, 114),
    "speech_none_clause": (0.46, 111),
    "stance_adjective": (0.66, 107),
    "speech_subject_xprep": (0.45, 104),
    "speech_none_object": (0.25, 97),
    "stance_unnamed_passive": (0.46, 95),
    "stance_passive_clause": (0.57, 90),
    "stance_passive_agent_theme": (0.33, 86),
    "speech_subject_as": (0.47, 76),
    "stance_subject_xxcomp": (0.57, 67),
    "learned_subject_xcomp": (0.31, 61),
    "stance_subject_xobject": (0.46, 57),
    "stance_hedge_hedged": (0.57, 51),
    "nominal_that": (0.73, 48),
    "speech_subject_complement": (0.63, 46),
    "speech_subject_following": (0.41, 44),
    "stance_passive_xprep": (0.36, 44),
    "speech_questioned_clause": (0.76, 42),
    "speech_frame_opening": (0.59, 41),
    "stance_participle_object": (0.51, 41),
    "speech_subject_sayobject": (0.76, 38),
    "stance_passive_object": (0.25, 36),
    "stance_none_clause": (0.53, 36),
    "according_poll_inside": (0.56, 34),
    "learned_inherited_prep": (0.39, 31),
    "speech_passive_agent_theme": (0.18, 28),
    "speech_postposed_clause": (0.64, 28),
    "stance_inherited_xprep": (0.31, 26),
    "colon_label": (0.62, 26),
    "stance_made_clear": (0.76, 25),
    "speech_frame_fronted": (0.67, 24),
    "speech_passive_clause": (0.61, 23),
    "stance_subject_gerund": (0.59, 22),
    "speech_headline_verb": (0.52, 21),
    "stance_unnamed_adverb": (0.43, 21),
    "stance_subject_parenthetical": (0.15, 20),
    "according_poll": (0.70, 20),
    "prep_questioned": (0.60, 20),
    "prep_subject_clause": (0.74, 19),
    "speech_passive_xprep": (0.42, 19),
    "speech_inherited_quoteafter": (0.39, 18),
    "speech_subject_colon": (0.50, 18),
    "speech_inherited_fronted": (0.00, 15),
    "speech_passive_agent_fronted": (0.60, 15),
    "speech_passive_object": (0.53, 15),
    "stance_postposed_object": (0.20, 15),
    "according_view": (0.47, 15),
    "stance_inherited_xxcomp": (0.47, 15),
    "colon_digest_quote": (0.86, 14),
    "prep_postposed": (0.38, 13),
    "learned_inherited_object": (0.38, 13),
    "stance_postposed_clause": (0.33, 12),
    "learned_passive_prep": (0.25, 12),
    "stance_unnamed_asked": (0.82, 11),
    "speech_passive_agent_as": (0.55, 11),
    "learned_passive_xcomp": (0.09, 11),
    "speech_phrase_clause": (0.70, 10),
    "learned_none_prep": (0.50, 10),
    "speech_contrast_clause": (0.89, 9),
    "speech_frame_colon": (0.50, 8),
    "speech_inherited_sayobject": (0.38, 8),
    "speech_inherited_colon": (0.29, 7),
    "stance_participle_clause": (0.43, 7),
    "speech_controlled_clause": (0.71, 7),
    "speech_signed_quotation": (1.00, 7),
    "speech_postposed_fronted": (0.33, 6),
    "speech_inherited_complement": (0.33, 6),
    "speech_passive_xxcomp": (0.50, 6),
    "speech_afterquote_clause": (0.83, 6),
    "learned_none_clause": (0.33, 6),
    "prep_controlled": (0.40, 5),
    "speech_passive_agent_clause": (1.00, 5),
    "speech_postposed_object": (0.20, 5),
    "speech_expletive_clause": (0.20, 5),
    "stance_expletive_object": (0.25, 4),
    "speech_participle_clause": (1.00, 4),
    "stance_expletive_clause": (0.00, 4),
    "learned_passive_clause": (0.25, 4),
    "speech_inherited_as": (0.00, 3),
    "stance_passive_agent_object": (0.33, 3),
    "speech_inherited_following": (0.00, 3),
    "speech_controlled_object": (0.00, 3),
    "stance_phrase_object": (1.00, 2),
    "speech_contrast_object": (0.50, 2),
    "speech_subject_quoteafter": (1.00, 2),
    "stance_passive_agent_clause": (0.00, 2),
    "speech_passive_agent_object": (0.00, 2),
    "learned_postposed_clause": (1.00, 2),
    "learned_none_object": (0.50, 2),
    "learned_inherited_xcomp": (0.00, 2),
    "speech_transcript_follows": (1.00, 1),
    "speech_participle_object": (0.00, 1),
    "speech_postposed_colon": (1.00, 1),
    "speech_phrase_object": (0.00, 1),
    "speech_expletive_object": (1.00, 1),
    "speech_questioned_object": (1.00, 1),
    "speech_afterquote_parenthetical": (1.00, 1),
    "learned_postposed_xcomp": (0.00, 1),
    "learned_questioned_prep": (1.00, 1),
    "learned_subject_parenthetical": (0.00, 1),
    "learned_postposed_object": (0.00, 1),
    "learned_passive_agent_xcomp": (0.00, 1),
    "learned_postposed_prep": (1.00, 1),
    "learned_passive_agent_clause": (0.00, 1),
}


# Family fallbacks (rule prefix before the first "_") and the last resort.
FAMILY_PRECISION: dict[str, float] = {
    "speech": 0.78,
    "stance": 0.54,
    "continuation": 0.91,
    "learned": 0.37,
    "according": 0.73,
    "prep": 0.49,
    "nominal": 0.48,
    "colon": 0.65,
}
DEFAULT_PRECISION = 0.5
MIN_SUPPORT = 20


def rule_confidence(rule: str) -> float:
    family = FAMILY_PRECISION.get(rule.split("_", 1)[0], DEFAULT_PRECISION)
    precision, support = RULE_PRECISION.get(rule, (family, 0))
    return (precision * support + family * MIN_SUPPORT) / (support + MIN_SUPPORT)
