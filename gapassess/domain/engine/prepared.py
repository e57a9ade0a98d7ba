"""Per questionnaire and model, everything that does not depend on the answers, worked out once.

Scoring many assessments of the same bank (a consultant's clients, the benchmark) then costs
only the answer-dependent work. The structures are built whole and never changed afterwards.
The cache holds the objects themselves and checks identity, so a different questionnaire
built with the same id never reuses stale data; a lock keeps it consistent across threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from gapassess.domain.engine import reasons as codes
from gapassess.domain.engine.item_reasons import (
    ByLevel,
    conformity_reasons,
    gap_reasons,
    outcome_reasons,
)
from gapassess.domain.engine.labels import clause_label
from gapassess.domain.engine.reasons import Reason
from gapassess.domain.questionnaire import clause_key

if TYPE_CHECKING:
    from gapassess.domain.questionnaire import Item, Questionnaire
    from gapassess.domain.scoring_model import ScoringModel

_CACHE: OrderedDict[tuple[int, int], tuple[object, object, Prepared]] = OrderedDict()
_CACHE_SIZE = 16
_CACHE_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class PreparedItem:
    index: int
    id: str
    clause: str
    rows: tuple[int, ...]  # clause rows this item rolls up into (top clause, sub-clause)
    change: str
    tags: list[str]
    advisory: bool
    na_allowed: bool
    weight: float
    transition: bool
    effort: str
    person_days: float
    conformity_tier: int
    outcome_tier: int
    depends_on: tuple[str, ...]
    prerequisites: frozenset[str]  # depends_on as a set
    after_direct: Reason | None  # the "starts after" reason for depends_on (None when none)
    brings_forward: Reason  # given to a prerequisite this item's work pulls forward
    label: str  # "4.1 Understanding the organization and its context"
    title: str  # the item's short name, the title of both its actions (kind tells them apart)
    conformity_text: str
    outcome_text: str
    conformity_reasons: ByLevel  # by compliance level below the threshold
    outcome_reasons: ByLevel  # by outcome level below the threshold
    conformity_id: str
    outcome_id: str
    conformity_rank: Mapping[int, int]  # by level: rank among all possible actions, 0 = first
    outcome_rank: Mapping[int, int]


@dataclass(frozen=True, slots=True)
class Prepared:
    items: tuple[PreparedItem, ...]
    by_id: Mapping[str, PreparedItem]
    rows: tuple[tuple[str, str, str], ...]  # (clause, level, title) in report order
    milestone_tier: int
    topo: Mapping[str, int]  # item id -> position in a topological order of depends_on
    ranked: Mapping[str, Sequence[tuple[int, str]]]  # kind -> (tier, item id) by rank


def prepare(questionnaire: Questionnaire, model: ScoringModel) -> Prepared:
    """The answer-independent structures for this questionnaire and model (cached)."""
    key = (id(questionnaire), id(model))
    with _CACHE_LOCK:  # held while building (a few ms): one build per pair, even when raced
        hit = _CACHE.get(key)
        if hit is not None and hit[0] is questionnaire and hit[1] is model:
            _CACHE.move_to_end(key)
            return hit[2]
        prepared = _build(questionnaire, model)
        _CACHE[key] = (questionnaire, model, prepared)
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return prepared


def _tier(model: ScoringModel, kind: str, change: str | None, clause: str | None = None) -> int:
    for index, phase in enumerate(model.roadmap.phases):
        if phase.takes(kind, change, clause):
            return index
    raise ValueError(f"no phase of the scoring model takes {kind} actions")  # model validates


def _clause_rows(questionnaire: Questionnaire) -> list[tuple[str, str, str]]:
    """(clause, "clause" | "subclause", title) of every clause the items use, in order."""
    tops = sorted({item.top_clause for item in questionnaire.items}, key=clause_key)
    subs = sorted({item.subclause for item in questionnaire.items
                   if item.subclause != item.top_clause}, key=clause_key)
    rows: list[tuple[str, str, str]] = []
    for top in tops:
        rows.append((top, "clause", questionnaire.clause_title(top)))
        rows.extend((sub, "subclause", questionnaire.clause_title(sub))
                    for sub in subs if sub.split(".")[0] == top)
    return rows


@dataclass(frozen=True, slots=True)
class _Facts:
    """What the items' prepared forms need from the whole bank and model."""

    questionnaire: Questionnaire
    model: ScoringModel
    row_index: Mapping[str, int]
    weights: Sequence[float]
    depends_on: Sequence[tuple[str, ...]]
    tiers: Mapping[str, Sequence[int]]  # kind -> tier per item
    ranks: Mapping[str, Sequence[Mapping[int, int]]]  # kind -> per item: level -> rank
    gaps: Mapping[str, Mapping[int, Reason]]  # axis -> level -> gap reason
    labels: Mapping[str, str]  # item id -> clause label


