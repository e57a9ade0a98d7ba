"""Every JSON endpoint (the answer autosave, the workshop vote) answers a body it cannot use
with 400 and a JSON message, and saves nothing: malformed JSON, a body that is not an
object, text with a lone surrogate (which JSON can escape but the database cannot hold)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from gapassess.db import responses
from gapassess.db.models import Vote
from tests.web_pages import ITEM
from tests.workshop_support import ITEMS, join, open_workshop

pytest_plugins = ("tests.web_bank",)

BAD_BODIES = {
    "malformed": (b'{"version": 0, "values": {"notes": "x"', "not valid JSON"),
    "not-utf8": (b'{"version": 0, "values": {"notes": "\xff"}}', "not valid JSON"),
    "deeply-nested": (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    "array": (b"[1, 2]", "JSON object"),
    "string": (b'"values"', "JSON object"),
    "null": (b"null", "JSON object"),
    "surrogate-value": (b'{"version": 0, "values": {"notes": "\\ud800"}}', "lone surrogate"),
    "surrogate-key": (b'{"version": 0, "values": {"\\udfff": 1}}', "lone surrogate"),
    "surrogate-nested": (b'{"version": 0, "values": {"notes": ["a", {"b": "x\\udbff"}]}}',
                         "lone surrogate"),
}


@pytest.mark.parametrize("name", list(BAD_BODIES))
def test_autosave_refuses_a_body_it_cannot_use(client, login_as, db, assessments, name):
    body, message = BAD_BODIES[name]
    mine, _ = assessments
    login_as("assessor")
    response = client.post(f"/assessments/{mine.id}/items/{ITEM}/answer", data=body,
                           content_type="application/json")
    assert response.status_code == 400, response.status_code
    answer = response.get_json()
    assert answer["error"] == "invalid" and answer["field"] == ""
    assert message in answer["message"]
    db.expire_all()
    assert responses.get_response(db, mine.id, ITEM) is None


def test_autosave_still_saves_real_unicode(client, login_as, db, assessments):
    mine, _ = assessments
    login_as("assessor")
    response = client.post(f"/assessments/{mine.id}/items/{ITEM}/answer",
                           data=b'{"version": 0, "values": {"compliance": 2, '
                                b'"notes": "\\ud83d\\ude00 caf\\u00e9"}}',
                           content_type="application/json")
    assert response.status_code == 200, response.get_json()
    db.expire_all()
    assert responses.get_response(db, mine.id, ITEM).notes == "\U0001F600 café"


VOTE_BODIES = {
    "malformed": (b'{"item_id": "x"', "not valid JSON"),
    "array": (b'["4.1-context-issues"]', "JSON object"),
    "surrogate": (b'{"item_id": "' + ITEMS[0].encode() + b'", "compliance": 2, "outcome": 1, '
                  b'"submission_id": "s-\\ud800"}', "lone surrogate"),
}


@pytest.mark.parametrize("name", list(VOTE_BODIES))
def test_vote_refuses_a_body_it_cannot_use(client, db, org_with_people, name):
    body, message = VOTE_BODIES[name]
    org, _, people = org_with_people
    workshop = open_workshop(db, org, people["consultant"])
    _, token = join(db, workshop)
    client.set_cookie("gapassess_participant", token, path=f"/w/{workshop.code}/")
    response = client.post(f"/w/{workshop.code}/vote", data=body,
                           content_type="application/json")
    assert response.status_code == 400, response.status_code
    assert message in response.get_json()["error"]
    assert db.scalar(select(func.count()).select_from(Vote)) == 0
