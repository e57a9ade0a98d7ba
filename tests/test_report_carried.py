"""The report says how much rests on carried answers not yet confirmed, near its start, and
marks each of them in the answers table; the inputs from the database carry the ids."""

from __future__ import annotations

import pytest

from gapassess.domain.report import build_report
from tests import report_support as rs


@pytest.fixture(scope="module")
def carried():
    answers = rs.answers("compliance-only")
    result = rs.result_for(answers)
    to_confirm = [answers[0].item_id, answers[1].item_id]
    document = build_report(result, rs.questionnaire(), answers, rs.meta(), appendix=True,
                            to_confirm=to_confirm)
    return document, answers, to_confirm


def test_the_page_for_leadership_says_how_much_rests_on_carried_answers(carried):
    document, answers, _ = carried
    sentence = (f"2 of {len(answers)} answered items rest on carried answers not yet "
                "confirmed.")
    paragraphs = [p.text for p in document.paragraphs]
    after_toc = paragraphs.index("About this report") + 1
    first_chapter = paragraphs.index("The assessment on one page", after_toc)
    assert paragraphs[first_chapter + 1] == sentence  # the first thing the reader sees
    assert document.paragraphs[first_chapter + 1].runs[0].bold


def test_each_unconfirmed_item_is_marked_in_the_answers_table(carried):
    document, answers, to_confirm = carried
    table = next(t for t in document.tables
                 if [c.text for c in t.rows[0].cells[:2]] == ["Item", "Question"])
    marked = [row.cells[0].text for row in table.rows[1:] if "(to confirm)" in row.cells[0].text]
    assert len(marked) == 2 and all(any(i in text for i in to_confirm) for text in marked)


def test_nothing_is_said_when_nothing_waits_to_be_confirmed():
    answers = rs.answers("compliance-only")
    document = build_report(rs.result_for(answers), rs.questionnaire(), answers, rs.meta(),
                            appendix=True)
    text = rs.all_text(document)
    assert "carried answer" not in text and "(to confirm)" not in text


def test_the_stored_inputs_carry_the_unconfirmed_ids(db, org_with_people):
    from gapassess.db import carry
    from gapassess.db.inputs import load_report_inputs
    from gapassess.db.responses import save_response
    from tests import factories

    org, _, _ = org_with_people
    earlier = factories.gen_assessment(db, org, title="Gap 2025", questionnaire_version="1.0")
    save_response(db, earlier, "4.1-context-issues", {"compliance": 2}, user=None)
    save_response(db, earlier, "5.1.1-qms-accountability", {"compliance": 1}, user=None)
    db.commit()
    new = carry.start_from(db, earlier, title="Gap 2026")
    carry.confirm(db, new, ["4.1-context-issues"], user=None)
    db.commit()
    inputs = load_report_inputs(db, new.id)
    assert inputs.to_confirm == frozenset({"5.1.1-qms-accountability"})
    assert load_report_inputs(db, earlier.id).to_confirm == frozenset()
