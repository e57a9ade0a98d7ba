"""Invitations: created by a consultant, sent by email to the invited address only (the
inviter never sees the link), stored as a hash, accepted once. Without email, only people
with an account can be invited, and they join from their home page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from gapassess.db import accounts, invitations, tokens
from gapassess.db.models import AuditEvent, Invitation, Membership, utcnow
from tests import factories
from tests.web_pages import ESCAPED, HOSTILE

pytest_plugins = ("tests.web_bank", "tests.mail_server")

LINK = re.compile(r"(https://gapassess\.example\.org/invite/([A-Za-z0-9_\-]+))")


@pytest.fixture
def invite(client, mailbox):
    """Invite by the web form; the token comes from the email the invited address got."""

    def _invite(org_id, email="newbie@acme.example", role="assessor"):
        before = len(mailbox.messages)
        response = client.post(f"/orgs/{org_id}/invitations",
                               data={"email": email, "role": role}, follow_redirects=True)
        assert response.status_code == 200, response.get_data(as_text=True)
        page = response.get_data(as_text=True)
        message = mailbox.wait(before + 1)[-1]
        assert message["To"] == email and mailbox.recipients[-1] == [email]
        match = LINK.search(mailbox.body(message))
        assert match, "the invitation link is in the email"
        assert match.group(2) not in page, "the inviter never sees the link"
        return match.group(2), page

    return _invite


def _role(db, email, org_id):
    db.expire_all()
    user = accounts.find_user(db, email)
    if user is None:
        return None
    return db.scalar(
        select(Membership.role).where(
            Membership.user_id == user.id, Membership.organisation_id == org_id
        )
    )


def test_invitation_end_to_end_for_a_new_person(client, auth, login_as, db, org_with_people,
                                                invite, mailbox):
    org, _, _ = org_with_people
    login_as("consultant")
    token, page = invite(org.id)
    assert "An invitation to join as assessor was sent to newbie@acme.example" in page
    assert "Pending invitations" in page
    body = mailbox.body(mailbox.messages[-1])
    assert "invites you to join Acme Widgets" in body and "create your gapassess account" in body
    assert mailbox.messages[-1]["Subject"] == "Join Acme Widgets on gapassess"
    stored = db.scalar(select(Invitation))
    assert stored.token_hash == tokens.hash_token(token)
    assert token not in stored.token_hash  # only the hash is kept
    assert "newbie@acme.example" in client.get(f"/orgs/{org.id}/members").get_data(as_text=True)
    assert token not in client.get(f"/orgs/{org.id}/members").get_data(as_text=True)
    auth.logout()

    form = client.get(f"/invite/{token}")
    assert form.status_code == 200
    text = form.get_data(as_text=True)
    assert "Join Acme Widgets" in text and "assessor" in text and 'for="name"' in text
    short = client.post(
        f"/invite/{token}", data={"name": "Nina New", "password": "short", "confirm": "short"}
    )
    assert "Use at least 10 characters." in short.get_data(as_text=True)
    assert _role(db, "newbie@acme.example", org.id) is None

    response = client.post(
        f"/invite/{token}",
        data={"name": "Nina New", "password": "a-long-password", "confirm": "a-long-password"},
        follow_redirects=True,
    )
    assert "Welcome to Acme Widgets. You joined as assessor." in response.get_data(as_text=True)
    assert _role(db, "newbie@acme.example", org.id) == "assessor"
    assert client.get(f"/orgs/{org.id}").status_code == 200  # logged in as the new person
    assert accounts.authenticate(db, "newbie@acme.example", "a-long-password") is not None
    actions = [
        e.action
        for e in db.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "invitation").order_by(AuditEvent.id)
        )
    ]
    assert actions == ["create", "accept"]

    auth.logout()
    used = client.get(f"/invite/{token}")
    assert used.status_code == 410
    assert "already been used" in used.get_data(as_text=True)


def test_logged_in_invitee_just_joins(client, auth, login_as, db, org_with_people, invite,
                                      mailbox):
    org, other, people = org_with_people
    login_as("outsider")  # consultant of Other Co
    token, _ = invite(other.id, email="viewer@acme.example", role="viewer")
    assert "log in with your gapassess account" in mailbox.body(mailbox.messages[-1])
    auth.logout()
    login_as("viewer")
    page = client.get(f"/invite/{token}").get_data(as_text=True)
    assert "Join Other Co" in page and "Choose a password" not in page
    response = client.post(f"/invite/{token}", follow_redirects=True)
    assert "You joined as viewer." in response.get_data(as_text=True)
    assert _role(db, "viewer@acme.example", other.id) == "viewer"
    assert _role(db, "viewer@acme.example", org.id) == "viewer"  # unchanged elsewhere


def test_existing_account_is_asked_to_log_in(client, auth, login_as, org_with_people, invite):
    _, other, _ = org_with_people
    login_as("outsider")
    token, _ = invite(other.id, email="assessor@acme.example")
    auth.logout()
    page = client.get(f"/invite/{token}").get_data(as_text=True)
    assert "There is already an account for assessor@acme.example" in page
    assert f"/login?next=/invite/{token}" in page
    assert "Choose a password" not in page


def test_someone_else_logged_in_cannot_use_the_invitation(
    client, auth, login_as, db, org_with_people, invite
):
    org, _, _ = org_with_people
    login_as("consultant")
    token, _ = invite(org.id, email="someone@acme.example")
    response = client.post(f"/invite/{token}")
    assert response.status_code == 403
    assert "This invitation is for someone@acme.example" in response.get_data(as_text=True)
    assert db.scalar(select(Invitation.accepted_at)) is None


@pytest.mark.parametrize("token", ["not-a-real-token", "x" * 300])
def test_unknown_token_gets_a_clear_message(client, org_with_people, token):
    response = client.get(f"/invite/{token}")
    assert response.status_code == 404
    assert "This invitation link is not valid." in response.get_data(as_text=True)


def test_expired_invitation_gets_a_clear_message(client, db, org_with_people):
    org, _, people = org_with_people
    invitation, token = invitations.create_invitation(
        db, org, "late@acme.example", "viewer", invited_by=people["consultant"]
    )
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.commit()
    response = client.get(f"/invite/{token}")
    assert response.status_code == 410
    assert "This invitation has expired." in response.get_data(as_text=True)
    posted = client.post(
        f"/invite/{token}",
        data={"name": "Late", "password": "a-long-password", "confirm": "a-long-password"},
    )
    assert posted.status_code == 410
    assert accounts.find_user(db, "late@acme.example") is None


def test_withdrawn_invitation_link_stops_working(client, login_as, db, org_with_people, invite):
    org, _, _ = org_with_people
    login_as("consultant")
    token, _ = invite(org.id)
    invitation_id = db.scalar(select(Invitation.id))
    response = client.post(
        f"/orgs/{org.id}/invitations/{invitation_id}/revoke", follow_redirects=True
    )
    assert "Invitation for newbie@acme.example withdrawn" in response.get_data(as_text=True)
    assert "No pending invitations." in response.get_data(as_text=True)
    assert client.get(f"/invite/{token}").status_code == 404


def test_a_new_invitation_replaces_the_unused_one(client, login_as, db, org_with_people,
                                                  invite):
    org, _, _ = org_with_people
    login_as("consultant")
    first, _ = invite(org.id, role="viewer")
    second, _ = invite(org.id, role="assessor")
    assert client.get(f"/invite/{first}").status_code == 404
    assert client.get(f"/invite/{second}").status_code in (200, 403)
    assert [i.role for i in db.scalars(select(Invitation))] == ["assessor"]


def test_inviting_a_member_or_a_bad_address_is_refused(client, login_as, db, org_with_people):
    org, _, _ = org_with_people
    login_as("consultant")
    member = client.post(
        f"/orgs/{org.id}/invitations", data={"email": "Viewer@Acme.example", "role": "viewer"}
    )
    assert member.status_code == 400
    assert "viewer@acme.example is already a member of Acme Widgets" in member.get_data(
        as_text=True
    )
    bad = client.post(f"/orgs/{org.id}/invitations", data={"email": "nobody", "role": "viewer"})
    assert bad.status_code == 400
    assert "is not an email address" in bad.get_data(as_text=True)
    assert db.scalar(select(Invitation)) is None


def test_invitation_never_lowers_an_existing_role(db, org_with_people):
    org, _, people = org_with_people
    someone = factories.gen_user(db, None, email="someone@example.com")
    invitation, _ = invitations.create_invitation(
        db, org, someone.email, "viewer", invited_by=people["consultant"]
    )
    accounts.add_membership(db, someone, org, "assessor")  # joined meanwhile another way
    invitations.accept(db, invitation, someone)
    assert accounts.role_in(db, someone, org.id) == "assessor"


def test_hostile_email_and_name_are_escaped(client, auth, login_as, db, org_with_people,
                                            invite):
    org, _, _ = org_with_people
    login_as("consultant")
    response = client.post(
        f"/orgs/{org.id}/invitations", data={"email": f"{HOSTILE}@x.example", "role": "viewer"}
    )
    page = response.get_data(as_text=True)
    assert HOSTILE not in page and ESCAPED in page
    token, _ = invite(org.id, email="fine@acme.example")
    auth.logout()
    client.post(
        f"/invite/{token}",
        data={"name": HOSTILE, "password": "a-long-password", "confirm": "a-long-password"},
    )
    auth.logout()
    login_as("consultant")
    page = client.get(f"/orgs/{org.id}/members").get_data(as_text=True)
    assert HOSTILE not in page and ESCAPED in page


def test_the_inviter_cannot_claim_the_invited_address(client, auth, login_as, db,
                                                      org_with_people, invite):
    """The squatting finding: the consultant who invites never holds a link that creates
    the account, so they cannot register the address with a password of their choosing."""
    org, _, _ = org_with_people
    login_as("consultant")
    _, page = invite(org.id, email="real.person@acme.example")
    members = client.get(f"/orgs/{org.id}/members").get_data(as_text=True)
    assert "/invite/" not in page and "/invite/" not in members
    assert accounts.find_user(db, "real.person@acme.example") is None


def test_a_mail_server_failure_creates_no_invitation(client, login_as, db, org_with_people,
                                                     mailbox, app):
    from gapassess.mail import Mailer

    org, _, _ = org_with_people
    login_as("consultant")
    app.config["MAILER"] = Mailer(host="127.0.0.1", port=1, tls="none",
                                  sender="gapassess@example.org")  # nothing listens there
    response = client.post(f"/orgs/{org.id}/invitations",
                           data={"email": "newbie@acme.example", "role": "viewer"})
    assert response.status_code == 400
    assert "did not take the message" in response.get_data(as_text=True)
    assert db.scalar(select(Invitation)) is None


def test_without_email_the_answer_is_the_same_and_links_create_no_account(
        client, auth, login_as, db, org_with_people):
    """Without email nobody proves they hold an address: the invite form gives the same
    answer whether or not the address has an account (no way to learn who has one), and an
    invitation's link never offers to create the account."""
    org, other, people = org_with_people
    login_as("consultant")
    page = client.get(f"/orgs/{org.id}/members").get_data(as_text=True)
    assert "gapassess user create" in page
    answers = []
    for email in ("newbie@acme.example", "out@other.example"):
        response = client.post(f"/orgs/{org.id}/invitations",
                               data={"email": email, "role": "viewer"}, follow_redirects=True)
        text = response.get_data(as_text=True)
        assert "/invite/" not in text
        answers.append(re.search(r'flash-success">([^<]*)<', text).group(1).replace(email, "X"))
    assert answers[0] == answers[1] and "gapassess user create" in answers[0]
    newbie = db.scalar(select(Invitation).where(Invitation.email == "newbie@acme.example"))
    newbie.token_hash = tokens.hash_token("a-link-someone-kept")
    db.commit()
    auth.logout()
    kept = client.get("/invite/a-link-someone-kept").get_data(as_text=True)
    assert "accounts are created on the server" in kept and "Choose a password" not in kept
    posted = client.post("/invite/a-link-someone-kept", data={
        "name": "Squatter", "password": "a-long-password", "confirm": "a-long-password"})
    assert posted.status_code == 200
    assert accounts.find_user(db, "newbie@acme.example") is None

    invitation_id = db.scalar(select(Invitation.id).where(
        Invitation.email == "out@other.example"))
    login_as("viewer")  # someone else cannot take it
    assert client.post(f"/invitations/{invitation_id}/join").status_code == 404
    auth.logout()

    login_as("outsider")
    home = client.get("/").get_data(as_text=True)
    assert "Invitations for you" in home and "Acme Widgets" in home
    joined = client.post(f"/invitations/{invitation_id}/join", follow_redirects=True)
    assert "You joined as viewer." in joined.get_data(as_text=True)
    assert _role(db, "out@other.example", org.id) == "viewer"
    assert "Invitations for you" not in client.get("/").get_data(as_text=True)
