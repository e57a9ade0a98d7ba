"""The roadmap chapter: phases, the Gantt chart and every action (landscape table)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.shared import Pt

from gapassess.domain.report.charts_section import insert_chart
from gapassess.domain.report.context import ReportContext
from gapassess.domain.report.document import new_section
from gapassess.domain.report.summary import feasibility
from gapassess.domain.report.tables import Strong, add_table
from gapassess.domain.report.wording import long_date, short_date
from gapassess.domain.wording.roadmap_text import reason_text, reason_texts

if TYPE_CHECKING:
    from docx.table import Table

    from gapassess.domain.engine import AssessmentResult, RoadmapAction

KIND_NAMES = {"conformity": "Conformity", "outcome": "Outcome", "milestone": "Milestone"}
ACTION_HEADERS = ("#", "Action", "Clause", "Kind", "Phase", "Start", "Due", "Size", "Days",
                  "Why")
ACTION_WIDTHS = (0.55, 5.4, 1.2, 1.45, 2.2, 1.35, 1.35, 0.85, 0.8, 5.0)


def roadmap_chapter(ctx: ReportContext, figure_number: int) -> None:
    roadmap = ctx.result.roadmap
    ctx.chapter("Transition roadmap")
    ctx.para(
        "Actions come from the gaps: an item below the compliance threshold gets a "
        "conformity action, an item below the outcome threshold an outcome action. "
        f"Conformity work on what {ctx.edition} adds comes first, then the internal "
        "audit and management review certification bodies expect, then the work that "
        f"makes the system drive results. {feasibility(ctx.result)}"
    )
    for note in roadmap.notes:
        ctx.bullet(reason_text(note))

    ctx.heading("Phases", 2)
    rows = []
    for phase in roadmap.phases:
        members = [a for a in roadmap.actions if a.phase == phase.name]
        rows.append((phase.name, f"{short_date(phase.start)} to {short_date(phase.end)}",
                     phase.goal, str(len(members)),
                     f"{sum(a.person_days for a in members):.0f}"))
    add_table(ctx.document, ("Phase", "Dates", "Goal", "Actions", "Person-days"), rows,
              widths=(3, 2.6, 6.6, 1.5, 1.6), total_width=ctx.width())
    target = ctx.para(f"Target audit date: {long_date(roadmap.target_date)}.")
    target.paragraph_format.space_before = Pt(6)

    ctx.heading("Roadmap chart", 2)
    insert_chart(ctx, "gantt", figure_number)

    new_section(ctx.document, landscape=True)
    ctx.heading("All actions", 2)
    action_table(ctx)


def action_rows(result: AssessmentResult) -> list[tuple[object, ...]]:
    phase_order = {p.name: k for k, p in enumerate(result.roadmap.phases)}
    actions = sorted(result.roadmap.actions,
                     key=lambda a: (phase_order.get(a.phase, 99), a.start, a.priority))
    return [
        (str(a.priority), _action_cell(a),
         a.clause or "all", KIND_NAMES.get(a.kind, a.kind), a.phase, short_date(a.start),
         short_date(a.due), a.effort or "", f"{a.person_days:g}",
         " ".join(reason_texts(a.reasons[:2])))
        for a in actions
    ]


def _action_cell(action: RoadmapAction) -> list[str] | str:
    """The action's title in bold, then what to do."""
    if not action.description or action.description == action.title:
        return Strong(action.title)
    return [Strong(action.title), action.description]


def action_table(ctx: ReportContext) -> Table:
    """One row per roadmap action under a header row that repeats on each page."""
    return add_table(ctx.document, ACTION_HEADERS, action_rows(ctx.result),
                     widths=ACTION_WIDTHS, total_width=ctx.width())
