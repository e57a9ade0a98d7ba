"""The report speaks of what the organisation faces: a transition for a certificate holder,
an initial certification for an organisation without one, and 'expected' for dates the
accreditation bodies have not confirmed."""

from __future__ import annotations

import re

import pytest

from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.report import build_report
from gapassess.domain.scoring_model import default_scoring_model
from gapassess.domain.transition import Certification
from tests import report_support as rs


def _text(certification: Certification, target=None) -> str:
    answers = rs.answers("startup")
    profile = OrgProfile(name="Kite Ltd", target_date=target, capacity=4.0,
                         start_date=rs.TODAY, certification=certification)
    result = assess(rs.questionnaire(), answers, default_scoring_model(), profile=profile,
                    today=rs.TODAY)
    return rs.all_text(build_report(result, rs.questionnaire(), answers, rs.meta("Kite Ltd")))


@pytest.fixture(scope="module")
def initial() -> str:
    return _text(Certification("not-certified"))


@pytest.fixture(scope="module")
def transition() -> str:
    return _text(Certification())


def test_an_initial_certification_has_no_transition_wording(initial):
    assert "Target initial certification audit" in initial
    assert "Certification roadmap" in initial
    assert "preparing certification to ISO 9001:2026" in initial
    for phrase in ("transition audit", "Transition readiness", "2015 certificates",
                   "Transition roadmap", "Transition deadline", "adds comes first"):
        assert phrase not in initial, phrase
    assert "Phase 1: Foundations" in initial
    assert "Conformity work on the foundations" in initial


def test_a_transition_says_expected_for_unconfirmed_dates(transition):
    assert "Target transition audit" in transition
    assert re.search(r"End of the transition: 30 September 2029 \([^)]*\) is expected but "
                     r"not yet confirmed", transition)
    assert "no longer valid" not in transition
    assert "is expected to use ISO 9001:2026" in transition  # the default target's note
