"""The roadmap chapter: phases, the Gantt chart and every action (landscape table)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from docx.shared import Pt

from gapassess.domain.engine.owners import DONE, FROM_ROADMAP, IN_PROGRESS, PLANNED
from gapassess.domain.report.charts_section import insert_chart
from gapassess.domain.report.context import ReportContext
from gapassess.domain.report.summary import feasibility
from gapassess.domain.report.tables import Strong, add_table
from gapassess.domain.report.text import clean, shorten
from gapassess.domain.report.wording import long_date, score, short_date
from gapassess.domain.wording.roadmap_text import STATUS_LABELS, reason_text, reason_texts
from gapassess.i18n import _, lazy_gettext, ngettext

if TYPE_CHECKING:
    from docx.table import Table

    from gapassess.domain.engine import AssessmentResult, RoadmapAction

KIND_NAMES = {"conformity": lazy_gettext("Conformity"), "outcome": lazy_gettext("Outcome"),
              "milestone": lazy_gettext("Milestone")}
# The statuses set on the roadmap page, as the page names them.
# TRANSLATORS: column headings of the table of roadmap actions ("#" is the priority,
# "Days" person-days).
ACTION_HEADERS = ("#", lazy_gettext("Action"), lazy_gettext("Clause"), lazy_gettext("Owner"),
                  lazy_gettext("Status"), lazy_gettext("Phase"), lazy_gettext("Due"),
                  lazy_gettext("Days"), lazy_gettext("Why"))
ACTION_WIDTHS = (0.5, 6.2, 0.9, 2.0, 1.35, 1.0, 1.6, 0.8, 5.2)  # landscape (working papers)
# The leadership table is portrait, after the chart: no phase column (the rows go by
# phase, and the chart shows them), and the main reason under the action's title.
SHORT_HEADERS = tuple(h for k, h in enumerate(ACTION_HEADERS) if k not in (5, 8))
SHORT_WIDTHS = (0.35, 5.3, 0.7, 0.95, 0.95, 1.3, 0.55)
#: Outcome actions the leadership report lists by priority (besides those the team
#: already started, finished, dated or gave an owner on the roadmap); the working papers
#: list every action.
LEADING_OUTCOME_ACTIONS = 3
NOTE_LIMIT = 300

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

    shown = leadership_actions(ctx.result)
    ctx.heading(_("Actions") if len(shown) < len(roadmap.actions) else _("All actions"), 2)
    _status_line(ctx)
    action_table(ctx, shown)
    rest = [a for a in roadmap.actions if a not in shown]
    if rest:
        where = (_("Appendix A lists every action.") if ctx.appendix else
                 _("The roadmap page lists every action, and so does the report with the "
                   "working papers."))
        besides = ctx.para(ngettext(
            "Besides these, %(num)d more outcome action (%(days)s person-days) continues the "
            "work on results, until %(last)s. %(where)s",
            "Besides these, %(num)d more outcome actions (%(days)s person-days) continue the "
            "work on results, until %(last)s. %(where)s", len(rest),
            days=score(sum(a.person_days for a in rest)),
            last=long_date(max(a.due for a in rest)), where=where))
        besides.paragraph_format.space_before = Pt(6)  # clear of the table above


def _status_line(ctx: ReportContext) -> None:
    """How many actions are planned, in progress, done and blocked (when any has moved)."""
    counts = Counter(a.status for a in ctx.result.roadmap.actions)
    if set(counts) <= {"planned"}:
        return
    parts = ", ".join(status_count(key, counts[key]) for key in STATUS_LABELS
                      if counts.get(key))
    # TRANSLATORS: counts lists the statuses set on the roadmap ("170 planned, 3 done").
    ctx.para(_("Status of the actions as set on the roadmap: %(counts)s.", counts=parts))


def status_count(status: str, count: int) -> str:
    """"170 planned", "2 in progress", "3 done", "1 blocked": how many actions have the
    status."""
    if status == PLANNED:
        # TRANSLATORS: one part of the status line, "170 planned, 2 in progress, 3 done".
        return ngettext("%(num)d planned", "%(num)d planned", count)
    if status == IN_PROGRESS:
        return ngettext("%(num)d in progress", "%(num)d in progress", count)
    if status == DONE:
        return ngettext("%(num)d done", "%(num)d done", count)
    return ngettext("%(num)d blocked", "%(num)d blocked", count)


def is_edited(action: RoadmapAction) -> bool:
    """Whether the team did something with the action on the roadmap (a status other than
    planned, an agreed date, an owner of its own or notes)."""
    return (action.status != "planned" or action.agreed or bool(action.notes)
            or action.owner_source == FROM_ROADMAP)


def leadership_actions(result: AssessmentResult) -> list[RoadmapAction]:
    """The actions the leadership report lists: all conformity work and milestones, the
    first outcome actions by priority, and every action the team edited."""
    outcome = sorted((a for a in result.roadmap.actions if a.kind == "outcome"),
                     key=lambda a: a.priority)
    leading = {a.id for a in outcome[:LEADING_OUTCOME_ACTIONS]}
    return [a for a in result.roadmap.actions
            if a.kind != "outcome" or a.id in leading or is_edited(a)]


def action_rows(result: AssessmentResult,
                actions: Sequence[RoadmapAction] | None = None) -> list[tuple[object, ...]]:
    """Rows of the actions table: every action with what to do, or (given ``actions``)
    those actions by title only."""
    phase_order = {p.name: k for k, p in enumerate(result.roadmap.phases)}
    chosen = sorted(result.roadmap.actions if actions is None else actions,
                    key=lambda a: (phase_order.get(a.phase, 99), a.start, a.priority))
    return [
        (str(a.priority), _action_cell(a, full=actions is None),
         # TRANSLATORS: the clause of an action that concerns every clause (a milestone).
         a.clause or _("all"), a.owner or "-", str(STATUS_LABELS.get(a.status, a.status)),
         short_phase(a.phase), _due_cell(a), f"{a.person_days:g}",
         " ".join(reason_texts(a.reasons[:1])))
        for a in chosen
    ]


def short_phase(name: str) -> str:
    """"Phase 1" for "Phase 1: Close 2026 conformity gaps" (the phases table names them)."""
    return name.split(":", 1)[0] if ":" in name else name


def _due_cell(action: RoadmapAction) -> list[str] | str:
    """The due date; an agreed date says so and names the scheduler's."""
    if not action.agreed or action.planned_due is None:
        return short_date(action.due)
    # TRANSLATORS: under an agreed due date in the actions table; date is the date the
    # plan had computed.
    return [short_date(action.due), _("agreed (plan: %(date)s)",
                                      date=short_date(action.planned_due))]


