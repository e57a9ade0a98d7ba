"""Binds the engine and a request-scoped session to the Flask app."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from gapassess.db.connection import make_engine, make_session_factory


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["gapassess.engine"] = engine
    app.extensions["gapassess.sessions"] = make_session_factory(engine)
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    """The session for this request or CLI command, opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["gapassess.sessions"]()
    return g.db_session


def get_engine():
    return current_app.extensions["gapassess.engine"]


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
