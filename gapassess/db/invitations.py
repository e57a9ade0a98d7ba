"""Invitations to join an organisation: a random token shown once, only its hash stored."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from gapassess.db import accounts, audit
from gapassess.db.accounts import AccountError
from gapassess.db.models import (
    INVITATION_DAYS,
    ROLE_RANK,
    Invitation,
    Membership,
    Organisation,
    User,
    utcnow,
)
from gapassess.db.tokens import hash_token, new_token
from gapassess.i18n import _


class InvitationProblem(AccountError):
    """The invitation cannot be used (unknown, expired, used, or for someone else)."""


EMAIL_RE = re.compile(r"^[^@\s<>()\[\]\\,;:\"']+@[^@\s<>()\[\]\\,;:\"']+\.[a-z0-9-]+$")


def _check_email(email: str) -> str:
    email = accounts.normalise_email(email)
    if len(email) > 254 or not EMAIL_RE.match(email):
        raise AccountError(_("'%(email)s' is not an email address", email=email))
    return email


def _snapshot(invitation: Invitation) -> dict:
    return {"email": invitation.email, "role": invitation.role}


def create_invitation(
    session: Session, org: Organisation, email: str, role: str, *, invited_by: User
) -> tuple[Invitation, str]:
    """Create an invitation; returns it and the token, which goes by email to the invited
    address only (never to the inviter, who could otherwise claim the address). Without
    email the token is not used: the invitation waits on the home page of whoever has (or
    is later given) an account with that address."""
    email = _check_email(email)
    accounts.check_role(role)
    existing = accounts.find_user(session, email)
    if existing is not None and _is_member(session, existing, org):
        raise AccountError(
            _("%(email)s is already a member of %(org)s", email=email, org=org.name)
        )
    for old in pending_invitations(session, org.id):
        if old.email == email:
            session.delete(old)  # the new invitation replaces an unused one
    token, digest = new_token()
    invitation = Invitation(
        organisation_id=org.id,
        email=email,
        role=role,
        token_hash=digest,
        invited_by_id=invited_by.id,
        expires_at=utcnow() + timedelta(days=INVITATION_DAYS),
    )
    session.add(invitation)
    session.flush()
    audit.record(
        session,
        entity_type="invitation",
        entity_id=invitation.id,
        action="create",
        organisation_id=org.id,
        user=invited_by,
        after=_snapshot(invitation),
    )
    return invitation, token


def _is_member(session: Session, user: User, org: Organisation) -> bool:
    return (
        session.scalar(
            select(Membership.id).where(
                Membership.user_id == user.id, Membership.organisation_id == org.id
            )
        )
        is not None
    )


def pending_invitations(session: Session, organisation_id: int) -> list[Invitation]:
    stmt = (
        select(Invitation)
        .where(Invitation.organisation_id == organisation_id, Invitation.accepted_at.is_(None))
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    )
    return list(session.scalars(stmt))


def invitations_for(session: Session, user: User) -> list[Invitation]:
    """The open invitations to ``user``'s address, newest first."""
    stmt = (
        select(Invitation)
        .where(Invitation.email == accounts.normalise_email(user.email),
               Invitation.accepted_at.is_(None), Invitation.expires_at > utcnow())
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    )
    return list(session.scalars(stmt))


def find_invitation(session: Session, token: str) -> Invitation | None:
    if not token or len(token) > 200:
        return None
    return session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))


def is_expired(invitation: Invitation, now: datetime | None = None) -> bool:
    return (now or utcnow()) >= invitation.expires_at


def usable(invitation: Invitation | None, now: datetime | None = None) -> Invitation:
    """Raise InvitationProblem with a message a person understands, else return ``invitation``."""
    if invitation is None:
        raise InvitationProblem(_(
            "This invitation link is not valid. Check that you copied the whole link, "
            "or ask the consultant for a new invitation."
        ))
    if invitation.accepted_at is not None:
        raise InvitationProblem(_(
            "This invitation has already been used. Log in with the account that accepted it, "
            "or ask the consultant for a new invitation."
        ))
    if is_expired(invitation, now):
        raise InvitationProblem(_(
            "This invitation has expired. Ask the consultant of %(org)s for a new one.",
            org=invitation.organisation.name,
        ))
    return invitation


def accept(session: Session, invitation: Invitation, user: User) -> Membership:
    """Join ``user`` to the invitation's organisation; the invitation is then used up."""
    session.refresh(invitation, with_for_update=True)
    usable(invitation)
    if accounts.normalise_email(user.email) != invitation.email:
        raise InvitationProblem(_(
            "This invitation is for %(invited)s, but you are logged in as %(user)s. "
            "Log out and open the link again.",
            invited=invitation.email, user=user.email,
        ))
    org = invitation.organisation
    current = session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.organisation_id == org.id
        )
    )
    role = invitation.role
    if current is not None and ROLE_RANK[current.role] >= ROLE_RANK[role]:
        role = current.role  # an invitation never lowers an existing role
    membership = accounts.add_membership(session, user, org, role)
    invitation.accepted_at = utcnow()
    audit.record(
        session,
        entity_type="invitation",
        entity_id=invitation.id,
        action="accept",
        organisation_id=org.id,
        user=user,
        after={"email": user.email, "role": role},
    )
    return membership


def register_and_accept(
    session: Session, invitation: Invitation, *, name: str, password: str
) -> User:
    """Create the invited person's account and join them; raises AccountError on bad input."""
    usable(invitation)
    user = accounts.create_user(session, email=invitation.email, name=name, password=password)
    accept(session, invitation, user)
    return user


def revoke(session: Session, invitation: Invitation, *, user: User) -> None:
    audit.record(
        session,
        entity_type="invitation",
        entity_id=invitation.id,
        action="delete",
        organisation_id=invitation.organisation_id,
        user=user,
        before=_snapshot(invitation),
    )
    session.delete(invitation)
    session.flush()
