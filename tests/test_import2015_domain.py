"""Importing a 2015 gap sheet (gapassess.domain.import2015): columns, values, how clauses
travel to the 2026 items, and every kind of bad input named with its row and column."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from gapassess.domain.answers_file import AnswersError
from gapassess.domain.import2015 import (
    column_letter,
    default_level,
    guess_columns,
    import_rows,
    normalise_clause,
    parse_value_option,
    read_sheet,
    resolve_columns,
)
from gapassess.domain.questionnaire import get_mapping, get_questionnaire

FIXTURES = Path(__file__).parent / "fixtures" / "import2015"
COLUMNS = {"clause": "Clause", "status": "Status", "evidence": "Evidence", "notes": "Notes",
           "owner": "Owner"}
HEADER = ["Clause", "Requirement", "Status", "Evidence", "Notes", "Owner"]


@pytest.fixture(scope="module")
def bank():
    return get_questionnaire("iso9001-2026")


@pytest.fixture(scope="module")
def mapping():
    return get_mapping()


def run(rows, bank, mapping, columns=COLUMNS, values=None, name="gap.csv"):
    return import_rows(rows, name=name, columns=columns, bank=bank, mapping=mapping,
                       values=values)


def row(clause, status, evidence="", notes="", owner=""):
    return [clause, "a requirement", status, evidence, notes, owner]


def items_at(bank, clause):
    return {item.id for item in bank.items
            if (item.clause == clause or item.clause.startswith(clause + "."))
            and item.change != "new"}


@pytest.mark.parametrize("fixture", ["gap-2015.csv", "gap-2015.xlsx"])
def test_fixture_sheet_is_carried_whole(fixture, bank, mapping):
    rows = read_sheet(FIXTURES / fixture)
    result = run(rows, bank, mapping, name=fixture)
    assert result.ok, result.problem_lines
    assert result.rows == 42
    plan = result.plan
    assert plan.kind == "file" and plan.carried
    assert all(carried.to_confirm for carried in plan.carried)
    # nothing dropped silently: every row reached an item or is listed as not carried
    rows_used = {label.split(", row ")[1].split(" ")[0] for carried in plan.carried
                 for label in carried.carried_from.split("; ")}
    rows_left = {str(left.source.origin.label) for left in plan.left_behind}
    assert len(rows_used) + len(rows_left) == 42
    # items new in 2026 stay unanswered
    new = {item.id for item in bank.items if item.change == "new"}
    assert new and new == set(result.new_items)
    assert new <= set(plan.unanswered)
    assert not new & {carried.item_id for carried in plan.carried}
    # status words mapped by the defaults
    assert {found.key: found.default for found in result.values["status"]} == {
        "yes": 3, "partial": 2, "no": 0}


def test_10_3_goes_to_10_1_and_the_preview_says_so(bank, mapping):
    result = run([HEADER, row("10.3", "yes", "Improvement projects")], bank, mapping)
    assert result.ok
    assert [note.message for note in result.notes] == [
        "2015 clause 10.3 no longer exists; carried to 10.1"]
    carried = {c.item_id: c for c in result.plan.carried}
    assert set(carried) == items_at(bank, "10.1")
    first = next(iter(carried.values()))
    assert first.answer.compliance == 3 and first.answer.evidence == "Improvement projects"
    assert "2015 clause 10.3 no longer exists; carried to 10.1" in first.warnings
    assert first.carried_from == "gap.csv, row 2 (2015 clause 10.3)"


def test_equal_is_to_confirm_without_warning_and_subset_intersect_warn(bank, mapping):
    result = run([HEADER, row("8.5.1", "yes"), row("4.1", "partial"), row("6.1.2", "no")],
                 bank, mapping)
    carried = {c.item_id: c for c in result.plan.carried}
    equal = carried["8.5.1-controlled-conditions"]
    assert equal.to_confirm and equal.relationships == ("equal",) and not equal.warnings
    subset = carried["4.1-context-issues"]
    assert subset.relationships == ("subset",) and subset.warnings
    assert subset.answer.compliance == 2
    crossing = [c for c in carried.values() if c.item_id.startswith("6.1.3")]
    assert crossing and all(c.relationships == ("intersect",) for c in crossing)
    assert all("only partly overlaps" in c.warning for c in crossing)


def test_a_parent_clause_travels_through_its_sub_clauses(bank, mapping):
    result = run([HEADER, row("Clause 5", "partial")], bank, mapping)
    assert result.ok
    assert {c.item_id for c in result.plan.carried} == items_at(bank, "5")


def test_items_listing_the_clause_as_source_are_reached(bank, mapping):
    result = run([HEADER, row("7.1.5", "yes")], bank, mapping)
    reached = {c.item_id for c in result.plan.carried}
    assert "7.1.5.1-measuring-resources-fit" in reached  # lists 7.1.5 among its sources
    assert "7.1.5.2-measurement-traceability" in reached  # under 7.1.5 in 2026


@pytest.mark.parametrize(("text", "clause"), [
    ("7.1.5", "7.1.5"), ("Clause 7.1.5", "7.1.5"), (" clause  7.1.5. ", "7.1.5"),
    ("7.1.5 Monitoring resources", "7.1.5"), ("7.1.5.1", "7.1.5.1"), ("§ 8.4", "8.4"),
    ("ISO 9001:2015 10.3", "10.3"), ("cl. 4.1", "4.1"), ("07.01", "7.1"),
    ("seven", None), ("", None), ("7.1.5x", None),
])
def test_clause_numbers_are_normalised(text, clause):
    assert normalise_clause(text) == clause


@pytest.mark.parametrize(("value", "level"), [
    ("Yes", 3), (" YES ", 3), ("y", 3), ("Compliant", 3), ("conform", 3),
    ("Partial", 2), ("partly", 2), ("Minor", 2), ("no", 0), ("N", 0), ("Non-compliant", 0),
    ("non  compliant", 0), ("MAJOR", 0), ("0", 0), ("4", 4), (3.0, 3), ("done", None),
])
def test_default_values(value, level):
    assert default_level(value) == level


def test_columns_by_letter_header_or_guess():
    header = ("Clause No.", "Requirement", "Status", "Evidence seen", "Comments", "Owner")
    assert guess_columns(header) == {"clause": 0, "status": 2, "evidence": 3, "notes": 4,
                                     "owner": 5}
    found, problems = resolve_columns(header, {"clause": "a", "status": " status ",
                                               "notes": "E"})
    assert found == {"clause": 0, "status": 2, "notes": 4} and not problems
    _found, problems = resolve_columns(header, {"clause": "Nope", "status": ""})
    assert [p.field for p in problems] == ["clause", "status"]
    assert all(p.row == 1 for p in problems)
    assert column_letter(0) == "A" and column_letter(27) == "AB"


def test_value_options():
    assert parse_value_option("Done=4") == ("done", 4)
    assert parse_value_option("n/a=skip") == ("n/a", "skip")
    for bad in ("done", "=3", "yes=5", "yes=three"):
        with pytest.raises(ValueError):
            parse_value_option(bad)


def test_a_custom_value_mapping_and_skip(bank, mapping):
    rows = [HEADER, row("8.6", "Done"), row("8.7", "N/A")]
    unmapped = run(rows, bank, mapping)
    assert not unmapped.ok
    assert {p.row for p in unmapped.problems} == {2, 3}
    result = run(rows, bank, mapping, values={"done": 4, "n/a": "skip"})
    assert result.ok
    assert {c.answer.compliance for c in result.plan.carried} == {4}
    assert [left.source.origin.label for left in result.plan.left_behind] == [
        "gap.csv, row 3 (2015 clause 8.7)"]
    assert "skip" in result.plan.left_behind[0].reason


def problems(result):
    return [(p.row, p.column, p.message) for p in result.problems]


def test_unknown_and_blank_clause_named_with_row_and_column(bank, mapping):
    result = run([HEADER, row("11.2", "yes"), row("", "yes", "evidence"), row("4.9", "no"),
                  row("seven", "no")], bank, mapping)
    found = problems(result)
    assert found[0][:2] == (2, "Clause") and "'11.2' is not a clause of ISO 9001:2015" in \
        found[0][2]
    assert found[1] == (3, "Clause", "the 2015 clause is blank")
    assert found[2][:2] == (4, "Clause") and "4.9" in found[2][2]
    assert found[3][:2] == (5, "Clause") and "not a clause number" in found[3][2]
    assert not result.plan.carried  # nothing is carried while there are problems
    assert result.plan.problems and result.plan.problems[0].startswith("gap.csv: row 2, column")


def test_duplicate_clause_names_the_first_row(bank, mapping):
    result = run([HEADER, row("7.2", "yes"), row("Clause 7.2", "no")], bank, mapping)
    assert problems(result) == [(3, "Clause", "clause 7.2 is already in row 2: keep one row "
                                              "for each clause")]


def test_mixed_scales_name_values_and_rows(bank, mapping):
    result = run([HEADER, row("7.2", "yes"), row("7.3", "3"), row("7.4", "no")], bank, mapping)
    [problem] = result.problems
    assert problem.column == "Status" and problem.row == 3
    assert "mixes two scales" in problem.message
    assert "'3' (rows 3)" in problem.message and "'yes' (rows 2)" in problem.message


def test_levels_outside_0_to_4(bank, mapping):
    result = run([HEADER, row("7.2", "5"), row("7.3", "-1"), row("7.4", "2.5")], bank, mapping)
    assert [(p.row, p.column) for p in result.problems] == [(2, "Status"), (3, "Status"),
                                                          (4, "Status")]
    assert all("outside the levels 0 to 4" in p.message for p in result.problems)


def test_formula_cells(tmp_path, bank, mapping):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["7.2", "x", "=IF(1,\"yes\",\"no\")", "=HYPERLINK(\"http://x\")", "", ""])
    path = tmp_path / "formulas.xlsx"
    book.save(path)
    result = run(read_sheet(path), bank, mapping)
    assert [(p.row, p.column) for p in result.problems] == [(2, "Status"), (2, "Evidence")]
    assert "formula" in result.problems[0].message
    # in a CSV a leading "=" is text: kept in evidence, refused as a status
    csv_rows = [HEADER, row("7.2", "yes", "=HYPERLINK(\"http://x\",\"<b>x</b>\")"),
                row("7.3", "=1+2")]
    csv = run(csv_rows, bank, mapping)
    assert [(p.row, p.column) for p in csv.problems] == [(3, "Status")]
    ok = run(csv_rows[:2], bank, mapping)
    assert ok.plan.carried[0].answer.evidence == "=HYPERLINK(\"http://x\",\"<b>x</b>\")"


def test_all_problems_at_once_with_a_cap(bank, mapping):
    rows = [HEADER] + [row("99.1", "yes") for _ in range(60)]
    result = run(rows, bank, mapping)
    assert len(result.problems) == 60
    lines = result.problem_lines
    assert len(lines) == 51 and lines[-1] == "and 10 more problems"


def test_a_named_sheet_and_an_unknown_one(tmp_path, bank, mapping):
    rows = read_sheet(FIXTURES / "gap-2015.xlsx", sheet="Gap analysis")
    assert rows[0][0] == "Clause"
    with pytest.raises(AnswersError) as caught:
        read_sheet(FIXTURES / "gap-2015.xlsx", sheet="Nope")
    assert "no sheet named 'Nope'" in caught.value.problems[0]
    with pytest.raises(AnswersError):
        read_sheet(tmp_path / "x.ods")


def test_blank_rows_are_skipped_and_empty_files_refused(bank, mapping):
    result = run([HEADER, ["", "", "", "", "", ""], row("7.2", "yes")], bank, mapping)
    assert result.ok and result.rows == 1
    empty = run([], bank, mapping)
    assert not empty.ok and empty.problems[0].row == 1


def test_a_header_without_rows_is_a_problem_not_an_empty_assessment():
    from gapassess.domain.import2015 import import_rows
    from gapassess.domain.questionnaire import get_questionnaire
    from gapassess.domain.questionnaire.mapping import load_mapping
    from gapassess.paths import questionnaires_dir

    mapping = load_mapping(questionnaires_dir() / "mappings" / "iso9001-2015-to-2026.yaml")
    result = import_rows([["Clause", "Status"], [None, None]], name="gap.csv",
                         columns={"clause": "Clause", "status": "Status"},
                         bank=get_questionnaire("iso9001-2026"), mapping=mapping)
    assert not result.ok and not result.plan.carried
    assert any("no rows to import" in line for line in result.problem_lines)
