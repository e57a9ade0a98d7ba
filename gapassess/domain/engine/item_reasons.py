"""The reasons an item's actions carry whatever else is planned, per level below a threshold.

Worked out once per questionnaire and model (see prepared.py): the change kind, the size of
the gap, why the item weighs high and whether it is guidance only.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from gapassess.domain.engine import reasons as codes
from gapassess.domain.engine.labels import level_labels
from gapassess.domain.engine.reasons import Reason

if TYPE_CHECKING:
    from gapassess.domain.questionnaire import Item, Questionnaire
    from gapassess.domain.scoring_model import ScoringModel

ByLevel = Mapping[int, tuple[Reason, ...]]

_GAP_CODES = {"compliance": codes.COMPLIANCE_GAP, "outcome": codes.OUTCOME_GAP}
_ADVISORY = Reason(codes.ADVISORY)


def gap_reasons(questionnaire: Questionnaire, model: ScoringModel,
                axis: str) -> dict[int, Reason]:
    """Level below ``axis``' threshold -> the reason naming the gap."""
    labels = level_labels(questionnaire, model, axis)
    threshold: int = getattr(model.thresholds, axis)
    return {level: Reason(_GAP_CODES[axis], {
        "gap": threshold - level, "level": level, "level_label": labels[level],
        "threshold": threshold, "threshold_label": labels[threshold]})
        for level in range(threshold)}


def weight_reason(item: Item, weight: float, model: ScoringModel) -> Reason | None:
    """Why the item weighs high (None below the model's ``high_weight`` or without a cause)."""
    if weight < model.roadmap.high_weight:
        return None
    change = item.change if model.weights.change.get(item.change, 1.0) > 1 else ""
    key_item = 1 if item.weight > 1 else 0
    heavy = tuple(tag for tag in item.tags if model.weights.tags.get(tag, 1.0) > 1)
    if not (change or key_item or heavy):
        return None
    return Reason(codes.WEIGHTED_HIGH, {"weight": round(weight, 1), "change": change,
                                        "key_item": key_item, "tags": heavy})


def conformity_reasons(item: Item, weight: float, model: ScoringModel,
                       gaps: Mapping[int, Reason]) -> ByLevel:
    """Level -> the reasons of the item's conformity action at that level."""
    text = model.roadmap.change_reasons.get(item.change)
    change = Reason(codes.CHANGE_KIND, {"change": item.change, "text": text}) if text else None
    extra = weight_reason(item, weight, model)
    return _by_level(gaps, change, extra)


def outcome_reasons(item: Item, weight: float, model: ScoringModel,
                    gaps: Mapping[int, Reason]) -> ByLevel:
    """Level -> the reasons of the item's outcome action at that level."""
    first = _ADVISORY if item.advisory else None
    return _by_level(gaps, first, weight_reason(item, weight, model))


def _by_level(gaps: Mapping[int, Reason], first: Reason | None,
              last: Reason | None) -> ByLevel:
    return MappingProxyType({
        level: tuple(r for r in (first, gap, last) if r is not None)
        for level, gap in gaps.items()})
