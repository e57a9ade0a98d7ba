"""Item results: status, levels, gaps and the classification of each item."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gapassess.domain.engine.results import ItemResult
from gapassess.domain.scale import is_level
from gapassess.domain.scoring_model import CLASSES

if TYPE_CHECKING:
    from gapassess.domain.answers import Answer
    from gapassess.domain.engine.prepared import Prepared
    from gapassess.domain.scoring_model import ScoringModel

_STATUS_CODE = {"answered": 0, "unanswered": 1, "not-applicable": 2}
_CLASS_INDEX: dict[str | None, int] = {None: -1, **{name: i for i, name in enumerate(CLASSES)}}


def answers_by_item(answers: Iterable[Answer] | Mapping[str, Answer]) -> dict[str, Answer]:
    """Answers keyed by item id; for a list, a later answer to the same item wins."""
    if isinstance(answers, Mapping):
        return dict(answers)
    return {answer.item_id: answer for answer in answers}


@dataclass(slots=True)
class ItemLevels:
    """The answers as flat lists for the roll-up: -1 stands for "not rated"."""

    status: list[int]  # 0 answered, 1 unanswered, 2 not applicable
    compliance: list[int]
    outcome: list[int]
    classification: list[int]  # index into CLASSES, -1 when not answered
    partial: int = 0  # items rated on one axis only


def score_items(prepared: Prepared, answers: dict[str, Answer],
                model: ScoringModel) -> tuple[list[ItemResult], ItemLevels]:
    """One result per questionnaire item, in questionnaire order.

    Not applicable is honoured only when the item allows it and a justification is given.
    An item counts as answered only when both axes are rated; a one-axis rating is kept
    (``partial``) and feeds that axis' figures.
    """
    c_threshold = model.thresholds.compliance
    o_threshold = model.thresholds.outcome
    results = []
    append = results.append
    levels = ItemLevels([], [], [], [])
    codes, c_list, o_list, k_list = (levels.status, levels.compliance, levels.outcome,
                                     levels.classification)
    for p in prepared.items:
        answer = answers.get(p.id)
        compliance = outcome = None
        status = "unanswered"
        if answer is not None:
            if answer.not_applicable and p.na_allowed and answer.justification.strip():
                status = "not-applicable"
            else:
                compliance = _level(answer.compliance)
                outcome = _level(answer.outcome)
                if compliance is not None and outcome is not None:
                    status = "answered"
        classification = None
        if status == "answered":
            if compliance >= c_threshold:
                classification = "outcome-driven" if outcome >= o_threshold else "compliance-only"
            else:
                classification = "informal" if outcome >= o_threshold else "gap"
        c_gap = c_threshold - compliance \
            if compliance is not None and compliance < c_threshold and not p.advisory else 0
        o_gap = o_threshold - outcome if outcome is not None and outcome < o_threshold else 0
        partial = status == "unanswered" and (compliance is not None or outcome is not None)
        if partial:
            levels.partial += 1
        codes.append(_STATUS_CODE[status])
        c_list.append(-1 if compliance is None else compliance)
        o_list.append(-1 if outcome is None else outcome)
        k_list.append(_CLASS_INDEX[classification])
        append(ItemResult(
            p.id, p.clause, compliance, outcome, status, classification, p.weight, p.change,
            p.tags, p.advisory, c_gap, o_gap,
            partial,
        ))
    return results, levels


def _level(value: int | None) -> int | None:
    if value is None:
        return None
    level = int(value) if not isinstance(value, bool) else None  # 2.0 from a sheet is 2
    if level != value or not is_level(level):
        raise ValueError(f"level {value!r} is not a whole number from 0 to 4")
    return level
