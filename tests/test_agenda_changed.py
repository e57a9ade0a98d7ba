"""The agenda statuses "to confirm" and "stale evidence", and "re-rate only what changed"."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from gapassess.domain import agenda
from gapassess.domain.agenda import (
    CHANGED,
    DISPUTED,
    EVIDENCE_MAX_AGE_DAYS,
    NEW_IN_EDITION,
    STALE_EVIDENCE,
    TO_CONFIRM,
    ItemStates,
    Selection,
    change_reasons,
    select_items,
)
from tests.test_agenda_domain import BANK, IDS

NOW = dt.datetime(2026, 12, 6, 12, 0)


def test_evidence_older_than_twelve_months_is_stale():
    assert EVIDENCE_MAX_AGE_DAYS == 365
    year = dt.timedelta(days=EVIDENCE_MAX_AGE_DAYS)
    assert agenda.evidence_is_stale(NOW - year - dt.timedelta(seconds=1), NOW)
    assert not agenda.evidence_is_stale(NOW - year, NOW)
    assert not agenda.evidence_is_stale(None, NOW)  # undated: nothing to say
    dates = {"4.1-a": NOW - dt.timedelta(days=400), "4.1-b": NOW, "10.2-a": None}
    assert agenda.stale_evidence(dates, NOW) == {"4.1-a"}


def test_the_new_statuses_select_like_the_others():
    states = ItemStates(to_confirm=frozenset({"4.1-a", "5.1.2-a"}),
                        stale_evidence=frozenset({"5.1.1-b"}))
    assert select_items(BANK, Selection(statuses=frozenset({TO_CONFIRM})), states) == [
        "4.1-a", "5.1.2-a"]
    assert select_items(BANK, Selection(statuses=frozenset({STALE_EVIDENCE})), states) == [
        "5.1.1-b"]
    assert select_items(BANK, Selection(statuses=frozenset({TO_CONFIRM}),
                                        clauses=frozenset({"5"})), states) == ["5.1.2-a"]


def test_what_changed_takes_each_reason_and_says_which():
    states = ItemStates(to_confirm=frozenset({"4.1-a"}), disputed=frozenset({"5.1.2-a"}),
                        stale_evidence=frozenset({"5.1.1-b", "5.1.1-a"}))
    assert select_items(BANK, CHANGED, states) == IDS  # every item has a reason here
    reasons = {item.id: change_reasons(item, states) for item in BANK}
    assert reasons == {
        "4.1-a": (TO_CONFIRM,),
        "4.1-b": (NEW_IN_EDITION,),  # expanded
        "5.1.1-a": (NEW_IN_EDITION, STALE_EVIDENCE),
        "5.1.1-b": (STALE_EVIDENCE,),
        "5.1.2-a": (DISPUTED,),  # clarified: only its dispute counts
        "10.2-a": (NEW_IN_EDITION,),
    }
    assert select_items(BANK, CHANGED, ItemStates()) == ["4.1-b", "5.1.1-a", "10.2-a"]
    scoped = Selection(changed=True, clauses=frozenset({"5"}))
    assert select_items(BANK, scoped, states) == ["5.1.1-a", "5.1.1-b", "5.1.2-a"]
    assert CHANGED.filters and not CHANGED.empty


ids = st.frozensets(st.sampled_from(IDS))
states = st.builds(ItemStates, answered=ids, disputed=ids, to_confirm=ids,
                   stale_evidence=ids)


@given(states)
def test_what_changed_is_the_union_of_its_four_parts(known):
    def by(selection):
        return set(select_items(BANK, selection, known))

    parts = (by(Selection(change_kinds=agenda.CHANGED_KINDS))
             | by(Selection(statuses=frozenset({TO_CONFIRM, DISPUTED, STALE_EVIDENCE}))))
    assert by(CHANGED) == parts
    assert all(bool(change_reasons(item, known)) == (item.id in parts) for item in BANK)


@given(states, st.frozensets(st.sampled_from(agenda.STATUSES)))
def test_adding_what_changed_never_selects_less(known, statuses):
    plain = Selection(statuses=statuses)
    both = Selection(statuses=statuses, changed=True)
    assert set(select_items(BANK, plain, known)) <= set(select_items(BANK, both, known))
    assert set(select_items(BANK, CHANGED, known)) <= set(select_items(BANK, both, known))
