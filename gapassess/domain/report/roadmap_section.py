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
from gapassess.i18n import _, lazy_gettext

if TYPE_CHECKING:
    from docx.table import Table

    from gapassess.domain.engine import AssessmentResult, RoadmapAction

KIND_NAMES = {"conformity": lazy_gettext("Conformity"), "outcome": lazy_gettext("Outcome"),
              "milestone": lazy_gettext("Milestone")}
# TRANSLATORS: column headings of the table of all roadmap actions ("#" is the priority,
# "Size" the effort size S, M or L, "Days" person-days).
ACTION_HEADERS = ("#", lazy_gettext("Action"), lazy_gettext("Clause"), lazy_gettext("Kind"),
                  lazy_gettext("Phase"), lazy_gettext("Start"), lazy_gettext("Due"),
                  lazy_gettext("Size"), lazy_gettext("Days"), lazy_gettext("Why"))
ACTION_WIDTHS = (0.55, 5.4, 1.2, 1.45, 2.2, 1.35, 1.35, 0.85, 0.8, 5.0)


def roadmap_chapter(ctx: ReportContext, figure_number: int) -> None:
    roadmap = ctx.result.roadmap
    ctx.chapter(_("Certification roadmap") if ctx.initial else _("Transition roadmap"))
    # TRANSLATORS: edition is "the 2026 edition"; feasibility is the paragraph on effort
    # and feasibility of the executive summary.
    ctx.para(_(
        "Actions come from the gaps: an item below the compliance threshold gets a "
        "conformity action, an item below the outcome threshold an outcome action. "
        "Conformity work on the foundations (context, scope, processes and leadership) comes "
        "first, then the rest of the system, the internal audit and management review "
        "certification bodies expect, then the work that makes the system drive results. "
        "%(feasibility)s", feasibility=feasibility(ctx.result),
    ) if ctx.initial else _(
        "Actions come from the gaps: an item below the compliance threshold gets a "
        "conformity action, an item below the outcome threshold an outcome action. "
        "Conformity work on what %(edition)s adds comes first, then the internal audit and "
        "management review certification bodies expect, then the work that makes the "
        "system drive results. %(feasibility)s",
        edition=ctx.edition, feasibility=feasibility(ctx.result),
    ))
    for note in roadmap.notes:
        ctx.bullet(reason_text(note))

    ctx.heading(_("Phases"), 2)
    rows = []
    for phase in roadmap.phases:
        members = [a for a in roadmap.actions if a.phase == phase.name]
        rows.append((phase.name, _("%(start)s to %(end)s", start=short_date(phase.start),
                                   end=short_date(phase.end)),
                     phase.goal, str(len(members)),
                     f"{sum(a.person_days for a in members):.0f}"))
    headers = (_("Phase"), _("Dates"), _("Goal"), _("Actions"), _("Person-days"))
    add_table(ctx.document, headers, rows,
              widths=(3, 2.6, 6.6, 1.5, 1.6), total_width=ctx.width())
    target = ctx.para(_("Target audit date: %(date)s.", date=long_date(roadmap.target_date)))
    target.paragraph_format.space_before = Pt(6)

    ctx.heading(_("Roadmap chart"), 2)
    insert_chart(ctx, "gantt", figure_number)

    new_section(ctx.document, landscape=True)
    ctx.heading(_("All actions"), 2)
    action_table(ctx)


def action_rows(result: AssessmentResult) -> list[tuple[object, ...]]:
    phase_order = {p.name: k for k, p in enumerate(result.roadmap.phases)}
    actions = sorted(result.roadmap.actions,
                     key=lambda a: (phase_order.get(a.phase, 99), a.start, a.priority))
    return [
        (str(a.priority), _action_cell(a),
         # TRANSLATORS: the clause of an action that concerns every clause (a milestone).
         a.clause or _("all"), str(KIND_NAMES.get(a.kind, a.kind)), a.phase, short_date(a.start),
         short_date(a.due), a.effort or "", f"{a.person_days:g}",
         " ".join(reason_texts(a.reasons[:2])))
        for a in actions
    ]


def _action_cell(action: RoadmapAction) -> list[str] | str:
    """The action's title in bold, then what to do, then who owns it (when someone does)."""
    cell: list[str] = [Strong(action.title)]
    if action.description and action.description != action.title:
        cell.append(action.description)
    if action.owner:
        cell.append(_("Owner: %(owner)s", owner=action.owner))
    return cell if len(cell) > 1 else cell[0]


def action_table(ctx: ReportContext) -> Table:
    """One row per roadmap action under a header row that repeats on each page."""
    return add_table(ctx.document, [str(h) for h in ACTION_HEADERS], action_rows(ctx.result),
                     widths=ACTION_WIDTHS, total_width=ctx.width())
