"""Reading answers files (CSV, XLSX): one row per item, checked by the answer rules.

A file is checked as a whole; every problem is reported at once with the spreadsheet row
number (the header is row 1) and the column, in an AnswersError (the first
MAX_PROBLEMS_SHOWN of them worded, then how many more there are).

Whatever a file claims about itself, reading it is bounded: the file's size on disk, the
number of parts in a workbook and the bytes each part (and all of them) actually unpacks to,
the rows and columns read and the characters of a cell kept. A file over a limit gets one
problem naming the limit, and no value of it longer than a few words is ever quoted back.
"""

from __future__ import annotations

import csv
import io
import stat
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat, zip_longest
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.parsers import expat

from gapassess.domain.answers import (
    ANSWER_FIELDS,
    Answer,
    AnswerInvalid,
    AnswerProblem,
    ItemRule,
    cut,
    validate_answer,
)
from gapassess.i18n import _, ngettext

if TYPE_CHECKING:
    from pyexpat import XMLParserType

    from gapassess.domain.questionnaire import Questionnaire

REQUIRED_COLUMNS: tuple[str, ...] = ("item_id", "compliance", "outcome")
ANSWER_COLUMNS: tuple[str, ...] = ("item_id", *ANSWER_FIELDS)
# The sheet the reader looks for: one name in every language, as a key, not as text.
ANSWERS_SHEET = "Answers"  # i18n: not shown
SUPPORTED_SUFFIXES = (".csv", ".xlsx", ".xlsm")

MB = 1024 * 1024
#: The largest answers file read, as stored (a filled-in workbook of the shipped bank is
#: about 50 KB; a CSV with every text field full about 5 MB).
MAX_FILE_BYTES = 8 * MB
#: The most parts (files inside the zip) a workbook may hold; a real one has a dozen or two.
MAX_WORKBOOK_PARTS = 500
#: The most bytes one workbook part may unpack to, and all parts together: checked against
#: what each part says of itself and against the bytes it actually unpacks to.
MAX_PART_BYTES = 16 * MB
MAX_UNPACKED_BYTES = 32 * MB
#: Parts over RATIO_CHECKED_FROM bytes may unpack to at most MAX_PACKING_RATIO times their
#: packed size (workbook XML packs to about a tenth; a zip bomb to a thousandth).
MAX_PACKING_RATIO = 200
RATIO_CHECKED_FROM = 1 * MB
#: The most XML elements all XML parts together may hold (counted by a parser that builds
#: nothing): what openpyxl may build in memory. A filled-in workbook of the shipped bank
#: holds about 6,000.
#: No XML part of a workbook declares a document type: one that does is refused.
MAX_XML_ELEMENTS = 200_000
#: The most cells a row of a sheet may hold (a spreadsheet program's column limit): openpyxl
#: builds every cell of a row it reads, however many columns the reader asks for.
MAX_ROW_CELLS = 16_384
#: Rows read: at most MAX_DATA_ROWS that are not blank (the bank has a few hundred items)
#: and MAX_SHEET_ROWS in all, blank ones included; then reading stops.
MAX_DATA_ROWS = 5000
MAX_SHEET_ROWS = 50_000
#: Columns read (the answer columns are eight; the downloaded workbook has a dozen).
MAX_COLUMNS = 50
#: The most characters a cell may hold: a spreadsheet program's own limit. A longer cell
#: is not kept, only its length. A CSV line may hold MAX_COLUMNS such cells.
MAX_CELL_CHARS = 32_767
MAX_LINE_CHARS = MAX_COLUMNS * (MAX_CELL_CHARS + 3)
#: The most problems worded in an AnswersError; the rest are counted in one line.
MAX_PROBLEMS_SHOWN = 50
#: The most characters of a reader's own error (or a part's name) quoted in a problem.
REASON_CHARS = 200
PART_NAME_CHARS = 60
_CHUNK = 64 * 1024

Row = Sequence[object]


