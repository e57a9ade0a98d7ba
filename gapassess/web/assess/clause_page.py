"""Everything the page for one top clause shows, gathered in one place."""

from __future__ import annotations

from dataclasses import dataclass, field

from gapassess.db.answer_store import item_histories, responses_by_item, values_of
from gapassess.db.assignments import assignments_by_item
from gapassess.db.evidence import files_by_item
from gapassess.domain import review
from gapassess.web.assess.form_save import FormOutcome
from gapassess.web.assess.item_view import ItemView, item_view
from gapassess.web.services.progress import Progress, clause_progress, review_counts


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
    #: Review statuses of the clause's items (all statuses, zeros included) and the one the
    #: page is filtered by ("" for all items).
    review_counts: dict[str, int] | None = None
    review_overall: dict[str, int] | None = None
    status_filter: str = ""
    all_items: list = field(default_factory=list)  # every item, whatever the filter

    @property
    def to_confirm(self) -> int:
        """How many items of the page carry an answer still to confirm."""
        return sum(1 for group in self.groups for view in group.items
                   if view.carried is not None and view.carried.to_confirm)

    @property
    def progress(self) -> Progress:
        return self.per_clause[self.clause]


OPEN = "open"  # the filter of applicable items not accepted yet


def review_actions(status: str, assignee_id: int | None, actor: review.Actor | None,
                   changed_by_id: int | None = None) -> tuple[str, ...]:
    """The review actions ``actor`` may take on an item (the rule decides; a return's
    comment is asked for on the page)."""
    if actor is None:
        return ()
    return tuple(a for a in review.REVIEW_ACTIONS if review.decide(
        status, a, actor, assignee_id=assignee_id, comment="-",
        changed_by_id=changed_by_id).allowed)


def build_clause_page(
    session, assessment, questionnaire, clause: str, outcome: FormOutcome | None = None,
    *, actor: review.Actor | None = None, status_filter: str = "",
) -> ClausePage:
    by_clause = questionnaire.items_by_clause()
    all_items = by_clause[clause]
    stored = responses_by_item(session, assessment.id)
    assigned = assignments_by_item(session, assessment.id)
    review_per_clause, review_overall = review_counts(
        questionnaire, {item_id: row.status for item_id, row in assigned.items()})
    counts = review_per_clause.get(clause, {})  # empty: review not in use here
    if status_filter not in (*review.STATUSES, OPEN):
        status_filter = ""

    def shown(item) -> bool:
        status = assigned[item.id].status if item.id in assigned else "unassigned"
        if status_filter == OPEN:  # what still stands between the assessment and final
            row = stored.get(item.id)
            return review.stands_before_final(status, row is not None and row.not_applicable)
        return not status_filter or status_filter == status

    items = [i for i in all_items if shown(i)]
    events = item_histories(session, assessment.id, [item.id for item in items])
    files = files_by_item(session, assessment.id, [item.id for item in items])
    if assessment.read_only:
        actor = None  # a final assessment is read-only, its review included
    groups: dict[str, SubclauseGroup] = {}
    for item in items:
        view = item_view(questionnaire, item, stored.get(item.id), events[item.id],
                         files[item.id])
        row = assigned.get(item.id)
        if row is not None:
            view.assignment = row
            view.review_status = row.status
        view.review_actions = review_actions(
            view.review_status, row.assignee_id if row else None, actor,
            row.changed_by_id if row else None)
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
        review_counts=counts,
        review_overall=review_overall,
        status_filter=status_filter,
        all_items=all_items,
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
