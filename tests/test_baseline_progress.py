"""Progress since the baseline (engine.baseline): the one rule the results page and the
report share."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapassess.domain.engine.baseline import (
    INDEX_KEYS,
    SCORE_KEYS,
    ItemChange,
    compare_with_baseline,
    direction,
    movement,
)
from gapassess.domain.wording.progress_text import movement_text, signed
from tests import report_support as rs

LEVEL = st.one_of(st.none(), st.integers(0, 4))


@pytest.fixture(scope="module")
def pair():
    """Last year's and this year's result of the demo manufacturer."""
    then = rs.result_for(rs.answers("compliance-only-2025"))
    now = rs.result_for(rs.answers("compliance-only"))
    return then, now


def _rose(now, then):
    return now is not None and then is not None and now > then


@given(c_then=LEVEL, c_now=LEVEL, o_then=LEVEL, o_now=LEVEL)
def test_an_item_improved_exactly_when_a_level_rose(c_then, c_now, o_then, o_now):
    change = ItemChange("x", "4.1", "X", c_then, c_now, o_then, o_now)
    assert change.improved == (_rose(c_now, c_then) or _rose(o_now, o_then))
    assert change.fell_back == (_rose(c_then, c_now) or _rose(o_then, o_now))
    if (c_then, o_then) == (c_now, o_now):
        assert not change.improved and not change.fell_back


@given(now=st.one_of(st.none(), st.floats(0, 100)), then=st.one_of(st.none(), st.floats(0, 100)))
def test_movement_is_now_minus_then(now, then):
    moved = movement(now, then)
    if now is None or then is None:
        assert moved is None and direction(moved) == "same"
    else:
        assert moved == now - then
        if round(moved) != 0:
            assert direction(moved) == ("better" if moved > 0 else "worse")
            assert direction(moved, lower_is_better=True) == ("worse" if moved > 0 else "better")


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_compare_counts_every_level_that_rose_or_fell(pair, data):
    then, now = pair
    # random levels on the same items, then and now
    items = now.items[:40]
    levels = data.draw(st.lists(st.tuples(LEVEL, LEVEL, LEVEL, LEVEL), min_size=len(items),
                                max_size=len(items)))
    earlier = replace(then, items=[replace(i, compliance=c, outcome=o)
                                   for i, (c, o, _c, _o) in zip(items, levels, strict=True)])
    later = replace(now, items=[replace(i, compliance=c, outcome=o)
                                for i, (_c, _o, c, o) in zip(items, levels, strict=True)])
    progress = compare_with_baseline(later, earlier)
    expected_up = {i.item_id for i, (c0, o0, c1, o1) in zip(items, levels, strict=True)
                   if _rose(c1, c0) or _rose(o1, o0)}
    expected_down = {i.item_id for i, (c0, o0, c1, o1) in zip(items, levels, strict=True)
                     if _rose(c0, c1) or _rose(o0, o1)}
    assert {i.item_id for i in progress.improved} == expected_up
    assert {i.item_id for i in progress.fell_back} == expected_down


def test_indices_and_clauses_move_by_now_minus_then(pair):
    then, now = pair
    progress = compare_with_baseline(now, then)
    assert [c.key for c in progress.indices] == list(INDEX_KEYS)
    for key in (*INDEX_KEYS, *SCORE_KEYS):
        change = progress.index(key)
        assert (change.then, change.now) == (getattr(then.overall, key), getattr(now.overall, key))
        assert change.delta == pytest.approx(getattr(now.overall, key) - getattr(then.overall, key))
    assert progress.index("compliance_only_share").lower_is_better
    clauses = [c.clause for c in now.clauses if c.level == "clause"]
    assert [c.clause for c in progress.clauses] == clauses
    for change in progress.clauses:
        before, after = then.clause(change.clause), now.clause(change.clause)
        assert change.compliance_delta == pytest.approx(
            after.compliance_score - before.compliance_score)
    assert (progress.class_then, progress.class_now) == (then.overall.classification,
                                                         now.overall.classification)
    # the demo manufacturer moved on a year: most items rose, fewer fell
    assert len(progress.improved) > len(progress.fell_back) > 0


def test_items_only_one_assessment_holds_are_left_out(pair):
    then, now = pair
    gone = now.items[0].item_id
    earlier = replace(then, items=[i for i in then.items if i.item_id != gone])
    progress = compare_with_baseline(now, earlier)
    assert gone not in {i.item_id for i in progress.items}
    assert len(progress.items) == len(now.items) - 1
    assert progress.newly_answered == 1


def test_movement_in_words():
    assert movement_text(None) == ""
    assert movement_text(0.4) == "no change"
    assert movement_text(37.2) == "up 37 points"
    assert movement_text(-1) == "down 1 point"
    assert (signed(12.6), signed(-4), signed(0.2), signed(None)) == ("+13", "\u22124", "0", "–")
