"""Password reset links: single-use, expiring tokens sent to the account's address.

Only a hash of each token is stored. Asking again replaces the links still open; using
one, or changing the password any other way, ends them all.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import ObjectDeletedError

from gapassess.db import accounts
from gapassess.db.models import AccountToken, User, utcnow
from gapassess.db.tokens import hash_token, new_token
from gapassess.i18n import _

PURPOSE = "password-reset"  # i18n: not shown
#: How long a reset link works.
RESET_HOURS = 1
_TOKEN_LENGTH = 100


def new_reset_token() -> str:
    """A token for ``issue``, made before anyone looks for the account (so asking for an
    unknown address costs the same)."""
    return new_token()[0]


def issue(session: Session, email: str, token: str | None = None) -> tuple[User, str] | None:
    """A new reset token for the account using ``email`` (and the account), or None when no
    account does. The caller sends the token to ``user.email`` and never shows it."""
    user = accounts.find_user(session, email)
    if user is None:
        return None
    cancel(session, user)
    token = token or new_reset_token()
    digest = hash_token(token)
    now = utcnow()
    session.add(AccountToken(user_id=user.id, purpose=PURPOSE, token_hash=digest,
                             created_at=now, expires_at=now + timedelta(hours=RESET_HOURS)))
    session.flush()
    return user, token


def usable(session: Session, token: str) -> AccountToken | None:
    """The open, unexpired reset token ``token`` names, or None."""
    if not token or len(token) > _TOKEN_LENGTH:
        return None
    row = session.scalar(select(AccountToken).where(
        AccountToken.token_hash == hash_token(token), AccountToken.purpose == PURPOSE))
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    return row


def reset(session: Session, row: AccountToken, password: str) -> User:
    """Set the new password through ``row`` (checked by ``usable``); the token is used up
    and every session of the account ends. AccountError when the password breaks a rule."""
    try:
        session.refresh(row, with_for_update=True)  # one of two at once wins
    except ObjectDeletedError:
        raise accounts.AccountError(_used()) from None
    user = row.user
    accounts.set_password(session, user, password)  # also cancels the open tokens
    return user


def cancel(session: Session, user: User) -> None:
    """End every reset link of ``user`` still open."""
    session.execute(delete(AccountToken).where(
        AccountToken.user_id == user.id, AccountToken.purpose == PURPOSE))
    session.flush()


def _used() -> str:
    return _("this reset link has already been used")
