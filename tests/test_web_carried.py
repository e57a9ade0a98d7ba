"""Carried answers on the questionnaire pages: where each came from, "to confirm", confirming
as it is (with and without the page script, one item or a whole clause), the history, the
filter page of what to look at again, and what the results page says about them."""

from __future__ import annotations

import datetime as dt

import pytest

from gapassess.db import carry
from gapassess.db.models import Response
from gapassess.db.responses import save_response
from tests import factories
from tests.web_pages import BANK_ID, ESCAPED, HOSTILE, ITEM, browser_form, csrf_login

pytest_plugins = ("tests.web_bank",)

OTHER = "4.4-process-map"  # unchanged in the test bank, so only its carry makes it matter
CLAUSE = "4"


def _page(client, assessment, clause=CLAUSE, view="full"):
    response = client.get(f"/assessments/{assessment.id}/clauses/{clause}?view={view}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def started(db, org_with_people, bank):
    """An assessment started from an earlier one: ITEM and OTHER carried, to confirm."""
    org, _, _ = org_with_people
    earlier = factories.gen_assessment(db, org, questionnaire_id=BANK_ID,
                                       questionnaire_version=bank.version, title="Gap 2025")
    save_response(db, earlier, ITEM, {"compliance": 2, "outcome": 1, "evidence": "Register"},
                  user=None)
    save_response(db, earlier, OTHER, {"compliance": 3, "outcome": 3, "evidence": "Map"},
                  user=None)
    db.commit()
    new = carry.start_from(db, earlier, title="Gap 2026")
    db.commit()
    return new


def _row(db, assessment, item_id=ITEM) -> Response:
    db.expire_all()
    return db.query(Response).filter_by(assessment_id=assessment.id, item_id=item_id).one()


@pytest.mark.parametrize("view", ["full", "compact"])
def test_a_carried_answer_says_where_it_came_from_and_that_it_is_to_confirm(
        client, login_as, db, started, view):
    login_as("assessor")
    html = _page(client, started, view=view)
    origin = _row(db, started).carried_from
    assert f"Carried from {origin}, answered" in html
    assert "To confirm" in html and "Confirm as is" in html
    assert 'name="confirm" value="4.1-context-issues"' in html


def test_a_viewer_sees_the_status_but_no_button(client, login_as, started):
    login_as("viewer")
    html = _page(client, started)
    assert "To confirm" in html
    assert "Confirm as is" not in html and "Confirm all shown" not in html
    response = client.post(f"/assessments/{started.id}/items/{ITEM}/confirm",
                           json={"version": 1})
    assert response.status_code == 403


def test_confirm_without_script_saves_the_form_and_confirms_the_item(
        client, login_as, db, started):
    login_as("assessor")
    form = browser_form(_page(client, started))
    form[f"{OTHER}:notes"] = "Looked at"
    response = client.post(f"/assessments/{started.id}/clauses/{CLAUSE}",
                           data={**form, "confirm": ITEM})
    assert response.status_code == 302 and response.location.endswith(f"#item-{ITEM}")
    assert not _row(db, started).to_confirm
    other = _row(db, started, OTHER)
    assert other.notes == "Looked at" and other.to_confirm  # a note does not confirm
    html = client.get(response.location.split("#")[0]).get_data(as_text=True)
    assert "Confirmed the carried answer" in html
    assert "Confirmed:</span> <span class=\"before\">no</span> → <span class=\"after\">yes" in html


def test_confirm_with_script_answers_json_and_guards_the_version(client, login_as, db, started):
    login_as("assessor")
    url = f"/assessments/{started.id}/items/{ITEM}/confirm"
    stale = client.post(url, json={"version": 0})
    assert stale.status_code == 409 and stale.get_json()["error"] == "conflict"
    assert _row(db, started).to_confirm
    done = client.post(url, json={"version": 1})
    body = done.get_json()
    assert done.status_code == 200, body
    assert body["to_confirm"] is False and body["confirmed"] is True
    assert body["version"] == _row(db, started).version
    assert body["history_entry"]["action"] == "confirm"
    assert body["history_entry"]["changes"] == [
        {"field": "Confirmed", "before": "no", "after": "yes"}]
    assert client.post(url, json={"version": "x"}).status_code == 400
    assert client.post(f"/assessments/{started.id}/items/nope/confirm",
                       json={"version": 1}).status_code == 404


def test_a_new_rating_by_autosave_says_the_answer_is_confirmed(client, login_as, db, started):
    login_as("assessor")
    url = f"/assessments/{started.id}/items/{ITEM}/answer"
    noted = client.post(url, json={"version": 1, "values": {"notes": "seen"}}).get_json()
    assert noted["to_confirm"] is True
    rated = client.post(url, json={"version": noted["version"], "values": {"compliance": 4}})
    assert rated.get_json()["to_confirm"] is False
    assert "Confirmed" in str(rated.get_json()["history_entry"])


def test_confirm_is_refused_without_the_csrf_token(csrf_client, db, org_with_people, started):
    _, _, people = org_with_people
    token = csrf_login(csrf_client, people["assessor"].email)
    url = f"/assessments/{started.id}/items/{ITEM}/confirm"
    refused = csrf_client.post(url, json={"version": 1})
    assert refused.status_code == 400 and refused.get_json()["error"] == "csrf"
    assert _row(db, started).to_confirm
    done = csrf_client.post(url, json={"version": 1}, headers={"X-CSRFToken": token})
    assert done.status_code == 200
    form_refused = csrf_client.post(f"/assessments/{started.id}/clauses/{CLAUSE}",
                                    data={"confirm": OTHER, f"{OTHER}:version": "1"})
    assert form_refused.status_code == 400
    assert _row(db, started, OTHER).to_confirm


def test_confirm_all_shown_confirms_the_clause_and_counts(client, login_as, db, started):
    login_as("assessor")
    assert "Confirm all shown" not in _page(client, started)  # a consultant's review
    form = browser_form(_page(client, started))
    assert client.post(f"/assessments/{started.id}/clauses/{CLAUSE}",
                       data={**form, "confirm_all": "1"}).status_code == 403
    client.post("/logout")
    login_as("consultant")
    html = _page(client, started, view="compact")
    assert "2 carried answers on this page are still to confirm." in html
    form = browser_form(html)
    response = client.post(f"/assessments/{started.id}/clauses/{CLAUSE}",
                           data={**form, "confirm_all": "1"}, follow_redirects=True)
    assert "Confirmed 2 carried answers in clause 4 as they are." in response.get_data(True)
    assert carry.unconfirmed_ids(db, started.id) == set()


def test_a_confirmation_after_someone_else_changed_the_item_is_a_conflict(
        client, login_as, db, started):
    login_as("assessor")
    form = browser_form(_page(client, started))
    save_response(db, started, ITEM, {"evidence": "Changed meanwhile"}, user=None,
                  expected_version=1)
    db.commit()
    response = client.post(f"/assessments/{started.id}/clauses/{CLAUSE}",
                           data={**form, "confirm": ITEM})
    assert response.status_code == 409
    assert "changed this item after you opened it" in response.get_data(as_text=True)
    assert _row(db, started).to_confirm


def test_hostile_carried_from_and_warning_are_escaped(client, login_as, db, started):
    row = _row(db, started)
    row.carried_from, row.carry_warning = HOSTILE, HOSTILE
    db.commit()
    login_as("viewer")
    for view in ("full", "compact"):
        html = _page(client, started, view=view)
        assert HOSTILE not in html and html.count(ESCAPED) >= 2
    listing = client.get(f"/assessments/{started.id}/items?show=to-confirm").get_data(True)
    assert HOSTILE not in listing


def _age_evidence(db, assessment, item_id, days):
    row = _row(db, assessment, item_id)
    row.evidence_at = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=days)
    db.commit()


