"""The charts chapter, and the helper that puts any chart in the document."""

from __future__ import annotations

from gapassess.domain.charts import CHARTS, chart_alt_text, figure_png
from gapassess.domain.report.context import ReportContext
from gapassess.domain.report.document import add_picture
from gapassess.i18n import _, lazy_gettext

OVERVIEW_CHARTS = ("clause_profile", "item_map", "readiness_by_change", "heatmap")
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
    figure = chart.draw(ctx.result)
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
