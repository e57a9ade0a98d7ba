"""Reading answers files (CSV, XLSX): one row per item, checked by the answer rules.

A file is checked as a whole; every problem is reported at once with the spreadsheet row
number (the header is row 1) and the column, in an AnswersError.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gapassess.domain.answers import (
    ANSWER_FIELDS,
    Answer,
    AnswerInvalid,
    AnswerProblem,
    ItemRule,
    validate_answer,
)
from gapassess.i18n import _

if TYPE_CHECKING:
    from gapassess.domain.questionnaire import Questionnaire

REQUIRED_COLUMNS: tuple[str, ...] = ("item_id", "compliance", "outcome")
ANSWER_COLUMNS: tuple[str, ...] = ("item_id", *ANSWER_FIELDS)
# The sheet the reader looks for: one name in every language, as a key, not as text.
ANSWERS_SHEET = "Answers"  # i18n: not shown
SUPPORTED_SUFFIXES = (".csv", ".xlsx", ".xlsm")

Row = Sequence[object]


class AnswersError(Exception):
    """An answers file that cannot be used.

    ``issues`` lists every problem found (field, message, row, column); ``problems`` words
    each as "<file>: row N, column 'x': <message>".
    """

    def __init__(self, name: str, issues: list[AnswerProblem]) -> None:
        self.name = name
        self.issues = issues
        self.problems = [describe(name, issue) for issue in issues]
        super().__init__("\n".join(self.problems))


def describe(name: str, issue: AnswerProblem) -> str:
    """One problem of the file ``name`` as a sentence naming where it is."""
    values = {"file": name, "row": issue.row, "column": issue.column, "problem": issue.message}
    if issue.row is not None and issue.column is not None:
        return _("%(file)s: row %(row)d, column '%(column)s': %(problem)s", **values)
    if issue.row is not None:
        return _("%(file)s: row %(row)d: %(problem)s", **values)
    if issue.column is not None:
        return _("%(file)s: column '%(column)s': %(problem)s", **values)
    return _("%(file)s: %(problem)s", **values)


@dataclass(frozen=True)
class _AnyItem:
    """Stands in for an item whose id was already refused, so the rest is still checked."""

    id: str
    not_applicable_allowed: bool = True


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
        raise AnswersError(name, [AnswerProblem(
            "", _("unsupported file type '%(suffix)s': save the answers as .csv or .xlsx",
                  suffix=path.suffix or _("(none)")))])
    try:
        rows = _read_csv(path) if suffix == ".csv" else _read_xlsx(path)
    except Exception as exc:  # any reader failure is a user-facing "cannot read" problem
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise AnswersError(name, [AnswerProblem(
            "", _("cannot be read as %(kind)s: %(reason)s", kind=suffix[1:].upper(),
                  reason=reason))]) from None
    return parse_rows(rows, questionnaire, name)


def parse_rows(rows: Iterable[Row], questionnaire: Questionnaire,
               name: str = "answers") -> list[Answer]:
    """Turn raw rows (the first is the header) into answers, checking everything."""
    rows = iter(rows)
    columns = _columns(next(rows, None), name)
    items: dict[str, ItemRule] = {item.id: item for item in questionnaire.items}
    seen: dict[str, int] = {}
    answers: list[Answer] = []
    problems: list[AnswerProblem] = []
    for row_no, row in enumerate(rows, start=2):
        raw = {key: row[i] if i < len(row) else None for key, i in columns.items()}
        if not any(_text(cell).strip() for cell in raw.values()):
            continue
        item_id = _text(raw.pop("item_id")).strip()
        id_problem = _item_id_problem(item_id, items, seen, row_no, questionnaire.id)
        if id_problem is None:
            seen[item_id] = row_no
        item = items.get(item_id) or _AnyItem(item_id)
        answer: Answer | None = None
        row_problems: list[AnswerProblem] = []
        try:
            answer = validate_answer(item_id, _cells(raw), item)
        except AnswerInvalid as exc:
            row_problems = list(exc.problems)
        if id_problem is not None:
            row_problems.insert(0, id_problem)
        problems.extend(AnswerProblem(p.field, p.message, row_no, p.field or None)
                        for p in row_problems)
        if answer is not None and not row_problems \
                and any(_text(cell).strip() for cell in raw.values()):
            answers.append(answer)  # a row with nothing answered (a fresh template) gives none
    if problems:
        raise AnswersError(name, problems)
    return answers


def _columns(header: Row | None, name: str) -> dict[str, int]:
    if header is None or not any(_text(cell).strip() for cell in header):
        raise AnswersError(name, [AnswerProblem(
            "", _("the file is empty (expected a header row with %(columns)s)",
                  columns=", ".join(REQUIRED_COLUMNS)), row=1)])
    problems: list[AnswerProblem] = []
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _text(cell).strip().lower().replace(" ", "_").replace("-", "_")
        if key in ANSWER_COLUMNS:
            if key in columns:
                problems.append(AnswerProblem(key, _("the column appears twice"), 1, key))
            columns.setdefault(key, index)
    for key in REQUIRED_COLUMNS:
        if key not in columns:
            problems.append(AnswerProblem(key, _("required column is missing"), 1, key))
    if problems:
        raise AnswersError(name, problems)
    return columns


def _item_id_problem(item_id: str, items: dict[str, ItemRule], seen: dict[str, int],
                     row_no: int, questionnaire_id: str) -> AnswerProblem | None:
    if not item_id:
        message = _("the item id is blank")
    elif item_id not in items:
        message = _("unknown item id '%(item)s' (not in questionnaire '%(questionnaire)s')",
                    item=item_id, questionnaire=questionnaire_id)
    elif item_id in seen:
        message = _("item '%(item)s' is answered twice (first in row %(row)d)", item=item_id,
                    row=seen[item_id])
    else:
        return None
    return AnswerProblem("item_id", message, row_no, "item_id")


def _cells(raw: dict[str, object]) -> dict[str, object]:
    """Cell values as the rules take them: levels and the flag as they are, the rest as text."""
    return {key: value if key in ("compliance", "outcome", "not_applicable") else _text(value)
            for key, value in raw.items()}


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count) if first_line else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _read_xlsx(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook[ANSWERS_SHEET] if ANSWERS_SHEET in workbook.sheetnames \
            else workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