def test_the_filter_page_lists_each_reason(client, login_as, db, started, bank):
    """ITEM (expanded in 2026, carried), OTHER (unchanged, carried, old evidence) and the
    new items of the bank; each says why it is listed."""
    _age_evidence(db, started, OTHER, 400)
    carry.confirm(db, started, [ITEM], user=None)
    db.commit()
    login_as("viewer")
    url = f"/assessments/{started.id}/items"
    changed = client.get(url + "?show=changed").get_data(as_text=True)
    assert "expanded in 2026" in changed and "new in 2026" in changed
    assert "carried and not yet confirmed" in changed
    assert "more than twelve months ago" in changed
    assert f"/clauses/4#item-{OTHER}" in changed
    assert "Compliance (structure): 3 · Implemented" in changed
    to_confirm = client.get(url + "?show=to-confirm").get_data(as_text=True)
    assert OTHER in to_confirm and f"#item-{ITEM}" not in to_confirm
    stale = client.get(url + "?show=stale-evidence").get_data(as_text=True)
    assert f"#item-{OTHER}" in stale and f"#item-{ITEM}" not in stale
    new = client.get(url + "?show=new-or-expanded").get_data(as_text=True)
    assert f"#item-{ITEM}" in new and f"#item-{OTHER}" not in new
    disputed = client.get(url + "?show=disputed").get_data(as_text=True)
    assert "No item matches this filter." in disputed
    assert client.get(url + "?show=nonsense").status_code == 404


