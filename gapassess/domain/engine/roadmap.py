"""The transition roadmap: actions from gaps, ranked, scheduled into phases before the target.

Order of work: every conformity action (ranked, prerequisites first), then the milestones
(internal audit, management review against the 2026 edition), then every outcome action.
The plan is feasible when the conformity work and the milestones end at least the model's
lead time before the target date; outcome actions may run past the target.

``plan`` runs the steps in turn: the gaps that call for an action (``_gaps``), their order
with dependencies (``_track``), the schedule and feasibility (``_schedule``), the actions with
their phases and reasons (``_conformity_actions``, ``_milestone_actions``,
``_outcome_actions``), the phases' dates (``_phases``) and the notes (``_notes``).
Reasons and notes are codes with parameters (engine/reasons.py), worded elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from gapassess.domain.engine import reasons as codes
from gapassess.domain.engine.ranking import rank
from gapassess.domain.engine.reasons import Reason
from gapassess.domain.engine.results import ItemResult, Phase, Roadmap, RoadmapAction
from gapassess.domain.engine.schedule import work_calendar
from gapassess.domain.working_days import WorkingCalendar

if TYPE_CHECKING:
    from gapassess.domain.engine.prepared import Prepared, PreparedItem
    from gapassess.domain.scoring_model import RoadmapRules, ScoringModel

Gap = tuple["PreparedItem", ItemResult]  # i18n: not shown (a type)

_COMPLIANCE_ONLY = Reason(codes.COMPLIANCE_ONLY)
_STRUCTURE_FIRST = Reason(codes.STRUCTURE_FIRST)
_AFTER_TARGET = {False: Reason(codes.AFTER_TARGET), True: Reason(codes.AFTER_TARGET_INITIAL)}
_AFTER_CONFORMITY = Reason(codes.MILESTONE_AFTER_CONFORMITY)
_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class PlanSettings:
    start: date
    target: date
    capacity: float
    target_note: Reason | None = None  # why the target is what it is, when it is a default
    initial: bool = False  # an initial certification rather than a transition
    #: Weekdays that are not working days (public holidays, shutdowns): no action starts
    #: or is due on one (gapassess.domain.working_days makes them).
    closed: frozenset[date] = frozenset()
    #: Outcome work waits until the first working day after the target audit (a scenario).
    outcome_after_target: bool = False
    calendar: WorkingCalendar = WorkingCalendar()  # what ``closed`` was made from

    @property
    def target_default(self) -> bool:
        return self.target_note is not None


@dataclass(frozen=True, slots=True)
class _Track:
    """The item actions of one kind, in order."""

    gaps: Mapping[str, Gap]  # item id -> the item and its result
    order: Sequence[str]  # item ids, first first
    effective: Mapping[str, int]  # item id -> inherited rank (see ranking.py)
    deps: Mapping[str, Sequence[str]]  # item id -> nearest prerequisites with such an action


@dataclass(frozen=True, slots=True)
class _Timing:
    """The schedule of the whole sequence and whether its conformity part fits."""

    starts: Sequence[date]
    dues: Sequence[date]
    first: date  # first working day
    deadline: date  # latest end of the last milestone
    feasible: bool
    shortfall: float  # person-days that do not fit before the deadline (0 when feasible)
    total_days: float  # person-days of the whole roadmap, milestones included


@dataclass(frozen=True, slots=True)
class _Context:
    """What every action of one plan is built from."""

    prepared: Prepared
    names: Sequence[str]  # phase names by tier
    timing: _Timing
    target: date
    c_threshold: int
    late: Reason | None  # given to conformity work and milestones past the deadline
    after_target: Reason  # given to outcome work due after the target


def plan(prepared: Prepared, items: list[ItemResult], model: ScoringModel,
         settings: PlanSettings, open_items: int = 0, partial_items: int = 0) -> Roadmap:
    """The roadmap for these item results. ``open_items`` (not rated at all) and
    ``partial_items`` (rated on one axis) only feed the notes."""
    rules = model.roadmap
    conformity, outcome = _gaps(prepared, items)
    c_track = _track(prepared, conformity, "conformity")
    o_track = _track(prepared, outcome, "outcome")
    timing = _schedule(rules, settings, c_track, o_track)
    ctx = _Context(prepared, [phase.name for phase in rules.phases], timing, settings.target,
                   model.thresholds.compliance, _late(settings, timing),
                   _AFTER_TARGET[settings.initial])
    actions = _conformity_actions(ctx, c_track)
    actions += _milestone_actions(ctx, rules, [a.id for a in actions])
    actions += _outcome_actions(ctx, o_track, conformity, len(actions))
    return Roadmap(
        actions=actions, phases=_phases(actions, model), feasible=timing.feasible,
        shortfall_days=timing.shortfall, shortfall_months=timing.shortfall / settings.capacity,
        start_date=timing.first, target_date=settings.target, capacity=settings.capacity,
        total_days=timing.total_days, target_date_default=settings.target_default,
        milestone_deadline=timing.deadline,
        notes=_notes(settings, timing, open_items, partial_items),
        calendar=settings.calendar, outcome_after_target=settings.outcome_after_target,
    )


# Step 1: actions from gaps.

def _gaps(prepared: Prepared,
          items: Sequence[ItemResult]) -> tuple[dict[str, Gap], dict[str, Gap]]:
    """Items with a conformity gap and items with an outcome gap (not-applicable: neither)."""
    conformity: dict[str, Gap] = {}
    outcome: dict[str, Gap] = {}
    for p, r in zip(prepared.items, items, strict=True):
        if r.status == "not-applicable":
            continue
        if r.compliance_gap:
            conformity[p.id] = (p, r)
        if r.outcome_gap:
            outcome[p.id] = (p, r)
    return conformity, outcome


def _level(value: int | None) -> int:
    """The level of an axis that has a gap (so it is rated)."""
    if value is None:
        raise ValueError("an item with a gap has no level on that axis")
    return value


# Step 2: ordering with dependencies.

def _track(prepared: Prepared, gaps: dict[str, Gap], kind: str) -> _Track:
    """The actions of ``kind`` ranked (ranking.py), prerequisites first."""
    deps = _nearest(prepared.by_id, gaps)
    if kind == "conformity":
        keys = {iid: p.conformity_rank[_level(r.compliance)] for iid, (p, r) in gaps.items()}
    else:
        keys = {iid: p.outcome_rank[_level(r.outcome)] for iid, (p, r) in gaps.items()}
    order, effective = rank(keys, deps, prepared.topo)
    return _Track(gaps, order, effective, deps)


def _nearest(by_id: Mapping[str, PreparedItem],
             present: Mapping[str, Gap]) -> dict[str, Sequence[str]]:
    """For each item in ``present``, the items it depends on that are also in ``present``,
    looking through prerequisites that are not (to their own prerequisites). When every
    direct prerequisite is present the item's own ``depends_on`` tuple is returned as is."""
    passed_on: dict[str, tuple[str, ...]] = {}  # absent item -> what it passes on
    keys = present.keys()
    result: dict[str, Sequence[str]] = {}
    for iid, (p, _) in present.items():
        if keys >= p.prerequisites:
            result[iid] = p.depends_on
        else:
            result[iid] = _reach(by_id, present, p.depends_on, passed_on)
    return result


