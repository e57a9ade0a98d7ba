"""Reading and saving answers for the questionnaire pages.

``save_answer`` wraps ``responses.save_response``: a lost race at the database (two saves of
the same version at once) becomes the same ``EditConflict`` as a stale version, and a save
whose values already match what is stored is not a conflict at all (nothing would be lost).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, and_, bindparam, case, cast, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from gapassess.db import audit, responses
from gapassess.db.models import Assessment, AuditEvent, Response
from gapassess.db.responses import NOT_LOADED, RESPONSE_FIELDS, EditConflict

EMPTY_VALUES: dict[str, Any] = {
    "compliance": None,
    "outcome": None,
    "not_applicable": False,
    "justification": "",
    "evidence": "",
    "notes": "",
    "owner": "",
}


def values_of(response: Response | None) -> dict[str, Any]:
    """All answer fields of ``response`` (the empty answer when there is none)."""
    if response is None:
        return dict(EMPTY_VALUES)
    return {name: getattr(response, name) for name in RESPONSE_FIELDS}


def responses_by_item(session: Session, assessment_id: int) -> dict[str, Response]:
    rows = session.scalars(select(Response).where(Response.assessment_id == assessment_id))
    return {row.item_id: row for row in rows}


# What progress needs of a stored answer, as bits.
RATED = 1  # both axes rated
JUSTIFIED_NOT_APPLICABLE = 2  # marked not applicable, with a justification
FILLED = 4  # anything at all filled in (a level, level 0 included, the flag or any text)

_R = Response.__table__.c
_FLAGS = (
    case((and_(_R.compliance.is_not(None), _R.outcome.is_not(None)), RATED), else_=0)
    + case(
        (and_(_R.not_applicable, func.trim(_R.justification) != ""), JUSTIFIED_NOT_APPLICABLE),
        else_=0,
    )
    + case(
        (
            or_(
                _R.compliance.is_not(None),
                _R.outcome.is_not(None),
                _R.not_applicable,
                _R.justification != "",
                _R.evidence != "",
                _R.notes != "",
                _R.owner != "",
            ),
            FILLED,
        ),
        else_=0,
    )
)
# One row ("<item id>:<bits>,..."), however many answers: every row fetched from SQLite
# hands the interpreter lock to another thread and back, which under load costs more than
# the query.
_PROGRESS = select(func.aggregate_strings(_R.item_id + ":" + cast(_FLAGS, String), ",")).where(
    _R.assessment_id == bindparam("assessment_id")
)


def progress_flags(session: Session, assessment_id: int) -> dict[str, int]:
    """Each stored answer's progress bits (RATED, JUSTIFIED_NOT_APPLICABLE, FILLED) by item id,
    computed by the database without loading the answers. Item ids hold no ',' or ':'.
    """
    text = session.execute(_PROGRESS, {"assessment_id": assessment_id}).scalar()
    if not text:
        return {}
    pairs = (entry.rpartition(":") for entry in text.split(","))
    return {item_id: int(bits) for item_id, _, bits in pairs}


def save_answer(
    session: Session,
    assessment: Assessment,
    item_id: str,
    values: dict[str, Any],
    *,
    user,
    expected_version: int,
    current: Response | None = NOT_LOADED,
) -> Response:
    """Save one item's answer if nobody saved it since ``expected_version`` (0: never saved).

    ``current``: the stored answer when the caller has just read it (see save_response).
    Raises EditConflict otherwise; the caller commits on success.
    """
    try:
        response = responses.save_response(
            session,
            assessment,
            item_id,
            values,
            user=user,
            expected_version=expected_version,
            current=current,
        )
        session.flush()
        return response
    except EditConflict as conflict:
        if all(conflict.theirs.get(name) == value for name, value in values.items()):
            if current is not NOT_LOADED and current is not None:
                return current  # the refused save left the stored answer untouched
            return responses.get_response(session, assessment.id, item_id)
        raise
    except (StaleDataError, IntegrityError):
        session.rollback()
        current = responses.get_response(session, assessment.id, item_id)
        raise EditConflict(
            item_id=item_id,
            theirs=values_of(current),
            yours=dict(values),
            current_version=current.version if current else 0,
        ) from None


def item_histories(
    session: Session, assessment_id: int, item_ids: list[str]
) -> dict[str, list[AuditEvent]]:
    """Audit events per item (newest first), fetched in one query."""
    keys = {audit.response_entity(assessment_id, item_id): item_id for item_id in item_ids}
    result: dict[str, list[AuditEvent]] = {item_id: [] for item_id in item_ids}
    if not keys:
        return result
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.entity_type == "response", AuditEvent.entity_id.in_(list(keys)))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    for event in session.scalars(stmt):
        result[keys[event.entity_id]].append(event)
    return result


_A = AuditEvent.__table__.c
_ITEM_HISTORY = (
    select(_A.actor, _A.at, _A.action, _A.before, _A.after)
    .where(
        _A.organisation_id == bindparam("organisation_id"),
        _A.entity_type == "response",
        _A.entity_id == bindparam("entity_id"),
    )
    .order_by(_A.at.desc(), _A.id.desc())
)


def history_rows(session: Session, assessment: Assessment, item_id: str) -> list[Any]:
    """One item's change history, newest first, as rows of just the columns the page shows
    (actor, at, action, before, after) rather than ORM objects.

    Narrowed to the assessment's organisation too (every response event records it): the
    database then reads only that organisation's events, through their index.
    """
    params = {
        "organisation_id": assessment.organisation_id,
        "entity_id": audit.response_entity(assessment.id, item_id),
    }
    return list(session.execute(_ITEM_HISTORY, params))
