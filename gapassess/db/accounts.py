"""Users, organisations and memberships."""

from __future__ import annotations

import functools
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from gapassess.db.models import ROLES, Assessment, Membership, Organisation, User
from gapassess.i18n import _, ngettext

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A user-facing problem with account data."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_role(role: str) -> None:
    """AccountError unless ``role`` is one of ROLES."""
    if role not in ROLES:
        raise AccountError(
            _("unknown role '%(role)s'; choose one of %(roles)s", role=role, roles=", ".join(ROLES))
        )


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    password: str,
    site_admin: bool = False,
    hash_method: str = "scrypt",
) -> User:
    email = normalise_email(email)
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise AccountError(_("'%(email)s' is not an email address", email=email))
    check_password_rules(password)
    if find_user(session, email):
        raise AccountError(_("a user with the email %(email)s already exists", email=email))
    user = User(
        email=email,
        name=name.strip() or email,
        password_hash=generate_password_hash(password, method=hash_method),
        is_site_admin=site_admin,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The account with this email and password, or None.

    An unknown email costs the same password check as a known one (against a hash of a
    random password), so the time taken does not tell whether an account exists.
    """
    user = find_user(session, email)
    if user is None:
        check_password_hash(_unknown_account_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    return user


@functools.cache
def _unknown_account_hash(method: str = "scrypt") -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def find_organisation(session: Session, name: str) -> Organisation | None:
    return session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.strip().lower())
    )


def add_membership(
    session: Session, user: User, organisation: Organisation, role: str
) -> Membership:
    check_role(role)
    membership = session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.organisation_id == organisation.id
        )
    )
    if membership is None:
        membership = Membership(user=user, organisation=organisation, role=role)
        session.add(membership)
    else:
        membership.role = role
    session.flush()
    return membership


def role_in(session: Session, user: User, organisation_id: int) -> str | None:
    """The user's role in the organisation; site admins act as consultants everywhere."""
    if user.is_site_admin:
        return "consultant"
    return session.scalar(
        select(Membership.role).where(
            Membership.user_id == user.id, Membership.organisation_id == organisation_id
        )
    )


def visible_organisations(session: Session, user: User) -> list[Organisation]:
    stmt = select(Organisation).order_by(Organisation.name)
    if not user.is_site_admin:
        stmt = stmt.join(Membership).where(Membership.user_id == user.id)
    return list(session.scalars(stmt))


def visible_assessments(session: Session, user: User, organisation_id: int) -> list[Assessment]:
    if role_in(session, user, organisation_id) is None:
        return []
    stmt = (
        select(Assessment)
        .where(Assessment.organisation_id == organisation_id)
        .order_by(Assessment.created_at.desc(), Assessment.id.desc())
    )
    return list(session.scalars(stmt))


def check_password_rules(password: str) -> None:
    """AccountError unless ``password`` is long enough."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            ngettext(
                "the password must have at least %(num)d character",
                "the password must have at least %(num)d characters",
                MIN_PASSWORD_LENGTH,
            )
        )


def set_password(session: Session, user: User, password: str, *, keep_session: object = None,
                 hash_method: str = "scrypt") -> None:
    """Give ``user`` a new password. Every session opened with the old one ends (but the
    one ``keep_session`` opened, when the person changed it while signed in), and so do
    any password reset links still open."""
    from gapassess.db import login_sessions, password_reset

    check_password_rules(password)
    user.password_hash = generate_password_hash(password, method=hash_method)
    login_sessions.end_sessions(session, user, keep=keep_session)
    password_reset.cancel(session, user)
