"""Creating and editing organisations, members and roles, the last-consultant rule."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from gapassess.db.models import AuditEvent, Membership, Organisation
from tests import factories
from tests.test_web_orgs_access import ORG_FORM
from tests.web_pages import ESCAPED, HOSTILE

pytest_plugins = ("tests.web_bank",)


def _events(db, entity_type, action=None):
    stmt = select(AuditEvent).where(AuditEvent.entity_type == entity_type)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return list(db.scalars(stmt.order_by(AuditEvent.id)))


def _membership(db, user):
    db.expire_all()
    return db.scalar(select(Membership).where(Membership.user_id == user.id))


def test_creator_becomes_consultant_of_new_organisation(client, login_as, db):
    me = login_as("viewer")
    response = client.post("/orgs/new", data=dict(ORG_FORM, name="Fresh Start Ltd"))
    org = db.scalar(select(Organisation).where(Organisation.name == "Fresh Start Ltd"))
    assert response.headers["Location"].endswith(f"/orgs/{org.id}")
    role = db.scalar(
        select(Membership.role).where(
            Membership.user_id == me.id, Membership.organisation_id == org.id
        )
    )
    assert role == "consultant"
    assert org.capacity_days_per_month == 6.5
    assert org.target_audit_date == date(2027, 3, 31)
    assert [e.after["name"] for e in _events(db, "organisation", "create")] == ["Fresh Start Ltd"]
    page = client.get(f"/orgs/{org.id}", follow_redirects=True).get_data(as_text=True)
    assert "Fresh Start Ltd" in page and "Edit profile" in page


def test_edit_saves_every_profile_field_and_records_the_change(
    client, login_as, db, org_with_people
):
    org, _, _ = org_with_people
    login_as("consultant")
    form = dict(
        ORG_FORM,
        certification_status="in-progress",
        certificate_expiry="",
        sites="7",
        capacity_days_per_month="12.5",
        size="250-499",
    )
    response = client.post(f"/orgs/{org.id}/edit", data=form, follow_redirects=True)
    assert "Organisation profile saved." in response.get_data(as_text=True)
    db.expire_all()
    org = db.get(Organisation, org.id)
    assert (org.name, org.sector, org.size, org.sites) == (
        "Renamed Widgets",
        "Manufacturing",
        "250-499",
        7,
    )
    assert org.certification_status == "in-progress"
    assert org.certification_body == "Some Body"
    assert org.certificate_expiry is None
    assert org.target_audit_date == date(2027, 3, 31)
    assert org.capacity_days_per_month == 12.5
    update = _events(db, "organisation", "update")[-1]
    assert update.before["name"] == "Acme Widgets" and update.after["name"] == "Renamed Widgets"
    assert update.after["capacity_days_per_month"] == 12.5
    page = client.get(f"/orgs/{org.id}").get_data(as_text=True)
    assert "12.5 person-days per month" in page
    assert "31 Mar 2027" in page
    assert "Certification in progress" in page


def test_edit_shows_field_errors_and_saves_nothing(client, login_as, db, org_with_people):
    org, _, _ = org_with_people
    login_as("consultant")
    form = dict(ORG_FORM, name="", capacity_days_per_month="0", sites="zero")
    response = client.post(f"/orgs/{org.id}/edit", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Give the organisation a name." in page
    assert "Enter a number from 0.5 to 10000." in page
    assert 'aria-invalid="true"' in page
    db.expire_all()
    assert db.get(Organisation, org.id).name == "Acme Widgets"
    assert _events(db, "organisation", "update") == []


def test_unchanged_edit_says_so(client, login_as, org_with_people):
    org, _, _ = org_with_people
    login_as("consultant")
    form = client.get(f"/orgs/{org.id}/edit")
    assert form.status_code == 200
    same = {
        "name": "Acme Widgets",
        "sector": org.sector,
        "size": org.size,
        "sites": str(org.sites),
        "certification_status": org.certification_status,
        "certification_body": "",
        "certificate_expiry": "",
        "target_audit_date": org.target_audit_date.isoformat(),
        "capacity_days_per_month": str(org.capacity_days_per_month),
    }
    page = client.post(f"/orgs/{org.id}/edit", data=same, follow_redirects=True)
    assert "No changes to save." in page.get_data(as_text=True)


def test_hostile_organisation_text_is_escaped_everywhere(client, login_as, db, org_with_people):
    org, _, _ = org_with_people
    login_as("admin")
    hostile = dict(
        ORG_FORM, name=HOSTILE, sector=HOSTILE, certification_body=HOSTILE, size=HOSTILE[:40]
    )
    client.post(f"/orgs/{org.id}/edit", data=hostile)
    db.expire_all()
    assert db.get(Organisation, org.id).name == HOSTILE  # stored as typed, escaped on output
    factories.gen_assessment(db, org, title=HOSTILE, scope=HOSTILE)
    db.commit()
    for url in (
        "/",
        f"/orgs/{org.id}",
        f"/orgs/{org.id}/edit",
        f"/orgs/{org.id}/members",
        "/admin",
    ):
        page = client.get(url).get_data(as_text=True)
        assert HOSTILE not in page, url
        assert ESCAPED in page, url


def test_hostile_member_name_is_escaped(client, auth, login_as, db, org_with_people):
    org, _, _ = org_with_people
    factories.gen_user(db, org, role="viewer", name=HOSTILE, email="evil@acme.example")
    db.commit()
    login_as("consultant")
    page = client.get(f"/orgs/{org.id}/members").get_data(as_text=True)
    assert HOSTILE not in page and ESCAPED in page
    auth.logout()
    login_as("admin")
    page = client.get("/admin").get_data(as_text=True)
    assert HOSTILE not in page and ESCAPED in page
    auth.logout()
    auth.login("evil@acme.example")
    page = client.get("/").get_data(as_text=True)  # the name in the header
    assert HOSTILE not in page and ESCAPED in page


def test_consultant_changes_a_role(client, login_as, db, org_with_people):
    _, _, people = org_with_people
    login_as("consultant")
    member = _membership(db, people["viewer"])
    response = client.post(
        f"/orgs/{member.organisation_id}/members/{member.id}/role",
        data={"role": "assessor"},
        follow_redirects=True,
    )
    assert f"{people['viewer'].name} is now assessor." in response.get_data(as_text=True)
    assert _membership(db, people["viewer"]).role == "assessor"
    event = _events(db, "membership", "update")[-1]
    assert (event.before["role"], event.after["role"]) == ("viewer", "assessor")


def test_unknown_role_is_refused(client, login_as, db, org_with_people):
    _, _, people = org_with_people
    login_as("consultant")
    member = _membership(db, people["viewer"])
    response = client.post(
        f"/orgs/{member.organisation_id}/members/{member.id}/role",
        data={"role": "owner"},
        follow_redirects=True,
    )
    assert "Choose one of the roles listed." in response.get_data(as_text=True)
    assert _membership(db, people["viewer"]).role == "viewer"


def test_removing_a_member_asks_first(client, login_as, db, org_with_people):
    """The remove button sits in a closed disclosure that says what removal does."""
    org, _, people = org_with_people
    login_as("consultant")
    member = _membership(db, people["assessor"])
    page = client.get(f"/orgs/{org.id}/members").get_data(as_text=True)
    action = f'action="/orgs/{org.id}/members/{member.id}/remove"'
    confirm = page[page.rindex('<details class="confirm">', 0, page.index(action)):]
    confirm = confirm[: confirm.index("</details>")]
    assert action in confirm and "<details class=\"confirm\" open" not in page
    assert f"{people['assessor'].name} loses access to {org.name} at once." in confirm
    assert "Yes, remove" in confirm


def test_consultant_removes_a_member_who_then_loses_access(
    client, auth, login_as, db, org_with_people
):
    org, _, people = org_with_people
    login_as("consultant")
    member = _membership(db, people["assessor"])
    response = client.post(f"/orgs/{org.id}/members/{member.id}/remove", follow_redirects=True)
    assert "no longer has access" in response.get_data(as_text=True)
    assert _membership(db, people["assessor"]) is None
    assert _events(db, "membership", "delete")[-1].before["email"] == "assessor@acme.example"
    auth.logout()
    login_as("assessor")
    assert client.get(f"/orgs/{org.id}").status_code == 404


def test_last_consultant_cannot_be_removed_or_demoted(client, login_as, db, org_with_people):
    org, _, people = org_with_people
    login_as("consultant")
    me = _membership(db, people["consultant"])
    removed = client.post(f"/orgs/{org.id}/members/{me.id}/remove", follow_redirects=True)
    assert "is the only consultant" in removed.get_data(as_text=True)
    demoted = client.post(
        f"/orgs/{org.id}/members/{me.id}/role", data={"role": "viewer"}, follow_redirects=True
    )
    assert "is the only consultant" in demoted.get_data(as_text=True)
    assert _membership(db, people["consultant"]).role == "consultant"
    assert _events(db, "membership") == []


def test_a_second_consultant_makes_stepping_down_possible(
    client, auth, login_as, db, org_with_people
):
    org, _, people = org_with_people
    login_as("consultant")
    other = _membership(db, people["assessor"])
    client.post(f"/orgs/{org.id}/members/{other.id}/role", data={"role": "consultant"})
    me = _membership(db, people["consultant"])
    response = client.post(f"/orgs/{org.id}/members/{me.id}/role", data={"role": "viewer"})
    assert response.status_code == 302
    assert _membership(db, people["consultant"]).role == "viewer"
    # and now the assessor-turned-consultant is the last one
    other = _membership(db, people["assessor"])
    auth.logout()
    login_as("admin")
    refused = client.post(f"/orgs/{org.id}/members/{other.id}/remove", follow_redirects=True)
    assert "is the only consultant" in refused.get_data(as_text=True)


def test_admin_page_lists_all_organisations_and_users(client, login_as, db, org_with_people):
    org, other, _ = org_with_people
    factories.gen_assessment(db, org)
    db.commit()
    login_as("admin")
    page = client.get("/admin").get_data(as_text=True)
    for text in (
        "Acme Widgets",
        "Other Co",
        "out@other.example",
        "admin@example.com",
        "Acme Widgets (consultant)",
    ):
        assert text in page


def test_admin_page_empty_states(client, auth, db):
    factories.gen_user(db, None, email="root@example.com", site_admin=True)
    db.commit()
    auth.login("root@example.com")
    page = client.get("/admin").get_data(as_text=True)
    assert "No organisations yet." in page
    index = client.get("/").get_data(as_text=True)
    assert "not a member of any organisation yet" in index


def test_index_links_organisations_and_assessments(client, auth, login_as, db, org_with_people):
    org, _, _ = org_with_people
    assessment = factories.gen_assessment(db, org, title="Linked review")
    db.commit()
    login_as("viewer")
    page = client.get("/").get_data(as_text=True)
    assert f'href="/orgs/{org.id}"' in page
    assert f'href="/assessments/{assessment.id}"' in page
    assert f"/orgs/{org.id}/assessments/new" not in page  # viewers cannot create
    auth.logout()
    login_as("assessor")
    assert f"/orgs/{org.id}/assessments/new" in client.get("/").get_data(as_text=True)


def test_next_audit_and_certification_body_dates_are_saved_and_planned_with(
    client, login_as, db, org_with_people
):
    from gapassess.db.inputs import profile_for
    from gapassess.domain.engine import assess
    from gapassess.domain.questionnaire import get_questionnaire
    from gapassess.domain.scoring_model import default_scoring_model

    org, _, _ = org_with_people
    login_as("consultant")
    form = dict(ORG_FORM, certification_status="certified-2015", target_audit_date="",
                next_audit_date="2027-10-12", cb_transition_end="2029-06-30",
                cb_all_audits_date="2028-12-31")
    response = client.post(f"/orgs/{org.id}/edit", data=form, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Organisation profile saved." in page
    assert "12 Oct 2027" in page and "end of transition 30 Jun 2029" in page
    db.expire_all()
    org = db.get(Organisation, org.id)
    profile = profile_for(org, date(2027, 1, 4))
    assert profile.certification.next_audit == date(2027, 10, 12)
    assert profile.transition.transition_end.confirmed
    result = assess(get_questionnaire(), [], default_scoring_model(), profile=profile)
    assert result.roadmap.target_date == date(2027, 10, 12)  # the next audit
    assert result.to_dict()["transition"]["transition_end"]["status"] == "confirmed"
    org.certification_status = "not-certified"
    initial = profile_for(org, date(2027, 1, 4))
    assert initial.certification.status == "not-certified"


def test_certification_body_dates_must_be_in_order(client, login_as, db, org_with_people):
    org, _, _ = org_with_people
    login_as("consultant")
    form = dict(ORG_FORM, cb_transition_end="2028-06-30", cb_all_audits_date="2029-01-31")
    page = client.post(f"/orgs/{org.id}/edit", data=form).get_data(as_text=True)
    assert "cannot come after the end of the transition (2028-06-30)" in page
    db.expire_all()
    assert db.get(Organisation, org.id).cb_all_audits_date is None
