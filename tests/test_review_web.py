"""Assignments and review through the web: assign, submit, return with a comment, resubmit,
accept, a change after acceptance; who is refused; CSRF; isolation; the final rule."""

from __future__ import annotations

from gapassess.db import assignments, audit, invitations
from gapassess.db.models import Assessment, AuditEvent
from tests import factories
from tests.web_pages import BANK, ITEM, NA_ITEM, csrf_login, csrf_token_of

pytest_plugins = ("tests.web_bank",)

ALL_ITEMS = [item["id"] for item in BANK["items"]]
CLAUSE_4 = [i for i in ALL_ITEMS if i.startswith("4.")]


def _switch(auth, login_as, who: str):
    auth.logout()
    return login_as(who)


def _assign(client, assessment, person, item="*", clause="4", due="2027-01-31"):
    return client.post(f"/assessments/{assessment.id}/clauses/{clause}/assign",
                       data={"item": item, "assignee": str(person.id), "due": due})


def _review(client, assessment, action, item=ITEM, comment=""):
    return client.post(f"/assessments/{assessment.id}/items/{item}/review",
                       data={"action": action, "comment": comment})


def _status(db, assessment, item=ITEM) -> str:
    db.expire_all()
    row = assignments.get(db, assessment.id, item)
    return row.status if row else "unassigned"


def _flashes(client) -> str:
    with client.session_transaction() as session:
        return " ".join(message for _c, message in session.get("_flashes", []))


def test_the_whole_workflow_through_the_pages(client, db, auth, login_as, assessments,
                                              org_with_people):
    mine, _ = assessments
    _, _, people = org_with_people
    login_as("consultant")
    assert _assign(client, mine, people["assessor"]).status_code == 302
    assert {i: _status(db, mine, i) for i in CLAUSE_4} == dict.fromkeys(CLAUSE_4, "assigned")
    assert _status(db, mine, "5.1.1-leadership-culture") == "unassigned"

    _switch(auth, login_as, "assessor")
    page = client.get("/my-items").get_data(as_text=True)
    assert "2027-01-31" in page and "Transition gap assessment" in page
    assert f"/clauses/4#item-{ITEM}" in page
    clause = client.get(f"/assessments/{mine.id}/clauses/4").get_data(as_text=True)
    assert "Submit for review" in clause and "Return with comment" not in clause
    _review(client, mine, "submit")
    assert _status(db, mine) == "submitted"

    _switch(auth, login_as, "consultant")
    refused = _review(client, mine, "return", comment="  ")
    assert refused.status_code == 302 and _status(db, mine) == "submitted"
    assert "Comment: say what to change" in _flashes(client)
    _review(client, mine, "return", comment="Name the <b>register</b> you keep.")
    assert _status(db, mine) == "returned"
    assert assignments.get(db, mine.id, ITEM).comment == "Name the <b>register</b> you keep."

    _switch(auth, login_as, "assessor")
    clause = client.get(f"/assessments/{mine.id}/clauses/4").get_data(as_text=True)
    assert "Name the &lt;b&gt;register&lt;/b&gt; you keep." in clause  # escaped
    mine_page = client.get("/my-items").get_data(as_text=True)
    assert "Returned" in mine_page
    _review(client, mine, "submit")
    assert _status(db, mine) == "submitted"

    _switch(auth, login_as, "consultant")
    _review(client, mine, "accept")
    assert _status(db, mine) == "accepted"

    # an accepted answer that changes goes back to review, whoever changes it
    _switch(auth, login_as, "assessor")
    saved = client.post(f"/assessments/{mine.id}/items/{ITEM}/answer",
                        json={"version": 0, "values": {"compliance": 3}})
    assert saved.status_code == 200
    assert _status(db, mine) == "submitted"
    events = audit.history(db, "assignment", audit.response_entity(mine.id, ITEM))
    assert [e.after["status"] for e in reversed(events)] == [
        "assigned", "submitted", "returned", "submitted", "accepted", "submitted"]


def test_roles_are_refused_with_the_reason(client, db, auth, login_as, assessments,
                                           org_with_people):
    mine, _ = assessments
    _, _, people = org_with_people
    login_as("assessor")
    assert _assign(client, mine, people["assessor"]).status_code == 403  # consultants only
    _switch(auth, login_as, "viewer")
    assert _review(client, mine, "submit").status_code == 403
    _switch(auth, login_as, "consultant")
    _assign(client, mine, people["assessor"], item=ITEM)
    _review(client, mine, "accept")  # not submitted yet
    assert "not submitted" in _flashes(client)
    _assign(client, mine, people["consultant"], item=NA_ITEM)
    _review(client, mine, "submit", item=NA_ITEM)
    _review(client, mine, "accept", item=NA_ITEM)  # their own answer
    assert "someone else has to review it" in _flashes(client)
    assert _status(db, mine, NA_ITEM) == "submitted"
    _switch(auth, login_as, "assessor")
    _review(client, mine, "submit", item=NA_ITEM)  # not theirs
    assert "Only the person the item is assigned to" in _flashes(client)
    _review(client, mine, "return", item=NA_ITEM, comment="no")  # an assessor does not review
    assert "Only a consultant or the quality manager" in _flashes(client)
    assert _status(db, mine, NA_ITEM) == "submitted" and _status(db, mine) == "assigned"


