"""The roadmap page: order, milestones, feasibility, and edits that survive re-scoring."""

from __future__ import annotations

import re
from datetime import date

import pytest

from gapassess.db import audit
from gapassess.db.models import RoadmapEdit
from gapassess.db.responses import save_response
from gapassess.db.roadmap_edits import edits_for
from gapassess.domain.wording.roadmap_text import reason_texts
from gapassess.web.results.roadmap_view import anchor
from tests import results_data


@pytest.fixture
def assessment(db, org_with_people):
    org, _, _ = org_with_people
    a = results_data.answered_assessment(db, org)
    db.commit()
    return a


def _edit(client, assessment_id, action_id, **values):
    data = {"action_id": action_id, "owner": "", "due": "", "status": "planned", "notes": ""}
    data.update(values)
    return client.post(f"/assessments/{assessment_id}/roadmap", data=data)


def _card(page: str, action_id: str) -> str:
    """The HTML of one action's card on the roadmap page."""
    rest = page.split(f'id="{anchor(action_id)}"', 1)[1]
    return rest.split('<li class="card action', 1)[0]


def test_actions_in_priority_order_with_phases_and_milestones(client, db, login_as, assessment):
    login_as("viewer")
    roadmap = results_data.score(db, assessment).roadmap
    page = client.get(f"/assessments/{assessment.id}/roadmap").get_data(as_text=True)
    shown = re.findall(r'<li class="card action kind-\w+" id="([^"]+)"', page)
    by_phase = []
    for phase in roadmap.phases:
        in_phase = sorted((a for a in roadmap.actions if a.phase in (phase.name, phase.key)),
                          key=lambda a: a.priority)
        by_phase += [anchor(a.id) for a in in_phase]
    assert shown == by_phase
    assert len(shown) == len(roadmap.actions)
    for phase in roadmap.phases:
        assert phase.name in page
    milestones = [a for a in roadmap.actions if a.kind == "milestone"]
    assert len(milestones) == 2
    section = page[page.index("milestones-heading"):page.index("progress-heading")]
    for m in milestones:
        assert m.title in section
    first = min(roadmap.actions, key=lambda a: a.priority)
    for reason in reason_texts(first.reasons):
        assert reason.split("'")[0][:40] in page
    heading = "fits before" if roadmap.feasible else "does not fit before"
    assert f"The plan {heading} the target date" in page


def test_infeasible_plan_says_so(client, db, login_as, org_with_people):
    org, _, _ = org_with_people
    org.capacity_days_per_month = 0.5
    org.target_audit_date = date.today().replace(year=date.today().year + 1)
    a = results_data.answered_assessment(db, org)
    db.commit()
    login_as("viewer")
    roadmap = results_data.score(db, a).roadmap
    assert not roadmap.feasible
    page = client.get(f"/assessments/{a.id}/roadmap").get_data(as_text=True)
    assert "The plan does not fit before the target date" in page
    assert "agree a later audit date" in page


def test_viewer_reads_edits_but_gets_no_form(client, db, login_as, assessment, org_with_people):
    action = results_data.first_action(db, assessment)
    login_as("assessor")
    assert _edit(client, assessment.id, action.id, owner="Quality lead").status_code == 302
    client.post("/logout")
    login_as("viewer")
    page = client.get(f"/assessments/{assessment.id}/roadmap").get_data(as_text=True)
    assert "Quality lead" in page
    assert 'name="action_id"' not in page
    assert "<form" not in page.split('id="main"')[1].replace('action="/logout"', "")


def test_edit_is_saved_and_audited(client, db, login_as, assessment):
    action = results_data.first_action(db, assessment)
    user = login_as("consultant")
    response = _edit(client, assessment.id, action.id, owner="Plant manager",
                     due="2027-03-31", status="in-progress", notes="Budget agreed")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#{anchor(action.id)}")
    db.expire_all()
    edit = edits_for(db, assessment.id)[action.id]
    assert (edit.owner, edit.due, edit.status, edit.notes) == (
        "Plant manager", date(2027, 3, 31), "in-progress", "Budget agreed")
    assert edit.updated_by_id == user.id
    _edit(client, assessment.id, action.id, owner="Plant manager", due="2027-03-31",
          status="done", notes="Budget agreed")
    events = audit.history(db, "roadmap_edit", f"{assessment.id}:{action.id}")
    assert [e.action for e in events] == ["update", "create"]
    assert events[0].before == {"status": "in-progress"}
    assert events[0].after == {"status": "done"}
    assert events[0].user_id == user.id


@pytest.mark.parametrize(
    ("field", "value"),
    [("status", "cancelled"), ("due", "31/03/2027"), ("owner", "x" * 201)],
)
def test_invalid_edit_is_refused_and_saves_nothing(client, db, login_as, assessment, field,
                                                   value):
    action = results_data.first_action(db, assessment)
    login_as("assessor")
    response = _edit(client, assessment.id, action.id, **{field: value})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'class="field-error' in page
    assert '<details class="edit" open>' in page.split(f'id="{anchor(action.id)}"')[1][:6000]
    db.expire_all()
    assert edits_for(db, assessment.id) == {}


def test_unknown_action_is_refused(client, db, login_as, assessment):
    login_as("assessor")
    response = _edit(client, assessment.id, "9.9-made-up/conformity", owner="x")
    assert response.status_code == 302
    db.expire_all()
    assert db.query(RoadmapEdit).count() == 0


