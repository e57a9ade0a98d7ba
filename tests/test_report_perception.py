"""The Word report lists perception gaps (top management well above the front line) in a
chapter of their own after the findings, and only when there are some."""

from __future__ import annotations

from gapassess.domain.report import build_report, report_bytes
from tests import report_support as rs

TM, FL = "top-management", "front-line"


def _headings(document):
    return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


def _build(group_votes):
    answers = rs.answers("compliance-only")
    result = rs.result_for(answers)
    return build_report(result, rs.questionnaire(), answers, rs.meta(),
                        group_votes=group_votes), answers


def _gap_votes(item_ids):
    leaders = [(TM, 4, 3), (TM, 4, 4), (TM, 3, 4)]
    floor = [(FL, 2, 3), (FL, 1, 4), (FL, 2, 3)] + [(None, 0, 0)] * 3
    return {item_ids[0]: leaders + floor,
            item_ids[1]: leaders[:2] + floor}  # two leaders only: never compared


def test_the_report_lists_each_perception_gap_with_both_medians():
    answers = rs.answers("compliance-only")
    ids = [a.item_id for a in answers]
    document, _ = _build(_gap_votes(ids))
    headings = _headings(document)
    assert "Perception gaps" in headings
    assert headings.index("Perception gaps") == headings.index("Findings by clause") + 1
    table = next(t for t in document.tables
                 if [c.text for c in t.rows[0].cells] == ["Item", "Axis",
                                                          "Top management median",
                                                          "Front line median"])
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    item = rs.questionnaire().item(ids[0])
    assert rows == [[f"{item.title}\n{item.clause}", "Compliance", "4", "2"]]
    assert report_bytes(document)[:2] == b"PK"


def test_no_chapter_without_groups_or_without_gaps():
    ids = [a.item_id for a in rs.answers("compliance-only")]
    for votes in (None, {ids[0]: [(TM, 2, 2)] * 3 + [(FL, 1, 1)] * 3}):
        document, _ = _build(votes)
        assert "Perception gaps" not in _headings(document)
