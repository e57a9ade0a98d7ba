"""Reading answers files (CSV and XLSX) and reporting every problem with its row."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from gapassess.domain.answers import Answer
from gapassess.domain.answers_file import AnswersError, read_answers
from tests.test_scoring_factories import small_bank

HEADER = "item_id,compliance,outcome,not_applicable,justification,evidence,notes"


def _csv(tmp_path, text, name="answers.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def _problems(path):
    with pytest.raises(AnswersError) as caught:
        read_answers(path, small_bank())
    return caught.value.problems


def test_reads_levels_blanks_and_text(tmp_path):
    path = _csv(tmp_path, "\n".join([
        HEADER + ",owner,question",
        "4.1-context,3,2,,,Risk register rev 4,Reviewed in May,Ana,How is context handled?",
        "4.2-parties,,1,no,,,,,",
        ",,,,,,,,",
        "8.3.1-design,,,YES,We design nothing,,,,",
    ]))
    answers = read_answers(path, small_bank())
    assert answers == [
        Answer("4.1-context", 3, 2, evidence="Risk register rev 4", notes="Reviewed in May",
               owner="Ana"),
        Answer("4.2-parties", None, 1),
        Answer("8.3.1-design", None, None, not_applicable=True,
               justification="We design nothing"),
    ]


def test_only_the_three_columns_are_required_and_headers_are_forgiving(tmp_path):
    path = _csv(tmp_path, "\ufeffItem ID;Compliance;Outcome\n7.1.3-ict;4;3.0\n")
    assert read_answers(path, small_bank()) == [Answer("7.1.3-ict", 4, 3)]


@pytest.mark.parametrize(("flag", "expected"), [
    ("yes", True), ("True", True), ("1", True), ("no", False), ("FALSE", False),
    ("0", False), ("", False), ("on", True), ("off", False), ("1.0", True), ("0.0", False),
])
def test_not_applicable_values(tmp_path, flag, expected):
    path = _csv(tmp_path, f"{HEADER}\n8.3.1-design,2,2,{flag},No design work,,\n")
    assert read_answers(path, small_bank())[0].not_applicable is expected


def test_every_problem_is_listed_with_its_row_and_column(tmp_path):
    path = _csv(tmp_path, "\n".join([
        HEADER,
        "4.1-context,3,3,,,,",          # row 2: fine
        "9.9-unknown,3,3,,,,",          # row 3: unknown item
        "4.2-parties,5,3,,,,",          # row 4: out of range
        "5.1.1-quality-culture,2.5,x,,,,",  # row 5: not whole, not a number
        "4.1-context,1,1,,,,",          # row 6: duplicate of row 2
        ",,,,,,",                       # row 7: blank, skipped
        "8.3.1-design,,,yes,,,",        # row 8: no justification
        "7.1.3-ict,1,1,yes,Because,,",  # row 9: item does not allow it
        "6.3-changes,1,1,maybe,,,",     # row 10: bad flag
    ]))
    problems = _problems(path)
    assert all(p.startswith("answers.csv: row ") for p in problems)
    expected = [
        ("row 3, column 'item_id'", "unknown item id '9.9-unknown'"),
        ("row 4, column 'compliance'", "out of range"),
        ("row 5, column 'compliance'", "not a whole number"),
        ("row 5, column 'outcome'", "not a level"),
        ("row 6, column 'item_id'", "first in row 2"),
        ("row 8, column 'justification'", "needs a justification"),
        ("row 9, column 'not_applicable'", "cannot be marked not applicable"),
        ("row 10, column 'not_applicable'", "'maybe'"),
    ]
    assert len(problems) == len(expected)
    for (where, what), problem in zip(expected, problems, strict=True):
        assert where in problem and what in problem, problem


def test_missing_columns_are_named(tmp_path):
    problems = _problems(_csv(tmp_path, "item_id,notes\n4.1-context,hello\n"))
    assert problems == [
        "answers.csv: row 1, column 'compliance': required column is missing",
        "answers.csv: row 1, column 'outcome': required column is missing",
    ]


def test_unreadable_and_unsupported_files(tmp_path):
    assert "unsupported file type '.ods'" in _problems(tmp_path / "answers.ods")[0]
    assert "cannot be read" in _problems(tmp_path / "missing.csv")[0]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"this is not a workbook")
    assert _problems(broken)[0].startswith("broken.xlsx: cannot be read as XLSX")
    assert "empty" in _problems(_csv(tmp_path, ""))[0]


def test_windows_encoded_csv_is_read(tmp_path):
    path = _csv(tmp_path, f"{HEADER}\n4.1-context,3,3,,,Procédure qualité,\n",
                encoding="cp1252")
    assert read_answers(path, small_bank())[0].evidence == "Procédure qualité"


def test_xlsx_with_numbers_floats_and_booleans(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["4.1-context", 3, 2.0, None, None, None, None])
    sheet.append(["8.3.1-design", None, None, True, "No design", None, None])
    sheet.append(["4.2-parties", 1.5, 7, None, None, None, None])
    path = tmp_path / "answers.xlsx"
    workbook.save(path)
    problems = _problems(path)
    assert len(problems) == 2 and all("row 4" in p for p in problems)
    sheet.delete_rows(4)
    workbook.save(path)
    assert read_answers(path, small_bank()) == [
        Answer("4.1-context", 3, 2),
        Answer("8.3.1-design", None, None, not_applicable=True, justification="No design"),
    ]


def test_problems_are_structured_for_each_entry_point_to_word(tmp_path):
    path = _csv(tmp_path, f'{HEADER},owner\n4.1-context,3,3,,,,,"Ann\nBob"\n9.9-x,1,1,,,,,\n')
    with pytest.raises(AnswersError) as caught:
        read_answers(path, small_bank())
    issues = [(i.row, i.column, i.field) for i in caught.value.issues]
    assert issues == [(2, "owner", "owner"), (3, "item_id", "item_id")]
    assert caught.value.problems[0] == "answers.csv: row 2, column 'owner': must fit on one line"
