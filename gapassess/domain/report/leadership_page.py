"""One page for leadership, before the executive summary: where the organisation stands on
the two axes (the quadrant picture), three headline numbers, whether the plan makes the
date, and the first five actions with their owners and due dates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from gapassess.domain.charts.alt_text import quadrant_alt
from gapassess.domain.charts.quadrant import quadrant_chart
from gapassess.domain.charts.style import figure_png
from gapassess.domain.engine.baseline import index_changes
from gapassess.domain.engine.owners import late_agreed, open_audit_work
from gapassess.domain.report import styles
from gapassess.domain.report.charts_section import EMU_PER_INCH
from gapassess.domain.report.document import add_paragraph, add_picture, write_text
from gapassess.domain.report.summary import late_note, no_priorities, top_priorities
from gapassess.domain.report.tables import Strong, add_table
from gapassess.domain.report.wording import long_date, months_phrase, percent
from gapassess.domain.wording.progress_text import movement_text
from gapassess.i18n import _, lazy_gettext, ngettext

if TYPE_CHECKING:
    from docx.table import _Cell

    from gapassess.domain.engine import AssessmentResult
    from gapassess.domain.engine.baseline import IndexChange
    from gapassess.domain.report.context import ReportContext

#: The three numbers on the page: (index, label, what it says). For an initial
#: certification the first is conformity readiness (nothing is in transition).
HEADLINE_NUMBERS = (
    ("transition_readiness", lazy_gettext("Transition readiness"),
     lazy_gettext("of what the 2026 edition adds or changes is in place")),
    ("outcome_maturity", lazy_gettext("Outcome maturity"),
     lazy_gettext("how far practices drive results (100 is a learning loop)")),
    ("compliance_only_share", lazy_gettext("Compliance-only share"),
     lazy_gettext("of what is in place does not drive results yet: lower is better")),
)
CONFORMITY_NUMBER = ("conformity_readiness", lazy_gettext("Conformity readiness"),
                     lazy_gettext("of all requirements is in place at audit level"))
#: Height of the quadrant picture on the page, in inches (the page must stay one page).
PICTURE_HEIGHT = 3.5
NUMBER_SIZE = Pt(22)


def leadership_page(ctx: ReportContext) -> None:
    """The one-page overview: a chapter of its own right after the contents."""
    result = ctx.result
    ctx.chapter(_("The assessment on one page"))
    if ctx.carried_summary:
        ctx.para(ctx.carried_summary, bold=True)
    picture(ctx)
    headline_numbers(ctx)
    ctx.heading(_("Will the plan make the date?"), 2)
    ctx.para(verdict(result), bold=True)
    ctx.heading(_("The first five actions"), 2)
    first_actions(ctx)


def picture(ctx: ReportContext) -> None:
    then = ctx.compared_baseline
    figure = quadrant_chart(ctx.result, then, height=PICTURE_HEIGHT)
    width = min(int(figure.get_figwidth() * EMU_PER_INCH), ctx.width())
    add_picture(ctx.document, figure_png(figure), width,
                quadrant_alt(ctx.result, then), _("The two axes"))
    ctx.caption(caption(ctx.result, then))


def caption(result: AssessmentResult, baseline: AssessmentResult | None) -> str:
    overall = result.overall
    if overall.classification is None:
        return _("The organisation is placed once enough items are rated on both axes.")
    corner = result.model.class_name(overall.classification).lower()
    if baseline is not None and baseline.overall.classification is not None:
        return _("The diamond is the whole assessment today, in the %(corner)s corner; the "
                 "circle is where the baseline placed it (%(then)s). Each figure pair reads "
                 "compliance / outcome.", corner=corner,
                 then=baseline.model.class_name(baseline.overall.classification).lower())
    return _("The diamond is the whole assessment today, in the %(corner)s corner. The "
             "figures read compliance / outcome.", corner=corner)


def numbers(result: AssessmentResult) -> list[tuple[str, str, str]]:
    """The three headline numbers: (key, label, what it says)."""
    chosen = list(HEADLINE_NUMBERS)
    if not result.certification.certified or result.overall.transition_readiness is None:
        chosen[0] = CONFORMITY_NUMBER
    return [(key, str(label), str(says)) for key, label, says in chosen]


def headline_numbers(ctx: ReportContext) -> None:
    """Three big numbers side by side, each with what it means and its move since the
    baseline."""
    chosen = numbers(ctx.result)
    keys = tuple(key for key, _label, _says in chosen)
    then = ctx.compared_baseline
    changes = index_changes(ctx.result.overall, then.overall if then is not None else None,
                            keys)
    table = ctx.document.add_table(rows=1, cols=len(chosen))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, (_key, label, says), change in zip(table.rows[0].cells, chosen, changes,
                                                 strict=True):
        _number_cell(cell, label, says, change, then is not None)


def _number_cell(cell: _Cell, label: str, says: str, change: IndexChange,
                 compared: bool) -> None:
    first = cell.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    write_text(first, percent(change.now) if change.now is not None else "–",
               bold=True).font.size = NUMBER_SIZE
    heading = add_paragraph(cell, label, styles.TABLE_TEXT, bold=True)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_paragraph(cell, says if change.now is not None else _("not available yet"),
                  styles.TABLE_TEXT).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if compared and change.delta is not None:
        moved = add_paragraph(cell, _("%(movement)s since the baseline",
                                      movement=movement_text(change.delta)),
                              styles.TABLE_TEXT)
        moved.alignment = WD_ALIGN_PARAGRAPH.CENTER
        moved.runs[0].italic = True


def verdict(result: AssessmentResult) -> str:
    """Feasibility in one plain sentence, from the roadmap's own verdict and the dates the
    team agreed."""
    roadmap = result.roadmap
    target = long_date(roadmap.target_date)
    if result.overall.answered == 0:
        return _("No verdict yet: no applicable item is answered, so there is no plan to "
                 "judge.")
    if not open_audit_work(roadmap):
        return _("Yes. All the audit work is marked done, ahead of the target audit on "
                 "%(target)s.", target=target)
    late = late_agreed(roadmap)
    if roadmap.feasible and late:
        return ngettext(
            "Not as agreed. The plan fits at %(capacity)s person-days a month, but %(num)d "
            "agreed date of audit work falls after the target audit on %(target)s: bring it "
            "forward or move the audit.",
            "Not as agreed. The plan fits at %(capacity)s person-days a month, but %(num)d "
            "agreed dates of audit work fall after the target audit on %(target)s: bring "
            "them forward or move the audit.",
            len(late), capacity=format(roadmap.capacity, "g"), target=target)
    if roadmap.feasible:
        return _("Yes. At %(capacity)s person-days a month the audit work fits before the "
                 "target audit on %(target)s.", capacity=format(roadmap.capacity, "g"),
                 target=target)
    short = _("No, not at %(capacity)s person-days a month: the audit work runs %(time)s "
              "past the target audit on %(target)s. Add capacity or outside help, or move the "
              "date.", capacity=format(roadmap.capacity, "g"),
              time=months_phrase(roadmap.shortfall_months), target=target)
    return " ".join(s for s in (short, late_note(roadmap)) if s)


def first_actions(ctx: ReportContext) -> None:
    actions = top_priorities(ctx.result)
    if not actions:
        ctx.para(no_priorities(ctx.result))
        return
    rows = [[[Strong(action.title),
              _("clause %(clause)s", clause=action.clause) if action.clause else ""],
             action.owner or _("not assigned"), long_date(action.due)]
            for action in actions]
    # TRANSLATORS: column headings of the five first actions, in order of priority.
    add_table(ctx.document, [_("Action"), _("Owner"), _("Due")], rows,
              widths=(7.9, 3.3, 3.0), total_width=ctx.width())
