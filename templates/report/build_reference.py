"""Regenerate ``reference.docx``, the Word template whose styles the report uses.

Run from the repository root:

    .venv/bin/python templates/report/build_reference.py

The file holds only styles, page setup (A4, portrait) and an empty body. Consultants
copy it, restyle it in Word (fonts, colours, a logo in the header) and pass their copy
with ``gapassess report --template``. Any style their copy lacks is taken from this
file, so the names below are the report's style contract:

    Title, Subtitle, Heading 1-3, Caption, List Bullet, Header, Footer, TOC Heading,
    Report Headline (paragraph), Table Text (paragraph), Report Table (table), and the
    table-of-contents levels "toc 1" and "toc 2" (optional: Word brings its own).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

OUTPUT = Path(__file__).resolve().parent / "reference.docx"
FONT = "Arial"
NAVY = RGBColor(0x1F, 0x3A, 0x5F)
BLUE = RGBColor(0x00, 0x5A, 0x8C)
GREY = RGBColor(0x55, 0x55, 0x55)

# (name, size pt, bold, italic, colour, space before pt, space after pt, outline level)
PARAGRAPH_STYLES = [
    ("Normal", 10, False, False, None, 0, 6, None),
    ("Title", 28, True, False, NAVY, 0, 12, None),
    ("Subtitle", 15, False, False, BLUE, 0, 18, None),
    ("Heading 1", 17, True, False, NAVY, 0, 10, 0),
    ("Heading 2", 13, True, False, BLUE, 14, 4, 1),
    ("Heading 3", 11, True, False, GREY, 10, 3, 2),
    ("Caption", 9, False, True, GREY, 2, 12, None),
    ("Header", 8, False, False, GREY, 0, 0, None),
    ("Footer", 8, False, False, GREY, 0, 0, None),
    ("TOC Heading", 17, True, False, NAVY, 0, 10, None),
    ("Report Headline", 13, True, False, NAVY, 6, 8, None),
    ("Table Text", 8.5, False, False, None, 0, 1, None),
    ("toc 1", 10, True, False, None, 6, 2, None),
    ("toc 2", 10, False, False, None, 0, 2, None),
]

TABLE_STYLE_XML = f"""
<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="ReportTable">
  <w:name w:val="Report Table"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="59"/>
  <w:qFormat/>
  <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>
      <w:left w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>
      <w:bottom w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>
      <w:right w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>
      <w:insideV w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>
      <w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:color w:val="1F3A5F"/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E2EC"/></w:tcPr>
  </w:tblStylePr>
</w:style>
"""


def _set_font(style, name: str) -> None:
    r_pr = style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _paragraph_style(document, spec) -> None:
    name, size, bold, italic, colour, before, after, outline = spec
    try:
        style = document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.quick_style = True
    p_pr = style.element.get_or_add_pPr()
    for tag in ("w:pBdr", "w:numPr"):
        for element in p_pr.findall(qn(tag)):
            p_pr.remove(element)
    if name != "Normal":
        _set_font(style, FONT)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = colour
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if outline is not None:
        fmt.keep_with_next = True
        level = p_pr.find(qn("w:outlineLvl"))
        if level is None:
            level = OxmlElement("w:outlineLvl")
            p_pr.append(level)
        level.set(qn("w:val"), str(outline))
    if name == "Heading 1":
        fmt.page_break_before = True
    if name == "Table Text":
        fmt.line_spacing = 1.0
    if name == "toc 2":
        fmt.left_indent = Pt(14)


def build(output: Path = OUTPUT) -> Path:
    document = docx.Document()
    _set_font(document.styles["Normal"], FONT)
    for spec in PARAGRAPH_STYLES:
        _paragraph_style(document, spec)
    document.styles["Normal"].paragraph_format.line_spacing = 1.1
    document.styles.element.append(parse_xml(TABLE_STYLE_XML))

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)

    props = document.core_properties
    props.title = "gapassess report template"
    props.author = props.last_modified_by = "gapassess"
    props.created = props.modified = dt.datetime(2026, 1, 1)
    props.revision = 1
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    output.parent.mkdir(parents=True, exist_ok=True)
    document.save(output)
    return output


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    print(f"Wrote {build(target)}")
