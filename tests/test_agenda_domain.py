"""Workshop agendas: selecting items from a bank, and reordering the agenda."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gapassess.domain import agenda
from gapassess.domain.agenda import ItemStates, Selection, select_items
from gapassess.domain.change_kinds import CHANGE_KINDS
from gapassess.domain.questionnaire.registry import get_questionnaire


@dataclass(frozen=True)
class FakeItem:
    id: str
    clause: str
    change: str


BANK = [
    FakeItem("4.1-a", "4.1", "unchanged"),
    FakeItem("4.1-b", "4.1", "expanded"),
    FakeItem("5.1.1-a", "5.1.1", "new"),
    FakeItem("5.1.1-b", "5.1.1", "unchanged"),
    FakeItem("5.1.2-a", "5.1.2", "clarified"),
    FakeItem("10.2-a", "10.2", "new"),
]
IDS = [item.id for item in BANK]


def _ids(**parts) -> list[str]:
    states = parts.pop("states", None)
    return select_items(BANK, Selection(**{k: frozenset(v) for k, v in parts.items()}), states)


def test_nothing_chosen_selects_nothing():
    assert _ids() == []
    assert Selection().empty and not Selection(items=frozenset({"x"})).empty


def test_by_top_clause_and_by_sub_clause():
    assert _ids(clauses={"5"}) == ["5.1.1-a", "5.1.1-b", "5.1.2-a"]
    assert _ids(subclauses={"5.1.1"}) == ["5.1.1-a", "5.1.1-b"]
    assert _ids(subclauses={"5.1"}) == ["5.1.1-a", "5.1.1-b", "5.1.2-a"]  # a clause above
    assert _ids(subclauses={"5.1.1", "10.2"}, clauses={"4"}) == [
        "4.1-a", "4.1-b", "5.1.1-a", "5.1.1-b", "10.2-a"]
    assert _ids(subclauses={"5.1.10"}) == []  # not a prefix match on the text


def test_change_kinds_alone_take_the_whole_bank_and_narrow_a_scope():
    assert _ids(change_kinds={"new"}) == ["5.1.1-a", "10.2-a"]
    assert _ids(change_kinds={"new", "expanded"}, clauses={"4", "5"}) == ["4.1-b", "5.1.1-a"]


def test_statuses():
    states = ItemStates(answered=frozenset({"4.1-a", "5.1.1-a"}),
                        disputed=frozenset({"5.1.1-a", "10.2-a"}))
    assert _ids(statuses={"unanswered"}, states=states) == [
        "4.1-b", "5.1.1-b", "5.1.2-a", "10.2-a"]
    assert _ids(statuses={"disputed"}, states=states) == ["5.1.1-a", "10.2-a"]
    assert _ids(statuses={"disputed", "unanswered"}, clauses={"5"}, states=states) == [
        "5.1.1-a", "5.1.1-b", "5.1.2-a"]
    assert _ids(statuses={"unanswered"}) == IDS  # nothing answered yet
    with pytest.raises(ValueError):
        states.has("carried-over", "4.1-a")


def test_picked_items_are_added_in_bank_order_whatever_the_filters():
    assert _ids(items={"10.2-a", "4.1-a"}) == ["4.1-a", "10.2-a"]
    assert _ids(items={"4.1-a"}, change_kinds={"new"}) == ["4.1-a", "5.1.1-a", "10.2-a"]
    assert _ids(items={"unknown"}) == []


def test_the_shipped_bank_by_sub_clause():
    bank = get_questionnaire()
    chosen = select_items(bank.items, Selection(subclauses=frozenset({"5.1.1"})))
    assert chosen and all(bank.item(i).clause == "5.1.1" for i in chosen)
    assert len(chosen) == sum(item.clause == "5.1.1" for item in bank.items)


def test_disputed_items_are_judged_per_room_not_pooled():
    one = {"a": [(0, None), (2, None)], "b": [(1, 1)]}
    two = {"b": [(3, 3)], "c": [(None, 1), (None, 4)]}
    assert agenda.disputed_items([one, two], threshold=2) == {"a", "c"}  # b: 1 and 3 apart
    assert agenda.disputed_items([one, two], threshold=3) == {"c"}
    assert agenda.disputed_items([], threshold=2) == frozenset()


# --- properties ----------------------------------------------------------------------------

ids = st.sets(st.sampled_from(IDS))
selections = st.builds(
    Selection,
    clauses=st.frozensets(st.sampled_from(["4", "5", "6", "10"])),
    subclauses=st.frozensets(st.sampled_from(["4.1", "5.1", "5.1.1", "5.1.2", "9.1"])),
    change_kinds=st.frozensets(st.sampled_from(CHANGE_KINDS)),
    statuses=st.frozensets(st.sampled_from(agenda.STATUSES)),
    items=st.frozensets(st.sampled_from([*IDS, "nope"])),
)
states = st.builds(ItemStates, answered=st.frozensets(st.sampled_from(IDS)),
                   disputed=st.frozensets(st.sampled_from(IDS)))


@given(selections, states)
def test_selection_is_a_subset_in_bank_order_without_repeats(selection, known):
    chosen = select_items(BANK, selection, known)
    assert set(chosen) <= set(IDS)
    assert chosen == [i for i in IDS if i in set(chosen)]
    assert set(selection.items) & set(IDS) <= set(chosen)
    if selection.empty:
        assert chosen == []


@given(selections, states, selections)
def test_a_wider_filter_never_selects_less(selection, known, extra):
    wider = Selection(selection.clauses | extra.clauses, selection.subclauses,
                      selection.change_kinds, selection.statuses, selection.items)
    if selection.clauses or selection.subclauses:
        assert set(select_items(BANK, selection, known)) <= set(select_items(BANK, wider, known))


agendas = st.lists(st.sampled_from(IDS), unique=True, min_size=1)


@given(agendas, st.data())
def test_reordering_is_a_permutation(items, data):
    item_id = data.draw(st.sampled_from(items))
    position = data.draw(st.integers(min_value=-3, max_value=len(items) + 3))
    for moved in (agenda.move(items, item_id, position), agenda.move_up(items, item_id),
                  agenda.move_down(items, item_id)):
        assert sorted(moved) == sorted(items)
    moved = agenda.move(items, item_id, position)
    assert moved.index(item_id) == max(0, min(position, len(items) - 1))
    assert [i for i in moved if i != item_id] == [i for i in items if i != item_id]


@given(agendas, st.data())
def test_up_and_down_swap_neighbours(items, data):
    index = data.draw(st.integers(min_value=0, max_value=len(items) - 1))
    item_id = items[index]
    up = agenda.move_up(items, item_id)
    assert up.index(item_id) == max(0, index - 1)
    if index > 0:
        assert up[index] == items[index - 1]
        assert agenda.move_down(up, item_id) == items
    assert agenda.move_down(items, item_id).index(item_id) == min(len(items) - 1, index + 1)


@given(agendas, st.data())
def test_remove_takes_one_item_and_keeps_the_order(items, data):
    item_id = data.draw(st.sampled_from(items))
    assert agenda.remove(items, item_id) == [i for i in items if i != item_id]


def test_moving_an_item_not_on_the_agenda_is_refused():
    for change in (agenda.move_up, agenda.move_down, agenda.remove):
        with pytest.raises(ValueError):
            change(["a"], "b")
    with pytest.raises(ValueError):
        agenda.move(["a"], "b", 0)


def test_unknown_and_repeated_items():
    assert agenda.unknown_items(["a", "x", "b", "x", "y"], {"a", "b"}) == ["x", "y"]
    assert agenda.repeated_items(["a", "b", "a", "a", "c", "b"]) == ["a", "b"]
    assert agenda.repeated_items([]) == []
