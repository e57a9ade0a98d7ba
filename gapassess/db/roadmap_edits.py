"""What people decided about roadmap actions (owner, due date, status, notes), audited.

Edits are keyed by the engine's stable action id, so they survive re-scoring: an action
that comes back after answers change finds its edit again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gapassess.db import audit
from gapassess.db.models import ROADMAP_STATUSES, Assessment, RoadmapEdit, User, utcnow
from gapassess.domain.engine.owners import ActionEdit

EDIT_FIELDS = ("owner", "due", "status", "notes")


def edits_for(session: Session, assessment_id: int) -> dict[str, RoadmapEdit]:
    """Every stored edit of the assessment's roadmap, by action id."""
    rows = session.scalars(select(RoadmapEdit).where(RoadmapEdit.assessment_id == assessment_id))
    return {row.action_id: row for row in rows}


def plain_edits(edits: Mapping[str, RoadmapEdit]) -> dict[str, ActionEdit]:
    """The stored edits as the domain's plain values, by action id; the engine's rule
    (gapassess.domain.engine.owners) applies them to the roadmap for every consumer."""
    return {action_id: ActionEdit(owner=edit.owner or "", due=edit.due,
                                  status=edit.status or "planned", notes=edit.notes or "")
            for action_id, edit in edits.items()}


def action_edits_for(session: Session, assessment_id: int) -> dict[str, ActionEdit]:
    """plain_edits of the assessment's stored edits."""
    return plain_edits(edits_for(session, assessment_id))


def save_edit(
    session: Session,
    assessment: Assessment,
    action_id: str,
    values: dict[str, Any],
    *,
    user: User | None,
) -> tuple[RoadmapEdit, bool]:
    """Create or update the edit of one action; returns (edit, whether anything changed)."""
    unknown = set(values) - set(EDIT_FIELDS)
    if unknown:
        raise ValueError(f"unknown roadmap fields: {', '.join(sorted(unknown))}")
    if "status" in values and values["status"] not in ROADMAP_STATUSES:
        raise ValueError(
            f"status must be one of {', '.join(ROADMAP_STATUSES)}, not {values['status']!r}"
        )
    if values.get("due") is not None and not isinstance(values["due"], date):
        raise ValueError("due must be a date")
    edit = session.scalar(
        select(RoadmapEdit).where(
            RoadmapEdit.assessment_id == assessment.id, RoadmapEdit.action_id == action_id
        )
    )
    entity_id = f"{assessment.id}:{action_id}"
    if edit is None:
        edit = RoadmapEdit(assessment_id=assessment.id, action_id=action_id, status="planned",
                           owner="", notes="", updated_by_id=user.id if user else None)
        for name, value in values.items():
            setattr(edit, name, value)
        session.add(edit)
        session.flush()
        audit.record(session, entity_type="roadmap_edit", entity_id=entity_id, action="create",
                     organisation_id=assessment.organisation_id, user=user,
                     after=audit.snapshot(edit, EDIT_FIELDS))
        return edit, True
    before = audit.snapshot(edit, EDIT_FIELDS)
    for name, value in values.items():
        setattr(edit, name, value)
    after = audit.snapshot(edit, EDIT_FIELDS)
    if after == before:
        return edit, False
    edit.updated_by_id = user.id if user else None
    edit.updated_at = utcnow()
    session.flush()
    audit.record(session, entity_type="roadmap_edit", entity_id=entity_id, action="update",
                 organisation_id=assessment.organisation_id, user=user,
                 before=before, after=after)
    return edit, True