class AnswersError(Exception):
    """An answers file that cannot be used.

    ``issues`` lists every problem found (field, message, row, column) and ``count`` how
    many; ``problems`` words the first MAX_PROBLEMS_SHOWN as "<file>: row N, column 'x':
    <message>", and then, when there are more, one line saying how many more.
    """

    def __init__(self, name: str, issues: list[AnswerProblem]) -> None:
        self.name = name
        self.issues = issues
        self.count = len(issues)
        self.problems = problem_lines(name, issues)
        super().__init__("\n".join(self.problems))


def problem_lines(name: str, issues: Sequence[AnswerProblem]) -> list[str]:
    """The first MAX_PROBLEMS_SHOWN problems of the file ``name`` worded (describe), then
    one line saying how many more there are."""
    lines = [describe(name, issue) for issue in issues[:MAX_PROBLEMS_SHOWN]]
    more = len(issues) - MAX_PROBLEMS_SHOWN
    if more > 0:
        lines.append(ngettext("and %(num)d more problem", "and %(num)d more problems", more))
    return lines


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


class _Unusable:
    """A cell the readers do not pass on as a value; ``message`` says why (a problem)."""

    def message(self) -> str:
        raise NotImplementedError


class _Formula(_Unusable):
    """A formula cell without the value a spreadsheet program saves next to it."""

    def message(self) -> str:
        return _("holds a formula with no saved value: type the value or save the file in "
                 "a spreadsheet program first")


@dataclass(frozen=True)
class _TooLong(_Unusable):
    """A cell over MAX_CELL_CHARS characters: only its length is kept."""

    length: int

    def message(self) -> str:
        return ngettext("holds %(num)d character; a cell may hold at most %(limit)d",
                        "holds %(num)d characters; a cell may hold at most %(limit)d",
                        self.length, limit=MAX_CELL_CHARS)


_FORMULA = _Formula()


def read_answers(path: Path | str, questionnaire: Questionnaire,
                 name: str | None = None) -> list[Answer]:
    """Read a CSV or XLSX answers file for ``questionnaire``; ``name`` is the file's name in
    messages (an upload's own name; by default the file's).

    Blank levels mean "not rated". Rows with nothing but an item id (as in a fresh template)
    give no answer; entirely blank rows are skipped. Raises
    AnswersError listing every problem (file, row, column) when anything is wrong.
    """
    path = Path(path)
    name = name or path.name
    rows = read_table(path, name)
    try:
        return parse_rows(rows, questionnaire, name)
    finally:
        rows.close()  # a workbook read only in part is closed now, not when collected


def read_table(path: Path | str, name: str | None = None, *, sheet: str | None = None,
               what: str = "") -> Generator[list[object], None, None]:
    """The raw rows of a CSV or XLSX file (the header row first), within every limit of
    this module; ``name`` is the file's name in messages.

    A workbook is read from the sheet named ``sheet`` (a problem when it has none by that
    name), else from the Answers sheet, else from the first. A cell the reader cannot use
    (a formula with no saved value, a cell too long to keep) comes as an object that
    ``unusable_message`` words. ``what`` names the kind of file in the message for an
    unsupported type. Raises AnswersError; close the rows when done.
    """
    path = Path(path)
    name = name or path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = path.suffix or _("(none)")
        raise AnswersError(name, [AnswerProblem("", _(
            "unsupported file type '%(suffix)s': save the answers as .csv or .xlsx",
            suffix=shown) if not what else _(
            "unsupported file type '%(suffix)s': save the %(what)s as .csv or .xlsx",
            suffix=shown, what=what))])
    kind = suffix[1:].upper()
    try:
        _check_size(path, name)
        return _read_csv(path, name) if suffix == ".csv" else _read_xlsx(path, name, sheet)
    except AnswersError:
        raise
    except Exception as exc:  # any reader failure is a user-facing "cannot read" problem
        raise _unreadable(name, kind, exc) from None


def unusable_message(cell: object) -> str | None:
    """Why a cell from ``read_table`` cannot be used (a formula with no saved value, a cell
    too long to keep), or None for a cell with a value."""
    return cell.message() if isinstance(cell, _Unusable) else None


