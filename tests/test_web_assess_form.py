"""The clause page without JavaScript: one form post saves every changed item."""

from __future__ import annotations

from sqlalchemy import func, select

from gapassess.db import responses
from gapassess.db.models import Response
from tests.web_pages import (
    ESCAPED,
    HOSTILE,
    ITEM,
    NA_ITEM,
    browser_form,
)

pytest_plugins = ("tests.web_bank",)

OTHER = "4.4-process-map"


def _page(client, assessment, clause="4"):
    response = client.get(f"/assessments/{assessment.id}/clauses/{clause}")
    assert response.status_code == 200
    return browser_form(response.get_data(as_text=True))


def _post(client, assessment, form, clause="4"):
    return client.post(f"/assessments/{assessment.id}/clauses/{clause}", data=form)


def _stored(db, assessment, item_id):
    db.expire_all()
    return responses.get_response(db, assessment.id, item_id)


def _count(db):
    db.expire_all()
    return db.scalar(select(func.count(Response.id)))


def test_unchanged_page_saves_nothing(client, login_as, db, assessments):
    mine, _ = assessments
    login_as("assessor")
    form = _page(client, mine)
    assert f"{ITEM}:version" in form and form[f"{ITEM}:compliance"] == ""
    response = _post(client, mine, form)
    assert response.status_code == 302
    assert "No changes to save." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _count(db) == 0


def test_only_changed_items_are_saved(client, login_as, db, assessments):
    mine, _ = assessments
    me = login_as("assessor")
    form = _page(client, mine)
    form.update(
        {
            f"{ITEM}:compliance": "3",
            f"{ITEM}:outcome": "2",
            f"{ITEM}:evidence": "Register\r\nline two",
            f"{ITEM}:owner": "  Ann  ",
        }
    )
    response = _post(client, mine, form)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved 1 answer in clause 4." in page
    stored = _stored(db, mine, ITEM)
    assert (stored.compliance, stored.outcome, stored.evidence, stored.owner) == (
        3,
        2,
        "Register\nline two",
        "Ann",
    )
    assert stored.updated_by_id == me.id
    assert _count(db) == 1

    again = _page(client, mine)
    assert again[f"{ITEM}:compliance"] == "3"
    assert _post(client, mine, again).status_code == 302
    assert _stored(db, mine, ITEM).version == 1  # re-posting the same page changes nothing


def test_clearing_a_rating_is_a_change(client, login_as, db, assessments):
    mine, _ = assessments
    responses.save_response(db, mine, ITEM, {"compliance": 2, "outcome": 2}, user=None)
    db.commit()
    login_as("assessor")
    form = _page(client, mine)
    form[f"{ITEM}:outcome"] = ""
    _post(client, mine, form)
    assert _stored(db, mine, ITEM).outcome is None


