"""Fixtures: app, client, CLI runner, database session, logged-in users per role."""

from __future__ import annotations

import os

import pytest
from flask import g

from gapassess.web import create_app
from gapassess.web.database import get_session
from tests import dbserver, factories


@pytest.fixture(scope="session")
def _database_source(tmp_path_factory):
    """Either ("postgres", url of a migrated scratch database) or ("sqlite", template path)."""
    server = dbserver.server_url()
    if server:
        with dbserver.scratch_postgres(server) as url:
            from gapassess.db.connection import make_engine
            from gapassess.db.migrate import upgrade

            engine = make_engine(url)
            upgrade(engine)
            engine.dispose()
            yield ("postgres", url)
        return
    yield ("sqlite", dbserver.sqlite_template(tmp_path_factory.mktemp("dbtemplate")))


@pytest.fixture
def database_url(_database_source, tmp_path):
    kind, source = _database_source
    if kind == "postgres":
        dbserver.empty_tables(source)
        return source
    return dbserver.fresh_sqlite(source, tmp_path)


@pytest.fixture
def app(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("GAPASSESS_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "REPORTS_DIR": str(tmp_path / "reports"),
        }
    )
    app.before_request_funcs.setdefault(None, []).insert(0, _forget_the_loaded_user)
    yield app
    app.extensions["gapassess.engine"].dispose()


def _forget_the_loaded_user() -> None:
    """As in production, every request asks the server whether its session lives. (The
    test's database fixture keeps one app context open, and Flask-Login would keep the user
    it loaded in that context's ``g`` across the test client's requests.)"""
    g.pop("_login_user", None)


@pytest.fixture
def limited_app(database_url, tmp_path, monkeypatch):
    """``limited_app(limit, **config)``: the app with rate limits on (the shared ``app``
    fixture turns them off), ``limit`` for logins and ``config`` for any other setting, CSRF
    off for brevity, on the same database; its engine is disposed afterwards."""
    monkeypatch.setenv("GAPASSESS_INSTANCE_PATH", str(tmp_path / "instance"))
    apps = []

    def build(limit: str = "10 per minute", **config):
        apps.append(create_app({"TESTING": True, "DATABASE_URL": database_url,
                                "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": limit,
                                **config}))
        return apps[-1]

    yield build
    for app in apps:
        app.extensions["gapassess.engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    """A session inside an app context; commit what a test sets up."""
    with app.app_context():
        yield get_session()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str = factories.PASSWORD):
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def org_with_people(db):
    """An organisation with one user per role, an outsider and a site admin."""
    return factories.gen_org_with_people(db)


@pytest.fixture
def login_as(auth, org_with_people):
    """Log the test client in as one of: consultant, assessor, viewer, outsider, admin."""

    def _login(who: str):
        _, _, people = org_with_people
        response = auth.login(people[who].email)
        assert response.status_code == 302, response.data
        return people[who]

    return _login


if "MUTANT_UNDER_TEST" in os.environ:  # set by mutmut (bench/mutation.py), never otherwise

    @pytest.fixture(autouse=True)
    def _fresh_engine_caches():
        """Under mutation testing every test fills the engine's caches itself: mutmut runs a
        mutant against the tests it saw running the mutated function, and a cache filled by
        an earlier test would hide the function from every later one."""
        from gapassess.domain import scoring_model
        from gapassess.domain.engine import prepared, schedule

        scoring_model._models.clear()
        with scoring_model._VARIANTS_LOCK:
            scoring_model._VARIANTS.clear()
        with prepared._CACHE_LOCK:
            prepared._CACHE.clear()
        schedule.work_calendar.cache_clear()
