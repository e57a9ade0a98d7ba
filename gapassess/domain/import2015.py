"""Importing a 2015-based gap assessment or internal-audit checklist (CSV or XLSX).

A consultant's sheet has one row per ISO 9001:2015 clause with a status or level, and often
evidence, notes and an owner. The person importing says which column holds what
(``columns``: header text or column letter) and what each status value means
(``values``: a level 0-4, or "skip"; DEFAULT_VALUES fills in the usual words). Each row
then travels through the 2015-to-2026 clause mapping to the items of the 2026 bank:

* the row's clause (normalised: "Clause 7.1.5", "7.1.5 Monitoring..." are 7.1.5) gives the
  mapping's entries for it; a parent clause the mapping lists only by its sub-clauses
  ("7", "8.4") gives all of theirs;
* each entry's 2026 clause gives the bank items at that clause or under it, and items that
  name the row's clause among their ``source_clauses`` are reached too;
* items new in 2026 are never answered from a 2015 row; a 2015 clause that no longer
  exists (10.3) is carried where the mapping says, and the preview says so; a row that
  reaches no item is listed with the reason, never dropped silently.

The carry rules themselves (combining several rows on one item, "to confirm", warnings for
partial overlaps) are those of gapassess.domain.carry. Every problem of the file is found
at once, each with its row and column; while there is one, the plan carries nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from openpyxl.utils import column_index_from_string, get_column_letter

from gapassess.domain.answers import AnswerInvalid, AnswerProblem, answer_of, cut, parse_value
from gapassess.domain.answers_file import (
    MAX_COLUMNS,
    MAX_DATA_ROWS,
    MAX_SHEET_ROWS,
    AnswersError,
    Row,
    problem_lines,
    read_table,
)
from gapassess.domain.answers_file import cell_text as answers_cell_text
from gapassess.domain.answers_file import unusable_message as _reader_unusable
from gapassess.domain.carry import (
    CarryPlan,
    LeftBehind,
    Link,
    Origin,
    SourceAnswer,
    plan,
    relationship_of,
)
from gapassess.domain.questionnaire.numbering import CLAUSE_NUMBER_RE, clause_key, covers
from gapassess.domain.questionnaire.text_fields import suggest
from gapassess.i18n import _, ngettext

#: The columns a sheet may have mapped, in the order the forms show them.
FIELDS: tuple[str, ...] = ("clause", "status", "outcome", "evidence", "notes", "owner")
REQUIRED: tuple[str, ...] = ("clause", "status")
#: The columns whose values are mapped to levels.
LEVEL_COLUMNS: tuple[str, ...] = ("status", "outcome")
#: The answer field each mapped column fills.
ANSWER_FIELD: Mapping[str, str] = {"status": "compliance", "outcome": "outcome",
                                   "evidence": "evidence", "notes": "notes", "owner": "owner"}
Level = int | Literal["skip"]
SKIP: Literal["skip"] = "skip"  # i18n: not shown (a value of the form and the command line)

#: What the usual status words mean (case and spaces do not matter).
DEFAULT_VALUES: Mapping[str, Level] = {
    **dict.fromkeys(("yes", "y", "compliant", "conform", "conforms", "ok"), 3),
    **dict.fromkeys(("partial", "partly", "partially", "minor"), 2),
    **dict.fromkeys(("no", "n", "non-compliant", "non compliant",  # i18n: not shown
                     "noncompliant", "nonconform", "non-conform", "major"), 0),
    **{str(level): level for level in range(5)},
}
#: Header words that suggest a column, for the column-mapping form (checked in this order).
HEADER_WORDS: Mapping[str, tuple[str, ...]] = {
    "clause": ("clause", "section", "ref", "requirement no", "no."),  # i18n: not shown
    "status": ("status", "compliance", "conform", "result", "level", "rating", "finding"),
    "outcome": ("outcome", "effective", "maturity"),
    "evidence": ("evidence", "proof", "record"),
    "notes": ("note", "comment", "remark", "observation", "gap"),
    "owner": ("owner", "responsible", "who", "action by"),  # i18n: not shown
}
#: The most characters a sheet kept between the steps of the import may hold in all.
MAX_SHEET_CHARS = 4_000_000
#: The most row numbers a message lists.
ROWS_SHOWN = 10

_CLAUSE_RE = re.compile(
    r"^(?:(?:iso\s*9001(?::\s*2015)?|clause|cl\.?|section|sec\.?|§)\s*)*"
    r"(\d+(?:\.\d+)*)\.?(?=$|[\s:;,)\-–—])", re.IGNORECASE)
_NUMBER_RE = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_LETTERS_RE = re.compile(r"^[A-Za-z]{1,2}$")
_RANK: Mapping[str, int] = {"equal": 0, "subset": 1, "superset": 2, "intersect": 3}


@dataclass(frozen=True)
class UnusableCell:
    """A cell the reader could not use, as kept between the steps: why, in words."""

    message: str


#: A cell of a sheet as kept between the steps (JSON: text, null, or {"unusable": why}).
Cell = str | None | UnusableCell


def unusable_message(cell: object) -> str | None:
    """Why a cell cannot be used, or None for a cell with a value."""
    if isinstance(cell, UnusableCell):
        return cell.message
    return _reader_unusable(cell)


def read_sheet(path: Path | str, name: str | None = None,
               sheet: str | None = None) -> list[list[Cell]]:
    """The rows of a gap sheet (CSV, or the sheet named ``sheet`` of a workbook, else its
    first), read within the answers files' limits and as text: what the later steps
    work on. Trailing blank rows are dropped. Raises AnswersError."""
    name = name or Path(path).name
    rows = read_table(path, name, sheet=sheet, what=_("gap sheet"))
    kept: list[list[Cell]] = []
    chars = 0
    try:
        for row_no, row in enumerate(rows, start=1):
            if row_no > MAX_SHEET_ROWS + 2:
                break
            cells: list[Cell] = []
            for cell in list(row)[:MAX_COLUMNS + 1]:
                message = _reader_unusable(cell)
                text = cell_text(cell)
                chars += len(text)
                cells.append(UnusableCell(message) if message is not None
                             else (text if cell is not None else None))
            if chars > MAX_SHEET_CHARS:
                raise AnswersError(name, [AnswerProblem("", ngettext(
                    "the sheet holds more than %(num)d character in all: a gap sheet is far "
                    "smaller", "the sheet holds more than %(num)d characters in all: a gap "
                    "sheet is far smaller", MAX_SHEET_CHARS), row=row_no)])
            while cells and (cells[-1] is None or cells[-1] == ""):
                cells.pop()
            kept.append(cells)
    finally:
        rows.close()
    while kept and not kept[-1]:
        kept.pop()
    return kept


def cells_to_json(rows: Sequence[Sequence[Cell]]) -> list[list[object]]:
    return [[{"unusable": cell.message} if isinstance(cell, UnusableCell) else cell
             for cell in row] for row in rows]


def cells_from_json(data: object) -> list[list[Cell]]:
    """Rows kept as cells_to_json made them; ValueError for anything else."""
    if not isinstance(data, list):
        raise ValueError("rows must be a list")  # i18n: not shown (our own file)
    rows: list[list[Cell]] = []
    for row in data:
        if not isinstance(row, list):
            raise ValueError("a row must be a list")  # i18n: not shown
        cells: list[Cell] = []
        for cell in row:
            if cell is None or isinstance(cell, str):
                cells.append(cell)
            elif isinstance(cell, dict) and isinstance(cell.get("unusable"), str):
                cells.append(UnusableCell(cell["unusable"]))
            else:
                raise ValueError("a cell must be text")  # i18n: not shown
        rows.append(cells)
    return rows


class BankItem(Protocol):
    """What the import needs of a bank item."""

    @property
    def id(self) -> str: ...

    @property
    def clause(self) -> str: ...

    @property
    def source_clauses(self) -> Sequence[str]: ...

    @property
    def change(self) -> str: ...

    @property
    def not_applicable_allowed(self) -> bool: ...


class Bank(Protocol):
    @property
    def items(self) -> Sequence[BankItem]: ...


class EntryLike(Protocol):
    @property
    def source(self) -> str | None: ...

    @property
    def target(self) -> str | None: ...

    @property
    def relationship(self) -> str: ...

    @property
    def rationale(self) -> str: ...


class EditionLike(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def clauses(self) -> Mapping[str, str]: ...


class MappingLike(Protocol):
    """What the import needs of the 2015-to-2026 clause mapping."""

    @property
    def source_edition(self) -> EditionLike: ...

    @property
    def target_edition(self) -> EditionLike: ...

    def targets_for(self, source: str) -> Sequence[EntryLike]: ...


@dataclass(frozen=True)
class FoundValue:
    """One distinct value of a level column: as first written, the rows it is in, and the
    level it means by default (None: no default)."""

    value: str
    key: str
    rows: tuple[int, ...]
    default: Level | None


@dataclass(frozen=True)
class RowNote:
    """Something the preview says about one row (not a problem)."""

    row: int
    clause: str
    message: str


@dataclass(frozen=True)
class ImportResult:
    """What reading a sheet gave: the header, the distinct values of each mapped level
    column, the problems (each with row and column), notes on rows, and the plan."""

    name: str
    header: tuple[str, ...]
    columns: Mapping[str, int]
    values: Mapping[str, tuple[FoundValue, ...]]
    problems: tuple[AnswerProblem, ...]
    notes: tuple[RowNote, ...]
    plan: CarryPlan
    rows: int  # data rows read (not blank)
    new_items: tuple[str, ...] = field(default=())  # items new in 2026, left unanswered

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_lines(self) -> list[str]:
        """The problems worded as the answers files word theirs, the first
        MAX_PROBLEMS_SHOWN of them, then how many more."""
        return problem_lines(self.name, self.problems)


def value_key(value: object) -> str:
    """A status value as it is looked up: case and spaces do not matter."""
    return " ".join(cell_text(value).split()).casefold()


def default_level(value: object) -> Level | None:
    return DEFAULT_VALUES.get(value_key(value))


def cell_text(cell: object) -> str:
    """A cell as text (answers_file.cell_text; a cell the reader could not use: "")."""
    return "" if unusable_message(cell) is not None else answers_cell_text(cell)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a column (0 -> "A", 26 -> "AA")."""
    return str(get_column_letter(index + 1))


