"""Every route of the app against every kind of visitor, as designed.

``ROUTES`` names, for each (endpoint, method) in the app's url_map, who may use it. A route
added without an entry fails ``test_every_route_is_in_the_matrix``; a route whose decorator
is missing or too lax fails the parametrised matrix (anonymous gets in, a viewer reaches a
consultant page, an outsider sees another organisation's page).

Rules:
- OPEN: anyone, no login (the view may still refuse on its own terms, never with a login
  redirect).
- PARTICIPANT: workshop participants, identified by their join cookie instead of a login;
  everyone without that cookie gets 401.
- INVITEE: the invited person; anonymous visitors see the invitation, a logged-in user
  with another email gets 403.
- LOGIN: any logged-in user.
- OWN_INVITATION: the logged-in person an invitation is addressed to; anyone else logged in
  gets 404 (another person's invitation is not shown to exist).
- SITE_ADMIN: site administrators; everyone else logged in gets 404.
- "viewer" / "assessor" / "consultant": that role or higher in the organisation (site admins
  count as consultants); a lower role gets 403, someone from another organisation 404.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests import factories
from tests.route_world import app_routes, build_world, join_as_participant, route_url

OPEN, PARTICIPANT, INVITEE, LOGIN, SITE_ADMIN, OWN_INVITATION = (
    "open", "participant", "invitee", "login", "site-admin", "own-invitation")
ORG_ROLES = {"viewer": 1, "assessor": 2, "consultant": 3}
VISITORS = ["anonymous", "viewer", "assessor", "consultant", "outsider", "admin"]

ROUTES: dict[tuple[str, str], str] = {
    ("static", "GET"): OPEN,
    ("main.healthz", "GET"): OPEN,
    ("main.index", "GET"): LOGIN,
    ("auth.login", "GET"): OPEN,
    ("auth.login", "POST"): OPEN,
    ("auth.logout", "POST"): LOGIN,
    ("auth.account", "GET"): LOGIN,
    ("auth.change_password", "POST"): LOGIN,
    ("auth.end_sessions", "POST"): LOGIN,
    ("auth.forgot", "GET"): OPEN,
    ("auth.forgot", "POST"): OPEN,
    ("auth.reset", "GET"): OPEN,
    ("auth.reset", "POST"): OPEN,
    # organisations, members, invitations
    ("orgs.admin", "GET"): SITE_ADMIN,
    ("orgs.firm_brand", "GET"): SITE_ADMIN,
    ("orgs.firm_brand", "POST"): SITE_ADMIN,
    ("orgs.create", "GET"): LOGIN,
    ("orgs.create", "POST"): LOGIN,
    ("orgs.profile", "GET"): "viewer",
    ("orgs.edit", "GET"): "consultant",
    ("orgs.edit", "POST"): "consultant",
    ("orgs.brand", "GET"): "consultant",
    ("orgs.brand", "POST"): "consultant",
    ("orgs.members", "GET"): "viewer",
    ("orgs.invite", "POST"): "consultant",
    ("orgs.revoke", "POST"): "consultant",
    ("orgs.change_role", "POST"): "consultant",
    ("orgs.remove", "POST"): "consultant",
    ("orgs.accept", "GET"): INVITEE,
    ("orgs.accept", "POST"): INVITEE,
    ("orgs.join", "POST"): OWN_INVITATION,
    # assessments and answers
    ("assess.new", "GET"): "assessor",
    ("assess.new", "POST"): "assessor",
    ("assess.import_upload", "GET"): "assessor",
    ("assess.import_upload", "POST"): "assessor",
    ("assess.import_columns", "GET"): "assessor",
    ("assess.import_columns", "POST"): "assessor",
    ("assess.import_values", "GET"): "assessor",
    ("assess.import_values", "POST"): "assessor",
    ("assess.import_preview", "GET"): "assessor",
    ("assess.import_preview", "POST"): "assessor",
    ("assess.overview", "GET"): "viewer",
    ("assess.clause", "GET"): "viewer",
    ("assess.save_clause", "POST"): "assessor",
    ("assess.save_item", "POST"): "assessor",
    ("assess.confirm", "POST"): "assessor",
    ("assess.items", "GET"): "viewer",
    ("assess.set_status", "POST"): "consultant",
    ("assess.assign", "POST"): "consultant",
    ("assess.review_item", "POST"): "assessor",
    ("assess.my_items", "GET"): LOGIN,
    ("assess.assessor", "GET"): "consultant",
    ("assess.assessor", "POST"): "consultant",
    ("assess.carry", "GET"): "assessor",
    ("assess.carry", "POST"): "assessor",
    ("assess.discard", "GET"): "assessor",
    ("assess.discard", "POST"): "assessor",
    ("assess.evidence_upload", "POST"): "assessor",
    ("assess.evidence_download", "GET"): "viewer",
    ("assess.evidence_delete", "POST"): "assessor",
    ("assess.evidence_expired", "GET"): "viewer",
    # results, roadmap, files
    ("results.overview", "GET"): "viewer",
    ("results.clause", "GET"): "viewer",
    ("results.chart", "GET"): "viewer",
    ("results.roadmap", "GET"): "viewer",
    ("results.edit_action", "POST"): "assessor",
    ("results.save_scenarios", "POST"): "assessor",
    ("results.report", "GET"): "viewer",
    ("results.workbook", "GET"): "viewer",
    ("results.dossier", "GET"): "viewer",
    ("results.upload", "GET"): "assessor",
    ("results.upload", "POST"): "assessor",
    # workshops: the facilitator's side
    ("workshop.index", "GET"): "consultant",
    ("workshop.index", "POST"): "consultant",
    ("workshop.agenda", "POST"): "consultant",
    ("workshop.console", "GET"): "consultant",
    ("workshop.projector", "GET"): "consultant",
    ("workshop.state", "GET"): "consultant",
    ("workshop.qr_code", "GET"): "consultant",
    ("workshop.go_to", "POST"): "consultant",
    ("workshop.reveal", "POST"): "consultant",
    ("workshop.names", "POST"): "consultant",
    ("workshop.remove", "POST"): "consultant",
    ("workshop.close", "POST"): "consultant",
    ("workshop.consensus", "POST"): "consultant",
    # workshops: the participants' side (phones, no account)
    ("workshop.find", "GET"): OPEN,
    ("workshop.short_link", "GET"): OPEN,
    ("workshop.room", "GET"): OPEN,
    ("workshop.join", "POST"): OPEN,
    ("workshop.participant_state", "GET"): PARTICIPANT,
    ("workshop.vote", "POST"): PARTICIPANT,
}


_app_routes = app_routes


def test_every_route_is_in_the_matrix(app):
    routes = _app_routes(app)
    missing = sorted(routes - set(ROUTES))
    assert not missing, (
        f"routes without an access rule in tests/test_access_matrix.py: {missing}; "
        "add each with who may use it (and check its decorator)"
    )
    gone = sorted(set(ROUTES) - routes)
    assert not gone, f"the matrix names routes the app no longer has: {gone}"


@pytest.fixture
def world(db, org_with_people):
    """One of everything a URL can name, all in Acme Widgets."""
    return build_world(db, org_with_people)


def _url(app, endpoint: str, world: dict) -> str:
    return route_url(app, endpoint, world)


def _sent_to_login(response) -> bool:
    if response.status_code == 401:
        return True
    if response.status_code != 302:
        return False
    location = urlsplit(response.headers["Location"])
    return location.path == "/login" and "next=" in location.query


def _expected(rule: str, visitor: str) -> str:
    """"allowed", "login", 401, 403 or 404."""
    if rule == OPEN:
        return "allowed"
    if rule == PARTICIPANT:
        return 401
    if rule == INVITEE:
        return "allowed" if visitor == "anonymous" else 403
    if visitor == "anonymous":
        return "login"
    if rule == OWN_INVITATION:
        return 404  # the world's invitation is for newcomer@acme.example, nobody here
    if rule == LOGIN or visitor == "admin":
        return "allowed"
    if rule == SITE_ADMIN:
        return 404
    if visitor == "outsider":
        return 404
    return "allowed" if ORG_ROLES[visitor] >= ORG_ROLES[rule] else 403


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(
    ("endpoint", "method"), [pytest.param(e, m, id=f"{e}-{m}") for e, m in sorted(ROUTES)])
def test_access_matrix(app, client, login_as, world, endpoint, method, visitor):
    rule = ROUTES[(endpoint, method)]
    if (endpoint, method) not in _app_routes(app):
        pytest.skip(f"{endpoint} {method} is not in this app (see the coverage test)")
    if visitor != "anonymous":
        login_as(visitor)
    url = _url(app, endpoint, world)
    response = client.open(url, method=method, data={})
    expected = _expected(rule, visitor)
    status = response.status_code
    assert status < 500, f"{method} {url} as {visitor}: server error {status}"
    if expected == "login":
        assert _sent_to_login(response), f"{method} {url} is open to anonymous visitors ({status})"
    elif expected == "allowed":
        assert not _sent_to_login(response), f"{method} {url} as {visitor}: sent to log in"
        assert status not in (401, 403, 404, 405), f"{method} {url} as {visitor}: {status}"
    else:
        assert status == expected, f"{method} {url} as {visitor}: {status}, expected {expected}"


def test_participant_routes_let_a_joined_participant_in(app, client, world):
    join_as_participant(client, world)
    response = client.get(_url(app, "workshop.participant_state", world))
    assert response.status_code == 200


def test_another_organisations_ids_answer_404_everywhere(app, client, db, login_as,
                                                         org_with_people, world):
    """The consultant of Other Co asks for Acme's pages by id: every org-scoped route 404s."""
    _, other, people = org_with_people
    factories.gen_assessment(db, other)
    db.commit()
    login_as("outsider")
    scoped = [key for key, rule in ROUTES.items() if rule in ORG_ROLES]
    assert scoped
    for endpoint, method in scoped:
        response = client.open(_url(app, endpoint, world), method=method, data={})
        assert response.status_code == 404, (endpoint, method, response.status_code)
