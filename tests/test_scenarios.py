"""What-if scenarios of the roadmap, compared with the current plan."""

from __future__ import annotations

from datetime import date

import pytest

from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.engine.scenarios import (
    MAX_SCENARIOS,
    Scenario,
    compare,
    parse_scenario,
    stored_scenarios,
)
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.domain.scoring_model import default_scoring_model
from tests.test_scoring_factories import answers_for

START, TARGET = date(2027, 1, 4), date(2028, 3, 31)


@pytest.fixture(scope="module")
def inputs():
    bank = get_questionnaire()
    # most requirements met, the last clauses with gaps on both axes: feasible at 8
    answers = answers_for(bank, 3, 1)[:150] + answers_for(bank, 1, 1)[150:]
    return bank, answers, OrgProfile(start_date=START, target_date=TARGET, capacity=8)


def _plan(inputs, **changes):
    bank, answers, profile = inputs
    return assess(bank, answers, default_scoring_model(),
                  OrgProfile(**{**profile.__dict__, **changes})).roadmap


def test_each_column_is_the_roadmap_planned_with_the_scenario(inputs):
    bank, answers, profile = inputs
    scenarios = [Scenario(capacity=4), Scenario("Early audit", target_date=date(2027, 6, 30))]
    current, lean, early = compare(bank, answers, default_scoring_model(), profile, scenarios)
    assert current.is_current and current.label == "Current plan"
    assert (lean.label, early.label) == ("Scenario 1", "Early audit")
    for column, plan in ((current, _plan(inputs)), (lean, _plan(inputs, capacity=4)),
                         (early, _plan(inputs, target_date=date(2027, 6, 30)))):
        assert column.feasible == plan.feasible
        assert column.shortfall_days == pytest.approx(plan.shortfall_days)
        assert column.shortfall_months == pytest.approx(plan.shortfall_months)
        assert column.capacity == plan.capacity and column.target_date == plan.target_date
        late = {a.id for a in plan.actions if a.kind != "outcome" and a.due > plan.target_date}
        assert {a.id for a in column.late} == late
    assert current.feasible and not current.late and not current.slipped
    assert not lean.feasible and lean.shortfall_days > 0 and lean.late
    # what slips is what the current plan had done by the audit
    assert lean.slipped == {a.id for a in lean.late}
    assert "milestone/management-review" in {a.id for a in early.late}
    assert all(a.due > early.target_date for a in early.late)


def test_outcome_work_after_the_audit_starts_after_the_target(inputs):
    bank, answers, profile = inputs
    current, later = compare(bank, answers, default_scoring_model(), profile,
                             [Scenario(outcome_after_audit=True)])
    plain = _plan(inputs)
    moved = _plan(inputs, outcome_after_target=True)
    outcome = [a for a in moved.actions if a.kind == "outcome"]
    assert outcome and all(a.start > TARGET for a in outcome)
    assert any(a.start <= TARGET for a in plain.actions if a.kind == "outcome")
    before = [(a.id, a.start, a.due) for a in plain.actions if a.kind != "outcome"]
    assert before == [(a.id, a.start, a.due) for a in moved.actions if a.kind != "outcome"]
    assert later.feasible == current.feasible and later.outcome_after_audit
    assert later.outcome_after == len(outcome) > current.outcome_after
    assert later.finish > current.finish


@pytest.mark.parametrize(("text", "expected"), [
    ("capacity=12", Scenario(capacity=12.0)),
    ("target=2028-09-30, label=Later audit", Scenario("Later audit", None, date(2028, 9, 30))),
    ("outcome-after-audit,capacity=6.5", Scenario(capacity=6.5, outcome_after_audit=True)),
    ("scope=outcome-after-audit", Scenario(outcome_after_audit=True)),
])
def test_scenario_text_reads(text, expected):
    assert parse_scenario(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("capacity=lots", "capacity: “lots” is not a number"),
    ("capacity=0", "capacity must be a number from"),
    ("capacity=nan", "capacity must be a number from"),
    ("target=next year", "target: “next year” is not a date"),
    ("target=1999-01-01", "target date must be between 2000-01-01"),
    ("speed=2", "“speed=2” is not one of"),
    ("label=Nothing", "a scenario changes the capacity, the target date or the scope"),
])
def test_bad_scenario_text_says_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        parse_scenario(text)


def test_stored_scenarios_round_trip_and_unreadable_ones_are_left_out():
    kept = [Scenario("A", 12.0), Scenario("", None, date(2028, 1, 31), True)]
    stored = [s.to_dict() for s in kept]
    assert stored_scenarios(stored) == kept
    broken = [{"capacity": "x"}, {"target_date": "2028-02-30"}, "text", {"label": "no change"},
              {"capacity": -1}, *stored, *stored]
    assert stored_scenarios(broken) == (kept + kept)[:MAX_SCENARIOS]
    assert stored_scenarios(None) == []
