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

# rule -> (precision on PolNeAR train, number of predictions it was measured on)
RULE_PRECISION: dict[str, tuple[float, int]] = {}

# Family fallbacks (rule prefix before the first "_") and the last resort.
FAMILY_PRECISION: dict[str, float] = {
    "speech": 0.80,
    "stance": 0.55,
    "according": 0.80,
    "continuation": 0.50,
}
DEFAULT_PRECISION = 0.5
MIN_SUPPORT = 20


def rule_confidence(rule: str) -> float:
    measured = RULE_PRECISION.get(rule)
    if measured is not None and measured[1] >= MIN_SUPPORT:
        return measured[0]
    return FAMILY_PRECISION.get(rule.split("_", 1)[0], DEFAULT_PRECISION)
