"""Password reset by email: a single-use link that expires, sent only to the account's
address; the request page answers the same whether or not an account exists."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from gapassess.db import accounts
from gapassess.db.models import AccountToken, utcnow
from tests import factories

pytest_plugins = ("tests.mail_server",)

BASE_URL = "https://gapassess.example.org"  # the mailbox fixture's
LINK = re.compile(re.escape(BASE_URL) + r"/password/reset/([A-Za-z0-9_\-]+)")


def _ask(client, email):
    response = client.post("/password/forgot", data={"email": email})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _token(mailbox, count=1):
    message = mailbox.wait(count)[-1]
    match = LINK.search(mailbox.body(message))
    assert match, mailbox.body(message)
    return match.group(1)


def test_reset_by_email_end_to_end(app, client, db, org_with_people, mailbox):
    _, _, people = org_with_people
    viewer = people["viewer"]
    other = app.test_client()
    other.post("/login", data={"email": viewer.email, "password": factories.PASSWORD})
    page = _ask(client, viewer.email.upper())
    assert "a link to set a new password is on its way" in page
    token = _token(mailbox)
    assert mailbox.recipients[-1] == [viewer.email]
    assert mailbox.messages[-1]["Subject"] == "Reset your gapassess password"
    stored = db.scalar(select(AccountToken))
    assert token not in stored.token_hash and stored.used_at is None

    form = client.get(f"/password/reset/{token}")
    assert form.status_code == 200 and viewer.email in form.get_data(as_text=True)
    short = client.post(f"/password/reset/{token}", data={"password": "short",
                                                          "confirm": "short"})
    assert "Use at least 10 characters." in short.get_data(as_text=True)
    done = client.post(f"/password/reset/{token}", data={
        "password": "a-brand-new-pass", "confirm": "a-brand-new-pass"}, follow_redirects=True)
    assert "Your password was changed" in done.get_data(as_text=True)
    db.expire_all()
    assert accounts.authenticate(db, viewer.email, "a-brand-new-pass") is not None
    assert accounts.authenticate(db, viewer.email, factories.PASSWORD) is None
    assert other.get("/").status_code == 302, "every session ended with the new password"

    again = client.get(f"/password/reset/{token}")
    assert again.status_code == 404, "single use"
    assert "This link does not work" in again.get_data(as_text=True)


def test_unknown_address_gets_the_same_answer_and_no_mail(client, org_with_people, mailbox):
    _, _, people = org_with_people
    known = _ask(client, people["viewer"].email)
    mailbox.wait(1)
    unknown = _ask(client, "nobody@acme.example")
    assert known.replace(people["viewer"].email, "X") == unknown.replace("nobody@acme.example",
                                                                         "X")
    assert len(mailbox.settle()) == 1, "nothing is sent to an address without an account"


def test_an_expired_link_does_not_work(client, db, org_with_people, mailbox):
    _, _, people = org_with_people
    _ask(client, people["viewer"].email)
    token = _token(mailbox)
    row = db.scalar(select(AccountToken))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    response = client.post(f"/password/reset/{token}", data={
        "password": "a-brand-new-pass", "confirm": "a-brand-new-pass"})
    assert response.status_code == 404
    db.expire_all()
    assert accounts.authenticate(db, people["viewer"].email, "a-brand-new-pass") is None


def test_asking_again_soon_sends_nothing_later_replaces_the_link(client, db, org_with_people,
                                                                 mailbox):
    _, _, people = org_with_people
    _ask(client, people["viewer"].email)
    first = _token(mailbox, 1)
    _ask(client, people["viewer"].email)  # within minutes: no new mail, the link still works
    assert len(mailbox.settle()) == 1
    assert client.get(f"/password/reset/{first}").status_code == 200
    row = db.scalar(select(AccountToken))
    row.created_at -= timedelta(minutes=6)
    db.commit()
    _ask(client, people["viewer"].email)
    second = _token(mailbox, 2)
    assert client.get(f"/password/reset/{first}").status_code == 404
    assert client.get(f"/password/reset/{second}").status_code == 200


def test_a_link_is_used_up_before_the_password_is_set(db, org_with_people):
    """Two requests at once with the same link: the second finds it gone."""
    from gapassess.db import password_reset

    _, _, people = org_with_people
    _, token = password_reset.issue(db, people["viewer"].email)
    first = password_reset.usable(db, token)
    second = password_reset.usable(db, token)
    password_reset.reset(db, first, "a-brand-new-pass")
    with pytest.raises(accounts.AccountError, match="already been used"):
        password_reset.reset(db, second, "another-new-pass")


def test_a_password_change_ends_open_reset_links(client, login_as, org_with_people, mailbox):
    _, _, people = org_with_people
    _ask(client, people["assessor"].email)
    token = _token(mailbox)
    login_as("assessor")
    client.post("/account/password", data={"current": factories.PASSWORD,
                                           "password": "another-password",
                                           "confirm": "another-password"})
    assert client.get(f"/password/reset/{token}").status_code == 404


@pytest.mark.parametrize("token", ["nonsense", "x" * 500])
def test_a_made_up_link_gets_a_plain_page(client, org_with_people, token):
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 404
    assert "This link does not work" in response.get_data(as_text=True)


def test_links_point_to_the_configured_address_not_the_request_host(client, org_with_people,
                                                                   mailbox):
    _, _, people = org_with_people
    client.post("/password/forgot", data={"email": people["viewer"].email},
                headers={"Host": "attacker.example"})
    assert mailbox.base_url == BASE_URL
    body = mailbox.body(mailbox.wait(1)[-1])
    assert "attacker.example" not in body and BASE_URL in body


def test_without_email_the_page_says_who_can_reset(client, org_with_people):
    page = client.get("/password/forgot").get_data(as_text=True)
    assert "does not send email" in page and "gapassess user set-password" in page
    assert client.post("/password/forgot", data={"email": "x@y.example"}).status_code == 200
