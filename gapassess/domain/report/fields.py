"""Word fields: the table of contents, page numbers, and the header and footer text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from gapassess.domain.report import styles
from gapassess.domain.report.document import set_style, style_id, write_text
from gapassess.domain.report.text import clean
from gapassess.i18n import _

if TYPE_CHECKING:
    from docx.document import Document
    from docx.section import Section, _Footer, _Header
    from docx.text.run import Run


PAGE_FIELD, PAGES_FIELD = "PAGE", "NUMPAGES"  # Word field codes
FIELD_MARK = "\x00%s\x00"  # stands for a field in a translated line (never typed text)
FIELD_SPLIT = re.compile("\x00([A-Z]+)\x00")


# ---------------------------------------------------------------- fields
def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """Append a complex field (``PAGE``, ``NUMPAGES``, ``TOC ...``) to ``paragraph``."""
    runs: list[Run] = []
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


def add_toc(document: Document, levels: str = "1-2", placeholder: str = "") -> Paragraph:
    """Insert a table-of-contents field that Word fills in when the file is opened.

    Returns the paragraph holding the field, for ``fill_toc``.
    """
    paragraph = document.add_paragraph()
    add_field(
        paragraph,
        f'TOC \\o "{levels}" \\h \\z \\u',
        placeholder or _("The table of contents is built when the document is opened "
                         "(in Word, answer Yes to updating fields; elsewhere, update the "
                         "index)."),
    )
    update_fields_on_open(document)
    return paragraph


def fill_toc(document: Document, toc_paragraph: Paragraph, levels: tuple[int, ...] = (1, 2)) -> int:
    """Put the current headings in the TOC field's result, without page numbers.

    Word replaces them with the full table when it updates fields on opening; other
    readers (and PDF converters that do not update fields) show this list instead of
    a bare placeholder. Returns the number of entries.
    """
    ids = {style_id(document.part, styles.heading(level)): level for level in levels}
    ids.pop(None, None)
    entries = [
        (ids[p.style], "".join(t.text or "" for t in p.iter(qn("w:t"))))
        for p in document.element.body.iterchildren(qn("w:p"))
        if p.style in ids
    ]
    runs = toc_paragraph._p.findall(qn("w:r"))
    separate = next(i for i, r in enumerate(runs)
                    if r.find(qn("w:fldChar")) is not None
                    and r.find(qn("w:fldChar")).get(qn("w:fldCharType")) == "separate")
    result, end = runs[separate + 1], runs[separate + 2]
    if not entries:
        return 0
    toc_paragraph._p.remove(result)
    toc_paragraph._p.remove(end)
    anchor = toc_paragraph
    for index, (level, text) in enumerate(entries):
        target = toc_paragraph
        if index:
            element = OxmlElement("w:p")
            anchor._p.addnext(element)
            target = Paragraph(element, toc_paragraph._parent)
        set_style(target, styles.toc(level))
        if level > 1 and not style_id(target.part, styles.toc(level)):
            target.paragraph_format.left_indent = Pt(14 * (level - 1))
        target.add_run(text)
        anchor = target
    anchor._p.append(end)
    return len(entries)


def update_fields_on_open(document: Document) -> None:
    """Ask Word to refresh every field (TOC, page counts) when it opens the file."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        flag = OxmlElement("w:updateFields")
        flag.set(qn("w:val"), "true")
        settings.append(flag)


# ---------------------------------------------------------------- header and footer
def set_header_footer(section: Section, header_text: str, footer_text: str) -> None:
    """Put ``header_text`` in the header and "footer_text · Page X of Y" in the footer.

    Whatever a branded template already holds there (a logo, a address line) is kept:
    the text is added in a paragraph of its own after it.
    """
    header = section.header
    header.is_linked_to_previous = False
    paragraph = _free_paragraph(header)
    set_style(paragraph, styles.HEADER)
    write_text(paragraph, header_text)

    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = _free_paragraph(footer)
    set_style(paragraph, styles.FOOTER)
    # TRANSLATORS: the footer of every page; date is the report's date, page and pages
    # the page number and the number of pages (filled in by Word).
    line = _("%(date)s · Page %(page)s of %(pages)s", date=clean(footer_text),
             page=FIELD_MARK % PAGE_FIELD, pages=FIELD_MARK % PAGES_FIELD)
    for index, piece in enumerate(FIELD_SPLIT.split(line)):
        if index % 2:
            add_field(paragraph, piece, "1")
        elif piece:
            write_text(paragraph, piece)


def _free_paragraph(part: _Header | _Footer) -> Paragraph:
    paragraphs: list[Paragraph] = part.paragraphs  # python-docx leaves this unannotated
    has_content = any(p.text.strip() for p in paragraphs) or part._element.xpath(
        ".//w:drawing | .//w:pict | .//w:tbl"
    )
    if paragraphs and not has_content:
        return paragraphs[0]
    return part.add_paragraph()
