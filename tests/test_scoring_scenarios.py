"""The four corner profiles on the shipped question bank: classification and roadmap."""

from __future__ import annotations

from datetime import date

import pytest

from gapassess.domain.answers import Answer
from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.domain.scoring_model import default_scoring_model

PROFILE = OrgProfile(start_date=date(2027, 1, 4), target_date=date(2029, 3, 30), capacity=40)


@pytest.fixture(scope="module")
def bank():
    return get_questionnaire()


def _run(bank, compliance, outcome):
    answers = [Answer(i.id, compliance, outcome) for i in bank.items]
    return assess(bank, answers, default_scoring_model(), profile=PROFILE)


def _actions(result, kind):
    return {a.item_id for a in result.roadmap.actions if a.kind == kind}


def _requirements(bank):
    return {i.id for i in bank.items if not i.advisory}


def test_all_gap(bank):
    result = _run(bank, 0, 0)
    assert result.overall.classification == "gap"
    assert result.overall.conformity_readiness == 0
    assert result.overall.compliance_only_share is None
    assert _actions(result, "conformity") == _requirements(bank)
    assert _actions(result, "outcome") == {i.id for i in bank.items}
    first = result.roadmap.actions[0]
    assert first.kind == "conformity"
    assert first.phase.startswith("Phase 1")


def test_informal(bank):
    result = _run(bank, 1, 4)
    assert result.overall.classification == "informal"
    assert result.overall.outcome_maturity == 100
    assert _actions(result, "conformity") == _requirements(bank)
    assert _actions(result, "outcome") == set()


def test_compliance_only(bank):
    result = _run(bank, 4, 1)
    assert result.overall.classification == "compliance-only"
    assert result.overall.conformity_readiness == 100
    assert result.overall.transition_readiness == 100
    assert result.overall.compliance_only_share == 100
    assert _actions(result, "conformity") == set()
    assert _actions(result, "outcome") == {i.id for i in bank.items}
    assert [a.kind for a in result.roadmap.actions[:2]] == ["milestone", "milestone"]
    assert result.roadmap.feasible


def test_outcome_driven(bank):
    result = _run(bank, 4, 4)
    assert result.overall.classification == "outcome-driven"
    assert result.overall.compliance_only_share == 0
    assert [a.kind for a in result.roadmap.actions] == ["milestone", "milestone"]
    assert result.roadmap.feasible
    counts = result.overall.class_counts
    assert counts["outcome-driven"] == len(_requirements(bank))


def test_every_clause_4_to_10_is_rolled_up(bank):
    result = _run(bank, 3, 2)
    tops = [c.clause for c in result.clauses if c.level == "clause"]
    assert tops == ["4", "5", "6", "7", "8", "9", "10"]
    subclauses = {c.clause for c in result.clauses if c.level == "subclause"}
    assert {"8.5", "6.1", "10.2"} <= subclauses
