"""Creating and editing organisations, with an audit event for every change."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gapassess.db import accounts, audit
from gapassess.db.models import Assessment, Membership, Organisation, User

ORGANISATION_FIELDS = (
    "name",
    "sector",
    "size",
    "sites",
    "certification_status",
    "certification_body",
    "certificate_expiry",
    "next_audit_date",
    "cb_transition_end",
    "cb_all_audits_date",
    "target_audit_date",
    "capacity_days_per_month",
    "scoring_model",
    "country",
    "shutdown_periods",
)


def create_organisation(session: Session, values: dict[str, Any], *, creator: User) -> Organisation:
    """Create an organisation; its creator becomes its consultant."""
    unknown = set(values) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValueError(f"unknown organisation fields: {', '.join(sorted(unknown))}")
    org = Organisation(**values)
    session.add(org)
    session.flush()
    accounts.add_membership(session, creator, org, "consultant")
    audit.record(
        session,
        entity_type="organisation",
        entity_id=org.id,
        action="create",
        organisation_id=org.id,
        user=creator,
        after=audit.snapshot(org, ORGANISATION_FIELDS),
    )
    return org


def update_organisation(
    session: Session, org: Organisation, values: dict[str, Any], *, user: User
) -> bool:
    """Apply ``values``; returns whether anything changed."""
    event = audit.update_fields(
        session,
        org,
        values,
        ORGANISATION_FIELDS,
        entity_type="organisation",
        organisation_id=org.id,
        user=user,
    )
    return event is not None


def all_organisations(session: Session) -> list[tuple[Organisation, int, int]]:
    """Every organisation with its member and assessment counts (site admin overview)."""
    members = (
        select(func.count(Membership.id))
        .where(Membership.organisation_id == Organisation.id)
        .scalar_subquery()
    )
    assessments = (
        select(func.count(Assessment.id))
        .where(Assessment.organisation_id == Organisation.id)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Organisation, members, assessments).order_by(Organisation.name, Organisation.id)
    )
    return [(org, n_members, n_assessments) for org, n_members, n_assessments in rows]


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))
