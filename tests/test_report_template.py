"""Branding: the report takes its styles, header and logo from a consultant's .docx template."""

from __future__ import annotations

import io
import re
import runpy
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, RGBColor

from gapassess.domain.charts import figure_png, item_map_chart
from gapassess.domain.report import ReportTemplateError, build_report, reference_template
from gapassess.domain.report.template import MIN_TEXT_WIDTH_CM, REQUIRED_STYLES, check_template
from tests import report_support as rs

BRAND = RGBColor(0x8B, 0x00, 0x3C)


@pytest.fixture(scope="module")
def inputs():
    answers = rs.answers("outcome-driven")
    return rs.result_for(answers), rs.questionnaire(), answers


def _branded_template(path: Path, drop: tuple[str, ...] = ()) -> Path:
    """A plain Word document restyled by a consultant: font, colour, logo, leftover text."""
    document = docx.Document()
    heading = document.styles["Heading 1"]
    heading.font.name = "Courier New"
    heading.font.color.rgb = BRAND
    header = document.sections[0].header
    header.paragraphs[0].text = "Consultancy & Partners"
    logo = figure_png(item_map_chart(rs.result_for([])), dpi=20)
    header.add_paragraph().add_run().add_picture(io.BytesIO(logo), width=Cm(3))
    document.add_paragraph("Old proposal text that must not survive")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Old table"
    for name in drop:
        element = document.styles[name].element
        element.getparent().remove(element)
    document.save(path)
    return path


def test_reference_template_holds_every_style_and_regenerates(tmp_path):
    reference = docx.Document(reference_template())
    names = {s.name for s in reference.styles}
    assert set(REQUIRED_STYLES) <= names
    script = reference_template().parent / "build_reference.py"
    rebuilt = tmp_path / "reference.docx"
    runpy.run_path(str(script))["build"](rebuilt)
    assert {s.name for s in docx.Document(rebuilt).styles} == names
    assert not docx.Document(rebuilt).paragraphs


def test_branded_template_styles_header_and_logo_are_used(tmp_path, inputs):
    template = _branded_template(tmp_path / "brand.docx")
    notices: list[str] = []
    document = build_report(*inputs, rs.meta(), template=template, on_notice=notices.append)
    heading = document.styles["Heading 1"]
    assert heading.font.name == "Courier New" and heading.font.color.rgb == BRAND
    header = document.sections[0].header
    texts = [p.text for p in header.paragraphs]
    assert "Consultancy & Partners" in texts
    assert header._element.xpath(".//w:drawing")  # the logo is still there
    assert any("Acme Precision Ltd" in t for t in texts)
    text = rs.all_text(document)
    assert "Old proposal text" not in text and "Old table" not in text
    # the plain Word template lacks the report's own styles: they fall back, with a message
    assert len(notices) == 1 and "Report Table" in notices[0] and "brand.docx" in notices[0]
    assert document.styles["Report Table"] is not None


def test_missing_heading_styles_fall_back_with_outline_levels(tmp_path, inputs):
    template = _branded_template(tmp_path / "bare.docx", drop=("Heading 2", "Caption"))
    notices: list[str] = []
    document = build_report(*inputs, rs.meta(), template=template, on_notice=notices.append)
    assert "styles 'Heading 2', 'Caption'" in notices[0] or "'Caption' and" in notices[0]
    assert "'Heading 2'" in notices[0] and "'Caption'" in notices[0]
    style = document.styles["Heading 2"]
    assert style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}").get(qn("w:val")) == "1"
    assert any(p.style.name == "Heading 2" for p in document.paragraphs)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.docx", b"just some text", "not a Word .docx file"),
        ("broken.docx", None, "not a readable Word .docx file"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "save it as a Word document (.docx)"),
        ("absent.docx", "missing", "file not found"),
    ],
)
def test_unusable_templates_give_a_clear_error(tmp_path, inputs, name, content, message):
    path = tmp_path / name
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "not a document")
    elif content != "missing":
        path.write_bytes(content)
    with pytest.raises(ReportTemplateError, match=re.escape(message)) as raised:
        build_report(*inputs, rs.meta(), template=path)
    assert name in str(raised.value)


def test_template_without_page_size_or_margins_builds_on_a4_defaults(tmp_path, inputs):
    """Word files may leave out the page size and margins; the report must still build."""
    template = _branded_template(tmp_path / "no-page.docx")
    document = docx.Document(template)
    section_pr = document.sections[0]._sectPr
    for tag in ("w:pgSz", "w:pgMar"):
        for element in section_pr.findall(qn(tag)):
            section_pr.remove(element)
    document.save(template)
    # the working papers turn to landscape, on the A4 size the template left out
    report = build_report(*inputs, rs.meta(), template=template, appendix=True)
    landscape = [s for s in report.sections
                 if s.page_width is not None and s.page_width > (s.page_height or 0)]
    assert landscape, "the appendix still turns to landscape"
    assert all(abs(s.page_width - Mm(297)) < Mm(1) for s in landscape)  # A4, turned


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (rs.without_page_setup, "has no page setup"),
        (rs.left_margin(20000), "cm for text across"),  # about 35 cm of left margin
        (rs.page_size(3000, 3000), "cm for text across"),  # a page about 5 cm square
        (rs.page_size(11906, 6000), "cm for text across"),  # A4 wide but 10.6 cm high
        (rs.page_size(16838, 6000), "cm for text across"),  # landscape, 10.6 cm high
        (rs.top_margin(12000), "cm for text down the page"),  # about 21 cm at the top
    ],
)
def test_template_without_room_for_the_report_is_refused(tmp_path, inputs, edit, message):
    """A page whose setup leaves no usable room (or no page setup at all) is refused when
    checked, with what is wrong, rather than failing part-way through a report."""
    path = tmp_path / "letterhead.docx"
    path.write_bytes(rs.page_variant(edit))
    with pytest.raises(ReportTemplateError, match=re.escape(message)) as raised:
        check_template(path)
    assert "letterhead.docx" in str(raised.value)
    with pytest.raises(ReportTemplateError, match=re.escape(message)):
        build_report(*inputs, rs.meta(), template=path)


def test_narrow_page_message_gives_the_room_left_and_the_least_needed(tmp_path):
    path = tmp_path / "narrow.docx"
    # 10 cm wide page (5670 twips), 1247-twip right margin, 2000-twip left margin
    path.write_bytes(rs.page_variant(lambda xml: rs.left_margin(2000)(
        rs.page_size(5670, 16838)(xml))))
    with pytest.raises(ReportTemplateError) as raised:
        check_template(path)
    text = str(raised.value)
    assert "leaves 4.3 cm for text across" in text  # (5670 - 2000 - 1247) / 567 twips a cm
    assert f"at least {MIN_TEXT_WIDTH_CM} cm" in text


def test_a_small_page_with_room_enough_is_taken(tmp_path, inputs):
    path = tmp_path / "a5.docx"
    path.write_bytes(rs.page_variant(rs.page_size(8391, 11906)))  # A5 portrait
    assert check_template(path) == []
    assert build_report(*inputs, rs.meta(), template=path).sections
