"""The demo organisations each show the corner of the two-axis model they stand for."""

from datetime import date

import pytest

from gapassess.domain.answers import Answer
from gapassess.domain.demo import PROFILES, demo_answers
from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.domain.scoring_model import default_scoring_model


def _overall(profile: str, seed: int = 2026):
    questionnaire = get_questionnaire()
    answers = [Answer(**a) for a in demo_answers(questionnaire, profile, seed=seed)]
    profile_ = OrgProfile(name=profile, target_date=date(2027, 9, 1), capacity=8,
                          start_date=date(2026, 11, 23))
    return assess(questionnaire, answers, default_scoring_model(), profile=profile_).overall


@pytest.mark.parametrize(
    ("profile", "expected"),
    [("compliance-only", "compliance-only"), ("outcome-driven", "outcome-driven"),
     ("startup", "gap"), ("compliance-only-2025", "gap")],
)
def test_profile_lands_in_its_corner(profile, expected):
    assert _overall(profile).classification == expected


def test_manufacturer_improved_since_its_baseline():
    before, now = _overall("compliance-only-2025", 2025), _overall("compliance-only")
    assert now.transition_readiness > before.transition_readiness
    assert now.conformity_readiness > before.conformity_readiness


def test_startup_is_part_way_and_informal_in_places():
    overall = _overall("startup")
    assert 50 < overall.completion < 95
    assert overall.class_counts["informal"] > 0


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_evidence_never_claims_an_audit_of_a_requirement_new_in_2026(profile):
    bank = get_questionnaire()
    new = {item.id for item in bank.items if item.change in ("new", "expanded")}
    answers = {a["item_id"]: a for a in demo_answers(bank, profile)}
    claims = [iid for iid in new & answers.keys()
              if "surveillance" in answers[iid]["evidence"]
              or "24 months" in answers[iid]["evidence"]]
    assert new & answers.keys() and claims == []
