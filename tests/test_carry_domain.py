"""The carry rules (gapassess.domain.carry): combining answers, what is to confirm, what
confirms, and that nothing is dropped silently."""

from dataclasses import dataclass, field
from datetime import datetime

import pytest

from gapassess.domain.answers import TEXT_LIMITS, Answer, answer_of
from gapassess.domain.carry import (
    Link,
    Origin,
    SourceAnswer,
    combine,
    confirms,
    needs_confirmation,
    plan_copy,
    plan_move,
)


@dataclass(frozen=True)
class Item:
    id: str
    not_applicable_allowed: bool = True


@dataclass
class Bank:
    items: list[Item]


@dataclass(frozen=True)
class ItemLink:
    target: str
    relationship: str
    rationale: str = ""


@dataclass
class Upgrade:
    links: dict[str, tuple[ItemLink, ...]]
    removed: dict[str, str] = field(default_factory=dict)


def source(item_id="a", at=None, to_confirm=False, evidence_at=None, **values):
    values = {"compliance": 2, "outcome": 1, **values}
    return SourceAnswer(answer_of(item_id, values), Origin(f"Old (no. 1), item {item_id}", at),
                        to_confirm=to_confirm, evidence_at=evidence_at)


def test_one_source_is_carried_as_it_was():
    carried = combine(Item("x"), "copy", [Link(source(evidence="minutes", notes="n"), "copy")])
    assert carried.answer == Answer("x", 2, 1, evidence="minutes", notes="n")
    assert carried.to_confirm and carried.warnings == ()
    assert carried.carried_from == "Old (no. 1), item a"


def test_several_sources_keep_the_lowest_level_on_each_axis_and_every_text():
    links = [Link(source("a", compliance=3, outcome=1, evidence="E1"), "superset"),
             Link(source("b", compliance=1, outcome=4, evidence="E2"), "superset")]
    carried = combine(Item("x"), "move", links)
    assert (carried.answer.compliance, carried.answer.outcome) == (1, 1)
    assert "item a: E1" in carried.answer.evidence and "item b: E2" in carried.answer.evidence
    assert carried.to_confirm
    assert any("lowest level" in w for w in carried.warnings)
    assert carried.carried_from == "Old (no. 1), item a; Old (no. 1), item b"


def test_unrated_axis_is_not_a_zero():
    links = [Link(source("a", compliance=3, outcome=None), "equal"),
             Link(source("b", compliance=2, outcome=None), "equal")]
    assert combine(Item("x"), "move", links).answer.outcome is None


def test_not_applicable_only_when_every_source_says_so_and_the_item_allows_it():
    na = {"not_applicable": True, "justification": "no design", "compliance": None,
          "outcome": None}
    both = [Link(source("a", **na), "equal"), Link(source("b", **na), "equal")]
    assert combine(Item("x"), "move", both).answer.not_applicable
    mixed = [Link(source("a", **na), "equal"), Link(source("b", compliance=2), "equal")]
    carried = combine(Item("x"), "move", mixed)
    assert not carried.answer.not_applicable and carried.answer.compliance == 2
    assert carried.answer.justification == ""
    refused = combine(Item("x", not_applicable_allowed=False), "move",
                      [Link(source("a", **na), "equal")])
    assert not refused.answer.not_applicable
    assert any("does not allow" in w for w in refused.warnings)


def test_texts_are_cut_to_the_field_limit_with_a_warning():
    long = "e" * (TEXT_LIMITS["evidence"] - 10)
    links = [Link(source("a", evidence=long), "superset"),
             Link(source("b", evidence=long + "x"), "superset")]
    carried = combine(Item("x"), "move", links)
    assert len(carried.answer.evidence) == TEXT_LIMITS["evidence"]
    assert carried.answer.evidence.endswith("…")
    assert any("cut" in w for w in carried.warnings)


@pytest.mark.parametrize(("kind", "relationship", "source_to_confirm", "expected"), [
    ("copy", "copy", False, True),
    ("file", "equal", False, True),
    ("move", "equal", False, False),
    ("move", "equal", True, True),
    ("move", "subset", False, True),
    ("move", "superset", False, True),
    ("move", "intersect", False, True),
])
def test_what_is_to_confirm(kind, relationship, source_to_confirm, expected):
    assert needs_confirmation(kind, [Link(source(to_confirm=source_to_confirm),
                                          relationship)]) is expected


