"""Every role against every assessment page: allowed, 403, or 404 for other organisations."""

from __future__ import annotations

import pytest

from tests.web_pages import BANK_ID, ITEM

pytest_plugins = ("tests.web_bank",)

WHO = ("viewer", "assessor", "consultant", "outsider", "admin")
RANK = {"viewer": 1, "assessor": 2, "consultant": 3, "admin": 3}

NEW_FORM = {"questionnaire": BANK_ID, "title": "Second look", "scope": "", "baseline": "none"}

# (method, url, minimum role, status when allowed, form data, json body)
PAGES = [
    ("get", "/orgs/{org}/assessments/new", "assessor", 200, None, None),
    ("post", "/orgs/{org}/assessments/new", "assessor", 302, NEW_FORM, None),
    ("get", "/assessments/{a}", "viewer", 200, None, None),
    ("get", "/assessments/{a}/clauses/4", "viewer", 200, None, None),
    ("get", "/assessments/{a}/clauses/10", "viewer", 200, None, None),
    ("post", "/assessments/{a}/clauses/4", "assessor", 302, {}, None),
    (
        "post",
        "/assessments/{a}/items/" + ITEM + "/answer",
        "assessor",
        200,
        None,
        {"version": 0, "values": {"compliance": 1}},
    ),
    ("post", "/assessments/{a}/status", "consultant", 302, {"status": "final"}, None),
]


def expected(who: str, minimum: str, ok: int) -> int:
    if who == "outsider":
        return 404
    return ok if RANK[who] >= RANK[minimum] else 403


def _call(client, method, url, data, body):
    if body is not None:
        return client.post(url, json=body)
    return getattr(client, method)(url, data=data)


@pytest.fixture
def ids(assessments):
    mine, theirs = assessments
    return {
        "org": mine.organisation_id,
        "a": mine.id,
        "other_org": theirs.organisation_id,
        "other_a": theirs.id,
    }


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("method", "url", "minimum", "ok", "data", "body"), PAGES)
def test_assessment_pages_by_role(client, login_as, ids, who, method, url, minimum, ok, data, body):
    login_as(who)
    response = _call(client, method, url.format(**ids), data, body)
    assert response.status_code == expected(who, minimum, ok)


@pytest.mark.parametrize(("method", "url", "minimum", "ok", "data", "body"), PAGES)
def test_other_organisations_assessments_are_not_found(
    client, login_as, ids, method, url, minimum, ok, data, body
):
    login_as("consultant")
    other = dict(ids, org=ids["other_org"], a=ids["other_a"])
    assert _call(client, method, url.format(**other), data, body).status_code == 404
    missing = dict(ids, org=999999, a=999999)
    assert _call(client, method, url.format(**missing), data, body).status_code == 404


@pytest.mark.parametrize(("method", "url", "minimum", "ok", "data", "body"), PAGES)
def test_assessment_pages_need_login(client, ids, method, url, minimum, ok, data, body):
    response = _call(client, method, url.format(**ids), data, body)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_unknown_clause_and_item_are_not_found(client, login_as, ids):
    login_as("assessor")
    assert client.get(f"/assessments/{ids['a']}/clauses/11").status_code == 404
    assert client.get(f"/assessments/{ids['a']}/clauses/6").status_code == 404  # no items
    response = client.post(
        f"/assessments/{ids['a']}/items/9.9-nothing/answer",
        json={"version": 0, "values": {"compliance": 1}},
    )
    assert response.status_code == 404
    assert response.get_json()["error"] == "not-found"


def test_viewer_reads_answers_without_inputs(client, login_as, ids):
    login_as("viewer")
    page = client.get(f"/assessments/{ids['a']}/clauses/4").get_data(as_text=True)
    assert "viewers cannot change them" in page
    assert 'type="radio"' not in page and "<textarea" not in page
    assert "assess.js" not in page
    overview = client.get(f"/assessments/{ids['a']}").get_data(as_text=True)
    assert "Finalise assessment" not in overview
