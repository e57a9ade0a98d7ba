"""The two-axis classification: the one place where compliance and outcome are crossed.

An axis is *high* when its value is at or above its threshold. Crossing the two axes gives
exactly one of four classes:

    compliance high, outcome high  -> outcome-driven
    compliance high, outcome low   -> compliance-only
    compliance low,  outcome high  -> informal
    compliance low,  outcome low   -> gap

Items are classified on their levels (0-4) with the level thresholds; clauses, sub-clauses
and the whole assessment on their 0-100 scores with the thresholds on that scale. Both go
through ``classify``; nothing else crosses the axes.
"""

from __future__ import annotations

from typing import Literal

Classification = Literal["gap", "informal", "compliance-only", "outcome-driven"]

#: The four classes, in the order counts and tables list them.
CLASSES: tuple[Classification, ...] = ("gap", "informal", "compliance-only", "outcome-driven")


def is_high(value: float, threshold: float) -> bool:
    """True when a level or score is at or above its threshold."""
    return value >= threshold


def classify(compliance: float | None, outcome: float | None, *,
             compliance_threshold: float, outcome_threshold: float) -> Classification | None:
    """The class of a compliance/outcome pair; None when either axis is missing.

    The thresholds are on the scale of the values: levels with level thresholds, scores
    with score thresholds.
    """
    if compliance is None or outcome is None:
        return None
    if is_high(compliance, compliance_threshold):
        return "outcome-driven" if is_high(outcome, outcome_threshold) else "compliance-only"
    return "informal" if is_high(outcome, outcome_threshold) else "gap"
