"""The Word report says how many answers were reviewed and accepted, and a consultant's
reason for finalising before every applicable item was accepted."""

from __future__ import annotations

import io

import docx

from gapassess.db import assignments, responses
from gapassess.db.inputs import load_report_inputs
from tests import factories, results_data
from tests import report_support as rs


def _reviewed_assessment(db, org_with_people, reason: str = ""):
    org, _, people = org_with_people
    assessment = results_data.answered_assessment(db, org, count=3)
    first, second, third = results_data.item_ids()[:3]
    for item_id in (first, second):
        for action, who in (("assign", "consultant"), ("submit", "assessor"),
                            ("accept", "consultant")):
            assignments.act(db, assessment, item_id, action, user=people[who],
                            role=who, assignee=people["assessor"])
    assignments.act(db, assessment, third, "assign", user=people["consultant"],
                    role="consultant", assignee=people["assessor"])
    if reason:
        responses.update_assessment(db, assessment, {"status": "final",
                                                     "final_override_reason": reason},
                                    user=people["consultant"])
    db.commit()
    return assessment


def test_the_report_says_how_many_answers_were_reviewed(client, db, login_as,
                                                        org_with_people):
    assessment = _reviewed_assessment(db, org_with_people)
    login_as("viewer")
    response = client.get(f"/assessments/{assessment.id}/report.docx")
    assert response.status_code == 200
    text = rs.all_text(docx.Document(io.BytesIO(response.data)))
    assert "Answers reviewed: 2 of 3 answered items reviewed and accepted" in text
    assert "Finalised before every answer was accepted" not in text


def test_the_report_gives_the_override_reason(client, db, login_as, org_with_people):
    assessment = _reviewed_assessment(db, org_with_people,
                                      reason="The board <meets> on Friday.")
    login_as("viewer")
    response = client.get(f"/assessments/{assessment.id}/report.docx")
    text = rs.all_text(docx.Document(io.BytesIO(response.data)))
    assert ("Finalised before every answer was accepted: The board <meets> on Friday."
            in text)
    inputs = load_report_inputs(db, assessment.id)
    assert inputs.meta.review.reviewed == 2 and inputs.meta.review.answered == 3
    assert inputs.meta.review.override_reason == "The board <meets> on Friday."


def test_an_assessment_without_review_says_nothing_about_it(client, db, login_as,
                                                             org_with_people):
    org, _, _ = org_with_people
    assessment = factories.gen_assessment(db, org)
    factories.gen_response(db, assessment)
    db.commit()
    assert load_report_inputs(db, assessment.id).meta.review is None
    login_as("viewer")
    text = rs.all_text(docx.Document(io.BytesIO(
        client.get(f"/assessments/{assessment.id}/report.docx").data)))
    assert "Answers reviewed" not in text
