"""Workshop pages: who may do what, participant token scope, live state, consensus."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from gapassess.db.models import Response, Vote, Workshop
from tests import factories
from tests.workshop_support import ITEMS, agenda_of, join, open_workshop, sid, vote_json


@pytest.fixture
def room(db, org_with_people):
    """An open facilitator-paced workshop on Acme's assessment, with one participant."""
    org, other, people = org_with_people
    workshop = open_workshop(db, org, people["consultant"])
    participant, token = join(db, workshop, "Ana")
    return workshop, participant, token


def _url(workshop, tail=""):
    return f"/assessments/{workshop.assessment_id}/workshops/{workshop.id}{tail}"


FACILITATOR_GETS = ["", "/projector", "/state", "/qr.svg"]
FACILITATOR_POSTS = [
    ("/go", {"index": "1"}),
    ("/reveal", {"value": "on"}),
    ("/names", {"value": "on"}),
    ("/close", {}),
    ("/consensus", {"item_id": ITEMS[0], "compliance": "2", "outcome": "1", "notes": ""}),
]


@pytest.mark.parametrize(("who", "status"), [("assessor", 403), ("viewer", 403), ("outsider", 404)])
def test_facilitator_pages_refuse_everyone_but_consultants(client, login_as, room, who, status):
    workshop, _, _ = room
    login_as(who)
    for tail in FACILITATOR_GETS:
        assert client.get(_url(workshop, tail)).status_code == status, tail
    for tail, data in FACILITATOR_POSTS:
        assert client.post(_url(workshop, tail), data=data).status_code == status, tail
    assert client.get(f"/assessments/{workshop.assessment_id}/workshops").status_code == status


def test_refused_actions_change_nothing(client, login_as, db, room):
    workshop, _, _ = room
    login_as("assessor")
    for tail, data in FACILITATOR_POSTS:
        client.post(_url(workshop, tail), data=data)
    db.expire_all()
    fresh = db.get(Workshop, workshop.id)
    assert (fresh.status, fresh.current_index, fresh.revealed, fresh.show_names) == (
        "open", 0, False, False)
    assert db.scalar(select(func.count()).select_from(Response)) == 0


def test_logged_out_visitors_are_sent_to_login(client, room):
    workshop, _, _ = room
    response = client.get(_url(workshop))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_workshop_under_another_assessment_id_is_not_found(client, login_as, db, room,
                                                           org_with_people):
    workshop, _, _ = room
    org, _, _ = org_with_people
    elsewhere = factories.gen_assessment(db, org, title="Another")
    db.commit()
    login_as("consultant")
    assert client.get(f"/assessments/{elsewhere.id}/workshops/{workshop.id}").status_code == 404


def test_consultant_opens_a_workshop_on_chosen_clauses(client, login_as, db, org_with_people):
    org, _, _ = org_with_people
    assessment = factories.gen_assessment(db, org)
    db.commit()
    login_as("consultant")
    page = client.get(f"/assessments/{assessment.id}/workshops")
    assert page.status_code == 200 and "Run a workshop" in page.get_data(as_text=True)
    shown = client.post(f"/assessments/{assessment.id}/workshops/agenda",
                        data={"clauses": ["4", "7"]}).get_data(as_text=True)
    items = agenda_of(shown)
    response = client.post(
        f"/assessments/{assessment.id}/workshops",
        data={"items": items, "pacing": "self", "title": "Leadership team"},
    )
    assert response.status_code == 302
    workshop = db.scalar(select(Workshop).where(Workshop.assessment_id == assessment.id))
    assert workshop.pacing == "self" and workshop.title == "Leadership team"
    assert workshop.item_ids and {i.split(".")[0] for i in workshop.item_ids} == {"4", "7"}
    console = client.get(response.headers["Location"]).get_data(as_text=True)
    assert workshop.code in console and f"/j/{workshop.code}" in console


def test_checkboxes_are_not_each_required(client, login_as, db, org_with_people):
    """Every checkbox marked ``required`` made the browser refuse the form as soon as one
    clause was unticked; at least one choice is still asked for, by the server."""
    org, _, _ = org_with_people
    assessment = factories.gen_assessment(db, org)
    db.commit()
    login_as("consultant")
    page = client.get(f"/assessments/{assessment.id}/workshops").get_data(as_text=True)
    boxes = re.findall(r'<input[^>]*type="checkbox"[^>]*>', page)
    assert len(boxes) > 100 and not any("required" in box for box in boxes)
    none = client.post(f"/assessments/{assessment.id}/workshops/agenda", data={})
    assert "Choose at least one clause, sub-clause, change kind, status or item." in (
        none.get_data(as_text=True))


