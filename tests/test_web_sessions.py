"""Sessions end on the server: a copy of the cookie stops working at logout; "log out
everywhere" and a new password end the other sessions; a sign-in lasts SESSION_HOURS."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from gapassess.db import accounts
from gapassess.db.models import LoginSession, utcnow
from tests import factories


def _signed_in(client) -> bool:
    response = client.get("/")
    return response.status_code == 200


def _second_browser(app, client):
    """Another browser holding a copy of ``client``'s cookies (a stolen cookie)."""
    copy = app.test_client()
    for cookie in client._cookies.values():
        copy.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    return copy


def test_a_copied_cookie_stops_working_at_logout(app, client, login_as):
    login_as("viewer")
    stolen = _second_browser(app, client)
    assert _signed_in(stolen)
    client.post("/logout")
    assert not _signed_in(client)
    assert not _signed_in(stolen), "the session ended on the server, not only in the browser"


def test_logging_out_ends_only_this_session(app, client, auth, login_as, org_with_people):
    _, _, people = org_with_people
    login_as("viewer")
    laptop = app.test_client()
    assert laptop.post("/login", data={"email": people["viewer"].email,
                                       "password": factories.PASSWORD}).status_code == 302
    auth.logout()
    assert _signed_in(laptop)


def test_log_out_everywhere(app, client, login_as, org_with_people, db):
    _, _, people = org_with_people
    login_as("viewer")
    other = app.test_client()
    other.post("/login", data={"email": people["viewer"].email, "password": factories.PASSWORD})
    page = client.get("/account").get_data(as_text=True)
    assert "Where you are logged in" in page and "(this session)" in page
    response = client.post("/account/sessions/end", follow_redirects=True)
    assert "You have logged out everywhere (2 sessions ended)." in response.get_data(as_text=True)
    assert not _signed_in(client) and not _signed_in(other)
    assert db.scalar(select(LoginSession).where(
        LoginSession.user_id == people["viewer"].id)) is None


def test_changing_the_password_ends_the_other_sessions(app, client, login_as, org_with_people,
                                                       db):
    _, _, people = org_with_people
    login_as("assessor")
    other = app.test_client()
    other.post("/login", data={"email": people["assessor"].email,
                               "password": factories.PASSWORD})
    wrong = client.post("/account/password", data={
        "current": "not-my-password", "password": "a-new-password", "confirm": "a-new-password"})
    assert wrong.status_code == 400
    assert "That is not your current password." in wrong.get_data(as_text=True)
    assert _signed_in(other)

    changed = client.post("/account/password", data={
        "current": factories.PASSWORD, "password": "a-new-password",
        "confirm": "a-new-password"}, follow_redirects=True)
    assert "Your password was changed." in changed.get_data(as_text=True)
    assert _signed_in(client), "the session that changed it stays"
    assert not _signed_in(other)
    db.expire_all()
    assert accounts.authenticate(db, people["assessor"].email, "a-new-password") is not None


def test_a_session_ends_after_the_configured_hours(app, client, login_as, db):
    app.config["SESSION_HOURS"] = 2
    user = login_as("viewer")
    row = db.scalar(select(LoginSession).where(LoginSession.user_id == user.id))
    assert timedelta(hours=1, minutes=59) < row.expires_at - row.created_at <= timedelta(hours=2)
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("value", ["0", "abc", "100000"])
def test_session_hours_setting_is_checked(monkeypatch, tmp_path, value):
    from gapassess.web.config import Config, ConfigError

    monkeypatch.setenv("GAPASSESS_SESSION_HOURS", value)
    with pytest.raises(ConfigError, match="GAPASSESS_SESSION_HOURS"):
        Config(tmp_path)


def test_signing_in_starts_a_fresh_session(app, client, login_as):
    """Nothing set in the cookie before the sign-in is kept after it (no session fixation)."""
    with client.session_transaction() as before:
        before["planted"] = "by someone else"
    login_as("viewer")
    with client.session_transaction() as after:
        assert "planted" not in after


def test_unknown_email_costs_a_password_check(db, org_with_people, monkeypatch):
    """Login timing: an unknown email runs the same kind of hash check as a wrong password,
    so the answer does not come back faster (bench/bench_accounts.py measures it)."""
    checked: list[str] = []
    real = accounts.check_password_hash

    def counting(hash_, password):
        checked.append(hash_.split("$", 1)[0])
        return real(hash_, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting)
    assert accounts.authenticate(db, "nobody@acme.example", "whatever-password") is None
    assert checked == ["scrypt:32768:8:1"]


def test_login_answer_is_the_same_for_unknown_and_known_emails(client, org_with_people):
    _, _, people = org_with_people
    known = client.post("/login", data={"email": people["viewer"].email, "password": "wrong!"})
    unknown = client.post("/login", data={"email": "nobody@acme.example", "password": "wrong!"})
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True).replace(people["viewer"].email, "X") == \
        unknown.get_data(as_text=True).replace("nobody@acme.example", "X")


@pytest.mark.parametrize(("agent", "shown"), [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
     "Firefox · Windows"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/18.1 Safari/605.1.15", "Safari · macOS"),
    ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0 Mobile Safari/537.36 EdgA/131.0 Edg/131.0", "Edge · Android"),
    ("curl/8.5.0", "curl/8.5.0"),
    ("", ""),
])
def test_sessions_are_listed_by_browser_and_system(agent, shown):
    from gapassess.db.login_sessions import describe_browser

    assert describe_browser(agent) == shown


def test_signing_in_again_in_the_same_browser_ends_its_previous_session(client, auth, db,
                                                                        org_with_people):
    """A browser whose sign-in was dropped (Flask-Login's session protection, say) but
    still holds its session key: signing in again ends the old row instead of leaving it
    listed until it expires."""
    _, _, people = org_with_people
    auth.login(people["viewer"].email)
    with client.session_transaction() as cookie:
        del cookie["_user_id"]
    auth.login(people["viewer"].email)
    rows = db.scalars(select(LoginSession).where(
        LoginSession.user_id == people["viewer"].id)).all()
    assert len(rows) == 1


def test_pages_whose_address_holds_a_token_are_not_cached(client, org_with_people):
    for path in ("/password/reset/some-token", "/invite/some-token"):
        assert client.get(path).headers["Cache-Control"] == "no-store"
