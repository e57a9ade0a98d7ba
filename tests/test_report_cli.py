"""`gapassess report`: offline from an answers file and from an assessment in the database."""

from __future__ import annotations

import datetime as dt

import docx
import pytest
from click.testing import CliRunner

from gapassess.cli import main
from tests import factories
from tests import report_support as rs


@pytest.fixture(scope="module")
def answers_csv(tmp_path_factory):
    folder = tmp_path_factory.mktemp("answers")
    return rs.write_answers_csv(folder / "answers.csv", rs.answers("startup"))


def _invoke(args, **kwargs):
    return CliRunner().invoke(main, ["report", *args], catch_exceptions=False, **kwargs)


def test_offline_report_to_named_file(answers_csv, tmp_path):
    out = tmp_path / "client.docx"
    done = _invoke(["--answers", str(answers_csv), "--org", "Start & Up <Ltd>", "--target-date",
                    "2028-03-31", "--capacity", "6", "--start-date", "2026-12-01",
                    "--assessor", "Dana", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert f"Report written to {out.resolve()}" in done.output
    document = docx.Document(out)
    assert document.paragraphs[0].text == "Start & Up <Ltd>"
    text = rs.all_text(document)
    assert "31 March 2028" in text and "Assessor: Dana" in text
    assert "6 person-days a month from 1 December 2026" in text


def test_offline_report_default_path_under_reports(answers_csv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GAPASSESS_REPORTS_DIR", raising=False)
    done = _invoke(["--answers", str(answers_csv), "--org", "Café Nord"])
    assert done.exit_code == 0, done.output
    written = tmp_path / "reports" / f"cafe-nord-{dt.date.today().isoformat()}.docx"
    assert written.exists()
    assert str(written.resolve()) in done.output


def test_reports_dir_setting_moves_the_default_path(answers_csv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GAPASSESS_REPORTS_DIR", str(tmp_path / "shared-reports"))
    done = _invoke(["--answers", str(answers_csv), "--org", "Café Nord"])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "shared-reports" / f"cafe-nord-{dt.date.today().isoformat()}.docx").exists()
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give either an ASSESSMENT_ID or --answers FILE"),
        (["7", "--answers", "{csv}"], "give either an ASSESSMENT_ID or --answers FILE"),
        (["--answers", "{csv}"], "--org NAME is required with --answers"),
        (["--answers", "{csv}", "--org", "X", "-o", "out.pdf"], "must have the .docx extension"),
        (["--answers", "{csv}", "--org", "X", "--template", "{bad}"], "not a Word .docx file"),
        (["--answers", "{csv}", "--org", "X", "--template", "nowhere.docx"], "not found"),
        (["--answers", "{csv}", "--org", "X", "--template", "{no_page}"], "has no page setup"),
        (["--answers", "{csv}", "--org", "X", "--template", "{no_room}"], "cm for text across"),
        (["--answers", "{bad_answers}", "--org", "X"], "row 2"),
        (["--answers", "{csv}", "--org", "X", "--questionnaire", "nope"], "unknown questionnaire"),
    ],
)
def test_user_mistakes_give_clear_messages(answers_csv, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "brand.docx"
    bad.write_text("this is not Word")
    bad_answers = tmp_path / "bad.csv"
    bad_answers.write_text("item_id,compliance,outcome\n4.1-context-issues,9,1\n")
    no_page = tmp_path / "no-page.docx"
    no_page.write_bytes(rs.page_variant(rs.without_page_setup))
    no_room = tmp_path / "no-room.docx"
    no_room.write_bytes(rs.page_variant(rs.left_margin(20000)))
    filled = [a.format(csv=answers_csv, bad=bad, bad_answers=bad_answers, no_page=no_page,
                       no_room=no_room) for a in args]
    done = CliRunner().invoke(main, ["report", *filled])
    assert done.exit_code == 2, done.output
    assert message in done.output
    assert "Traceback" not in done.output
    assert not (tmp_path / "reports").exists()


def test_report_from_the_database(app, db, tmp_path):
    org = factories.gen_org(db, name="Northwind Plastics", target_audit_date=dt.date(2028, 1, 31))
    assessment = factories.gen_assessment(db, org, title="2026 transition review")
    for answer in rs.answers("compliance-only")[:20]:
        factories.gen_response(db, assessment, answer.item_id, compliance=answer.compliance,
                               outcome=answer.outcome, evidence=answer.evidence)
    db.commit()
    out = tmp_path / "db.docx"
    done = app.test_cli_runner().invoke(main, ["report", str(assessment.id), "-o", str(out),
                                               "--assessor", "Lead auditor"])
    assert done.exit_code == 0, done.output
    document = docx.Document(out)
    text = rs.all_text(document)
    assert document.paragraphs[0].text == "Northwind Plastics"
    assert "2026 transition review" in text and rs.questionnaire().title not in text.split("\n")[1]
    assert "31 January 2028" in text and "Assessor: Lead auditor" in text
    missing = app.test_cli_runner().invoke(main, ["report", "99999", "-o", str(out)])
    assert missing.exit_code == 2 and "no assessment with id 99999" in missing.output


def test_report_from_the_database_uses_the_organisation_model(app, db, tmp_path, monkeypatch):
    """The organisation's model file (by name, from GAPASSESS_SCORING_MODELS_PATH) is the
    report's model; when it is missing, the command stops naming it."""
    folder = tmp_path / "models"
    folder.mkdir()
    monkeypatch.setenv("GAPASSESS_SCORING_MODELS_PATH", str(folder))
    org = factories.gen_org(db, name="Northwind Plastics")
    org.scoring_model = "northwind.yaml"
    assessment = factories.gen_assessment(db, org)
    db.commit()
    out = tmp_path / "db.docx"
    missing = app.test_cli_runner().invoke(main, ["report", str(assessment.id), "-o", str(out)])
    assert missing.exit_code == 2
    assert "northwind.yaml: no scoring model file of this name" in missing.output
    assert not out.exists()
    from gapassess.domain.scoring_model import default_model_path

    (folder / "northwind.yaml").write_text(default_model_path().read_text(encoding="utf-8"),
                                           encoding="utf-8")
    done = app.test_cli_runner().invoke(main, ["report", str(assessment.id), "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert out.exists()


def test_database_report_options_change_only_what_they_name(app, db, tmp_path):
    org = factories.gen_org(db, name="Kite Start", certification_status="not-certified",
                            certificate_expiry=None)
    assessment = factories.gen_assessment(db, org, title="First look")
    db.commit()
    out = tmp_path / "kite.docx"
    done = app.test_cli_runner().invoke(main, ["report", str(assessment.id), "-o", str(out),
                                               "--next-audit", "2027-11-15"])
    assert done.exit_code == 0, done.output
    text = rs.all_text(docx.Document(out))
    # still an initial certification: the option only added the next audit date
    assert "Target initial certification audit" in text and "transition audit" not in text


def test_report_from_the_database_names_the_roadmap_owners(app, db, tmp_path):
    """The command line names the owners the roadmap page shows: one set on the roadmap
    wins over the item's (the web report does the same)."""
    from gapassess.db import roadmap_edits
    from tests import results_data

    org = factories.gen_org(db, name="Northwind Plastics")
    assessment = factories.gen_assessment(db, org)
    for answer in rs.answers("compliance-only")[:20]:
        factories.gen_response(db, assessment, answer.item_id, compliance=answer.compliance,
                               outcome=answer.outcome, owner="Item Owner")
    db.commit()
    action = results_data.first_action(db, assessment)
    roadmap_edits.save_edit(db, assessment, action.id, {"owner": "Roadmap Owner"}, user=None)
    db.commit()
    out = tmp_path / "owners.docx"
    done = app.test_cli_runner().invoke(main, ["report", str(assessment.id), "-o", str(out)])
    assert done.exit_code == 0, done.output
    (table,) = _action_tables(docx.Document(out))
    owners = {row.cells[0].text: row.cells[3].text for row in table.rows[1:]}
    assert owners.pop(str(action.priority)) == "Roadmap Owner"
    assert "Item Owner" in owners.values()


def _action_tables(document) -> list:
    return [t for t in document.tables
            if [c.text for c in t.rows[0].cells[:4]] == ["#", "Action", "Clause", "Owner"]]


def test_the_working_papers_come_only_with_the_appendix_option(app, db, tmp_path):
    org = factories.gen_org(db, name="Northwind Plastics")
    assessment = factories.gen_assessment(db, org)
    for answer in rs.answers("compliance-only")[:20]:
        factories.gen_response(db, assessment, answer.item_id, compliance=answer.compliance,
                               outcome=answer.outcome, evidence="Seen the quality manual")
    db.commit()
    documents = {}
    for option in ([], ["--appendix"]):
        out = tmp_path / f"report{len(option)}.docx"
        done = app.test_cli_runner().invoke(
            main, ["report", str(assessment.id), "-o", str(out), *option])
        assert done.exit_code == 0, done.output
        documents[bool(option)] = docx.Document(out)
    plain, working = rs.all_text(documents[False]), rs.all_text(documents[True])
    assert "Appendix B: All answers" not in plain and "Seen the quality manual" not in plain
    assert "Appendix B: All answers" in working and "Seen the quality manual" in working
    assert len(_action_tables(documents[False])) == 1
    assert len(_action_tables(documents[True])) == 2



def test_offline_report_with_a_baseline_file(tmp_path):
    now = rs.write_answers_csv(tmp_path / "answers-2026.csv", rs.answers("compliance-only"))
    then = rs.write_answers_csv(tmp_path / "answers-2025.csv",
                                rs.answers("compliance-only-2025"))
    out = tmp_path / "progress.docx"
    done = _invoke(["--answers", str(now), "--baseline", str(then), "--org", "Acme",
                    "-o", str(out)])
    assert done.exit_code == 0, done.output
    text = rs.all_text(docx.Document(out))
    assert "Progress since the baseline" in text
    assert "Since the baseline (answers-2025.csv), transition readiness is up" in text
    plain = tmp_path / "plain.docx"
    assert _invoke(["--answers", str(now), "--org", "Acme", "-o", str(plain)]).exit_code == 0
    assert "Progress since the baseline" not in rs.all_text(docx.Document(plain))


def test_baseline_file_goes_with_answers_only(app, tmp_path):
    then = rs.write_answers_csv(tmp_path / "then.csv", rs.answers("startup"))
    done = app.test_cli_runner().invoke(main, ["report", "7", "--baseline", str(then)])
    assert done.exit_code == 2
    assert "--baseline FILE goes with --answers" in done.output


def test_report_from_the_database_shows_progress_since_the_baseline(app, db, tmp_path):
    org = factories.gen_org(db, name="Northwind Plastics")
    baseline = factories.gen_assessment(db, org, title="2025 internal gap review")
    current = factories.gen_assessment(db, org, title="2026 review", baseline_id=baseline.id)
    for assessment, profile in ((baseline, "compliance-only-2025"), (current, "compliance-only")):
        for answer in rs.answers(profile)[:40]:
            factories.gen_response(db, assessment, answer.item_id, compliance=answer.compliance,
                                   outcome=answer.outcome)
    db.commit()
    out = tmp_path / "db.docx"
    done = app.test_cli_runner().invoke(main, ["report", str(current.id), "-o", str(out)])
    assert done.exit_code == 0, done.output
    text = rs.all_text(docx.Document(out))
    assert "Progress since the baseline" in text
    assert "Since the baseline (2025 internal gap review)" in text