def parse_rows(rows: Iterable[Row], questionnaire: Questionnaire,
               name: str = "answers") -> list[Answer]:
    """Turn raw rows (the first is the header) into answers, checking everything.

    Reads at most MAX_SHEET_ROWS rows, MAX_DATA_ROWS of them not blank: a file with more
    gets that one problem. A cell the reader could not use (a formula without its value, a
    cell too long to keep) is a problem of its row and column.
    """
    rows = iter(rows)
    columns = _columns(next(rows, None), name)
    items: dict[str, ItemRule] = {item.id: item for item in questionnaire.items}
    seen: dict[str, int] = {}
    answers: list[Answer] = []
    problems: list[AnswerProblem] = []
    data_rows = 0
    for row_no, row in enumerate(rows, start=2):
        if row_no > MAX_SHEET_ROWS + 1:
            raise AnswersError(name, [AnswerProblem("", ngettext(
                "the file has more than %(num)d row, blank ones included: delete the unused "
                "rows below the answers",
                "the file has more than %(num)d rows, blank ones included: delete the unused "
                "rows below the answers", MAX_SHEET_ROWS))])
        raw = {key: row[i] if i < len(row) else None for key, i in columns.items()}
        unusable = [AnswerProblem(key, value.message(), row_no, key)
                    for key, value in raw.items() if isinstance(value, _Unusable)]
        if not unusable and not any(cell_text(cell).strip() for cell in raw.values()):
            continue
        data_rows += 1
        if data_rows > MAX_DATA_ROWS:
            raise AnswersError(name, [AnswerProblem("", ngettext(
                "the file has more than %(num)d row of answers: an answers file has one row "
                "for each item of the question bank",
                "the file has more than %(num)d rows of answers: an answers file has one row "
                "for each item of the question bank", MAX_DATA_ROWS))])
        refused = {problem.field for problem in unusable}
        raw = {key: None if key in refused else value for key, value in raw.items()}
        item_id = cell_text(raw.pop("item_id")).strip()
        id_problem = None if "item_id" in refused else \
            _item_id_problem(item_id, items, seen, row_no, questionnaire.id)
        if id_problem is None and "item_id" not in refused:
            seen[item_id] = row_no
        item = items.get(item_id) or _AnyItem(item_id)
        answer: Answer | None = None
        row_problems: list[AnswerProblem] = []
        try:
            answer = validate_answer(item_id, _cells(raw), item)
        except AnswerInvalid as exc:
            row_problems = [p for p in exc.problems if p.field not in refused]
        if id_problem is not None:
            row_problems.insert(0, id_problem)
        row_problems = unusable + [AnswerProblem(p.field, p.message, row_no, p.field or None)
                                   for p in row_problems]
        problems.extend(row_problems)
        if answer is not None and not row_problems \
                and any(cell_text(cell).strip() for cell in raw.values()):
            answers.append(answer)  # a row with nothing answered (a fresh template) gives none
    if problems:
        raise AnswersError(name, problems)
    return answers


def _columns(header: Row | None, name: str) -> dict[str, int]:
    if header is None or not any(cell_text(cell).strip() for cell in header):
        raise AnswersError(name, [AnswerProblem(
            "", _("the file is empty (expected a header row with %(columns)s)",
                  columns=", ".join(REQUIRED_COLUMNS)), row=1)])
    if any(cell_text(cell).strip() for cell in header[MAX_COLUMNS:]):
        raise AnswersError(name, [AnswerProblem("", ngettext(
            "the header row has more than %(num)d column: an answers file needs only "
            "%(columns)s and the answer fields",
            "the header row has more than %(num)d columns: an answers file needs only "
            "%(columns)s and the answer fields",
            MAX_COLUMNS, columns=", ".join(REQUIRED_COLUMNS)), row=1)])
    problems: list[AnswerProblem] = []
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = cell_text(cell).strip().lower().replace(" ", "_").replace("-", "_")
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
                    item=cut(item_id), questionnaire=questionnaire_id)
    elif item_id in seen:
        message = _("item '%(item)s' is answered twice (first in row %(row)d)", item=item_id,
                    row=seen[item_id])
    else:
        return None
    return AnswerProblem("item_id", message, row_no, "item_id")


