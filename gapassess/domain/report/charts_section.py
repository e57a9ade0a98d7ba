"""The charts chapter, and the helper that puts any chart in the document."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from gapassess.domain.charts import (
    CHARTS,
    chart_alt_text,
    clause_profile_chart,
    figure_png,
    gantt_chart,
    heatmap_chart,
    item_map_chart,
    readiness_by_change_chart,
)
from gapassess.domain.charts.data import gantt_rows, subclauses
from gapassess.domain.report.context import ReportContext
from gapassess.domain.report.document import add_picture
from gapassess.i18n import _, lazy_gettext

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from gapassess.domain.engine import AssessmentResult

OVERVIEW_CHARTS = ("clause_profile", "item_map", "readiness_by_change", "heatmap")
#: Charts the report draws smaller than the web pages do, so that two share a page.
REPORT_DRAW: dict[str, Callable[[AssessmentResult], Figure]] = {
    "clause_profile": lambda result: clause_profile_chart(result, height=3.1),
    "item_map": lambda result: item_map_chart(result, height=3.9),
    "readiness_by_change": lambda result: readiness_by_change_chart(result, height=2.5),
    "gantt": lambda result: gantt_chart(result, height=_gantt_height(result)),
    "heatmap": lambda result: heatmap_chart(
        result, height=max(2.0, 0.8 + 0.155 * len(subclauses(result)))),
}


def _gantt_height(result: AssessmentResult) -> float:
    """A little tighter than on the web, so the chart shares a page with the phases."""
    return max(2.4, 1.3 + 0.17 * len(gantt_rows(result)))
EMU_PER_INCH = 914400

INTRO = lazy_gettext(
    "Each item is rated twice: compliance says whether the requirement is in place and "
    "could be shown to an auditor; outcome says whether the practice drives results. "
    "High compliance with low outcome is the compliance-only corner; high on both is where "
    "outcome-driven organisations sit."
)


def insert_chart(ctx: ReportContext, key: str, number: int) -> None:
    """Draw chart ``key``, add it at full text width with alternative text and a caption."""
    chart = CHARTS[key]
    figure = REPORT_DRAW.get(key, chart.draw)(ctx.result)
    fig_width = int(figure.get_figwidth() * EMU_PER_INCH)
    add_picture(ctx.document, figure_png(figure), min(fig_width, ctx.width()),
                chart_alt_text(key, ctx.result), str(chart.title))
    ctx.caption(_("Figure %(number)s. %(caption)s", number=number, caption=chart.caption))


def charts_chapter(ctx: ReportContext) -> int:
    """Add the overview charts; return how many figures were numbered."""
    ctx.chapter(_("Results at a glance"))
    ctx.para(str(INTRO))
    for number, key in enumerate(OVERVIEW_CHARTS, start=1):
        ctx.heading(str(CHARTS[key].title), 2)
        insert_chart(ctx, key, number)
    return len(OVERVIEW_CHARTS)
