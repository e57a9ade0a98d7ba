"""Names taken from the question bank and the scoring model: clause labels and level labels.

They are data, not the engine's own wording, and travel as parameters of reasons.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gapassess.domain.questionnaire import Questionnaire
    from gapassess.domain.scoring_model import ScoringModel


def clause_label(clause: str, titles: Mapping[str, str]) -> str:
    """"4.1 Understanding the organization and its context" (the clause alone when untitled);
    ``titles`` are the bank's clause titles (``Questionnaire.clause_titles``)."""
    title = titles.get(clause) or titles.get(clause.split(".")[0], "")
    return f"{clause} {title}".strip()


def level_labels(questionnaire: Questionnaire, model: ScoringModel, axis: str) -> dict[int, str]:
    """Level -> label on ``axis``: the bank's scale where it names the level, else the model's."""
    scale = questionnaire.scales.get(axis)
    labels: dict[int, str] = dict(getattr(model.scales, axis))
    if scale is not None:
        labels.update({lv.level: lv.label for lv in scale.levels})
    return labels
