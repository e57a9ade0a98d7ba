"""Regression tests for roadmap mutants that once survived the whole suite (issue 12)."""

from __future__ import annotations

from datetime import date

from gapassess.domain.answers import Answer
from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.engine import reasons as codes
from gapassess.domain.scoring_model import default_scoring_model
from tests.test_scoring_factories import answers_for, small_bank

PROFILE = OrgProfile(start_date=date(2027, 1, 4), target_date=date(2029, 3, 30), capacity=40)


def _codes(action) -> list[str]:
    return [reason.code for reason in action.reasons]


def test_total_effort_counts_the_milestones_as_well_as_the_actions():
    """Mutant (3): the total left out the milestones."""
    bank = small_bank()
    model = default_scoring_model()
    milestones = sum(m.person_days for m in model.roadmap.milestones)
    assert milestones > 0
    result = assess(bank, answers_for(bank, 1, 1), model=model, profile=PROFILE)
    days = {item.id: model.person_days(item.effort) for item in bank.items}
    conformity = sum(days[i.id] for i in bank.items if not i.advisory)
    outcome = sum(days.values())
    roadmap = result.roadmap
    assert roadmap.total_days == conformity + outcome + milestones
    assert roadmap.total_days == sum(a.person_days for a in roadmap.actions)
    assert result.to_dict()["total_person_days"] == round(conformity + outcome + milestones, 1)


def test_total_effort_of_a_plan_with_only_the_milestones_is_theirs():
    bank = small_bank()
    model = default_scoring_model()
    roadmap = assess(bank, answers_for(bank, 4, 4), model=model, profile=PROFILE).roadmap
    assert [a.kind for a in roadmap.actions] == ["milestone", "milestone"]
    assert roadmap.total_days == sum(m.person_days for m in model.roadmap.milestones)


def test_met_on_paper_only_for_requirements_at_or_above_the_compliance_threshold():
    """Mutant (5): the "met on paper" reason went to items below the compliance threshold."""
    bank = small_bank()
    threshold = default_scoring_model().thresholds.compliance
    levels = {
        "4.1-context": threshold - 1,  # below: conformity gap, not met on paper
        "4.2-parties": 0,
        "5.1.1-quality-culture": threshold,  # exactly at the threshold: met on paper
        "7.1.3-ict": 4,
        "7.1.6-digital-knowledge": 4,  # advisory: guidance, never "met on paper"
    }
    answers = [Answer(iid, level, 0) for iid, level in levels.items()]
    answers.append(Answer("6.1.1-risks", None, 0))  # outcome only: compliance unknown
    roadmap = assess(bank, answers, default_scoring_model(), profile=PROFILE).roadmap
    met = {a.item_id for a in roadmap.actions
           if a.kind == "outcome" and codes.COMPLIANCE_ONLY in _codes(a)}
    assert met == {"5.1.1-quality-culture", "7.1.3-ict"}
    assert {a.item_id for a in roadmap.actions if a.kind == "outcome"} >= set(levels)
