"""Workshop votes: idempotent recording, reading them back, and the consensus answer.

A vote is applied at most once per client submission id, and a participant has at most one
vote per item (a changed vote replaces the earlier one). ``record_vote`` owns its
transaction so it can retry when two requests race on the same rows: on SQLite its first
statement is a write, so it holds the write lock before reading anything; on PostgreSQL the
workshop and participant rows are read ``FOR SHARE`` so closing or removing waits for votes
in flight, and a unique-constraint race is retried as an update.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
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
from gapassess.db.workshops import ParticipantRemoved, WorkshopClosed, WorkshopError

SUBMISSION_ID_MAX = 64
ATTEMPTS = 4
_SQLITE_WRITES = threading.Lock()

VoteRow = tuple[str | None, int | None, int | None]


@dataclass(frozen=True)
class VoteOutcome:
    item_id: str
    compliance: int | None
    outcome: int | None
    applied: bool  # False when the submission id had been seen before (a retry)


def _check_vote(workshop: Workshop, item_id: str, values: dict[str, Any], submission_id: str):
    if item_id not in workshop.item_ids:
        raise WorkshopError(f"Item '{item_id}' is not part of this workshop.")
    for axis in ("compliance", "outcome"):
        level = values[axis]
        if level is not None and (isinstance(level, bool) or level not in range(5)):
            raise WorkshopError(f"{axis} must be a whole number from 0 to 4.")
    if not submission_id or len(submission_id) > SUBMISSION_ID_MAX:
        raise WorkshopError(f"A submission id of 1 to {SUBMISSION_ID_MAX} characters is needed.")


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
    session.commit()  # nothing of ours pending: start the vote in a fresh transaction
    for _attempt in range(ATTEMPTS):
        try:
            with _writer(session):
                outcome_ = _apply(
                    session, workshop_id, participant_id, item_id, values, submission_id
                )
                session.commit()
            return outcome_
        except IntegrityError:
            session.rollback()
            if _submission_seen(session, participant_id, submission_id):
                return _current(session, workshop_id, participant_id, item_id, applied=False)
        except WorkshopError:
            session.rollback()
            raise
    raise WorkshopError("The vote could not be saved; please try again.")


def _writer(session: Session):
    """SQLite has one writer at a time: queue this process's vote writers on a lock rather
    than let them poll SQLite's busy handler, where an unlucky request can starve."""
    return _SQLITE_WRITES if session.get_bind().dialect.name == "sqlite" else nullcontext()


def _apply(session, workshop_id, participant_id, item_id, values, submission_id) -> VoteOutcome:
    # The first statement writes: SQLite takes its write lock here, before any read.
    session.add(VoteSubmission(participant_id=participant_id, submission_id=submission_id))
    session.flush()
    status, removed = session.execute(
        select(Workshop.status, Participant.removed_at)
        .join(Participant, Participant.workshop_id == Workshop.id)
        .where(Workshop.id == workshop_id, Participant.id == participant_id)
        .with_for_update(read=True)
    ).one()
    if status != "open":
        raise WorkshopClosed()
    if removed is not None:
        raise ParticipantRemoved()
    vote = _find_vote(session, workshop_id, participant_id, item_id)
    if vote is None:
        vote = Vote(workshop_id=workshop_id, participant_id=participant_id, item_id=item_id)
        session.add(vote)
    vote.compliance = values["compliance"]
    vote.outcome = values["outcome"]
    vote.submission_id = submission_id
    vote.updated_at = utcnow()
    session.flush()  # a racing insert of the same vote raises IntegrityError here
    return VoteOutcome(item_id, vote.compliance, vote.outcome, applied=True)


def _find_vote(session: Session, workshop_id, participant_id, item_id) -> Vote | None:
    return session.scalar(
        select(Vote)
        .where(
            Vote.workshop_id == workshop_id,
            Vote.participant_id == participant_id,
            Vote.item_id == item_id,
        )
        .execution_options(populate_existing=True)
    )


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
    """Counted votes (removed participants left out) per item, across ``workshop_ids``."""
    stmt = (
        select(Vote.item_id, Participant.name, Vote.compliance, Vote.outcome)
        .join(Participant, Participant.id == Vote.participant_id)
        .where(Vote.workshop_id.in_(workshop_ids), Participant.removed_at.is_(None))
        .order_by(Vote.workshop_id, Participant.id)
    )
    if item_id is not None:
        stmt = stmt.where(Vote.item_id == item_id)
    out: dict[str, list[VoteRow]] = defaultdict(list)
    for item, name, compliance, outcome in session.execute(stmt):
        if compliance is not None or outcome is not None:
            out[item].append((name, compliance, outcome))
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

    Raises responses.EditConflict when the answer changed since ``expected_version``.
    """
    if item_id not in workshop.item_ids:
        raise WorkshopError(f"Item '{item_id}' is not part of this workshop.")
    response = responses.save_response(
        session,
        workshop.assessment,
        item_id,
        {"compliance": compliance, "outcome": outcome, "notes": notes},
        user=user,
        expected_version=expected_version,
    )
    row = consensus_for(session, workshop).get(item_id)
    if row is None:
        row = WorkshopConsensus(workshop_id=workshop.id, item_id=item_id)
        session.add(row)
    row.compliance, row.outcome, row.notes = compliance, outcome, notes
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
        select(Vote.workshop_id, Vote.item_id, Participant.name, Vote.compliance, Vote.outcome)
        .join(Participant, Participant.id == Vote.participant_id)
        .where(
            Vote.workshop_id.in_([wid for wid, _ in workshops]),
            Participant.removed_at.is_(None),
        )
        .order_by(Vote.workshop_id, Participant.id)
    )
    out: dict[str, list[VoteRow]] = defaultdict(list)
    for wid, item, name, compliance, outcome in session.execute(stmt):
        if compliance is not None or outcome is not None:
            out[item].append((name if wid in named else None, compliance, outcome))
    return dict(out)
