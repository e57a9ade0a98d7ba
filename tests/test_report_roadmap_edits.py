"""The report shows the roadmap the team edited: an agreed due date replaces the computed
one (in the action table and the Gantt data), a status of done reads as done, notes appear,
and the item's owner is the default that an owner set on the roadmap overrides.

The rule lives in gapassess.domain.engine.owners (with_chosen_edits); these tests follow it
into the Word report and the chart data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from gapassess.domain.charts.data import gantt_rows
from gapassess.domain.engine.owners import ActionEdit, with_chosen_edits
from gapassess.domain.report import build_report
from gapassess.domain.report.roadmap_section import leadership_actions
from gapassess.domain.report.wording import short_date
from tests import report_support as rs

ITEM_OWNER = "Maria Lopez"
NOTE = "Agreed with the board on 2 November; the new procedure is drafted."


@pytest.fixture(scope="module")
def plain():
    """(answers, result) of a full assessment whose first conformity action's item has an
    owner."""
    answers = rs.answers("compliance-only")
    result = rs.result_for(answers)
    first = min((a for a in result.roadmap.actions if a.kind == "conformity"),
                key=lambda a: a.priority)
    answers = [replace(a, owner=ITEM_OWNER) if a.item_id == first.item_id else a
               for a in answers]
    return answers, rs.result_for(answers)


def _conformity(result, index: int):
    return sorted((a for a in result.roadmap.actions if a.kind == "conformity"),
                  key=lambda a: a.priority)[index]


def _last_outcome(result):
    return max((a for a in result.roadmap.actions if a.kind == "outcome"),
               key=lambda a: a.priority)


@pytest.fixture(scope="module")
def edited(plain):
    """The result with edits on three actions, and the leadership report built from it."""
    answers, result = plain
    first, second = _conformity(result, 0), _conformity(result, 1)
    late = _last_outcome(result)
    agreed = first.due + dt.timedelta(days=45)
    edits = {
        first.id: ActionEdit(due=agreed, status="in-progress", notes=NOTE),
        second.id: ActionEdit(owner="Jo Park", status="done"),
        late.id: ActionEdit(status="blocked"),
    }
    changed = with_chosen_edits(result, edits)
    document = build_report(changed, rs.questionnaire(), answers, rs.meta())
    return result, changed, document, (first, second, late, agreed)


def _rows(document) -> dict[str, list[str]]:
    """The leadership action table's cells by priority: #, Action, Clause, Owner, Status,
    Due, Days."""
    (table,) = [t for t in document.tables
                if [c.text for c in t.rows[0].cells[:2]] == ["#", "Action"]]
    assert [c.text for c in table.rows[0].cells] == [
        "#", "Action", "Clause", "Owner", "Status", "Due", "Days"]
    return {row.cells[0].text: [c.text for c in row.cells] for row in table.rows[1:]}


def test_an_agreed_due_date_replaces_the_computed_one(edited):
    plain, _, document, (first, _, _, agreed) = edited
    due = _rows(document)[str(first.priority)][5]
    assert due.splitlines() == [short_date(agreed),
                                f"agreed (plan: {short_date(first.due)})"]
    assert short_date(agreed) != short_date(first.due)
    # an action nobody dated keeps the scheduler's date and says nothing more
    other = _conformity(plain, 2)
    assert _rows(document)[str(other.priority)][5] == short_date(other.due)


def test_the_gantt_data_uses_the_agreed_date_and_counts_done(edited):
    _, changed, _, (first, second, _, agreed) = edited
    every = {row.label: row for row in gantt_rows(changed, max_rows=10_000)}
    mine = every[f"{first.priority}. {first.title}"]
    assert mine.end == agreed and mine.done == 0
    done = every[f"{second.priority}. {second.title}"]
    assert done.done == 1 and done.all_done
    grouped = gantt_rows(changed)  # the report's chart: one row per phase and clause
    assert len(grouped) < len(changed.roadmap.actions)
    assert any(row.start <= agreed <= row.end and first.clause.split(".")[0] in row.label
               for row in grouped)
    assert sum(row.done for row in grouped) == 1
    assert sum(", 1 done" in row.label for row in grouped) == 1


def test_status_and_notes_appear_in_the_action_table(edited):
    _, _, document, (first, second, late, _) = edited
    rows = _rows(document)
    assert rows[str(first.priority)][4] == "In progress"
    assert rows[str(second.priority)][4] == "Done"
    assert f"Notes: {NOTE}" in rows[str(first.priority)][1].splitlines()
    assert all("Notes:" not in row[1] for key, row in rows.items()
               if key != str(first.priority))
    text = rs.all_text(document)
    planned = sum(a.status == "planned" for a in edited[1].roadmap.actions)
    assert (f"Status of the actions as set on the roadmap: {planned} planned, 1 in progress, "
            "1 done, 1 blocked.") in text


def test_an_edited_action_is_listed_even_late_in_the_plan(edited):
    plain, _, document, (_, _, late, _) = edited
    assert late not in leadership_actions(plain)  # listed only because the team edited it
    assert _rows(document)[str(late.priority)][4] == "Blocked"


def test_the_item_owner_is_the_default_and_a_roadmap_owner_overrides(plain, edited):
    _, result = plain
    _, _, document, (first, second, _, _) = edited
    rows = _rows(document)
    assert rows[str(first.priority)][3] == ITEM_OWNER  # no owner on the roadmap: the item's
    assert rows[str(second.priority)][3] == "Jo Park"
    # an owner set on the roadmap wins over the item's own owner too
    changed = with_chosen_edits(result, {first.id: ActionEdit(owner="Sam Reid")})
    answers = plain[0]
    overridden = _rows(build_report(changed, rs.questionnaire(), answers, rs.meta()))
    assert overridden[str(first.priority)][3] == "Sam Reid"
    untouched = _conformity(result, 2)
    assert overridden[str(untouched.priority)][3] == "-"
