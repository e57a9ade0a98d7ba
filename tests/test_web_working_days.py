"""The working calendar on the organisation profile: country and shutdown periods."""

from __future__ import annotations

from datetime import date

from gapassess.db.inputs import profile_for
from gapassess.db.models import Organisation
from gapassess.domain.engine import assess
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.domain.scoring_model import default_scoring_model
from gapassess.domain.working_days import Shutdown, closed_days
from tests.test_web_orgs_access import ORG_FORM

pytest_plugins = ("tests.web_bank",)

PERIODS = "2027-08-02 to 2027-08-13 Summer shutdown\n\n2026-12-24:2027-01-01"


def test_country_and_shutdowns_are_saved_shown_and_planned_with(
        client, login_as, db, org_with_people):
    org, _, _ = org_with_people
    login_as("consultant")
    page = client.get(f"/orgs/{org.id}/edit").get_data(as_text=True)
    assert '<option value="DE">Germany</option>' in page
    assert 'name="shutdown_periods"' in page
    form = dict(ORG_FORM, country="DE", shutdown_periods=PERIODS)
    response = client.post(f"/orgs/{org.id}/edit", data=form, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Organisation profile saved." in page
    assert ("Monday to Friday, excluding public holidays in Germany and the shutdown periods "
            "24 December 2026 to 1 January 2027; 2 August 2027 to 13 August 2027 (Summer "
            "shutdown)") in page
    db.expire_all()
    org = db.get(Organisation, org.id)
    assert org.country == "DE"
    assert org.shutdown_periods == ("2026-12-24 to 2027-01-01\n"
                                    "2027-08-02 to 2027-08-13 Summer shutdown")
    profile = profile_for(org, date(2026, 12, 1))
    assert profile.calendar.country == "DE"
    assert profile.calendar.shutdowns[1] == Shutdown(date(2027, 8, 2), date(2027, 8, 13),
                                                     "Summer shutdown")
    roadmap = assess(get_questionnaire(), [], default_scoring_model(), profile).roadmap
    for action in roadmap.actions:
        for day in (action.start, action.due):
            assert not date(2026, 12, 24) <= day <= date(2027, 1, 1)
            assert not date(2027, 8, 2) <= day <= date(2027, 8, 13)
            assert day not in closed_days(profile.calendar, date(2026, 12, 1))


def test_bad_shutdown_lines_are_named_and_nothing_is_saved(client, login_as, db,
                                                           org_with_people):
    org, _, _ = org_with_people
    login_as("consultant")
    lines = "2027-08-02 to 2027-08-13 ok\nsummer\n2027-09-10 to 2027-09-01"
    response = client.post(f"/orgs/{org.id}/edit",
                           data=dict(ORG_FORM, shutdown_periods=lines))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Company shutdown periods" in page and 'aria-invalid="true"' in page
    assert "Line 2: write it as YYYY-MM-DD to YYYY-MM-DD" in page
    assert "Line 3: the period ends (2027-09-01) before it starts (2027-09-10)" in page
    db.expire_all()
    assert db.get(Organisation, org.id).shutdown_periods == ""


def test_an_unknown_country_is_refused(client, login_as, db, org_with_people):
    org, _, _ = org_with_people
    login_as("consultant")
    response = client.post(f"/orgs/{org.id}/edit", data=dict(ORG_FORM, country="XX"))
    assert response.status_code == 200
    assert 'id="country-error"' in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(Organisation, org.id).country == ""


def test_the_profile_says_weekdays_only_without_a_calendar(client, login_as, org_with_people):
    org, _, _ = org_with_people
    login_as("viewer")
    page = client.get(f"/orgs/{org.id}").get_data(as_text=True)
    assert "Monday to Friday (no public holidays or shutdown periods given)" in page
