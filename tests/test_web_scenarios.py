"""Scenarios on the roadmap page: stored per assessment, compared with the current plan."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from gapassess.db.models import Assessment, AuditEvent
from gapassess.domain.engine.scenarios import Scenario, stored_scenarios
from tests import results_data
from tests.web_pages import csrf_login

pytest_plugins = ("tests.web_bank",)


@pytest.fixture
def assessment(db, org_with_people):
    org, _, _ = org_with_people
    org.target_audit_date = date.today().replace(year=date.today().year + 1)
    a = results_data.answered_assessment(db, org)
    db.commit()
    return a


def _rows(**rows):
    """Form data for the scenario rows: _rows(r0={"capacity": "12"})."""
    data = {}
    for n in range(3):
        for name in ("label", "capacity", "target_date"):
            data[f"scenarios-{n}-{name}"] = ""
        data.update({f"scenarios-{n}-{k}": v for k, v in rows.get(f"r{n}", {}).items()})
    return data


def _table(page: str) -> str:
    return page[page.index('<table class="scenario-table">'):page.index("</table>")]


def test_scenarios_are_saved_and_compared_side_by_side(client, db, login_as, assessment):
    login_as("assessor")
    url = f"/assessments/{assessment.id}/roadmap"
    later = date.today().replace(year=date.today().year + 3).isoformat()
    response = client.post(f"{url}/scenarios", data=_rows(
        r0={"label": "Double team", "capacity": "40"},
        r2={"target_date": later, "outcome_after_audit": "y"}))
    assert response.status_code == 302 and response.location.endswith("#scenarios")
    db.expire_all()
    stored = stored_scenarios(db.get(Assessment, assessment.id).scenarios)
    assert stored == [Scenario("Double team", 40.0),
                      Scenario("", None, date.fromisoformat(later), True)]
    event = db.scalars(select(AuditEvent).where(AuditEvent.entity_type == "assessment")
                       .order_by(AuditEvent.id.desc())).first()
    assert event is not None and "Double team" in str(event.after)

    page = client.get(url).get_data(as_text=True)
    table = _table(page)
    headers = re.findall(r'<th scope="col">([^<]*)</th>', table)
    assert headers == ["Plan", "Current plan", "Double team", "Scenario 2"]
    roadmap = results_data.score(db, assessment).roadmap
    verdicts = re.findall(r'<td class="(feasible|shortfall)">', table)
    assert verdicts[0] == ("feasible" if roadmap.feasible else "shortfall")
    assert "40 person-days a month" in table and "after the audit" in table
    assert "Shortfall" in table and "Milestones done" in table


def test_a_viewer_sees_the_comparison_but_no_form(client, db, login_as, assessment):
    assessment.scenarios = [Scenario("More time", capacity=20.0).to_dict()]
    db.commit()
    login_as("viewer")
    page = client.get(f"/assessments/{assessment.id}/roadmap").get_data(as_text=True)
    assert "More time" in _table(page)
    assert "scenarios-0-capacity" not in page
    response = client.post(f"/assessments/{assessment.id}/roadmap/scenarios",
                           data=_rows(r0={"capacity": "12"}))
    assert response.status_code == 403


@pytest.mark.parametrize(("row", "message"), [
    ({"capacity": "lots"}, "Scenario 1, Capacity (person-days a month): Not a valid float"),
    ({"capacity": "0"}, "Scenario 1, Capacity (person-days a month): Enter a number from 0.5"),
    ({"target_date": "2200-01-01"}, "Scenario 1, Target audit date: "),
    ({"label": "Only a name"}, "Scenario 1, Capacity (person-days a month): Change the "
                               "capacity, the target date or the scope"),
    ({"label": "x" * 61, "capacity": "3"}, "Scenario 1, Label: "),
])
def test_bad_input_names_the_field_and_saves_nothing(client, db, login_as, assessment, row,
                                                     message):
    login_as("assessor")
    response = client.post(f"/assessments/{assessment.id}/roadmap/scenarios",
                           data=_rows(r0=row, r1={"capacity": "9"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The scenarios were not saved" in page
    assert message in page.replace("&#39;", "'")
    db.expire_all()
    assert db.get(Assessment, assessment.id).scenarios == []


def test_hostile_labels_are_escaped(client, db, login_as, assessment):
    login_as("assessor")
    client.post(f"/assessments/{assessment.id}/roadmap/scenarios",
                data=_rows(r0={"label": "<script>alert(1)</script>", "capacity": "3"}))
    page = client.get(f"/assessments/{assessment.id}/roadmap").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_saving_scenarios_needs_the_csrf_token(csrf_client, db, org_with_people):
    org, _, _ = org_with_people
    assessment = results_data.answered_assessment(db, org)
    db.commit()
    token = csrf_login(csrf_client, "assessor@acme.example")
    url = f"/assessments/{assessment.id}/roadmap/scenarios"
    assert csrf_client.post(url, data=_rows(r0={"capacity": "12"})).status_code == 400
    db.expire_all()
    assert db.get(Assessment, assessment.id).scenarios == []
    response = csrf_client.post(url, data=dict(_rows(r0={"capacity": "12"}), csrf_token=token))
    assert response.status_code == 302
    db.expire_all()
    assert stored_scenarios(db.get(Assessment, assessment.id).scenarios) == [Scenario(
        capacity=12.0)]
