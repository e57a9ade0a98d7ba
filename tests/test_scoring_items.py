"""Item results: status, classification, gaps, not applicable, partial and advisory items."""

from __future__ import annotations

from datetime import date

import pytest

from gapassess.domain.answers import Answer
from gapassess.domain.engine import assess
from gapassess.domain.scoring_model import default_scoring_model
from tests.test_scoring_factories import make_item, make_questionnaire, small_bank

TODAY = date(2027, 1, 4)


def _result(bank, answers):
    return assess(bank, answers, default_scoring_model(), today=TODAY)


@pytest.mark.parametrize(("compliance", "outcome", "expected"), [
    (0, 0, "gap"), (1, 4, "informal"), (4, 1, "compliance-only"), (3, 3, "outcome-driven"),
])
def test_each_answered_item_gets_exactly_one_class(compliance, outcome, expected):
    bank = small_bank()
    result = _result(bank, [Answer("7.1.3-ict", compliance, outcome)])
    item = result.item("7.1.3-ict")
    assert item.status == "answered"
    assert item.classification == expected
    assert item.compliance_gap == max(0, 3 - compliance)
    assert item.outcome_gap == max(0, 3 - outcome)


def test_unanswered_items_are_reported_not_scored_as_zero():
    bank = small_bank()
    result = _result(bank, [Answer("7.1.3-ict", 4, 4)])
    assert result.item("4.1-context").status == "unanswered"
    assert result.item("4.1-context").classification is None
    assert result.overall.compliance_score == 100
    assert result.overall.completion == pytest.approx(100 / 9)


def test_one_axis_counts_for_that_axis_only():
    bank = small_bank()
    result = _result(bank, [Answer("7.1.3-ict", 4, 4), Answer("4.1-context", 0, None)])
    partial = result.item("4.1-context")
    assert (partial.status, partial.partial, partial.classification) == ("unanswered", True, None)
    assert partial.compliance_gap == 3
    assert result.overall.answered == 1
    weights = {i.item_id: i.weight for i in result.items}
    expected = 100 * weights["7.1.3-ict"] / (weights["7.1.3-ict"] + weights["4.1-context"])
    assert result.overall.compliance_score == pytest.approx(expected)
    assert result.overall.outcome_score == 100
    assert sum(result.overall.class_counts.values()) == 1
    assert [a.item_id for a in result.roadmap.actions if a.kind == "conformity"] == [
        "4.1-context"]


def test_not_applicable_needs_permission_and_justification():
    bank = small_bank()
    result = _result(bank, [
        Answer("8.3.1-design", 0, 0, not_applicable=True, justification="We design nothing."),
        Answer("7.1.3-ict", 1, 1, not_applicable=True, justification="Not allowed here."),
        Answer("4.1-context", 2, 2, not_applicable=True, justification="  "),
    ])
    assert result.item("8.3.1-design").status == "not-applicable"
    assert result.item("8.3.1-design").compliance is None
    assert result.item("7.1.3-ict").status == "answered"
    assert result.item("4.1-context").status == "answered"
    assert result.overall.applicable == 8
    assert not any(a.item_id == "8.3.1-design" for a in result.roadmap.actions)


def test_advisory_items_count_in_outcome_but_never_as_a_conformity_gap():
    bank = make_questionnaire([
        make_item("7.1.3-ict"),
        make_item("7.1.6-digital-knowledge", advisory=True),
    ])
    result = _result(bank, [Answer("7.1.3-ict", 4, 4), Answer("7.1.6-digital-knowledge", 0, 0)])
    advisory = result.item("7.1.6-digital-knowledge")
    assert advisory.classification == "gap"  # shown on the item
    assert advisory.compliance_gap == 0
    assert result.overall.conformity_readiness == 100
    assert result.overall.compliance_score == 100
    assert result.overall.outcome_score == 50
    assert result.overall.class_counts == {"gap": 0, "informal": 0, "compliance-only": 0,
                                           "outcome-driven": 1}
    kinds = {(a.item_id, a.kind) for a in result.roadmap.actions}
    assert ("7.1.6-digital-knowledge", "conformity") not in kinds
    assert ("7.1.6-digital-knowledge", "outcome") in kinds


def test_answers_to_unknown_items_are_ignored_and_later_answers_win():
    bank = small_bank()
    result = _result(bank, [Answer("9.9-nothing", 4, 4), Answer("7.1.3-ict", 0, 0),
                            Answer("7.1.3-ict", 4, 4)])
    assert result.item("7.1.3-ict").classification == "outcome-driven"
    assert len(result.items) == 9


def test_a_level_outside_the_scale_is_refused():
    with pytest.raises(ValueError, match="0 to 4"):
        _result(small_bank(), [Answer("7.1.3-ict", 5, 0)])


@pytest.mark.parametrize("level", [True, 2.5, -1])
def test_true_and_fractions_are_not_levels(level):
    with pytest.raises(ValueError, match="0 to 4"):
        _result(small_bank(), [Answer("7.1.3-ict", level, 0)])


def test_a_whole_float_from_a_sheet_is_its_level():
    item = _result(small_bank(), [Answer("7.1.3-ict", 2.0, 3)]).item("7.1.3-ict")
    assert item.status == "answered"
    assert item.compliance_gap == 1


def test_capacity_must_be_positive():
    from gapassess.domain.engine import OrgProfile

    with pytest.raises(ValueError, match="capacity"):
        assess(small_bank(), [], default_scoring_model(),
               profile=OrgProfile(capacity=0), today=TODAY)
