"""Per questionnaire and model, everything that does not depend on the answers, worked out once.

Scoring many assessments of the same bank (a consultant's clients, the benchmark) then costs
only the answer-dependent work. The cache holds the objects themselves and checks identity,
so a different questionnaire built with the same id never reuses stale data.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gapassess.domain.engine.wording import (
    after_reason,
    clause_label,
    conformity_reasons,
    gap_reasons,
    outcome_reasons,
)
from gapassess.domain.questionnaire import clause_key

if TYPE_CHECKING:
    from gapassess.domain.questionnaire import Questionnaire
    from gapassess.domain.scoring_model import ScoringModel

_CACHE: OrderedDict[tuple[int, int], tuple[object, object, Prepared]] = OrderedDict()
_CACHE_SIZE = 16


@dataclass(slots=True)
class PreparedItem:
    index: int
    id: str
    clause: str
    rows: tuple[int, ...]  # clause rows this item rolls up into (top clause[, sub-clause])
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
    direct_conformity_ids: tuple[str, ...]  # action ids of depends_on
    direct_outcome_ids: tuple[str, ...]
    after_direct: str  # the "starts after" reason for depends_on ("" when none)
    label: str  # "4.1 Understanding the organization and its context"
    title: str  # the item's short name, the title of both its actions (kind tells them apart)
    conformity_text: str
    outcome_text: str
    conformity_reasons: dict[int, tuple[str, ...]]  # by compliance level below the threshold
    outcome_reasons: dict[int, tuple[str, ...]]  # by outcome level below the threshold
    conformity_id: str
    outcome_id: str
    conformity_rank: dict[int, int] = field(default_factory=dict)  # by level: rank, 0 = first
    outcome_rank: dict[int, int] = field(default_factory=dict)


@dataclass(slots=True)
class Prepared:
    items: list[PreparedItem]
    by_id: dict[str, PreparedItem]
    rows: list[tuple[str, str, str]]  # (clause, level, title) in report order
    milestone_tier: int
    after_reasons: dict[tuple[str, ...], str]  # filled as dependency reasons are worded
    topo: dict[str, int]  # item id -> position in a topological order of depends_on
    ranked: dict[str, list[tuple[int, str]]]  # kind -> (tier, item id) by rank
    milestone_texts: dict = field(default_factory=dict)  # target date -> milestone texts


def prepare(questionnaire: Questionnaire, model: ScoringModel) -> Prepared:
    """The answer-independent structures for this questionnaire and model (cached)."""
    key = (id(questionnaire), id(model))
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is questionnaire and hit[1] is model:
        _CACHE.move_to_end(key)
        return hit[2]
    prepared = _build(questionnaire, model)
    _CACHE[key] = (questionnaire, model, prepared)
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return prepared


def _tier(model: ScoringModel, kind: str, change: str | None) -> int:
    for index, phase in enumerate(model.roadmap.phases):
        if phase.takes(kind, change):
            return index
    raise ValueError(f"no phase of the scoring model takes {kind} actions")  # model validates


def _build(questionnaire: Questionnaire, model: ScoringModel) -> Prepared:
    tops = sorted({item.top_clause for item in questionnaire.items}, key=clause_key)
    subs = sorted({item.subclause for item in questionnaire.items
                   if item.subclause != item.top_clause}, key=clause_key)
    rows: list[tuple[str, str, str]] = []
    for top in tops:
        rows.append((top, "clause", questionnaire.clause_title(top)))
        rows.extend((sub, "subclause", questionnaire.clause_title(sub))
                    for sub in subs if sub.split(".")[0] == top)
    row_index = {clause: i for i, (clause, _, _) in enumerate(rows)}
    known = {item.id for item in questionnaire.items}
    transition = set(model.transition_changes)
    change_reasons = model.roadmap.change_reasons
    compliance_gaps = gap_reasons(questionnaire, model, "compliance")
    outcome_gaps = gap_reasons(questionnaire, model, "outcome")
    items = []
    for index, item in enumerate(questionnaire.items):
        weight = model.item_weight(item.weight, item.change, item.tags)
        deps = tuple(dep for dep in item.depends_on if dep in known)
        item_rows = (row_index[item.top_clause],)
        if item.subclause != item.top_clause:
            item_rows += (row_index[item.subclause],)
        items.append(PreparedItem(
            index=index, id=item.id, clause=item.clause, rows=item_rows, change=item.change,
            tags=list(item.tags), advisory=item.advisory, na_allowed=item.not_applicable_allowed,
            weight=weight, transition=item.change in transition, effort=item.effort,
            person_days=model.person_days(item.effort),
            conformity_tier=_tier(model, "conformity", item.change),
            outcome_tier=_tier(model, "outcome", item.change),
            depends_on=deps,
            prerequisites=frozenset(deps),
            direct_conformity_ids=tuple(f"{dep}/conformity" for dep in deps),
            direct_outcome_ids=tuple(f"{dep}/outcome" for dep in deps),
            after_direct="",
            label=clause_label(item.clause, questionnaire.clause_titles),
            title=" ".join(item.title.split()),
            conformity_text=" ".join(item.conformity_action.split()),
            outcome_text=" ".join(item.outcome_action.split()),
            conformity_reasons=conformity_reasons(item, weight, model, compliance_gaps,
                                                   change_reasons.get(item.change)),
            outcome_reasons=outcome_reasons(item, weight, model, outcome_gaps),
            conformity_id=f"{item.id}/conformity", outcome_id=f"{item.id}/outcome",
        ))
    labels = {p.id: p.label for p in items}
    for p in items:
        p.after_direct = after_reason([labels[dep] for dep in p.depends_on])
    return Prepared(
        items=items, by_id={p.id: p for p in items}, rows=rows,
        milestone_tier=_tier(model, "milestone", None),
        after_reasons={}, topo=_topological(items),
        ranked={"conformity": _rank_actions(items, model, "compliance"),
                "outcome": _rank_actions(items, model, "outcome")},
    )


def _rank_actions(items: list[PreparedItem], model: ScoringModel,
                  axis: str) -> list[tuple[int, str]]:
    """Rank every possible action (item, level below the threshold) once.

    Priority: phase tier, then weighted gap (levels below x weight), then gap, then item id.
    Sets each item's rank per level and returns (tier, item id) by rank.
    """
    threshold = getattr(model.thresholds, axis)
    candidates = []
    for p in items:
        tier = p.conformity_tier if axis == "compliance" else p.outcome_tier
        for level in range(threshold):
            gap = threshold - level
            candidates.append((tier, -gap * p.weight, -gap, p.id, level, p))
    candidates.sort(key=lambda c: c[:4])
    ranks: dict[str, dict[int, int]] = {p.id: {} for p in items}
    for position, (_, _, _, iid, level, _) in enumerate(candidates):
        ranks[iid][level] = position
    for p in items:
        if axis == "compliance":
            p.conformity_rank = ranks[p.id]
        else:
            p.outcome_rank = ranks[p.id]
    return [(c[0], c[3]) for c in candidates]


def _topological(items: list[PreparedItem]) -> dict[str, int]:
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
