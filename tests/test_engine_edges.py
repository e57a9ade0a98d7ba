"""Edges of the engine with exact expected values: the start date and capacity limits, the
default-target notes, ranking ties, scores at the rounding limit, deadlines met to the day,
a dependency cycle among items without a gap and the certification row."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from gapassess.domain.answers import Answer
from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.engine import reasons as codes
from gapassess.domain.engine.assess import MIN_CAPACITY, _target_note
from gapassess.domain.engine.export import certification_row
from gapassess.domain.engine.items import answers_by_item, score_items
from gapassess.domain.engine.prepared import _tier, prepare
from gapassess.domain.engine.ranking import rank
from gapassess.domain.engine.reasons import Reason
from gapassess.domain.engine.roadmap import PlanSettings, plan
from gapassess.domain.engine.rollup import _score, _share, shown_score
from gapassess.domain.scoring_model import default_scoring_model
from gapassess.domain.transition import (
    NO_TRANSITION_MONTHS,
    Certification,
    transition_rules_for,
)
from tests.test_scoring_factories import answers_for, make_item, make_questionnaire, small_bank

START = date(2027, 1, 4)  # a Monday


def _assess(bank, answers, **profile):
    return assess(bank, answers, default_scoring_model(), profile=OrgProfile(**profile))


def test_the_plan_starts_on_the_start_date_else_today():
    bank = small_bank()
    given = assess(bank, [], default_scoring_model(), today=date(2027, 3, 1))
    assert given.roadmap.start_date == date(2027, 3, 1)
    both = assess(bank, [], default_scoring_model(), today=date(2027, 3, 1),
                  profile=OrgProfile(start_date=START))
    assert both.roadmap.start_date == START
    today = date.today()  # a plan made at the weekend starts on the Monday
    first_weekday = today + timedelta(days=7 - today.weekday() if today.weekday() >= 5 else 0)
    assert assess(bank, [], default_scoring_model()).roadmap.start_date == first_weekday


def test_the_smallest_capacity_is_accepted_and_a_smaller_one_refused():
    bank = small_bank()
    assert _assess(bank, [], start_date=START, capacity=MIN_CAPACITY).roadmap.capacity == 0.01
    with pytest.raises(ValueError) as caught:
        _assess(bank, [], start_date=START, capacity=0.005)
    assert str(caught.value) == ("capacity must be at least 0.01 person-days a month, "
                                 "not 0.005")


def test_default_target_notes_carry_their_values():
    rules = transition_rules_for("ISO 9001:2026")
    target = date(2028, 5, 2)
    assert _target_note("initial-certification", target, None) == Reason(
        codes.DEFAULT_TARGET_INITIAL, {"target": "2028-05-02", "months": NO_TRANSITION_MONTHS})
    assert _target_note("no-transition", target, None).params["months"] == NO_TRANSITION_MONTHS
    assert _target_note("initial-certification", target, rules).params == {
        "target": "2028-05-02", "months": rules.initial_certification_months}
    ends = dataclasses.replace(rules, transition_end=dataclasses.replace(
        rules.transition_end, status="confirmed"), all_audits_new_edition=dataclasses.replace(
        rules.all_audits_new_edition, status="expected"))
    assert _target_note("transition-end", target, ends).params == {
        "target": "2028-05-02", "edition": rules.to_edition, "confirmed": 1}
    assert _target_note("all-audits", target, ends).params == {
        "target": "2028-05-02", "edition": rules.to_edition, "confirmed": 0}
    assert _target_note("next-audit", target, rules) == Reason(
        codes.DEFAULT_TARGET_NEXT_AUDIT, {"target": "2028-05-02"})


def test_the_certification_row_gives_its_dates():
    assert certification_row(Certification("certified", date(2028, 1, 31),
                                           date(2027, 6, 15))) == {
        "status": "certified", "certificate_expiry": "2028-01-31", "next_audit": "2027-06-15"}
    assert certification_row(Certification("seeking")) == {
        "status": "seeking", "certificate_expiry": None, "next_audit": None}


def test_ranking_breaks_ties_of_rank_by_dependency_order_only():
    # "b" ranks first; the positions must not outweigh a whole rank, even the last position
    assert rank({"a": 1, "b": 0}, {}, {"a": 0, "b": 1}) == (["b", "a"], {"a": 1, "b": 0})
    assert rank({"a": 2, "b": 1, "c": 0}, {}, {"a": 0, "b": 1, "c": 2})[0] == ["c", "b", "a"]
    # a prerequisite takes the best rank of what waits on it
    assert rank({"a": 3, "b": 0}, {"b": ["a"]}, {"a": 0, "b": 1}) == (
        ["a", "b"], {"a": 0, "b": 0})


def test_scores_at_the_rounding_limits():
    assert shown_score(12.5) == 13 and shown_score(12.49) == 12
    assert shown_score(12.4999996) == 13  # float noise within a millionth counts as the half
    assert shown_score(12.4999994) == 12
    assert _score(4.0, 1.0) == 100 and _score(2.0, 1.0) == 50
    assert _score(2e-12, 1e-12) is None  # no weight to speak of: nothing measured
    assert _score(4e-12, 2e-12) == 50
    assert _share(1.0, 2.0) == 50 and _share(3.0, 3.0) == 100
    assert _share(1e-12, 1e-12) is None and _share(1e-12, 2e-12) == 50


def test_plan_counts_no_open_items_unless_told():
    bank = small_bank()
    model = default_scoring_model()
    prepared = prepare(bank, model)
    items = score_items(prepared, answers_by_item(answers_for(bank, 1, 1)), model)
    settings = PlanSettings(START, date(2029, 1, 31), 10.0)
    assert plan(prepared, items, model, settings).notes == ()
    told = plan(prepared, items, model, settings, open_items=2, partial_items=1)
    assert {note.code for note in told.notes} == {codes.UNRATED_ITEMS, codes.PARTIAL_ITEMS}


def test_prepared_items_know_their_position_and_phases():
    model = default_scoring_model()
    bank = small_bank()
    prepared = prepare(bank, model)
    assert [p.index for p in prepared.items] == list(range(len(bank.items)))
    outcome_phase = next(n for n, phase in enumerate(model.roadmap.phases)
                         if "outcome" in phase.kinds)
    assert {p.outcome_tier for p in prepared.items} == {outcome_phase}
    assert _tier(model, "outcome", "new") == outcome_phase
    initial = model.for_certification(False)
    by_id = prepare(bank, initial).by_id
    foundations = [phase.key for phase in initial.roadmap.phases].index("foundations")
    assert by_id["4.1-context"].conformity_tier == foundations
    assert by_id["6.3-changes"].conformity_tier > foundations


# --- deadlines met to the day --------------------------------------------------------------

def _late_codes(action) -> set[str]:
    return {r.code for r in action.reasons} & {codes.ENDS_AFTER_DEADLINE, codes.AFTER_TARGET}


def test_work_due_on_the_deadline_is_not_late():
    bank = small_bank()
    answers = answers_for(bank, 0, 0)
    lead = default_scoring_model().roadmap.milestone_lead_days
    first = _assess(bank, answers, start_date=START, capacity=2, target_date=date(2040, 1, 1))
    conformity = [a for a in first.roadmap.actions if a.kind == "conformity"]
    audit = first.roadmap.action("milestone/internal-audit")
    for on_time, after in ((conformity[2], conformity[3]), (audit, None)):
        again = _assess(bank, answers, start_date=START, capacity=2,
                        target_date=on_time.due + timedelta(days=lead))
        assert not again.roadmap.feasible
        assert _late_codes(again.roadmap.action(on_time.id)) == set()
        if after is not None:
            assert after.due > on_time.due
            assert _late_codes(again.roadmap.action(after.id)) == {codes.ENDS_AFTER_DEADLINE}
    outcome = [a for a in first.roadmap.actions if a.kind == "outcome"]
    again = _assess(bank, answers, start_date=START, capacity=2, target_date=outcome[1].due)
    assert _late_codes(again.roadmap.action(outcome[1].id)) == set()
    assert outcome[2].due > outcome[1].due
    assert codes.AFTER_TARGET in _late_codes(again.roadmap.action(outcome[2].id))


# --- a dependency cycle (a validated bank has none) ----------------------------------------

def test_a_cycle_among_items_without_a_gap_passes_nothing_on():
    bank = make_questionnaire([make_item("4.1-a"), make_item("4.2-b"), make_item("4.3-c"),
                               make_item("4.4-d")])
    cyclic = {"4.1-a": ["4.2-b"], "4.2-b": ["4.1-a"], "4.4-d": ["4.1-a", "4.3-c"]}
    items = [item.model_copy(update={"depends_on": cyclic.get(item.id, [])})
             for item in bank.items]
    bank = bank.model_copy(update={"items": items})
    answers = [*answers_for(bank, 4, 4)[:2], *answers_for(bank, 1, 1)[2:]]
    roadmap = _assess(bank, answers, start_date=START, target_date=date(2029, 1, 31)).roadmap
    assert roadmap.action("4.4-d/conformity").depends_on == ["4.3-c/conformity"]


# --- counts, reasons and caching -----------------------------------------------------------

def test_the_notes_count_unrated_and_partly_rated_items_apart():
    bank = small_bank()
    ids = [item.id for item in bank.items]
    answers = [Answer(iid, 1, 1) for iid in ids[:3]]
    answers += [Answer(ids[3], 2, None), Answer(ids[4], None, 2)]
    roadmap = _assess(bank, answers, start_date=START).roadmap
    counts = {note.code: note.params.get("count") for note in roadmap.notes}
    assert counts[codes.UNRATED_ITEMS] == len(ids) - 5
    assert counts[codes.PARTIAL_ITEMS] == 2


def test_answers_may_come_keyed_by_item():
    bank = small_bank()
    listed = answers_for(bank, 2, 3)
    keyed = {answer.item_id: answer for answer in listed}
    by_list = _assess(bank, listed, start_date=START)
    by_key = _assess(bank, keyed, start_date=START)
    assert by_key.to_dict() == by_list.to_dict()
    assert by_key.overall.answered == len(bank.items)


def test_a_change_kind_without_a_reason_text_gives_no_change_reason():
    base = default_scoring_model()
    model = base.model_copy(update={"roadmap": base.roadmap.model_copy(
        update={"change_reasons": {}})})
    bank = small_bank()
    roadmap = assess(bank, answers_for(bank, 0, 0), model,
                     profile=OrgProfile(start_date=START)).roadmap
    conformity = [a for a in roadmap.actions if a.kind == "conformity"]
    assert conformity and not any(r.code == codes.CHANGE_KIND
                                  for a in conformity for r in a.reasons)
    shipped = _assess(bank, answers_for(bank, 0, 0), start_date=START).roadmap
    assert all(any(r.code == codes.CHANGE_KIND for r in a.reasons)
               for a in shipped.actions if a.kind == "conformity")


def test_an_unknown_change_kind_weighs_one():
    model = default_scoring_model()
    assert model.item_weight(2.0, "other", []) == 2.0
    assert model.item_weight(2.0, "other", ["culture"]) == pytest.approx(2.4)


def test_prepared_structures_are_kept_for_the_last_sixteen_pairs():
    model = default_scoring_model()
    banks = [make_questionnaire([make_item("4.1-context")], qid=f"bank-{n}") for n in range(17)]
    first = [prepare(bank, model) for bank in banks[:16]]
    assert [prepare(bank, model) for bank in banks[:16]] == first  # equal ...
    assert all(prepare(bank, model) is kept for bank, kept in zip(banks, first, strict=False))
    newest = prepare(banks[16], model)  # a seventeenth pair: the least recently used goes
    assert prepare(banks[16], model) is newest
    assert all(prepare(bank, model) is kept
               for bank, kept in zip(banks[2:16], first[2:], strict=True))
    assert prepare(banks[0], model) is not first[0]


def test_prepared_structures_are_kept_per_questionnaire_and_model():
    bank = small_bank()
    transition = default_scoring_model()
    initial = transition.for_certification(False)
    first = prepare(bank, transition)
    other = prepare(bank, initial)
    assert other is not first
    assert prepare(bank, transition) is first and prepare(bank, initial) is other
