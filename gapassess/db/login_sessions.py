"""Signed-in sessions kept on the server, so that logging out really ends them.

The browser's (signed) session cookie holds a random key; the database holds its hash, the
account and when the session ends. A request is signed in only while the row exists and
has not expired: logging out deletes the row, "log out everywhere" and a new password
delete all of the account's rows (a password change keeps the session that made it).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from gapassess.db.models import LoginSession, User, utcnow
from gapassess.db.tokens import hash_token, new_token

#: Keys are made by new_token (43 characters); anything much longer is not one of ours.
_KEY_LENGTH = 100


def open_session(session: Session, user: User, *, hours: float, browser: str = "") -> str:
    """A new session for ``user`` that lasts ``hours``; its key, for the browser's cookie
    (never stored). The account's expired sessions go."""
    now = utcnow()
    session.execute(delete(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.expires_at <= now))
    key, digest = new_token()
    row = LoginSession(user_id=user.id, key_hash=digest, created_at=now,
                       expires_at=now + timedelta(hours=hours),
                       browser=describe_browser(browser))
    session.add(row)
    session.flush()
    return key


# (marker in the User-Agent header, name shown), the first that matches wins; names of
# products, the same in every language
_BROWSERS = (
    ("Edg/", "Edge"),  # i18n: not shown
    ("OPR/", "Opera"),  # i18n: not shown
    ("Firefox/", "Firefox"),  # i18n: not shown
    ("Chrome/", "Chrome"),  # i18n: not shown
    ("Chromium/", "Chromium"),  # i18n: not shown
    ("Safari/", "Safari"),  # i18n: not shown
)
_SYSTEMS = (
    ("Windows", "Windows"),  # i18n: not shown
    ("Android", "Android"),  # i18n: not shown
    ("iPhone", "iPhone"),  # i18n: not shown
    ("iPad", "iPad"),  # i18n: not shown
    ("Mac OS X", "macOS"),  # i18n: not shown
    ("CrOS", "ChromeOS"),  # i18n: not shown
    ("Linux", "Linux"),  # i18n: not shown
)


def describe_browser(user_agent: str) -> str:
    """"Firefox on Windows" from a User-Agent header, for the list of one's sessions; the
    header itself (cut short) when it names no browser gapassess knows."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "")
    if browser and system:
        return f"{browser} · {system}"  # i18n: not shown
    return browser or system or " ".join(user_agent.split())[:60]


# Built once: it runs on every signed-in request.
_USER_OF_SESSION = (
    select(User)
    .join(LoginSession, LoginSession.user_id == User.id)
    .where(
        LoginSession.key_hash == bindparam("key_hash"),
        LoginSession.user_id == bindparam("user_id"),
        LoginSession.expires_at > bindparam("now"),
    )
)


def key_hash(key: object) -> str | None:
    """The stored form of a browser's session ``key``; None for anything not a key."""
    if not isinstance(key, str) or not key or len(key) > _KEY_LENGTH:
        return None
    return hash_token(key)


def user_of(session: Session, user_id: int, key: object,
            now: datetime | None = None) -> User | None:
    """The account signed in by ``key``, or None when the session ended or expired."""
    digest = key_hash(key)
    if digest is None:
        return None
    return session.scalar(_USER_OF_SESSION, {
        "key_hash": digest, "user_id": user_id, "now": now or utcnow()})


def end_session(session: Session, key: object) -> None:
    """End the one session ``key`` opened (logging out)."""
    digest = key_hash(key)
    if digest is not None:
        session.execute(delete(LoginSession).where(LoginSession.key_hash == digest))
        session.flush()


def end_sessions(session: Session, user: User, *, keep: object = None) -> int:
    """End every session of ``user`` except the one ``keep`` opened; how many ended."""
    stmt = delete(LoginSession).where(LoginSession.user_id == user.id)
    kept = key_hash(keep)
    if kept is not None:
        stmt = stmt.where(LoginSession.key_hash != kept)
    result = session.execute(stmt)
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def active_sessions(session: Session, user: User) -> list[LoginSession]:
    """The account's sessions that still work, newest first."""
    return list(session.scalars(
        select(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.expires_at > utcnow())
        .order_by(LoginSession.created_at.desc(), LoginSession.id.desc())
    ))
