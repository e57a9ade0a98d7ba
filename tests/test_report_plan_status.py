"""The leadership pages say what the roadmap really stands at: agreed dates of audit work
after the target audit change the verdict, actions marked done leave the top five, an
assessment with nothing answered gives no verdict, an empty baseline is not compared, and
the status line counts each status with its own wording.

The rules live in gapassess.domain.engine.owners (what is open, what is late as agreed) and
gapassess.domain.engine.baseline (what can be compared); these tests follow them into the
Word report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from gapassess.domain.engine.owners import DONE, ActionEdit, late_agreed, with_chosen_edits
from gapassess.domain.report import build_report
from gapassess.domain.report.wording import long_date
from tests import report_support as rs

OVERVIEW = "The assessment on one page"
SUMMARY = "Executive summary"
FOLLOWING_SUMMARY = "Results at a glance"
PROGRESS = "Progress since the baseline"
ROADMAP = "Transition roadmap"


def _chapter(text: str, title: str, following: str) -> str:
    """Text of chapter ``title`` (skipping its entry in the table of contents)."""
    after_toc = text.index("About this report") + len("About this report")
    start = text.index(title + "\n", after_toc)
    return text[start:text.index(following + "\n", start)]


def _text(result, answers, **kwargs) -> str:
    return rs.all_text(build_report(result, rs.questionnaire(), answers, rs.meta(), **kwargs))


def _by_priority(result, kind: str):
    return sorted((a for a in result.roadmap.actions if a.kind == kind),
                  key=lambda a: a.priority)


@pytest.fixture(scope="module")
def full():
    answers = rs.answers("compliance-only")
    return answers, rs.result_for(answers)


def test_agreed_dates_after_the_target_audit_change_the_verdict(full):
    answers, result = full
    assert result.roadmap.feasible
    target = result.roadmap.target_date
    late = [a for a in _by_priority(result, "conformity")[:2]]
    late.append(_by_priority(result, "milestone")[0])
    edits = {a.id: ActionEdit(due=target + dt.timedelta(days=30 * (k + 1)))
             for k, a in enumerate(late)}
    # agreed late but done, and agreed late outcome work: neither holds up the audit
    done_late = _by_priority(result, "conformity")[2]
    edits[done_late.id] = ActionEdit(due=target + dt.timedelta(days=400), status=DONE)
    edits[_by_priority(result, "outcome")[0].id] = ActionEdit(
        due=target + dt.timedelta(days=500))
    edited = with_chosen_edits(result, edits)
    assert {a.id for a in late_agreed(edited.roadmap)} == {a.id for a in late}

    text = _text(edited, answers)
    page = _chapter(text, OVERVIEW, SUMMARY)
    summary = _chapter(text, SUMMARY, FOLLOWING_SUMMARY)
    said = (f"but {len(late)} agreed dates of audit work fall after the target audit on "
            f"{long_date(target)}")
    assert said in page
    assert "Yes." not in page
    assert said in summary
    assert f"(the last on {long_date(max(edits[a.id].due for a in late))})" in summary
    assert "The plan is feasible." not in summary


def test_an_unfeasible_plan_also_counts_the_late_agreed_dates(full):
    answers, result = full
    first = _by_priority(result, "conformity")[0]
    edited = with_chosen_edits(result, {first.id: ActionEdit(
        due=result.roadmap.target_date + dt.timedelta(days=10))})
    short = replace(edited, roadmap=replace(edited.roadmap, feasible=False,
                                            shortfall_days=30, shortfall_months=4.0))
    text = _text(short, answers)
    said = "Besides, 1 agreed date of audit work falls after the target audit."
    assert said in _chapter(text, OVERVIEW, SUMMARY)
    assert said in _chapter(text, SUMMARY, FOLLOWING_SUMMARY)


def test_done_actions_leave_the_top_five(full):
    answers, result = full
    ranked = [a for a in result.roadmap.actions if a.kind != "milestone"]
    ranked.sort(key=lambda a: a.priority)
    done = ranked[:2]
    edited = with_chosen_edits(result, {a.id: ActionEdit(status=DONE) for a in done})
    text = _text(edited, answers)
    page = _chapter(text, OVERVIEW, SUMMARY)
    summary = _chapter(text, "Top five priorities", "Time and feasibility")
    for action in done:
        assert action.title not in page
        assert action.title not in summary
    for action in ranked[2:7]:  # the next five take their places
        assert action.title in page
        assert action.title in summary


def test_all_audit_work_done_is_said_instead_of_an_end_date(full):
    answers, result = full
    edited = with_chosen_edits(result, {a.id: ActionEdit(status=DONE)
                                        for a in result.roadmap.actions})
    text = _text(edited, answers)
    page = _chapter(text, OVERVIEW, SUMMARY)
    summary = _chapter(text, SUMMARY, FOLLOWING_SUMMARY)
    assert "All the audit work is marked done" in page
    assert "Every action is marked done on the roadmap." in page
    assert "Every action is marked done on the roadmap." in summary
    assert ("All the conformity work and the internal audit and management review are "
            "marked done on the roadmap.") in summary
    assert "The audit work ends by" not in summary
    assert "Due " not in summary


def test_nothing_answered_gives_no_verdict_yet():
    result = rs.result_for([])
    text = _text(result, [])
    page = _chapter(text, OVERVIEW, SUMMARY)
    summary = _chapter(text, SUMMARY, FOLLOWING_SUMMARY)
    for part in (page, summary):
        assert "every answered item meets both thresholds" not in part
        assert "No item is answered yet, so there are no actions to rank." in part
        assert "fits before the target audit" not in part
        assert "The plan is feasible." not in part
    assert "No verdict yet: no applicable item is answered" in page
    assert "There is no verdict on feasibility yet: no applicable item is answered" in summary


def test_no_applicable_item_is_not_answered_in_full(full):
    answers, result = full
    nothing = replace(result, overall=replace(result.overall, applicable=0, answered=0,
                                              completion=None))
    summary = _chapter(_text(nothing, answers), SUMMARY, FOLLOWING_SUMMARY)
    assert "applicable items, answered in full" not in summary
    assert "Every item is marked not applicable, so there are no figures to report." in summary


def test_an_empty_baseline_is_not_compared(full):
    answers, result = full
    empty = rs.result_for([])
    text = _text(result, answers, baseline=empty)
    chapter = _chapter(text, PROGRESS, ROADMAP)
    assert chapter.strip().split("\n") == [
        PROGRESS, "The baseline has no answered item, so there is nothing to compare this "
                  "assessment with."]
    summary = _chapter(text, SUMMARY, FOLLOWING_SUMMARY)
    assert "Since the baseline" not in summary
    assert "n/a →" not in text
    assert "not classified corner" not in text
    overview = _chapter(text, OVERVIEW, SUMMARY)  # the page for leadership compares nothing
    assert "since the baseline" not in overview and "circle" not in overview


def test_the_status_line_words_each_status(full):
    answers, result = full
    first, second, third = _by_priority(result, "conformity")[:3]
    edited = with_chosen_edits(result, {first.id: ActionEdit(status="in-progress"),
                                        second.id: ActionEdit(status=DONE),
                                        third.id: ActionEdit(status=DONE)})
    planned = len(result.roadmap.actions) - 3
    text = _text(edited, answers)
    assert (f"Status of the actions as set on the roadmap: {planned} planned, 1 in progress, "
            "2 done.") in text
