"""Answers: one rating per questionnaire item, and the reader for answers files (CSV, XLSX).

A file is checked as a whole; every problem is reported at once with the spreadsheet row
number (the header is row 1) and the column, in an AnswersError.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gapassess.domain.questionnaire import Questionnaire

REQUIRED_COLUMNS = ("item_id", "compliance", "outcome")
OPTIONAL_COLUMNS = ("not_applicable", "justification", "evidence", "notes", "owner")
ANSWER_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
ANSWERS_SHEET = "Answers"
SUPPORTED_SUFFIXES = (".csv", ".xlsx", ".xlsm")
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class Answer:
    """The rating of one item. Levels are 0-4 or None (not rated on that axis)."""

    item_id: str
    compliance: int | None
    outcome: int | None
    not_applicable: bool = False
    justification: str = ""
    evidence: str = ""
    notes: str = ""
    owner: str = ""


class AnswersError(Exception):
    """An answers file that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def read_answers(path: Path | str, questionnaire: Questionnaire) -> list[Answer]:
    """Read a CSV or XLSX answers file for ``questionnaire``.

    Blank levels mean "not rated". Rows with nothing but an item id (as in a fresh template)
    give no answer; entirely blank rows are skipped. Raises
    AnswersError listing every problem (file, row, column) when anything is wrong.
    """
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise AnswersError([f"{name}: unsupported file type '{path.suffix or '(none)'}': "
                            "save the answers as .csv or .xlsx"])
    try:
        rows = _read_csv(path) if suffix == ".csv" else _read_xlsx(path)
    except Exception as exc:  # any reader failure is a user-facing "cannot read" problem
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise AnswersError([f"{name}: cannot be read as {suffix[1:].upper()}: {reason}"]) from None
    return parse_rows(rows, questionnaire, name)


def parse_rows(rows: Iterable[list[Any]], questionnaire: Questionnaire,
               name: str = "answers") -> list[Answer]:
    """Turn raw rows (the first is the header) into answers, checking everything."""
    rows = iter(rows)
    header = next(rows, None)
    if header is None or not any(_text(cell) for cell in header):
        raise AnswersError([f"{name}: row 1: the file is empty (expected a header row with "
                            f"{', '.join(REQUIRED_COLUMNS)})"])
    problems: list[str] = []
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _text(cell).lower().replace(" ", "_").replace("-", "_")
        if key in ANSWER_COLUMNS:
            if key in columns:
                problems.append(f"{name}: row 1, column '{key}': the column appears twice")
            columns.setdefault(key, index)
    for key in REQUIRED_COLUMNS:
        if key not in columns:
            problems.append(f"{name}: row 1, column '{key}': required column is missing")
    if problems:
        raise AnswersError(problems)

    items = {item.id: item for item in questionnaire.items}
    seen: dict[str, int] = {}
    answers: list[Answer] = []
    for row_no, row in enumerate(rows, start=2):
        values = {key: _text(row[i]) if i < len(row) else "" for key, i in columns.items()}
        raw = {key: row[i] if i < len(row) else None for key, i in columns.items()}
        if not any(values.values()):
            continue
        where = f"{name}: row {row_no}"
        item_id = values["item_id"]
        row_problems: list[str] = []
        if not item_id:
            row_problems.append(f"{where}, column 'item_id': the item id is blank")
        elif item_id not in items:
            row_problems.append(f"{where}, column 'item_id': unknown item id '{item_id}' "
                                f"(not in questionnaire '{questionnaire.id}')")
        elif item_id in seen:
            row_problems.append(f"{where}, column 'item_id': item '{item_id}' is answered twice "
                                f"(first in row {seen[item_id]})")
        else:
            seen[item_id] = row_no
        levels = {}
        for axis in ("compliance", "outcome"):
            level, problem = _level(raw[axis], values[axis])
            if problem:
                row_problems.append(f"{where}, column '{axis}': {problem}")
            levels[axis] = level
        not_applicable = False
        if "not_applicable" in columns:
            flag = values["not_applicable"].lower()
            if isinstance(raw["not_applicable"], bool):
                not_applicable = raw["not_applicable"]
            elif flag.endswith(".0") and flag[:-2] in ("0", "1"):
                not_applicable = flag[:-2] == "1"
            elif flag in _TRUE or flag in _FALSE:
                not_applicable = flag in _TRUE
            else:
                row_problems.append(
                    f"{where}, column 'not_applicable': '{values['not_applicable']}' is not "
                    "one of yes, no, true, false, 1, 0 or blank")
        justification = values.get("justification", "")
        if not_applicable:
            item = items.get(item_id)
            if item is not None and not item.not_applicable_allowed:
                row_problems.append(f"{where}, column 'not_applicable': item '{item_id}' cannot "
                                    "be marked not applicable: every organisation must meet it")
            if not justification:
                row_problems.append(f"{where}, column 'justification': a not-applicable item "
                                    "needs a justification")
        problems.extend(row_problems)
        if row_problems or not any(v for k, v in values.items() if k != "item_id"):
            continue  # a problem, or a row with nothing answered (as in a fresh template)
        answers.append(Answer(
            item_id=item_id, compliance=levels["compliance"], outcome=levels["outcome"],
            not_applicable=not_applicable, justification=justification,
            evidence=values.get("evidence", ""), notes=values.get("notes", ""),
            owner=values.get("owner", ""),
        ))
    if problems:
        raise AnswersError(problems)
    return answers


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _level(raw: Any, text: str) -> tuple[int | None, str]:
    """Parse a level cell: (level or None, problem or "")."""
    if not text:
        return None, ""
    if isinstance(raw, bool):
        return None, f"'{text}' is not a level: use a whole number from 0 to 4"
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return None, f"'{text}' is not a level: use a whole number from 0 to 4"
    if not number.is_integer():
        return None, f"'{text}' is not a whole number: use a level from 0 to 4"
    if not 0 <= number <= 4:
        return None, f"level {int(number)} is out of range: use a level from 0 to 4"
    return int(number), ""


def _read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count) if first_line else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _read_xlsx(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook[ANSWERS_SHEET] if ANSWERS_SHEET in workbook.sheetnames \
            else workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
