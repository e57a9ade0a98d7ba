"""Opening a workshop in two steps: choose the items, then check, reorder and open the agenda."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from sqlalchemy import func, select

from gapassess.db import responses, workshop_votes
from gapassess.db.models import Workshop
from gapassess.domain.questionnaire.registry import get_questionnaire
from tests import factories
from tests.workshop_support import agenda_of, join, open_workshop, sid

BANK = get_questionnaire()


@pytest.fixture
def assessment(db, org_with_people, login_as):
    org, _, _ = org_with_people
    made = factories.gen_assessment(db, org)
    db.commit()
    login_as("consultant")
    return made


def _base(assessment) -> str:
    return f"/assessments/{assessment.id}/workshops"


def _show(client, assessment, **selection) -> str:
    response = client.post(_base(assessment) + "/agenda", data=selection)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _edit(client, assessment, items, **button) -> str:
    response = client.post(_base(assessment) + "/agenda", data={"items": items, **button})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _text(page: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", page))


def _workshops(db) -> int:
    return db.scalar(select(func.count()).select_from(Workshop))


def _bank(where) -> list[str]:
    return [item.id for item in BANK.items if where(item)]


# --- step 1: the selection, by each criterion ------------------------------------------------


def test_by_top_clause(client, assessment):
    assert agenda_of(_show(client, assessment, clauses=["6"])) == _bank(
        lambda item: item.top_clause == "6")


def test_by_sub_clause(client, assessment):
    chosen = agenda_of(_show(client, assessment, subclauses=["5.1.1", "9.3"]))
    assert chosen == _bank(lambda item: item.clause == "5.1.1" or item.subclause == "9.3")
    assert {BANK.item(i).clause for i in chosen} == {"5.1.1", "9.3.1", "9.3.2", "9.3.3"}


def test_by_change_kind_alone_and_within_clauses(client, assessment):
    assert agenda_of(_show(client, assessment, change_kinds=["new", "expanded"])) == _bank(
        lambda item: item.change in ("new", "expanded"))
    narrowed = agenda_of(_show(client, assessment, change_kinds=["expanded"], clauses=["4"]))
    assert narrowed == _bank(lambda item: item.change == "expanded" and item.top_clause == "4")
    assert narrowed


def test_by_status_unanswered(client, db, assessment):
    clause4 = _bank(lambda item: item.top_clause == "4")
    responses.save_response(db, assessment, clause4[0], {"compliance": 2, "outcome": 1},
                            user=None)
    responses.save_response(db, assessment, clause4[1], {"compliance": 2}, user=None)  # started
    db.commit()
    chosen = agenda_of(_show(client, assessment, statuses=["unanswered"], clauses=["4"]))
    assert chosen == clause4[1:]


def test_by_status_disputed_in_an_earlier_workshop(client, db, assessment, org_with_people):
    _, _, people = org_with_people
    split, agreed, other_room = BANK.items[0].id, BANK.items[1].id, BANK.items[2].id
    earlier = open_workshop(db, assessment.organisation, people["consultant"],
                            items=[split, agreed, other_room], assessment=assessment)
    later = open_workshop(db, assessment.organisation, people["consultant"],
                          items=[other_room], assessment=assessment)
    votes = {earlier: [(split, 0, 1), (split, 3, 1), (agreed, 2, 2), (agreed, 3, 2),
                       (other_room, 1, 1)],
             later: [(other_room, 3, 3)]}  # 1 and 3 two rooms apart: no room disagreed
    for room, rows in votes.items():
        for n, (item_id, compliance, outcome) in enumerate(rows):
            participant, _ = join(db, room, f"P{n}")
            workshop_votes.record_vote(db, room, participant, item_id, compliance=compliance,
                                       outcome=outcome, submission_id=sid())
    page = _show(client, assessment, statuses=["disputed"])
    assert agenda_of(page) == [split]
    step1 = client.get(_base(assessment)).get_data(as_text=True)
    assert "2 levels or more apart (1 item)" in _text(step1)


def test_items_picked_one_by_one_come_in_bank_order(client, assessment):
    picked = [BANK.items[40].id, BANK.items[3].id]
    assert agenda_of(_show(client, assessment, picked=picked)) == [picked[1], picked[0]]
    both = agenda_of(_show(client, assessment, picked=picked[:1], subclauses=["4.1"]))
    assert both == [*_bank(lambda item: item.clause == "4.1"), picked[0]]


def test_nothing_chosen_and_nothing_matching_say_so(client, db, assessment):
    page = _text(_show(client, assessment))
    assert "Choose at least one clause, sub-clause, change kind, status or item." in page
    assert 'id="ws-open"' not in page
    for item in BANK.items:
        if item.top_clause == "10":
            responses.save_response(db, assessment, item.id, {"compliance": 1, "outcome": 1},
                                    user=None)
    db.commit()
    page = _text(_show(client, assessment, clauses=["10"], statuses=["unanswered"]))
    assert "No item matches this selection" in page


def test_unknown_choices_are_refused_naming_the_field(client, assessment):
    page = _text(_show(client, assessment, clauses=["4", "99"]))
    assert "Clauses: “99” is not one of the choices." in page
    page = _text(_show(client, assessment, picked=["4.1-not-an-item"]))
    assert "Items picked one by one: “4.1-not-an-item” is not one of the choices." in page
    page = _text(_show(client, assessment, statuses=["carried-over"]))
    assert "Status in this assessment: “carried-over” is not one of the choices." in page


# --- step 2: the agenda ----------------------------------------------------------------------

AGENDA = [BANK.items[0].id, BANK.items[1].id, BANK.items[2].id]


def test_move_up_move_down_and_remove(client, assessment):
    a, b, c = AGENDA
    page = _edit(client, assessment, AGENDA, move_up=c)
    assert agenda_of(page) == [a, c, b]
    assert re.search(r'id="ws-up-1"[^>]*autofocus', page)  # press it again to go on
    page = _edit(client, assessment, [a, c, b], move_up=c)
    assert agenda_of(page) == [c, a, b]
    assert re.search(r'id="ws-down-0"[^>]*autofocus', page)  # at the top: the other way
    assert agenda_of(_edit(client, assessment, AGENDA, move_down=a)) == [b, a, c]
    page = _edit(client, assessment, AGENDA, remove=b)
    assert agenda_of(page) == [a, c]
    assert re.search(r'id="ws-remove-1"[^>]*autofocus', page)


def test_the_agenda_is_numbered_with_buttons_naming_their_item(client, assessment):
    page = _edit(client, assessment, AGENDA, move_down=AGENDA[2])  # the last stays last
    item = BANK.item(AGENDA[0])
    assert re.search(r'<ol class="ws-agenda">', page)
    assert f'aria-label="Move {item.clause} {item.title} up"' in html_lib.unescape(page)
    assert f'aria-label="Move {item.clause} {item.title} down"' in html_lib.unescape(page)
    assert (f'aria-label="Remove {item.clause} {item.title} from the agenda"'
            in html_lib.unescape(page))
    assert re.search(r'id="ws-up-0"[^>]*disabled', page)
    assert re.search(r'id="ws-down-2"[^>]*disabled', page)
    assert "The agenda: 3 items" in page


def test_removing_the_last_item_leaves_an_empty_agenda_with_a_message(client, db, assessment):
    page = _text(_edit(client, assessment, AGENDA[:1], remove=AGENDA[0]))
    assert "The agenda is empty: a workshop needs at least one item." in page
    assert "Open the workshop" not in page
    refused = client.post(_base(assessment), data={"pacing": "facilitator"})
    assert "The agenda is empty: choose at least one item for the workshop." in _text(
        refused.get_data(as_text=True))
    assert _workshops(db) == 0


def test_unknown_or_repeated_agenda_ids_are_refused_naming_the_field(client, db, assessment):
    page = _text(_edit(client, assessment, [AGENDA[0], "9.9-nope"], move_up=AGENDA[0]))
    assert "Agenda: “9.9-nope” is not an item of this question bank." in page
    assert agenda_of(_edit(client, assessment, [AGENDA[0], "9.9-nope"],
                           move_down=AGENDA[0])) == [AGENDA[0]]  # not moved, unknown left out
    page = _text(_edit(client, assessment, AGENDA[:2], remove=AGENDA[2]))
    assert f"Agenda: “{AGENDA[2]}” is not on the agenda." in page
    page = _text(_edit(client, assessment, [AGENDA[0], AGENDA[0]], remove=AGENDA[0]))
    assert f"Agenda: “{AGENDA[0]}” is on the agenda twice." in page
    opened = client.post(_base(assessment), data={"items": [AGENDA[0], "<b>x</b>"]})
    text = opened.get_data(as_text=True)
    assert "<b>x</b>" not in text and "Agenda: “&lt;b&gt;x&lt;/b&gt;” is not an item" in text
    assert _workshops(db) == 0


def test_the_workshop_opens_on_the_agenda_in_its_order(client, db, assessment):
    reordered = [AGENDA[2], AGENDA[0], AGENDA[1]]
    response = client.post(_base(assessment), data={
        "items": reordered, "pacing": "facilitator", "title": "Board"})
    assert response.status_code == 302
    workshop = db.scalar(select(Workshop))
    assert workshop.item_ids == reordered and workshop.title == "Board"


def test_a_workshop_of_a_single_item(client, db, assessment):
    only = agenda_of(_show(client, assessment, picked=[AGENDA[1]]))
    assert only == [AGENDA[1]]
    response = client.post(_base(assessment), data={"items": only, "pacing": "self"})
    assert response.status_code == 302
    workshop = db.scalar(select(Workshop))
    assert workshop.item_ids == [AGENDA[1]]
    console = _text(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "1 item ·" in console
    _, token = join(db, workshop, "Ana")
    client.set_cookie("gapassess_participant", token, path=f"/w/{workshop.code}/")
    room = _text(client.get(f"/w/{workshop.code}/").get_data(as_text=True))
    assert re.search(r"Item\s+1\s+of\s+1\b", room)


def test_a_too_long_title_keeps_the_agenda(client, db, assessment):
    page = _text(client.post(_base(assessment), data={
        "items": AGENDA, "title": "x" * 201, "pacing": "self"}).get_data(as_text=True))
    assert "Title shown to the room: at most 200 characters." in page
    assert agenda_of(client.post(_base(assessment), data={
        "items": AGENDA, "title": "x" * 201}).get_data(as_text=True)) == AGENDA
    assert _workshops(db) == 0


def test_every_control_has_a_label_and_no_checkbox_is_required(client, assessment):
    for page in (client.get(_base(assessment)).get_data(as_text=True),
                 _edit(client, assessment, AGENDA, move_down=AGENDA[0])):
        labelled = set(re.findall(r'<label for="([^"]+)"', page))
        for control in re.findall(r'<input(?![^>]*type="hidden")[^>]*>', page):
            found = re.search(r'id="([^"]+)"', control)
            assert found and found.group(1) in labelled, control
            assert "required" not in control
        assert page.count("<fieldset") == page.count("<legend")


# --- CSRF stays on ---------------------------------------------------------------------------


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_both_steps_need_the_csrf_token(app, client, db, assessment):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(_base(assessment) + "/agenda", data={"clauses": ["4"]}
                           ).status_code == 400
        assert client.post(_base(assessment), data={"items": AGENDA}).status_code == 400
        token = _token(client.get(_base(assessment)).get_data(as_text=True))
        page = client.post(_base(assessment) + "/agenda",
                           data={"clauses": ["4"], "csrf_token": token}).get_data(as_text=True)
        items = agenda_of(page)
        assert items and _workshops(db) == 0
        opened = client.post(_base(assessment), data={"items": items, "pacing": "self",
                                                      "csrf_token": _token(page)})
        assert opened.status_code == 302 and _workshops(db) == 1
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