def _action_cell(action: RoadmapAction, full: bool) -> list[str] | str:
    """The action's title in bold (saying when it is outcome work), then, in the ``full``
    table, what to do; then the team's notes. The leadership table leaves what to do to the
    findings, which give it clause by clause."""
    cell: list[str] = [Strong(action.title)]
    if full and action.description and action.description != action.title:
        cell.append(action.description)
    if action.kind == "outcome":
        cell[0] = Strong(_("%(title)s (outcome)", title=action.title))
    if action.notes:
        cell.append(_("Notes: %(notes)s", notes=shorten(clean(action.notes), NOTE_LIMIT)[0]))
    return cell if len(cell) > 1 else cell[0]


def _with_reason(cell: object, reason: str) -> list[object]:
    lines = list(cell) if isinstance(cell, list) else [cell]
    return [*lines, reason] if reason else lines


def action_table(ctx: ReportContext, actions: Sequence[RoadmapAction] | None = None) -> Table:
    """One row per roadmap action (every one, in landscape, unless ``actions`` says which)
    under a header row that repeats on each page."""
    rows = action_rows(ctx.result, actions)
    if actions is not None:
        return add_table(ctx.document, [str(h) for h in SHORT_HEADERS],
                         [(row[0], _with_reason(row[1], str(row[8])), *row[2:5], *row[6:8])
                          for row in rows],
                         widths=SHORT_WIDTHS, total_width=ctx.width())
    return add_table(ctx.document, [str(h) for h in ACTION_HEADERS], rows,
                     widths=ACTION_WIDTHS, total_width=ctx.width())
