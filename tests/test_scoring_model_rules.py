"""Rules of the scoring model with exact expected values: which actions a phase takes, class
names, the initial certification roadmap; and the result object's lookups and tables."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.scoring_model import (
    CHANGE_KINDS,
    PhaseRule,
    RoadmapRules,
    default_scoring_model,
)
from tests.test_scoring_factories import answers_for, make_questionnaire, small_bank


def _phase(**fields) -> PhaseRule:
    return PhaseRule(key="p", name="P", **fields)


def test_a_phase_takes_its_kinds_changes_and_clauses():
    plain = _phase(kinds=["conformity", "milestone"])
    assert plain.takes("conformity", "new") and plain.takes("conformity", None, "4.1")
    assert not plain.takes("outcome", "new")
    assert plain.takes_all
    by_change = _phase(kinds=["conformity", "milestone"], changes=["new"])
    assert by_change.takes("conformity", "new") and not by_change.takes("conformity", "expanded")
    assert by_change.takes("milestone", None)  # milestones have no change to filter on
    assert not by_change.takes_all
    by_clause = _phase(kinds=["conformity"], clauses=["4", "5.1"])
    assert [c for c in ("4", "4.1", "4.4.1", "5", "5.1", "5.1.2", "5.2", "40", "5.10")
            if by_clause.takes("conformity", "new", c)] == ["4", "4.1", "4.4.1", "5.1", "5.1.2"]
    assert not by_clause.takes("conformity", "new", None)
    assert not by_clause.takes_all
    milestone_only = _phase(kinds=["milestone"], changes=["new"], clauses=["4"])
    assert milestone_only.takes("milestone", None, None)


def test_class_names():
    model = default_scoring_model()
    assert [model.class_name(c) for c in ("gap", "informal", "compliance-only",
                                          "outcome-driven")] == [
        "Gap", "Informal", "Compliance-only", "Outcome-driven"]
    assert model.class_name(None) == ""
    assert model.class_name("") == ""
    assert model.class_name("unknown") == ""


def test_the_initial_certification_roadmap_replaces_phases_and_reasons():
    rules = default_scoring_model().roadmap
    initial = rules.initial_certification
    assert initial is not None and initial.change_reason
    got = rules.initial_roadmap()
    assert isinstance(got, RoadmapRules) and got.initial_certification is None
    assert [p.key for p in got.phases] == [p.key for p in initial.phases]
    assert [(m.key, m.reason) for m in got.milestones] == [
        (m.key, initial.milestone_reasons[m.key]) for m in rules.milestones]
    assert got.change_reasons == dict.fromkeys(CHANGE_KINDS, initial.change_reason)
    assert (got.person_days, got.capacity, got.high_weight) == (
        rules.person_days, rules.capacity, rules.high_weight)


def test_without_an_initial_reason_the_roadmap_keeps_its_own():
    rules = default_scoring_model().roadmap
    first = rules.milestones[0].key
    initial = rules.initial_certification.model_copy(update={
        "change_reason": "", "milestone_reasons": {first: "Own reason."}})
    got = rules.model_copy(update={"initial_certification": initial}).initial_roadmap()
    assert got.change_reasons == rules.change_reasons
    assert [m.reason for m in got.milestones] == [
        "Own reason.", *(m.reason for m in rules.milestones[1:])]
    plain = rules.model_copy(update={"initial_certification": None})
    assert plain.initial_roadmap() is plain


# --- the result object ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def result():
    bank = small_bank()
    return assess(bank, answers_for(bank, 1, 2), default_scoring_model(), profile=OrgProfile(
        name="Qualität Zürich", start_date=date(2027, 1, 4), target_date=date(2029, 1, 31)))


def test_lookups_find_by_id_and_refuse_unknown_ids(result):
    assert result.item("6.3-changes").item_id == "6.3-changes"
    assert result.clause("6.3").clause == "6.3"
    action = result.roadmap.actions[-1]
    assert result.roadmap.action(action.id) is action
    for lookup in (result.item, result.clause, result.roadmap.action):
        with pytest.raises(KeyError, match="nothing"):
            lookup("nothing")


def test_json_is_indented_and_keeps_accents(result):
    text = result.to_json()
    assert text == json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    assert '\n  "organisation": "Qualität Zürich",' in text
    assert result.to_json(indent=None) == json.dumps(result.to_dict(), ensure_ascii=False)


def test_tables_hold_one_row_per_item_clause_and_action(result):
    items = result.items_frame()
    assert list(items["item_id"]) == [r.item_id for r in result.items]
    assert items.loc[0, "compliance"] == 1 and items.loc[0, "outcome"] == 2
    assert len(items.columns) == 14 and items.columns[-1] == "partial"
    clauses = result.clauses_frame()
    assert list(clauses["clause"]) == [c.clause for c in result.clauses]
    assert list(clauses.columns[-2:]) == ["answered", "applicable"]
    assert clauses["gap"].sum() == 2 * sum(c.class_counts["gap"] for c in result.clauses
                                           if c.level == "clause")
    roadmap = result.roadmap_frame()
    assert list(roadmap["id"]) == [a.id for a in result.roadmap.actions]
    for column in ("start", "due"):
        assert pd.api.types.is_datetime64_any_dtype(roadmap[column])
        assert list(roadmap[column].dt.date) == [getattr(a, column)
                                                  for a in result.roadmap.actions]


def test_a_plan_without_actions_still_has_the_action_columns():
    base = default_scoring_model()
    model = base.model_copy(update={"roadmap": base.roadmap.model_copy(
        update={"milestones": []})})
    bank = small_bank()
    empty = assess(bank, answers_for(bank, 4, 4), model,
                   profile=OrgProfile(start_date=date(2027, 1, 4))).roadmap_frame()
    assert empty.empty
    assert list(empty.columns) == [
        "priority", "id", "item_id", "kind", "title", "description", "clause", "phase", "start",
        "due", "reasons", "depends_on", "effort", "person_days", "owner"]


def test_an_empty_bank_gives_empty_tables_with_their_columns():
    empty = assess(make_questionnaire([]), [], default_scoring_model(),
                   profile=OrgProfile(start_date=date(2027, 1, 4)))
    items, clauses = empty.items_frame(), empty.clauses_frame()
    assert items.empty and clauses.empty
    assert list(items.columns) == [
        "item_id", "clause", "title", "compliance", "outcome", "status", "classification",
        "weight", "change", "tags", "advisory", "compliance_gap", "outcome_gap", "partial"]
    assert list(clauses.columns) == [
        "clause", "level", "title", "compliance_score", "outcome_score", "classification", "gap",
        "informal", "compliance-only", "outcome-driven", "answered", "applicable"]