def test_qr_code_points_at_the_short_link(client, login_as, room):
    workshop, _, _ = room
    login_as("consultant")
    response = client.get(_url(workshop, "/qr.svg"))
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.data.lstrip().startswith(b"<?xml") and b"<svg" in response.data
    assert client.get(f"/j/{workshop.code.lower()}").headers["Location"].endswith(
        f"/w/{workshop.code}/")


def test_joining_sets_a_cookie_scoped_to_the_workshop(client, room):
    workshop, _, _ = room
    page = client.get(f"/w/{workshop.code}/")
    assert page.status_code == 200 and "Your name" in page.get_data(as_text=True)
    response = client.post(f"/w/{workshop.code}/join", data={"name": "  Bea  "})
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert f"Path=/w/{workshop.code}/" in cookie and "HttpOnly" in cookie
    vote_page = client.get(f"/w/{workshop.code}/").get_data(as_text=True)
    assert "Bea" in vote_page and 'name="csrf-token"' in vote_page


def test_a_name_is_optional_and_the_facilitator_sees_a_neutral_label(client, login_as, db,
                                                                      room):
    workshop, _, _ = room
    page = client.get(f"/w/{workshop.code}/").get_data(as_text=True)
    assert re.search(r'<input[^>]*name="name"', page)
    assert not re.search(r'<input[^>]*name="name"[^>]*required', page)
    response = client.post(f"/w/{workshop.code}/join", data={"name": "   "})
    assert response.status_code == 302
    token = response.headers["Set-Cookie"].split("=", 1)[1].split(";", 1)[0]
    assert "Participant 2" in client.get(f"/w/{workshop.code}/").get_data(as_text=True)
    vote_json(client, workshop, token, compliance=3, outcome=3)
    login_as("consultant")
    state = client.get(_url(workshop, "/state")).get_json()
    assert [p["name"] for p in state["participants"]] == ["Ana", "Participant 2"]
    assert state["current"]["voted"] == ["Participant 2"]
    assert "Participant 2" in client.get(_url(workshop)).get_data(as_text=True)


def test_vote_by_json_and_retry(client, db, room):
    workshop, _, token = room
    first = vote_json(client, workshop, token, submission="retry-me")
    again = vote_json(client, workshop, token, submission="retry-me")
    assert first.status_code == again.status_code == 200
    assert first.get_json()["applied"] and not again.get_json()["applied"]
    changed = vote_json(client, workshop, token, compliance=4, outcome=3)
    assert changed.get_json() == {"item_id": ITEMS[0], "compliance": 4, "outcome": 3,
                                  "applied": True}
    assert db.execute(select(Vote.compliance, Vote.outcome)).all() == [(4, 3)]


def test_participant_state_follows_the_facilitator(client, login_as, room):
    workshop, _, token = room
    client.set_cookie("gapassess_participant", token, path=f"/w/{workshop.code}/")
    state = client.get(f"/w/{workshop.code}/state")
    assert state.get_json()["item"]["item_id"] == ITEMS[0]
    etag = state.headers["ETag"]
    assert client.get(f"/w/{workshop.code}/state",
                      headers={"If-None-Match": etag}).status_code == 304
    login_as("consultant")
    assert client.post(_url(workshop, "/go"), data={"index": "2"}).status_code == 302
    moved = client.get(f"/w/{workshop.code}/state", headers={"If-None-Match": etag})
    assert moved.status_code == 200 and moved.get_json()["item"]["item_id"] == ITEMS[2]


def test_closed_workshop_refuses_votes_with_409_and_keeps_them(client, login_as, db, room):
    workshop, _, token = room
    assert vote_json(client, workshop, token).status_code == 200
    login_as("consultant")
    assert client.post(_url(workshop, "/close"), data={"confirm": "y"}).status_code == 302
    refused = vote_json(client, workshop, token, compliance=0)
    assert refused.status_code == 409 and "closed" in refused.get_json()["error"]
    assert db.execute(select(Vote.compliance)).all() == [(2,)]
    assert "closed" in client.get(f"/w/{workshop.code}/").get_data(as_text=True)
    assert client.post(f"/w/{workshop.code}/join", data={"name": "Late"}).status_code == 409


