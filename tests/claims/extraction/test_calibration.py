"""The calibration table: a rule's confidence is its measured precision shrunk
toward its family's, and the listed-verb model's rescued rules are their own family."""

from claims.extraction.calibration import (
    FAMILY_PRECISION,
    MIN_SUPPORT,
    RULE_PRECISION,
    rule_confidence,
    rule_family,
)


def test_a_rule_is_shrunk_toward_its_family_by_its_support():
    precision, support = RULE_PRECISION["speech_subject_clause"]
    family = FAMILY_PRECISION["speech"]
    expected = (precision * support + family * MIN_SUPPORT) / (support + MIN_SUPPORT)
    assert rule_confidence("speech_subject_clause") == expected


def test_rescued_rules_form_their_own_family():
    assert rule_family("speech_subject_clause") == "speech"
    assert rule_family("learned_subject_prep") == "learned"
    assert rule_family("speech_subject_clause_rescued") == "rescued"
    # An unmeasured rescued rule takes the rescued family's figure, well under the rule it was rescued from.
    assert rule_confidence("speech_never_seen_rescued") == FAMILY_PRECISION["rescued"]
    assert FAMILY_PRECISION["rescued"] < FAMILY_PRECISION["speech"]


def test_every_measured_precision_is_a_probability_with_support():
    for rule, (precision, support) in RULE_PRECISION.items():
        assert 0.0 <= precision <= 1.0, rule
        assert support > 0, rule
        assert 0.0 <= rule_confidence(rule) <= 1.0, rule
