"""The Word report with a baseline: the progress chapter and summary sentence, and the
one-page overview for leadership (quadrant picture, numbers, verdict, five actions)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gapassess.domain.engine.baseline import compare_with_baseline
from gapassess.domain.report import build_report
from gapassess.domain.report.leadership_page import verdict
from gapassess.domain.report.progress_section import progress_sentence
from gapassess.domain.report.summary import top_priorities
from tests import report_support as rs

PROGRESS = "Progress since the baseline"
OVERVIEW = "The assessment on one page"


def _chapter(text: str, title: str, following: str) -> str:
    """Text of chapter ``title`` (skipping its entry in the table of contents)."""
    after_toc = text.index("About this report") + len("About this report")
    start = text.index(title + "\n", after_toc)
    return text[start:text.index(following + "\n", start)]


def _headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


@pytest.fixture(scope="module")
def results():
    then = rs.result_for(rs.answers("compliance-only-2025"))
    answers = rs.answers("compliance-only")
    now = rs.result_for(answers)
    # owners as the roadmap gives them: set on the first two priorities
    first = top_priorities(now)
    owned = {first[0].id: "Priya Shah", first[1].id: "Tom Hale"}
    now = replace(now, roadmap=replace(now.roadmap, actions=[
        replace(a, owner=owned.get(a.id, a.owner)) for a in now.roadmap.actions]))
    return then, now, answers


@pytest.fixture(scope="module")
def with_baseline(results):
    then, now, answers = results
    meta = rs.meta(baseline_title="2025 internal gap review")
    return build_report(now, rs.questionnaire(), answers, meta, baseline=then)


@pytest.fixture(scope="module")
def without_baseline(results):
    _then, now, answers = results
    return build_report(now, rs.questionnaire(), answers, rs.meta())


def test_progress_chapter_comes_after_the_results_and_shows_indices_clauses_items(
        with_baseline, results):
    then, now, _ = results
    headings = _headings(with_baseline)
    assert headings.index(PROGRESS) == headings.index("Results at a glance") + 1
    text = rs.all_text(with_baseline)
    chapter = _chapter(text, PROGRESS, headings[headings.index(PROGRESS) + 1])
    for part in ("Indices then and now", "Movement per clause", "Items that improved",
                 "Items that fell back", "2025 internal gap review"):
        assert part in chapter
    progress = compare_with_baseline(now, then)
    delta = round(progress.index("transition_readiness").delta)
    assert delta > 0
    assert f"up {delta} points" in chapter
    table = next(t for t in with_baseline.tables if t.rows[0].cells[0].text == "Index")
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    assert rows["Transition readiness"][:2] == [f"{then.overall.transition_readiness:.0f}%",
                                                f"{now.overall.transition_readiness:.0f}%"]
    clauses = next(t for t in with_baseline.tables if t.rows[0].cells[0].text == "Clause"
                   and t.rows[0].cells[1].text == "Compliance")
    assert len(clauses.rows) - 1 == len(progress.clauses)
    first = progress.clauses[0]
    shown = f"{first.compliance_then:.0f} → {first.compliance_now:.0f}"
    assert shown in clauses.rows[1].cells[1].text
    biggest = max(progress.improved, key=lambda i: (i.compliance_now - i.compliance_then
                                                     if i.compliance_now is not None
                                                     and i.compliance_then is not None else 0)
                  + (i.outcome_now - i.outcome_then if i.outcome_now is not None
                     and i.outcome_then is not None else 0))
    assert biggest.title in chapter
    assert f"of {len(progress.improved)} items are shown" in chapter


def test_summary_says_the_progress_in_one_sentence(with_baseline, results):
    then, now, _ = results
    text = rs.all_text(with_baseline)
    summary = _chapter(text, "Executive summary", "Results at a glance")
    sentence = progress_sentence(compare_with_baseline(now, then),
                                 baseline="the baseline (2025 internal gap review)")
    assert sentence in summary
    assert sentence.startswith("Since the baseline (2025 internal gap review), transition "
                               "readiness is up ")
    assert "items improved and" in sentence


def test_no_baseline_no_progress(without_baseline):
    assert PROGRESS not in _headings(without_baseline)
    text = rs.all_text(without_baseline)
    assert "Since the baseline" not in text and "since the baseline" not in text


def test_overview_page_follows_the_contents(with_baseline, results):
    then, now, _ = results
    headings = _headings(with_baseline)
    assert headings[:2] == [OVERVIEW, "Executive summary"]
    text = rs.all_text(with_baseline)
    page = _chapter(text, OVERVIEW, "Executive summary")
    # the quadrant picture comes first, with alt text placing the organisation
    shape = with_baseline.inline_shapes[0]
    descr = shape._inline.docPr.get("descr")
    assert descr.startswith("Quadrant chart")
    assert f"{now.overall.compliance_score:.0f} on compliance" in descr
    assert "compliance-only corner" in descr
    assert f"from the baseline, {then.overall.compliance_score:.0f} on compliance" in descr
    # three headline numbers, with their move since the baseline
    for label, key in (("Transition readiness", "transition_readiness"),
                       ("Outcome maturity", "outcome_maturity"),
                       ("Compliance-only share", "compliance_only_share")):
        assert f"{getattr(now.overall, key):.0f}%\n{label}" in page
    assert page.count("since the baseline") == 3
    # the roadmap's own verdict, in plain words
    assert verdict(now) in page
    assert verdict(now).startswith("Yes." if now.roadmap.feasible else "No,")


def test_overview_lists_the_five_first_actions_with_owner_and_due_date(with_baseline, results):
    _then, now, _ = results
    table = next(t for t in with_baseline.tables
                 if [c.text for c in t.rows[0].cells] == ["Action", "Owner", "Due"])
    rows = table.rows[1:]
    actions = top_priorities(now)
    assert len(rows) == len(actions) == 5
    for row, action in zip(rows, actions, strict=True):
        title, owner, due = (c.text for c in row.cells)
        assert title.startswith(action.title)
        assert owner == (action.owner or "not assigned")
        assert due == f"{action.due.day} {action.due:%B %Y}"
    assert [r.cells[1].text for r in rows[:2]] == ["Priya Shah", "Tom Hale"]


def test_overview_verdict_follows_the_roadmap(results):
    _then, now, _ = results
    late = replace(now, roadmap=replace(now.roadmap, feasible=False, shortfall_months=4.2,
                                        shortfall_days=30))
    assert verdict(late).startswith("No, not at 8 person-days a month: the audit work runs "
                                    "about 4 months past the target audit on 30 September 2027")
    assert verdict(replace(now, roadmap=replace(now.roadmap, feasible=True))).startswith("Yes.")


def test_overview_without_baseline_or_ratings(without_baseline):
    text = rs.all_text(without_baseline)
    page = _chapter(text, OVERVIEW, "Executive summary")
    assert "since the baseline" not in page
    empty = build_report(rs.result_for([]), rs.questionnaire(), [], rs.meta())
    descr = empty.inline_shapes[0]._inline.docPr.get("descr")
    assert "not enough items are rated" in descr
    page = _chapter(rs.all_text(empty), OVERVIEW, "Executive summary")
    assert "No action is needed" in page or "not available" in page
