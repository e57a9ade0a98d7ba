"""Saving answers with optimistic concurrency and an audit event for every change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gapassess.db import audit
from gapassess.db.models import Assessment, Response, User, utcnow

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


def get_response(session: Session, assessment_id: int, item_id: str) -> Response | None:
    return session.scalar(
        select(Response).where(Response.assessment_id == assessment_id, Response.item_id == item_id)
    )


def _check_levels(values: dict[str, Any]) -> None:
    for axis in ("compliance", "outcome"):
        level = values.get(axis)
        if level is not None and (not isinstance(level, int) or not 0 <= level <= 4):
            raise ValueError(f"{axis} must be a whole number from 0 to 4, not {level!r}")


def save_response(
    session: Session,
    assessment: Assessment,
    item_id: str,
    values: dict[str, Any],
    *,
    user: User | None,
    expected_version: int | None = None,
    actor: str = "",
) -> Response:
    """Create or update one answer. ``expected_version`` guards against lost updates."""
    unknown = set(values) - set(RESPONSE_FIELDS)
    if unknown:
        raise ValueError(f"unknown response fields: {', '.join(sorted(unknown))}")
    _check_levels(values)
    response = get_response(session, assessment.id, item_id)
    if response is None:
        response = Response(assessment_id=assessment.id, item_id=item_id, updated_by=user)
        for name, value in values.items():
            setattr(response, name, value)
        session.add(response)
        session.flush()
        audit.record(
            session,
            entity_type="response",
            entity_id=f"{assessment.id}:{item_id}",
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
        for name, value in values.items():
            setattr(response, name, value)
        after = audit.snapshot(response, RESPONSE_FIELDS)
        if after != before:
            response.updated_by = user
            response.updated_at = utcnow()
            session.flush()
            audit.record(
                session,
                entity_type="response",
                entity_id=f"{assessment.id}:{item_id}",
                action="update",
                organisation_id=assessment.organisation_id,
                user=user,
                actor=actor,
                before=before,
                after=after,
            )
    assessment.updated_at = utcnow()
    return response


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
    unknown = set(values) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown assessment fields: {', '.join(sorted(unknown))}")
    before = audit.snapshot(assessment, ASSESSMENT_FIELDS)
    for name, value in values.items():
        setattr(assessment, name, value)
    session.flush()
    audit.record(
        session,
        entity_type="assessment",
        entity_id=assessment.id,
        action="update",
        organisation_id=assessment.organisation_id,
        user=user,
        before=before,
        after=audit.snapshot(assessment, ASSESSMENT_FIELDS),
    )
    return assessment
