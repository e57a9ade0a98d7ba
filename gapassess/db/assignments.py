"""Assignments and review of an assessment's items, stored, with an audit event for every
change. The rule (who may do what, in which status) is gapassess.domain.review's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.exc import StaleDataError

from gapassess.db import audit
from gapassess.db.models import Assessment, Assignment, Membership, User, utcnow
from gapassess.domain import review
from gapassess.i18n import _

FIELDS = ("assignee_id", "due", "status", "submitted_at", "reviewed_by_id", "reviewed_at",
          "comment")
ENTITY = "assignment"  # i18n: not shown (the audit entity type)


class ReviewRefused(Exception):
    """An assignment or review action the rule refuses; the message says why."""

    def __init__(self, item_id: str, message: str) -> None:
        super().__init__(message)
        self.item_id = item_id
        self.message = message


def assignments_by_item(session: Session, assessment_id: int) -> dict[str, Assignment]:
    rows = session.scalars(
        select(Assignment).where(Assignment.assessment_id == assessment_id)
        .options(joinedload(Assignment.assignee), joinedload(Assignment.reviewed_by))
    )
    return {row.item_id: row for row in rows}


def status_by_item(session: Session, assessment_id: int) -> dict[str, str]:
    rows = session.execute(select(Assignment.item_id, Assignment.status)
                           .where(Assignment.assessment_id == assessment_id))
    return {item_id: status for item_id, status in rows}


def get(session: Session, assessment_id: int, item_id: str) -> Assignment | None:
    return session.scalar(select(Assignment).where(
        Assignment.assessment_id == assessment_id, Assignment.item_id == item_id))


def assignable_people(session: Session, organisation_id: int) -> list[tuple[User, str]]:
    """The members who can answer (and so be assigned items), with their role, by name."""
    rows = session.execute(
        select(User, Membership.role).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == organisation_id,
               Membership.role.in_(sorted(review.ANSWER_ROLES)))
        .order_by(User.name, User.id))
    return [(user, role) for user, role in rows]


def member_role(session: Session, user: User, organisation_id: int) -> str | None:
    """The user's own membership role (site admins not promoted: an assignee must belong
    to the organisation)."""
    return session.scalar(select(Membership.role).where(
        Membership.user_id == user.id, Membership.organisation_id == organisation_id))


def _final_refusal(assessment: Assessment, item_id: str) -> None:
    if assessment.read_only:
        raise ReviewRefused(item_id, _(
            "Nothing changed: this assessment is final. A consultant can reopen it."))


def act(
    session: Session,
    assessment: Assessment,
    item_id: str,
    action: str,
    *,
    user: User,
    role: str | None,
    assignee: User | None = None,
    due: date | None = None,
    comment: str = "",
    expected_version: int | None = None,
) -> Assignment:
    """Take ``action`` (gapassess.domain.review.ACTIONS) on one item and record it.

    ``assignee`` and ``due`` are for assign; ``comment`` for return. Raises ReviewRefused
    with the reason; the caller commits.
    """
    _final_refusal(assessment, item_id)
    row = get(session, assessment.id, item_id)
    if expected_version is not None and (row.version if row else 0) != expected_version:
        raise ReviewRefused(item_id, _(
            "Someone else changed this item's review meanwhile: reload the page and try again."))
    status = row.status if row is not None else "unassigned"
    assignee_role = None
    if action == "assign":
        assignee_id = assignee.id if assignee is not None else None
        if assignee is not None:
            assignee_role = member_role(session, assignee, assessment.organisation_id)
    else:
        assignee_id = row.assignee_id if row is not None else None
    decision = review.decide(status, action, review.Actor(user.id, role),
                             assignee_id=assignee_id, assignee_role=assignee_role,
                             comment=comment,
                             changed_by_id=row.changed_by_id if row is not None else None)
    if not decision.allowed:
        raise ReviewRefused(item_id, decision.refused)
    created = row is None
    if row is None:
        row = Assignment(assessment_id=assessment.id, item_id=item_id, status="unassigned",
                         comment="")
        session.add(row)
        session.flush()
    before = audit.snapshot(row, FIELDS)
    now = utcnow()
    values: dict[str, object] = {"status": decision.status}
    if action == "assign":
        values.update(assignee_id=assignee_id, due=due, changed_by_id=None)
    elif action == "unassign":
        values.update(assignee_id=None, due=None, submitted_at=None, changed_by_id=None)
    elif action == "submit":  # the assignee stands by the answer as it now is
        values.update(submitted_at=now, changed_by_id=None)
    elif action == "change":
        values.update(submitted_at=now)
    elif action == "accept":
        values.update(reviewed_by_id=user.id, reviewed_at=now, comment="")
    elif action == "return":
        values.update(reviewed_by_id=user.id, reviewed_at=now, comment=comment.strip())
    for name, value in values.items():
        setattr(row, name, value)
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        raise ReviewRefused(item_id, _(
            "Someone else changed this item's review meanwhile: reload the page and try "
            "again.")) from None
    audit.record(
        session,
        entity_type=ENTITY,
        entity_id=audit.response_entity(assessment.id, item_id),
        action="create" if created else "update",
        organisation_id=assessment.organisation_id,
        user=user,
        before=None if created else before,
        after=audit.snapshot(row, FIELDS),
    )
    return row


@dataclass
class ClauseAssigned:
    assigned: list[str]
    refused: dict[str, str]  # item id → why


def assign_many(
    session: Session,
    assessment: Assessment,
    item_ids: list[str],
    *,
    user: User,
    role: str | None,
    assignee: User | None,
    due: date | None,
) -> ClauseAssigned:
    """Assign (or with no assignee, unassign) each item; an item the rule refuses is left
    as it was and named with the reason. A final assessment refuses them all at once
    (ReviewRefused). The caller commits."""
    _final_refusal(assessment, ", ".join(item_ids))
    outcome = ClauseAssigned([], {})
    for item_id in item_ids:
        action = "assign" if assignee is not None else "unassign"
        if action == "unassign" and get(session, assessment.id, item_id) is None:
            continue  # never assigned: nothing to undo
        try:
            with session.begin_nested():
                act(session, assessment, item_id, action, user=user, role=role,
                    assignee=assignee, due=due)
            outcome.assigned.append(item_id)
        except ReviewRefused as refused:
            outcome.refused[item_id] = refused.message
    return outcome


def answer_changed(session: Session, assessment: Assessment, item_id: str,
                   user: User | None) -> None:
    """An answer (or its evidence) changed on the item: who changed it is noted, so they
    cannot accept it themselves, and an accepted one goes back to submitted
    (gapassess.domain.review: the "change" action), so the review sees the change."""
    row = get(session, assessment.id, item_id)
    if row is None:
        return
    if user is not None and row.status in review.UNDER_REVIEW and row.changed_by_id != user.id:
        row.changed_by_id = user.id
        session.flush()
    if review.after_change(row.status) == row.status:
        return
    before = audit.snapshot(row, FIELDS)
    row.status = review.after_change(row.status)
    row.submitted_at = utcnow()
    session.flush()
    audit.record(
        session,
        entity_type=ENTITY,
        entity_id=audit.response_entity(assessment.id, item_id),
        action="update",
        organisation_id=assessment.organisation_id,
        user=user,
        before=before,
        after=audit.snapshot(row, FIELDS),
    )


@dataclass(frozen=True)
class MyItem:
    assignment: Assignment
    assessment: Assessment
    overdue: bool


def my_items(session: Session, user: User, today: date | None = None) -> list[MyItem]:
    """The items assigned to ``user`` in the organisations they still belong to, open ones
    first, by due date (none last)."""
    today = today or utcnow().date()
    rows = session.execute(
        select(Assignment, Assessment)
        .join(Assessment, Assessment.id == Assignment.assessment_id)
        .join(Membership, (Membership.organisation_id == Assessment.organisation_id)
              & (Membership.user_id == user.id))
        .options(joinedload(Assessment.organisation))
        .where(Assignment.assignee_id == user.id)
    )
    items = [
        MyItem(a, s, a.due is not None and a.due < today
               and review.is_open(a.status) and s.status == "draft")
        for a, s in rows
    ]
    items.sort(key=lambda m: (review.work_rank(m.assignment.status),
                              m.assignment.due or date.max, m.assessment.id,
                              m.assignment.item_id))
    return items
