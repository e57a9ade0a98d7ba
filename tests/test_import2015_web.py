"""The four steps of importing a 2015 gap spreadsheet on the web, and the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from gapassess.cli import main
from gapassess.db.models import Assessment, Response

FIXTURES = Path(__file__).parent / "fixtures" / "import2015"
CSV = (FIXTURES / "gap-2015.csv").read_bytes()


def url(org, step=""):
    return f"/orgs/{org.id}/assessments/import-2015" + (f"/{step}" if step else "")


def upload(client, org, data=CSV, name="gap-2015.csv", **extra):
    return client.post(url(org), data={"sheet_file": (io.BytesIO(data), name), **extra},
                       content_type="multipart/form-data")


def count(db, model):
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def columns(client, org, **chosen):
    data = {"clause": "0", "status": "2", "outcome": "", "evidence": "3", "notes": "4",
            "owner": "5", **chosen}
    return client.post(url(org, "columns"), data=data)


def values(client, org, **chosen):
    page = client.get(url(org, "values")).get_data(as_text=True)
    assert "value-0" in page
    return client.post(url(org, "values"), data={"value-0": "3", "value-1": "2",
                                                 "value-2": "0", **chosen})


@pytest.fixture
def org(org_with_people):
    return org_with_people[0]


def test_four_steps_create_an_assessment_only_when_accepted(client, db, login_as, org):
    login_as("assessor")
    new_page = client.get(f"/orgs/{org.id}/assessments/new").get_data(as_text=True)
    assert url(org) in new_page
    response = upload(client, org)
    assert response.status_code == 302 and response.location.endswith(url(org, "columns"))
    page = client.get(url(org, "columns")).get_data(as_text=True)
    assert '<option selected value="0">A: Clause</option>' in page  # guessed from the header
    assert '<option selected value="2">C: Status</option>' in page
    assert columns(client, org).status_code == 302
    page = client.get(url(org, "values")).get_data(as_text=True)
    assert "“yes”" in page and "“partial”" in page and "“no”" in page
    assert '<option value="3" selected>' in page  # the default for yes
    assert values(client, org).status_code == 302
    preview = client.get(url(org, "preview")).get_data(as_text=True)
    assert "items carried, to confirm" in preview
    assert "2015 clause 10.3 no longer exists; carried to 10.1" in preview
    assert "New in 2026: left unanswered" in preview
    assert count(db, Assessment) == 0 and count(db, Response) == 0
    response = client.post(url(org, "preview"), data={"title": "From the 2015 analysis"})
    assert response.status_code == 302
    assessment = db.scalars(select(Assessment)).one()
    assert assessment.title == "From the 2015 analysis" and assessment.origin_kind == "file"
    assert assessment.questionnaire_version == "2.0"
    stored = db.scalars(select(Response).where(Response.assessment_id == assessment.id)).all()
    assert stored and all(r.to_confirm for r in stored)
    assert any("gap-2015.csv, row 43 (2015 clause 10.3)" in r.carried_from for r in stored)
    # the kept upload is gone: starting again asks for the file
    again = client.get(url(org, "preview"))
    assert again.status_code == 302 and again.location.endswith(url(org))
    assert not list((Path(client.application.instance_path) / "import2015").glob("*.json"))


def test_problems_are_shown_and_nothing_is_saved(client, db, login_as, org):
    login_as("assessor")
    bad = b"Clause,Req,Status\n11.2,x,yes\n7.2,x,Done\n7.2,x,no\n"
    upload(client, org, bad, "bad.csv")
    columns(client, org, evidence="", notes="", owner="")
    response = client.post(url(org, "values"), data={})
    assert response.status_code == 400  # every value needs a choice
    client.post(url(org, "values"), data={"value-0": "3", "value-1": "4", "value-2": "0"})
    preview = client.get(url(org, "preview")).get_data(as_text=True)
    assert "bad.csv: row 2, column &#39;Clause&#39;: &#39;11.2&#39; is not a clause" in preview
    assert "clause 7.2 is already in row 3" in preview
    assert f'action="/orgs/{org.id}/assessments/import-2015/values"' in preview
    response = client.post(url(org, "preview"), data={"title": "x"})
    assert response.status_code == 400 and count(db, Assessment) == 0


def test_cells_are_text_never_markup(client, db, login_as, org):
    login_as("assessor")
    data = (b'Clause,Req,Status,Evidence\n7.2,<script>alert(1)</script>,yes,'
            b'"=HYPERLINK(""http://x"",""<b>x</b>"")"\n')
    upload(client, org, data, "x.csv")
    page = client.get(url(org, "columns")).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    columns(client, org, notes="", owner="")
    client.post(url(org, "values"), data={"value-0": "3"})
    preview = client.get(url(org, "preview")).get_data(as_text=True)
    assert "<b>x</b>" not in preview
    client.post(url(org, "preview"), data={"title": "<i>t</i>"})
    response = db.scalars(select(Response)).first()
    assert response.evidence == '=HYPERLINK("http://x","<b>x</b>")'


def test_a_bad_file_is_refused_with_its_problems(client, login_as, org):
    login_as("assessor")
    response = upload(client, org, b"PK\x03\x04 not a workbook", "gap.xlsx")
    assert response.status_code == 400
    assert "cannot be read as XLSX" in response.get_data(as_text=True)
    assert upload(client, org, b"x", "gap.ods").status_code == 400


def test_oversize_upload_is_refused(client, login_as, org, app):
    login_as("assessor")
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = upload(client, org, b"x" * 4096)
    assert response.status_code == 413


def test_viewer_and_outsider_are_refused(client, login_as, org):
    for who, status in (("viewer", 403), ("outsider", 404)):
        login_as(who)
        assert client.get(url(org)).status_code == status
        assert upload(client, org).status_code == status
        client.post("/logout")


def test_another_users_upload_is_not_read(client, db, login_as, org, app):
    login_as("assessor")
    upload(client, org)
    kept = next((Path(app.instance_path) / "import2015").glob("*.json"))
    state = json.loads(kept.read_text())
    state["user_id"] = -1
    kept.write_text(json.dumps(state))
    assert client.get(url(org, "columns")).status_code == 302


def test_posts_need_the_csrf_token(org_with_people, database_url, tmp_path, monkeypatch):
    from gapassess.web import create_app
    from tests import factories

    monkeypatch.setenv("GAPASSESS_INSTANCE_PATH", str(tmp_path / "csrf"))
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "RATELIMIT_ENABLED": False})
    try:
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post("/login", data={"email": "assessor@acme.example",
                                    "password": factories.PASSWORD, "csrf_token": token})
        org = org_with_people[0]
        for step in ("", "columns", "values", "preview"):
            response = client.post(url(org, step), data={"title": "x"})
            assert response.status_code == 400, step
    finally:
        app.extensions["gapassess.engine"].dispose()


def cli(app, *args):
    return CliRunner().invoke(main, ["import2015", str(FIXTURES / "gap-2015.xlsx"), *args])


@pytest.fixture
def cli_env(tmp_path, monkeypatch, database_url):
    monkeypatch.setenv("GAPASSESS_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("GAPASSESS_DATABASE_URL", database_url)


def test_cli_preview_saves_nothing_then_import_saves(cli_env, app, db, org):
    options = ["--org", str(org.id), "--clause-column", "Clause", "--status-column", "C",
               "--evidence-column", "evidence", "--notes-column", "E", "--sheet",
               "Gap analysis"]
    preview = cli(app, *options, "--preview")
    assert preview.exit_code == 0, preview.output
    assert "row 43: 2015 clause 10.3 no longer exists; carried to 10.1" in preview.output
    assert "nothing was saved" in preview.output and count(db, Assessment) == 0
    saved = cli(app, *options, "--title", "From 2015", "--value", "yes=4")
    assert saved.exit_code == 0, saved.output
    assessment = db.scalars(select(Assessment)).one()
    assert assessment.origin_kind == "file" and assessment.title == "From 2015"
    levels = {r.compliance for r in db.scalars(select(Response))}
    assert 4 in levels and 3 not in levels


def test_cli_problems_exit_1_and_save_nothing(cli_env, app, db, org, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Clause,Status\n4.1,yes\n4.1,maybe\n99,no\n")
    result = CliRunner().invoke(main, ["import2015", str(bad), "--org", str(org.id),
                                       "--title", "t", "--clause-column", "A",
                                       "--status-column", "B"])
    assert result.exit_code == 1
    assert "bad.csv: row 3, column 'Clause': clause 4.1 is already in row 2" in result.output
    assert "'maybe' is not mapped to a level" in result.output
    assert "row 4, column 'Clause'" in result.output
    assert count(db, Assessment) == 0
    bad_value = CliRunner().invoke(main, ["import2015", str(bad), "--org", str(org.id),
                                          "--clause-column", "A", "--status-column", "B",
                                          "--value", "maybe=9"])
    assert bad_value.exit_code == 2 and "not a level" in bad_value.output


def test_cli_help_names_the_options():
    result = CliRunner().invoke(main, ["import2015", "--help"])
    assert result.exit_code == 0
    for name in ("--clause-column", "--status-column", "--value", "--sheet", "--preview"):
        assert name in result.output
