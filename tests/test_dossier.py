"""The transition dossier (GET /assessments/<id>/dossier.zip): the report, the evidence
index, the evidence files by clause and item, and the manifest of checksums."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date

import docx
import openpyxl
import pytest

from gapassess.db import assignments
from gapassess.db import evidence as evidence_db
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.web.services import evidence as evidence_service
from tests import evidence_support as files
from tests import factories, results_data

FORMULA = "=SUM(A1,A2)+1.pdf"  # a name a spreadsheet would run as a formula
PARTS = {"report.docx", "evidence-index.xlsx", "MANIFEST.txt"}


def _changed_and_unchanged():
    items = get_questionnaire().items
    changed = next(i for i in items if i.change == "new")
    unchanged = next(i for i in items if i.change == "unchanged")
    return changed, unchanged


def _add(db, assessment, item_id, name, data, **dates):
    return evidence_db.add_file(
        db, evidence_service.store(), assessment=assessment, item_id=item_id, name=name,
        stream=io.BytesIO(data), evidence_date=dates.get("evidence_date", date(2026, 10, 1)),
        expires_on=dates.get("expires_on"), user=None, limits=evidence_db.Limits())


@pytest.fixture
def world(db, org_with_people):
    org, _other, people = org_with_people
    assessment = results_data.answered_assessment(db, org)
    changed, unchanged = _changed_and_unchanged()
    report = _add(db, assessment, changed.id, "Audit report.pdf", files.PDF,
                  evidence_date=date(2025, 10, 1), expires_on=date(2026, 1, 31))
    formula = _add(db, assessment, changed.id, FORMULA, files.PDF)
    plain = _add(db, assessment, unchanged.id, "Photo.png", files.PNG)
    gone = _add(db, assessment, unchanged.id, "Deleted.pdf", files.PDF)
    evidence_db.forget_bytes(evidence_service.store(),
                             [evidence_db.delete_file(db, assessment, gone, None)])
    assignments.act(db, assessment, changed.id, "assign", user=people["consultant"],
                    role="consultant", assignee=people["assessor"])
    db.commit()
    return {"assessment": assessment, "changed": changed, "unchanged": unchanged,
            "files": (report, formula, plain)}


def _zip(client, assessment_id):
    response = client.get(f"/assessments/{assessment_id}/dossier.zip")
    assert response.status_code == 200, response.data[:500]
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.data))


def _sheet_rows(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_the_zip_holds_the_four_parts(client, login_as, world):
    login_as("viewer")
    archive = _zip(client, world["assessment"].id)
    names = set(archive.namelist())
    assert names >= PARTS
    assert any(name.startswith("evidence/") for name in names)
    document = docx.Document(io.BytesIO(archive.read("report.docx")))
    assert "Acme Widgets" in "\n".join(p.text for p in document.paragraphs)


def test_index_rows_for_changed_items(client, login_as, world):
    login_as("viewer")
    archive = _zip(client, world["assessment"].id)
    book = openpyxl.load_workbook(io.BytesIO(archive.read("evidence-index.xlsx")))
    sheet = book["By 2026 change"]
    rows = _sheet_rows(sheet)
    assert "not recorded" in rows[0][0]  # the note on the audit and review columns
    header = rows[1]
    assert header[:3] == ["Clause", "Item", "Change"]
    data = rows[2:]
    questionnaire = get_questionnaire()
    changed_count = sum(i.change != "unchanged" for i in questionnaire.items)
    assert len(data) == changed_count
    assert all(row[2] != "unchanged" for row in data)
    kinds = [row[2] for row in data]
    assert kinds == sorted(kinds, key=("new", "expanded", "clarified", "structural").index)
    changed = world["changed"]
    [row] = [r for r in data if r[1] == changed.title]
    col = {name: header.index(name) for name in header}
    assert row[col["Clause"]] == changed.clause
    assert row[col["Review status"]] == "Assigned"
    evidence = row[col["Evidence files"]]
    assert "Audit report.pdf (evidence of 2025-10-01; expired 2026-01-31)" in evidence
    assert FORMULA in evidence
    assert row[col["Internal audit"]].startswith("9.2: compliance")
    assert row[col["Management review"]].startswith("9.3: compliance")
    assert world["unchanged"].title not in [r[1] for r in data]

    listing = _sheet_rows(book["Evidence files"])
    assert listing[0][2] == "File"
    names = sorted(r[2] for r in listing[1:])
    assert names == sorted(["Audit report.pdf", FORMULA, "Photo.png"])


def test_formula_like_text_stays_text(client, login_as, world):
    login_as("viewer")
    archive = _zip(client, world["assessment"].id)
    book = openpyxl.load_workbook(io.BytesIO(archive.read("evidence-index.xlsx")))
    cells = [c for row in book["Evidence files"].iter_rows(min_row=2) for c in row
             if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)
    for row in book["By 2026 change"].iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, str):
                assert cell.data_type == "s"


def test_files_under_their_folders_with_matching_checksums(client, login_as, world):
    login_as("viewer")
    archive = _zip(client, world["assessment"].id)
    changed, unchanged = world["changed"], world["unchanged"]
    evidence = sorted(n for n in archive.namelist() if n.startswith("evidence/"))
    folder = f"evidence/{changed.clause}/{changed.id}"
    assert evidence == sorted([f"{folder}/Audit report.pdf", f"{folder}/{FORMULA}",
                               f"evidence/{unchanged.clause}/{unchanged.id}/Photo.png"])
    assert not any("Deleted" in n for n in archive.namelist())
    manifest = archive.read("MANIFEST.txt").decode("utf-8")
    assert "No problems" in manifest and "PROBLEM" not in manifest
    lines = {line.split("  ", 2)[2]: line.split("  ")[:2] for line in manifest.splitlines()
             if line.count("  ") >= 2 and len(line.split("  ")[0]) == 64}
    assert set(lines) == set(evidence)
    for name in evidence:
        data = archive.read(name)
        assert lines[name] == [hashlib.sha256(data).hexdigest(), str(len(data))]
    assert archive.read(f"evidence/{unchanged.clause}/{unchanged.id}/Photo.png") == files.PNG


def test_a_checksum_mismatch_is_a_problem_at_the_top(client, db, login_as, world):
    report = world["files"][0]
    report.sha256 = "0" * 64
    db.commit()
    login_as("viewer")
    manifest = _zip(client, world["assessment"].id).read("MANIFEST.txt").decode("utf-8")
    head = manifest.split("\n\n")[1]
    assert head.startswith("PROBLEM: 1 file does not match")
    assert "Audit report.pdf" in head and "0" * 64 in head


def test_another_organisations_assessment_is_not_found(client, db, auth, login_as,
                                                       org_with_people, world):
    _org, other, _people = org_with_people
    theirs = factories.gen_assessment(db, other)
    db.commit()
    login_as("consultant")
    assert client.get(f"/assessments/{theirs.id}/dossier.zip").status_code == 404
    auth.logout()
    login_as("outsider")
    assert client.get(f"/assessments/{world['assessment'].id}/dossier.zip").status_code == 404


def test_overview_links_the_dossier(client, login_as, world):
    login_as("viewer")
    page = client.get(f"/assessments/{world['assessment'].id}/results").get_data(as_text=True)
    assert f"/assessments/{world['assessment'].id}/dossier.zip" in page


def test_the_command_writes_the_same_dossier(app, db, world, monkeypatch, tmp_path,
                                             database_url):
    from click.testing import CliRunner

    from gapassess.cli import main

    monkeypatch.setenv("GAPASSESS_INSTANCE_PATH", app.instance_path)  # the same store
    monkeypatch.setenv("GAPASSESS_DATABASE_URL", database_url)
    output = tmp_path / "dossier.zip"
    result = CliRunner().invoke(main, ["dossier", str(world["assessment"].id), "-o",
                                       str(output)])
    assert result.exit_code == 0, result.output
    assert "3 evidence files" in result.output
    archive = zipfile.ZipFile(output)
    assert set(archive.namelist()) >= PARTS
    assert "No problems" in archive.read("MANIFEST.txt").decode("utf-8")
    missing = CliRunner().invoke(main, ["dossier", "99999", "-o", str(output)])
    assert missing.exit_code == 2 and "no assessment with id 99999" in missing.output


def test_index_rows_are_tall_enough_for_their_wrapped_text():
    from openpyxl import Workbook

    from gapassess.domain.dossier import LINE_POINTS, fit_rows

    book = Workbook()
    sheet = book.active
    sheet.column_dimensions["A"].width = 10
    sheet["A1"] = "short"
    sheet["A2"] = "x" * 50 + "\nsecond line"
    fit_rows(sheet, 1)
    assert sheet.row_dimensions[1].height == LINE_POINTS
    assert sheet.row_dimensions[2].height >= 5 * LINE_POINTS
