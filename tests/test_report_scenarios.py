"""The Word report's scenario comparison and its working-days sentence, from the command
line (offline and from the database) and from the web download."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from click.testing import CliRunner

from gapassess.cli import main
from gapassess.domain.engine.scenarios import Scenario, compare
from gapassess.domain.report import build_report
from gapassess.domain.scoring_model import default_scoring_model
from tests import factories
from tests import report_support as rs

pytest_plugins = ("tests.web_bank",)


@pytest.fixture(scope="module")
def answers_csv(tmp_path_factory):
    folder = tmp_path_factory.mktemp("answers")
    return rs.write_answers_csv(folder / "answers.csv", rs.answers("compliance-only"))


def _scenario_table(document):
    """The table whose header row starts with "Plan" (the comparison), or None."""
    for table in document.tables:
        if table.rows[0].cells[0].text == "Plan":
            return table
    return None


def _rows(table) -> dict[str, list[str]]:
    return {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table.rows}


def test_the_report_compares_the_scenarios_side_by_side():
    answers = rs.answers("compliance-only")
    result = rs.result_for(answers, capacity=4)
    profile = rs.OrgProfile(name="Acme", target_date=rs.TARGET, capacity=4,
                            start_date=rs.TODAY)
    scenarios = [Scenario("Twice the time", capacity=8.0),
                 Scenario(target_date=dt.date(2028, 9, 29), outcome_after_audit=True)]
    outcomes = compare(rs.questionnaire(), answers, default_scoring_model(), profile,
                       scenarios, today=rs.TODAY, current=result)
    document = build_report(result, rs.questionnaire(), answers, rs.meta(),
                            scenarios=outcomes)
    table = _scenario_table(document)
    assert table is not None
    rows = _rows(table)
    assert rows["Plan"] == ["Current plan", "Twice the time", "Scenario 2"]
    assert rows["Capacity"] == ["4 person-days a month", "8 person-days a month",
                                "4 person-days a month"]
    assert rows["Target audit"][2] == "29 Sep 2028"
    assert rows["Outcome work"][2] == "after the audit"
    for column, outcome in zip(rows["Feasible"], outcomes, strict=True):
        assert column == ("Fits before the target" if outcome.feasible else "Does not fit")
    assert not result.roadmap.feasible  # 4 person-days a month is too little here
    assert rows["Shortfall"][0].startswith(f"{result.roadmap.shortfall_days:.0f} person-days")
    text = rs.all_text(document)
    assert "Scenarios" in text
    # without scenarios there is no comparison
    assert _scenario_table(build_report(result, rs.questionnaire(), answers, rs.meta())) is None


def test_offline_report_takes_calendar_and_scenario_options(answers_csv, tmp_path):
    out = tmp_path / "r.docx"
    done = CliRunner().invoke(main, [
        "report", "--answers", str(answers_csv), "--org", "Acme", "-o", str(out),
        "--start-date", "2026-12-01", "--country", "de", "--shutdown",
        "2027-08-02:2027-08-13", "--shutdown", "2026-12-24 to 2027-01-01 Christmas",
        "--scenario", "capacity=20,label=Bigger team", "--scenario", "outcome-after-audit"],
        catch_exceptions=False)
    assert done.exit_code == 0, done.output
    document = docx.Document(out)
    text = rs.all_text(document)
    assert ("Working days: Monday to Friday, excluding public holidays in Germany and the "
            "shutdown periods 24 December 2026 to 1 January 2027 (Christmas); 2 August 2027 "
            "to 13 August 2027.") in text
    assert _rows(_scenario_table(document))["Plan"] == ["Current plan", "Bigger team",
                                                        "Scenario 2"]
    assert "25 Dec 2026" not in text and "01 Jan 2027" not in text


@pytest.mark.parametrize(("args", "message"), [
    (["--country", "XX"], "--country XX: not a country code"),
    (["--shutdown", "2027-08-13:2027-08-02"], "--shutdown 2027-08-13:2027-08-02: the period "
                                              "ends"),
    (["--scenario", "capacity=big"], "--scenario capacity=big: capacity: “big” is not a "
                                     "number"),
    (["--scenario", "capacity=1"] * 4, "at most 3 scenarios"),
])
def test_bad_calendar_and_scenario_options_are_named(answers_csv, tmp_path, args, message):
    done = CliRunner().invoke(main, ["report", "--answers", str(answers_csv), "--org", "A",
                                     "-o", str(tmp_path / "x.docx"), *args])
    assert done.exit_code == 2, done.output
    assert message in done.output and "Traceback" not in done.output
    assert not (tmp_path / "x.docx").exists()


def test_database_report_uses_the_stored_calendar_and_scenarios(app, db, tmp_path):
    org = factories.gen_org(db, name="Northwind", target_audit_date=dt.date(2028, 1, 31))
    org.country, org.shutdown_periods = "FR", "2027-08-02 to 2027-08-20 Summer"
    assessment = factories.gen_assessment(db, org)
    assessment.scenarios = [Scenario("Later", target_date=dt.date(2028, 12, 15)).to_dict()]
    for answer in rs.answers("compliance-only")[:30]:
        factories.gen_response(db, assessment, answer.item_id, compliance=answer.compliance,
                               outcome=answer.outcome)
    db.commit()
    out = tmp_path / "db.docx"
    done = app.test_cli_runner().invoke(main, ["report", str(assessment.id), "-o", str(out)])
    assert done.exit_code == 0, done.output
    document = docx.Document(out)
    assert "excluding public holidays in France and the shutdown periods 2 August 2027 to " \
           "20 August 2027 (Summer)" in rs.all_text(document)
    assert _rows(_scenario_table(document))["Plan"] == ["Current plan", "Later"]
    # --scenario replaces the stored ones
    done = app.test_cli_runner().invoke(main, ["report", str(assessment.id), "-o", str(out),
                                               "--scenario", "capacity=30"])
    assert done.exit_code == 0, done.output
    assert _rows(_scenario_table(docx.Document(out)))["Plan"] == ["Current plan", "Scenario 1"]


def test_web_download_has_the_stored_scenarios(client, db, login_as, org_with_people):
    org, _, _ = org_with_people
    assessment = factories.gen_assessment(db, org)
    assessment.scenarios = [Scenario("Bigger team", capacity=25.0).to_dict()]
    for answer in rs.answers("compliance-only")[:30]:
        factories.gen_response(db, assessment, answer.item_id, compliance=answer.compliance,
                               outcome=answer.outcome)
    db.commit()
    login_as("viewer")
    response = client.get(f"/assessments/{assessment.id}/report.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.data))
    assert _rows(_scenario_table(document))["Plan"] == ["Current plan", "Bigger team"]


def test_the_current_plan_column_is_the_same_from_the_cli_and_the_web(
        app, client, db, login_as, org_with_people, tmp_path):
    """Both compare the plan as the scheduler makes it, whatever the roadmap's edits say:
    an agreed date long after the target must not make the CLI's column differ."""
    from gapassess.db import roadmap_edits
    from tests import results_data

    org, _, people = org_with_people
    assessment = factories.gen_assessment(db, org)
    assessment.scenarios = [Scenario("Bigger team", capacity=25.0).to_dict()]
    for answer in rs.answers("compliance-only")[:30]:
        factories.gen_response(db, assessment, answer.item_id, compliance=answer.compliance,
                               outcome=answer.outcome)
    db.commit()
    action = results_data.first_action(db, assessment)
    roadmap_edits.save_edit(db, assessment, action.id, {"due": dt.date(2035, 1, 1)},
                            user=people["consultant"])
    db.commit()
    out = tmp_path / "cli.docx"
    done = app.test_cli_runner().invoke(main, ["report", str(assessment.id), "-o", str(out)])
    assert done.exit_code == 0, done.output
    login_as("viewer")
    web = docx.Document(io.BytesIO(client.get(f"/assessments/{assessment.id}/report.docx").data))
    cli = docx.Document(out)
    current = {name: values[0] for name, values in _rows(_scenario_table(web)).items()}
    assert current == {name: values[0] for name, values in _rows(_scenario_table(cli)).items()}