def _cells(raw: dict[str, object]) -> dict[str, object]:
    """Cell values as the rules take them: levels and the flag as they are, the rest as text."""
    return {key: value if key in ("compliance", "outcome", "not_applicable") else cell_text(value)
            for key, value in raw.items()}


def cell_text(cell: object) -> str:
    """A cell as text: whole numbers without ".0", TRUE/FALSE as a spreadsheet shows them,
    a cell the reader could not use as ""."""
    if cell is None or isinstance(cell, _Unusable):
        return ""
    if isinstance(cell, bool):
        return str(cell).upper()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _kept(cell: object) -> object:
    """A cell as the readers pass it on: text over MAX_CELL_CHARS is only its length."""
    if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
        return _TooLong(len(cell))
    return cell


def _unreadable(name: str, kind: str, exc: BaseException) -> AnswersError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return AnswersError(name, [AnswerProblem(
        "", _("cannot be read as %(kind)s: %(reason)s", kind=kind,
              reason=cut(reason or type(exc).__name__, REASON_CHARS)))])


def _too_big(name: str) -> AnswersError:
    return AnswersError(name, [AnswerProblem("", _(
        "the file is larger than %(limit)d MB: an answers file is far smaller",
        limit=MAX_FILE_BYTES // MB))])


def _check_size(path: Path, name: str) -> None:
    """Refuse what is not a regular file or is over MAX_FILE_BYTES, before reading it."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise AnswersError(name, [AnswerProblem("", _("is not a file"))])
    if info.st_size > MAX_FILE_BYTES:
        raise _too_big(name)


def _read_csv(path: Path, name: str) -> Generator[list[object], None, None]:
    """The rows of a CSV file (delimiter , ; or tab, from the header line), parsed strictly:
    a quote left open or a stray quote is a problem of its row, not a guess."""
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)  # the size on disk may have been wrong
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    del data
    first_line = text.split("\n", 1)[0][:MAX_LINE_CHARS]
    delimiter = max(",;\t", key=first_line.count) if first_line else ","
    return _csv_rows(text, name, delimiter)


def _csv_rows(text: str, name: str, delimiter: str) -> Generator[list[object], None, None]:
    row_no = 1

    def lines() -> Iterator[str]:
        for line in io.StringIO(text, newline=""):
            if len(line) > MAX_LINE_CHARS:
                raise AnswersError(name, [AnswerProblem("", ngettext(
                    "a line is longer than %(num)d character",
                    "a line is longer than %(num)d characters", MAX_LINE_CHARS),
                    row=row_no)])
            yield line

    reader = csv.reader(lines(), delimiter=delimiter, strict=True)
    while True:
        try:
            row = next(reader, None)
        except csv.Error as exc:
            raise AnswersError(name, [AnswerProblem(
                "", _("the CSV is malformed: %(reason)s", reason=cut(str(exc), REASON_CHARS)),
                row=row_no)]) from None
        if row is None:
            return
        yield [_kept(cell) for cell in row[:MAX_COLUMNS + 1]]
        row_no += 1


def _part_name(info: zipfile.ZipInfo) -> str:
    return cut(info.filename, PART_NAME_CHARS)


def _check_workbook(path: Path, name: str) -> bool:
    """Refuse a workbook whose parts are too many or unpack to too much, before openpyxl
    parses any of it: first by what the zip says of each part, then by the bytes each part
    actually unpacks to (read in chunks and dropped, up to the limit). The XML parts are
    parsed on the way without building anything, to count their elements and refuse a
    document type (entity expansion) before any XML parser that builds sees them.

    True when a cell holds a formula without a saved value (an ``f`` element and no ``v``
    with text in one ``c``; openpyxl writes an empty ``v``): only then is the workbook read
    a second time, for its formulas.
    """
    def refuse(message: str) -> AnswersError:
        return AnswersError(name, [AnswerProblem("", message)])

    def part_too_big(info: zipfile.ZipInfo) -> AnswersError:
        return refuse(_("the workbook part '%(part)s' unpacks to more than %(limit)d MB",
                        part=_part_name(info), limit=MAX_PART_BYTES // MB))

    def all_too_big() -> AnswersError:
        return refuse(_("the workbook unpacks to more than %(limit)d MB in all",
                        limit=MAX_UNPACKED_BYTES // MB))

    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
        if len(parts) > MAX_WORKBOOK_PARTS:
            raise refuse(ngettext(
                "the workbook holds more than %(num)d part (file inside the .xlsx): a "
                "workbook of answers holds a few dozen at most",
                "the workbook holds more than %(num)d parts (files inside the .xlsx): a "
                "workbook of answers holds a few dozen at most", MAX_WORKBOOK_PARTS))
        for info in parts:
            if info.file_size > MAX_PART_BYTES:
                raise part_too_big(info)
            if info.file_size > RATIO_CHECKED_FROM \
                    and info.file_size > MAX_PACKING_RATIO * max(info.compress_size, 1):
                raise refuse(_(
                    "the workbook part '%(part)s' unpacks to %(ratio)d times its packed "
                    "size: more than any real workbook", part=_part_name(info),
                    ratio=info.file_size // max(info.compress_size, 1)))
        if sum(info.file_size for info in parts) > MAX_UNPACKED_BYTES:
            raise all_too_big()
        total = 0
        elements = 0
        formulas = False
        row_cells = 0

        # of the cell being read: "f" (a formula), "v" (a saved value), "in-v" (inside one)
        cell_parts: set[str] = set()

        def count_element(tag: str, _attributes: object) -> None:
            nonlocal elements, row_cells
            elements += 1
            local = tag.rpartition(":")[2]
            if local == "c":
                cell_parts.clear()
                row_cells += 1
                if row_cells > MAX_ROW_CELLS:
                    raise refuse(ngettext(
                        "a row of the workbook holds more than %(num)d cell: more than a "
                        "spreadsheet program allows", "a row of the workbook holds more than "
                        "%(num)d cells: more than a spreadsheet program allows", MAX_ROW_CELLS))
            elif local == "row":
                row_cells = 0
            elif local == "f":
                cell_parts.add("f")
            elif local == "v":
                cell_parts.add("in-v")
            if elements > MAX_XML_ELEMENTS:
                raise refuse(ngettext(
                    "the workbook holds more than %(num)d XML element in all: far more than "
                    "a workbook of answers", "the workbook holds more than %(num)d XML "
                    "elements in all: far more than a workbook of answers", MAX_XML_ELEMENTS))

        def value_text(text: str) -> None:
            if "in-v" in cell_parts and text.strip():
                cell_parts.add("v")

        def end_element(tag: str) -> None:
            nonlocal formulas
            local = tag.rpartition(":")[2]
            if local == "v":
                cell_parts.discard("in-v")
            elif local == "c" and "f" in cell_parts and "v" not in cell_parts:
                formulas = True  # a formula whose value was never saved

        for info in parts:
            if info.is_dir():
                continue
            row_cells = 0
            # Every part is scanned: the workbook's relationships may name a sheet part
            # whatever its name. A part not named as XML that is not XML (an image) stops
            # being scanned at its first error, its elements so far still counted.
            xml: XMLParserType | None = _xml_scanner(info, refuse, count_element, end_element,
                                                     value_text)
            lenient = not info.filename.lower().endswith((".xml", ".rels"))
            size = 0
            with archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if size > MAX_PART_BYTES:
                        raise part_too_big(info)
                    if total > MAX_UNPACKED_BYTES:
                        raise all_too_big()
                    if xml is not None and not _scan(xml, info, chunk, refuse, lenient):
                        xml = None
            if xml is not None:
                _scan(xml, info, b"", refuse, lenient, final=True)
    return formulas


def _xml_scanner(info: zipfile.ZipInfo, refuse: Callable[[str], AnswersError],
                 count_element: Callable[[str, object], None],
                 end_element: Callable[[str], None],
                 text: Callable[[str], None]) -> XMLParserType:
    """An expat parser that only counts the elements of the part ``info`` and refuses a
    document type declaration (entities) at its start, building nothing."""
    def doctype(*_args: object) -> None:
        raise refuse(_("the workbook part '%(part)s' declares a document type, which no "
                       "workbook does", part=_part_name(info)))

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = count_element
    parser.EndElementHandler = end_element
    parser.CharacterDataHandler = text
    return parser


def _scan(parser: XMLParserType, info: zipfile.ZipInfo, chunk: bytes,
          refuse: Callable[[str], AnswersError], lenient: bool,
          final: bool = False) -> bool:
    """Feed ``chunk`` to the part's scanner; False when a ``lenient`` part (not named as
    XML) turns out not to be XML, so scanning it stops."""
    try:
        parser.Parse(chunk, final)
        return True
    except expat.ExpatError as exc:
        if lenient:
            return False
        raise refuse(_("cannot be read as XLSX: the workbook part '%(part)s' is not "
                       "well-formed XML (%(reason)s)", part=_part_name(info),
                       reason=cut(str(exc), REASON_CHARS))) from None


def _read_xlsx(path: Path, name: str,
               sheet: str | None = None) -> Generator[list[object], None, None]:
    """The rows of the sheet named ``sheet``, else of the Answers sheet (else the first
    sheet), once the workbook passed _check_workbook: see _xlsx_rows."""
    return _xlsx_rows(path, name, formulas=_check_workbook(path, name), sheet=sheet)


def _sheet(book: Any, name: str, sheet: str | None) -> Any:
    if sheet is None:
        return book[ANSWERS_SHEET] if ANSWERS_SHEET in book.sheetnames else book.worksheets[0]
    if sheet not in book.sheetnames:
        raise AnswersError(name, [AnswerProblem("", _(
            "the workbook has no sheet named '%(sheet)s' (its sheets: %(sheets)s)",
            sheet=cut(sheet), sheets=cut(", ".join(book.sheetnames), REASON_CHARS)))])
    return book[sheet]


def _xlsx_rows(path: Path, name: str, formulas: bool = True,
               sheet: str | None = None) -> Generator[list[object], None, None]:
    """The rows streamed by openpyxl: at most MAX_COLUMNS + 1 columns of the header and
    MAX_SHEET_ROWS + 1 more rows (one past the limit, for parse_rows to see), whatever the
    sheet says its size is. A formula cell without a saved value comes as _FORMULA: with
    ``formulas``, the sheet is read twice side by side, for the saved values and for the
    formulas. The workbook opens when the first row is asked for and closes when the rows
    are closed.
    """
    from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

    books: list[Any] = []
    try:
        try:
            for data_only in (True, False) if formulas else (True,):
                books.append(load_workbook(path, read_only=True, data_only=data_only))
            sheets = [_sheet(book, name, sheet) for book in books]
            bounds: dict[str, Any] = {"min_row": 1, "max_row": MAX_SHEET_ROWS + 2,
                                      "max_col": MAX_COLUMNS + 1, "values_only": True}
            pairs = zip(sheets[0].iter_rows(**bounds),
                        sheets[1].iter_rows(**bounds) if formulas else repeat(()),
                        strict=formulas)
        except AnswersError:
            raise
        except Exception as exc:  # any openpyxl failure is a "cannot read" problem
            raise _unreadable(name, "XLSX", exc) from None
        while True:
            try:
                pair = next(pairs, None)
            except Exception as exc:  # openpyxl's failure on a damaged sheet
                raise _unreadable(name, "XLSX", exc) from None
            if pair is None:
                return
            saved, formula_row = pair
            yield [_FORMULA if value is None and formula is not None else _kept(value)
                   for value, formula in zip_longest(saved, formula_row[:len(saved)])]
    finally:
        for book in books:
            book.close()