def test_disputed_last_time_counts_the_workshops_of_the_earlier_assessment(
        client, login_as, db, started):
    from tests import workshop_support

    earlier = started.origin
    workshop_support.disputed_workshop(db, earlier, OTHER)
    login_as("viewer")
    disputed = client.get(f"/assessments/{started.id}/items?show=disputed").get_data(True)
    assert f"#item-{OTHER}" in disputed and "disputed in a workshop last time" in disputed


def test_the_overview_links_to_what_to_confirm_and_what_changed(client, login_as, db, started):
    login_as("consultant")
    html = client.get(f"/assessments/{started.id}").get_data(as_text=True)
    assert "To confirm: 2" in html
    assert f"/assessments/{started.id}/items?show=to-confirm" in html
    assert "Re-rate only what changed: 4 items" in html  # 2 new, 1 expanded, 1 carried
    assert "Build a workshop agenda of what changed" in html
    agenda = client.post(f"/assessments/{started.id}/workshops/agenda",
                         data={"changed": "y"})
    page = agenda.get_data(as_text=True)
    assert agenda.status_code == 200 and "The agenda: 4 items" in page
    carry.confirm(db, started, [ITEM, OTHER], user=None)
    db.commit()
    assert "To confirm:" not in client.get(f"/assessments/{started.id}").get_data(True)


def test_the_results_page_says_how_much_rests_on_carried_answers(client, login_as, db, started):
    login_as("viewer")
    html = client.get(f"/assessments/{started.id}/results").get_data(as_text=True)
    assert "2 of 2 answered items rest on carried answers not yet confirmed." in html
    assert f"/assessments/{started.id}/items?show=to-confirm" in html
    carry.confirm(db, started, [ITEM, OTHER], user=None)
    db.commit()
    html = client.get(f"/assessments/{started.id}/results").get_data(as_text=True)
    assert "not yet confirmed" not in html


def test_the_workshop_selection_offers_the_new_statuses_and_what_changed(
        client, login_as, db, started):
    _age_evidence(db, started, OTHER, 400)
    login_as("consultant")
    html = client.get(f"/assessments/{started.id}/workshops").get_data(as_text=True)
    assert "Carried from an earlier assessment and not yet confirmed (2 items)" in html
    assert "Evidence last changed more than 365 days ago (1 item)" in html
    assert 'name="changed"' in html and "What changed: new or expanded in 2026" in html
    step2 = client.post(f"/assessments/{started.id}/workshops/agenda",
                        data={"statuses": "stale-evidence"}).get_data(as_text=True)
    assert "The agenda: 1 item" in step2


def test_disputed_last_time_follows_a_move_to_the_renamed_item(client, login_as, db,
                                                               org_with_people):
    from tests import workshop_support

    org, _, _ = org_with_people
    old = factories.gen_assessment(db, org, questionnaire_version="1.0")
    save_response(db, old, "6.2-quality-objectives", {"compliance": 2}, user=None)
    workshop_support.disputed_workshop(db, old, "6.2-quality-objectives")
    moved = carry.start_from(db, old, title="On 2.0", version="2.0", kind="move")
    db.commit()
    login_as("viewer")
    page = client.get(f"/assessments/{moved.id}/items?show=disputed").get_data(True)
    assert "#item-6.2.1-quality-objectives" in page
