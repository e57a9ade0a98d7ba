"""Perception gaps: items where top management rated well above the front line in workshops.

Listed only when the assessment's workshops asked participants for their group and found
at least one gap; the rule and its figures are the scoring model's
(gapassess.domain.workshop_groups).
"""

from __future__ import annotations

from gapassess.domain.report.context import ReportContext
from gapassess.domain.report.tables import Strong, add_table
from gapassess.i18n import _, ngettext


def _median(value: float) -> str:
    return f"{value:g}"


def perception_chapter(ctx: ReportContext) -> None:
    if not ctx.group_votes:
        return
    order = [item.id for item in ctx.questionnaire.items]
    gaps = [found for found in ctx.model.perception_gaps(ctx.group_votes, order)
            if found.item_id in ctx.items]
    if not gaps:
        return
    workshop = ctx.model.workshop
    ctx.chapter(_("Perception gaps"))
    ctx.para(ngettext(
        "In the workshops, participants said which group they belong to. On these items top "
        "management's median rating is %(num)d level or more above the front line's: what "
        "the leaders believe is in place, the people doing the work do not see. A quality "
        "culture starts where these views meet, so each is worth a conversation on the "
        "floor before the rating is trusted.",
        "In the workshops, participants said which group they belong to. On these items top "
        "management's median rating is %(num)d levels or more above the front line's: what "
        "the leaders believe is in place, the people doing the work do not see. A quality "
        "culture starts where these views meet, so each is worth a conversation on the "
        "floor before the rating is trusted.", workshop.perception_gap))
    ctx.para(_(
        "A group with fewer than %(num)d votes on an axis was never shown or compared on its "
        "own, so no one's vote can be read from this table. Levels run from 0 to 4.",
        num=workshop.min_group_size))
    axis_names = {"compliance": _("Compliance"), "outcome": _("Outcome")}
    rows = []
    for found in gaps:
        item = ctx.items[found.item_id]
        rows.append([
            [Strong(item.title), item.clause],
            axis_names[found.gap.axis],
            _median(found.gap.top_management),
            _median(found.gap.front_line),
        ])
    add_table(ctx.document,
              [_("Item"), _("Axis"), _("Top management median"), _("Front line median")],
              rows, widths=[5, 2, 2, 2], total_width=ctx.width())
