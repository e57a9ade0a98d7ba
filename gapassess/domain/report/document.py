"""Word building blocks python-docx does not offer directly: paragraphs and sections.

Paragraphs that carry user text safely (newlines kept as line breaks, right-to-left
paragraphs marked as such), fast style lookup, landscape sections and pictures with
alternative text. Fields live in ``fields``, tables in ``tables``.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Protocol

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Mm
from docx.text.paragraph import Paragraph

from gapassess.domain.report import styles
from gapassess.domain.report.text import clean, clean_lines, is_rtl

if TYPE_CHECKING:
    from docx.document import Document
    from docx.parts.story import StoryPart
    from docx.section import Section
    from docx.shape import InlineShape
    from docx.styles.style import ParagraphStyle
    from docx.text.run import Run


class ParagraphContainer(Protocol):
    """Anything that holds paragraphs: a document, a table cell, a header or a footer."""

    def add_paragraph(
        self, text: str = "", style: str | ParagraphStyle | None = None
    ) -> Paragraph: ...


# ---------------------------------------------------------------- text and paragraphs
def write_text(paragraph: Paragraph, text: object, bold: bool = False,
               italic: bool = False) -> Run:
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


def set_style(paragraph: Paragraph, name: str | None) -> None:
    """Apply paragraph style ``name`` (skipped when the document lacks it).

    python-docx looks a style name up by scanning every style each time; the ids are
    cached on the document part instead, which matters for reports of thousands of cells.
    """
    if not name:
        return
    found = style_id(paragraph.part, name)
    if found:
        paragraph._p.style = found


def style_id(part: StoryPart, name: str) -> str | None:
    """Id of the style called ``name`` in the document ``part`` belongs to (None if absent)."""
    main = part._document_part
    cache: dict[str, str | None] = main.__dict__.setdefault("_gapassess_style_ids", {})
    if name not in cache:
        try:
            cache[name] = main.styles[name].style_id
        except KeyError:
            cache[name] = None
    return cache[name]


def add_paragraph(container: ParagraphContainer, text: object = "", style: str | None = None,
                  bold: bool = False) -> Paragraph:
    """Add a paragraph holding user-safe ``text`` to a document, cell, header or footer."""
    paragraph = container.add_paragraph()
    set_style(paragraph, style)
    if text != "":
        write_text(paragraph, text, bold=bold)
    return paragraph


def add_heading(container: ParagraphContainer, text: object, level: int) -> Paragraph:
    """A heading paragraph (level 0 is the Title style) with safe text."""
    paragraph = container.add_paragraph()
    set_style(paragraph, styles.heading(level))
    write_text(paragraph, text)
    return paragraph


def add_labelled(container: ParagraphContainer, label: str, text: object,
                 style: str | None = None) -> Paragraph:
    """Add a paragraph "Label: text" with the label in bold."""
    paragraph = container.add_paragraph()
    set_style(paragraph, style)
    paragraph.add_run(label + ": ").bold = True
    write_text(paragraph, text)
    return paragraph


def _set_bidi(paragraph: Paragraph) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    if p_pr.find(qn("w:bidi")) is None:
        p_pr.append(OxmlElement("w:bidi"))


# ---------------------------------------------------------------- sections and pages
def new_section(document: Document, landscape: bool) -> Section:
    """Start a new section on a new page in portrait or landscape orientation."""
    section: Section = document.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = False
    width, height, _, _ = page_setup(section)
    wide = width > height
    if landscape != wide:
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    return section


def text_width(section: Section) -> Emu:
    """Width available between the margins of ``section``."""
    width, _, left, right = page_setup(section)
    return Emu(width - left - right)


A4 = (Mm(210), Mm(297))
DEFAULT_MARGIN = Mm(25)


def page_setup(section: Section) -> tuple[Length, Length, Length, Length]:
    """Page width, height, left and right margin of ``section``.

    A Word file may leave the page size or margins out; A4 portrait with 25 mm margins
    stands in for what is missing.
    """
    def given(value: Length | None, default: Length) -> Length:
        return default if value is None else value

    return (given(section.page_width, A4[0]), given(section.page_height, A4[1]),
            given(section.left_margin, DEFAULT_MARGIN), given(section.right_margin, DEFAULT_MARGIN))


# ---------------------------------------------------------------- pictures
def add_picture(document: Document, png: bytes, width: int, alt_text: str,
                title: str = "") -> InlineShape:
    """Add a centred picture whose alternative text screen readers and Word show."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Emu(width))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", clean(alt_text))
    if title:
        doc_pr.set("title", clean(title))
    return shape


