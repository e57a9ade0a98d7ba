"""Password reset links: single-use, expiring tokens sent to the account's address.

Only a hash of each token is stored. Asking again within a few minutes sends nothing (the
link already sent works); later, a new link replaces it. Using one, or changing the
password any other way, ends them all.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gapassess.db import accounts
from gapassess.db.models import AccountToken, User, utcnow
from gapassess.db.tokens import hash_token, new_token
from gapassess.i18n import _

PURPOSE = "password-reset"  # i18n: not shown
#: How long a reset link works.
RESET_HOURS = 1
#: A new link is made at most this often for one account (the last one keeps working).
RESEND_MINUTES = 5
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
    now = utcnow()
    if session.scalar(select(AccountToken.id).where(
            AccountToken.user_id == user.id, AccountToken.purpose == PURPOSE,
            AccountToken.created_at > now - timedelta(minutes=RESEND_MINUTES))) is not None:
        return None  # one link a few minutes: asking again and again floods nobody's mailbox
    cancel(session, user)
    token = token or new_reset_token()
    digest = hash_token(token)
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
    if row is None or row.expires_at <= utcnow():  # a used link is deleted, so gone
        return None
    return row


def reset(session: Session, row: AccountToken, password: str) -> User:
    """Set the new password through ``row`` (checked by ``usable``); the token is used up
    and every session of the account ends. AccountError when the password breaks a rule."""
    user = row.user
    # used up first: of two requests at once, only the one whose delete removed it goes on
    used = session.execute(delete(AccountToken).where(AccountToken.id == row.id))
    if getattr(used, "rowcount", 0) != 1:
        raise accounts.AccountError(_used())
    accounts.set_password(session, user, password)  # also cancels the open tokens
    return user


def cancel(session: Session, user: User) -> None:
    """End every reset link of ``user`` still open."""
    session.execute(delete(AccountToken).where(
        AccountToken.user_id == user.id, AccountToken.purpose == PURPOSE))
    session.flush()


def _used() -> str:
    return _("this reset link has already been used")
