"""The transition roadmap: actions from gaps, ranked, scheduled into phases before the target.

Order of work: every conformity action (ranked, prerequisites first), then the milestones
(internal audit, management review against the 2026 edition), then every outcome action.
The plan is feasible when the conformity work and the milestones end at least the model's
lead time before the target date; outcome actions may run past the target.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from gapassess.domain.engine.ranking import rank
from gapassess.domain.engine.results import ItemResult, Phase, Roadmap, RoadmapAction
from gapassess.domain.engine.schedule import work_calendar
from gapassess.domain.engine.wording import after_reason

if TYPE_CHECKING:
    from gapassess.domain.engine.prepared import Prepared, PreparedItem
    from gapassess.domain.scoring_model import ScoringModel

OUTCOME_AFTER_TARGET = (
    "Runs past the target audit date: the transition audit checks conformity, not outcome "
    "maturity, so this work can continue after the new certificate.")
COMPLIANCE_ONLY = (
    "The requirement is met on paper but does not yet drive results: this is where the QMS "
    "starts to pay back.")
STRUCTURE_FIRST = "Structure first: it starts once the conformity action on the same item is done."


@dataclass(frozen=True, slots=True)
class PlanSettings:
    start: date
    target: date
    capacity: float
    target_default: bool = False


def plan(prepared: Prepared, items: list[ItemResult], model: ScoringModel,
         settings: PlanSettings, open_items: int = 0, partial_items: int = 0) -> Roadmap:
    """The roadmap for these item results. ``open_items`` (not rated at all) and
    ``partial_items`` (rated on one axis) only feed the notes."""
    rules = model.roadmap
    by_id = prepared.by_id
    conformity: dict[str, tuple[PreparedItem, ItemResult]] = {}
    outcome: dict[str, tuple[PreparedItem, ItemResult]] = {}
    for p, r in zip(prepared.items, items, strict=True):
        if r.status != "not-applicable":
            if r.compliance_gap:
                conformity[p.id] = (p, r)
            if r.outcome_gap:
                outcome[p.id] = (p, r)

    c_deps = _nearest(by_id, conformity)
    o_deps = _nearest(by_id, outcome)
    c_keys = {iid: p.conformity_rank[r.compliance] for iid, (p, r) in conformity.items()}
    o_keys = {iid: p.outcome_rank[r.outcome] for iid, (p, r) in outcome.items()}
    c_info = prepared.ranked["conformity"]
    o_info = prepared.ranked["outcome"]
    c_order, c_eff = rank(c_keys, c_deps, prepared.topo)
    o_order, o_eff = rank(o_keys, o_deps, prepared.topo)

    # Dates first, for the whole sequence at once.
    per_day = rules.working_days_per_month / settings.capacity  # working days per person-day
    c_seq = [conformity[iid] for iid in c_order]
    o_seq = [outcome[iid] for iid in o_order]
    milestones = rules.milestones
    c_days = [p.person_days for p, _ in c_seq]
    o_days = [p.person_days for p, _ in o_seq]
    lengths = [days * per_day for days in c_days]
    lengths += [max(m.person_days * per_day, m.min_working_days) for m in milestones]
    lengths += [days * per_day for days in o_days]
    calendar = work_calendar(settings.start)
    starts, dues, clock = calendar.timeline(lengths)
    deadline = settings.target - timedelta(days=rules.milestone_lead_days)
    end_of_conformity = clock[len(c_seq) + len(milestones)]
    shortfall = max(0.0, end_of_conformity - calendar.days_through(deadline)) / per_day

    names = [phase.name for phase in rules.phases]
    actions: list[RoadmapAction] = []
    append = actions.append
    n = 0
    for (p, r), iid in zip(c_seq, c_order, strict=True):
        reasons = list(p.conformity_reasons[r.compliance])
        deps = c_deps[iid]
        if deps is p.depends_on:
            if deps:
                reasons.append(p.after_direct)
        elif deps:
            reasons.append(_after(prepared, deps))
        tier, source = c_info[c_eff[iid]]
        if tier < p.conformity_tier:
            reasons.append(f"Brought forward: the work on {by_id[source].label} builds on it.")
        append(RoadmapAction(
            p.conformity_id, iid, "conformity", p.title, p.conformity_text, p.clause,
            names[tier], starts[n], dues[n], n + 1, reasons,
            list(p.direct_conformity_ids) if deps is p.depends_on else
            [by_id[d].conformity_id for d in deps], p.effort, p.person_days))
        n += 1

    previous = [a.id for a in actions]
    texts = prepared.milestone_texts.get(settings.target)
    if texts is None:
        if len(prepared.milestone_texts) > 64:
            prepared.milestone_texts.clear()
        texts = prepared.milestone_texts[settings.target] = _milestone_texts(
            rules, settings.target, deadline)
    for milestone, (action_id, description, reasons) in zip(milestones, texts, strict=True):
        append(RoadmapAction(
            action_id, None, "milestone", milestone.title, description, None,
            names[prepared.milestone_tier], starts[n], dues[n], n + 1, list(reasons),
            previous, None, milestone.person_days))
        previous = [action_id]
        n += 1

    c_threshold = model.thresholds.compliance
    target = settings.target
    for (p, r), iid in zip(o_seq, o_order, strict=True):
        reasons = list(p.outcome_reasons[r.outcome])
        if not p.advisory and r.compliance is not None and r.compliance >= c_threshold:
            reasons.append(COMPLIANCE_ONLY)
        found = o_deps[iid]
        direct = found is p.depends_on
        if iid in conformity:
            reasons.append(STRUCTURE_FIRST)
            deps = [p.conformity_id]
            deps += p.direct_outcome_ids if direct else [by_id[d].outcome_id for d in found]
        else:
            deps = list(p.direct_outcome_ids) if direct else \
                [by_id[d].outcome_id for d in found]
        if found:
            reasons.append(p.after_direct if direct else _after(prepared, found))
        due = dues[n]
        if due > target:
            reasons.append(OUTCOME_AFTER_TARGET)
        append(RoadmapAction(
            p.outcome_id, iid, "outcome", p.title, p.outcome_text, p.clause,
            names[o_info[o_eff[iid]][0]], starts[n], due, n + 1, reasons, deps, p.effort,
            p.person_days))
        n += 1

    feasible = shortfall <= 1e-9
    if feasible:
        shortfall = 0.0
    else:
        late = (f"At {settings.capacity:g} person-days a month this ends after "
                f"{deadline.isoformat()}, the latest date that leaves room before the target "
                "audit.")
        for action in actions:
            if action.kind != "outcome" and action.due > deadline:
                action.reasons.append(late)
    return Roadmap(
        actions=actions, phases=_phases(actions, model), feasible=feasible,
        shortfall_days=shortfall, shortfall_months=shortfall / settings.capacity,
        start_date=calendar.first, target_date=settings.target, capacity=settings.capacity,
        total_days=sum(c_days) + sum(m.person_days for m in milestones) + sum(o_days),
        target_date_default=settings.target_default, milestone_deadline=deadline,
        notes=_notes(settings, feasible, shortfall, open_items, partial_items),
    )


def _milestone_texts(rules, target: date, deadline: date) -> list[tuple[str, str, tuple]]:
    """(action id, description, reasons) of each milestone for this target date."""
    texts = []
    for index, milestone in enumerate(rules.milestones):
        reasons = [milestone.reason] if milestone.reason else []
        if index == 0:
            reasons.append("Starts once the conformity actions are done, so it can confirm "
                           "they work.")
        else:
            reasons.append(f"Follows the {rules.milestones[index - 1].title.lower()}, whose "
                           "results are an input.")
        reasons.append(f"Must end at least {rules.milestone_lead_days // 7} weeks before the "
                       f"target audit date ({target.isoformat()}), by {deadline.isoformat()}.")
        texts.append((f"milestone/{milestone.key}", " ".join(milestone.description.split()),
                      tuple(reasons)))
    return texts


def _nearest(by_id: dict[str, PreparedItem],
             present: dict[str, tuple[PreparedItem, ItemResult]]) -> dict[str, Sequence[str]]:
    """For each item in ``present``, the items it depends on that are also in ``present``,
    looking through prerequisites that are not (to their own prerequisites). When every
    direct prerequisite is present the item's own ``depends_on`` tuple is returned as is."""
    passed_on: dict[str, tuple[str, ...]] = {}

    def through(iid: str) -> tuple[str, ...]:
        found = passed_on.get(iid)
        if found is None:
            passed_on[iid] = ()  # guards against a cycle
            out: list[str] = []
            for dep in by_id[iid].depends_on:
                if dep in present:
                    out.append(dep)
                else:
                    out.extend(through(dep))
            found = passed_on[iid] = tuple(dict.fromkeys(out))
        return found

    result: dict[str, Sequence[str]] = {}
    keys = present.keys()
    for iid, (p, _) in present.items():
        direct = p.depends_on
        if keys >= p.prerequisites:
            result[iid] = direct
            continue
        out = []
        for dep in direct:
            if dep in present:
                out.append(dep)
            else:
                out.extend(through(dep))
        result[iid] = tuple(dict.fromkeys(out))
    return result


