"""Saving answers with optimistic concurrency and an audit event for every change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from gapassess.db import audit
from gapassess.db.models import Assessment, AuditEvent, Response, User, utcnow
from gapassess.domain.scale import is_level

RESPONSE_FIELDS = (
    "compliance",
    "outcome",
    "not_applicable",
    "justification",
    "evidence",
    "notes",
    "owner",
)
ASSESSMENT_FIELDS = ("title", "scope", "status", "baseline_id", "questionnaire_id")
NOT_LOADED: Any = object()  # ``current`` default: look the stored answer up


@dataclass
class EditConflict(Exception):
    """Someone saved the item after the version the editor started from."""

    item_id: str
    theirs: dict[str, Any]
    yours: dict[str, Any]
    current_version: int

    def __str__(self) -> str:
        return (
            f"item {self.item_id} was changed by someone else (now version {self.current_version})"
        )


# Built once: composing the statement costs more than running it.
_BY_ITEM = select(Response).where(
    Response.assessment_id == bindparam("assessment_id"), Response.item_id == bindparam("item_id")
)


def get_response(session: Session, assessment_id: int, item_id: str) -> Response | None:
    return session.scalar(_BY_ITEM, {"assessment_id": assessment_id, "item_id": item_id})


_R = Response.__table__.c
_WRITTEN = (*RESPONSE_FIELDS, "updated_by_id", "updated_at", "version")
# The optimistic update: it changes the row only while it still has the version we read.
_UPDATE = (
    Response.__table__.update()
    .where(_R.id == bindparam("b_id"), _R.version == bindparam("b_version"))
    .values({name: bindparam(f"v_{name}") for name in _WRITTEN})
)


def _write_update(session: Session, response: Response, values: dict, user: User | None) -> None:
    """One UPDATE of a stored answer, guarded by its version; the object is then set to what
    was written (as committed state, so nothing is written twice).

    Raises StaleDataError, as the ORM's own version check does, when someone else's save
    got there first.
    """
    written = {
        **values,
        "updated_by_id": user.id if user else None,
        "updated_at": utcnow(),
        "version": response.version + 1,
    }
    params = {f"v_{name}": written[name] for name in _WRITTEN}
    params.update(b_id=response.id, b_version=response.version)
    result = session.execute(_UPDATE, params)
    if result.rowcount != 1:
        raise StaleDataError(f"response {response.id} is no longer at version {response.version}")
    for name, value in written.items():
        set_committed_value(response, name, value)
    set_committed_value(response, "updated_by", user)


def _check_levels(values: dict[str, Any]) -> None:
    for axis in ("compliance", "outcome"):
        level = values.get(axis)
        if level is not None and not is_level(level):
            raise ValueError(f"{axis} must be a whole number from 0 to 4, not {level!r}")


def save_response(
    session: Session, assessment: Assessment, item_id: str, values: dict[str, Any], **options
) -> Response:
    """Create or update one answer and return it; ``options`` and the rules are those of
    ``save_response_recorded``."""
    return save_response_recorded(session, assessment, item_id, values, **options)[0]


def save_response_recorded(
    session: Session,
    assessment: Assessment,
    item_id: str,
    values: dict[str, Any],
    *,
    user: User | None,
    expected_version: int | None = None,
    actor: str = "",
    current: Response | None = NOT_LOADED,
) -> tuple[Response, AuditEvent | None]:
    """Create or update one answer; returns it with the audit event recorded for the change
    (None when the values were already stored). ``expected_version`` guards against lost
    updates.

    ``current`` is the stored answer (None: there is none) when the caller has just read
    it in this session, which spares a second query. Changes are written at once: a new
    answer by a flush (so its audit event records the stored defaults), an update by one
    version-guarded UPDATE that raises StaleDataError when a concurrent save won the race.
    The assessment row is not written: its ``updated_at`` is when the assessment itself
    changed, and the latest answer's time is the newest ``response.updated_at``.
    """
    unknown = set(values) - set(RESPONSE_FIELDS)
    if unknown:
        raise ValueError(f"unknown response fields: {', '.join(sorted(unknown))}")
    _check_levels(values)
    if current is NOT_LOADED:
        current = get_response(session, assessment.id, item_id)
    response = current
    if response is None:
        response = Response(assessment_id=assessment.id, item_id=item_id, updated_by=user)
        for name, value in values.items():
            setattr(response, name, value)
        session.add(response)
        session.flush()
        event = audit.record(
            session,
            entity_type="response",
            entity_id=audit.response_entity(assessment.id, item_id),
            action="create",
            organisation_id=assessment.organisation_id,
            user=user,
            actor=actor,
            after=audit.snapshot(response, RESPONSE_FIELDS),
        )
    else:
        if expected_version is not None and response.version != expected_version:
            raise EditConflict(
                item_id=item_id,
                theirs=audit.snapshot(response, RESPONSE_FIELDS),
                yours=dict(values),
                current_version=response.version,
            )
        before = audit.snapshot(response, RESPONSE_FIELDS)
        after = {**before, **values}
        event = None
        if after != before:
            _write_update(session, response, after, user)
            event = audit.record(
                session,
                immediate=True,
                entity_type="response",
                entity_id=audit.response_entity(assessment.id, item_id),
                action="update",
                organisation_id=assessment.organisation_id,
                user=user,
                actor=actor,
                before=before,
                after=after,
            )
    return response, event


def create_assessment(
    session: Session,
    *,
    organisation_id: int,
    questionnaire_id: str,
    questionnaire_version: str,
    title: str,
    scope: str = "",
    baseline_id: int | None = None,
    user: User | None = None,
) -> Assessment:
    assessment = Assessment(
        organisation_id=organisation_id,
        questionnaire_id=questionnaire_id,
        questionnaire_version=questionnaire_version,
        title=title,
        scope=scope,
        baseline_id=baseline_id,
    )
    session.add(assessment)
    session.flush()
    audit.record(
        session,
        entity_type="assessment",
        entity_id=assessment.id,
        action="create",
        organisation_id=organisation_id,
        user=user,
        after=audit.snapshot(assessment, ASSESSMENT_FIELDS),
    )
    return assessment


def update_assessment(
    session: Session, assessment: Assessment, values: dict[str, Any], *, user: User | None
) -> Assessment:
    audit.update_fields(
        session,
        assessment,
        values,
        ASSESSMENT_FIELDS,
        entity_type="assessment",
        organisation_id=assessment.organisation_id,
        user=user,
    )
    return assessment
