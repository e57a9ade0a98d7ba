"""With CSRF protection on, organisation and membership changes need the page's token."""

from __future__ import annotations

from sqlalchemy import func, select

from gapassess.db import invitations
from gapassess.db.models import Invitation, Membership, Organisation
from tests.test_web_orgs_access import ORG_FORM
from tests.web_pages import csrf_login, csrf_token_of

pytest_plugins = ("tests.web_bank",)


def _count(db, model):
    db.expire_all()
    return db.scalar(select(func.count(model.id)))


def test_create_and_edit_need_the_token(csrf_client, db, org_with_people):
    org, _, _ = org_with_people
    token = csrf_login(csrf_client, "consultant@acme.example")
    before = _count(db, Organisation)
    assert csrf_client.post("/orgs/new", data=ORG_FORM).status_code == 400
    assert csrf_client.post(f"/orgs/{org.id}/edit", data=ORG_FORM).status_code == 400
    assert _count(db, Organisation) == before
    db.expire_all()
    assert db.get(Organisation, org.id).name == "Acme Widgets"
    with_token = dict(ORG_FORM, csrf_token=token)
    assert csrf_client.post(f"/orgs/{org.id}/edit", data=with_token).status_code == 302
    db.expire_all()
    assert db.get(Organisation, org.id).name == ORG_FORM["name"]


def test_member_changes_need_the_token(csrf_client, db, org_with_people):
    org, _, people = org_with_people
    csrf_login(csrf_client, "consultant@acme.example")
    member = db.scalar(select(Membership).where(Membership.user_id == people["viewer"].id))
    base = f"/orgs/{org.id}/members/{member.id}"
    assert csrf_client.post(f"{base}/role", data={"role": "consultant"}).status_code == 400
    assert csrf_client.post(f"{base}/remove").status_code == 400
    assert (
        csrf_client.post(
            f"/orgs/{org.id}/invitations", data={"email": "x@acme.example", "role": "viewer"}
        ).status_code
        == 400
    )
    db.expire_all()
    assert db.get(Membership, member.id).role == "viewer"
    assert _count(db, Invitation) == 0


def test_accepting_an_invitation_needs_the_token(csrf_client, db, org_with_people):
    from gapassess.mail import Mailer

    org, _, people = org_with_people
    # with email set up, the link from the mail offers to create the account (nothing is sent)
    csrf_client.application.config.update(
        MAILER=Mailer(host="127.0.0.1", port=25, tls="none", sender="qa@example.org",
                      base_url="https://gapassess.example.org"))
    _, link_token = invitations.create_invitation(
        db, org, "fresh@acme.example", "viewer", invited_by=people["consultant"]
    )
    db.commit()
    data = {"name": "Fresh", "password": "a-long-password", "confirm": "a-long-password"}
    assert csrf_client.post(f"/invite/{link_token}", data=data).status_code == 400
    assert db.scalar(select(Invitation.accepted_at)) is None
    token = csrf_token_of(csrf_client, f"/invite/{link_token}")
    response = csrf_client.post(f"/invite/{link_token}", data=dict(data, csrf_token=token))
    assert response.status_code == 302
    db.expire_all()
    assert db.scalar(select(Invitation.accepted_at)) is not None
