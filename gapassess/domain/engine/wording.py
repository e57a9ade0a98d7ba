"""The plain-language texts of the roadmap: labels and the reasons given for each action.

Worked out once per questionnaire and model (see prepared.py); the engine only picks them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gapassess.domain.questionnaire import Item, Questionnaire
    from gapassess.domain.scoring_model import ScoringModel

_NUMBER_WORDS = {1: "One level", 2: "Two levels", 3: "Three levels", 4: "Four levels"}
_WEIGHT_CAUSES = {
    "new": "it is new in the 2026 edition",
    "expanded": "the 2026 edition expanded it",
    "structural": "the 2026 edition restructured it",
    "clarified": "the 2026 edition clarified it",
    "unchanged": "of its change kind",
}


def after_reason(labels: list[str]) -> str:
    """"Starts after the work on X and Y, which it builds on." ("" for no labels)."""
    labels = list(dict.fromkeys(labels))
    if not labels:
        return ""
    joined = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    return f"Starts after the work on {joined}, which it builds on."


def clause_label(clause: str, titles: Mapping[str, str]) -> str:
    title = titles.get(clause) or titles.get(clause.split(".")[0], "")
    return f"{clause} {title}".strip()


def level_labels(questionnaire: Questionnaire, model: ScoringModel, axis: str) -> dict[int, str]:
    scale = questionnaire.scales.get(axis)
    labels = dict(getattr(model.scales, axis))
    if scale is not None:
        labels.update({lv.level: lv.label for lv in scale.levels})
    return labels


def gap_reasons(questionnaire: Questionnaire, model: ScoringModel,
                 axis: str) -> dict[int, str]:
    labels = level_labels(questionnaire, model, axis)
    threshold = getattr(model.thresholds, axis)
    wording = ("below the level the audit needs", "needed") if axis == "compliance" \
        else ("below the outcome target", "target")
    reasons = {}
    for level in range(threshold):
        gap = threshold - level
        reasons[level] = (
            f"{_NUMBER_WORDS[gap]} {wording[0]}: now {level} '{labels[level]}', "
            f"{wording[1]} {threshold} '{labels[threshold]}'."
        )
    return reasons


def weight_reason(item: Item, weight: float, model: ScoringModel) -> str | None:
    if weight < model.roadmap.high_weight:
        return None
    causes = []
    if model.weights.change.get(item.change, 1.0) > 1:
        causes.append(_WEIGHT_CAUSES[item.change])
    if item.weight > 1:
        causes.append("the question bank marks it as a key item")
    heavy = [tag for tag in item.tags if model.weights.tags.get(tag, 1.0) > 1]
    if heavy:
        causes.append("it concerns " + " and ".join(tag.replace("-", " ") for tag in heavy))
    if not causes:
        return None
    return f"Weighted high ({weight:.1f}) because {', and '.join(causes)}."


ADVISORY = ("Guidance from the 2026 edition, not a requirement: it improves results and is "
            "never an audit finding.")


def conformity_reasons(item: Item, weight: float, model: ScoringModel,
                        gaps: dict[int, str], change: str | None) -> dict[int, tuple[str, ...]]:
    extra = weight_reason(item, weight, model)
    return {level: tuple(r for r in (change, text, extra) if r) for level, text in gaps.items()}


def outcome_reasons(item: Item, weight: float, model: ScoringModel,
                     gaps: dict[int, str]) -> dict[int, tuple[str, ...]]:
    extra = weight_reason(item, weight, model)
    first = ADVISORY if item.advisory else None
    return {level: tuple(r for r in (first, text, extra) if r) for level, text in gaps.items()}
