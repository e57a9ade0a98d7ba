"""Word building blocks python-docx does not offer directly.

Fields (table of contents, page numbers), header and footer text, table rows that
repeat as a header or never split across pages, landscape sections, pictures with
alternative text, and paragraphs that carry user text safely (newlines kept as line
breaks, right-to-left paragraphs marked as such).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt

from gapassess.domain.report.text import clean, clean_lines, is_rtl

TABLE_STYLE = "Report Table"
TABLE_TEXT_STYLE = "Table Text"


# ---------------------------------------------------------------- text and paragraphs
def write_text(paragraph, text: object, bold: bool = False, italic: bool = False):
    """Append ``text`` to ``paragraph`` as one run; newlines become line breaks."""
    lines = clean_lines(text)
    run = paragraph.add_run()
    run.bold = bold or None
    run.italic = italic or None
    for index, line in enumerate(lines):
        if index:
            run.add_break(WD_BREAK.LINE)
        if line:
            run.add_text(line)
    if is_rtl(clean(text)):
        _set_bidi(paragraph)
    return run


def add_paragraph(container, text: object = "", style: str | None = None, bold: bool = False):
    """Add a paragraph holding user-safe ``text`` to a document, cell, header or footer."""
    paragraph = container.add_paragraph(style=style)
    if text != "":
        write_text(paragraph, text, bold=bold)
    return paragraph


def add_labelled(container, label: str, text: object, style: str | None = None):
    """Add a paragraph "Label: text" with the label in bold."""
    paragraph = container.add_paragraph(style=style)
    paragraph.add_run(label + ": ").bold = True
    write_text(paragraph, text)
    return paragraph


def page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _set_bidi(paragraph) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    if p_pr.find(qn("w:bidi")) is None:
        p_pr.append(OxmlElement("w:bidi"))


# ---------------------------------------------------------------- fields
def add_field(paragraph, instruction: str, placeholder: str = "") -> None:
    """Append a complex field (``PAGE``, ``NUMPAGES``, ``TOC ...``) to ``paragraph``."""
    runs = []
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        elif kind == "result":
            run.add_text(placeholder)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                char.set(qn("w:dirty"), "true")
            run._r.append(char)
        runs.append(run)


def add_toc(document, levels: str = "1-2", placeholder: str = "") -> None:
    """Insert a table-of-contents field that Word fills in when the file is opened."""
    paragraph = document.add_paragraph()
    add_field(
        paragraph,
        f'TOC \\o "{levels}" \\h \\z \\u',
        placeholder or "The table of contents is built when the document is opened "
        "(in Word, answer Yes to updating fields; elsewhere, update the index).",
    )
    update_fields_on_open(document)


def update_fields_on_open(document) -> None:
    """Ask Word to refresh every field (TOC, page counts) when it opens the file."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        flag = OxmlElement("w:updateFields")
        flag.set(qn("w:val"), "true")
        settings.append(flag)


# ---------------------------------------------------------------- header and footer
def set_header_footer(section, header_text: str, footer_text: str) -> None:
    """Put ``header_text`` in the header and "footer_text · Page X of Y" in the footer.

    Whatever a branded template already holds there (a logo, a address line) is kept:
    the text is added in a paragraph of its own after it.
    """
    header = section.header
    header.is_linked_to_previous = False
    paragraph = _free_paragraph(header)
    paragraph.style = _style_or_none(section, "Header")
    write_text(paragraph, header_text)

    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = _free_paragraph(footer)
    paragraph.style = _style_or_none(section, "Footer")
    write_text(paragraph, clean(footer_text) + " · Page ")
    add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    add_field(paragraph, "NUMPAGES", "1")


def _free_paragraph(part):
    paragraphs = part.paragraphs
    has_content = any(p.text.strip() for p in paragraphs) or part._element.xpath(
        ".//w:drawing | .//w:pict | .//w:tbl"
    )
    if paragraphs and not has_content:
        return paragraphs[0]
    return part.add_paragraph()


def _style_or_none(section, name: str):
    styles = section.part.package.main_document_part.document.styles
    try:
        return styles[name]
    except KeyError:
        return None


# ---------------------------------------------------------------- sections and pages
def new_section(document, landscape: bool):
    """Start a new section on a new page in portrait or landscape orientation."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = False
    width, height = section.page_width, section.page_height
    wide = width > height
    if landscape != wide:
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    return section


def text_width(section) -> Emu:
    """Width available between the margins of ``section``."""
    return Emu(section.page_width - section.left_margin - section.right_margin)


# ---------------------------------------------------------------- pictures
def add_picture(document, png: bytes, width: int, alt_text: str, title: str = ""):
    """Add a centred picture whose alternative text screen readers and Word show."""
    paragraph = document.add_paragraph()
    paragraph.alignment = 1  # centre
    paragraph.paragraph_format.keep_with_next = True
    shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Emu(width))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", clean(alt_text))
    if title:
        doc_pr.set("title", clean(title))
    return shape


# ---------------------------------------------------------------- tables
def add_table(
    document,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[float] | None = None,
    total_width: int | None = None,
    style: str | None = TABLE_STYLE,
    cell_style: str | None = TABLE_TEXT_STYLE,
    cant_split_limit: int = 1200,
):
    """Add a table whose header row repeats on every page and whose rows do not split.

    ``widths`` are relative column widths shared out over ``total_width`` (EMU).
    A row holding more than ``cant_split_limit`` characters is allowed to split, so a
    row taller than a page can never be lost.
    """
    table = document.add_table(rows=1, cols=len(headers))
    if style:
        table.style = style
    header_row = table.rows[0]
    mark_header_row(header_row)
    set_cant_split(header_row)
    for cell, text in zip(header_row.cells, headers, strict=True):
        write_cell(cell, text, cell_style, bold=True)
    for values in rows:
        row = table.add_row()
        for cell, value in zip(row.cells, values, strict=True):
            write_cell(cell, value, cell_style)
        if sum(len(clean(v)) for v in values) <= cant_split_limit:
            set_cant_split(row)
    if widths and total_width:
        set_column_widths(table, widths, total_width)
    return table


def write_cell(cell, value: object, style: str | None = None, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    if style:
        paragraph.style = style
    if isinstance(value, (list, tuple)):
        for index, line in enumerate(value):
            target = paragraph if index == 0 else cell.add_paragraph(style=style)
            write_text(target, line, bold=bold)
    else:
        write_text(paragraph, value, bold=bold)


def mark_header_row(row) -> None:
    """Repeat ``row`` at the top of each page the table runs onto (w:tblHeader)."""
    _row_flag(row, "w:tblHeader")


def set_cant_split(row) -> None:
    """Keep ``row`` on one page (w:cantSplit)."""
    _row_flag(row, "w:cantSplit")


def _row_flag(row, tag: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn(tag)) is None:
        flag = OxmlElement(tag)
        flag.set(qn("w:val"), "true")
        tr_pr.append(flag)


def set_column_widths(table, widths: Sequence[float], total_width: int) -> None:
    """Share ``total_width`` out over the columns in proportion to ``widths``."""
    total = float(sum(widths))
    emus = [Emu(int(total_width * w / total)) for w in widths]
    table.autofit = False
    for column, width in zip(table.columns, emus, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, emus, strict=True):
            cell.width = width


def small(paragraph, size: float = 8) -> None:
    for run in paragraph.runs:
        run.font.size = Pt(size)
