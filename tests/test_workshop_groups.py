"""Perception by role: per-group spreads never show a small group, and perception gaps."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from gapassess.domain.scoring_model import ScoringModelError, load_scoring_model
from gapassess.domain.workshop import axis_spread
from gapassess.domain.workshop_groups import (
    FRONT_LINE,
    ROLE_KINDS,
    TOP_MANAGEMENT,
    axis_groups,
    group_spreads,
)
from gapassess.paths import scoring_dir

levels = st.integers(min_value=0, max_value=4)
maybe_levels = st.one_of(st.none(), levels)
# Few groups, so that rooms often hold groups just above and just below the minimum.
groups = st.one_of(st.none(), st.sampled_from(ROLE_KINDS[:3]), st.sampled_from(ROLE_KINDS))
votes = st.lists(st.tuples(groups, maybe_levels, maybe_levels), max_size=24)
sizes = st.integers(min_value=3, max_value=6)
gaps = st.integers(min_value=1, max_value=4)


def _tm(*levels_):
    return [(TOP_MANAGEMENT, c, o) for c, o in levels_]


def _fl(*levels_):
    return [(FRONT_LINE, c, o) for c, o in levels_]


@given(votes, sizes, gaps)
def test_nothing_shown_has_fewer_votes_than_the_minimum(rows, size, gap):
    """Neither a group shown apart nor the participants merged together: no set of fewer
    votes can be read off, not even by subtracting the groups shown from the whole room."""
    spreads = group_spreads(rows, min_size=size, gap=gap)
    for index, axis in enumerate(("compliance", "outcome")):
        shown = getattr(spreads, axis)
        assert all(entry.spread.n >= size for entry in shown)
        if shown:  # together they are the whole room on that axis
            room = axis_spread(row[1 + index] for row in rows)
            total = [sum(e.spread.counts[lvl] for e in shown) for lvl in range(5)]
            assert tuple(total) == room.counts
            assert len({e.group for e in shown}) == len(shown)


@given(votes, sizes, gaps)
def test_a_gap_is_top_management_shown_apart_above_the_front_line(rows, size, gap):
    spreads = group_spreads(rows, min_size=size, gap=gap)
    expected = []
    for index, axis in enumerate(("compliance", "outcome")):
        shown = {e.group: e.spread for e in getattr(spreads, axis)}
        top, front = shown.get(TOP_MANAGEMENT), shown.get(FRONT_LINE)
        if top and front:
            assert top.n >= size and front.n >= size
            assert top.n == sum(1 for r in rows
                                if r[0] == TOP_MANAGEMENT and r[1 + index] is not None)
            if top.median - front.median >= gap:
                expected.append((axis, top.median, front.median))
    assert [(g.axis, g.top_management, g.front_line) for g in spreads.gaps] == expected


def test_a_lone_quality_manager_withholds_the_gap_and_says_so():
    """Three leaders, three operators and one quality manager: the table merges the front
    line with the lone vote (else it could be worked out from the room's), so no gap may be
    shown, since a gap stated from the front line's own votes would give the lone vote away;
    the axes where it was withheld are named instead."""
    lone_low = _tm((4, 4), (4, 4), (4, 4)) + _fl((0, 0), (4, 4), (4, 4)) + [("quality-team", 0, 0)]
    lone_high = _tm((4, 4), (4, 4), (4, 4)) + _fl((0, 0), (0, 0), (4, 4)) + [("quality-team", 4, 4)]
    low = group_spreads(lone_low, min_size=3, gap=2)
    high = group_spreads(lone_high, min_size=3, gap=2)
    assert low == high  # nothing shown tells the two rooms apart
    assert low.gaps == high.gaps == ()
    assert low.unchecked == high.unchecked == ("compliance", "outcome")
    both_shown = group_spreads(_tm((4, 4), (4, 4), (4, 4)) + _fl((0, 0), (0, 0), (4, 4)),
                               min_size=3, gap=2)
    assert both_shown.unchecked == () and both_shown.gaps


@given(votes, st.randoms(use_true_random=False), sizes, gaps)
def test_order_of_votes_does_not_matter(rows, rnd, size, gap):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert group_spreads(shuffled, min_size=size, gap=gap) == group_spreads(rows, min_size=size,
                                                                            gap=gap)


def test_leaders_two_levels_above_the_floor_is_a_perception_gap():
    rows = _tm((4, 3), (4, 2), (3, 2)) + _fl((2, 1), (2, 2), (1, 2))
    spreads = group_spreads(rows, min_size=3, gap=2)
    assert [(g.axis, g.top_management, g.front_line) for g in spreads.gaps] == [
        ("compliance", 4.0, 2.0)]  # outcome: 2 against 2, no gap on that axis
    assert [row.group for row in spreads.rows()] == [TOP_MANAGEMENT, FRONT_LINE]


def test_one_level_apart_or_the_floor_above_the_leaders_is_no_gap():
    assert not group_spreads(_tm((3, 3), (3, 3), (3, 3)) + _fl((2, 2), (2, 2), (2, 2)),
                             min_size=3, gap=2).gaps
    assert not group_spreads(_tm((0, 0), (0, 0), (0, 0)) + _fl((4, 4), (4, 4), (4, 4)),
                             min_size=3, gap=2).gaps


def test_a_single_leader_is_never_shown_nor_flagged():
    """One manager rating 4 against a front line rating 0: the manager's vote would be
    exposed by a gap, a group line or the difference with the room; none is shown."""
    spreads = group_spreads(_tm((4, 4)) + _fl((0, 0), (0, 0), (0, 0), (0, 0)),
                            min_size=3, gap=2)
    assert spreads.gaps == ()
    assert spreads.compliance == spreads.outcome == ()
    assert not spreads.shown and spreads.rows() == []


def test_two_leaders_are_merged_and_a_second_group_joins_them():
    """Two managers merged alone would be a set of two: the smallest other group (not the
    front line, which the rule compares) is merged with them."""
    rows = (_tm((4, 4), (4, 4)) + _fl((0, 0), (0, 0), (1, 1))
            + [("quality-team", 2, 2)] * 3)
    spreads = group_spreads(rows, min_size=3, gap=2)
    assert [(e.group, e.spread.n) for e in spreads.compliance] == [(FRONT_LINE, 3), (None, 5)]
    assert spreads.gaps == ()


def test_the_minimum_comes_from_the_model_and_a_larger_one_hides_more():
    rows = _tm((4, 4), (4, 4), (4, 4)) + _fl((1, 1), (1, 1), (1, 1))
    assert group_spreads(rows, min_size=3, gap=2).gaps
    assert not group_spreads(rows, min_size=4, gap=2).gaps
    assert not group_spreads(rows, min_size=3, gap=4).gaps


def test_votes_without_a_group_never_show_apart():
    assert axis_groups([(None, 2)] * 10, 3) == ()
    assert [e.group for e in axis_groups([(None, 2)] * 3 + [(FRONT_LINE, 1)] * 3, 3)] == [
        FRONT_LINE, None]


def test_a_level_outside_the_scale_is_refused():
    with pytest.raises(ValueError):
        group_spreads([(FRONT_LINE, 5, None)], min_size=3, gap=2)


def _model_with(tmp_path, **workshop):
    data = yaml.safe_load((scoring_dir() / "default.yaml").read_text(encoding="utf-8"))
    data["workshop"] = {"disagreement_threshold": 2, **workshop}
    path = tmp_path / "model.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_scoring_model(path)


def test_the_model_gives_defaults_when_the_figures_are_absent(tmp_path):
    model = _model_with(tmp_path)
    assert (model.workshop.min_group_size, model.workshop.perception_gap) == (3, 2)
    changed = _model_with(tmp_path, min_group_size=5, perception_gap=3)
    rows = _tm((4, 4), (4, 4), (4, 4)) + _fl((1, 1), (1, 1), (1, 1))
    assert model.group_spreads(rows).gaps and not changed.group_spreads(rows).gaps


@pytest.mark.parametrize("field,value", [("min_group_size", 2), ("min_group_size", 1),
                                         ("perception_gap", 0), ("perception_gap", 5)])
def test_the_model_refuses_figures_that_would_expose_votes_or_mean_nothing(tmp_path, field,
                                                                           value):
    with pytest.raises(ScoringModelError, match=f"workshop.{field}"):
        _model_with(tmp_path, **{field: value})
