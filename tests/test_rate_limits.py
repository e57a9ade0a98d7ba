"""Rate-limit counters in the database: one window whichever worker process counts into it."""

from __future__ import annotations

import pytest
from limits import RateLimitItemPerMinute
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import select

from gapassess.db import rate_limits
from gapassess.db.connection import make_engine
from gapassess.db.models import RateLimitCounter
from gapassess.db.rate_limits import DatabaseStorage
from gapassess.web import create_app
from gapassess.web.database import get_session
from tests import factories


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(rate_limits, "time", clock)
    return clock


def _wrong_login(client, **headers):
    return client.post("/login", data={"email": "x@example.com", "password": "wrong"},
                       headers=headers)


@pytest.fixture
def two_workers(database_url):
    """Two storages on two engines over one database: what two worker processes have."""
    engines = [make_engine(database_url), make_engine(database_url)]
    yield [DatabaseStorage("gapassess-db://", engine=engine) for engine in engines]
    for engine in engines:
        engine.dispose()


def test_both_workers_count_into_one_window(two_workers, clock):
    first, second = two_workers
    assert first.incr("login/127.0.0.1", 60) == 1
    assert second.incr("login/127.0.0.1", 60) == 2
    assert first.incr("login/127.0.0.1", 60, amount=3) == 5
    assert second.get("login/127.0.0.1") == 5
    assert first.get("other") == 0
    assert second.get_expiry("login/127.0.0.1") == clock.now + 60


def test_a_closed_window_starts_again_and_is_purged(two_workers, clock):
    first, second = two_workers
    first.incr("a", 60)
    first.incr("a", 60)
    first.incr("b", 10)
    clock.now += 61
    assert first.get("a") == 0
    assert second.get_expiry("a") == clock.now  # no open window: it would end now
    assert second.incr("c", 60) == 1  # starting a window purges the closed ones
    with first.engine.connect() as conn:
        assert set(conn.scalars(select(RateLimitCounter.key))) == {"c"}
    assert first.incr("a", 60) == 1


def test_clear_reset_and_check(two_workers, clock):
    first, second = two_workers
    first.incr("a", 60)
    first.incr("b", 60)
    second.clear("a")
    assert first.get("a") == 0 and first.get("b") == 1
    assert second.reset() == 1
    assert first.get("b") == 0
    assert first.check()


def test_the_limits_strategy_refuses_the_hit_over_the_limit(two_workers):
    first, second = two_workers
    limit = RateLimitItemPerMinute(3)
    hits = [FixedWindowRateLimiter(s).hit(limit, "login") for s in (first, second, first, second)]
    assert hits == [True, True, True, False]


def test_the_storage_needs_an_engine():
    with pytest.raises(ValueError, match="engine"):
        DatabaseStorage("gapassess-db://")


def test_the_app_counts_login_attempts_in_the_database(limited_app):
    app = limited_app("3 per minute")
    client = app.test_client()
    answers = [_wrong_login(client) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert "Too many attempts" in answers[-1].get_data(as_text=True)
    assert "Wait a minute and try again" in answers[-1].get_data(as_text=True)
    with app.app_context():
        counts = get_session().scalars(select(RateLimitCounter.count)).all()
    assert counts == [4]  # refused attempts are counted too (the window still ends on time)


def test_concurrent_counting_from_two_workers_loses_nothing(two_workers):
    from concurrent.futures import ThreadPoolExecutor

    def count(storage):
        return [storage.incr("busy", 60) for _ in range(25)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        seen = [n for run in pool.map(count, two_workers * 4) for n in run]
    assert sorted(seen) == list(range(1, 201))  # every increment seen once, none lost
    assert two_workers[0].get("busy") == 200


@pytest.mark.parametrize("proxies, second_visitor", [(1, 200), (0, 429)])
def test_behind_a_proxy_each_forwarded_address_has_its_own_limit(
    limited_app, monkeypatch, proxies, second_visitor
):
    """With GAPASSESS_PROXIES set the limit counts the visitor's address from the proxy's
    X-Forwarded-For; without it the header is ignored (anyone could forge it)."""
    monkeypatch.setenv("GAPASSESS_PROXIES", str(proxies))
    client = limited_app("2 per minute").test_client()

    def attempt(address: str) -> int:
        return _wrong_login(client, **{"X-Forwarded-For": address}).status_code

    assert [attempt("203.0.113.9") for _ in range(3)] == [200, 200, 429]
    assert attempt("198.51.100.7") == second_visitor


def test_keys_longer_than_the_column_are_stored_by_hash(two_workers, clock):
    first, second = two_workers
    long_a, long_b = "k" * 300 + "a", "k" * 300 + "b"  # same start, different ends
    assert first.incr(long_a, 60) == 1
    assert second.incr(long_a, 60) == 2
    assert first.incr(long_b, 60) == 1
    assert second.get(long_a) == 2 and second.get(long_b) == 1
    first.clear(long_a)
    assert second.get(long_a) == 0
    with first.engine.connect() as conn:
        assert max(len(k) for k in conn.scalars(select(RateLimitCounter.key))) <= 255


def test_the_refusal_says_how_long_to_wait(limited_app):
    client = limited_app("1 per 5 minutes").test_client()
    assert _wrong_login(client).status_code == 200
    refused = _wrong_login(client)
    assert refused.status_code == 429
    assert "Wait 5 minutes and try again" in refused.get_data(as_text=True)


def test_each_app_counts_in_its_own_database(tmp_path, monkeypatch):
    """Flask-Limiter keeps one storage for every app of the process: an app built later must
    not take over the counting of one built earlier."""
    from tests import dbserver

    monkeypatch.setenv("GAPASSESS_INSTANCE_PATH", str(tmp_path / "instance"))
    template = dbserver.sqlite_template(tmp_path)
    apps = []
    for name in ("first", "second"):
        folder = tmp_path / name
        folder.mkdir()
        apps.append(create_app({"TESTING": True, "WTF_CSRF_ENABLED": False,
                                "DATABASE_URL": dbserver.fresh_sqlite(template, folder)}))
    try:
        first, second = apps
        first.test_client().post("/login", data={"email": "x@example.com", "password": "no"})
        counted = []
        for app in apps:
            with app.app_context():
                counted.append(get_session().scalars(select(RateLimitCounter.count)).all())
        assert counted == [[1], []]
    finally:
        for app in apps:
            app.extensions["gapassess.engine"].dispose()


def test_invitations_are_limited(limited_app, db, org_with_people):
    """Each invitation can make the installation send mail to any address."""
    org, _, people = org_with_people
    client = limited_app("100 per minute", INVITE_RATE_LIMIT="2 per hour").test_client()
    client.post("/login", data={"email": people["consultant"].email,
                                "password": factories.PASSWORD})
    statuses = [client.post(f"/orgs/{org.id}/invitations",
                            data={"email": f"p{n}@x.example", "role": "viewer"}).status_code
                for n in range(3)]
    assert statuses == [302, 302, 429]
