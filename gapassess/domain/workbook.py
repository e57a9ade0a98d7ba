"""The offline answers workbook: one row per item, drop-downs for levels, read back by ``score``.

Sheets: "Instructions", "Answers" (header in row 1, so spreadsheet row numbers in error
messages match), "Scales". The Answers sheet is protected with only the answer cells
unlocked, so the item ids and questions cannot be changed by accident (no password: anyone
can lift the protection from the spreadsheet's menu).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gapassess.domain.answers import ANSWER_FIELDS
from gapassess.domain.answers_file import ANSWERS_SHEET
from gapassess.i18n import _, ngettext, pgettext

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from gapassess.domain.answers import Answer
    from gapassess.domain.questionnaire import Questionnaire

_ITEM_COLUMNS = (
    ("item_id", 30), ("clause", 9), ("change", 11), ("title", 36), ("question", 60),
    ("guidance", 60),
)
_ANSWER_WIDTHS = {"compliance": 12, "outcome": 12, "not_applicable": 15, "justification": 35,
                  "evidence": 40, "notes": 35, "owner": 18}
#: Columns of the Answers sheet: (name, width, answer column?); the answer columns are the
#: answer fields, in their order.
TEMPLATE_COLUMNS = (
    *((name, width, False) for name, width in _ITEM_COLUMNS),
    *((name, _ANSWER_WIDTHS[name], True) for name in ANSWER_FIELDS),
)
_HEADER_FILL = PatternFill("solid", fgColor="1F3864")
_ANSWER_FILL = PatternFill("solid", fgColor="FFF9E5")
_LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")
_WRAP = Alignment(wrap_text=True, vertical="top")


def build_template(questionnaire: Questionnaire,
                   answers: Iterable[Answer] | None = None) -> Workbook:
    """A workbook for ``questionnaire``, pre-filled with ``answers`` when given."""
    workbook = Workbook()
    _instructions(workbook.active, questionnaire)
    _answers_sheet(workbook.create_sheet(ANSWERS_SHEET), questionnaire, answers)
    _scales(workbook.create_sheet(pgettext("sheet name", "Scales")), questionnaire)
    # TRANSLATORS: the title in the workbook's file properties.
    workbook.properties.title = _("%(title)s: answers", title=questionnaire.title)
    workbook.properties.subject = _("%(questionnaire)s version %(version)s",
                                    questionnaire=questionnaire.id,
                                    version=questionnaire.version)
    return workbook


def write_template(questionnaire: Questionnaire, path: Path | str,
                   answers: Iterable[Answer] | None = None) -> Path:
    path = Path(path)
    build_template(questionnaire, answers).save(path)
    return path


def _instructions(sheet: Worksheet, questionnaire: Questionnaire) -> None:
    sheet.title = pgettext("sheet name", "Instructions")
    # TRANSLATORS: the workbook's instructions. Words in quotes ('compliance', 'outcome',
    # 'not_applicable', 'justification', 'evidence', 'notes', 'owner') are column names and
    # "yes" is a cell value: the file is read back with them, keep them as they are. The
    # Answers sheet keeps its English name; "Scales" is the sheet name translated as such.
    lines = [
        (questionnaire.title, True),
        (ngettext("Questionnaire '%(questionnaire)s', version %(version)s. %(num)d items.",
                  "Questionnaire '%(questionnaire)s', version %(version)s. %(num)d items.",
                  len(questionnaire.items), questionnaire=questionnaire.id,
                  version=questionnaire.version), False),
        ("", False),
        (_("How to fill in this workbook"), True),
        (_("1. Go to the Answers sheet. Each row is one item; read the question and the "
           "guidance."), False),
        (_("2. Rate 'compliance' (is the requirement in place, could an auditor verify it?) "
           "and 'outcome' (does the practice drive results?) from 0 to 4. The Scales sheet "
           "explains each level. Leave a cell blank when you do not know yet: blank means "
           "unanswered, never zero."), False),
        (_("3. 'not_applicable': choose yes only where the item allows it (grey cells do "
           "not) and write the reason in 'justification'."), False),
        (_("4. 'evidence', 'notes' and 'owner' are free text: where the proof is, what was "
           "discussed, who will act."), False),
        (_("5. Do not change the item ids, add or reorder columns. Rows may be sorted."),
         False),
        (_("6. Save as .xlsx and run: gapassess score --answers <this file>"), False),
        ("", False),
        (_("Classification of each item"), True),
        (_("Compliance high and outcome high: outcome-driven. Compliance high, outcome low: "
           "compliance-only. Compliance low, outcome high: informal. Both low: gap."), False),
    ]
    sheet.column_dimensions["A"].width = 110
    for row, (text, bold) in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True, size=13 if row == 1 else 11)


def _answers_sheet(sheet: Worksheet, questionnaire: Questionnaire,
                   answers: Iterable[Answer] | None) -> None:
    known = {answer.item_id: answer for answer in answers or ()}
    names = [name for name, _width, _answer in TEMPLATE_COLUMNS]
    header_row(sheet, 1, ((name, width) for name, width, _answer in TEMPLATE_COLUMNS))
    levels = DataValidation(type="list", formula1='"0,1,2,3,4"', allow_blank=True,
                            showErrorMessage=True, errorTitle=_("Level 0 to 4"),
                            error=_("Choose a level from 0 to 4, or leave the cell blank."))
    yes_no = DataValidation(type="list", formula1='"yes,no"', allow_blank=True,
                            showErrorMessage=True,
                            # TRANSLATORS: yes and no are the cell's values: keep them.
                            errorTitle=_("yes or no"),
                            error=_("Choose yes or no, or leave the cell blank."))
    sheet.add_data_validation(levels)
    sheet.add_data_validation(yes_no)
    for row, item in enumerate(questionnaire.items, start=2):
        answer = known.get(item.id)
        values: dict[str, object] = {
            "item_id": item.id, "clause": item.clause, "change": item.change,
            "title": item.title, "question": " ".join(item.question.split()),
            "guidance": " ".join(item.guidance.split()),
        }
        if answer is not None:
            values.update({name: None if value == "" else value
                           for name, value in answer.values().items()})
            values["not_applicable"] = "yes" if answer.not_applicable else None
        for col, (name, _width, is_answer) in enumerate(TEMPLATE_COLUMNS, start=1):
            cell = data_cell(sheet, row, col, values.get(name))
            cell.alignment = _WRAP
            open_cell = is_answer and (name != "not_applicable" or item.not_applicable_allowed)
            if open_cell:
                cell.protection = Protection(locked=False)
                cell.fill = _ANSWER_FILL
            elif is_answer:
                cell.fill = _LOCKED_FILL
        if item.not_applicable_allowed:
            yes_no.add(f"{_letter(names, 'not_applicable')}{row}")
    last = len(questionnaire.items) + 1
    if last >= 2:
        for name in ("compliance", "outcome"):
            levels.add(f"{_letter(names, name)}2:{_letter(names, name)}{last}")
    sheet.freeze_panes = "B2"
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.sort = False
    protection.autoFilter = False


def header_row(sheet: Worksheet, row: int, columns: Iterable[tuple[str, float]]) -> None:
    """A header row: each (name, column width) in white bold on the workbooks' dark blue,
    wrapped, its column set to that width (the answers template and the dossier's index)."""
    for col, (name, width) in enumerate(columns, start=1):
        cell = data_cell(sheet, row, col, name)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
        sheet.column_dimensions[get_column_letter(col)].width = width


def data_cell(sheet: Worksheet, row: int, col: int, value: object) -> Cell:
    """A cell holding ``value`` as data: text is always stored as text, so an answer that
    starts with "=" (or "+", "-", "@") is never a live formula, and characters a workbook
    cannot hold are dropped rather than failing the whole file."""
    if not isinstance(value, str):
        return sheet.cell(row=row, column=col, value=value)
    cell = sheet.cell(row=row, column=col, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"  # openpyxl makes any text starting with "=" a formula
    return cell


def _letter(names: list[str], name: str) -> str:
    return str(get_column_letter(names.index(name) + 1))


def _scales(sheet: Worksheet, questionnaire: Questionnaire) -> None:
    header = ("scale", "level", "label", "description")
    for col, (name, width) in enumerate(zip(header, (14, 8, 26, 90), strict=True), start=1):
        cell = sheet.cell(row=1, column=col, value=name)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(col)].width = width
    row = 2
    for axis in ("compliance", "outcome"):
        for level in questionnaire.scales[axis].levels:
            for col, value in enumerate((axis, level.level, level.label,
                                         " ".join(level.description.split())), start=1):
                sheet.cell(row=row, column=col, value=value).alignment = _WRAP
            row += 1
