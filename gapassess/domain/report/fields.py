"""Word fields: the table of contents, page numbers, and the header and footer text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from gapassess.domain.report.document import set_style, style_id, write_text
from gapassess.domain.report.text import clean

if TYPE_CHECKING:
    from docx.document import Document
    from docx.section import Section, _Footer, _Header
    from docx.text.run import Run


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
        placeholder or "The table of contents is built when the document is opened "
        "(in Word, answer Yes to updating fields; elsewhere, update the index).",
    )
    update_fields_on_open(document)
    return paragraph


def fill_toc(document: Document, toc_paragraph: Paragraph, levels: tuple[int, ...] = (1, 2)) -> int:
    """Put the current headings in the TOC field's result, without page numbers.

    Word replaces them with the full table when it updates fields on opening; other
    readers (and PDF converters that do not update fields) show this list instead of
    a bare placeholder. Returns the number of entries.
    """
    ids = {style_id(document.part, f"Heading {level}"): level for level in levels}
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
        set_style(target, f"toc {level}")  # Word's own name for its TOC styles
        if level > 1 and not style_id(target.part, f"toc {level}"):
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
    set_style(paragraph, "Header")
    write_text(paragraph, header_text)

    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = _free_paragraph(footer)
    set_style(paragraph, "Footer")
    write_text(paragraph, clean(footer_text) + " · Page ")
    add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    add_field(paragraph, "NUMPAGES", "1")


def _free_paragraph(part: _Header | _Footer) -> Paragraph:
    paragraphs: list[Paragraph] = part.paragraphs  # python-docx leaves this unannotated
    has_content = any(p.text.strip() for p in paragraphs) or part._element.xpath(
        ".//w:drawing | .//w:pict | .//w:tbl"
    )
    if paragraphs and not has_content:
        return paragraphs[0]
    return part.add_paragraph()
