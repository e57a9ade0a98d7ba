"""The organisation's certification decides the default target, the phases and the wording:
a transition for a certified organisation, an initial certification for one without."""

from __future__ import annotations

from datetime import date

import pytest

from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.engine import reasons as codes
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.domain.scoring_model import default_scoring_model
from gapassess.domain.transition import Certification, transition_rules_for
from gapassess.domain.wording.roadmap_text import reason_text
from tests.test_scoring_factories import answers_for

START = date(2027, 1, 4)
NOT_CERTIFIED = Certification("not-certified")


@pytest.fixture(scope="module")
def bank():
    return get_questionnaire("iso9001-2026", "1.0")


def _run(bank, certification, level=1, outcome=None, **profile):
    answers = answers_for(bank, level, level if outcome is None else outcome)
    return assess(bank, answers, default_scoring_model(),
                  profile=OrgProfile(start_date=START, certification=certification, **profile))


def _note(result):
    (note,) = [n for n in result.roadmap.notes if n.code in codes.DEFAULT_TARGETS.values()]
    return note


def test_default_target_is_the_next_scheduled_audit(bank):
    result = _run(bank, Certification(next_audit=date(2027, 10, 12)))
    assert result.roadmap.target_date == date(2027, 10, 12)
    assert _note(result).code == codes.DEFAULT_TARGET_NEXT_AUDIT
    assert "next scheduled certification audit" in reason_text(_note(result))


def test_the_all_audits_date_is_called_expected_while_unconfirmed(bank):
    result = _run(bank, Certification())
    note = _note(result)
    assert (note.code, note.params["confirmed"]) == (codes.DEFAULT_TARGET, 0)
    assert "is expected to use ISO 9001:2026" in reason_text(note)
    rules = transition_rules_for("ISO 9001:2026")
    own = rules.with_certification_body_dates(all_audits_new_edition=date(2028, 12, 1))
    confirmed = _run(bank, Certification(), transition=own)
    assert confirmed.roadmap.target_date == date(2028, 12, 1)
    assert "expected" not in reason_text(_note(confirmed))
    assert confirmed.to_dict()["transition"]["all_audits_new_edition"] == {
        "date": "2028-12-01", "status": "confirmed", "source": "certification-body"}


def test_initial_certification_puts_the_foundations_first(bank):
    result = _run(bank, NOT_CERTIFIED)
    assert result.roadmap.target_date == date(2028, 1, 4)
    assert _note(result).code == codes.DEFAULT_TARGET_INITIAL
    conformity = [a for a in result.roadmap.actions if a.kind == "conformity"]
    phases = [a.phase for a in conformity]
    first = [a for a in conformity if a.phase == "Phase 1: Foundations"]
    assert first and {a.clause.split(".")[0] for a in first} <= {"4", "5"}
    assert phases == sorted(phases)  # every foundation action comes before the rest
    assert len(first) < len(conformity)
    # no transition figures and no transition wording for a first certificate
    assert result.overall.transition_readiness is None
    reasons = {r.code: reason_text(r) for a in result.roadmap.actions for r in a.reasons}
    assert "initial certification audit" in reasons[codes.CHANGE_KIND]
    assert "initial certification audit" in reasons[codes.MILESTONE_EXPECTED]
    data = result.to_dict()
    assert data["certification"]["status"] == "not-certified"
    assert "transition audit" not in " ".join(
        r["text"] for a in data["roadmap"] for r in a["reasons"])


def test_outcome_work_after_the_target_says_certification_not_transition(bank):
    result = _run(bank, NOT_CERTIFIED, level=4, outcome=1, target_date=date(2027, 3, 1))
    late = [r for a in result.roadmap.actions for r in a.reasons
            if r.code in (codes.AFTER_TARGET, codes.AFTER_TARGET_INITIAL)]
    assert late and {r.code for r in late} == {codes.AFTER_TARGET_INITIAL}


def test_a_certified_organisation_keeps_the_transition_plan(bank):
    certified = _run(bank, Certification())
    assert certified.roadmap.actions[0].phase.startswith("Phase 1: Close 2026")
    assert certified.overall.transition_readiness is not None
    assert certified.model is default_scoring_model()
    assert default_scoring_model().for_certification(False) is \
        default_scoring_model().for_certification(False)  # one variant: the cache holds
