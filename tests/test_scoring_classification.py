"""The two-axis classification: one rule for items, sub-clauses, clauses and overall.

Also the regression tests for engine mutants that once survived the whole suite:
(1) no clause is ever classed outcome-driven; (2) with every item at the thresholds, the
clauses and the overall result disagree; (4) a complete assessment reports items rated on
one axis only. And the rounding rule: the class of a clause is the class of its figures as
the pages show them.
"""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from gapassess.domain.answers import Answer
from gapassess.domain.classification import classify
from gapassess.domain.demo import demo_answers
from gapassess.domain.engine import OrgProfile, assess, reasons
from gapassess.domain.engine.rollup import shown_score
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.domain.scoring_model import default_scoring_model
from gapassess.domain.wording.roadmap_text import reason_text
from tests.test_scoring_factories import answers_for, make_item, make_questionnaire, small_bank

TODAY = date(2027, 1, 4)
LEVELS = range(5)


def _expected(compliance: int, outcome: int) -> str:
    """The crossing table of docs/scoring.md at the default thresholds (3 and 3)."""
    if compliance >= 3:
        return "outcome-driven" if outcome >= 3 else "compliance-only"
    return "informal" if outcome >= 3 else "gap"


def _requirements_bank():
    """Requirements only (no advisory or not-applicable items), in clauses with and without
    sub-clauses."""
    return make_questionnaire([
        make_item("4.1-context", change="clarified", weight=1.5),
        make_item("4.2-parties", change="expanded"),
        make_item("5.1.1-culture", change="new", tags=["culture"]),
        make_item("6.1.1-risks", change="structural", weight=2.0),
        make_item("6.3-changes", change="expanded"),
        make_item("10.1-improvement", change="structural", weight=0.5),
    ])


@pytest.mark.parametrize("compliance", LEVELS)
@pytest.mark.parametrize("outcome", LEVELS)
def test_every_row_takes_the_class_its_items_share(compliance, outcome):
    """Mutants (1) and (2): with every item at the same levels, every item, sub-clause,
    clause and the overall result have the class of those levels, at the thresholds too."""
    bank = _requirements_bank()
    result = assess(bank, answers_for(bank, compliance, outcome), default_scoring_model(),
                    today=TODAY)
    expected = _expected(compliance, outcome)
    assert {item.classification for item in result.items} == {expected}
    assert {(row.clause, row.classification) for row in result.clauses} == {
        (row.clause, expected) for row in result.clauses}
    assert result.overall.classification == expected
    for row in [*result.clauses, result.overall]:
        assert (row.compliance_score, row.outcome_score) == (compliance * 25, outcome * 25)


def test_a_clause_of_leaders_is_outcome_driven_beside_a_gap():
    """Mutant (1): clause 6 is rated 4/4 throughout, clause 4 0/0."""
    bank = _requirements_bank()
    answers = [Answer(item.id, 4, 4) if item.top_clause == "6" else Answer(item.id, 0, 0)
               for item in bank.items]
    result = assess(bank, answers, default_scoring_model(), today=TODAY)
    assert result.clause("6").classification == "outcome-driven"
    assert result.clause("6.1").classification == "outcome-driven"
    assert result.clause("4").classification == "gap"


def test_a_complete_assessment_has_no_item_rated_on_one_axis():
    """Mutant (4): every item rated on both axes gives no partial item and no such note."""
    bank = small_bank()
    result = assess(bank, answers_for(bank, 2, 1), default_scoring_model(), today=TODAY)
    assert result.overall.answered == result.overall.applicable == len(bank.items)
    assert not any(item.partial for item in result.items)
    assert not any(item["partial"] for item in result.to_dict()["items"])
    codes = {note.code for note in result.roadmap.notes}
    assert reasons.PARTIAL_ITEMS not in codes
    assert reasons.UNRATED_ITEMS not in codes


def test_items_rated_on_one_axis_are_counted_exactly():
    bank = small_bank()
    answers = answers_for(bank, 2, 1)
    answers[0] = Answer(answers[0].item_id, 2, None)
    answers[1] = Answer(answers[1].item_id, None, 3)
    result = assess(bank, answers, default_scoring_model(), today=TODAY)
    assert [item.item_id for item in result.items if item.partial] == [
        answers[0].item_id, answers[1].item_id]
    partial = [note for note in result.roadmap.notes if note.code == reasons.PARTIAL_ITEMS]
    assert [dict(note.params) for note in partial] == [{"count": 2}]
    assert reason_text(partial[0]) == (
        "2 items are rated on one axis only: that axis counts, but they are not classified "
        "and count as unanswered in the completion.")


