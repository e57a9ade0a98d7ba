"""How far an assessment has got: per top clause and overall.

An item is done when both axes are rated, or when it is marked not applicable with a
justification (and the item allows it): the same rule the scoring engine uses. An item with
anything else filled in is started.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gapassess.domain.answers import LEVEL_FIELDS, TEXT_LIMITS

# What progress needs of an answer, as bits.
RATED = 1  # both axes rated
JUSTIFIED_NOT_APPLICABLE = 2  # marked not applicable, with a justification
FILLED = 4  # anything at all filled in (a level, level 0 included, the flag or any text)


@dataclass(frozen=True)
class Progress:
    done: int = 0
    started: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        # halves round up, as the page's script rounds when it moves the bars
        return int(100 * self.done / self.total + 0.5) if self.total else 0

    @property
    def label(self) -> str:
        text = f"{self.done} of {self.total} answered"
        return f"{text}, {self.started} started" if self.started else text

    def __add__(self, other: Progress) -> Progress:
        return Progress(
            self.done + other.done, self.started + other.started, self.total + other.total
        )


LEVELS = LEVEL_FIELDS
TEXTS = tuple(TEXT_LIMITS)


def answer_flags(values: Mapping[str, Any] | None) -> int:
    """The progress bits of one answer's values."""
    if not values:
        return 0
    flags = 0
    if all(values.get(name) is not None for name in LEVELS):
        flags |= RATED
    if values.get("not_applicable") and (values.get("justification") or "").strip():
        flags |= JUSTIFIED_NOT_APPLICABLE
    if (
        any(values.get(name) is not None for name in LEVELS)
        or values.get("not_applicable")
        or any(values.get(name) for name in TEXTS)
    ):
        flags |= FILLED
    return flags


def status_of(item, flags: int) -> str:
    """ "done", "started" or "empty", from an answer's progress bits."""
    if flags & JUSTIFIED_NOT_APPLICABLE and item.not_applicable_allowed:
        return "done"
    if flags & RATED:
        return "done"
    return "started" if flags & FILLED else "empty"


def item_status(item, values: Mapping[str, Any] | None) -> str:
    """ "done", "started" or "empty". A level is an answer, level 0 included."""
    return status_of(item, answer_flags(values))


def clause_progress(
    questionnaire, values_by_item: Mapping[str, Mapping[str, Any]]
) -> tuple[dict[str, Progress], Progress]:
    """(progress per top clause "4".."10", overall progress) from answers' values."""
    flags = {item_id: answer_flags(values) for item_id, values in values_by_item.items()}
    return progress_from_flags(questionnaire, flags)


def progress_from_flags(
    questionnaire, flags_by_item: Mapping[str, int]
) -> tuple[dict[str, Progress], Progress]:
    """(progress per top clause "4".."10" in clause order, clauses without items left out;
    overall progress) from each answer's progress bits. One pass over the items.
    """
    counts: dict[str, list[int]] = {}
    for item in questionnaire.items:
        tally = counts.setdefault(item.top_clause, [0, 0, 0])
        status = status_of(item, flags_by_item.get(item.id, 0))
        if status == "done":
            tally[0] += 1
        elif status == "started":
            tally[1] += 1
        tally[2] += 1
    per_clause = {clause: Progress(*counts[clause]) for clause in questionnaire.top_clauses
                 if clause in counts}
    overall = sum(per_clause.values(), Progress())
    return per_clause, overall


def review_counts(
    questionnaire, statuses: Mapping[str, str]
) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """(review statuses counted per top clause, counted overall), every status named, zeros
    included; ``statuses`` by item id (missing: unassigned; gapassess.domain.review).
    Both are empty while no item of the assessment was ever assigned: the pages then say
    nothing about review."""
    from gapassess.domain.review import STATUSES as REVIEW_STATUSES

    if not statuses:
        return {}, {}

    per_clause: dict[str, dict[str, int]] = {}
    overall = dict.fromkeys(REVIEW_STATUSES, 0)
    for item in questionnaire.items:
        status = statuses.get(item.id, "unassigned")
        per_clause.setdefault(item.top_clause, dict.fromkeys(REVIEW_STATUSES, 0))[status] += 1
        overall[status] += 1
    return per_clause, overall
