"""The Word report's structure, checked with python-docx on a full realistic assessment."""

from __future__ import annotations

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from gapassess.domain.report import build_report, report_bytes, save_report
from gapassess.domain.report.roadmap_section import LEADING_OUTCOME_ACTIONS, leadership_actions
from gapassess.domain.report.summary import top_priorities
from tests import report_support as rs

LEADING = ["The assessment on one page", "Executive summary", "Results at a glance",
           "Transition roadmap", "Findings by clause", "Outcome measures to adopt"]
# the leadership report: the working papers are left out
CHAPTERS = [*LEADING, "Appendix A: Methodology", "About this report"]
# with the working papers (``appendix=True``)
WORKING_CHAPTERS = [*LEADING, "Appendix A: All roadmap actions", "Appendix B: All answers",
                    "Appendix C: Methodology", "About this report"]


def _build(appendix: bool):
    answers = rs.answers("compliance-only")
    result = rs.result_for(answers)
    votes = {a.item_id: [("Ana", 1, 0), (None, 4, 3), ("Bo", 2, 1)] for a in answers[:3]}
    document = build_report(result, rs.questionnaire(), answers, rs.meta(), votes=votes,
                            appendix=appendix)
    return document, result, answers


@pytest.fixture(scope="module")
def built():
    """The leadership report (no working papers)."""
    return _build(appendix=False)


@pytest.fixture(scope="module")
def working():
    """The report with the working papers."""
    return _build(appendix=True)


@pytest.fixture(scope="module", params=["leadership", "working papers"])
def either(request, built, working):
    """(document, result, answers, chapters) of each kind of report."""
    if request.param == "leadership":
        return (*built, CHAPTERS)
    return (*working, WORKING_CHAPTERS)


def _headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def _tables(document, first_header: str, second_header: str) -> list:
    return [table for table in document.tables
            if [c.text for c in table.rows[0].cells[:2]] == [first_header, second_header]]


def _table(document, first_header: str, second_header: str):
    tables = _tables(document, first_header, second_header)
    if not tables:
        raise AssertionError(f"no table headed {first_header!r}, {second_header!r}")
    return tables[-1]


def _chapter(text: str, title: str, following: str) -> str:
    """Text of chapter ``title`` (skipping its entry in the table of contents)."""
    after_toc = text.index("About this report") + len("About this report")
    start = text.index(title + "\n", after_toc)
    return text[start:text.index(following + "\n", start)]


def _section_index(document, element) -> int:
    """Index of the section ``element`` (a body child) falls in."""
    index = 0
    for child in document.element.body.iterchildren():
        if child is element:
            return index
        if child.tag == qn("w:p") and child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            index += 1
    raise AssertionError("element not in the body")


def test_chapters_use_heading_styles_in_order(either):
    document, result, _, chapters = either
    assert _headings(document, 1) == chapters
    level2 = _headings(document, 2)
    clauses = [c for c in result.clauses if c.level == "clause"]
    for clause in clauses:
        assert f"Clause {clause.clause}: {clause.title}" in level2
    assert level2.index("Top five priorities") < level2.index("Clause profile")
    # outline levels make the navigation pane work
    assert document.styles["Heading 1"].element.xpath("./w:pPr/w:outlineLvl")


def test_cover_and_summary_speak_to_leadership(built):
    document, result, _ = built
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Acme Precision Ltd"
    assert document.paragraphs[0].style.name == "Title"
    assert any(p.startswith("Assessor: J. Consultant") for p in paragraphs)
    text = rs.all_text(document)
    summary = _chapter(text, "Executive summary", "Results at a glance")
    assert "30 September 2029" in summary and "30 September 2027" in summary
    assert "not feasible" in summary if not result.roadmap.feasible else "is feasible" in summary
    for action in top_priorities(result):
        item = rs.questionnaire().item(action.item_id)
        assert action.title == item.title
        assert f"{item.title} (clause {item.clause}): {action.description}" in summary
        assert len(action.description) > 90  # shown whole, not cut
    bold = {run.text for p in document.paragraphs for run in p.runs if run.bold}
    assert {a.title for a in top_priorities(result)} <= bold
    assert "does not certify" in text


def test_every_picture_has_alt_text(built):
    document, _, _ = built
    shapes = document.inline_shapes
    assert len(shapes) == 6  # the quadrant picture and the five charts
    for shape in shapes:
        descr = shape._inline.docPr.get("descr")
        assert descr and len(descr) > 40


def _check_header_repeats(table) -> None:
    header = table.rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
    body_rows = table.rows[1:]
    assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in body_rows)
    assert sum(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in body_rows) > 0


