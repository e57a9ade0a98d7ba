"""Who owns a roadmap action: the owner on its item's answer, unless the roadmap sets one.

The rule lives in gapassess.domain.engine.owners; the engine, the JSON output and the Word
report all read the owner it gives.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest
from docx import Document

from gapassess.domain.engine.owners import FROM_ITEM, FROM_ROADMAP, action_owner, with_owners
from gapassess.domain.report import build_report, report_bytes
from tests import report_support as rs

OWNER = "Maria Lopez"


@pytest.mark.parametrize(("item_owner", "chosen", "expected"), [
    (OWNER, None, (OWNER, FROM_ITEM)),
    (OWNER, "", (OWNER, FROM_ITEM)),
    (OWNER, "   ", (OWNER, FROM_ITEM)),
    (OWNER, "Jo Park", ("Jo Park", FROM_ROADMAP)),
    ("", " Jo Park ", ("Jo Park", FROM_ROADMAP)),
    ("", None, ("", "")),
    ("  ", "", ("", "")),
])
def test_the_roadmap_owner_wins_else_the_item_owner(item_owner, chosen, expected):
    assert action_owner(item_owner, chosen) == expected


@pytest.fixture(scope="module")
def owned():
    """A realistic result whose first item with a conformity action has an owner."""
    answers = rs.answers("compliance-only")
    plain = rs.result_for(answers)
    item_id = next(a.item_id for a in sorted(plain.roadmap.actions, key=lambda a: a.priority)
                   if a.kind == "conformity")
    answers = [replace(a, owner=f"  {OWNER} ") if a.item_id == item_id else a for a in answers]
    return answers, rs.result_for(answers), item_id


def test_the_item_owner_reaches_every_action_of_the_item(owned):
    _, result, item_id = owned
    mine = [a for a in result.roadmap.actions if a.item_id == item_id]
    assert mine
    assert {(a.owner, a.owner_source, a.item_owner) for a in mine} == {(OWNER, FROM_ITEM, OWNER)}
    others = [a for a in result.roadmap.actions if a.item_id != item_id]
    assert {(a.owner, a.owner_source) for a in others} == {("", "")}


def test_json_gives_the_owner(owned):
    _, result, item_id = owned
    rows = json.loads(result.to_json())["roadmap"]
    assert {r["owner"] for r in rows if r["item_id"] == item_id} == {OWNER}
    assert {r["owner"] for r in rows if r["item_id"] != item_id} == {""}


def test_an_owner_set_on_the_roadmap_overrides_and_a_blank_one_keeps_the_default(owned):
    _, result, item_id = owned
    conformity, milestone = f"{item_id}/conformity", "milestone/internal-audit"
    chosen = {conformity: "Jo Park", milestone: "Audit lead"}
    edited = with_owners(result.roadmap, chosen)
    assert (edited.action(conformity).owner, edited.action(conformity).owner_source) == (
        "Jo Park", FROM_ROADMAP)
    assert edited.action(milestone).owner == "Audit lead"
    assert result.roadmap.action(conformity).owner == OWNER  # the result is not changed
    blank = with_owners(edited, {conformity: "  "})
    assert (blank.action(conformity).owner, blank.action(conformity).owner_source) == (
        OWNER, FROM_ITEM)
    assert blank.action(milestone).owner == ""


def _owner_cells(document) -> dict[str, str]:
    """The Owner column of the working papers' table of every roadmap action, by priority."""
    table = [t for t in document.tables
             if [c.text for c in t.rows[0].cells[:4]] == ["#", "Action", "Clause", "Owner"]][-1]
    return {row.cells[0].text: row.cells[3].text for row in table.rows[1:]}


def test_the_report_names_the_owner_of_each_action(owned):
    answers, result, item_id = owned
    conformity = result.roadmap.action(f"{item_id}/conformity")
    result = replace(result, roadmap=with_owners(result.roadmap, {
        "milestone/internal-audit": "Audit lead"}))
    document = Document(io.BytesIO(report_bytes(
        build_report(result, rs.questionnaire(), answers, rs.meta(), appendix=True))))
    cells = _owner_cells(document)
    assert len(cells) == len(result.roadmap.actions)
    assert cells[str(conformity.priority)] == OWNER
    audit = result.roadmap.action("milestone/internal-audit")
    assert cells[str(audit.priority)] == "Audit lead"
    owned_priorities = {str(conformity.priority), str(audit.priority)}
    for action in result.roadmap.actions:
        if str(action.priority) not in owned_priorities and action.item_id != item_id:
            assert cells[str(action.priority)] == "-"
