"""Audit trail: one event for every change to responses and assessments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gapassess.db.models import AuditEvent, User, utcnow


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The JSON-safe values of ``fields`` on ``obj``."""
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = value.isoformat() if isinstance(value, date | datetime) else value
    return out


def _event_values(
    entity_type: str,
    entity_id: str | int,
    action: str,
    organisation_id: int | None,
    user: User | None,
    actor: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> dict[str, Any] | None:
    """The event's columns; None for an update that changed nothing."""
    if action == "update" and before is not None and after is not None:
        changed = {k for k in after if before.get(k) != after.get(k)}
        if not changed:
            return None
        before = {k: before.get(k) for k in changed}
        after = {k: after[k] for k in changed}
    return {
        "entity_type": entity_type,
        "entity_id": str(entity_id),
        "action": action,
        "organisation_id": organisation_id,
        "user_id": user.id if user else None,
        "actor": actor or (user.name if user else "system"),
        "before": before,
        "after": after,
    }


_INSERT = AuditEvent.__table__.insert()


def record(
    session: Session,
    *,
    entity_type: str,
    entity_id: str | int,
    action: str,
    organisation_id: int | None,
    user: User | None = None,
    actor: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    immediate: bool = False,
) -> AuditEvent | None:
    """Add an audit event; an update that changed nothing records nothing.

    ``immediate`` writes the event at once with one INSERT in the session's transaction,
    with no ORM object to track and flush (the answer autosave runs on every edit); the
    event returned is then a detached copy of what was written, outside the session.
    """
    values = _event_values(
        entity_type, entity_id, action, organisation_id, user, actor, before, after
    )
    if values is None:
        return None
    if immediate:
        values["at"] = utcnow()
        session.execute(_INSERT, values)
        return AuditEvent(**values)
    event = AuditEvent(**values)
    session.add(event)
    return event


def update_fields(
    session: Session,
    obj: Any,
    values: dict[str, Any],
    fields: tuple[str, ...],
    *,
    entity_type: str,
    organisation_id: int | None,
    user: User | None,
) -> AuditEvent | None:
    """Set ``values`` (names from ``fields`` only) on ``obj`` and record what changed.

    Returns the audit event, or None when nothing changed.
    """
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"unknown {entity_type} fields: {', '.join(sorted(unknown))}")
    before = snapshot(obj, fields)
    for name, value in values.items():
        setattr(obj, name, value)
    session.flush()
    return record(
        session,
        entity_type=entity_type,
        entity_id=obj.id,
        action="update",
        organisation_id=organisation_id,
        user=user,
        before=before,
        after=snapshot(obj, fields),
    )


def response_entity(assessment_id: int, item_id: str) -> str:
    """The audit entity id of one item's answer in one assessment."""
    return f"{assessment_id}:{item_id}"


def history(session: Session, entity_type: str, entity_id: str | int) -> list[AuditEvent]:
    """Events for one entity, newest first."""
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == str(entity_id))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    return list(session.scalars(stmt))