@pytest.mark.parametrize(("score", "shown"), [
    (74.5, 75.0), (74.49999999999, 75.0), (74.49, 74.0), (74.85, 75.0), (12.5, 13.0),
    (0.0, 0.0), (100.0, 100.0), (99.6, 100.0),
])
def test_scores_are_shown_as_whole_numbers_halves_up(score, shown):
    assert shown_score(score) == shown


def _demo(profile: str, seed: int):
    questionnaire = get_questionnaire()
    answers = [Answer(**a) for a in demo_answers(questionnaire, profile, seed=seed)]
    return assess(questionnaire, answers, default_scoring_model(), profile=OrgProfile(
        name=profile, target_date=date(2027, 9, 1), capacity=8, start_date=date(2026, 11, 23)))


@pytest.mark.parametrize(("profile", "seed"), [
    ("compliance-only", 2026), ("compliance-only-2025", 2025), ("outcome-driven", 2026),
    ("startup", 2026),
])
def test_every_class_is_the_class_of_the_figures_shown(profile, seed):
    """The results pages, the report and the terminal show scores with '%.0f'; a clause
    shown at the threshold is never classed below it (on the Northfield demo clause 4 once
    showed compliance 75 and was classed gap)."""
    result = _demo(profile, seed)
    model = result.model
    data = result.to_dict()
    rows = [(row, row.compliance_score, row.outcome_score) for row in result.clauses]
    rows.append((result.overall, result.overall.compliance_score, result.overall.outcome_score))
    rows += [(row, row["compliance_score"], row["outcome_score"])
             for row in [*data["clauses"], data["overall"]]]
    for row, compliance, outcome in rows:
        shown = [None if value is None else float("%.0f" % value)  # noqa: UP031 (as shown)
                 for value in (compliance, outcome)]
        assert (compliance, outcome) == tuple(shown)
        classification = row["classification"] if isinstance(row, dict) else row.classification
        assert classification == model.classify(*shown, on="score"), row


def test_a_clause_is_classed_on_its_shown_score():
    """Two equal items at compliance 3 and one at 2 with weight 0.02 average 74.63: shown
    as 75, so the clause is at the threshold, not below it."""
    bank = make_questionnaire([
        make_item("6.1.1-risks"), make_item("6.1.2-actions"),
        make_item("6.1.3-more", weight=0.02),
    ])
    result = assess(bank, [Answer("6.1.1-risks", 3, 3), Answer("6.1.2-actions", 3, 3),
                           Answer("6.1.3-more", 2, 3)], default_scoring_model(), today=TODAY)
    exact = (3 + 3 + 2 * 0.02) / 2.02 * 25
    assert 74.5 < exact < 75
    assert result.clause("6").compliance_score == 75
    assert result.clause("6").classification == "outcome-driven"
    assert result.overall.classification == "outcome-driven"


def test_the_scoring_model_delegates_to_the_one_rule():
    model = default_scoring_model()
    for compliance in LEVELS:
        for outcome in LEVELS:
            assert model.classify(compliance, outcome) == _expected(compliance, outcome)
            assert model.classify(compliance * 25, outcome * 25, on="score") == classify(
                compliance * 25, outcome * 25, compliance_threshold=75, outcome_threshold=75)
    assert model.classify(None, 3) is None and model.classify(3, None, on="score") is None


_CLASS_NAMES = {"gap", "informal", "compliance-only", "outcome-driven"}


def _crossings(path: Path) -> list[int]:
    """Lines of ``path`` where a conditional expression chooses between two class names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.IfExp)
            and {getattr(node.body, "value", None), getattr(node.orelse, "value", None)}
            <= _CLASS_NAMES]


def test_only_the_classification_module_crosses_the_axes():
    package = Path(__file__).resolve().parents[1] / "gapassess"
    found = {str(path.relative_to(package)): lines for path in sorted(package.rglob("*.py"))
             if (lines := _crossings(path))}
    assert set(found) == {"domain/classification.py"}, found
