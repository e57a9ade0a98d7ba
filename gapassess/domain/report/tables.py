"""Word tables whose header row repeats on each page and whose rows do not split."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu

from gapassess.domain.report import styles
from gapassess.domain.report.document import style_id
from gapassess.domain.report.text import clean, clean_lines, is_rtl

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table

QUOTE = {'"': "&quot;"}

TABLE_STYLE = styles.TABLE
TABLE_TEXT_STYLE = styles.TABLE_TEXT


class Strong(str):
    """A cell text written in bold (for example an action's title above its description)."""


def add_table(
    document: Document,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[float] | None = None,
    total_width: int | None = None,
    style: str | None = TABLE_STYLE,
    cell_style: str | None = TABLE_TEXT_STYLE,
    cant_split_limit: int = 1200,
) -> Table:
    """Add a table whose header row repeats on every page and whose rows do not split.

    ``widths`` are relative column widths shared out over ``total_width`` (EMU). A cell
    value is text (newlines become line breaks) or a list of texts (one paragraph each);
    texts given as ``Strong`` are bold.
    A row holding more than ``cant_split_limit`` characters is allowed to split, so a
    row taller than a page can never be lost. Rows are written as XML in one go: going
    cell by cell through python-docx costs seconds on a report's worth of rows.
    """
    table: Table = document.add_table(rows=1, cols=len(headers))
    if style:
        table.style = style
    table_rows = [list(values) for values in rows]
    twips = column_twips(widths, total_width) if widths and total_width else None
    if twips:
        twips = fit_words(twips, headers, table_rows)
    if twips:
        _fix_widths(table, twips)
    style_ref = style_id(document.part, cell_style) if cell_style else None
    tbl = table._tbl
    tbl.remove(tbl.tr_lst[0])
    parts = [_row_xml(headers, twips, style_ref, header=True)]
    for values in table_rows:
        cant_split = sum(len(clean(v)) for v in _flat(values)) <= cant_split_limit
        parts.append(_row_xml(values, twips, style_ref, cant_split=cant_split))
    holder = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(parts)}</w:tbl>")
    for row in list(holder):
        tbl.append(row)
    return table


def column_twips(widths: Sequence[float], total_width: int) -> list[int]:
    """Column widths in twips sharing ``total_width`` (EMU) in proportion to ``widths``."""
    total = float(sum(widths))
    return [Emu(int(total_width * w / total)).twips for w in widths]


#: Table text is 8.5 pt; a character is at most about 0.6 em wide (0.66 em in bold), and a
#: cell has 108 twips of padding on each side (Word's default cell margins).
TEXT_PT = 8.5
CHAR_EM, BOLD_EM = 0.6, 0.66
CELL_PADDING = 2 * 108


def word_twips(word: str, bold: bool = False) -> int:
    """About how wide ``word`` is in table text, padding included, in twips."""
    return int(len(word) * TEXT_PT * (BOLD_EM if bold else CHAR_EM) * 20) + CELL_PADDING


def fit_words(twips: list[int], headers: Sequence[str], rows: Sequence[Sequence[object]],
              ) -> list[int]:
    """Widen the columns whose longest word would not fit on one line (so no word is ever
    broken inside a cell, "Conformit/y"), taking the room from the columns that have
    some to spare. The widths are kept when the words cannot all fit."""
    need = [word_twips(max(str(h).split() or [""], key=len), bold=True) for h in headers]
    for values in rows:
        for index, value in enumerate(values[:len(need)]):
            for line in (value if isinstance(value, (list, tuple)) else [value]):
                words = clean(line).split()
                if words:
                    need[index] = max(need[index],
                                      word_twips(max(words, key=len), isinstance(line, Strong)))
    total = sum(twips)
    if sum(need) > total:
        return twips
    short = sum(max(n - t, 0) for n, t in zip(need, twips, strict=True))
    if not short:
        return twips
    spare = [max(t - n, 0) for n, t in zip(need, twips, strict=True)]
    room = sum(spare)
    return [max(n, t - int(short * s / room)) if s else max(n, t)
            for n, t, s in zip(need, twips, spare, strict=True)]


def _fix_widths(table: Table, twips: list[int]) -> None:
    table.autofit = False
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is not None:
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(sum(twips)))
    for col, width in zip(table._tbl.tblGrid.gridCol_lst, twips, strict=True):
        col.set(qn("w:w"), str(width))


def _flat(values: Sequence[object]) -> list[object]:
    return [v for value in values
            for v in (value if isinstance(value, (list, tuple)) else [value])]


def _row_xml(values: Sequence[object], twips: list[int] | None, style_ref: str | None,
             header: bool = False, cant_split: bool = True) -> str:
    flags = ('<w:tblHeader w:val="true"/>' if header else "") + \
        ('<w:cantSplit w:val="true"/>' if cant_split or header else "")
    cells = []
    for index, value in enumerate(values):
        width = f'<w:tcPr><w:tcW w:type="dxa" w:w="{twips[index]}"/></w:tcPr>' if twips else ""
        lines = value if isinstance(value, (list, tuple)) else [value]
        paragraphs = "".join(_paragraph_xml(line, style_ref, header or isinstance(line, Strong))
                             for line in lines) or \
            _paragraph_xml("", style_ref, header)
        cells.append(f"<w:tc>{width}{paragraphs}</w:tc>")
    row_pr = f"<w:trPr>{flags}</w:trPr>" if flags else ""
    return f"<w:tr>{row_pr}{''.join(cells)}</w:tr>"


def _paragraph_xml(value: object, style_ref: str | None, bold: bool) -> str:
    text = clean(value)
    props = (f'<w:pStyle w:val="{escape(style_ref, QUOTE)}"/>' if style_ref else "") + \
        ("<w:bidi/>" if is_rtl(text) else "")
    runs = "<w:br/>".join(
        f'<w:t xml:space="preserve">{escape(line)}</w:t>' if line else ""
        for line in clean_lines(text)
    )
    run = f"<w:r>{'<w:rPr><w:b/></w:rPr>' if bold else ''}{runs}</w:r>" if text else ""
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{run}</w:p>"

