"""Participant endpoints are CSRF-protected like every other form."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from gapassess.db.models import Participant, Vote
from tests.workshop_support import ITEMS, open_workshop


@pytest.fixture
def csrf_app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def _token(html: str) -> str:
    found = re.search(r'name="csrf[-_]token" (?:value|content)="([^"]+)"', html)
    assert found, "page carries no CSRF token"
    return found.group(1)


def test_join_and_vote_need_the_csrf_token(csrf_app, db, org_with_people):
    org, _, people = org_with_people
    workshop = open_workshop(db, org, people["consultant"])
    client = csrf_app.test_client()
    base = f"/w/{workshop.code}"

    assert client.post(f"{base}/join", data={"name": "Ana"}).status_code == 400
    assert db.scalar(select(func.count()).select_from(Participant)) == 0

    join_page = client.get(f"{base}/").get_data(as_text=True)
    joined = client.post(f"{base}/join", data={"name": "Ana", "csrf_token": _token(join_page)})
    assert joined.status_code == 302

    meta = _token(client.get(f"{base}/").get_data(as_text=True))
    body = {"item_id": ITEMS[0], "compliance": 2, "outcome": 3, "submission_id": "s1"}
    assert client.post(f"{base}/vote", json=body).status_code == 400
    assert db.scalar(select(func.count()).select_from(Vote)) == 0
    ok = client.post(f"{base}/vote", json=body, headers={"X-CSRFToken": meta})
    assert ok.status_code == 200
    assert db.execute(select(Vote.compliance, Vote.outcome)).all() == [(2, 3)]