def header_names(header: Row) -> tuple[str, ...]:
    """The header cells as text, within MAX_COLUMNS."""
    return tuple(cell_text(cell).strip() for cell in list(header)[:MAX_COLUMNS])


def column_label(header: Sequence[str], index: int) -> str:
    """How messages name a column: its header text, else its letter."""
    text = header[index] if index < len(header) else ""
    return cut(text, 40) if text else column_letter(index)


def guess_columns(header: Sequence[str]) -> dict[str, int]:
    """Which column probably holds what, from the header words (each column used once)."""
    guesses: dict[str, int] = {}
    lowered = [" ".join(text.split()).casefold() for text in header]
    for name, words in HEADER_WORDS.items():
        for index, text in enumerate(lowered):
            if index in guesses.values() or not text:
                continue
            if any(word in text for word in words):
                guesses[name] = index
                break
    return guesses


def resolve_columns(header: Sequence[str], columns: Mapping[str, str | int | None]
                    ) -> tuple[dict[str, int], list[AnswerProblem]]:
    """The column index of each mapped field: ``columns`` names each by its header text
    (case and spaces do not matter), its letter ("C") or its index; problems name row 1."""
    found: dict[str, int] = {}
    problems: list[AnswerProblem] = []
    lowered = [" ".join(text.split()).casefold() for text in header]
    for name in FIELDS:
        spec = columns.get(name)
        if spec is None or (isinstance(spec, str) and not spec.strip()):
            if name in REQUIRED:
                problems.append(AnswerProblem(name, _(
                    "say which column holds the %(what)s", what=field_label(name)), 1))
            continue
        index: int | None = None
        if isinstance(spec, int):
            index = spec if 0 <= spec < len(header) else None
        else:
            wanted = " ".join(spec.split()).casefold()
            if wanted in lowered:
                index = lowered.index(wanted)
            elif _LETTERS_RE.match(spec.strip()):
                index = column_index_from_string(spec.strip().upper()) - 1
                index = index if index < max(len(header), 1) else None
        if index is None:
            shown = ", ".join(f"'{cut(text)}'" for text in header if text) or _("(none)")
            problems.append(AnswerProblem(name, _(
                "no column '%(column)s' for the %(what)s (the header row has %(columns)s)",
                column=cut(str(spec)), what=field_label(name), columns=shown), 1))
            continue
        if index in found.values():
            other = next(key for key, value in found.items() if value == index)
            problems.append(AnswerProblem(name, _(
                "column %(column)s is already used for the %(what)s",
                column=column_label(header, index), what=field_label(other)), 1,
                column_label(header, index)))
            continue
        found[name] = index
    return found, problems


