"""Who may open which results page: every role against every page, and isolation."""

from __future__ import annotations

import pytest

from tests import results_data

# (name, method, path under /assessments/<id>, minimum role)
PAGES = [
    ("results", "GET", "/results", "viewer"),
    ("clause", "GET", "/results/clauses/6", "viewer"),
    ("chart", "GET", "/results/charts/clause_profile.png", "viewer"),
    ("roadmap", "GET", "/roadmap", "viewer"),
    ("report", "GET", "/report.docx", "viewer"),
    ("workbook", "GET", "/workbook.xlsx", "viewer"),
    ("upload form", "GET", "/workbook/upload", "assessor"),
    ("edit action", "POST", "/roadmap", "assessor"),
    ("upload", "POST", "/workbook/upload", "assessor"),
]
RANK = {"viewer": 1, "assessor": 2, "consultant": 3, "admin": 3}
ROLES = ["viewer", "assessor", "consultant", "admin"]


@pytest.fixture
def setup(db, org_with_people):
    org, other, _ = org_with_people
    mine = results_data.answered_assessment(db, org, count=12)
    theirs = results_data.answered_assessment(db, other, count=12)
    db.commit()
    action = results_data.first_action(db, mine)
    return mine, theirs, action.id


def _request(client, method, assessment_id, path, action_id):
    url = f"/assessments/{assessment_id}{path}"
    if method == "GET":
        return client.get(url)
    if path == "/roadmap":
        data = {"action_id": action_id, "owner": "Ops lead", "status": "in-progress"}
        return client.post(url, data=data)
    item_id = results_data.item_ids()[0]
    return client.post(
        url,
        data={"workbook": results_data.csv_upload([[item_id, "4", "4"]])},
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "path", "minimum"), PAGES, ids=[p[0] for p in PAGES])
def test_role_against_page(client, login_as, setup, role, name, method, path, minimum):
    mine, _, action_id = setup
    login_as(role)
    response = _request(client, method, mine.id, path, action_id)
    if RANK[role] >= RANK[minimum]:
        assert response.status_code in (200, 302), (name, role, response.status_code)
        if response.status_code == 302:
            assert "/login" not in response.headers["Location"]
    else:
        assert response.status_code == 403, (name, role, response.status_code)


@pytest.mark.parametrize(("name", "method", "path", "minimum"), PAGES, ids=[p[0] for p in PAGES])
def test_anonymous_is_sent_to_login(client, setup, name, method, path, minimum):
    mine, _, action_id = setup
    response = _request(client, method, mine.id, path, action_id)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("who", ["consultant", "outsider"])
@pytest.mark.parametrize(("name", "method", "path", "minimum"), PAGES, ids=[p[0] for p in PAGES])
def test_other_organisations_ids_answer_404(client, login_as, setup, who, name, method, path,
                                            minimum):
    mine, theirs, action_id = setup
    login_as(who)
    # The consultant of Acme asks for Other Co's assessment; the outsider for Acme's.
    target = theirs.id if who == "consultant" else mine.id
    response = _request(client, method, target, path, action_id)
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "method", "path", "minimum"), PAGES, ids=[p[0] for p in PAGES])
def test_unknown_assessment_answers_404(client, login_as, setup, name, method, path, minimum):
    _, _, action_id = setup
    login_as("admin")
    assert _request(client, method, 999_999, path, action_id).status_code == 404


def test_denied_posts_change_nothing(client, db, login_as, setup):
    from gapassess.db.roadmap_edits import edits_for

    mine, _, action_id = setup
    login_as("viewer")
    _request(client, "POST", mine.id, "/roadmap", action_id)
    _request(client, "POST", mine.id, "/workbook/upload", action_id)
    db.expire_all()
    assert edits_for(db, mine.id) == {}
    first = results_data.item_ids()[0]
    stored = {r.item_id: (r.compliance, r.outcome) for r in mine.responses}
    assert stored[first] == results_data.levels(0)
