"""The one-page executive summary, written for leadership in plain language."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from gapassess.domain.engine import TRANSITION_DEADLINE
from gapassess.domain.report.context import ReportContext
from gapassess.domain.report.document import write_text
from gapassess.domain.report.wording import (
    CLASS_HEADLINE,
    CLASS_MEANING,
    TIMING_NOTE,
    long_date,
    months_between,
    months_phrase,
    percent,
    score,
    time_left,
)
from gapassess.domain.wording.roadmap_text import reason_text

if TYPE_CHECKING:
    from gapassess.domain.engine import AssessmentResult, RoadmapAction

TOP_PRIORITIES = 5


def top_priorities(result: AssessmentResult,
                   count: int = TOP_PRIORITIES) -> list[RoadmapAction]:
    """The first ``count`` actions by priority, milestones left out."""
    actions = [a for a in result.roadmap.actions if a.kind != "milestone"]
    return sorted(actions, key=lambda a: a.priority)[:count]


def executive_summary(ctx: ReportContext) -> None:
    result, overall = ctx.result, ctx.result.overall
    ctx.chapter("Executive summary")
    ctx.para(headline(result), "Report Headline")

    ctx.heading("Where the organisation stands", 2)
    ctx.para(position(ctx))
    ctx.heading("Top five priorities", 2)
    priorities = top_priorities(result)
    if not priorities:
        ctx.para("No action is needed: every answered item meets both thresholds.")
    for action in priorities:
        priority(ctx, action)
    ctx.heading("Time and feasibility", 2)
    ctx.para(timing(ctx))
    ctx.para(feasibility(result))
    if overall.completion is not None and overall.completion < 100:
        ctx.para(
            f"Only {percent(overall.completion)} of the applicable items were answered; "
            "the figures describe the answered items and may change as the rest are rated."
        )


def priority(ctx: ReportContext, action: RoadmapAction) -> None:
    """"**Title** (clause 6.1.2): the full action. Why: first reason. Due date." as a bullet."""
    paragraph = ctx.bullet(label=action.title)
    reason = reason_text(action.reasons[0]) if action.reasons else ""
    why = f" Why: {reason}" if reason else ""
    write_text(paragraph, f" (clause {action.clause}): {action.description}{why} "
                          f"Due {long_date(action.due)}.")


def headline(result: AssessmentResult) -> str:
    overall = result.overall
    if overall.answered == 0:
        return "No item has been rated yet, so readiness cannot be stated."
    return (
        f"Transition readiness: {percent(overall.transition_readiness)}. That is the share "
        "of what the 2026 edition adds or changes that is already in place at the level an "
        f"auditor expects; across all requirements the figure is "
        f"{percent(overall.conformity_readiness)}."
    )


def dominant_class(class_counts: dict[str, int]) -> str | None:
    """The class most items fall in (ties go to the more mature class)."""
    order = ("outcome-driven", "compliance-only", "informal", "gap")
    best = max(order, key=lambda k: (class_counts.get(k, 0), -order.index(k)))
    return best if class_counts.get(best, 0) else None


def position(ctx: ReportContext) -> str:
    overall = ctx.result.overall
    if overall.classification is None:
        return "Not enough items are rated on both axes to place the organisation."
    counts = overall.class_counts
    rated = sum(counts.values())
    main = dominant_class(counts) or overall.classification
    parts = ", ".join(
        f"{counts.get(k, 0)} {ctx.class_name(k).lower()}"
        for k in ("outcome-driven", "compliance-only", "informal", "gap")
    )
    binder = ""
    if overall.compliance_only_share is not None and overall.compliance_only_share > 0:
        binder = (
            f" Of the requirements already in place, {percent(overall.compliance_only_share)} "
            "are not yet measured by the results they produce."
        )
    overall_text = (
        f"On the whole the system scores {score(overall.compliance_score)}/100 on structure "
        f"and {score(overall.outcome_score)}/100 on results, which places it in the "
        f"{ctx.class_name(overall.classification).lower()} corner."
    )
    lead = "Most rated items are" if counts.get(main, 0) * 2 > rated else \
        "The largest group of rated items is"
    return (
        f"{lead} {CLASS_HEADLINE.get(main, main)} ({counts.get(main, 0)} of {rated}: "
        f"{parts}). {CLASS_MEANING.get(main, '')} {overall_text}{binder} {TIMING_NOTE}"
    )


def timing(ctx: ReportContext) -> str:
    roadmap, today = ctx.result.roadmap, ctx.today
    deadline = TRANSITION_DEADLINE
    target = roadmap.target_date
    chosen = (" No target date was given, so the plan assumes one six months before the "
              "deadline, when every audit is expected to use the 2026 edition."
              if roadmap.target_date_default else "")
    return (
        f"Target transition audit: {long_date(target)} ({time_left(today, target)}). "
        f"Transition deadline: {long_date(deadline)} ({time_left(today, deadline)}), after "
        f"which 2015 certificates are no longer valid.{chosen}"
    )


def feasibility(result: AssessmentResult) -> str:
    roadmap = result.roadmap
    audit_work = [a for a in roadmap.actions if a.kind != "outcome"]
    audit_days = sum(a.person_days for a in audit_work)
    outcome_days = roadmap.total_days - audit_days
    effort = (
        f"Before the audit, the conformity work and the internal audit and management review "
        f"need {audit_days:.0f} person-days; outcome work adds {outcome_days:.0f} more, which "
        f"can continue after the audit. The plan assumes {roadmap.capacity:g} person-days a "
        f"month from {long_date(roadmap.start_date)}."
    )
    if roadmap.feasible:
        last = max((a.due for a in audit_work), default=None)
        ends = (f" The audit work ends by {long_date(last)}, "
                f"{months_phrase(months_between(last, roadmap.target_date))} before the "
                "target date." if last else "")
        return f"{effort} The plan is feasible.{ends}"
    months_left = max(months_between(roadmap.start_date, roadmap.target_date), 0.5)
    extra = max(1, math.ceil(roadmap.shortfall_days / months_left))
    return (
        f"{effort} The plan is not feasible: the audit work is "
        f"{math.ceil(roadmap.shortfall_days)} person-days short "
        f"({months_phrase(roadmap.shortfall_months)} at this capacity). To keep the date, add "
        f"about {extra} person-day{'s' if extra > 1 else ''} a month or bring in outside "
        f"help; otherwise move the target date by {months_phrase(roadmap.shortfall_months)}."
    )
