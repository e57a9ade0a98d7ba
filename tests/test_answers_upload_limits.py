"""Hostile answers files: every limit of the reader gives one short problem naming it.

The files are made here: zip bombs of repeated bytes (tiny packed), row bombs, lying zip
headers, formulas without saved values, broken quoting. Limits are made smaller where that
keeps a test fast; the checks are the same.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from gapassess.domain import answers_file
from gapassess.domain.answers import Answer
from gapassess.domain.answers_file import (
    MAX_CELL_CHARS,
    MAX_PROBLEMS_SHOWN,
    MAX_SHEET_ROWS,
    AnswersError,
    read_answers,
)
from tests.test_scoring_factories import small_bank

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"  # i18n: not shown
SHEET = "xl/worksheets/sheet1.xml"  # i18n: not shown
STRINGS = "xl/sharedStrings.xml"  # i18n: not shown
TYPES = "[Content_Types].xml"  # i18n: not shown
STRINGS_TYPE = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
HEADER = ("item_id", "compliance", "outcome")


def _problems(path) -> list[str]:
    with pytest.raises(AnswersError) as caught:
        read_answers(path, small_bank())
    return caught.value.problems


def _one_problem(path) -> str:
    problems = _problems(path)
    assert len(problems) == 1, problems[:3]
    assert len(problems[0]) < 300
    return problems[0]


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(row: int, col: int, value: object) -> str:
    ref = f"{_column(col)}{row}"
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def _row(row: int, *values: object) -> str:
    return f'<row r="{row}">' + "".join(_cell(row, col, value)
                                        for col, value in enumerate(values)) + "</row>"


def _sheet(rows) -> bytes:
    return (f'<worksheet xmlns="{MAIN}"><sheetData>' + "".join(rows)
            + "</sheetData></worksheet>").encode()


def _xlsx(tmp_path: Path, sheet: bytes, parts: dict[str, bytes] | None = None,
          name: str = "answers.xlsx") -> Path:
    """A workbook saved by openpyxl (it has a shared-strings part), its sheet and any of
    its ``parts`` replaced by the given bytes, others added."""
    base = Workbook()
    base.active.title = "Answers"
    base.active["A1"] = "item_id"
    buffer = io.BytesIO()
    base.save(buffer)
    replaced = {SHEET: sheet, **(parts or {})}
    with zipfile.ZipFile(buffer) as source:
        types = source.read(TYPES)
    if STRINGS in replaced and STRINGS.encode() not in types:
        replaced[TYPES] = types.replace(b"</Types>", STRINGS_TYPE + b"</Types>")
    path = tmp_path / name
    with zipfile.ZipFile(buffer) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in replaced:
                target.writestr(info, source.read(info))
        for part, data in replaced.items():
            target.writestr(part, data)
    return path


def _strings(*texts: str) -> bytes:
    items = "".join(f"<si><t>{text}</t></si>" for text in texts)
    return f'<sst xmlns="{MAIN}" count="{len(texts)}" uniqueCount="{len(texts)}">{items}</sst>'\
        .encode()


def _referencing_string_0() -> bytes:
    return _sheet([_row(1, *HEADER), '<row r="2"><c r="A2" t="s"><v>0</v></c>'
                   + _cell(2, 1, 3) + _cell(2, 2, 3) + "</row>"])


def test_shared_strings_bomb_is_refused_by_its_size_naming_the_part(tmp_path):
    huge = "A" * (answers_file.MAX_PART_BYTES + 1)  # packs to a few KB
    path = _xlsx(tmp_path, _referencing_string_0(), {STRINGS: _strings(huge)})
    assert path.stat().st_size < 100_000
    problem = _one_problem(path)
    assert problem == (f"answers.xlsx: the workbook part '{STRINGS}' unpacks to more than "
                       f"{answers_file.MAX_PART_BYTES // answers_file.MB} MB")


def test_all_parts_together_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(answers_file, "MAX_UNPACKED_BYTES", 300_000)
    padding = {f"xl/media/pad{i}.bin": b"\0" * 100_000 for i in range(4)}
    problem = _one_problem(_xlsx(tmp_path, _sheet([_row(1, *HEADER)]), padding))
    assert "the workbook unpacks to more than 0 MB in all" in problem


def test_a_part_that_lies_about_its_size_never_reaches_the_spreadsheet_reader(
        tmp_path, monkeypatch):
    monkeypatch.setattr(answers_file, "MAX_PART_BYTES", 1_000_000)
    path = _xlsx(tmp_path, _referencing_string_0(), {STRINGS: _strings("B" * 2_000_000)})
    data = bytearray(path.read_bytes())
    # The central directory entry of the strings part: make its unpacked size say 100 bytes.
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(STRINGS)
    entry = -1
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) >= 0:
        size = int.from_bytes(data[position + 28:position + 30], "little")
        if data[position + 46:position + 46 + size].decode() == STRINGS:
            entry = position
        position += 4
    assert entry >= 0 and int.from_bytes(data[entry + 24:entry + 28], "little") \
        == info.file_size
    data[entry + 24:entry + 28] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(STRINGS).file_size == 100

    def never(*args, **kwargs):
        raise AssertionError("openpyxl was given a workbook that lies about its size")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    problem = _one_problem(path)
    assert problem.startswith("answers.xlsx: cannot be read as XLSX: ")
    assert STRINGS in problem


def test_a_part_packed_far_tighter_than_a_workbook_is_refused(tmp_path):
    padding = {"xl/media/image1.png": b"\0" * 2_000_000}  # under the size limit
    problem = _one_problem(_xlsx(tmp_path, _sheet([_row(1, *HEADER)]), padding))
    assert "the workbook part 'xl/media/image1.png' unpacks to" in problem
    assert "times its packed size" in problem


def test_too_many_parts(tmp_path, monkeypatch):
    monkeypatch.setattr(answers_file, "MAX_WORKBOOK_PARTS", 30)
    padding = {f"xl/media/p{i}.bin": b"x" for i in range(30)}
    problem = _one_problem(_xlsx(tmp_path, _sheet([_row(1, *HEADER)]), padding))
    assert "the workbook holds more than 30 parts" in problem


def test_a_part_declaring_a_document_type_is_refused_before_any_xml_parser(tmp_path):
    strings = (f'<!DOCTYPE sst [<!ENTITY a "4.1-context">]><sst xmlns="{MAIN}" count="1" '
               f'uniqueCount="1"><si><t>&a;</t></si></sst>').encode()
    problem = _one_problem(_xlsx(tmp_path, _referencing_string_0(), {STRINGS: strings}))
    assert f"the workbook part '{STRINGS}' declares a document type" in problem


def test_not_a_zip_and_a_damaged_zip_cannot_be_read(tmp_path):
    path = _xlsx(tmp_path, _sheet([_row(1, *HEADER), _row(2, "4.1-context", 3, 3)]))
    assert read_answers(path, small_bank()) == [Answer("4.1-context", 3, 3)]
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    assert _one_problem(path).startswith("answers.xlsx: cannot be read as XLSX: ")
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    assert _one_problem(path).startswith("answers.xlsx: cannot be read as XLSX: ")


def test_a_reader_error_quoting_a_huge_value_is_cut_short(tmp_path):
    # openpyxl reads a number with a point by float(), whose error quotes the whole text.
    sheet = _sheet([_row(1, *HEADER),
                    '<row r="2"><c r="A2"><v>1.' + "x" * 200_000 + "</v></c></row>"])
    problem = _one_problem(_xlsx(tmp_path, sheet))
    assert problem.startswith("answers.xlsx: cannot be read as XLSX: ")


def test_xlsx_row_bomb_gives_one_problem_and_stops(tmp_path):
    # 200,000 rows of an unknown item: packed to about 500 KB. Cells without a reference
    # (allowed: they follow each other) keep the part under the size limit.
    rows = [_row(1, *HEADER)] + [f'<row r="{n}"><c t="s"><v>0</v></c><c><v>9</v></c>'
                                 '<c><v>9</v></c></row>' for n in range(2, 200_002)]
    path = _xlsx(tmp_path, _sheet(rows), {STRINGS: _strings("no-such-item")})
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(SHEET).file_size < answers_file.MAX_PART_BYTES
    assert _one_problem(path) == (
        f"answers.xlsx: the workbook holds more than {answers_file.MAX_XML_ELEMENTS} XML "
        "elements in all: far more than a workbook of answers")


def test_xlsx_rows_over_the_limit_give_one_problem(tmp_path, monkeypatch):
    monkeypatch.setattr(answers_file, "MAX_DATA_ROWS", 100)
    rows = [_row(1, *HEADER)] + [_row(n, "no-such-item", 9, 9) for n in range(2, 300)]
    assert _one_problem(_xlsx(tmp_path, _sheet(rows))) == (
        "answers.xlsx: the file has more than 100 rows of answers: an answers file has one "
        "row for each item of the question bank")


def test_a_sheet_without_its_size_is_not_parsed_whole_at_opening(tmp_path, monkeypatch):
    # openpyxl looks for the size before the rows and, when it is missing, parses the whole
    # sheet keeping every element: 16 MB of empty cells took 350 MB and 16 s. (Random
    # filler would get such a part past the packing ratio, so that check is off here.)
    monkeypatch.setattr(answers_file, "MAX_PACKING_RATIO", 10**9)
    sheet = _sheet([_row(1, *HEADER)]
                   + [f'<row r="{n}">' + "<c/>" * 10_000 + "</row>" for n in range(2, 30)])
    assert "XML elements in all" in _one_problem(_xlsx(tmp_path, sheet))


def test_a_row_with_more_cells_than_a_spreadsheet_has_columns(tmp_path):
    # openpyxl builds every cell of a row, whatever columns are asked for.
    sheet = _sheet([_row(1, *HEADER), '<row r="2">' + "<c/>" * 16_385 + "</row>"])
    assert _one_problem(_xlsx(tmp_path, sheet)) == (
        "answers.xlsx: a row of the workbook holds more than 16384 cells: more than a "
        "spreadsheet program allows")


def test_blank_rows_count_too_even_when_the_sheet_skips_them(tmp_path):
    sheet = _sheet([_row(1, *HEADER), _row(2, "4.1-context", 3, 3),
                    _row(1_048_576, "4.2-parties", 1, 1)])
    problem = _one_problem(_xlsx(tmp_path, sheet))
    assert f"the file has more than {MAX_SHEET_ROWS} rows, blank ones included" in problem


def test_a_sheet_that_understates_its_size_is_still_read_whole(tmp_path):
    sheet = _sheet([_row(1, *HEADER), _row(2, "4.1-context", 3, 3),
                    _row(3, "4.2-parties", 1, 2)]).replace(
        b"<sheetData>", b'<dimension ref="A1:B2"/><sheetData>')
    assert read_answers(_xlsx(tmp_path, sheet), small_bank()) == [
        Answer("4.1-context", 3, 3), Answer("4.2-parties", 1, 2)]


def test_too_many_columns_in_the_header(tmp_path):
    header = [*HEADER, *(f"extra {i}" for i in range(60))]
    problem = _one_problem(_xlsx(tmp_path, _sheet([_row(1, *header)])))
    assert "row 1: the header row has more than 50 columns" in problem
    csv_path = tmp_path / "wide.csv"
    csv_path.write_text(",".join(header) + "\n")
    assert "the header row has more than 50 columns" in _one_problem(csv_path)


def test_a_huge_cell_is_not_kept_nor_quoted(tmp_path):
    huge = "4" * (MAX_CELL_CHARS + 1)
    sheet = _sheet([_row(1, *HEADER)] + [f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>'
                                         for n in range(2, 400)])
    problems = _problems(_xlsx(tmp_path, sheet, {STRINGS: _strings(huge)}))
    assert problems[0] == (f"answers.xlsx: row 2, column 'item_id': holds {len(huge)} "
                           f"characters; a cell may hold at most {MAX_CELL_CHARS}")
    assert sum(map(len, problems)) < 10_000
    csv_path = tmp_path / "answers.csv"
    csv_path.write_text(f"item_id,compliance,outcome,notes\n4.1-context,3,3,{huge}\n")
    assert _one_problem(csv_path) == (
        f"answers.csv: row 2, column 'notes': holds {len(huge)} characters; a cell may hold "
        f"at most {MAX_CELL_CHARS}")


def test_an_unknown_item_id_is_quoted_cut_short(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("item_id,compliance,outcome\n" + "x" * 20_000 + ",1,1\n")
    problem = _one_problem(path)
    assert "unknown item id 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'" in problem


def test_formula_without_a_saved_value_is_a_problem_of_its_cell(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADER))
    sheet.append(["4.1-context", "=1+2", 3])  # openpyxl saves no value for a formula
    path = tmp_path / "answers.xlsx"
    workbook.save(path)
    assert _one_problem(path) == (
        "answers.xlsx: row 2, column 'compliance': holds a formula with no saved value: type "
        "the value or save the file in a spreadsheet program first")


def test_formula_with_its_saved_value_is_read(tmp_path):
    sheet = _sheet([_row(1, *HEADER), '<row r="2">' + _cell(2, 0, "4.1-context")
                    + '<c r="B2"><f>1+2</f><v>3</v></c>' + _cell(2, 2, 2) + "</row>"])
    assert read_answers(_xlsx(tmp_path, sheet), small_bank()) == [Answer("4.1-context", 3, 2)]


def test_csv_row_bomb_gives_one_problem_and_stops(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("item_id,compliance,outcome\n" + "no-such-item,9,9\n" * 200_000)
    assert _one_problem(path) == (
        f"answers.csv: the file has more than {answers_file.MAX_DATA_ROWS} rows of answers: "
        "an answers file has one row for each item of the question bank")


@pytest.mark.parametrize(("text", "row", "reason"), [
    ('item_id,compliance,outcome,notes\n4.1-context,3,3,ok\n4.2-parties,1,1,"open\n',
     3, "unexpected end of data"),
    ('item_id,compliance,outcome,notes\n4.1-context,3,3,"quoted"after\n', 2, "expected"),
])
def test_csv_with_broken_quoting_names_the_row(tmp_path, text, row, reason):
    path = tmp_path / "answers.csv"
    path.write_text(text)
    problem = _one_problem(path)
    assert problem.startswith(f"answers.csv: row {row}: the CSV is malformed: ")
    assert reason in problem


def test_csv_line_longer_than_any_row_can_be(tmp_path, monkeypatch):
    monkeypatch.setattr(answers_file, "MAX_LINE_CHARS", 1000)
    path = tmp_path / "answers.csv"
    path.write_text("item_id,compliance,outcome\n4.1-context,3,3\n" + "," * 5000 + "\n")
    assert _one_problem(path) == "answers.csv: row 3: a line is longer than 1000 characters"


def test_a_file_over_the_size_limit_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(answers_file, "MAX_FILE_BYTES", 2 * answers_file.MB)
    path = tmp_path / "answers.csv"
    path.write_text("item_id,compliance,outcome\n" + "4.1-context,3,3\n" * 200_000)
    assert _one_problem(path) == ("answers.csv: the file is larger than 2 MB: an answers file "
                                  "is far smaller")
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert _one_problem(folder) == "folder.csv: is not a file"


def test_at_most_fifty_problems_are_worded_then_how_many_more(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("item_id,compliance,outcome\n"
                    + "".join(f"unknown-{n},1,1\n" for n in range(60)))
    with pytest.raises(AnswersError) as caught:
        read_answers(path, small_bank())
    error = caught.value
    assert error.count == len(error.issues) == 60
    assert len(error.problems) == MAX_PROBLEMS_SHOWN + 1
    assert error.problems[-1] == "and 10 more problems"
    assert error.problems[MAX_PROBLEMS_SHOWN - 1].startswith("answers.csv: row 51, ")
    assert AnswersError("a.csv", error.issues[:51]).problems[-1] == "and 1 more problem"
    assert len(AnswersError("a.csv", error.issues[:50]).problems) == 50


def test_a_sheet_part_not_named_as_xml_is_checked_too(tmp_path):
    """openpyxl opens whatever part the workbook's relationships name: a sheet stored as
    'sheet1.dat' meets the same element and row limits."""
    sheet = _sheet([_row(1, *HEADER), '<row r="2">' + "<c/>" * 16_385 + "</row>"])
    path = _xlsx(tmp_path, sheet)
    renamed = tmp_path / "renamed.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(renamed, "w",
                                                           zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            data = source.read(info)
            name = info.filename
            if name == SHEET:
                name = SHEET.replace(".xml", ".dat")
            elif name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"worksheets/sheet1.xml", b"worksheets/sheet1.dat")
            target.writestr(name, data)
    assert "a row of the workbook holds more than 16384 cells" in _one_problem(renamed)


def test_a_binary_part_such_as_an_image_is_still_accepted(tmp_path):
    path = _xlsx(tmp_path, _referencing_string_0(),
                 {STRINGS: _strings("4.1-context"), "xl/media/image1.png": bytes(range(256)) * 40})
    assert read_answers(path, small_bank()) == [Answer("4.1-context", 3, 3)]


def test_a_workbook_whose_formulas_have_their_values_is_read_once(tmp_path, monkeypatch):
    """Only a formula without a saved value needs the second reading (for the formulas):
    a file saved by a spreadsheet program keeps every value and is read once."""
    import openpyxl

    opened: list[bool] = []
    real = openpyxl.load_workbook

    def counting(*args, **kwargs):
        opened.append(kwargs.get("data_only", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", counting)
    sheet = _sheet([_row(1, *HEADER), '<row r="2">' + _cell(2, 0, "4.1-context")
                    + '<c r="B2"><f>1+2</f><v>3</v></c>' + _cell(2, 2, 2) + "</row>"])
    assert read_answers(_xlsx(tmp_path, sheet), small_bank()) == [Answer("4.1-context", 3, 2)]
    assert opened == [True]
