"""What tests that walk every route share: the app's routes, one of everything a URL can
name, and a route's URL filled from it (tests/test_access_matrix.py,
tests/test_no_server_errors.py)."""

from __future__ import annotations

import io
from datetime import date

from gapassess.db import assignments, evidence, invitations, password_reset, workshops
from gapassess.db.models import Membership, Response
from gapassess.web.services import evidence as evidence_service
from tests import results_data

PARTICIPANT_COOKIE = "gapassess_participant"


def app_routes(app) -> set[tuple[str, str]]:
    """Every (endpoint, method) of the app, without HEAD and OPTIONS."""
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def build_world(db, org_with_people) -> dict:
    """One of everything a URL can name, all in Acme Widgets (org_with_people's)."""
    org, _, people = org_with_people
    # on the installed 2.0 bank, so a copy forward (assess.carry) can be made from it
    assessment = results_data.answered_assessment(db, org, count=8, questionnaire_version="2.0")
    items = results_data.item_ids()[:3]
    workshop = workshops.open_workshop(db, assessment, items, user=people["consultant"])
    participant, participant_token = workshops.join(db, workshop, "Phone one")
    invitation, invite_token = invitations.create_invitation(
        db, org, "newcomer@acme.example", "viewer", invited_by=people["consultant"])
    _, reset_token = password_reset.issue(db, "viewer@acme.example")
    evidence_file = evidence.add_file(
        db, evidence_service.store(), assessment=assessment, item_id=items[0],
        name="world.pdf", stream=io.BytesIO(b"%PDF-1.4\n%%EOF\n"),
        evidence_date=date(2025, 6, 1), expires_on=date(2026, 1, 1),
        user=people["assessor"], limits=evidence.Limits())
    membership = db.query(Membership).filter_by(
        user_id=people["viewer"].id, organisation_id=org.id).one()
    # A carried answer still to confirm, for the confirm route and the filter page.
    carried = db.query(Response).filter_by(assessment_id=assessment.id).first()
    carried.carried_from, carried.to_confirm = "Gap 2025 (no. 1), item 4.1", True
    # the first item assigned to the assessor (assess.review_item, assess.my_items)
    assignments.act(db, assessment, items[0], "assign", user=people["consultant"],
                    role="consultant", assignee=people["assessor"])
    db.commit()
    return {
        "org_id": org.id,
        "assessment_id": assessment.id,
        "clause": "4",
        "item_id": items[0],
        "kind": "clause_profile",
        "workshop_id": workshop.id,
        "participant_id": participant.id,
        "invitation_id": invitation.id,
        "membership_id": membership.id,
        "file_id": evidence_file.id,
        "code": workshop.code,
        "token": invite_token,
        "reset_token": reset_token,
        "filename": "app.css",
        "_participant_token": participant_token,
        "_assessor_id": people["assessor"].id,
        "_workshop_items": items,
    }


def route_url(app, endpoint: str, world: dict, **overrides) -> str:
    """The URL of ``endpoint`` with its arguments from ``world`` (or ``overrides``)."""
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {name: overrides.get(name, world.get(name)) for name in rule.arguments}
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **values)


def join_as_participant(client, world) -> None:
    """Give the test client the world's participant's cookie (as joining from a phone)."""
    client.set_cookie(PARTICIPANT_COOKIE, world["_participant_token"],
                      path=f"/w/{world['code']}/")
