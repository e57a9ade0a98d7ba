"""Whatever users type survives the report: markup characters, control characters, emoji,
right-to-left scripts and very long notes."""

from __future__ import annotations

import functools
import io

import docx
import pytest
from docx.oxml.ns import qn

from gapassess.domain.report import build_report, report_bytes
from gapassess.domain.report.text import clean, clean_lines, is_rtl, shorten, slug
from tests import report_support as rs


def test_clean_removes_only_what_xml_cannot_hold():
    assert clean(rs.HOSTILE["control"]) == rs.CONTROL_CLEANED
    assert clean("tab\tnew\nline\r") == "tab\tnew\nline\r"
    assert clean("lone \ud800 surrogate \ufffe") == "lone  surrogate "
    for key in ("markup", "emoji", "hebrew", "arabic"):
        assert clean(rs.HOSTILE[key]) == rs.HOSTILE[key]
    assert clean(None) == "" and clean(3) == "3"


def test_lines_directions_shortening_and_slugs():
    assert clean_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert is_rtl(rs.HOSTILE["hebrew"]) and is_rtl(rs.HOSTILE["arabic"])
    assert not is_rtl("Quality ✅") and not is_rtl("")
    short, cut = shorten(rs.LONG_NOTE, 100)
    assert cut and len(short) <= 102 and rs.LONG_NOTE.startswith(short[:-2])
    assert shorten("brief", 100) == ("brief", False)
    assert slug("Café & Søn <GmbH>") == "cafe-son-gmbh"
    assert slug("שלום") == "report"


@functools.cache
def _hostile_report(appendix: bool):
    answers = rs.hostile_answers()
    result = rs.result_for(answers, name=rs.HOSTILE["markup"])
    organisation = " | ".join(rs.HOSTILE[k] for k in ("markup", "control", "emoji", "hebrew"))
    meta = rs.meta(organisation=organisation, assessor=rs.HOSTILE["arabic"])
    votes = {answers[0].item_id: [(rs.HOSTILE["control"], 1, 2), (rs.HOSTILE["emoji"], 3, 4)]}
    document = build_report(result, rs.questionnaire(), answers, meta, votes=votes,
                            appendix=appendix)
    # round trip through the saved file, as a reader would open it
    return docx.Document(io.BytesIO(report_bytes(document)))


@pytest.fixture(params=[False, True], ids=["leadership", "working-papers"])
def hostile_document(request):
    """The hostile report, without and with the working papers."""
    return _hostile_report(request.param)


@pytest.fixture
def working_papers():
    """The hostile report with the working papers, where every answer's evidence and notes
    are."""
    return _hostile_report(True)


def test_hostile_text_round_trips(hostile_document):
    text = rs.all_text(hostile_document)
    for key, value in rs.HOSTILE.items():
        expected = rs.CONTROL_CLEANED if key == "control" else value
        assert expected in text, key
    organisation = " | ".join(
        [rs.HOSTILE["markup"], rs.CONTROL_CLEANED, rs.HOSTILE["emoji"], rs.HOSTILE["hebrew"]]
    )
    assert hostile_document.paragraphs[0].text == organisation
    assert organisation in hostile_document.sections[0].header.paragraphs[0].text
    assert f"Assessor: {rs.HOSTILE['arabic']}" in text


def test_control_characters_never_reach_the_file(hostile_document):
    xml = hostile_document.element.xml
    for char in "\x00\x07\x0b\x0c\x1b\x1f":
        assert char not in xml


def test_very_long_notes_survive_in_full(working_papers):
    paragraphs = [rs.paragraph_text(p) for p in working_papers.element.body.iter(qn("w:p"))]
    assert rs.LONG_NOTE in paragraphs
    # the appendix row itself holds a shortened copy pointing to the full text
    assert any("continued in full as [1]" in p for p in paragraphs)


def test_right_to_left_paragraphs_are_marked(working_papers):
    rtl = [p for p in working_papers.paragraphs if p.text == rs.HOSTILE["hebrew"]]
    cells = [p for t in working_papers.tables for row in t.rows for c in row.cells
             for p in c.paragraphs if p.text == rs.HOSTILE["hebrew"]]
    marked = [p for p in rtl + cells if p._p.pPr is not None
              and p._p.pPr.find(qn("w:bidi")) is not None]
    assert marked and len(marked) == len(rtl + cells)