def test_working_papers_list_every_action_with_what_to_do(working):
    document, result, _ = working
    leadership, full = _tables(document, "#", "Action")
    assert len(full.rows) - 1 == len(result.roadmap.actions)
    assert [c.text for c in full.rows[0].cells] == [
        "#", "Action", "Clause", "Owner", "Status", "Phase", "Due", "Days", "Why"]
    _check_header_repeats(full)
    body_rows = full.rows[1:]
    priorities = sorted(int(r.cells[0].text) for r in body_rows)
    assert priorities == sorted(a.priority for a in result.roadmap.actions)
    by_priority = {a.priority: a for a in result.roadmap.actions}
    for row in body_rows:
        action = by_priority[int(row.cells[0].text)]
        title, *rest = row.cells[1].paragraphs
        expected = action.title if action.kind != "outcome" else f"{action.title} (outcome)"
        assert title.text == expected and title.runs[0].bold
        assert [p.text for p in rest] == (
            [action.description] if action.description != action.title else [])
        assert row.cells[4].text == "Planned"
    # the leadership table of the roadmap chapter is there too
    assert len(leadership.rows) - 1 == len(leadership_actions(result))


def test_leadership_table_lists_the_work_before_the_audit_and_counts_the_rest(built):
    document, result, _ = built
    (table,) = _tables(document, "#", "Action")
    assert [c.text for c in table.rows[0].cells] == [
        "#", "Action", "Clause", "Owner", "Status", "Due", "Days"]
    _check_header_repeats(table)
    shown = leadership_actions(result)
    rest = [a for a in result.roadmap.actions if a not in shown]
    assert rest and all(a.kind == "outcome" for a in rest)
    assert {a.kind for a in shown} >= {"conformity", "milestone"}
    assert sum(a.kind == "outcome" for a in shown) == LEADING_OUTCOME_ACTIONS
    assert sorted(int(r.cells[0].text) for r in table.rows[1:]) == sorted(
        a.priority for a in shown)
    by_priority = {a.priority: a for a in shown}
    for row in table.rows[1:]:
        action = by_priority[int(row.cells[0].text)]
        title, *reason = row.cells[1].paragraphs
        assert title.runs[0].bold and title.text.startswith(action.title)
        assert len(reason) == 1 and reason[0].text  # the main reason, not what to do
    chapter = _chapter(rs.all_text(document), "Transition roadmap", "Findings by clause")
    assert f"Besides these, {len(rest)} more outcome actions" in chapter
    assert "Target audit date: 30 September 2027." in chapter


def test_wide_tables_sit_in_landscape_sections(working):
    document, _, _ = working
    sections = document.sections
    for table in (_table(document, "#", "Action"), _table(document, "Item", "Question")):
        section = sections[_section_index(document, table._tbl)]
        assert section.orientation == WD_ORIENT.LANDSCAPE
        assert section.page_width > section.page_height
    assert sections[0].orientation == WD_ORIENT.PORTRAIT
    assert sections[len(sections) - 1].orientation == WD_ORIENT.PORTRAIT


def test_the_leadership_report_is_portrait_throughout(built):
    document, _, _ = built
    assert all(s.orientation == WD_ORIENT.PORTRAIT for s in document.sections)
    assert not _tables(document, "Item", "Question")  # no answers table


def test_appendix_lists_every_item_with_votes(working):
    document, _, answers = working
    table = _table(document, "Item", "Question")
    assert len(table.rows) - 1 == len(rs.questionnaire().items)
    assert table.rows[0].cells[-1].text == "Workshop votes"
    first = table.rows[1].cells
    item = rs.questionnaire().items[0]
    assert first[0].text.splitlines()[:2] == [item.title, item.id]
    assert first[0].paragraphs[0].runs[0].bold and not first[0].paragraphs[1].runs[0].bold
    votes = first[-1].text
    assert "C 1-4, O 0-3 (3 votes)" in votes and "Ana: C 1, O 0" in votes
    assert "Anonymous: C 4, O 3" in votes and "Wide spread" in votes


def test_toc_page_numbers_header_and_footer(either):
    document, _, _, chapters = either
    body = document.element.body.xml
    assert 'TOC \\o "1-2"' in body
    assert document.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    section = document.sections[0]
    assert section.different_first_page_header_footer  # clean cover
    footer = section.footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert "Acme Precision Ltd" in section.header.paragraphs[0].text
    assert "23 November 2026" in section.footer.paragraphs[0].text
    # the TOC field already lists the chapters for readers that do not update fields
    toc = [p.text for p in document.paragraphs if p.style.name.lower().startswith("toc")]
    assert [t for t in toc if t in chapters] == chapters


def test_outcome_measures_come_from_items_below_the_outcome_threshold(built):
    document, result, _ = built
    text = rs.all_text(document)
    chapter = _chapter(text, "Outcome measures to adopt", "Appendix A: Methodology")
    for title in ("Cost of poor quality", "Customer-experience", "Time to detect",
                  "Supplier performance"):
        assert title in chapter
    items = {i.id: i for i in rs.questionnaire().items}
    weak = [r for r in result.items if r.status == "answered" and r.outcome_gap > 0]
    strong = [r for r in result.items if r.status == "answered" and r.outcome_gap == 0]
    assert weak
    shown = [r for r in weak if " ".join(items[r.item_id].outcome_practice.split()) in chapter]
    assert shown
    assert not any(items[r.item_id].outcome_practice in chapter for r in strong)


def test_save_and_bytes_give_the_same_docx(built, tmp_path):
    document, _, _ = built
    path = save_report(document, tmp_path / "deep" / "report.docx")
    data = report_bytes(document)
    assert path.read_bytes()[:2] == data[:2] == b"PK"
    assert path.stat().st_size > 100_000
