"""Alternative text for each chart: what it shows and what it says, in a few sentences."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gapassess.domain.charts import data

if TYPE_CHECKING:
    from gapassess.domain.engine import AssessmentResult, ClauseResult


def _score(value: float | None) -> str:
    return "not rated" if value is None else f"{value:.0f}"


def _extremes(rows: Sequence[ClauseResult], attr: str) -> str:
    rated = [r for r in rows if getattr(r, attr) is not None]
    if not rated:
        return "no clause is rated"
    low = min(rated, key=lambda r: getattr(r, attr))
    high = max(rated, key=lambda r: getattr(r, attr))
    return (f"from {getattr(low, attr):.0f} in clause {low.clause} to "
            f"{getattr(high, attr):.0f} in clause {high.clause}")


def clause_profile_alt(result: AssessmentResult) -> str:
    rows = data.top_clauses(result)
    if not rows:
        return "Bar chart of clause scores; no clause has been answered yet."
    c_limit, o_limit = data.threshold_scores(result)
    below = [r.clause for r in rows
             if r.compliance_score is not None and r.compliance_score < c_limit]
    values = "; ".join(
        f"clause {r.clause}: compliance {_score(r.compliance_score)}, "
        f"outcome {_score(r.outcome_score)}" for r in rows
    )
    return (
        f"Bar chart of compliance and outcome scores (0-100) for clauses "
        f"{rows[0].clause} to {rows[-1].clause}. Compliance ranges "
        f"{_extremes(rows, 'compliance_score')}; outcome ranges "
        f"{_extremes(rows, 'outcome_score')}. Dashed lines mark the thresholds "
        f"({c_limit:.0f} for compliance, {o_limit:.0f} for outcome). "
        + (f"Clauses below the compliance threshold: {', '.join(below)}. " if below else
           "Every rated clause meets the compliance threshold. ")
        + f"Values: {values}."
    )


def item_map_alt(result: AssessmentResult) -> str:
    points = data.item_points(result)
    if not points:
        return "Scatter chart of items by compliance and outcome level; nothing answered yet."
    counts = data.quadrant_counts(result)
    changed = sum(p.changed for p in points)
    parts = ", ".join(f"{counts.get(k, 0)} {k}" for k in
                      ("outcome-driven", "compliance-only", "informal", "gap"))
    return (
        f"Scatter chart placing {len(points)} answered items by compliance level "
        f"(horizontal, 0-4) and outcome level (vertical, 0-4), divided at the thresholds "
        f"into four quadrants: {parts}. {changed} items changed in the 2026 edition are "
        f"drawn as filled triangles, the {len(points) - changed} unchanged items as "
        "open circles."
    )


def heatmap_alt(result: AssessmentResult) -> str:
    rows = data.subclauses(result)
    if not rows:
        return "Heatmap of sub-clause scores; no sub-clause has been answered yet."
    rated = [(r.compliance_score, r.clause) for r in rows if r.compliance_score is not None]
    weakest = sorted(rated, key=lambda pair: pair[0])[:3]
    weak = ", ".join(f"{clause} ({score:.0f})" for score, clause in weakest)
    unrated = [r.clause for r in rows if r.compliance_score is None]
    return (
        f"Heatmap of {len(rows)} sub-clauses (rows) by compliance and outcome score "
        "(columns, 0-100, darker is lower, each value written in its cell). "
        + (f"Lowest compliance: {weak}. " if weak else "")
        + (f"Not rated: {', '.join(unrated)}." if unrated else "")
    ).strip()


def gantt_alt(result: AssessmentResult) -> str:
    roadmap = result.roadmap
    actions = roadmap.actions
    if not actions:
        return "Gantt chart of the roadmap; there are no actions."
    first = min(a.start for a in actions)
    last = max(a.due for a in actions)
    phases = "; ".join(f"{p.name} {p.start:%d %b %Y} to {p.end:%d %b %Y}" for p in roadmap.phases)
    kinds = {k: sum(a.kind == k for a in actions) for k in ("conformity", "outcome", "milestone")}
    target = (f" The target audit date, {roadmap.target_date:%d %B %Y}, is marked with a "
              "dashed line." if roadmap.target_date else "")
    return (
        f"Gantt chart of {len(actions)} roadmap entries ({kinds['conformity']} conformity "
        f"actions, {kinds['outcome']} outcome actions, {kinds['milestone']} milestones) "
        f"from {first:%d %b %Y} to {last:%d %b %Y}. Phases: {phases}.{target} "
        + ("The plan fits before the target date." if roadmap.feasible else
           f"The plan overruns the target date by about {roadmap.shortfall_months:.1f} months.")
    )


def readiness_by_change_alt(result: AssessmentResult) -> str:
    rows = data.readiness_by_change(result)
    if not rows:
        return "Bar chart of readiness by kind of 2026 change; nothing answered yet."
    parts = "; ".join(
        f"{data.CHANGE_LABELS.get(r.kind, r.kind)} ({r.answered} items): "
        f"{_score(r.conformity_ready)}% meet the compliance threshold, "
        f"{_score(r.outcome_ready)}% the outcome threshold"
        for r in rows
    )
    return f"Horizontal bar chart of readiness by kind of 2026 change. {parts}."


ALT_TEXT = {
    "clause_profile": clause_profile_alt,
    "item_map": item_map_alt,
    "heatmap": heatmap_alt,
    "gantt": gantt_alt,
    "readiness_by_change": readiness_by_change_alt,
}


def chart_alt_text(kind: str, result: AssessmentResult) -> str:
    """Alternative text for chart ``kind`` (a key of ``CHARTS``) drawn from ``result``."""
    try:
        return ALT_TEXT[kind](result)
    except KeyError:
        raise ValueError(f"Unknown chart {kind!r}; expected one of {', '.join(ALT_TEXT)}") from None