def test_hostile_owner_and_notes_are_escaped(client, db, login_as, assessment):
    action = results_data.first_action(db, assessment)
    login_as("assessor")
    _edit(client, assessment.id, action.id, owner="<script>alert('o')</script>",
          notes='<img src=x onerror="alert(2)">\nsecond line')
    page = client.get(f"/assessments/{assessment.id}/roadmap").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;o&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in page


def test_edits_survive_rescoring(client, db, login_as, assessment):
    """Edit an action, change answers (the roadmap is re-planned), the edit is still there."""
    action = results_data.first_action(db, assessment)
    login_as("assessor")
    _edit(client, assessment.id, action.id, owner="Keeps this", status="blocked",
          notes="Waiting for the new site")
    before = results_data.score(db, assessment).roadmap
    # Another gap closes: priorities and dates of the rest move.
    other = next(a for a in sorted(before.actions, key=lambda a: a.priority)
                 if a.kind == "conformity" and a.item_id != action.item_id)
    save_response(db, assessment, other.item_id, {"compliance": 4, "outcome": 4}, user=None)
    db.commit()
    after = results_data.score(db, assessment).roadmap
    assert other.id not in {a.id for a in after.actions}
    page = client.get(f"/assessments/{assessment.id}/roadmap").get_data(as_text=True)
    card = _card(page, action.id)
    assert "Keeps this" in card and "Waiting for the new site" in card and "Blocked" in card

    # The action's own gap closes: the edit is kept aside and comes back with the gap.
    item = action.item_id
    save_response(db, assessment, item, {"compliance": 4}, user=None)
    db.commit()
    page = client.get(f"/assessments/{assessment.id}/roadmap").get_data(as_text=True)
    assert f'id="{anchor(action.id)}"' not in page
    stale = page[page.index("stale-heading"):]
    assert action.id in stale and "Keeps this" in stale
    save_response(db, assessment, item, {"compliance": 0}, user=None)
    db.commit()
    page = client.get(f"/assessments/{assessment.id}/roadmap").get_data(as_text=True)
    assert "Keeps this" in _card(page, action.id)


def test_edit_without_csrf_token_is_refused(client, db, login_as, assessment, app):
    action = results_data.first_action(db, assessment)
    login_as("consultant")
    app.config["WTF_CSRF_ENABLED"] = True
    response = _edit(client, assessment.id, action.id, owner="Forged")
    assert response.status_code == 400
    db.expire_all()
    assert edits_for(db, assessment.id) == {}
    # With the token from the page the same edit goes through.
    page = client.get(f"/assessments/{assessment.id}/roadmap").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = _edit(client, assessment.id, action.id, owner="Real", csrf_token=token)
    assert response.status_code == 302
    db.expire_all()
    assert edits_for(db, assessment.id)[action.id].owner == "Real"


def test_an_organisation_without_a_certificate_sees_a_certification_plan(
    client, db, login_as, assessment
):
    assessment.organisation.certification_status = "not-certified"
    db.commit()
    login_as("viewer")
    page = client.get(f"/assessments/{assessment.id}/roadmap").get_data(as_text=True)
    assert "target initial certification audit" in page
    assert "Milestones before the certification audit" in page
    assert "Phase 1: Foundations" in page
    assert "transition audit" not in page
    overview = client.get(f"/assessments/{assessment.id}/results").get_data(as_text=True)
    assert "Transition readiness" not in overview and "Conformity readiness" in overview


def _report_owners(data: bytes) -> list[dict[str, str]]:
    """The Owner column of each of the report's tables of roadmap actions (the leadership
    table, then the working papers' table of every action), by priority."""
    import io

    from docx import Document

    document = Document(io.BytesIO(data))
    tables = [t for t in document.tables
              if [c.text for c in t.rows[0].cells[:4]] == ["#", "Action", "Clause", "Owner"]]
    return [{row.cells[0].text: row.cells[3].text for row in t.rows[1:]} for t in tables]


def test_the_item_owner_is_the_default_owner_and_the_roadmap_owner_wins(
        client, db, login_as, assessment):
    first = results_data.first_action(db, assessment)
    second = results_data.first_action(db, assessment, kind="outcome")
    assert second.item_id == first.item_id  # both actions of one item
    save_response(db, assessment, first.item_id, {"owner": "Maria Lopez"}, user=None)
    db.commit()
    others = [a for a in results_data.score(db, assessment).roadmap.actions
              if a.item_id != first.item_id]
    login_as("assessor")
    page = client.get(f"/assessments/{assessment.id}/roadmap").get_data(as_text=True)
    for action in (first, second):
        card = _card(page, action.id)
        assert "Maria Lopez (from the item)" in card
        assert "not assigned" not in card
    assert _edit(client, assessment.id, first.id, owner="Jo Park").status_code == 302
    page = client.get(f"/assessments/{assessment.id}/roadmap").get_data(as_text=True)
    card = _card(page, first.id)
    assert "<dd>Jo Park</dd>" in card and "(from the item)" not in card
    assert "Maria Lopez (from the item)" in _card(page, second.id)
    assert all("not assigned" in _card(page, a.id) for a in others)
    report = client.get(f"/assessments/{assessment.id}/report.docx?appendix=1")
    assert report.status_code == 200
    leadership, every = _report_owners(report.data)
    assert leadership[str(first.priority)] == every[str(first.priority)] == "Jo Park"
    assert every[str(second.priority)] == "Maria Lopez"
    assert {every[str(a.priority)] for a in others} == {"-"}
    # A blank owner on the roadmap gives the action back its item's owner.
    assert _edit(client, assessment.id, first.id, owner="  ").status_code == 302
    page = client.get(f"/assessments/{assessment.id}/roadmap").get_data(as_text=True)
    assert "Maria Lopez (from the item)" in _card(page, first.id)