def test_two_equal_sources_for_one_item_are_to_confirm():
    assert needs_confirmation("move", [Link(source("a"), "equal"), Link(source("b"), "equal")])


def test_intersect_warns():
    carried = combine(Item("x"), "move", [Link(source(), "intersect")])
    assert any("partly" in w for w in carried.warnings)


def test_a_new_rating_confirms_and_a_text_edit_does_not():
    before = answer_of("x", {"compliance": 2}).values()
    assert confirms(before, {**before, "compliance": 3})
    assert confirms(before, {**before, "outcome": 0})
    assert confirms(before, {**before, "not_applicable": True})
    assert not confirms(before, {**before, "evidence": "new", "notes": "n", "owner": "o"})


def test_copy_keeps_bank_order_and_lists_what_has_no_place():
    bank = Bank([Item("b"), Item("a"), Item("c")])
    plan = plan_copy([source("a"), source("b"), source("gone"),
                      SourceAnswer(answer_of("c", {}), Origin("x"))], bank)
    assert [c.item_id for c in plan.carried] == ["b", "a"]
    assert plan.unanswered == ("c",)  # a blank answer carries nothing
    assert [lb.source.answer.item_id for lb in plan.left_behind] == ["gone"]
    assert len(plan.to_confirm) == 2


def test_move_follows_the_links_and_says_why_an_answer_stays_behind():
    bank = Bank([Item("same"), Item("split-1"), Item("split-2"), Item("merged"), Item("new")])
    upgrade = Upgrade(
        links={"same": (ItemLink("same", "equal"),),
               "old": (ItemLink("split-1", "superset"),
                       ItemLink("split-2", "intersect", "only the records part")),
               "m1": (ItemLink("merged", "subset"),), "m2": (ItemLink("merged", "subset"),)},
        removed={"dropped": "no longer asked"})
    sources = [source("same"), source("old", compliance=3), source("m1", compliance=1),
               source("m2", compliance=4), source("dropped")]
    plan = plan_move(sources, upgrade, bank)
    by_id = {c.item_id: c for c in plan.carried}
    assert list(by_id) == ["same", "split-1", "split-2", "merged"]
    assert [c.item_id for c in plan.kept] == ["same"]
    assert by_id["split-1"].answer.compliance == 3 and by_id["split-2"].to_confirm
    assert "only the records part" in by_id["split-2"].warning
    assert by_id["merged"].answer.compliance == 1
    assert plan.unanswered == ("new",)
    assert [(lb.source.answer.item_id, lb.reason) for lb in plan.left_behind] == [
        ("dropped", "no longer asked")]
    copied = plan_move(sources, upgrade, bank, kind="copy")
    assert not copied.kept


def test_carried_dates_are_the_newest_source():
    early, late = datetime(2025, 1, 1), datetime(2025, 6, 1)
    links = [Link(source("a", at=early, evidence="x", evidence_at=early), "subset"),
             Link(source("b", at=late, evidence="", evidence_at=late), "subset")]
    carried = combine(Item("x"), "move", links)
    assert carried.carried_at == late
    assert carried.evidence_at == early  # b has no evidence: its date says nothing


def test_an_answer_carried_with_a_warning_is_always_to_confirm():
    na = {"not_applicable": True, "justification": "none", "compliance": None, "outcome": None}
    carried = combine(Item("x", not_applicable_allowed=False), "move",
                      [Link(source("a", **na), "equal")])
    assert carried.warnings and carried.to_confirm


def test_ids_follow_an_upgrade():
    from gapassess.domain.carry import ids_across

    upgrade = Upgrade(links={"old": (ItemLink("new-1", "superset"), ItemLink("new-2", "subset")),
                             "same": (ItemLink("same", "equal"),)})
    assert ids_across(["old", "same", "gone"], upgrade) == {"new-1", "new-2", "same"}
    assert ids_across(["a"], None) == {"a"}
