"""Roll-ups per clause and sub-clause, and the headline indices, checked by hand."""

from __future__ import annotations

import math
from datetime import date

import pytest

from gapassess.domain.answers import Answer
from gapassess.domain.engine import assess
from gapassess.domain.scoring_model import default_scoring_model
from tests.test_scoring_factories import make_item, make_questionnaire

TODAY = date(2027, 1, 4)


def _bank():
    return make_questionnaire([
        make_item("6.1.1-risks", change="structural", weight=2.0),
        make_item("6.1.3-opportunities", change="expanded"),
        make_item("6.2-objectives", change="unchanged", tags=["leadership"]),
        make_item("7.1.6-digital", change="unchanged", advisory=True),
        make_item("8.3.1-design", not_applicable_allowed=True,
                  not_applicable_guidance="When nothing is designed."),
    ])


ANSWERS = [
    Answer("6.1.1-risks", 4, 1),          # compliance-only
    Answer("6.1.3-opportunities", 1, 3),  # informal
    Answer("6.2-objectives", 3, 3),       # outcome-driven
    Answer("7.1.6-digital", 0, 2),        # advisory gap: outcome only in roll-ups
    Answer("8.3.1-design", 0, 0, not_applicable=True, justification="No design."),
]


def _weights():
    model = default_scoring_model()
    return {
        "6.1.1-risks": 2.0 * model.weights.change["structural"],
        "6.1.3-opportunities": model.weights.change["expanded"],
        "6.2-objectives": model.weights.tags["leadership"],
        "7.1.6-digital": 1.0,
    }


def _mean(pairs):
    return sum(w * v for w, v in pairs) / sum(w for w, _ in pairs)


def _shown(score):
    """A score as every page shows it: a whole number, halves up (docs/scoring.md)."""
    return math.floor(score + 0.5)


def test_weights_combine_item_change_and_tags():
    result = assess(_bank(), ANSWERS, default_scoring_model(), today=TODAY)
    for item_id, weight in _weights().items():
        assert result.item(item_id).weight == pytest.approx(weight)


def test_overall_scores_and_indices():
    w = _weights()
    o = assess(_bank(), ANSWERS, default_scoring_model(), today=TODAY).overall
    compliance = _mean([(w["6.1.1-risks"], 4), (w["6.1.3-opportunities"], 1),
                        (w["6.2-objectives"], 3)]) * 25
    outcome = _mean([(w["6.1.1-risks"], 1), (w["6.1.3-opportunities"], 3),
                     (w["6.2-objectives"], 3), (w["7.1.6-digital"], 2)]) * 25
    requirement_weight = w["6.1.1-risks"] + w["6.1.3-opportunities"] + w["6.2-objectives"]
    assert o.compliance_score == _shown(compliance)
    assert o.outcome_score == _shown(outcome)
    assert o.outcome_maturity == _shown(outcome)
    assert o.conformity_readiness == pytest.approx(
        100 * (w["6.1.1-risks"] + w["6.2-objectives"]) / requirement_weight)
    transition = w["6.1.1-risks"] + w["6.1.3-opportunities"]
    assert o.transition_readiness == pytest.approx(100 * w["6.1.1-risks"] / transition)
    conforming = w["6.1.1-risks"] + w["6.2-objectives"]
    assert o.compliance_only_share == pytest.approx(100 * w["6.1.1-risks"] / conforming)
    assert (o.answered, o.applicable, o.total) == (4, 4, 5)
    assert o.completion == 100
    assert o.class_counts == {"gap": 0, "informal": 1, "compliance-only": 1,
                              "outcome-driven": 1}
    expected = default_scoring_model().classify(_shown(compliance), _shown(outcome), on="score")
    assert o.classification == expected


def test_clause_and_subclause_rows():
    w = _weights()
    result = assess(_bank(), ANSWERS, default_scoring_model(), today=TODAY)
    assert [(c.clause, c.level) for c in result.clauses] == [
        ("6", "clause"), ("6.1", "subclause"), ("6.2", "subclause"),
        ("7", "clause"), ("7.1", "subclause"), ("8", "clause"), ("8.3", "subclause")]
    sub = result.clause("6.1")
    assert sub.title == "Actions to address risks and opportunities"
    assert sub.compliance_score == _shown(
        _mean([(w["6.1.1-risks"], 4), (w["6.1.3-opportunities"], 1)]) * 25)
    assert sub.class_counts["compliance-only"] == 1 and sub.class_counts["informal"] == 1
    advisory_only = result.clause("7")
    assert advisory_only.compliance_score is None
    assert advisory_only.outcome_score == 50
    assert advisory_only.classification is None
    design = result.clause("8.3")
    assert (design.applicable, design.compliance_score, design.classification) == (0, None, None)


def test_nothing_answered_gives_no_figures():
    result = assess(_bank(), [], default_scoring_model(), today=TODAY)
    o = result.overall
    assert o.classification is None
    assert o.conformity_readiness is None and o.outcome_maturity is None
    assert o.completion == 0
    assert [a.kind for a in result.roadmap.actions] == ["milestone", "milestone"]


def test_frames_and_json_agree_with_the_result():
    result = assess(_bank(), ANSWERS, default_scoring_model(), today=TODAY)
    items = result.items_frame()
    assert list(items["item_id"]) == [i.item_id for i in result.items]
    clauses = result.clauses_frame()
    assert clauses.set_index("clause").loc["6.1", "informal"] == 1
    roadmap = result.roadmap_frame()
    assert len(roadmap) == len(result.roadmap.actions)
    data = result.to_dict()
    assert data["overall"]["conformity_readiness"] == round(
        result.overall.conformity_readiness, 1)
    assert data["clauses"][1]["counts"]["informal"] == 1