def field_label(name: str) -> str:
    """A mapped column's name as a person reads it."""
    labels = {
        "clause": _("2015 clause"),
        "status": _("status or level"),
        "outcome": _("outcome level"),
        "evidence": _("evidence"),
        "notes": _("notes"),
        "owner": _("owner"),
    }
    return labels[name]


def parse_value_option(text: str) -> tuple[str, Level]:
    """One "value=level" of the command line ("yes=3", "n/a=skip"); ValueError says why."""
    value, sep, level = text.rpartition("=")
    if not sep or not value.strip():
        raise ValueError(_("'%(text)s' is not value=level (e.g. yes=3 or n/a=skip)",
                           text=cut(text)))
    return value_key(value), parse_level_choice(level)


def parse_level_choice(text: str) -> Level:
    """A level chosen for a value: 0-4 or "skip"; ValueError says why."""
    text = text.strip().casefold()
    if text == SKIP:
        return SKIP
    if text in {"0", "1", "2", "3", "4"}:
        return int(text)
    raise ValueError(_("'%(text)s' is not a level: use 0 to 4, or skip", text=cut(text)))


def normalise_clause(text: str) -> str | None:
    """The clause number a cell names ("Clause 7.1.5", "7.1.5 Monitoring" -> "7.1.5"), or
    None when it names none."""
    match = _CLAUSE_RE.match(" ".join(text.split()))
    if match is None:
        return None
    number = ".".join(str(int(part)) for part in match.group(1).split("."))
    return number if CLAUSE_NUMBER_RE.match(number) else None


