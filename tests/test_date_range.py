"""One rule for every date a person gives (gapassess.domain.dates), at every entry point:
the organisation form, a roadmap action's due date, dates already stored, the command
line and transition files. Out of range is a message naming the field, never a 500."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner
from markupsafe import escape

import gapassess.cli
from gapassess.db.models import Organisation
from gapassess.db.roadmap_edits import edits_for
from gapassess.domain.dates import (
    EARLIEST,
    LATEST,
    DateRangeError,
    check_date,
)
from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.domain.scoring_model import default_scoring_model
from gapassess.domain.transition import Certification, TransitionError, load_transition_rules
from tests import results_data
from tests.test_web_orgs_access import ORG_FORM

OUTSIDE = ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"]
RANGE_TEXT = "must be between 2000-01-01 and 2100-12-31"
ORG_DATES = ["certificate_expiry", "next_audit_date", "target_audit_date",
             "cb_transition_end", "cb_all_audits_date"]
RESULT_PAGES = ["results", "roadmap", "report.docx", "workbook.xlsx",
                "results/charts/clause_profile.png", "results/charts/gantt.png"]


def test_the_rule_keeps_its_bounds():
    assert check_date(EARLIEST, "x") == EARLIEST and check_date(LATEST, "x") == LATEST
    for text in OUTSIDE:
        with pytest.raises(DateRangeError) as caught:
            check_date(date.fromisoformat(text), "Target audit date")
        assert str(caught.value) == (f"Target audit date {RANGE_TEXT}, not {text}.")
        assert caught.value.field == "Target audit date"


@pytest.mark.parametrize("field", ["target_date", "start_date"])
@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31"])
def test_the_engine_refuses_a_date_out_of_range(field, text):
    profile = OrgProfile(**{field: date.fromisoformat(text)})
    with pytest.raises(DateRangeError, match=RANGE_TEXT):
        assess(get_questionnaire(), [], default_scoring_model(), profile)
    cert = OrgProfile(certification=Certification(next_audit=date.fromisoformat(text)))
    with pytest.raises(DateRangeError, match="Next certification audit"):
        assess(get_questionnaire(), [], default_scoring_model(), cert)


@pytest.mark.parametrize("field", ORG_DATES)
@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31"])
def test_organisation_form_refuses_a_date_out_of_range(client, db, login_as, org_with_people,
                                                        field, text):
    org, _, _ = org_with_people
    login_as("consultant")
    response = client.post(f"/orgs/{org.id}/edit", data=dict(ORG_FORM, **{field: text}))
    assert response.status_code == 200  # the form again, with the message on the field
    page = response.get_data(as_text=True)
    assert f"{RANGE_TEXT}, not {text}." in page
    assert 'class="field-error' in page
    db.expire_all()
    assert db.get(Organisation, org.id).name == "Acme Widgets"  # nothing saved


def test_a_new_organisation_with_a_date_out_of_range_is_not_created(client, db, login_as):
    login_as("viewer")
    response = client.post("/orgs/new", data=dict(ORG_FORM, name="Far Future",
                                                  target_audit_date="9999-12-31"))
    assert response.status_code == 200
    assert f"{RANGE_TEXT}, not 9999-12-31." in response.get_data(as_text=True)
    assert db.query(Organisation).filter_by(name="Far Future").count() == 0


def test_roadmap_due_date_out_of_range_is_refused(client, db, login_as, org_with_people):
    org, _, _ = org_with_people
    assessment = results_data.answered_assessment(db, org)
    db.commit()
    action = results_data.first_action(db, assessment)
    login_as("assessor")
    response = client.post(f"/assessments/{assessment.id}/roadmap", data={
        "action_id": action.id, "owner": "", "due": "0001-01-01", "status": "planned",
        "notes": ""})
    assert response.status_code == 400
    assert f"Agreed due date {RANGE_TEXT}, not 0001-01-01." in response.get_data(as_text=True)
    db.expire_all()
    assert edits_for(db, assessment.id) == {}


@pytest.mark.parametrize("column", ["target_audit_date", "next_audit_date",
                                    "certificate_expiry", "cb_transition_end"])
@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31"])
def test_a_stored_date_out_of_range_gives_a_page_that_says_so(client, db, login_as,
                                                               org_with_people, column, text):
    """A date saved before the rule existed: every page scoring with it says which date
    (400), none fails."""
    org, _, _ = org_with_people
    assessment = results_data.answered_assessment(db, org)
    setattr(org, column, date.fromisoformat(text))
    db.commit()
    login_as("viewer")
    for page in RESULT_PAGES:
        response = client.get(f"/assessments/{assessment.id}/{page}")
        assert response.status_code == 400, (page, response.status_code)
        body = response.get_data(as_text=True)
        assert str(escape(f"{RANGE_TEXT}, not {text}.")) in body, page


def _cli(*args):
    return CliRunner().invoke(gapassess.cli.main, list(args), catch_exceptions=False)


@pytest.fixture
def answers_csv(tmp_path):
    lines = ["item_id,compliance,outcome"]
    lines += [f"{item.id},2,2" for item in get_questionnaire().items]
    path = tmp_path / "answers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("option", ["--target-date", "--start-date", "--next-audit",
                                    "--certificate-expiry"])
@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31"])
def test_command_line_dates_out_of_range_are_usage_errors(answers_csv, tmp_path, option, text):
    for command in (["score"], ["report", "--org", "Acme", "-o", str(tmp_path / "r.docx")]):
        result = _cli(*command, "--answers", str(answers_csv), option, text)
        assert result.exit_code == 2, result.output
        assert f"Invalid value for '{option}'" in result.output
        assert f"{RANGE_TEXT}, not {text}." in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "r.docx").exists()


TRANSITION = """transition:
  id: x
  version: '1'
  checked: {checked}
  from_edition: A
  to_edition: B
dates:
  published: {{date: 2026-09-30, status: expected, source: s}}
  transition_end: {{date: {end}, status: expected, source: s}}
  all_audits_new_edition: {{date: 2029-09-30, status: expected, source: s}}
initial_certification_months: 12
"""


@pytest.mark.parametrize(("checked", "end", "where"), [
    ("2026-12-01", "9999-12-31", ":9: field 'dates.transition_end.date'"),
    ("0001-01-01", "2029-09-30", ":4: field 'transition.checked'"),
])
def test_a_transition_file_date_out_of_range_names_file_line_and_field(tmp_path, checked, end,
                                                                       where):
    path = tmp_path / "far.yaml"
    path.write_text(TRANSITION.format(checked=checked, end=end), encoding="utf-8")
    with pytest.raises(TransitionError) as caught:
        load_transition_rules(path)
    [problem] = caught.value.problems
    assert problem.startswith(f"{path}{where}") and RANGE_TEXT in problem
    path.write_text(TRANSITION.format(checked="2026-12-01", end="2029-09-30"), encoding="utf-8")
    assert load_transition_rules(path).transition_end.date == date(2029, 9, 30)
