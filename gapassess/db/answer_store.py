"""Reading and saving answers for the questionnaire pages.

``save_answer`` wraps ``responses.save_response``: a lost race at the database (two saves of
the same version at once) becomes the same ``EditConflict`` as a stale version, and a save
whose values already match what is stored is not a conflict at all (nothing would be lost).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from gapassess.db import audit, responses
from gapassess.db.models import Assessment, AuditEvent, Response
from gapassess.db.responses import NOT_LOADED, EditConflict
from gapassess.domain.answers import ANSWER_FIELDS, EMPTY_VALUES, ItemRule


def values_of(response: Response | None) -> dict[str, Any]:
    """All answer fields of ``response`` (the empty answer when there is none)."""
    if response is None:
        return dict(EMPTY_VALUES)
    return {name: getattr(response, name) for name in ANSWER_FIELDS}


def responses_by_item(session: Session, assessment_id: int) -> dict[str, Response]:
    rows = session.scalars(select(Response).where(Response.assessment_id == assessment_id))
    return {row.item_id: row for row in rows}


def save_answer(
    session: Session,
    assessment: Assessment,
    item_id: str,
    values: dict[str, Any],
    *,
    user,
    expected_version: int,
    current: Response | None = NOT_LOADED,
    item: ItemRule | None = NOT_LOADED,
) -> tuple[Response, AuditEvent | None]:
    """Save one item's answer if nobody saved it since ``expected_version`` (0: never saved).

    Returns the answer and the audit event of the change (None when nothing changed).
    ``current``: the stored answer when the caller has just read it, ``item`` the bank's
    item (see save_response_recorded).
    Raises EditConflict otherwise; the caller commits on success.
    """
    try:
        response, event = responses.save_response_recorded(
            session,
            assessment,
            item_id,
            values,
            user=user,
            expected_version=expected_version,
            current=current,
            item=item,
        )
        session.flush()
        return response, event
    except EditConflict as conflict:
        if all(conflict.theirs.get(name) == value for name, value in values.items()):
            if current is not NOT_LOADED and current is not None:
                return current, None  # the refused save left the stored answer untouched
            stored = responses.get_response(session, assessment.id, item_id)
            if stored is not None:
                return stored, None
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