def test_removed_participant_is_refused(client, login_as, db, room):
    workshop, participant, token = room
    assert vote_json(client, workshop, token).status_code == 200
    login_as("consultant")
    client.post(_url(workshop, f"/participants/{participant.id}/remove"))
    refused = vote_json(client, workshop, token, compliance=4)
    assert refused.status_code == 403 and "removed" in refused.get_json()["error"]
    assert client.get(f"/w/{workshop.code}/state").status_code == 403
    assert db.execute(select(Vote.compliance)).all() == [(2,)]
    state = client.get(_url(workshop, "/state")).get_json()
    assert state["participants"][0]["removed"] and state["excluded_votes"] == 1
    assert state["current"]["spread"]["voters"] == 0


def test_token_is_valid_for_its_own_workshop_only(client, db, room, org_with_people):
    workshop, _, token = room
    org, other_org, people = org_with_people
    sibling = open_workshop(db, org, people["consultant"], assessment=workshop.assessment)
    foreign = open_workshop(db, other_org)
    for target in (sibling, foreign):
        client.set_cookie("gapassess_participant", token, path=f"/w/{target.code}/")
        assert client.get(f"/w/{target.code}/state").status_code == 401
        refused = client.post(f"/w/{target.code}/vote", json={
            "item_id": ITEMS[0], "compliance": 1, "outcome": 1, "submission_id": sid()})
        assert refused.status_code == 401
        page = client.get(f"/w/{target.code}/").get_data(as_text=True)
        assert "Your name" in page  # treated as a stranger: asked to join
    assert db.scalar(select(func.count()).select_from(Vote)) == 0
    # The token opens no facilitator page, assessment or other organisation either.
    for target in (workshop, sibling, foreign):
        client.set_cookie("gapassess_participant", token, path="/")
        for tail in FACILITATOR_GETS:
            response = client.get(_url(target, tail))
            assert response.status_code in (302, 401, 403, 404), (target.code, tail)
            if response.status_code == 302:
                assert "/login" in response.headers["Location"]
    assert client.get("/").status_code == 302


def test_unknown_code_is_not_found(client, room):
    assert client.get("/w/XXXXXX/").status_code == 404
    assert client.get("/j/XXXXXX").status_code == 404
    assert client.post("/w/XXXXXX/vote", json={}).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"item_id": ITEMS[0], "compliance": 7, "outcome": 1, "submission_id": "a"},
        {"item_id": ITEMS[0], "compliance": 2.5, "outcome": 1, "submission_id": "a"},
        {"item_id": "nope", "compliance": 1, "outcome": 1, "submission_id": "a"},
        {"item_id": ITEMS[0], "compliance": 1, "outcome": 1},
        ["not", "an", "object"],
    ],
)
def test_malformed_votes_get_a_400_with_a_message(client, room, body):
    workshop, _, token = room
    client.set_cookie("gapassess_participant", token, path=f"/w/{workshop.code}/")
    response = client.post(f"/w/{workshop.code}/vote", json=body)
    assert response.status_code == 400 and response.get_json()["error"]


def test_plain_form_vote_works_without_script(client, db, room):
    workshop, _, token = room
    client.set_cookie("gapassess_participant", token, path=f"/w/{workshop.code}/")
    page = client.get(f"/w/{workshop.code}/").get_data(as_text=True)
    submission = re.search(r'name="submission_id" value="([0-9a-f]+)"', page).group(1)
    data = {"item_id": ITEMS[0], "compliance": "3", "outcome": "", "submission_id": submission}
    assert client.post(f"/w/{workshop.code}/vote", data=data).status_code == 302
    assert client.post(f"/w/{workshop.code}/vote", data=data).status_code == 302  # resent
    assert db.execute(select(Vote.compliance, Vote.outcome)).all() == [(3, None)]


def test_facilitator_sees_the_live_spread_and_flag(client, login_as, db, room):
    workshop, _, ana = room
    _, bo = join(db, workshop, "Bo")
    vote_json(client, workshop, ana, compliance=1, outcome=2)
    vote_json(client, workshop, bo, compliance=4, outcome=2)
    login_as("consultant")
    state = client.get(_url(workshop, "/state")).get_json()
    spread = state["current"]["spread"]
    assert spread["compliance"]["counts"] == [0, 1, 0, 0, 1]
    assert spread["compliance"]["median"] == 2.5 and spread["compliance"]["range"] == 3
    assert spread["disagreement"] and state["items"][0]["disagreement"]
    assert state["current"]["voted"] == ["Ana", "Bo"]
    console = client.get(_url(workshop)).get_data(as_text=True)
    assert re.search(r'<option selected value="2">', console)  # pre-filled: 2.5 rounds down