def _reach(by_id: Mapping[str, PreparedItem], present: Mapping[str, Gap],
           deps: Sequence[str], passed_on: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """``deps`` with every absent item replaced by what it passes on (memoised in
    ``passed_on``, which this call owns with its caller; a cycle passes nothing)."""
    out: list[str] = []
    for dep in deps:
        if dep in present:
            out.append(dep)
            continue
        found = passed_on.get(dep)
        if found is None:
            passed_on[dep] = ()  # guards against a cycle
            found = passed_on[dep] = _reach(by_id, present, by_id[dep].depends_on, passed_on)
        out.extend(found)
    return tuple(dict.fromkeys(out))


# Step 3: scheduling and feasibility.

def _schedule(rules: RoadmapRules, settings: PlanSettings, c_track: _Track,
              o_track: _Track) -> _Timing:
    """Dates of the whole sequence (conformity, milestones, outcome) run back to back."""
    per_day = rules.working_days_per_month / settings.capacity  # working days per person-day
    c_days = [c_track.gaps[iid][0].person_days for iid in c_track.order]
    o_days = [o_track.gaps[iid][0].person_days for iid in o_track.order]
    milestones = rules.milestones
    lengths = [days * per_day for days in c_days]
    lengths += [max(m.person_days * per_day, m.min_working_days) for m in milestones]
    calendar = work_calendar(settings.start, settings.closed)
    before = len(lengths)  # conformity work and milestones
    if settings.outcome_after_target and o_days:
        # an idle stretch up to the working day after the target, dropped from the dates
        lengths.append(max(0.0, calendar.days_through(settings.target) - sum(lengths)))
    lengths += [days * per_day for days in o_days]
    starts, dues, clock = calendar.timeline(lengths)
    if len(lengths) > before + len(o_days):
        del starts[before], dues[before], clock[before + 1]
    deadline = settings.target - timedelta(days=rules.milestone_lead_days)
    end_of_conformity = clock[before]
    shortfall = max(0.0, end_of_conformity - calendar.days_through(deadline)) / per_day
    feasible = shortfall <= _EPS
    return _Timing(
        starts, dues, calendar.first, deadline, feasible, 0.0 if feasible else shortfall,
        sum(c_days) + sum(m.person_days for m in milestones) + sum(o_days))


def _late(settings: PlanSettings, timing: _Timing) -> Reason | None:
    """The reason given to work past the deadline, when the plan is not feasible."""
    if timing.feasible:
        return None
    return Reason(codes.ENDS_AFTER_DEADLINE, {"capacity": settings.capacity,
                                              "deadline": timing.deadline.isoformat()})


# Step 4: the actions, with their phases and reasons.

def _after(prepared: Prepared, p: PreparedItem, deps: Sequence[str]) -> tuple[Reason, ...]:
    """The "starts after" reason for ``deps`` (none without them)."""
    if not deps:
        return ()
    if p.after_direct is not None and (deps is p.depends_on or tuple(deps) == p.depends_on):
        return (p.after_direct,)
    by_id = prepared.by_id
    return (Reason(codes.AFTER, {"items": tuple(deps),
                                 "labels": tuple([by_id[d].label for d in deps])}),)


def _conformity_actions(ctx: _Context, track: _Track) -> list[RoadmapAction]:
    return [_conformity_action(ctx, track, iid, n) for n, iid in enumerate(track.order)]


def _conformity_action(ctx: _Context, track: _Track, iid: str, n: int) -> RoadmapAction:
    by_id = ctx.prepared.by_id
    p, r = track.gaps[iid]
    deps = track.deps[iid]
    tier, source = ctx.prepared.ranked["conformity"][track.effective[iid]]
    reasons = p.conformity_reasons[_level(r.compliance)] + _after(ctx.prepared, p, deps)
    if tier < p.conformity_tier:  # inherited from a dependant in an earlier phase
        reasons += (by_id[source].brings_forward,)
    due = ctx.timing.dues[n]
    if ctx.late is not None and due > ctx.timing.deadline:
        reasons += (ctx.late,)
    return RoadmapAction(
        p.conformity_id, iid, "conformity", p.title, p.conformity_text, p.clause,
        ctx.names[tier], ctx.timing.starts[n], due, n + 1, reasons,
        [by_id[d].conformity_id for d in deps], p.effort, p.person_days)


def _milestone_actions(ctx: _Context, rules: RoadmapRules,
                       previous: list[str]) -> list[RoadmapAction]:
    """The milestones in the model's order: the first waits for every conformity action
    (``previous``), each later one for the one before."""
    actions: list[RoadmapAction] = []
    offset = len(previous)
    for index, milestone in enumerate(rules.milestones):
        n = offset + index
        reasons = _milestone_reasons(ctx, rules, index)
        due = ctx.timing.dues[n]
        if ctx.late is not None and due > ctx.timing.deadline:
            reasons += (ctx.late,)
        action_id = f"milestone/{milestone.key}"
        actions.append(RoadmapAction(
            action_id, None, "milestone", milestone.title,
            " ".join(milestone.description.split()), None,
            ctx.names[ctx.prepared.milestone_tier], ctx.timing.starts[n], due, n + 1, reasons,
            previous, None, milestone.person_days))
        previous = [action_id]
    return actions


def _milestone_reasons(ctx: _Context, rules: RoadmapRules, index: int) -> tuple[Reason, ...]:
    milestone = rules.milestones[index]
    reasons: list[Reason] = []
    if milestone.reason:
        reasons.append(Reason(codes.MILESTONE_EXPECTED,
                              {"milestone": milestone.key, "text": milestone.reason}))
    if index == 0:
        reasons.append(_AFTER_CONFORMITY)
    else:
        reasons.append(Reason(codes.MILESTONE_AFTER_MILESTONE,
                              {"previous": rules.milestones[index - 1].title}))
    reasons.append(Reason(codes.MILESTONE_DEADLINE, {
        "weeks": rules.milestone_lead_days // 7, "target": ctx.target.isoformat(),
        "deadline": ctx.timing.deadline.isoformat()}))
    return tuple(reasons)


def _outcome_actions(ctx: _Context, track: _Track, conformity: Mapping[str, Gap],
                     offset: int) -> list[RoadmapAction]:
    return [_outcome_action(ctx, track, iid, offset + k, iid in conformity)
            for k, iid in enumerate(track.order)]


def compliance_only(p: PreparedItem, r: ItemResult, threshold: int) -> bool:
    """A requirement met at the compliance threshold whose outcome is below target."""
    return not p.advisory and r.compliance is not None and r.compliance >= threshold


def _outcome_action(ctx: _Context, track: _Track, iid: str, n: int,
                    structure_first: bool) -> RoadmapAction:
    """An outcome action: after the same item's conformity action (if any) and the outcome
    actions of its prerequisites."""
    by_id = ctx.prepared.by_id
    p, r = track.gaps[iid]
    found = track.deps[iid]
    reasons = list(p.outcome_reasons[_level(r.outcome)])
    if compliance_only(p, r, ctx.c_threshold):
        reasons.append(_COMPLIANCE_ONLY)
    deps = [by_id[d].outcome_id for d in found]
    if structure_first:
        reasons.append(_STRUCTURE_FIRST)
        deps.insert(0, p.conformity_id)
    reasons += _after(ctx.prepared, p, found)
    due = ctx.timing.dues[n]
    if due > ctx.target:
        reasons.append(ctx.after_target)
    tier = ctx.prepared.ranked["outcome"][track.effective[iid]][0]
    return RoadmapAction(
        p.outcome_id, iid, "outcome", p.title, p.outcome_text, p.clause, ctx.names[tier],
        ctx.timing.starts[n], due, n + 1, tuple(reasons), deps, p.effort, p.person_days)


# Step 5: phases and notes.

def _phases(actions: list[RoadmapAction], model: ScoringModel) -> list[Phase]:
    """Date range of each phase that holds actions (actions run back to back, so a phase's
    actions are contiguous and its last action ends last)."""
    spans: dict[str, tuple[date, date]] = {}
    for action in actions:
        first = spans.get(action.phase, (action.start, action.due))[0]
        spans[action.phase] = (first, action.due)
    return [Phase(rule.name, *spans[rule.name], " ".join(rule.goal.split()), rule.key)
            for rule in model.roadmap.phases if rule.name in spans]


def _notes(settings: PlanSettings, timing: _Timing, open_items: int,
           partial: int) -> tuple[Reason, ...]:
    notes: list[Reason] = []
    if settings.target_note is not None:
        notes.append(settings.target_note)
    if not timing.feasible:
        notes.append(Reason(codes.INFEASIBLE, {
            "capacity": settings.capacity, "person_days": round(timing.shortfall, 1),
            "months": round(timing.shortfall / settings.capacity, 1)}))
    if open_items:
        notes.append(Reason(codes.UNRATED_ITEMS, {"count": open_items}))
    if partial:
        notes.append(Reason(codes.PARTIAL_ITEMS, {"count": partial}))
    return tuple(notes)
