"""Roadmap: which actions exist, their order, dependencies, phases and reasons."""

from __future__ import annotations

from datetime import date, timedelta

from gapassess.domain.answers import Answer
from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.scoring_model import default_scoring_model
from gapassess.domain.wording.roadmap_text import reason_texts
from tests.test_scoring_factories import answers_for, make_item, make_questionnaire, small_bank

START = date(2027, 1, 4)
PROFILE = OrgProfile(start_date=START, target_date=date(2029, 3, 30), capacity=40)


def _plan(bank, answers, profile=PROFILE):
    return assess(bank, answers, default_scoring_model(), profile=profile).roadmap


def _ids(roadmap, kind):
    return [a.item_id for a in roadmap.actions if a.kind == kind]


def test_new_and_expanded_gaps_first_then_other_gaps_by_weighted_gap_then_id():
    bank = make_questionnaire([
        make_item("4.3-scope", change="unchanged", weight=4.0),
        make_item("7.3-culture", change="new"),
        make_item("4.2-parties", change="expanded"),
        make_item("7.4-communication", change="unchanged"),
        make_item("7.2-competence", change="unchanged"),
        make_item("10.1-improvement", change="structural"),
    ])
    answers = [Answer("4.3-scope", 2, 4), Answer("7.3-culture", 2, 4),
               Answer("4.2-parties", 0, 4), Answer("7.4-communication", 0, 4),
               Answer("7.2-competence", 0, 4), Answer("10.1-improvement", 2, 4)]
    roadmap = _plan(bank, answers)
    # 4.2: gap 3 x 1.3 = 3.9 before 7.3: gap 1 x 1.5; then weighted gaps 4.3 (1 x 4.0),
    # 7.2 and 7.4 (3 x 1.0 each: tie broken by id), 10.1 (1 x 1.2).
    assert _ids(roadmap, "conformity") == [
        "4.2-parties", "7.3-culture",
        "4.3-scope", "7.2-competence", "7.4-communication", "10.1-improvement"]
    phases = [a.phase for a in roadmap.actions if a.kind == "conformity"]
    assert phases[:2] == ["Phase 1: Close 2026 conformity gaps"] * 2
    assert set(phases[2:]) == {"Phase 2: Embed and evidence"}


def test_prerequisites_are_pulled_forward_and_never_follow_their_dependants():
    bank = small_bank()
    roadmap = _plan(bank, answers_for(bank, 0, 0))
    order = _ids(roadmap, "conformity")
    assert order.index("4.1-context") < order.index("4.2-parties") < order.index("6.1.1-risks")
    assert order.index("6.1.1-risks") < order.index("6.3-changes")
    context = roadmap.action("4.1-context/conformity")
    assert context.phase.startswith("Phase 1")
    assert any(r.startswith("Brought forward") for r in reason_texts(context.reasons))
    changes = roadmap.action("6.3-changes/conformity")
    assert changes.depends_on == ["6.1.1-risks/conformity"]
    assert any("6.1.1" in r and "builds on" in r for r in reason_texts(changes.reasons))


def test_dependencies_reach_through_items_without_an_action():
    bank = small_bank()
    answers = answers_for(bank, 0, 0)
    answers = [a if a.item_id != "6.1.1-risks" else Answer("6.1.1-risks", 4, 4)
               for a in answers]
    roadmap = _plan(bank, answers)
    assert roadmap.action("6.3-changes/conformity").depends_on == ["4.2-parties/conformity"]


def test_outcome_actions_follow_the_milestones_and_their_own_conformity_action():
    bank = small_bank()
    roadmap = _plan(bank, answers_for(bank, 1, 1))
    kinds = [a.kind for a in roadmap.actions]
    first_outcome = kinds.index("outcome")
    assert set(kinds[:first_outcome - 2]) == {"conformity"}
    assert kinds[first_outcome - 2:first_outcome] == ["milestone", "milestone"]
    outcome = roadmap.action("7.1.3-ict/outcome")
    assert outcome.depends_on[0] == "7.1.3-ict/conformity"
    assert any(r.startswith("Structure first") for r in reason_texts(outcome.reasons))
    assert [a.priority for a in roadmap.actions] == list(range(1, len(kinds) + 1))