def test_consensus_from_the_console_is_saved_and_audited(client, login_as, db, room):
    workshop, _, _ = room
    user = login_as("consultant")
    data = {"item_id": ITEMS[1], "compliance": "3", "outcome": "2", "notes": "Evidence: minutes"}
    response = client.post(_url(workshop, "/consensus"), data=data)
    assert response.status_code == 302
    saved = db.scalar(select(Response).where(Response.item_id == ITEMS[1]))
    assert (saved.compliance, saved.outcome, saved.notes) == (3, 2, "Evidence: minutes")
    assert saved.updated_by_id == user.id
    stale = dict(data, compliance="1", version=str(saved.version - 1 or 99))
    client.post(_url(workshop, "/consensus"), data=stale)
    db.expire_all()
    assert db.get(Response, saved.id).compliance == 3  # a stale form does not overwrite


def test_projector_and_console_render(client, login_as, room):
    workshop, _, _ = room
    login_as("consultant")
    for tail in ("", "/projector"):
        page = client.get(_url(workshop, tail))
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and workshop.code in html
        assert "<script>" not in html and " style=" not in html
    self_paced = client.post(f"/assessments/{workshop.assessment_id}/workshops",
                             data={"items": ITEMS[1:], "pacing": "self"})
    assert client.get(self_paced.headers["Location"] + "/projector").status_code == 200


def test_self_paced_phone_walks_through_the_items(client, db, org_with_people):
    org, _, people = org_with_people
    workshop = open_workshop(db, org, people["consultant"], pacing="self")
    _, token = join(db, workshop, "Ana")
    vote_json(client, workshop, token, item_id=ITEMS[1], compliance=3, outcome=2)
    page = client.get(f"/w/{workshop.code}/?i=1").get_data(as_text=True)
    assert f'value="{ITEMS[1]}"' in page and "Item <span data-field=\"position\">2</span>" in page
    assert re.search(r'name="compliance" value="3"\s+checked', page)
    assert "1 of 3 rated" in page and "i=2" in page and "i=0" in page
    state = client.get(f"/w/{workshop.code}/state").get_json()
    assert "item" not in state and state["mine"] == {ITEMS[1]: {"compliance": 3, "outcome": 2}}


def test_spread_fragment_for_the_results_page(app, client, db, room):
    from flask import render_template_string

    from gapassess.web.services.workshop_spread import spreads_for

    workshop, _, ana = room
    _, bo = join(db, workshop, "Bo")
    vote_json(client, workshop, ana, compliance=0, outcome=1)
    vote_json(client, workshop, bo, compliance=3, outcome=1)
    page = ('{% set spread = spreads.get(item) %}{% include "workshop/_spread.html" %}')
    with app.test_request_context():
        spreads = spreads_for(db, workshop.assessment)
        html = render_template_string(page, spreads=spreads, item=ITEMS[0])
        assert render_template_string(page, spreads=spreads, item=ITEMS[1]).strip() == ""
    assert spreads[ITEMS[0]]["compliance"]["range"] == 3 and spreads[ITEMS[0]]["names"] == []
    assert "Discussion point" in html and "2 votes" in html and "Ana" not in html
    assert " style=" not in html
    workshop.show_names = True
    db.commit()
    with app.test_request_context():
        named = render_template_string(page, spreads=spreads_for(db, workshop.assessment),
                                       item=ITEMS[0])
    assert "Ana: compliance 0, outcome 1" in named and "Bo: compliance 3" in named


@pytest.mark.parametrize(("who", "shown"), [("consultant", True), ("assessor", False)])
def test_overview_offers_a_workshop_to_consultants_only(client, login_as, room, who, shown):
    workshop, _, _ = room
    login_as(who)
    page = client.get(f"/assessments/{workshop.assessment_id}").get_data(as_text=True)
    assert ("Run a workshop" in page) is shown


def test_facilitator_state_and_console_name_items_by_title(client, login_as, room):
    from gapassess.domain.questionnaire import get_questionnaire

    workshop, _, _ = room
    title = get_questionnaire().item(ITEMS[0]).title
    login_as("consultant")
    state = client.get(_url(workshop, "/state")).get_json()
    assert state["current"]["title"] == title
    assert [row["title"] for row in state["items"]][0] == title
    console = client.get(_url(workshop)).get_data(as_text=True)
    assert title in console
