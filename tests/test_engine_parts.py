"""Parts of the engine with exact expected values: clause labels, the "weighted high" reason,
the working-day calendar, the dependency order and the clause tallies."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import numpy as np
import pytest

from gapassess.domain.answers import Answer
from gapassess.domain.engine import reasons as codes
from gapassess.domain.engine.item_reasons import weight_reason
from gapassess.domain.engine.items import answers_by_item, score_items
from gapassess.domain.engine.labels import clause_label, level_labels
from gapassess.domain.engine.prepared import _topological, prepare
from gapassess.domain.engine.reasons import Reason
from gapassess.domain.engine.rollup import tallies
from gapassess.domain.engine.schedule import _TABLE_DAYS, WorkCalendar, add_months
from gapassess.domain.scoring_model import default_scoring_model
from tests.test_scoring_factories import (
    answers_for,
    make_item,
    make_questionnaire,
    make_scale,
    small_bank,
)

TITLES = {"4": "Context", "4.1": "The organisation", "7": "Support", "7.1.5": ""}


@pytest.mark.parametrize(("clause", "expected"), [
    ("4.1", "4.1 The organisation"),  # its own title
    ("4", "4 Context"),
    ("4.2", "4.2 Context"),  # untitled: the title of its top clause
    ("7.1.5", "7.1.5 Support"),  # an empty title counts as none
    ("9.1", "9.1"),  # nothing titled: the clause alone
    ("9", "9"),
])
def test_clause_label(clause, expected):
    assert clause_label(clause, TITLES) == expected


def test_level_labels_take_the_bank_names_over_the_model():
    model = default_scoring_model()
    bank = make_questionnaire([make_item("4.1-context")])
    bank.scales["compliance"] = make_scale(["None", "Some", "Written", "Lived", "Audited"])
    bank.scales.pop("outcome")
    assert level_labels(bank, model, "compliance") == {
        0: "None", 1: "Some", 2: "Written", 3: "Lived", 4: "Audited"}
    assert level_labels(bank, model, "outcome") == dict(model.scales.outcome)


# --- weight_reason -------------------------------------------------------------------------
# The shipped model: high_weight 1.4; change weights new 1.5, expanded 1.3, clarified 1.0;
# tag weights culture 1.2, leadership 1.2, customer 1.1 (other tags 1).

def _weighted(item_id: str, total: float, **fields) -> Reason | None:
    return weight_reason(make_item(item_id, **fields), total, default_scoring_model())


def test_weighted_high_names_each_cause():
    model = default_scoring_model()
    assert model.roadmap.high_weight == 1.4
    assert _weighted("5.1-x", 1.5 * 1.2 * 2, change="new", tags=["culture", "digital"],
                     weight=2.0) == Reason(codes.WEIGHTED_HIGH, {
        "weight": 3.6, "change": "new", "key_item": 1, "tags": ("culture",)})
    assert _weighted("5.1-x", 1.44, change="clarified", tags=["leadership", "customer"]) == \
        Reason(codes.WEIGHTED_HIGH, {"weight": 1.4, "change": "", "key_item": 0,
                                     "tags": ("leadership", "customer")})
    assert _weighted("5.1-x", 1.46, change="expanded", weight=1.0) == Reason(
        codes.WEIGHTED_HIGH, {"weight": 1.5, "change": "expanded", "key_item": 0, "tags": ()})
    assert _weighted("5.1-x", 1.5, change="unchanged", weight=1.5) == Reason(
        codes.WEIGHTED_HIGH, {"weight": 1.5, "change": "", "key_item": 1, "tags": ()})


def test_weighted_high_starts_at_the_models_high_weight():
    assert _weighted("5.1-x", 1.4, change="new") is not None
    assert _weighted("5.1-x", 1.399, change="new") is None


def test_weighted_high_needs_a_cause():
    """A high weight with no weighted change, tag or key-item weight names nothing."""
    assert _weighted("5.1-x", 5.0, change="clarified", tags=["digital"], weight=1.0) is None
    assert _weighted("5.1-x", 5.0, change="unchanged", tags=[], weight=1.0) is None


# --- WorkCalendar --------------------------------------------------------------------------

@pytest.mark.parametrize("start", [date(2027, 1, 4) + timedelta(days=n) for n in range(7)])
def test_calendar_days_are_the_working_days_in_order(start):
    calendar = WorkCalendar(start)
    expected = np.busday_offset(start, np.arange(3 * _TABLE_DAYS // 2), roll="forward")
    assert calendar.first == expected[0].item()
    wanted = [d.item() for d in expected]
    assert [calendar.day(i) for i in range(0, len(wanted), 7)] == wanted[::7]
    # inside the listed table and beyond it, one by one and at once
    assert calendar.dates(list(range(len(wanted)))) == wanted
    assert calendar.dates([0, 5, _TABLE_DAYS - 1]) == [wanted[0], wanted[5],
                                                       wanted[_TABLE_DAYS - 1]]
    assert calendar.dates([_TABLE_DAYS, 2]) == [wanted[_TABLE_DAYS], wanted[2]]
    assert calendar.dates([]) == []


def test_calendar_counts_working_days_through_a_date():
    calendar = WorkCalendar(date(2027, 1, 6))  # a Wednesday
    counts = [calendar.days_through(date(2027, 1, 6) + timedelta(days=n)) for n in range(-1, 15)]
    #            Tu We Th Fr Sa Su Mo Tu We Th Fr Sa Su Mo Tu We
    assert counts == [0, 1, 2, 3, 3, 3, 4, 5, 6, 7, 8, 8, 8, 9, 10, 11]


def test_calendar_stops_at_the_last_date():
    calendar = WorkCalendar(date(9999, 12, 20))  # a Monday
    assert calendar.day(4) == date(9999, 12, 24)
    assert calendar.day(9) == date(9999, 12, 31)
    assert calendar.day(10) == date.max
    assert calendar.dates([9, 10, 50]) == [date(9999, 12, 31), date.max, date.max]
    assert calendar.dates([_TABLE_DAYS + 3]) == [date.max]


def test_timeline_runs_tasks_back_to_back():
    calendar = WorkCalendar(date(2027, 1, 4))  # a Monday
    starts, dues, clock = calendar.timeline([1.0, 0.5, 0.5, 2.25, 0.0, 3.0])
    day = calendar.day
    assert clock == [0.0, 1.0, 1.5, 2.0, 4.25, 4.25, 7.25]
    assert starts == [day(0), day(1), day(1), day(2), day(4), day(4)]
    assert dues == [day(0), day(1), day(1), day(4), day(4), day(7)]
    assert calendar.timeline([]) == ([], [], [0.0])


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2027, 1, 31), 1, date(2027, 2, 28)), (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2027, 3, 31), 1, date(2027, 4, 30)), (date(2027, 11, 15), 2, date(2028, 1, 15)),
    (date(2027, 12, 1), 1, date(2028, 1, 1)), (date(2027, 3, 31), -1, date(2027, 2, 28)),
    (date(2027, 5, 10), 0, date(2027, 5, 10)), (date(2027, 1, 30), 13, date(2028, 2, 29)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


# --- dependency order ----------------------------------------------------------------------

def _order(**depends: tuple[str, ...]) -> list[str]:
    items = [SimpleNamespace(id=iid, depends_on=deps) for iid, deps in depends.items()]
    order = _topological(items)
    assert sorted(order.values()) == list(range(len(items)))
    return sorted(order, key=order.__getitem__)


def test_dependency_order_puts_prerequisites_first_else_bank_order():
    assert _order(a=(), b=(), c=()) == ["a", "b", "c"]
    assert _order(a=("c",), b=(), c=()) == ["c", "a", "b"]
    assert _order(a=("c", "b"), b=(), c=()) == ["c", "b", "a"]
    assert _order(a=("b",), b=("c",), c=(), d=("a",)) == ["c", "b", "a", "d"]
    assert _order(a=("b", "c"), b=("c",), c=()) == ["c", "b", "a"]


def test_a_dependency_cycle_is_broken_at_its_first_item():
    assert _order(a=("b",), b=("a",), c=()) == ["b", "a", "c"]
    assert _order(a=("b",), b=("c",), c=("a",)) == ["c", "b", "a"]
    assert _order(x=(), a=("b",), b=("a", "x")) == ["x", "b", "a"]


def test_the_small_bank_is_prepared_in_dependency_order():
    prepared = prepare(small_bank(), default_scoring_model())
    order = sorted(prepared.topo, key=prepared.topo.__getitem__)
    assert order == ["4.1-context", "4.2-parties", "5.1.1-quality-culture", "6.1.1-risks",
                     "6.3-changes", "7.1.3-ict", "7.1.6-digital-knowledge", "8.3.1-design",
                     "10.1-improvement"]
    item = prepared.by_id["6.1.1-risks"]
    assert item.rows == (prepared.rows.index(("6", "clause", "Planning")),
                         [r[0] for r in prepared.rows].index("6.1"))
    assert prepared.by_id["6.3-changes"].rows[-1] == [r[0] for r in prepared.rows].index("6.3")


# --- tallies -------------------------------------------------------------------------------

def test_tallies_add_sub_clauses_into_their_clause_and_clauses_into_the_whole():
    bank = make_questionnaire([
        make_item("4.1-a"), make_item("4.2-b", change="new"), make_item("4.1-c"),
        make_item("5.1-d", weight=2.0), make_item("5.1-e", advisory=True),
        make_item("5.2-f", not_applicable_allowed=True, not_applicable_guidance="If none."),
    ])
    model = default_scoring_model()
    prepared = prepare(bank, model)
    answers = {"4.1-a": (4, 4), "4.2-b": (1, 0), "4.1-c": (3, 1), "5.1-d": (2, None),
               "5.1-e": (0, 2)}
    given = [Answer(iid, c, o) for iid, (c, o) in answers.items()]
    given.append(Answer("5.2-f", None, None, not_applicable=True, justification="No such work."))
    items = score_items(prepared, answers_by_item(given), model)
    overall, rows = tallies(prepared, items, model)
    assert [(clause, level) for clause, level, _title in prepared.rows] == [
        ("4", "clause"), ("4.1", "subclause"), ("4.2", "subclause"),
        ("5", "clause"), ("5.1", "subclause"), ("5.2", "subclause")]
    by_row = dict(zip([r[0] for r in prepared.rows], rows, strict=True))
    assert [(by_row[c].applicable, by_row[c].answered) for c in by_row] == [
        (3, 3), (2, 2), (1, 1), (2, 1), (2, 1), (0, 0)]
    new = model.weights.change["new"]
    four = by_row["4"]
    assert four.compliance_weight == pytest.approx(2 + new)
    assert four.compliance_points == pytest.approx(4 + new + 3)
    assert four.conforming_weight == pytest.approx(2)
    assert four.transition_weight == pytest.approx(new)
    assert four.transition_conforming_weight == 0
    assert four.outcome_points == pytest.approx(4 + 1)
    assert four.class_counts == {"gap": 1, "informal": 0, "compliance-only": 1,
                                 "outcome-driven": 1}
    five = by_row["5"]
    assert (five.compliance_weight, five.compliance_points) == (2.0, 4.0)
    assert (five.outcome_weight, five.outcome_points) == (1.0, 2.0)  # advisory: outcome only
    assert five.class_counts == dict.fromkeys(four.class_counts, 0)
    assert overall.applicable == 5 and overall.answered == 4
    assert overall.compliance_weight == pytest.approx(4 + new)
    assert overall.outcome_weight == pytest.approx(3 + new)
    assert overall.class_counts == four.class_counts
    assert overall.classed_conforming_weight == pytest.approx(2)
    assert overall.compliance_only_weight == pytest.approx(1)


# --- reasons and labels --------------------------------------------------------------------

def test_reasons_are_equal_by_code_and_parameters():
    assert Reason("a", {"n": 1}) == Reason("a", {"n": 1})
    assert Reason("a", {"n": 1}) != Reason("b", {"n": 1})
    assert Reason("a", {"n": 1}) != Reason("a", {"n": 2})
    assert Reason("a") != "a"
    reason = Reason("a", {"n": 1})
    with pytest.raises(AttributeError, match="cannot assign to field 'code'"):
        reason.code = "b"
    with pytest.raises(AttributeError, match="cannot delete field 'code'"):
        del reason.code


def test_plain_params_turn_tuples_into_lists():
    listed = Reason("a", {"items": ("x", "y"), "n": 2}).plain_params()
    assert listed == {"items": ["x", "y"], "n": 2} and type(listed["items"]) is list
    flat = Reason("a", {"n": 2})
    plain = flat.plain_params()
    assert plain == {"n": 2} and type(plain) is dict
    plain["n"] = 3
    assert flat.params["n"] == 2


def test_the_model_names_each_level():
    model = default_scoring_model()
    assert [model.level_label("compliance", n) for n in range(5)] == [
        "Absent", "Informal", "Defined", "Implemented", "Assured"]
    assert model.level_label("outcome", 4) == "Learning loop"


def test_the_whole_is_the_sum_of_the_clause_rows_in_order():
    """Overall sums add up the clause rows one by one (each already holding its sub-clauses),
    exactly: 0.1 + (0.1 + 1.1) differs from (0.1 + 0.1) + 1.1 in the last bit."""
    bank = make_questionnaire([make_item("4.1-a", weight=0.1), make_item("5.1-b", weight=0.1),
                               make_item("5.2-c", weight=1.1)])
    model = default_scoring_model()
    prepared = prepare(bank, model)
    items = score_items(prepared, answers_by_item(answers_for(bank, 3, 2)), model)
    overall, rows = tallies(prepared, items, model)
    clause_rows = [row for (_c, level, _t), row in zip(prepared.rows, rows, strict=True)
                   if level == "clause"]
    assert [row.compliance_weight for row in clause_rows] == [0.1, 0.1 + 1.1]
    assert overall.compliance_weight == 0.1 + (0.1 + 1.1) != (0.1 + 0.1) + 1.1


def test_sub_clauses_are_listed_in_clause_order_not_text_order():
    from gapassess.domain.questionnaire import Questionnaire
    from gapassess.domain.questionnaire.structure import Structure

    structure = Structure(standard="Test standard 1:2030", clauses={
        "4": "Four", "4.2": "Two", "4.10": "Ten", "10": "Last", "10.1": "One"})
    base = make_questionnaire([make_item("4.1-a")])
    bank = Questionnaire(**{**base.model_dump(exclude={"items", "structure"}),
                            "structure": structure,
                            "items": [make_item("10.1-x"), make_item("4.10-y"),
                                      make_item("4.2-z")]})
    rows = prepare(bank, default_scoring_model()).rows
    assert [clause for clause, _level, _title in rows] == ["4", "4.2", "4.10", "10", "10.1"]