def test_a_viewer_cannot_be_assigned(client, db, login_as, assessments, org_with_people):
    mine, _ = assessments
    _, _, people = org_with_people
    login_as("consultant")
    page = client.get(f"/assessments/{mine.id}/clauses/4").get_data(as_text=True)
    assert people["assessor"].email in page and people["viewer"].email not in page
    _assign(client, mine, people["viewer"])
    assert _status(db, mine) == "unassigned"
    assert "Person" in _flashes(client)


def test_an_invited_process_owner_joins_as_assessor_and_can_be_assigned(
        client, db, auth, login_as, assessments, org_with_people):
    mine, _ = assessments
    org, _, people = org_with_people
    _, token = invitations.create_invitation(db, org, "owner@acme.example", "assessor",
                                             invited_by=people["consultant"])
    owner = factories.gen_user(db, None, email="owner@acme.example", name="Pat Owner")
    invitations.accept(db, invitations.find_invitation(db, token), owner)
    db.commit()
    login_as("consultant")
    assert "Pat Owner" in client.get(f"/assessments/{mine.id}/clauses/4").get_data(as_text=True)
    _assign(client, mine, owner, item=ITEM)
    row = assignments.get(db, mine.id, ITEM)
    assert row.assignee_id == owner.id and row.status == "assigned"


def test_another_organisations_items_answer_404(client, login_as, assessments, org_with_people):
    _, theirs = assessments
    _, _, people = org_with_people
    login_as("consultant")
    assert _assign(client, theirs, people["assessor"]).status_code == 404
    assert _review(client, theirs, "submit").status_code == 404
    login_as("outsider")
    assert "Transition gap assessment" not in client.get("/my-items").get_data(as_text=True)


def test_unknown_item_or_clause_answers_404(client, login_as, assessments, org_with_people):
    mine, _ = assessments
    _, _, people = org_with_people
    login_as("consultant")
    assert _assign(client, mine, people["assessor"], clause="99").status_code == 404
    assert _review(client, mine, "submit", item="no-such-item").status_code == 404


def test_review_posts_need_the_csrf_token(csrf_client, db, assessments, org_with_people):
    mine, _ = assessments
    _, _, people = org_with_people
    csrf_login(csrf_client, people["consultant"].email)
    url = f"/assessments/{mine.id}/clauses/4/assign"
    data = {"item": ITEM, "assignee": str(people["assessor"].id)}
    assert csrf_client.post(url, data=data).status_code == 400
    assert _status(db, mine) == "unassigned"
    token = csrf_token_of(csrf_client, f"/assessments/{mine.id}/clauses/4")
    assert csrf_client.post(url, data={**data, "csrf_token": token}).status_code == 302
    assert _status(db, mine) == "assigned"
    review_url = f"/assessments/{mine.id}/items/{ITEM}/review"
    assert csrf_client.post(review_url, data={"action": "submit"}).status_code == 400


def test_the_filter_shows_items_by_status(client, db, login_as, assessments, org_with_people):
    mine, _ = assessments
    _, _, people = org_with_people
    login_as("consultant")
    _assign(client, mine, people["assessor"], item=ITEM)
    page = client.get(f"/assessments/{mine.id}/clauses/4?status=assigned").get_data(as_text=True)
    assert f'id="item-{ITEM}"' in page and f'id="item-{NA_ITEM}"' not in page
    page = client.get(f"/assessments/{mine.id}/clauses/4?status=unassigned").get_data(
        as_text=True)
    assert f'id="item-{ITEM}"' not in page and f'id="item-{NA_ITEM}"' in page
    overview = client.get(f"/assessments/{mine.id}").get_data(as_text=True)
    assert "clauses/4?status=assigned" in overview and "Assigned 1" in overview


def _accept_all(client, auth, login_as, db, assessment, people, skip=()):
    for item in ALL_ITEMS:
        if item in skip:
            continue
        clause = item.split(".")[0]
        _assign(client, assessment, people["assessor"], item=item, clause=clause)
    _switch(auth, login_as, "assessor")
    for item in ALL_ITEMS:
        if item not in skip:
            _review(client, assessment, "submit", item=item)
    _switch(auth, login_as, "consultant")
    for item in ALL_ITEMS:
        if item not in skip:
            _review(client, assessment, "accept", item=item)


