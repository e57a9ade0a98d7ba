"""Members of an organisation: listing, changing roles, removing; never the last consultant."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gapassess.db import accounts, audit
from gapassess.db.accounts import AccountError
from gapassess.db.models import Membership, Organisation, User
from gapassess.i18n import _


class LastConsultantError(AccountError):
    """The change would leave the organisation without a consultant."""


def list_members(session: Session, organisation_id: int) -> list[Membership]:
    stmt = (
        select(Membership)
        .join(User)
        .where(Membership.organisation_id == organisation_id)
        .order_by(func.lower(User.name), User.email)
    )
    return list(session.scalars(stmt))


def get_membership(session: Session, organisation_id: int, membership_id: int) -> Membership | None:
    membership = session.get(Membership, membership_id)
    if membership is None or membership.organisation_id != organisation_id:
        return None
    return membership


def _consultants(session: Session, organisation_id: int) -> int:
    # Lock the organisation row (PostgreSQL) so two concurrent demotions cannot both pass.
    session.get(Organisation, organisation_id, with_for_update=True, populate_existing=True)
    return session.scalar(
        select(func.count(Membership.id)).where(
            Membership.organisation_id == organisation_id, Membership.role == "consultant"
        )
    ) or 0  # a COUNT always gives a row; the 0 is for the type checker


def _snapshot(membership: Membership) -> dict:
    return {"email": membership.user.email, "role": membership.role}


def change_role(session: Session, membership: Membership, role: str, *, user: User) -> bool:
    """Give the member ``role``; returns whether it changed."""
    accounts.check_role(role)
    if membership.role == role:
        return False
    if membership.role == "consultant" and _consultants(session, membership.organisation_id) <= 1:
        raise LastConsultantError(_(
            "%(name)s is the only consultant; make someone else a consultant first",
            name=membership.user.name,
        ))
    before = _snapshot(membership)
    membership.role = role
    session.flush()
    audit.record(
        session,
        entity_type="membership",
        entity_id=membership.id,
        action="update",
        organisation_id=membership.organisation_id,
        user=user,
        before=before,
        after=_snapshot(membership),
    )
    return True


def remove_member(session: Session, membership: Membership, *, user: User) -> None:
    if membership.role == "consultant" and _consultants(session, membership.organisation_id) <= 1:
        raise LastConsultantError(_(
            "%(name)s is the only consultant and cannot be removed; "
            "make someone else a consultant first",
            name=membership.user.name,
        ))
    audit.record(
        session,
        entity_type="membership",
        entity_id=membership.id,
        action="delete",
        organisation_id=membership.organisation_id,
        user=user,
        before=_snapshot(membership),
    )
    session.delete(membership)
    session.flush()
