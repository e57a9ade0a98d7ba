"""Everything the page for one top clause shows, gathered in one place."""

from __future__ import annotations

from dataclasses import dataclass

from gapassess.db.answer_store import item_histories, responses_by_item, values_of
from gapassess.db.evidence import files_by_item
from gapassess.web.assess.form_save import FormOutcome
from gapassess.web.assess.item_view import ItemView, item_view
from gapassess.web.services.progress import Progress, clause_progress


@dataclass
class SubclauseGroup:
    number: str
    title: str
    items: list[ItemView]


@dataclass
class ClausePage:
    clause: str
    title: str
    groups: list[SubclauseGroup]
    per_clause: dict[str, Progress]
    overall: Progress
    previous: str | None
    next: str | None

    @property
    def to_confirm(self) -> int:
        """How many items of the page carry an answer still to confirm."""
        return sum(1 for group in self.groups for view in group.items
                   if view.carried is not None and view.carried.to_confirm)

    @property
    def progress(self) -> Progress:
        return self.per_clause[self.clause]


def build_clause_page(
    session, assessment, questionnaire, clause: str, outcome: FormOutcome | None = None
) -> ClausePage:
    by_clause = questionnaire.items_by_clause()
    items = by_clause[clause]
    stored = responses_by_item(session, assessment.id)
    events = item_histories(session, assessment.id, [item.id for item in items])
    files = files_by_item(session, assessment.id, [item.id for item in items])
    groups: dict[str, SubclauseGroup] = {}
    for item in items:
        view = item_view(questionnaire, item, stored.get(item.id), events[item.id],
                         files[item.id])
        if outcome is not None:
            _apply_outcome(view, outcome)
        number = item.subclause
        if number not in groups:
            groups[number] = SubclauseGroup(number, questionnaire.clause_title(number), [])
        groups[number].items.append(view)
    values = {item_id: values_of(row) for item_id, row in stored.items()}
    per_clause, overall = clause_progress(questionnaire, values)
    numbers = list(by_clause)
    index = numbers.index(clause)
    return ClausePage(
        clause=clause,
        title=questionnaire.clause_title(clause),
        groups=list(groups.values()),
        per_clause=per_clause,
        overall=overall,
        previous=numbers[index - 1] if index > 0 else None,
        next=numbers[index + 1] if index + 1 < len(numbers) else None,
    )


def _apply_outcome(view: ItemView, outcome: FormOutcome) -> None:
    rejected = outcome.rejected.get(view.item.id)
    if rejected is not None:
        view.values = rejected.values
        view.version = rejected.version
        view.fingerprint = rejected.fingerprint
        view.errors = rejected.errors
    conflict = outcome.conflicts.get(view.item.id)
    if conflict is not None:
        view.conflict = conflict
