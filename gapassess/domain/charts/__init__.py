"""Charts of an assessment result, shared by the Word report and the web pages.

Every function takes an ``AssessmentResult`` and returns a ``matplotlib.figure.Figure``
drawn with the Agg canvas (never pyplot). ``figure_png`` renders one to PNG bytes and
``chart_alt_text(kind, result)`` describes it for screen readers. ``CHARTS`` lists the
charts by key with their function, title and caption.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gapassess.domain.charts.alt_text import (
    chart_alt_text,
    clause_profile_alt,
    gantt_alt,
    heatmap_alt,
    item_map_alt,
    readiness_by_change_alt,
)
from gapassess.domain.charts.bars import clause_profile_chart, readiness_by_change_chart
from gapassess.domain.charts.gantt import gantt_chart
from gapassess.domain.charts.grids import heatmap_chart, item_map_chart
from gapassess.domain.charts.style import figure_png
from gapassess.i18n import LazyString, lazy_gettext

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from gapassess.domain.engine import AssessmentResult


@dataclass(frozen=True)
class Chart:
    key: str
    draw: Callable[[AssessmentResult], Figure]
    title: LazyString  # translated when shown
    caption: LazyString


CHARTS: dict[str, Chart] = {
    c.key: c
    for c in (
        Chart("clause_profile", clause_profile_chart, lazy_gettext("Clause profile"),
              lazy_gettext("Compliance (structure) and outcome (performance) score of each "
                           "clause. Dashed lines mark the thresholds.")),
        Chart("item_map", item_map_chart, lazy_gettext("Item map"),
              lazy_gettext("Each point is one answered item at its compliance and outcome "
                           "level; the number in each cell counts the items there; triangles "
                           "mark items the 2026 edition changed.")),
        Chart("readiness_by_change", readiness_by_change_chart,
              lazy_gettext("Readiness by kind of change"),
              lazy_gettext("Share of answered items meeting each threshold, by kind of 2026 "
                           "change.")),
        Chart("heatmap", heatmap_chart, lazy_gettext("Sub-clause heatmap"),
              lazy_gettext("Compliance and outcome score of each sub-clause; darker is lower.")),
        Chart("gantt", gantt_chart, lazy_gettext("Roadmap"),
              lazy_gettext("Roadmap by phase. Bars end on the due dates (the date agreed on "
                           "the roadmap, where one was set); the dashed line marks the target "
                           "audit date; grey bars with a tick are work already done.")),
    )
}


def chart_png(kind: str, result: AssessmentResult, dpi: int = 150) -> bytes:
    """Draw chart ``kind`` for ``result`` and return PNG bytes."""
    return figure_png(CHARTS[kind].draw(result), dpi=dpi)


__all__ = [
    "CHARTS", "Chart",  # i18n: not shown (names)
    "chart_alt_text", "chart_png", "clause_profile_alt", "clause_profile_chart",
    "figure_png", "gantt_alt", "gantt_chart", "heatmap_alt", "heatmap_chart", "item_map_alt",
    "item_map_chart", "readiness_by_change_alt", "readiness_by_change_chart",
]