def _rows_text(rows: Sequence[int]) -> str:
    shown = ", ".join(str(row) for row in rows[:ROWS_SHOWN])
    if len(rows) > ROWS_SHOWN:
        # TRANSLATORS: row numbers, then how many more rows are not listed.
        shown = _("%(rows)s and %(num)d more", rows=shown, num=len(rows) - ROWS_SHOWN)
    return shown


def _values_text(values: Iterable[FoundValue]) -> str:
    return "; ".join(_("'%(value)s' (rows %(rows)s)", value=cut(found.value),
                       rows=_rows_text(found.rows)) for found in values)


@dataclass
class _Row:
    row: int
    clause: str
    cells: dict[str, str]


def import_rows(rows: Iterable[Row], *, name: str, columns: Mapping[str, str | int | None],
                bank: Bank, mapping: MappingLike,
                values: Mapping[str, Level] | None = None) -> ImportResult:
    """Read ``rows`` (the header first) as a 2015 gap sheet for ``bank`` (see the module).

    ``values``: the level (or "skip") of each status value, by value_key; DEFAULT_VALUES
    fills in what it does not say. Returns the distinct values found whatever else is wrong,
    so a form can ask what they mean.
    """
    iterator = iter(rows)
    first = next(iterator, None)
    new_items = tuple(item.id for item in bank.items if item.change == "new")
    header = header_names(first) if first is not None else ()

    def result(problems: list[AnswerProblem], found: dict[str, tuple[FoundValue, ...]],
               notes: Sequence[RowNote] = (), carry: CarryPlan | None = None,
               count: int = 0, where: Mapping[str, int] | None = None) -> ImportResult:
        carry = carry or CarryPlan("file", (), tuple(item.id for item in bank.items),
                                   problems=tuple(problem_lines(name, problems)))
        return ImportResult(name, header, dict(where or {}), found, tuple(problems),
                            tuple(notes), carry, count, new_items)

    if first is None or not any(header):
        return result([AnswerProblem("", _("the file is empty (expected a header row "
                                           "naming its columns)"), 1)], {})
    where, problems = resolve_columns(header, columns)
    if any(problem.field in REQUIRED for problem in problems):
        return result(problems, {}, where=where)
    labels = {key: column_label(header, index) for key, index in where.items()}
    meaning: dict[str, Level] = {**DEFAULT_VALUES, **(values or {})}
    edition = mapping.source_edition
    seen: dict[str, int] = {}
    kept: list[_Row] = []
    found: dict[str, dict[str, tuple[str, list[int]]]] = {
        key: {} for key in LEVEL_COLUMNS if key in where}
    count = 0
    for row_no, row in enumerate(iterator, start=2):
        if row_no > MAX_SHEET_ROWS + 1 or count >= MAX_DATA_ROWS:
            problems.append(AnswerProblem("", ngettext(
                "the file has more than %(num)d row: a gap sheet has one row for each clause",
                "the file has more than %(num)d rows: a gap sheet has one row for each clause",
                min(MAX_DATA_ROWS, MAX_SHEET_ROWS))))
            break
        raw = {key: row[index] if index < len(row) else None for key, index in where.items()}
        row_problems = [AnswerProblem(key, message, row_no, labels[key])
                        for key, value in raw.items()
                        if (message := unusable_message(value)) is not None]
        cells = {key: cell_text(value).strip() for key, value in raw.items()}
        if not row_problems and not any(cells.values()):
            continue
        count += 1
        clause = _clause(cells.get("clause", ""), row_no, labels["clause"], edition, seen,
                         row_problems, "clause" in {p.field for p in row_problems})
        for key in ("evidence", "notes", "owner"):
            if key in cells and cells[key]:
                try:
                    parse_value(ANSWER_FIELD[key], cells[key])
                except AnswerInvalid as exc:
                    row_problems.extend(AnswerProblem(key, p.message, row_no, labels[key])
                                        for p in exc.problems)
        for key in found:
            text = cells[key]
            if text.startswith("="):
                row_problems.append(AnswerProblem(key, _(
                    "holds a formula ('%(text)s'): type the level or the status word",
                    text=cut(text)), row_no, labels[key]))
            elif text:
                found[key].setdefault(value_key(text), (text, []))[1].append(row_no)
        problems.extend(row_problems)
        if clause is not None and not row_problems:
            kept.append(_Row(row_no, clause, cells))
    distinct = {key: tuple(FoundValue(text, value, tuple(rows), DEFAULT_VALUES.get(value))
                           for value, (text, rows) in by_value.items())
                for key, by_value in found.items()}
    for key, found_values in distinct.items():
        problems.extend(_scale_problems(key, labels[key], found_values, meaning))
    if not count and not problems:
        problems.append(AnswerProblem("", _("the sheet has a header but no rows to import"),
                                      2))
    if problems:
        problems.sort(key=lambda p: (p.row or 0, FIELDS.index(p.field) if p.field in FIELDS
                                     else -1))
        return result(problems, distinct, count=count, where=where)
    notes, links, left = _travel(kept, name, bank, mapping, meaning)
    carried = plan("file", bank, links, left)
    return result([], distinct, notes, carried, count, where)


