"""Scheduling at a capacity, feasibility against the target date, the default target."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.engine.schedule import WorkCalendar
from gapassess.domain.scoring_model import default_scoring_model
from gapassess.domain.transition import transition_rules_for
from gapassess.domain.wording.roadmap_text import reason_texts
from tests.test_scoring_factories import answers_for, small_bank

START = date(2027, 1, 4)


def _working_days(first: date, last: date) -> int:
    return int(np.busday_count(first, last + timedelta(days=1)))


def test_tiny_capacity_is_infeasible_with_the_shortfall_worked_out():
    bank = small_bank()
    model = default_scoring_model()
    target = date(2027, 9, 30)
    capacity = 1.0
    result = assess(bank, answers_for(bank, 0, 0), default_scoring_model(), profile=OrgProfile(
        start_date=START, target_date=target, capacity=capacity))
    roadmap = result.roadmap
    rate = capacity / model.roadmap.working_days_per_month  # person-days per working day
    conformity_days = sum(a.person_days for a in roadmap.actions if a.kind == "conformity")
    milestone_days = sum(max(m.person_days / rate, m.min_working_days)
                         for m in model.roadmap.milestones)
    needed = conformity_days / rate + milestone_days
    deadline = target - timedelta(days=model.roadmap.milestone_lead_days)
    available = _working_days(START, deadline)
    assert not roadmap.feasible
    assert roadmap.shortfall_days == pytest.approx((needed - available) * rate)
    assert roadmap.shortfall_days > 0
    assert roadmap.shortfall_months == pytest.approx(roadmap.shortfall_days / capacity)
    assert any("cannot be met" in note for note in reason_texts(roadmap.notes))
    late = roadmap.action("milestone/management-review")
    assert late.due > deadline and any("ends after" in r for r in reason_texts(late.reasons))


def test_enough_capacity_makes_the_same_plan_feasible():
    bank = small_bank()
    profile = OrgProfile(start_date=START, target_date=date(2027, 9, 30), capacity=60)
    roadmap = assess(bank, answers_for(bank, 0, 0), default_scoring_model(),
                     profile=profile).roadmap
    assert roadmap.feasible
    assert (roadmap.shortfall_days, roadmap.shortfall_months) == (0, 0)


def test_outcome_actions_may_run_past_the_target_and_say_so():
    bank = small_bank()
    target = date(2027, 6, 30)
    roadmap = assess(bank, answers_for(bank, 4, 0), default_scoring_model(), profile=OrgProfile(
        start_date=START, target_date=target, capacity=4)).roadmap
    assert roadmap.feasible
    late = [a for a in roadmap.actions if a.kind == "outcome" and a.due > target]
    assert late
    assert all(any("past the target audit date" in r for r in reason_texts(a.reasons))
               for a in late)


def test_actions_run_back_to_back_at_the_capacity():
    bank = small_bank()
    capacity = 21.0  # one person-day per working day
    roadmap = assess(bank, answers_for(bank, 0, 0), default_scoring_model(), profile=OrgProfile(
        start_date=START, capacity=capacity)).roadmap
    previous_due = None
    for action in roadmap.actions:
        if action.kind == "milestone":
            continue
        assert _working_days(action.start, action.due) == action.person_days
        if previous_due is not None:
            assert action.start > previous_due
        previous_due = action.due


def test_default_target_is_the_all_audits_date_and_stated():
    bank = small_bank()
    result = assess(bank, answers_for(bank, 3, 3), default_scoring_model(),
                    profile=OrgProfile(start_date=START))
    rules = transition_rules_for(bank.standard)
    assert rules is not None and result.transition == rules
    assert result.roadmap.target_date == rules.all_audits_new_edition.date == date(2029, 3, 30)
    assert result.roadmap.target_date_default
    assert any("No target date was given" in note for note in reason_texts(result.roadmap.notes))
    data = result.to_dict()
    assert (data["target_date"], data["target_date_default"]) == ("2029-03-30", True)
    given = assess(bank, [], default_scoring_model(),
                   profile=OrgProfile(start_date=START, target_date=date(2028, 1, 31)))
    assert not given.roadmap.target_date_default
    assert not any("No target date" in note for note in reason_texts(given.roadmap.notes))


def test_start_on_a_weekend_moves_to_monday():
    calendar = WorkCalendar(date(2027, 1, 2))  # a Saturday
    assert calendar.first == date(2027, 1, 4)
    assert [calendar.day(i).weekday() for i in range(7)] == [0, 1, 2, 3, 4, 0, 1]
    assert calendar.days_through(date(2027, 1, 10)) == 5