def _facts(questionnaire: Questionnaire, model: ScoringModel,
           rows: list[tuple[str, str, str]]) -> tuple[_Facts, dict[str, list[tuple[int, str]]]]:
    items = questionnaire.items
    known = {item.id for item in items}
    weights = [model.item_weight(item.weight, item.change, item.tags) for item in items]
    tiers = {kind: [_tier(model, kind, item.change, item.clause) for item in items]
             for kind in ("conformity", "outcome")}
    ids = [item.id for item in items]
    c_ranked, c_ranks = _rank_actions(ids, tiers["conformity"], weights,
                                      model.thresholds.compliance)
    o_ranked, o_ranks = _rank_actions(ids, tiers["outcome"], weights, model.thresholds.outcome)
    facts = _Facts(
        questionnaire, model, {clause: i for i, (clause, _, _) in enumerate(rows)}, weights,
        [tuple(dep for dep in item.depends_on if dep in known) for item in items], tiers,
        {"conformity": c_ranks, "outcome": o_ranks},
        {axis: gap_reasons(questionnaire, model, axis) for axis in ("compliance", "outcome")},
        {item.id: clause_label(item.clause, questionnaire.clause_titles) for item in items})
    return facts, {"conformity": c_ranked, "outcome": o_ranked}


def _after_direct(facts: _Facts, deps: tuple[str, ...]) -> Reason | None:
    if not deps:
        return None
    return Reason(codes.AFTER, {"items": deps,
                                "labels": tuple(facts.labels[dep] for dep in deps)})


def _prepared_item(facts: _Facts, index: int, item: Item) -> PreparedItem:
    model = facts.model
    weight = facts.weights[index]
    deps = facts.depends_on[index]
    item_rows: tuple[int, ...] = (facts.row_index[item.top_clause],)
    if item.subclause != item.top_clause:
        item_rows += (facts.row_index[item.subclause],)
    return PreparedItem(
        index=index, id=item.id, clause=item.clause, rows=item_rows, change=item.change,
        tags=list(item.tags), advisory=item.advisory, na_allowed=item.not_applicable_allowed,
        weight=weight, transition=item.change in model.transition_changes,
        effort=item.effort, person_days=model.person_days(item.effort),
        conformity_tier=facts.tiers["conformity"][index],
        outcome_tier=facts.tiers["outcome"][index],
        depends_on=deps, prerequisites=frozenset(deps),
        after_direct=_after_direct(facts, deps), label=facts.labels[item.id],
        brings_forward=Reason(codes.BROUGHT_FORWARD,
                              {"item": item.id, "label": facts.labels[item.id]}),
        title=" ".join(item.title.split()),
        conformity_text=" ".join(item.conformity_action.split()),
        outcome_text=" ".join(item.outcome_action.split()),
        conformity_reasons=conformity_reasons(item, weight, model, facts.gaps["compliance"]),
        outcome_reasons=outcome_reasons(item, weight, model, facts.gaps["outcome"]),
        conformity_id=f"{item.id}/conformity", outcome_id=f"{item.id}/outcome",
        conformity_rank=facts.ranks["conformity"][index],
        outcome_rank=facts.ranks["outcome"][index],
    )


def _build(questionnaire: Questionnaire, model: ScoringModel) -> Prepared:
    rows = _clause_rows(questionnaire)
    facts, ranked = _facts(questionnaire, model, rows)
    items = tuple(_prepared_item(facts, index, item)
                  for index, item in enumerate(questionnaire.items))
    return Prepared(
        items=items, by_id=MappingProxyType({p.id: p for p in items}), rows=tuple(rows),
        milestone_tier=_tier(model, "milestone", None),
        topo=MappingProxyType(_topological(items)),
        ranked=MappingProxyType({kind: tuple(order) for kind, order in ranked.items()}),
    )


def _rank_actions(ids: list[str], tiers: list[int], weights: list[float],
                  threshold: int) -> tuple[list[tuple[int, str]], list[Mapping[int, int]]]:
    """Rank every possible action (item, level below the threshold) once.

    Priority: phase tier, then weighted gap (levels below x weight), then gap, then item id.
    Returns (tier, item id) by rank and, per item, its rank at each level.
    """
    candidates = sorted(
        (tier, -(threshold - level) * weight, -(threshold - level), iid, level, index)
        for index, (iid, tier, weight) in enumerate(zip(ids, tiers, weights, strict=True))
        for level in range(threshold))
    ranks: list[dict[int, int]] = [{} for _ in ids]
    for position, candidate in enumerate(candidates):
        ranks[candidate[5]][candidate[4]] = position
    return ([(c[0], c[3]) for c in candidates],
            [MappingProxyType(by_level) for by_level in ranks])


def _topological(items: Sequence[PreparedItem]) -> dict[str, int]:
    """Positions of items in a dependency order (prerequisites first, else bank order).

    A cycle (which a validated bank never has) is broken at its first item in bank order.
    """
    order: dict[str, int] = {}
    by_id = {p.id: p for p in items}
    visiting: set[str] = set()
    for root in items:
        stack = [(root.id, False)]
        while stack:
            iid, expanded = stack.pop()
            if iid in order:
                continue
            if expanded:
                order[iid] = len(order)
                visiting.discard(iid)
                continue
            if iid in visiting:  # reached again through its own dependants: a cycle
                continue
            visiting.add(iid)
            stack.append((iid, True))
            stack.extend((dep, False) for dep in reversed(by_id[iid].depends_on)
                         if dep not in order and dep not in visiting)
    return order
