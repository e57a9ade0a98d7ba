"""How far an assessment has got: per top clause and overall.

An item is done when both axes are rated, or when it is marked not applicable with a
justification (and the item allows it): the same rule the scoring engine uses. An item with
anything else filled in is started.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Progress:
    done: int = 0
    started: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def label(self) -> str:
        text = f"{self.done} of {self.total} answered"
        return f"{text}, {self.started} started" if self.started else text

    def to_dict(self) -> dict[str, Any]:
        return {
            "done": self.done,
            "started": self.started,
            "total": self.total,
            "percent": self.percent,
            "label": self.label,
        }

    def __add__(self, other: Progress) -> Progress:
        return Progress(
            self.done + other.done, self.started + other.started, self.total + other.total
        )


def item_status(item, values: Mapping[str, Any] | None) -> str:
    """ "done", "started" or "empty"."""
    if not values:
        return "empty"
    if (
        values.get("not_applicable")
        and item.not_applicable_allowed
        and (values.get("justification") or "").strip()
    ):
        return "done"
    if values.get("compliance") is not None and values.get("outcome") is not None:
        return "done"
    filled = any(
        values.get(name) not in (None, "", False)
        for name in (
            "compliance",
            "outcome",
            "not_applicable",
            "justification",
            "evidence",
            "notes",
            "owner",
        )
    )
    return "started" if filled else "empty"


def progress_of(items, values_by_item: Mapping[str, Mapping[str, Any]]) -> Progress:
    statuses = [item_status(item, values_by_item.get(item.id)) for item in items]
    return Progress(statuses.count("done"), statuses.count("started"), len(statuses))


def clause_progress(
    questionnaire, values_by_item: Mapping[str, Mapping[str, Any]]
) -> tuple[dict[str, Progress], Progress]:
    """(progress per top clause "4".."10", overall progress)."""
    per_clause = {
        clause: progress_of(items, values_by_item)
        for clause, items in questionnaire.items_by_clause().items()
    }
    overall = sum(per_clause.values(), Progress())
    return per_clause, overall