def test_errors_are_shown_at_the_item_and_the_rest_is_saved(client, login_as, db, assessments):
    mine, _ = assessments
    login_as("assessor")
    form = _page(client, mine)
    form.update(
        {
            f"{NA_ITEM}:not_applicable": "yes",
            f"{NA_ITEM}:evidence": "Kept text",
            f"{ITEM}:compliance": "1",
        }
    )
    response = _post(client, mine, form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "1 answer(s) not saved" in page
    assert "Saved 1 answer in clause 4." in page
    error = page.split(f'id="f-{NA_ITEM}-justification-error">', 1)[1].split("</p>", 1)[0]
    assert error == ("say why \u201cParty needs in practice\u201d does not apply, or untick "
                     "Not applicable")  # the item by its title, not its id
    assert 'aria-invalid="true"' in page
    redisplayed = browser_form(page)
    assert redisplayed[f"{NA_ITEM}:evidence"] == "Kept text"  # nothing typed is lost
    assert redisplayed[f"{NA_ITEM}:not_applicable"] == "yes"
    assert _stored(db, mine, NA_ITEM) is None
    assert _stored(db, mine, ITEM).compliance == 1

    redisplayed[f"{NA_ITEM}:justification"] = "We have no outside parties"
    fixed = _post(client, mine, redisplayed)
    assert fixed.status_code == 302
    stored = _stored(db, mine, NA_ITEM)
    assert stored.not_applicable and stored.justification == "We have no outside parties"
    assert stored.evidence == "Kept text"


def test_bad_level_in_the_form_is_named(client, login_as, db, assessments):
    mine, _ = assessments
    login_as("assessor")
    form = _page(client, mine)
    form[f"{ITEM}:compliance"] = "9"
    response = _post(client, mine, form)
    assert response.status_code == 400
    assert "choose a level from 0 to 4" in response.get_data(as_text=True)
    assert _count(db) == 0


def test_conflict_shows_both_versions_and_overwrites_only_on_request(
    client, login_as, db, org_with_people, assessments
):
    mine, _ = assessments
    _, _, people = org_with_people
    login_as("assessor")
    form = _page(client, mine)  # loaded before the other person saved
    responses.save_response(
        db, mine, ITEM, {"compliance": 4, "notes": "Their note"}, user=people["consultant"]
    )
    db.commit()
    form.update({f"{ITEM}:compliance": "1", f"{ITEM}:notes": "My note", f"{OTHER}:owner": "Bob"})
    response = _post(client, mine, form)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert f"Not saved: {people['consultant'].name} changed this item" in page
    assert "Their note" in page and "My note" in page
    assert "4 · Assured" in page and "1 · Informal" in page
    assert "Keep theirs" in page and "Overwrite with mine" in page
    stored = _stored(db, mine, ITEM)
    assert (stored.compliance, stored.notes) == (4, "Their note")  # nothing overwritten
    assert _stored(db, mine, OTHER).owner == "Bob"  # the other change was saved

    shown = browser_form(page)
    assert shown[f"{ITEM}:compliance"] == "4"  # the fields show their answer
    keep = _post(client, mine, dict(shown, keep=ITEM))
    assert keep.status_code == 302
    kept = client.get(keep.headers["Location"]).get_data(as_text=True)
    assert "Kept the other person&#39;s answer for \u201cContext issues in practice\u201d" in kept
    assert _stored(db, mine, ITEM).notes == "Their note"

    overwrite = _post(client, mine, dict(shown, overwrite=ITEM))
    assert overwrite.status_code == 302
    stored = _stored(db, mine, ITEM)
    assert (stored.compliance, stored.notes, stored.version) == (1, "My note", 2)


def test_overwrite_is_refused_if_a_third_save_came_in_between(
    client, login_as, db, org_with_people, assessments
):
    mine, _ = assessments
    _, _, people = org_with_people
    login_as("assessor")
    form = _page(client, mine)
    responses.save_response(db, mine, ITEM, {"compliance": 4}, user=people["consultant"])
    db.commit()
    form[f"{ITEM}:compliance"] = "1"
    shown = browser_form(_post(client, mine, form).get_data(as_text=True))
    responses.save_response(
        db, _stored(db, mine, ITEM).assessment, ITEM, {"compliance": 0}, user=people["consultant"]
    )
    db.commit()
    response = _post(client, mine, dict(shown, overwrite=ITEM))
    assert response.status_code == 409
    assert _stored(db, mine, ITEM).compliance == 0


def test_final_assessment_form_saves_nothing(client, login_as, db, assessments):
    mine, _ = assessments
    login_as("consultant")
    form = _page(client, mine)
    mine.status = "final"
    db.commit()
    form[f"{ITEM}:compliance"] = "2"
    response = _post(client, mine, form)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nothing saved: this assessment is final." in page
    assert 'type="radio"' not in page
    assert _count(db) == 0


def test_hostile_text_in_a_conflict_is_escaped(client, login_as, db, org_with_people, assessments):
    mine, _ = assessments
    _, _, people = org_with_people
    login_as("assessor")
    form = _page(client, mine)
    responses.save_response(db, mine, ITEM, {"notes": HOSTILE}, user=people["consultant"])
    db.commit()
    form[f"{ITEM}:evidence"] = HOSTILE
    page = _post(client, mine, form).get_data(as_text=True)
    assert "Overwrite with mine" in page
    assert HOSTILE not in page
    assert ESCAPED in page
