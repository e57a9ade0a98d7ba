"""The numbers each chart draws, taken from an AssessmentResult.

Kept apart from the drawing so the alternative text and the web pages describe
exactly what the picture shows.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gapassess.domain.engine.owners import DONE
from gapassess.domain.questionnaire import clause_key
from gapassess.i18n import _, lazy_gettext, ngettext

if TYPE_CHECKING:
    from gapassess.domain.engine import (
        AssessmentResult,
        ClauseResult,
        ItemResult,
        RoadmapAction,
    )

CHANGE_ORDER = ("new", "expanded", "structural", "clarified", "unchanged")
CHANGE_LABELS = {
    "new": lazy_gettext("New in 2026"),
    "expanded": lazy_gettext("Expanded"),
    "structural": lazy_gettext("Restructured"),
    "clarified": lazy_gettext("Clarified"),
    "unchanged": lazy_gettext("Unchanged"),
}

def day(value: dt.date) -> str:
    """A date as the charts write it: "05 Mar 2027"."""
    return f"{value:%d %b %Y}"


def thresholds(result: AssessmentResult) -> tuple[float, float]:
    """Compliance and outcome thresholds as levels (at or above = high)."""
    limits = result.model.thresholds
    return float(limits.compliance), float(limits.outcome)


def threshold_scores(result: AssessmentResult) -> tuple[float, float]:
    """The thresholds on the 0-100 score scale the clause scores use."""
    return result.model.compliance_score_threshold, result.model.outcome_score_threshold


def top_clauses(result: AssessmentResult) -> list[ClauseResult]:
    rows = [c for c in result.clauses if c.level == "clause"]
    return sorted(rows, key=lambda c: clause_key(c.clause))


def subclauses(result: AssessmentResult) -> list[ClauseResult]:
    rows = [c for c in result.clauses if c.level == "subclause"]
    return sorted(rows, key=lambda c: clause_key(c.clause))


def answered_items(result: AssessmentResult) -> list[ItemResult]:
    return [i for i in result.items if i.status == "answered"]


@dataclass(frozen=True)
class ReadinessRow:
    kind: str
    answered: int
    conformity_ready: float | None  # % of answered, non-advisory items at threshold
    outcome_ready: float | None  # % of answered items at the outcome threshold


def readiness_by_change(result: AssessmentResult) -> list[ReadinessRow]:
    """Share of answered items meeting each threshold, per kind of 2026 change."""
    groups: dict[str, list[ItemResult]] = defaultdict(list)
    for item in answered_items(result):
        groups[item.change].append(item)
    rows = []
    for kind in [k for k in CHANGE_ORDER if k in groups] + sorted(set(groups) - set(CHANGE_ORDER)):
        items = groups[kind]
        normative = [i for i in items if not i.advisory]
        rows.append(
            ReadinessRow(
                kind=kind,
                answered=len(items),
                conformity_ready=_share(normative, lambda i: i.compliance_gap == 0),
                outcome_ready=_share(items, lambda i: i.outcome_gap == 0),
            )
        )
    return rows


def _share(items: Sequence[ItemResult], test: Callable[[ItemResult], bool]) -> float | None:
    if not items:
        return None
    weights = sum(i.weight for i in items)
    return 100.0 * sum(i.weight for i in items if test(i)) / weights if weights else None


@dataclass(frozen=True)
class ItemPoint:
    item_id: str
    changed: bool
    x: float
    y: float
    compliance: int
    outcome: int


def item_points(result: AssessmentResult) -> list[ItemPoint]:
    """Answered items placed on the compliance/outcome grid, spread within each cell."""
    cells: dict[tuple[int, int], list[ItemResult]] = defaultdict(list)
    for item in answered_items(result):
        if item.compliance is None or item.outcome is None:
            continue
        cells[(item.compliance, item.outcome)].append(item)
    points = []
    for (c, o), items in sorted(cells.items()):
        side = math.ceil(math.sqrt(len(items)))
        step = 0.7 / side
        for k, item in enumerate(sorted(items, key=lambda i: i.item_id)):
            dx = (k % side - (side - 1) / 2) * step
            dy = (k // side - (side - 1) / 2) * step
            points.append(ItemPoint(item.item_id, item.change != "unchanged",
                                    c + dx, o + dy, c, o))
    return points


def quadrant_counts(result: AssessmentResult) -> Counter[str]:
    return Counter(i.classification for i in answered_items(result) if i.classification)


@dataclass(frozen=True)
class GanttRow:
    label: str
    phase: str
    start: dt.date
    end: dt.date
    kind: str  # conformity | outcome | milestone | mixed
    count: int
    conformity: tuple[dt.date, dt.date] | None = None
    outcome: tuple[dt.date, dt.date] | None = None
    done: int = 0  # how many of its actions the team marked done on the roadmap

    @property
    def all_done(self) -> bool:
        return self.count > 0 and self.done >= self.count


def gantt_rows(result: AssessmentResult, max_rows: int = 32) -> list[GanttRow]:
    """One row per action when they fit, else one per phase and clause (plus milestones)."""
    actions = sorted(result.roadmap.actions, key=_action_order(result))
    if len(actions) <= max_rows:
        return [
            GanttRow(
                label=f"{a.priority}. {a.title}", phase=a.phase, start=a.start,
                end=max(a.due, a.start), kind=a.kind, count=1, done=int(a.status == DONE),
            )
            for a in actions
        ]
    groups: dict[tuple[str, str, str], list[RoadmapAction]] = defaultdict(list)
    for action in actions:
        if action.kind == "milestone":
            groups[(action.phase, "milestone", action.id)].append(action)
        else:
            top = str(action.clause).split(".")[0]
            groups[(action.phase, "clause", top)].append(action)
    rows = []
    for (phase, what, key), members in groups.items():
        if what == "milestone":
            a = members[0]
            rows.append(GanttRow(a.title, phase, a.start, max(a.due, a.start), "milestone", 1,
                                 done=int(a.status == DONE)))
            continue
        spans = {k: _span([m for m in members if m.kind == k]) for k in ("conformity", "outcome")}
        kinds = {m.kind for m in members}
        done = sum(m.status == DONE for m in members)
        text = ngettext("Clause %(clause)s: %(num)d action",
                        "Clause %(clause)s: %(num)d actions", len(members), clause=key)
        if done:
            # TRANSLATORS: after "Clause 4: 18 actions" on the roadmap chart.
            text = _("%(row)s, %(done)s done", row=text, done=done)
        rows.append(
            GanttRow(
                label=text, done=done,
                phase=phase, start=min(m.start for m in members),
                end=max(max(m.due, m.start) for m in members),
                kind=kinds.pop() if len(kinds) == 1 else "mixed", count=len(members),
                conformity=spans["conformity"], outcome=spans["outcome"],
            )
        )
    return rows


def _span(actions: Sequence[RoadmapAction]) -> tuple[dt.date, dt.date] | None:
    if not actions:
        return None
    return min(a.start for a in actions), max(max(a.due, a.start) for a in actions)


def _action_order(
    result: AssessmentResult,
) -> Callable[[RoadmapAction], tuple[int, dt.date, tuple[int, ...], int]]:
    phase_index = {p.name: k for k, p in enumerate(result.roadmap.phases)}
    return lambda a: (phase_index.get(a.phase, 99), a.start, clause_key(a.clause or "99"),
                      a.priority)
