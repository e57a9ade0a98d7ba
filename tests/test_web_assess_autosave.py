"""The JSON autosave endpoint: saves, refuses bad input by field, refuses stale versions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gapassess.db import responses
from gapassess.db.answer_store import save_answer
from gapassess.db.models import Assessment, AuditEvent, Response
from gapassess.db.responses import EditConflict
from tests.web_pages import ITEM, NA_ITEM

pytest_plugins = ("tests.web_bank",)

FULL = {
    "compliance": 2,
    "outcome": 1,
    "not_applicable": False,
    "justification": "",
    "evidence": "Context register 2026",
    "notes": "Reviewed in May",
    "owner": "Quality lead",
}


def _url(assessment, item_id=ITEM):
    return f"/assessments/{assessment.id}/items/{item_id}/answer"


def _stored(db, assessment, item_id=ITEM):
    db.expire_all()
    return responses.get_response(db, assessment.id, item_id)


def _events(db, assessment, item_id=ITEM):
    db.expire_all()
    return list(
        db.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.entity_type == "response",
                AuditEvent.entity_id == f"{assessment.id}:{item_id}",
            )
            .order_by(AuditEvent.id)
        )
    )


def test_save_creates_then_updates_with_audit_events(client, login_as, db, assessments):
    mine, _ = assessments
    me = login_as("assessor")
    first = client.post(_url(mine), json={"version": 0, "values": FULL})
    assert first.status_code == 200
    body = first.get_json()
    assert body["ok"] is True and body["version"] == 1 and body["status"] == "done"
    assert "progress" not in body  # the page counts: see the status change below
    page = client.get(f"/assessments/{mine.id}/clauses/{ITEM.split('.')[0]}").get_data(True)
    assert 'data-done="1" data-started="0" data-total="5"' in page  # overall
    assert 'data-done="1" data-started="0" data-total="3"' in page  # this clause
    stored = _stored(db, mine)
    assert (stored.compliance, stored.outcome, stored.evidence, stored.owner) == (
        2,
        1,
        "Context register 2026",
        "Quality lead",
    )
    assert stored.updated_by_id == me.id

    second = client.post(_url(mine), json={"version": 1, "values": dict(FULL, compliance=3)})
    assert second.status_code == 200 and second.get_json()["version"] == 2
    first_entry = body["history_entry"]
    assert first_entry["action"] == "create" and first_entry["actor"] == me.name
    assert {c["field"] for c in first_entry["changes"]} >= {"Compliance", "Outcome", "Evidence"}
    latest = second.get_json()["history_entry"]
    assert latest["actor"] == me.name and latest["action"] == "update"
    assert latest["changes"] == [
        {"field": "Compliance", "before": "2 · Defined", "after": "3 · Implemented"}
    ]
    again = client.post(_url(mine), json={"version": 2, "values": {"compliance": 3}})
    assert again.status_code == 200 and again.get_json()["history_entry"] is None
    assert _stored(db, mine).compliance == 3
    events = _events(db, mine)
    assert [e.action for e in events] == ["create", "update"]
    assert events[0].after["evidence"] == "Context register 2026"
    assert (events[1].before, events[1].after) == ({"compliance": 2}, {"compliance": 3})
    assert events[1].user_id == me.id


def test_partial_values_keep_the_other_fields(client, login_as, db, assessments):
    mine, _ = assessments
    login_as("assessor")
    client.post(_url(mine), json={"version": 0, "values": FULL})
    response = client.post(_url(mine), json={"version": 1, "values": {"notes": "Only notes"}})
    assert response.status_code == 200
    stored = _stored(db, mine)
    assert (stored.notes, stored.evidence, stored.compliance) == (
        "Only notes",
        "Context register 2026",
        2,
    )


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"compliance": 7}, "compliance", "Compliance: choose a level from 0 to 4"),
        ({"outcome": "high"}, "outcome", "Outcome: choose a level from 0 to 4"),
        ({"compliance": True}, "compliance", "Compliance"),
        ({"score": 3}, "score", "score: is not an answer field"),
        ({"owner": "x" * 201}, "owner", "Owner: is 201 characters long; the limit is 200"),
        ({"owner": "two\nlines"}, "owner", "Owner: must fit on one line"),
        ({"evidence": 12}, "evidence", "Evidence: must be text"),
        (
            {"not_applicable": True, "justification": "n/a"},
            "not_applicable",
            "cannot be marked not applicable",
        ),
    ],
)
def test_invalid_values_are_refused_naming_the_field(
    client, login_as, db, assessments, values, field, words
):
    mine, _ = assessments
    login_as("assessor")
    response = client.post(_url(mine), json={"version": 0, "values": values})
    assert response.status_code == 400
    body = response.get_json()
    assert body["field"] == field
    assert words in body["message"]
    assert _stored(db, mine) is None
    assert _events(db, mine) == []


def test_not_applicable_needs_a_justification(client, login_as, db, assessments):
    mine, _ = assessments
    login_as("assessor")
    refused = client.post(
        _url(mine, NA_ITEM), json={"version": 0, "values": {"not_applicable": True}}
    )
    assert refused.status_code == 400
    assert refused.get_json()["field"] == "justification"
    assert "Justification:" in refused.get_json()["message"]
    assert _stored(db, mine, NA_ITEM) is None
    blank = client.post(
        _url(mine, NA_ITEM),
        json={"version": 0, "values": {"not_applicable": True, "justification": "   "}},
    )
    assert blank.status_code == 400
    ok = client.post(
        _url(mine, NA_ITEM),
        json={
            "version": 0,
            "values": {"not_applicable": True, "justification": "No outside parties"},
        },
    )
    assert ok.status_code == 200 and ok.get_json()["status"] == "done"
    assert _stored(db, mine, NA_ITEM).not_applicable is True


@pytest.mark.parametrize(
    ("item_id", "values", "field", "message"),
    [
        (ITEM, {"not_applicable": True, "justification": "n/a"}, "not_applicable",
         "Not applicable: \u201cContext issues in practice\u201d cannot be marked not "
         "applicable: every organisation must meet it"),
        (NA_ITEM, {"not_applicable": True}, "justification",
         "Justification: say why \u201cParty needs in practice\u201d does not apply, or "
         "untick Not applicable"),
    ],
)
def test_not_applicable_messages_name_the_item_by_its_title(
    client, login_as, db, assessments, item_id, values, field, message
):
    mine, _ = assessments
    login_as("assessor")
    refused = client.post(_url(mine, item_id), json={"version": 0, "values": values})
    assert refused.status_code == 400
    body = refused.get_json()
    assert (body["field"], body["message"]) == (field, message)
    assert item_id not in body["message"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"values": {"compliance": 1}}, "version"),
        ({"version": "1", "values": {"compliance": 1}}, "version"),
        ({"version": -1, "values": {"compliance": 1}}, "version"),
        ({"version": 0, "values": {}}, "values"),
        ({"version": 0, "values": [1, 2]}, "values"),
        ([1, 2], ""),
    ],
)
def test_malformed_requests_are_refused(client, login_as, db, assessments, payload, field):
    mine, _ = assessments
    login_as("assessor")
    response = client.post(_url(mine), json=payload)
    assert response.status_code == 400
    assert response.get_json()["field"] == field
    assert _stored(db, mine) is None


def test_body_that_is_not_json_is_refused(client, login_as, db, assessments):
    mine, _ = assessments
    login_as("assessor")
    response = client.post(
        _url(mine), data="compliance=2", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert _stored(db, mine) is None


def test_stale_version_is_refused_with_both_versions(
    client, login_as, db, org_with_people, assessments
):
    mine, _ = assessments
    _, _, people = org_with_people
    responses.save_response(
        db, mine, ITEM, {"compliance": 4, "evidence": "Theirs"}, user=people["consultant"]
    )
    db.commit()
    login_as("assessor")
    response = client.post(_url(mine), json={"version": 0, "values": dict(FULL, evidence="Mine")})
    assert response.status_code == 409
    body = response.get_json()
    assert body["error"] == "conflict" and body["current_version"] == 1
    assert body["changed_by"] == people["consultant"].name
    assert body["theirs"]["compliance"] == 4 and body["theirs"]["evidence"] == "Theirs"
    assert body["yours"]["compliance"] == 2 and body["yours"]["evidence"] == "Mine"
    rows = {row["field"]: row for row in body["fields"]}
    assert rows["compliance"]["theirs"] == "4 · Assured"
    assert rows["compliance"]["yours"] == "2 · Defined"
    # their change is not on the assessor's page: the whole history comes with the conflict
    assert [(e["actor"], e["action"]) for e in body["history"]] == [
        (people["consultant"].name, "create")
    ]
    assert body["status"] == "started"  # their answer: compliance only
    assert rows["evidence"] == {
        "field": "evidence",
        "label": "Evidence",
        "theirs": "Theirs",
        "yours": "Mine",
    }
    stored = _stored(db, mine)
    assert (stored.compliance, stored.evidence, stored.version) == (4, "Theirs", 1)

    overwrite = client.post(
        _url(mine), json={"version": body["current_version"], "values": body["yours"]}
    )
    assert overwrite.status_code == 200
    stored = _stored(db, mine)
    assert (stored.compliance, stored.evidence, stored.version) == (2, "Mine", 2)


def test_same_answer_from_both_is_not_a_conflict(
    client, login_as, db, org_with_people, assessments
):
    mine, _ = assessments
    _, _, people = org_with_people
    responses.save_response(db, mine, ITEM, {"compliance": 3}, user=people["consultant"])
    db.commit()
    login_as("assessor")
    response = client.post(_url(mine), json={"version": 0, "values": {"compliance": 3}})
    assert response.status_code == 200
    assert _stored(db, mine).version == 1
    # Their save is not in the assessor's list yet: the whole history comes back instead.
    body = response.get_json()
    assert body["history_entry"] is None
    assert [(e["actor"], e["action"]) for e in body["history"]] == [
        (people["consultant"].name, "create")
    ]


def test_race_at_the_database_becomes_a_conflict(app, db, org_with_people, assessments):
    """Two sessions read version 1; the second to write gets EditConflict, not lost data."""
    mine, _ = assessments
    _, _, people = org_with_people
    responses.save_response(db, mine, ITEM, {"compliance": 1}, user=people["assessor"])
    db.commit()
    factory = app.extensions["gapassess.sessions"]
    with factory() as first, factory() as second:
        a1, a2 = first.get(Assessment, mine.id), second.get(Assessment, mine.id)
        responses.get_response(first, mine.id, ITEM)
        responses.get_response(second, mine.id, ITEM)
        save_answer(first, a1, ITEM, {"compliance": 2}, user=None, expected_version=1)
        first.commit()
        with pytest.raises(EditConflict) as caught:
            save_answer(second, a2, ITEM, {"compliance": 3}, user=None, expected_version=1)
    assert caught.value.theirs["compliance"] == 2
    assert caught.value.current_version == 2
    assert _stored(db, mine).compliance == 2


def test_final_assessment_refuses_saves(client, login_as, db, assessments):
    mine, _ = assessments
    mine.status = "final"
    db.commit()
    login_as("consultant")
    response = client.post(_url(mine), json={"version": 0, "values": FULL})
    assert response.status_code == 403
    assert response.get_json()["error"] == "final"
    assert _stored(db, mine) is None


def test_saved_state_lives_in_the_database_not_the_browser(client, login_as, db, assessments):
    mine, _ = assessments
    login_as("assessor")
    client.post(_url(mine), json={"version": 0, "values": FULL})
    page = client.get(f"/assessments/{mine.id}/clauses/4").get_data(as_text=True)
    assert "Context register 2026</textarea>" in page
    assert f'name="{ITEM}:version" value="1"' in page
    assert db.scalar(select(Response.version).where(Response.item_id == ITEM)) == 1
