"""Every role against every organisation page: allowed, 403, or 404 for other organisations."""

from __future__ import annotations

import pytest

from gapassess.db import invitations
from gapassess.db.models import Membership
from tests import factories

WHO = ("viewer", "assessor", "consultant", "outsider", "admin")
RANK = {"viewer": 1, "assessor": 2, "consultant": 3, "admin": 3}

ORG_FORM = {
    "name": "Renamed Widgets",
    "sector": "Manufacturing",
    "size": "50-249",
    "sites": "2",
    "certification_status": "certified-2015",
    "certification_body": "Some Body",
    "certificate_expiry": "2027-06-30",
    "target_audit_date": "2027-03-31",
    "capacity_days_per_month": "6.5",
}


def expected(who: str, minimum: str, ok: int) -> int:
    if who == "outsider":
        return 404
    return ok if RANK[who] >= RANK[minimum] else 403


@pytest.fixture
def ids(db, org_with_people):
    """Ids the pages need: the org, the viewer's membership, a pending invitation."""
    org, other, people = org_with_people
    viewer_membership = db.query(Membership).filter_by(user_id=people["viewer"].id).one()
    invitation, _ = invitations.create_invitation(
        db, org, "new@acme.example", "viewer", invited_by=people["consultant"]
    )
    db.commit()
    return {
        "org": org.id,
        "other": other.id,
        "member": viewer_membership.id,
        "invitation": invitation.id,
    }


# (method, url, minimum role, status when allowed, form data)
PAGES = [
    ("get", "/orgs/{org}", "viewer", 200, None),
    ("get", "/orgs/{org}/members", "viewer", 200, None),
    ("get", "/orgs/{org}/edit", "consultant", 200, None),
    ("post", "/orgs/{org}/edit", "consultant", 302, ORG_FORM),
    (
        "post",
        "/orgs/{org}/invitations",
        "consultant",
        302,
        {"email": "out@other.example", "role": "assessor"},  # an account (no email set up)
    ),
    ("post", "/orgs/{org}/members/{member}/role", "consultant", 302, {"role": "assessor"}),
    ("post", "/orgs/{org}/members/{member}/remove", "consultant", 302, {}),
    ("post", "/orgs/{org}/invitations/{invitation}/revoke", "consultant", 302, {}),
]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("method", "url", "minimum", "ok", "data"), PAGES)
def test_org_pages_by_role(client, login_as, ids, who, method, url, minimum, ok, data):
    login_as(who)
    response = getattr(client, method)(url.format(**ids), data=data)
    assert response.status_code == expected(who, minimum, ok)


@pytest.mark.parametrize(("method", "url", "minimum", "ok", "data"), PAGES)
def test_other_organisations_ids_are_not_found(
    client, login_as, ids, method, url, minimum, ok, data
):
    """Acme's consultant sees Other Co exactly like an id that does not exist."""
    login_as("consultant")
    other_ids = dict(ids, org=ids["other"])
    assert getattr(client, method)(url.format(**other_ids), data=data).status_code == 404
    missing = dict(ids, org=999999)
    assert getattr(client, method)(url.format(**missing), data=data).status_code == 404


def test_membership_of_another_organisation_is_not_found(
    client, login_as, db, ids, org_with_people
):
    _, other, people = org_with_people
    outsider_membership = db.query(Membership).filter_by(user_id=people["outsider"].id).one()
    login_as("consultant")
    for action in ("role", "remove"):
        url = f"/orgs/{ids['org']}/members/{outsider_membership.id}/{action}"
        assert client.post(url, data={"role": "viewer"}).status_code == 404
    assert db.get(Membership, outsider_membership.id) is not None
    foreign, _ = invitations.create_invitation(
        db, other, "x@other.example", "viewer", invited_by=people["outsider"]
    )
    db.commit()
    url = f"/orgs/{ids['org']}/invitations/{foreign.id}/revoke"
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("who", WHO)
def test_any_logged_in_person_may_create_an_organisation(client, login_as, org_with_people, who):
    login_as(who)
    assert client.get("/orgs/new").status_code == 200
    response = client.post("/orgs/new", data=dict(ORG_FORM, name=f"New org of {who}"))
    assert response.status_code == 302


@pytest.mark.parametrize("who", WHO)
def test_admin_page_only_for_site_admins(client, login_as, who):
    login_as(who)
    assert client.get("/admin").status_code == (200 if who == "admin" else 404)


@pytest.mark.parametrize(
    "url", ["/orgs/new", "/orgs/1", "/orgs/1/members", "/orgs/1/edit", "/admin"]
)
def test_pages_need_login(client, org_with_people, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_viewer_sees_members_but_no_management(client, login_as, ids):
    login_as("viewer")
    page = client.get(f"/orgs/{ids['org']}/members").get_data(as_text=True)
    assert "consultant@acme.example" in page
    assert "Invite someone" not in page
    assert "Pending invitations" not in page
    assert "new@acme.example" not in page


def test_factories_user_in_two_orgs_sees_each_with_its_role(client, auth, db, org_with_people):
    org, other, _ = org_with_people
    both = factories.gen_user(db, org, role="viewer", email="both@example.com")
    from gapassess.db import accounts

    accounts.add_membership(db, both, other, "consultant")
    db.commit()
    auth.login("both@example.com")
    assert client.get(f"/orgs/{org.id}/edit").status_code == 403
    assert client.get(f"/orgs/{other.id}/edit").status_code == 200
