"""The spread arithmetic of workshop votes: properties that hold for any room."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gapassess.domain import workshop
from gapassess.domain.workshop import axis_spread, item_spread, median

levels = st.integers(min_value=0, max_value=4)
maybe_levels = st.one_of(st.none(), levels)
votes = st.lists(st.tuples(maybe_levels, maybe_levels), max_size=30)


@given(st.lists(levels, min_size=1, max_size=40))
def test_median_lies_within_the_range(values):
    spread = axis_spread(values)
    assert spread.low <= spread.median <= spread.high
    assert spread.low <= spread.prefill <= spread.high
    assert spread.range == max(values) - min(values)
    assert sum(spread.counts) == spread.n == len(values)


@given(st.lists(levels, min_size=1, max_size=40))
def test_a_vote_at_the_proposed_level_never_widens_the_range(values):
    before = axis_spread(values)
    after = axis_spread([*values, before.prefill])
    assert after.range <= before.range
    if before.median == int(before.median):
        assert axis_spread([*values, int(before.median)]).range == before.range


@given(votes, st.randoms(use_true_random=False), st.integers(min_value=1, max_value=4))
def test_order_of_votes_does_not_matter(pairs, rnd, threshold):
    shuffled = list(pairs)
    rnd.shuffle(shuffled)
    assert item_spread(shuffled, threshold) == item_spread(pairs, threshold)


@given(votes, st.integers(min_value=1, max_value=4))
def test_disagreement_is_a_range_at_or_above_the_threshold(pairs, threshold):
    spread = item_spread(pairs, threshold)
    ranges = [axis.range for axis in (spread.compliance, spread.outcome) if axis.n]
    assert spread.disagreement == any(r >= threshold for r in ranges)


def test_worked_example():
    spread = item_spread([(1, 0), (3, 0), (2, None), (4, 1)], threshold=2)
    assert spread.compliance.counts == (0, 1, 1, 1, 1)
    assert spread.compliance.median == 2.5
    assert spread.compliance.prefill == 2  # a split room is proposed the lower level
    assert spread.compliance.range == 3
    assert spread.outcome.n == 3 and spread.outcome.median == 0.0 and spread.outcome.range == 1
    assert spread.voters == 4
    assert spread.disagreement
    assert spread.prefill == (2, 0)
    assert not item_spread([(2, 2), (3, 3)], threshold=2).disagreement


def test_no_votes_gives_an_empty_spread():
    spread = item_spread([], threshold=2)
    assert spread.voters == 0 and spread.compliance.median is None
    assert spread.compliance.range is None and spread.prefill == (None, None)
    assert not spread.disagreement
    assert median([]) is None


@pytest.mark.parametrize("bad", [5, -1, 2.5, True, "3"])
def test_levels_outside_the_scale_are_refused(bad):
    with pytest.raises(ValueError, match="0 to 4"):
        item_spread([(bad, 1)], threshold=2)


def test_no_threshold_of_its_own():
    """The threshold is the scoring model's, passed in: the workshop module has no default
    and loads no model (a custom model must reach the pages, a broken one must not be
    hidden)."""
    assert not hasattr(workshop, "disagreement_threshold")
    with pytest.raises(TypeError):
        item_spread([(1, 1)])  # type: ignore[call-arg]


def test_report_and_workshop_pages_flag_the_same_items():
    """One rule for disagreement: the scoring model delegates to the workshop's."""
    from gapassess.domain.scoring_model import default_scoring_model
    from gapassess.domain.workshop import axis_spread, is_disagreement

    model = default_scoring_model()
    threshold = model.workshop.disagreement_threshold
    for levels in ([], [2], [4], [0, 4], [1, 2], [1, 3], [None, 4], [0, 0, threshold]):
        assert model.is_disagreement(levels) == is_disagreement(axis_spread(levels), threshold)
    assert not model.is_disagreement([4])  # one voice cannot disagree with itself
    # What the rule says, at the shipped threshold of 2 levels:
    assert threshold == 2
    flagged = {tuple(v): model.is_disagreement(v)
               for v in ([0, 4], [1, 2], [1, 3], [None, 4], [2, 2, 2])}
    assert flagged == {(0, 4): True, (1, 2): False, (1, 3): True, (None, 4): False,
                       (2, 2, 2): False}
