"""The transition dossier's pure parts: where each evidence file goes in the zip, the
evidence index workbook (per 2026 change: the items, their evidence, the internal audit
and management review ratings, open actions) and the manifest of checksums.

The database side (gapassess.db.dossier) gathers the rows and streams the files.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from gapassess.domain.change_kinds import CHANGE_KINDS
from gapassess.domain.evidence import expiry_state, safe_name
from gapassess.domain.questionnaire.numbering import clause_key
from gapassess.domain.workbook import data_cell, header_row  # the workbooks' one rule
from gapassess.i18n import _, ngettext, pgettext

REPORT_NAME = "report.docx"
INDEX_NAME = "evidence-index.xlsx"
MANIFEST_NAME = "MANIFEST.txt"
EVIDENCE_FOLDER = "evidence"
#: The bank's clauses whose items rate the internal audit and the management review.
AUDIT_CLAUSE, REVIEW_CLAUSE = "9.2", "9.3"

_WRAP = Alignment(wrap_text=True, vertical="top")
_UNSAFE_PART = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class FileEntry:
    """One live evidence file of the assessment and its place in the zip."""

    file_id: int
    item_id: str
    clause: str
    item_title: str
    name: str
    evidence_date: date
    expires_on: date | None
    size: int
    sha256: str
    path: str = ""  # in the zip, set by ``place``


@dataclass(frozen=True)
class ActionEntry:
    title: str
    due: date
    status: str


@dataclass(frozen=True)
class IndexRow:
    """One changed item of the evidence index."""

    item_id: str
    clause: str
    title: str
    change: str
    change_note: str
    compliance: int | None
    outcome: int | None
    not_applicable: bool
    review_status: str  # as people read it
    files: Sequence[FileEntry] = ()
    actions: Sequence[ActionEntry] = ()


@dataclass(frozen=True)
class Coverage:
    """The assessment's ratings of one clause's items (9.2 or 9.3): (item id, compliance,
    outcome) each."""

    clause: str
    ratings: Sequence[tuple[str, int | None, int | None]] = field(default_factory=tuple)


def _part(text: str) -> str:
    """A folder name from a clause or an item id: no separators, no dots-only names."""
    cleaned = _UNSAFE_PART.sub("_", text).strip("._") or "_"
    return cleaned


def place(entries: Iterable[FileEntry]) -> list[FileEntry]:
    """``entries`` with their path in the zip, ``evidence/<clause>/<item id>/<name>``; a name
    taken twice in one folder gets " (2)", " (3)" before its extension."""
    from dataclasses import replace

    taken: set[str] = set()
    placed = []
    for entry in entries:
        folder = f"{EVIDENCE_FOLDER}/{_part(entry.clause)}/{_part(entry.item_id)}"
        name = safe_name(entry.name).replace("/", "_")
        stem, dot, ext = name.rpartition(".")
        if not dot or not stem:
            stem, ext = name, ""
        path, number = f"{folder}/{name}", 1
        while path.lower() in taken:
            number += 1
            path = f"{folder}/{stem} ({number})" + (f".{ext}" if ext else "")
        taken.add(path.lower())
        placed.append(replace(entry, path=path))
    return placed


def ordered(rows: Iterable[IndexRow]) -> list[IndexRow]:
    """Changed items only, by change kind (the most demanding first), then clause; the
    bank's order within a clause."""
    rank = {kind: n for n, kind in enumerate(CHANGE_KINDS)}
    kept = [row for row in rows if row.change != "unchanged"]
    return sorted(kept, key=lambda r: (rank.get(r.change, len(rank)), clause_key(r.clause)))


def _levels(compliance: int | None, outcome: int | None, not_applicable: bool) -> str:
    if not_applicable:
        return _("not applicable")
    shown = [("–" if v is None else str(v)) for v in (compliance, outcome)]
    return _("compliance %(compliance)s, outcome %(outcome)s",
             compliance=shown[0], outcome=shown[1])


def _span(values: list[int]) -> str:
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}–{high}"


def coverage_text(coverage: Coverage) -> str:
    """What the assessment rated the clause's items: the span of levels and how many
    items are rated, e.g. "compliance 2–3, outcome 1–3 (5 of 6 items rated)"."""
    total = len(coverage.ratings)
    rated = [(c, o) for _id, c, o in coverage.ratings if c is not None and o is not None]
    if not rated:
        return _("not rated (%(clause)s)", clause=coverage.clause)
    return ngettext(
        "%(clause)s: compliance %(compliance)s, outcome %(outcome)s (%(rated)d of %(num)d "
        "item rated)",
        "%(clause)s: compliance %(compliance)s, outcome %(outcome)s (%(rated)d of %(num)d "
        "items rated)", total, clause=coverage.clause,
        compliance=_span([c for c, _o in rated]), outcome=_span([o for _c, o in rated]),
        rated=len(rated))


def expiry_text(entry: FileEntry, today: date) -> str:
    if entry.expires_on is None:
        return _("no expiry")
    state = expiry_state(entry.expires_on, today)
    when = entry.expires_on.isoformat()
    if state == "expired":
        return _("expired %(date)s", date=when)
    if state == "soon":
        return _("expires soon, %(date)s", date=when)
    return _("expires %(date)s", date=when)


