"""Item results: status, levels, gaps and the classification of each item."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from gapassess.domain.classification import classify, is_high
from gapassess.domain.engine.results import ItemResult, ItemStatus
from gapassess.domain.scale import is_level

if TYPE_CHECKING:
    from gapassess.domain.answers import Answer
    from gapassess.domain.engine.prepared import Prepared, PreparedItem
    from gapassess.domain.scoring_model import ScoringModel, Thresholds


def answers_by_item(answers: Iterable[Answer] | Mapping[str, Answer]) -> dict[str, Answer]:
    """Answers keyed by item id; for a list, a later answer to the same item wins."""
    if isinstance(answers, Mapping):
        return dict(answers)
    return {answer.item_id: answer for answer in answers}


def score_items(prepared: Prepared, answers: Mapping[str, Answer],
                model: ScoringModel) -> list[ItemResult]:
    """One result per questionnaire item, in questionnaire order.

    Not applicable is honoured only when the item allows it and a justification is given.
    An item counts as answered only when both axes are rated; a one-axis rating is kept
    (``partial``) and feeds that axis' figures.
    """
    return [_score_item(p, answers.get(p.id), model.thresholds) for p in prepared.items]


def _score_item(p: PreparedItem, answer: Answer | None, thresholds: Thresholds) -> ItemResult:
    compliance = outcome = None
    status: ItemStatus = "unanswered"
    if answer is not None:
        if answer.not_applicable and p.na_allowed and answer.justification.strip():
            status = "not-applicable"
        else:
            compliance = _level(answer.compliance)
            outcome = _level(answer.outcome)
            if compliance is not None and outcome is not None:
                status = "answered"
    classification = classify(compliance, outcome, compliance_threshold=thresholds.compliance,
                              outcome_threshold=thresholds.outcome)  # None unless answered
    partial = status == "unanswered" and (compliance is not None or outcome is not None)
    compliance_gap = 0 if p.advisory else _gap(compliance, thresholds.compliance)
    return ItemResult(
        p.id, p.clause, p.title, compliance, outcome, status, classification, p.weight, p.change,
        p.tags, p.advisory, compliance_gap, _gap(outcome, thresholds.outcome), partial,
    )


def _gap(level: int | None, threshold: int) -> int:
    """Levels below the threshold; 0 for an unrated axis or a level at or above it."""
    if level is None or is_high(level, threshold):
        return 0
    return threshold - level


def _level(value: int | None) -> int | None:
    if value is None:
        return None
    level = int(value) if not isinstance(value, bool) else None  # 2.0 from a sheet is 2
    if level != value or not is_level(level):
        raise ValueError(f"level {value!r} is not a whole number from 0 to 4")
    return level
