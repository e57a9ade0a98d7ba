"""With CSRF protection on (the normal setting), answer changes need the page's token."""

from __future__ import annotations

from sqlalchemy import func, select

from gapassess.db.models import Assessment, Response
from tests.web_pages import (
    BANK_ID,
    ITEM,
    browser_form,
    csrf_login,
)

pytest_plugins = ("tests.web_bank",)


def _responses(db):
    db.expire_all()
    return db.scalar(select(func.count(Response.id)))


def test_autosave_needs_the_token_header(csrf_client, db, assessments):
    mine, _ = assessments
    token = csrf_login(csrf_client, "assessor@acme.example")
    url = f"/assessments/{mine.id}/items/{ITEM}/answer"
    body = {"version": 0, "values": {"compliance": 2}}
    refused = csrf_client.post(url, json=body)
    assert refused.status_code == 400
    assert refused.get_json()["error"] == "csrf"
    wrong = csrf_client.post(url, json=body, headers={"X-CSRFToken": "forged"})
    assert wrong.status_code == 400
    assert _responses(db) == 0
    accepted = csrf_client.post(url, json=body, headers={"X-CSRFToken": token})
    assert accepted.status_code == 200
    assert _responses(db) == 1


def test_clause_form_needs_the_token(csrf_client, db, assessments):
    mine, _ = assessments
    csrf_login(csrf_client, "assessor@acme.example")
    page = csrf_client.get(f"/assessments/{mine.id}/clauses/4").get_data(as_text=True)
    form = browser_form(page)
    form[f"{ITEM}:compliance"] = "3"
    without = {k: v for k, v in form.items() if k != "csrf_token"}
    refused = csrf_client.post(f"/assessments/{mine.id}/clauses/4", data=without)
    assert refused.status_code == 400
    assert '<main id="main"' in refused.get_data(as_text=True)  # the app's page, not a bare one
    assert _responses(db) == 0
    assert csrf_client.post(f"/assessments/{mine.id}/clauses/4", data=form).status_code == 302
    assert _responses(db) == 1


def test_status_and_new_assessment_need_the_token(csrf_client, db, assessments):
    mine, _ = assessments
    token = csrf_login(csrf_client, "consultant@acme.example")
    url = f"/assessments/{mine.id}/status"
    assert csrf_client.post(url, data={"status": "final"}).status_code == 400
    db.expire_all()
    assert db.get(Assessment, mine.id).status == "draft"
    # nothing is reviewed yet: finalising takes the consultant's reason (the final rule)
    final = {"status": "final", "override_reason": "Board meeting", "csrf_token": token}
    assert csrf_client.post(url, data=final).status_code == 302
    db.expire_all()
    assert db.get(Assessment, mine.id).status == "final"

    new = f"/orgs/{mine.organisation_id}/assessments/new"
    data = {"questionnaire": BANK_ID, "title": "Tokenless", "baseline": "none"}
    assert csrf_client.post(new, data=data).status_code == 400
    assert db.scalar(select(Assessment).where(Assessment.title == "Tokenless")) is None