def _final(db, assessment) -> Assessment:
    db.expire_all()
    return db.get(Assessment, assessment.id)


def test_final_is_refused_until_every_applicable_item_is_accepted(
        client, db, auth, login_as, assessments, org_with_people):
    mine, _ = assessments
    _, _, people = org_with_people
    factories.gen_response(db, mine, NA_ITEM, compliance=None, outcome=None,
                           not_applicable=True, justification="No outside parties here.")
    db.commit()
    login_as("consultant")
    refused = client.post(f"/assessments/{mine.id}/status", data={"status": "final"})
    assert refused.status_code == 302 and _final(db, mine).status == "draft"
    assert "4 of 4 applicable items are not accepted yet" in _flashes(client)
    overview = client.get(f"/assessments/{mine.id}").get_data(as_text=True)
    assert "clauses/4?status=open" in overview and "Finalise anyway" in overview
    _accept_all(client, auth, login_as, db, mine, people, skip=(NA_ITEM,))
    client.post(f"/assessments/{mine.id}/status", data={"status": "final"})
    final = _final(db, mine)
    assert final.status == "final" and final.final_override_reason == ""


def test_a_consultant_overrides_with_a_reason_which_is_stored_and_shown(
        client, db, login_as, assessments):
    mine, _ = assessments
    login_as("consultant")
    blank = client.post(f"/assessments/{mine.id}/status",
                        data={"status": "final", "override_reason": "   "})
    assert blank.status_code == 302 and _final(db, mine).status == "draft"
    client.post(f"/assessments/{mine.id}/status",
                data={"status": "final", "override_reason": "Board <meets> Friday."})
    final = _final(db, mine)
    assert final.status == "final" and final.final_override_reason == "Board <meets> Friday."
    overview = client.get(f"/assessments/{mine.id}").get_data(as_text=True)
    assert "Board &lt;meets&gt; Friday." in overview
    assert f"/assessments/{mine.id}/carry?kind=copy" in overview  # start a new one from it
    event = db.query(AuditEvent).filter_by(entity_type="assessment",
                                           entity_id=str(mine.id)).all()[-1]
    assert event.after["final_override_reason"] == "Board <meets> Friday."


def test_a_final_assessment_refuses_assignment_changes(client, db, auth, login_as,
                                                       assessments, org_with_people):
    mine, _ = assessments
    _, _, people = org_with_people
    login_as("consultant")
    _assign(client, mine, people["assessor"], item=ITEM)
    client.post(f"/assessments/{mine.id}/status",
                data={"status": "final", "override_reason": "Deadline."})
    _assign(client, mine, people["consultant"], item=ITEM)
    assert "this assessment is final" in _flashes(client)
    assert assignments.get(db, mine.id, ITEM).assignee_id == people["assessor"].id
    _switch(auth, login_as, "assessor")
    _review(client, mine, "submit")
    assert "this assessment is final" in _flashes(client)
    assert _status(db, mine) == "assigned"
    clause = client.get(f"/assessments/{mine.id}/clauses/4").get_data(as_text=True)
    assert "Submit for review" not in clause


def test_the_consultant_who_carried_the_answers_can_still_accept_them(db, org_with_people):
    """A copy forward saves every carried answer as its consultant's: that is not a change
    to the submitted answer, so the consultant may review it; a change after submission is."""
    from gapassess.db import assignments, carry
    from gapassess.db.responses import save_response
    from gapassess.domain.review import Actor, decide
    from tests import factories

    org, _, people = org_with_people
    consultant, assessor = people["consultant"], people["assessor"]
    earlier = factories.gen_assessment(db, org, questionnaire_version="1.0")
    save_response(db, earlier, "4.1-context-issues", {"compliance": 2, "outcome": 1},
                  user=assessor)
    new = carry.start_from(db, earlier, title="Next year", user=consultant)
    item = "4.1-context-issues"
    assignments.act(db, new, item, "assign", user=consultant, role="consultant",
                    assignee=assessor)
    assignments.act(db, new, item, "submit", user=assessor, role="assessor")
    accepted = assignments.act(db, new, item, "accept", user=consultant, role="consultant")
    assert accepted.status == "accepted"
    save_response(db, new, item, {"compliance": 3}, user=consultant)  # after submission
    row = assignments.get(db, new.id, item)
    assert row.status == "submitted" and row.changed_by_id == consultant.id
    refused = decide(row.status, "accept", Actor(consultant.id, "consultant"),
                     assignee_id=assessor.id, changed_by_id=row.changed_by_id)
    assert not refused.allowed
