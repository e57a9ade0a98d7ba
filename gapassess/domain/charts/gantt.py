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
PHASE_STEP = 0.5  # rows between two lines of phase names
DONE_COLOUR = "#D9D9D9"  # actions done: pale grey, no hatching, and ticked in the label
DONE_MARK = "\u2713 "  # i18n: not shown (a tick mark)
LABEL_CHARS = 48  # action titles are item titles (short names): most fit whole


def gantt_chart(result: AssessmentResult, width: float = 6.5, height: float | None = None,
                max_rows: int = 32) -> Figure:
    """One bar per action (or per phase and clause when there are many), by phase.

    Conformity actions are blue and hatched ``//``, outcome actions orange and dotted,
    milestones black diamonds. The target audit date is a dashed vermillion line, the
    transition deadline a dotted black line when it falls within the plan.
    """
    rows = data.gantt_rows(result, max_rows=max_rows)
    labels = [(DONE_MARK if r.all_done else "") + _short(label(r.label), LABEL_CHARS)
              for r in rows]
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
            axes.scatter([mdates.date2num(row.end)], [y], marker="D", s=36,
                         color=DONE_COLOUR if row.all_done else BLACK,
                         edgecolors=BLACK, zorder=3)
            continue
        spans = [(k, s) for k, s in (("conformity", row.conformity), ("outcome", row.outcome))
                 if s]
        if not spans:
            spans = [(row.kind, (row.start, row.end))]
        height_each = 0.64 / len(spans)
        for k, (kind, (start, end)) in enumerate(spans):
            style = KIND_STYLE.get(kind, KIND_STYLE["conformity"])
            left = mdates.date2num(start)
            done = row.all_done
            axes.barh(y + 0.32 - height_each * (k + 0.5), max(mdates.date2num(end) - left, 2),
                      height_each, left=left, color=DONE_COLOUR if done else style.color,
                      hatch="" if done else style.hatch,
                      edgecolor=GREY if done else "#1A1A1A", linewidth=0.5, zorder=2)
    _date_lines(axes, result, rows)
    step = _phase_step(axes, figure, n)
    levels = _phases(axes, result, n, figure, step)
    axes.set_yticks(range(n), labels[::-1], fontsize=FONT - 1)
    axes.set_ylim(-0.7, n - 0.25 + step * levels + 0.15)
    axes.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=7))
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    axes.tick_params(axis="x", labelsize=FONT - 1)
    title = _("Transition roadmap") if result.certification.certified \
        else _("Certification roadmap")
    axes.set_title(title, fontsize=TITLE_FONT, loc="left")
    _legend(figure, axes, any(r.done for r in rows))
    return figure


def _phase_step(axes: Axes, figure: Figure, n: int) -> float:
    """Rows between two lines of phase names: at least ``PHASE_STEP``, and more when the
    rows are thinner than a line of the names' type (a long roadmap squeezes them), so one
    line of names never touches the next."""
    axes_inches = figure.get_figheight() * axes.get_position().height
    row_inches = axes_inches / (n + 1.5) if axes_inches > 0 else 1.0
    line_inches = (FONT - 1) / 72 * 1.9  # the type plus clear air
    return max(PHASE_STEP, line_inches / row_inches)


def _phases(axes: Axes, result: AssessmentResult, n: int, figure: Figure,
            step: float = PHASE_STEP) -> int:
    """Shade each phase and name it above the bars; a name that would overlap another goes
    on the next line up (``step`` rows higher). Returns how many lines of names there
    are."""
    low, high = axes.get_xlim()
    position = axes.get_position()
    axes_inches = figure.get_figwidth() * position.width
    per_inch = (high - low) / axes_inches if axes_inches > 0 else 0.0
    taken: list[list[tuple[float, float]]] = []
    for index, phase in enumerate(result.roadmap.phases):
        left, right = mdates.date2num(phase.start), mdates.date2num(phase.end)
        axes.axvspan(left, right, color=PHASE_SHADES[index % 2], zorder=0)
        if min(right, high) - max(left, low) <= 0:
            continue
        name = label(phase.name.split(":")[0] if ":" in phase.name else _short(phase.name, 16))
        half = (text_inches(name, FONT - 1) * 1.1 * per_inch) / 2 + per_inch * 0.04
        middle = (max(left, low) + min(right, high)) / 2
        middle = min(max(middle, low + half), high - half)  # inside the axes
        span = (middle - half, middle + half)
        level = next((k for k, spans in enumerate(taken)
                      if all(span[1] <= a or span[0] >= b for a, b in spans)), len(taken))
        if level == len(taken):
            taken.append([])
        taken[level].append(span)
        axes.text(middle, n - 0.25 + step * level, name, ha="center",
                  va="bottom", fontsize=FONT - 1, color=GREY, fontweight="bold")
    return max(len(taken), 1)


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


def _legend(figure: Figure, axes: Axes, done: bool = False) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Artist] = [
        Patch(facecolor=KIND_STYLE[k].color, hatch=KIND_STYLE[k].hatch,
              edgecolor="#1A1A1A", label=str(KIND_STYLE[k].label))
        for k in ("conformity", "outcome")
    ]
    handles.append(Line2D([], [], marker="D", color=BLACK, linestyle="none",
                          label=str(KIND_STYLE["milestone"].label)))
    if done:
        handles.append(Patch(facecolor=DONE_COLOUR, edgecolor=GREY,
                             label=_("Done (%(mark)s)", mark=DONE_MARK.strip())))
    handles += axes.get_legend_handles_labels()[0]
    figure.legend(handles=handles, fontsize=FONT - 1, loc=LEGEND_LOCATION, ncols=3,
                  bbox_to_anchor=(0.5, 0.0), frameon=False)


def _short(text: str, limit: int = 46) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
