"""Properties of scoring and planning that must hold for any answers (hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapassess.domain.answers import Answer
from gapassess.domain.classification import classify
from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.scoring_model import Thresholds, default_scoring_model
from tests.test_scoring_factories import answers_for, make_item, make_questionnaire, small_bank

CHANGES = ["new", "expanded", "clarified", "structural", "unchanged"]
CLAUSES = ["4.1", "4.2", "5.1.1", "6.1.2", "6.3", "7.1.3", "7.5.3", "8.4.1", "9.1.3", "10.2"]
LEVEL = st.one_of(st.none(), st.integers(0, 4))
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BANK = small_bank()


@st.composite
def banks(draw):
    """A random bank: each item may depend on earlier ones (so there is never a cycle)."""
    count = draw(st.integers(1, 10))
    items = []
    for n in range(count):
        earlier = [item.id for item in items]
        deps = draw(st.lists(st.sampled_from(earlier), unique=True, max_size=3)) \
            if earlier else []
        items.append(make_item(
            f"{draw(st.sampled_from(CLAUSES))}-item{n}", change=draw(st.sampled_from(CHANGES)),
            weight=draw(st.sampled_from([0.5, 1.0, 2.0])), effort=draw(st.sampled_from("SML")),
            advisory=draw(st.booleans()), depends_on=deps, not_applicable_allowed=True,
            not_applicable_guidance="When it does not apply."))
    return make_questionnaire(items)


def answer_sets(bank):
    return st.lists(st.tuples(LEVEL, LEVEL, st.booleans()), min_size=len(bank.items),
                    max_size=len(bank.items)).map(lambda rows: [
                        Answer(item.id, c, o, not_applicable=na,
                               justification="Does not apply." if na else "")
                        for item, (c, o, na) in zip(bank.items, rows, strict=True)])


PROFILES = st.builds(
    OrgProfile,
    target_date=st.one_of(st.none(), st.dates(date(2027, 2, 1), date(2030, 12, 31))),
    capacity=st.one_of(st.none(), st.floats(0.5, 60)),
    start_date=st.just(date(2027, 1, 4)),
)


@FAST
@given(data=st.data())
def test_raising_a_compliance_answer_never_lowers_conformity_readiness(data):
    answers = data.draw(answer_sets(BANK))
    index = data.draw(st.integers(0, len(answers) - 1))
    before = answers[index]
    if before.compliance is None or before.compliance == 4:
        return
    raised = Answer(before.item_id, data.draw(st.integers(before.compliance + 1, 4)),
                    before.outcome, before.not_applicable, before.justification)
    changed = answers[:index] + [raised] + answers[index + 1:]
    old = assess(BANK, answers, default_scoring_model(),
                 today=date(2027, 1, 4)).overall.conformity_readiness
    new = assess(BANK, changed, default_scoring_model(),
                 today=date(2027, 1, 4)).overall.conformity_readiness
    if old is not None:
        assert new >= old


@FAST
@given(data=st.data(), profile=PROFILES)
def test_row_order_never_changes_results(data, profile):
    bank = data.draw(banks())
    answers = data.draw(answer_sets(bank))
    shuffled = data.draw(st.permutations(answers))
    assert assess(bank, answers, default_scoring_model(), profile=profile).to_dict() == \
        assess(bank, shuffled, default_scoring_model(), profile=profile).to_dict()


@FAST
@given(data=st.data())
def test_not_applicable_items_do_not_move_any_figure(data):
    answers = data.draw(answer_sets(BANK))
    target = "8.3.1-design"
    others = [a for a in answers if a.item_id != target]
    first = Answer(target, data.draw(LEVEL), data.draw(LEVEL), True, "No design work.")
    second = Answer(target, data.draw(LEVEL), data.draw(LEVEL), True, "No design work.")
    profile = OrgProfile(start_date=date(2027, 1, 4))
    with_first = assess(BANK, [*others, first], default_scoring_model(), profile=profile)
    with_second = assess(BANK, [*others, second], default_scoring_model(), profile=profile)
    assert with_first.to_dict() == with_second.to_dict()
    without_item = make_questionnaire([i for i in BANK.items if i.id != target])
    removed = assess(without_item, others, default_scoring_model(), profile=profile)
    figures = with_first.to_dict()["overall"]
    expected = removed.to_dict()["overall"]
    figures.pop("total"), expected.pop("total")
    assert figures == expected
    assert with_first.to_dict()["roadmap"] == removed.to_dict()["roadmap"]


@FAST
@given(data=st.data(), profile=PROFILES)
def test_the_same_input_always_gives_the_same_roadmap(data, profile):
    bank = data.draw(banks())
    answers = data.draw(answer_sets(bank))
    copy = make_questionnaire(list(bank.items))  # a different object: no shared cache
    first = assess(bank, answers, default_scoring_model(), profile=profile).to_dict()
    assert assess(bank, answers, default_scoring_model(), profile=profile).to_dict() == first
    assert assess(copy, answers, default_scoring_model(), profile=profile).to_dict() == first


@FAST
@given(data=st.data(), profile=PROFILES)
def test_dependencies_are_never_violated(data, profile):
    bank = data.draw(banks())
    answers = data.draw(answer_sets(bank))
    roadmap = assess(bank, answers, default_scoring_model(), profile=profile).roadmap
    by_id = {a.id: a for a in roadmap.actions}
    for action in roadmap.actions:
        assert action.start <= action.due
        for dep in action.depends_on:
            assert by_id[dep].due <= action.start
            assert by_id[dep].priority < action.priority
    items = {item.id: item for item in bank.items}
    for action in roadmap.actions:
        if action.kind != "conformity":
            continue
        for dep in items[action.item_id].depends_on:  # direct prerequisites with an action
            prerequisite = by_id.get(f"{dep}/conformity")
            if prerequisite is not None:
                assert prerequisite.priority < action.priority
    if roadmap.feasible:
        review = by_id["milestone/management-review"]
        assert review.due < roadmap.target_date


@FAST
@given(data=st.data(), profile=PROFILES)
def test_every_figure_stays_in_range(data, profile):
    bank = data.draw(banks())
    result = assess(bank, data.draw(answer_sets(bank)), default_scoring_model(), profile=profile)
    o = result.overall
    for value in (o.conformity_readiness, o.transition_readiness, o.outcome_maturity,
                  o.compliance_only_share, o.completion, o.compliance_score, o.outcome_score):
        assert value is None or -1e-9 <= value <= 100 + 1e-9
    assert sum(o.class_counts.values()) <= o.answered <= o.applicable <= o.total
    classified = [i for i in result.items if i.classification]
    assert all(i.status == "answered" for i in classified)
    assert result.roadmap.shortfall_days >= 0


# -- the two-axis classification: one rule everywhere ------------------------------------

THRESHOLD = st.integers(1, 4)
#: The crossing table of docs/scoring.md: (compliance high, outcome high) -> class.
CROSSING = {(True, True): "outcome-driven", (True, False): "compliance-only",
            (False, True): "informal", (False, False): "gap"}


def _model(compliance: int, outcome: int):
    return default_scoring_model().model_copy(
        update={"thresholds": Thresholds(compliance=compliance, outcome=outcome)})


@FAST
@given(c_threshold=THRESHOLD, o_threshold=THRESHOLD, compliance=st.integers(0, 4),
       outcome=st.integers(0, 4))
def test_every_level_pair_is_classed_by_the_one_rule(c_threshold, o_threshold, compliance,
                                                     outcome):
    model = _model(c_threshold, o_threshold)
    expected = CROSSING[compliance >= c_threshold, outcome >= o_threshold]
    assert classify(compliance, outcome, compliance_threshold=c_threshold,
                    outcome_threshold=o_threshold) == expected
    assert model.classify(compliance, outcome) == expected
    result = assess(BANK, answers_for(BANK, compliance, outcome), model=model,
                    today=date(2027, 1, 4))
    assert {i.classification for i in result.items if i.status == "answered"} == {expected}


@FAST
@given(c_threshold=THRESHOLD, o_threshold=THRESHOLD,
       compliance=st.one_of(st.none(), st.floats(0, 100)),
       outcome=st.one_of(st.none(), st.floats(0, 100)))
def test_every_score_pair_is_classed_by_the_one_rule(c_threshold, o_threshold, compliance,
                                                     outcome):
    model = _model(c_threshold, o_threshold)
    got = model.classify(compliance, outcome, on="score")
    assert got == classify(compliance, outcome, compliance_threshold=c_threshold * 25,
                           outcome_threshold=o_threshold * 25)
    if compliance is None or outcome is None:
        assert got is None
    else:
        assert got == CROSSING[compliance >= c_threshold * 25, outcome >= o_threshold * 25]


@FAST
@given(data=st.data(), c_threshold=THRESHOLD, o_threshold=THRESHOLD)
def test_clause_and_overall_classes_are_the_classes_of_their_shown_scores(
        data, c_threshold, o_threshold):
    bank = data.draw(banks())
    model = _model(c_threshold, o_threshold)
    result = assess(bank, data.draw(answer_sets(bank)), model=model, today=date(2027, 1, 4))
    for row in [*result.clauses, result.overall]:
        scores = (row.compliance_score, row.outcome_score)
        for score in scores:
            assert score is None or score.is_integer()  # whole numbers, as every page shows
        assert row.classification == CROSSING.get(
            (None not in scores) and (scores[0] >= c_threshold * 25,
                                      scores[1] >= o_threshold * 25))


@FAST
@given(data=st.data(), c_threshold=THRESHOLD, o_threshold=THRESHOLD)
def test_a_row_whose_items_all_share_a_class_has_that_class(data, c_threshold, o_threshold):
    bank = data.draw(banks())
    model = _model(c_threshold, o_threshold)
    result = assess(bank, data.draw(answer_sets(bank)), model=model, today=date(2027, 1, 4))
    by_id = {item.id: item for item in bank.items}

    def members(row):
        if row is result.overall:
            return result.items
        return [i for i in result.items if row.clause in (by_id[i.item_id].top_clause,
                                                          by_id[i.item_id].subclause)]

    for row in [*result.clauses, result.overall]:
        counted = [i for i in members(row) if i.status != "not-applicable"]
        classes = {i.classification for i in counted}
        if counted and len(classes) == 1 and all(
                i.status == "answered" and not i.advisory for i in counted):
            assert row.classification == classes.pop()
