"""Workshop votes: idempotent recording, reading them back, and the consensus answer.

A vote is applied at most once per client submission id, and a participant has at most one
vote per item (a changed vote replaces the earlier one). ``record_vote`` owns its
transaction so it can retry when two requests race on the same rows: its first statement is
a write (the submission id), so on SQLite it holds the write lock before reading anything
(writers of one process queue for it, see ``db.connection``); on PostgreSQL the workshop and
participant rows are read ``FOR SHARE`` so closing or removing waits for votes in flight.
The vote itself is one upsert on SQLite and PostgreSQL (``INSERT .. ON CONFLICT DO
UPDATE``); on other databases a read then an insert or update, where a unique-constraint
race is retried.

A vote is the busiest write of the app (a room of phones, every item), so its statements are
built once, with bound parameters, and run without the ORM's unit of work.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gapassess.db import responses
from gapassess.db.models import (
    Participant,
    User,
    Vote,
    VoteSubmission,
    Workshop,
    WorkshopConsensus,
    utcnow,
)
from gapassess.db.workshops import (
    ORDINAL,
    ParticipantRemoved,
    WorkshopClosed,
    WorkshopError,
    participant_label,
)
from gapassess.domain.answers import answer_of, parse_values
from gapassess.domain.scale import is_level
from gapassess.i18n import _

SUBMISSION_ID_MAX = 64
ATTEMPTS = 4

VoteRow = tuple[str | None, int | None, int | None]
GroupVoteRow = tuple[str | None, int | None, int | None]  # (group, compliance, outcome)


@dataclass(frozen=True)
class VoteOutcome:
    item_id: str
    compliance: int | None
    outcome: int | None
    applied: bool  # False when the submission id had been seen before (a retry)


def _check_vote(workshop: Workshop, item_id: str, values: dict[str, Any], submission_id: str):
    if item_id not in workshop.item_ids:
        raise WorkshopError(_("Item '%(item)s' is not part of this workshop.", item=item_id))
    not_a_level = {
        "compliance": _("compliance must be a whole number from 0 to 4."),
        "outcome": _("outcome must be a whole number from 0 to 4."),
    }
    for axis, problem in not_a_level.items():
        level = values[axis]
        if level is not None and not is_level(level):
            raise WorkshopError(problem)
    if not submission_id or len(submission_id) > SUBMISSION_ID_MAX:
        raise WorkshopError(
            _("A submission id of 1 to %(max)d characters is needed.", max=SUBMISSION_ID_MAX)
        )
    if not submission_id.isprintable():  # NUL cannot be stored (PostgreSQL), nor other controls
        raise WorkshopError(_("The submission id holds a control character; send letters, "
                              "digits or dashes."))


def record_vote(
    session: Session,
    workshop: Workshop,
    participant: Participant,
    item_id: str,
    *,
    compliance: int | None,
    outcome: int | None,
    submission_id: str,
) -> VoteOutcome:
    """Apply one submission (commits). Raises WorkshopClosed, ParticipantRemoved, WorkshopError."""
    values = {"compliance": compliance, "outcome": outcome}
    _check_vote(workshop, item_id, values, submission_id)
    workshop_id, participant_id = workshop.id, participant.id
    for _attempt in range(ATTEMPTS):
        try:
            outcome_ = _apply(session, workshop_id, participant_id, item_id, values, submission_id)
            session.commit()
            return outcome_
        except IntegrityError:
            session.rollback()
            if _submission_seen(session, participant_id, submission_id):
                return _current(session, workshop_id, participant_id, item_id, applied=False)
        except WorkshopError:
            session.rollback()
            raise
    raise WorkshopError(_("The vote could not be saved; please try again."))


_V = Vote.__table__.c
_INSERT_SUBMISSION = VoteSubmission.__table__.insert()
_GATE = (
    select(Workshop.status, Participant.removed_at)
    .join(Participant, Participant.workshop_id == Workshop.id)
    .where(Workshop.id == bindparam("workshop_id"), Participant.id == bindparam("participant_id"))
    .with_for_update(read=True)
)
_VOTE_KEY = ("workshop_id", "participant_id", "item_id")
_VOTE_VALUES = ("compliance", "outcome", "submission_id", "updated_at")
_FIND_VOTE_ID = select(_V.id).where(*(_V[k] == bindparam(k) for k in _VOTE_KEY))
_INSERT_VOTE = Vote.__table__.insert()
_UPDATE_VOTE = (
    Vote.__table__.update()
    .where(_V.id == bindparam("vote_id"))
    .values({k: bindparam(k) for k in _VOTE_VALUES})
)


def _upsert(dialect) -> Any:
    """``INSERT .. ON CONFLICT (workshop, participant, item) DO UPDATE`` where the database
    has it (SQLite, PostgreSQL), else None."""
    inserts: dict[str, Callable[[Table], sqlite.Insert | postgresql.Insert]] = {
        "sqlite": sqlite.insert, "postgresql": postgresql.insert,
    }
    insert = inserts.get(dialect.name)
    if insert is None:
        return None
    stmt = insert(Vote.__table__)
    return stmt.on_conflict_do_update(
        index_elements=list(_VOTE_KEY), set_={k: stmt.excluded[k] for k in _VOTE_VALUES}
    )


_UPSERTS: dict[str, Any] = {}


def _apply(session, workshop_id, participant_id, item_id, values, submission_id) -> VoteOutcome:
    now = utcnow()
    # The first statement writes: SQLite takes its write lock here, before any read.
    session.execute(
        _INSERT_SUBMISSION,
        {"participant_id": participant_id, "submission_id": submission_id, "received_at": now},
    )
    gate = {"workshop_id": workshop_id, "participant_id": participant_id}
    status, removed = session.execute(_GATE, gate).one()
    if status != "open":
        raise WorkshopClosed()
    if removed is not None:
        raise ParticipantRemoved()
    row = {**gate, "item_id": item_id, **values, "submission_id": submission_id,
           "updated_at": now}
    dialect = session.get_bind().dialect
    if dialect.name not in _UPSERTS:
        _UPSERTS[dialect.name] = _upsert(dialect)
    upsert = _UPSERTS[dialect.name]
    if upsert is not None:
        session.execute(upsert, {**row, "created_at": now})
    else:
        vote_id = _find_vote_id(session, row)
        if vote_id is None:  # a racing insert of the same vote raises IntegrityError here
            session.execute(_INSERT_VOTE, {**row, "created_at": now})
        else:
            session.execute(_UPDATE_VOTE, {**row, "vote_id": vote_id})
    return VoteOutcome(item_id, values["compliance"], values["outcome"], applied=True)


def _find_vote_id(session: Session, row: dict[str, Any]) -> int | None:
    return session.scalar(_FIND_VOTE_ID, row)


def _submission_seen(session: Session, participant_id: int, submission_id: str) -> bool:
    return (
        session.scalar(
            select(VoteSubmission.id).where(
                VoteSubmission.participant_id == participant_id,
                VoteSubmission.submission_id == submission_id,
            )
        )
        is not None
    )


def _current(session, workshop_id, participant_id, item_id, *, applied) -> VoteOutcome:
    row = session.execute(
        select(Vote.compliance, Vote.outcome).where(
            Vote.workshop_id == workshop_id,
            Vote.participant_id == participant_id,
            Vote.item_id == item_id,
        )
    ).first()
    compliance, outcome = row if row else (None, None)
    return VoteOutcome(item_id, compliance, outcome, applied=applied)


def own_votes(session: Session, participant: Participant) -> dict[str, dict[str, int | None]]:
    rows = session.execute(
        select(Vote.item_id, Vote.compliance, Vote.outcome).where(
            Vote.participant_id == participant.id
        )
    )
    return {item: {"compliance": c, "outcome": o} for item, c, o in rows}


def item_votes(session: Session, workshop: Workshop, item_id: str) -> list[VoteRow]:
    """(name, compliance, outcome) of counted votes on one item, in joining order."""
    return votes_by_item(session, [workshop.id], item_id=item_id).get(item_id, [])


def votes_by_item(
    session: Session, workshop_ids: list[int], item_id: str | None = None
) -> dict[str, list[VoteRow]]:
    """Counted votes (removed participants left out) per item, across ``workshop_ids``;
    a participant without a name is given its neutral label."""
    stmt = (
        select(Vote.item_id, Participant.name, ORDINAL, Vote.compliance, Vote.outcome)
        .join(Participant, Participant.id == Vote.participant_id)
        .where(Vote.workshop_id.in_(workshop_ids), Participant.removed_at.is_(None))
        .order_by(Vote.workshop_id, Participant.id)
    )
    if item_id is not None:
        stmt = stmt.where(Vote.item_id == item_id)
    out: dict[str, list[VoteRow]] = defaultdict(list)
    for item, name, ordinal, compliance, outcome in session.execute(stmt):
        if compliance is not None or outcome is not None:
            out[item].append((participant_label(name, ordinal), compliance, outcome))
    return dict(out)


def group_votes(
    session: Session, workshop_ids: list[int], item_id: str | None = None
) -> dict[str, list[GroupVoteRow]]:
    """Counted votes per item as (group, compliance, outcome), across ``workshop_ids``: the
    input of the per-group spread (gapassess.domain.workshop_groups). No names."""
    stmt = (
        select(Vote.item_id, Participant.group, Vote.compliance, Vote.outcome)
        .join(Participant, Participant.id == Vote.participant_id)
        .where(Vote.workshop_id.in_(workshop_ids), Participant.removed_at.is_(None))
    )
    if item_id is not None:
        stmt = stmt.where(Vote.item_id == item_id)
    out: dict[str, list[GroupVoteRow]] = defaultdict(list)
    for item, group, compliance, outcome in session.execute(stmt):
        if compliance is not None or outcome is not None:
            out[item].append((group, compliance, outcome))
    return dict(out)


def group_votes_for_assessment(
    session: Session, assessment_id: int
) -> dict[str, list[GroupVoteRow]]:
    """(group, compliance, outcome) votes per item from the latest workshop on the
    assessment that has counted votes on that item (the group None where the workshop
    offered none). One room per item, because a vote is a person only within one room:
    pooled across workshops, two leaders who rated an item twice would pass for four
    people and be shown apart."""
    stmt = (
        select(Vote.workshop_id, Vote.item_id, Participant.group, Vote.compliance, Vote.outcome)
        .join(Participant, Participant.id == Vote.participant_id)
        .join(Workshop, Workshop.id == Vote.workshop_id)
        .where(Workshop.assessment_id == assessment_id, Participant.removed_at.is_(None))
        .order_by(Vote.workshop_id.desc())
    )
    latest: dict[str, int] = {}
    out: dict[str, list[GroupVoteRow]] = defaultdict(list)
    for workshop_id, item, group, compliance, outcome in session.execute(stmt):
        if compliance is None and outcome is None:
            continue
        if latest.setdefault(item, workshop_id) == workshop_id:
            out[item].append((group, compliance, outcome))
    return dict(out)


def votes_per_workshop(
    session: Session, assessment_id: int
) -> dict[int, dict[str, list[tuple[int | None, int | None]]]]:
    """Counted votes of each workshop on an assessment, apart: workshop id -> item id ->
    [(compliance, outcome)] (for judging each room's disagreement on its own)."""
    stmt = (
        select(Vote.workshop_id, Vote.item_id, Vote.compliance, Vote.outcome)
        .join(Participant, Participant.id == Vote.participant_id)
        .join(Workshop, Workshop.id == Vote.workshop_id)
        .where(Workshop.assessment_id == assessment_id, Participant.removed_at.is_(None))
        .order_by(Vote.workshop_id, Participant.id)
    )
    out: dict[int, dict[str, list[tuple[int | None, int | None]]]] = defaultdict(dict)
    for wid, item, compliance, outcome in session.execute(stmt):
        if compliance is not None or outcome is not None:
            out[wid].setdefault(item, []).append((compliance, outcome))
    return dict(out)


def vote_counts(session: Session, workshop: Workshop) -> dict[int, int]:
    """Votes per participant id (removed ones included), for the facilitator's list."""
    stmt = (
        select(Vote.participant_id, func.count())
        .where(Vote.workshop_id == workshop.id)
        .group_by(Vote.participant_id)
    )
    return dict(session.execute(stmt).all())


def excluded_votes(session: Session, workshop: Workshop) -> int:
    stmt = (
        select(func.count())
        .select_from(Vote)
        .join(Participant, Participant.id == Vote.participant_id)
        .where(Vote.workshop_id == workshop.id, Participant.removed_at.is_not(None))
    )
    return session.scalar(stmt) or 0


def consensus_for(session: Session, workshop: Workshop) -> dict[str, WorkshopConsensus]:
    rows = session.scalars(
        select(WorkshopConsensus).where(WorkshopConsensus.workshop_id == workshop.id)
    )
    return {row.item_id: row for row in rows}


def record_consensus(
    session: Session,
    workshop: Workshop,
    item_id: str,
    *,
    compliance: int | None,
    outcome: int | None,
    notes: str,
    user: User,
    expected_version: int | None = None,
):
    """Save the agreed answer into the assessment's Response (audited, by the facilitator).

    Raises responses.EditConflict when the answer changed since ``expected_version``, and
    AnswerInvalid (naming the field) when the values break the answer rules.
    """
    if item_id not in workshop.item_ids:
        raise WorkshopError(_("Item '%(item)s' is not part of this workshop.", item=item_id))
    values = parse_values({"compliance": compliance, "outcome": outcome, "notes": notes})
    agreed = answer_of(item_id, values)
    response = responses.save_response(
        session,
        workshop.assessment,
        item_id,
        values,
        user=user,
        expected_version=expected_version,
        confirm=True,  # the room agreed the rating: a carried answer is confirmed
    )
    row = consensus_for(session, workshop).get(item_id)
    if row is None:
        row = WorkshopConsensus(workshop_id=workshop.id, item_id=item_id)
        session.add(row)
    row.compliance, row.outcome, row.notes = agreed.compliance, agreed.outcome, agreed.notes
    row.recorded_by_id, row.recorded_at = user.id, utcnow()
    session.flush()
    return response


def votes_for_assessment(session: Session, assessment_id: int) -> dict[str, list[VoteRow]]:
    """Counted votes of every workshop on an assessment; names only where the workshop
    allows names in results."""
    workshops = session.execute(
        select(Workshop.id, Workshop.show_names).where(Workshop.assessment_id == assessment_id)
    ).all()
    if not workshops:
        return {}
    named = {wid for wid, show in workshops if show}
    stmt = (
        select(Vote.workshop_id, Vote.item_id, Participant.name, ORDINAL, Vote.compliance,
               Vote.outcome)
        .join(Participant, Participant.id == Vote.participant_id)
        .where(
            Vote.workshop_id.in_([wid for wid, _ in workshops]),
            Participant.removed_at.is_(None),
        )
        .order_by(Vote.workshop_id, Participant.id)
    )
    out: dict[str, list[VoteRow]] = defaultdict(list)
    for wid, item, name, ordinal, compliance, outcome in session.execute(stmt):
        if compliance is not None or outcome is not None:
            label = participant_label(name, ordinal) if wid in named else None
            out[item].append((label, compliance, outcome))
    return dict(out)
