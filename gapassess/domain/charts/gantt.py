"""The roadmap as a Gantt chart, phases shaded, target audit date marked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import matplotlib.dates as mdates
from matplotlib.figure import Figure

from gapassess.domain.charts import data
from gapassess.domain.charts.style import (
    BLACK,
    FONT,
    GREY,
    KIND_STYLE,
    LEGEND_LOCATION,
    TITLE_FONT,
    VERMILLION,
    empty_message,
    label,
    new_figure,
    style_axes,
    text_inches,
)
from gapassess.i18n import _

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes

    from gapassess.domain.engine import AssessmentResult

PHASE_SHADES = ("#F2F2F2", "#FFFFFF")
LABEL_CHARS = 48  # action titles are item titles (short names): most fit whole


def gantt_chart(result: AssessmentResult, width: float = 6.5, height: float | None = None,
                max_rows: int = 32) -> Figure:
    """One bar per action (or per phase and clause when there are many), by phase.

    Conformity actions are blue and hatched ``//``, outcome actions orange and dotted,
    milestones black diamonds. The target audit date is a dashed vermillion line, the
    transition deadline a dotted black line when it falls within the plan.
    """
    rows = data.gantt_rows(result, max_rows=max_rows)
    labels = [_short(label(r.label), LABEL_CHARS) for r in rows]
    left = 0.15 + max((text_inches(t, FONT - 1) for t in labels), default=0)
    figure = new_figure(width, height or max(2.4, 1.4 + 0.22 * len(rows)),
                        margins=(left, 0.35, 0.3, 0.85))  # right: room for a last tick label
    axes = figure.add_subplot()
    style_axes(axes)  # before the tick labels get their own, smaller size
    if not rows:
        empty_message(axes, _("The roadmap has no actions"))
        return figure
    n = len(rows)
    for index, row in enumerate(rows):
        y = n - 1 - index
        if row.kind == "milestone":
            axes.scatter([mdates.date2num(row.end)], [y], marker="D", s=36, color=BLACK,
                         zorder=3)
            continue
        spans = [(k, s) for k, s in (("conformity", row.conformity), ("outcome", row.outcome))
                 if s]
        if not spans:
            spans = [(row.kind, (row.start, row.end))]
        height_each = 0.64 / len(spans)
        for k, (kind, (start, end)) in enumerate(spans):
            style = KIND_STYLE.get(kind, KIND_STYLE["conformity"])
            left = mdates.date2num(start)
            axes.barh(y + 0.32 - height_each * (k + 0.5), max(mdates.date2num(end) - left, 2),
                      height_each, left=left, color=style.color, hatch=style.hatch,
                      edgecolor="#1A1A1A", linewidth=0.5, zorder=2)
    _date_lines(axes, result, rows)
    _phases(axes, result, n)
    axes.set_yticks(range(n), labels[::-1], fontsize=FONT - 1)
    axes.set_ylim(-0.7, n + 0.8)
    axes.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=7))
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    axes.tick_params(axis="x", labelsize=FONT - 1)
    title = _("Transition roadmap") if result.certification.certified \
        else _("Certification roadmap")
    axes.set_title(title, fontsize=TITLE_FONT, loc="left")
    _legend(figure, axes)
    return figure


def _phases(axes: Axes, result: AssessmentResult, n: int) -> None:
    for index, phase in enumerate(result.roadmap.phases):
        left, right = mdates.date2num(phase.start), mdates.date2num(phase.end)
        axes.axvspan(left, right, color=PHASE_SHADES[index % 2], zorder=0)
        low, high = axes.get_xlim()
        if min(right, high) - max(left, low) <= 0:
            continue
        middle = (max(left, low) + min(right, high)) / 2
        name = phase.name.split(":")[0] if ":" in phase.name else _short(phase.name, 16)
        axes.text(middle, n - 0.25 + 0.45 * (index % 2), label(name), ha="center",
                  va="bottom", fontsize=FONT - 1, color=GREY, fontweight="bold")


def _date_lines(axes: Axes, result: AssessmentResult,
                rows: Sequence[data.GanttRow]) -> None:
    roadmap = result.roadmap
    first = min([r.start for r in rows] + [roadmap.start_date or rows[0].start])
    last = max([r.end for r in rows] + ([roadmap.target_date] if roadmap.target_date else []))
    if roadmap.target_date:
        axes.axvline(mdates.date2num(roadmap.target_date), color=VERMILLION, linestyle="--",
                     linewidth=1.6, zorder=4,
                     label=_("Target audit %(date)s", date=data.day(roadmap.target_date)))
    end = result.transition.transition_end if result.transition is not None else None
    if (end is not None and result.certification.certified
            and first <= end.date <= last + dt.timedelta(days=60)):
        label = (_("Transition deadline %(date)s", date=data.day(end.date)) if end.confirmed
                 else _("Transition deadline %(date)s (expected)", date=data.day(end.date)))
        axes.axvline(mdates.date2num(end.date), color=BLACK, linestyle=":", linewidth=1.6,
                     zorder=4, label=label)
    margin = max(7, (last - first).days * 0.03)
    axes.set_xlim(mdates.date2num(first) - margin, mdates.date2num(last) + margin)


def _legend(figure: Figure, axes: Axes) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Artist] = [
        Patch(facecolor=KIND_STYLE[k].color, hatch=KIND_STYLE[k].hatch,
              edgecolor="#1A1A1A", label=str(KIND_STYLE[k].label))
        for k in ("conformity", "outcome")
    ]
    handles.append(Line2D([], [], marker="D", color=BLACK, linestyle="none",
                          label=str(KIND_STYLE["milestone"].label)))
    handles += axes.get_legend_handles_labels()[0]
    figure.legend(handles=handles, fontsize=FONT - 1, loc=LEGEND_LOCATION, ncols=3,
                  bbox_to_anchor=(0.5, 0.0), frameon=False)


def _short(text: str, limit: int = 46) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