def test_reasons_are_plain_words():
    bank = small_bank()
    roadmap = _plan(bank, answers_for(bank, 1, 1))
    culture = reason_texts(roadmap.action("5.1.1-quality-culture/conformity").reasons)
    assert culture[0] == "New requirement in the 2026 edition: the transition audit will check it."
    assert any(r.startswith("Two levels below the level the audit needs: now 1 'Informal'")
               for r in culture)
    assert any(r.startswith("Weighted high") and "culture" in r for r in culture)
    unchanged = reason_texts(roadmap.action("7.1.3-ict/conformity").reasons)
    assert unchanged[0].startswith("Required since the 2015 edition")


def test_actions_are_titled_by_their_item_and_keep_the_full_action_text():
    long_action = ("Extend the code of conduct to quality data and records, make the speak-up "
                   "route known in every team and on every shift, and report the cases it "
                   "raised to the leadership team every quarter. Then check it works.")
    bank = make_questionnaire([
        make_item("5.1.1-ethics", title="Ethical behaviour promoted by top management",
                  conformity_action=long_action, outcome_action="Track  speak-up\n cases."),
    ])
    roadmap = _plan(bank, [Answer("5.1.1-ethics", 0, 0)])
    conformity = roadmap.action("5.1.1-ethics/conformity")
    outcome = roadmap.action("5.1.1-ethics/outcome")
    assert conformity.title == outcome.title == "Ethical behaviour promoted by top management"
    assert conformity.description == long_action
    assert outcome.description == "Track speak-up cases."
    assert [conformity.kind, outcome.kind] == ["conformity", "outcome"]


def test_compliance_only_items_get_outcome_actions_only():
    bank = small_bank()
    roadmap = _plan(bank, answers_for(bank, 4, 1))
    assert _ids(roadmap, "conformity") == []
    assert len(_ids(roadmap, "outcome")) == len(bank.items)
    ict = roadmap.action("7.1.3-ict/outcome")
    assert any("met on paper" in r for r in reason_texts(ict.reasons))


def test_milestones_close_the_conformity_work_before_the_target():
    bank = small_bank()
    roadmap = _plan(bank, answers_for(bank, 2, 2))
    audit = roadmap.action("milestone/internal-audit")
    review = roadmap.action("milestone/management-review")
    last_conformity = [a for a in roadmap.actions if a.kind == "conformity"][-1]
    assert audit.start >= last_conformity.due
    assert review.start >= audit.due
    assert review.due <= PROFILE.target_date - timedelta(days=28)
    assert audit.depends_on == [a.id for a in roadmap.actions if a.kind == "conformity"]
    assert review.depends_on == ["milestone/internal-audit"]
    assert roadmap.feasible and roadmap.shortfall_days == 0
    working_days = sum(1 for n in range((audit.due - audit.start).days + 1)
                       if (audit.start + timedelta(days=n)).weekday() < 5)
    assert working_days >= 15


def test_phases_cover_their_actions_in_order():
    bank = small_bank()
    roadmap = _plan(bank, answers_for(bank, 1, 1))
    assert [p.key for p in roadmap.phases] == [
        "close-2026-gaps", "embed-and-evidence", "outcome-maturity"]
    for phase in roadmap.phases:
        members = [a for a in roadmap.actions if a.phase == phase.name]
        assert phase.start == min(a.start for a in members)
        assert phase.end == max(a.due for a in members)
    assert roadmap.phases[1].end <= PROFILE.target_date


def test_no_gaps_means_only_the_milestones():
    bank = small_bank()
    roadmap = _plan(bank, answers_for(bank, 4, 4))
    assert [a.id for a in roadmap.actions] == [
        "milestone/internal-audit", "milestone/management-review"]
    assert roadmap.actions[0].start == START