def _after(prepared: Prepared, deps: tuple[str, ...]) -> str:
    found = prepared.after_reasons.get(deps)
    if found is None:
        found = prepared.after_reasons[deps] = after_reason(
            [prepared.by_id[d].label for d in deps])
    return found


def _phases(actions: list[RoadmapAction], model: ScoringModel) -> list[Phase]:
    """Date range of each phase that holds actions (actions run back to back, so a phase's
    actions are contiguous and its last action ends last)."""
    spans: dict[str, tuple[date, date]] = {}
    current = None
    for action in actions:
        if action.phase != current:
            current = action.phase
            first = spans.get(current, (action.start, action.due))[0]
        spans[current] = (first, action.due)
    return [Phase(rule.name, *spans[rule.name], " ".join(rule.goal.split()), rule.key)
            for rule in model.roadmap.phases if rule.name in spans]


def _notes(settings: PlanSettings, feasible: bool, shortfall: float, open_items: int,
           partial: int) -> list[str]:
    notes = []
    if settings.target_default:
        notes.append(
            f"No target date was given: the plan aims at {settings.target.isoformat()}, six "
            "months before the end of the transition period, from when every audit uses the "
            "2026 edition.")
    if not feasible:
        notes.append(
            f"The target date cannot be met at {settings.capacity:g} person-days a month: the "
            f"conformity work and the milestones need {shortfall:.1f} person-days more than "
            f"fit before it ({shortfall / settings.capacity:.1f} months at this capacity).")
    if open_items:
        notes.append(f"{open_items} item(s) are not rated yet and produce no action until "
                     "they are.")
    if partial:
        notes.append(f"{partial} item(s) are rated on one axis only: that axis counts, but "
                     "they are not classified and count as unanswered in the completion.")
    return notes