def _clause(text: str, row_no: int, column: str, edition: EditionLike, seen: dict[str, int],
            problems: list[AnswerProblem], refused: bool) -> str | None:
    if refused:
        return None
    problem = None
    clause = normalise_clause(text) if text else None
    if not text:
        problem = _("the 2015 clause is blank")
    elif text.startswith("="):
        problem = _("holds a formula ('%(text)s'): type the clause number", text=cut(text))
    elif clause is None:
        problem = _("'%(text)s' is not a clause number (e.g. 7.1.5)", text=cut(text))
    elif clause not in edition.clauses:
        # TRANSLATORS: hint is empty or " (did you mean ...?)".
        problem = _("'%(clause)s' is not a clause of %(edition)s%(hint)s", clause=clause,
                    edition=edition.name, hint=suggest(clause, edition.clauses))
    elif clause in seen:
        problem = _("clause %(clause)s is already in row %(row)d: keep one row for each "
                    "clause", clause=clause, row=seen[clause])
    if problem is not None:
        problems.append(AnswerProblem("clause", problem, row_no, column))
        return None
    assert clause is not None
    seen[clause] = row_no
    return clause


def _scale_problems(key: str, column: str, found: Sequence[FoundValue],
                    meaning: Mapping[str, Level]) -> list[AnswerProblem]:
    """Mixed scales (words and numbers in one column), levels outside 0-4 and values the
    value mapping does not cover, each with the rows it is in."""
    problems: list[AnswerProblem] = []
    numbers = [value for value in found if _NUMBER_RE.match(value.key)]
    words = [value for value in found if not _NUMBER_RE.match(value.key)]
    if numbers and words:
        first = min(min(value.rows) for value in (numbers if len(numbers) <= len(words)
                                                   else words))
        problems.append(AnswerProblem(key, _(
            "mixes two scales: numbers %(numbers)s and words %(words)s; use one scale in a "
            "column", numbers=_values_text(numbers), words=_values_text(words)), first, column))
    for value in found:
        if value.key in meaning and meaning[value.key] is not None:
            continue
        if _NUMBER_RE.match(value.key):
            message = _("'%(value)s' is outside the levels 0 to 4 (rows %(rows)s)",
                        value=cut(value.value), rows=_rows_text(value.rows))
        else:
            message = _("'%(value)s' is not mapped to a level (rows %(rows)s): choose a level "
                        "or skip for it", value=cut(value.value), rows=_rows_text(value.rows))
        problems.append(AnswerProblem(key, message, value.rows[0], column))
    return problems