def _files_text(files: Sequence[FileEntry], today: date) -> str:
    return "\n".join(_("%(name)s (evidence of %(date)s; %(expiry)s)", name=f.name,
                       date=f.evidence_date.isoformat(), expiry=expiry_text(f, today))
                     for f in files)


def _actions_text(actions: Sequence[ActionEntry]) -> str:
    return "\n".join(_("%(title)s (due %(due)s, %(status)s)", title=a.title,
                       due=a.due.isoformat(), status=a.status) for a in actions)


#: Points a line of text takes in a sheet row, and characters of a column's width unit.
LINE_POINTS = 15
CHARS_PER_WIDTH = 1.1


def fit_rows(sheet: Worksheet, first_row: int) -> None:
    """Set each row's height from ``first_row`` on to the lines its wrapped cells need, so
    the rows neither clip nor overlap when the sheet is opened or printed (spreadsheet
    programs do not fit wrapped rows by themselves)."""
    widths = {letter: dim.width or 10 for letter, dim in sheet.column_dimensions.items()}
    for row in sheet.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if cell.value is None:
                continue
            width = widths.get(cell.column_letter, 10) * CHARS_PER_WIDTH
            needed = sum(max(1, math.ceil(len(part) / width))
                         for part in str(cell.value).split("\n"))
            lines = max(lines, needed)
        sheet.row_dimensions[row[0].row].height = LINE_POINTS * lines
    # printed: landscape, every column on the page's width
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0


def build_index(rows: Iterable[IndexRow], files: Sequence[FileEntry], audit: Coverage,
                management_review: Coverage, today: date, title: str = "") -> Workbook:
    """The evidence index: "By 2026 change" (a note in row 1, the header in row 2, one row
    per changed item) and "Evidence files" (the header in row 1, one row per live file).
    Every text is written as text: nothing typed becomes a live formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = pgettext("sheet name", "By 2026 change")
    note = data_cell(sheet, 1, 1, _(
        "The internal audit and management review columns are this assessment's ratings of "
        "its audit programme (clause %(audit)s items) and its management review (clause "
        "%(review)s items), the same on every row: the coverage of each item by the audit "
        "or the review is not recorded.", audit=AUDIT_CLAUSE, review=REVIEW_CLAUSE))
    note.alignment = _WRAP
    note.font = Font(italic=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=10)
    sheet.row_dimensions[1].height = 45
    header_row(sheet, 2, (
        (_("Clause"), 9), (_("Item"), 36), (_("Change"), 11), (_("Change note"), 45),
        (_("Levels"), 24), (_("Review status"), 18), (_("Evidence files"), 50),
        (_("Internal audit"), 30), (_("Management review"), 30), (_("Open actions"), 45)))
    audit_text, review_text = coverage_text(audit), coverage_text(management_review)
    for number, row in enumerate(ordered(rows), start=3):
        values = (row.clause, row.title, row.change, " ".join(row.change_note.split()),
                  _levels(row.compliance, row.outcome, row.not_applicable),
                  row.review_status, _files_text(row.files, today), audit_text, review_text,
                  _actions_text(row.actions))
        for col, value in enumerate(values, start=1):
            data_cell(sheet, number, col, value).alignment = _WRAP
    fit_rows(sheet, 2)
    sheet.freeze_panes = "C3"

    listing = workbook.create_sheet(pgettext("sheet name", "Evidence files"))
    header_row(listing, 1, (
        (_("Clause"), 9), (_("Item"), 36), (_("File"), 36), (_("Evidence date"), 13),
        (_("Expiry"), 24), (_("Size (bytes)"), 12), (_("SHA-256"), 66),
        (_("Path in the zip"), 60)))
    for number, entry in enumerate(files, start=2):
        cells: tuple[object, ...] = (
            entry.clause, entry.item_title, entry.name, entry.evidence_date.isoformat(),
            expiry_text(entry, today), entry.size, entry.sha256, entry.path)
        for col, cell in enumerate(cells, start=1):
            data_cell(listing, number, col, cell).alignment = _WRAP
    fit_rows(listing, 1)
    listing.freeze_panes = "A2"
    if title:
        workbook.properties.title = _("%(title)s: evidence index", title=title)
    return workbook


@dataclass(frozen=True)
class Written:
    """A file as written to the zip: its path, size and the SHA-256 of the bytes written;
    ``problem`` says what went wrong ("" when nothing did)."""

    path: str
    size: int
    sha256: str
    problem: str = ""


def manifest_text(written: Sequence[Written]) -> str:
    """The manifest: problems first (or a line saying there are none), then one line per
    file written: ``<sha256>  <size>  <path>``."""
    problems = [w for w in written if w.problem]
    lines = [_("Transition dossier: manifest of the evidence files (SHA-256, size in bytes, "
               "path)."), ""]
    if problems:
        lines.append(ngettext("PROBLEM: %(num)d file does not match what was stored:",
                              "PROBLEMS: %(num)d files do not match what was stored:",
                              len(problems)))
        lines.extend(f"  {w.path}: {w.problem}" for w in problems)
    else:
        lines.append(_("No problems: every file matches the checksum stored when it was "
                       "uploaded."))
    lines.append("")
    lines.extend(f"{w.sha256}  {w.size}  {w.path}" for w in written if w.sha256)
    return "\n".join(lines) + "\n"
