"""The ISO 14001 demo bank on the web: the same pages show its clauses and save answers."""

from __future__ import annotations

import re
from pathlib import Path

from gapassess.db import responses
from gapassess.domain.questionnaire import get_questionnaire
from tests import factories
from tests.web_pages import browser_form

DEMO = Path(__file__).parent / "fixtures" / "questionnaires" / "iso14001-demo"
ITEM = "6.1.2-aspects-register"


def test_an_iso_14001_assessment_is_shown_and_answered(
    client, login_as, db, org_with_people, monkeypatch
):
    monkeypatch.setenv("GAPASSESS_QUESTIONNAIRES_PATH", str(DEMO))
    bank = get_questionnaire("iso14001-demo")
    org, _, _ = org_with_people
    assessment = factories.gen_assessment(
        db, org, questionnaire_id=bank.id, questionnaire_version=bank.version
    )
    db.commit()
    login_as("assessor")
    overview = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    rows = re.findall(r'<th scope="row"><a[^>]*>([\d.]+) ([^<]*)</a></th>', overview)
    assert rows == [("4", "Context of the organization"), ("6", "Planning"),
                    ("9", "Performance evaluation")]
    page = client.get(f"/assessments/{assessment.id}/clauses/6").get_data(as_text=True)
    assert "Actions to address risks and opportunities" in page
    assert "Environmental aspects and impacts listed" in page
    form = browser_form(page)
    form.update({f"{ITEM}:compliance": "2", f"{ITEM}:outcome": "1"})
    saved = client.post(f"/assessments/{assessment.id}/clauses/6", data=form)
    assert saved.status_code == 302
    db.expire_all()
    stored = responses.get_response(db, assessment.id, ITEM)
    assert (stored.compliance, stored.outcome) == (2, 1)