def _entries(clause: str, mapping: MappingLike) -> list[EntryLike]:
    entries = list(mapping.targets_for(clause))
    if entries:
        return entries
    below = sorted((number for number in mapping.source_edition.clauses
                    if number != clause and covers(number, clause)), key=clause_key)
    return [entry for number in below for entry in mapping.targets_for(number)]


def _travel(rows: Sequence[_Row], name: str, bank: Bank, mapping: MappingLike,
            meaning: Mapping[str, Level]
            ) -> tuple[list[RowNote], dict[str, list[Link]], list[LeftBehind]]:
    notes: list[RowNote] = []
    links: dict[str, list[Link]] = {}
    left: list[LeftBehind] = []
    edition_2026 = mapping.target_edition.clauses
    items = [item for item in bank.items if item.change != "new"]
    for row in rows:
        status = meaning.get(value_key(row.cells["status"])) if row.cells["status"] else None
        outcome = meaning.get(value_key(row.cells.get("outcome", ""))) \
            if row.cells.get("outcome") else None
        origin = Origin(_("%(file)s, row %(row)d (2015 clause %(clause)s)", file=name,
                          row=row.row, clause=row.clause))
        answer = answer_of(f"2015:{row.clause}", {
            "compliance": status if isinstance(status, int) else None,
            "outcome": outcome if isinstance(outcome, int) else None,
            **{ANSWER_FIELD[key]: row.cells.get(key, "") for key in ("evidence", "notes",
                                                                      "owner")}})
        source = SourceAnswer(answer, origin)
        if status == SKIP:
            reason = _("not carried: its status '%(value)s' is set to skip",
                       value=cut(row.cells["status"]))
            left.append(LeftBehind(source, reason))
            notes.append(RowNote(row.row, row.clause, reason))
            continue
        if answer.is_blank:
            continue
        entries = _entries(row.clause, mapping)
        targets: dict[str, str] = {}
        removed: list[str] = []
        for entry in entries:
            if entry.relationship == "removed" or not entry.target:
                removed.append(entry.rationale)
                continue
            kind = entry.relationship if entry.relationship in _RANK else "intersect"
            if entry.target not in targets or _RANK[kind] > _RANK[targets[entry.target]]:
                targets[entry.target] = kind
        note = ""
        moved = sorted(target for target in targets if target != row.clause)
        if row.clause not in edition_2026 and moved:
            note = _("2015 clause %(clause)s no longer exists; carried to %(targets)s",
                     clause=row.clause, targets=", ".join(moved))
            notes.append(RowNote(row.row, row.clause, note))
        reached: dict[str, str] = {}
        for item in items:
            kinds = [kind for target, kind in targets.items() if covers(item.clause, target)]
            if not kinds and any(covers(source_clause, row.clause)
                                 for source_clause in item.source_clauses):
                kinds = ["subset" if item.change in ("expanded", "structural") else "equal"]
            if kinds:
                reached[item.id] = max(kinds, key=lambda k: _RANK[k])
        if not reached:
            if removed:
                reason = _("not carried: 2015 clause %(clause)s was removed in 2026 "
                           "(%(why)s)", clause=row.clause, why=cut(removed[0], 200))
            else:
                reason = _("not carried: no item of the question bank covers 2015 clause "
                           "%(clause)s outside requirements new in 2026", clause=row.clause)
            left.append(LeftBehind(source, reason))
            notes.append(RowNote(row.row, row.clause, reason))
            continue
        for item_id, kind in reached.items():
            links.setdefault(item_id, []).append(Link(source, relationship_of(kind), note))
    return notes, links, left
