"""Grid charts: the item map (compliance against outcome) and the sub-clause heatmap."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from gapassess.domain.charts import data
from gapassess.domain.charts.style import (
    CHANGED_MARKER,
    FONT,
    GREY,
    LIGHT,
    SEQUENTIAL_CMAP,
    TITLE_FONT,
    UNCHANGED_MARKER,
    bottom_legend,
    empty_message,
    label,
    new_figure,
    style_axes,
    text_inches,
)
from gapassess.i18n import _, lazy_gettext

if TYPE_CHECKING:
    from gapassess.domain.engine import AssessmentResult, ClauseResult

QUADRANTS = (
    # (name, compliance high?, outcome high?, shade)
    (lazy_gettext("Gap"), False, False, "#E4E4E4"),
    (lazy_gettext("Informal"), False, True, "#F3F3F3"),
    (lazy_gettext("Compliance-only"), True, False, "#F3F3F3"),
    (lazy_gettext("Outcome-driven"), True, True, "#FFFFFF"),
)


def item_map_chart(result: AssessmentResult, width: float = 6.5, height: float = 4.6) -> Figure:
    """Each answered item placed by its compliance and outcome level.

    Items the 2026 edition changed are triangles, unchanged items circles; the four
    quadrants set by the thresholds carry their names.
    """
    figure = new_figure(width, height, margins=(0.55, 0.1, 0.3, 0.8))
    axes = figure.add_subplot()
    points = data.item_points(result)
    if not points:
        empty_message(axes, _("No item has been answered yet"))
        return figure
    c_limit, o_limit = data.thresholds(result)
    edge_c, edge_o = c_limit - 0.5, o_limit - 0.5
    for name, c_high, o_high, shade in QUADRANTS:
        x0, x1 = (edge_c, 4.5) if c_high else (-0.5, edge_c)
        y0, y1 = (edge_o, 4.5) if o_high else (-0.5, edge_o)
        axes.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=shade,
                                 edgecolor="none", zorder=0))
        axes.text(x0 + 0.05 if not c_high else x1 - 0.05, y1 - 0.06, str(name),
                  ha="left" if not c_high else "right", va="top", fontsize=FONT,
                  color=GREY, fontweight="bold", zorder=1)
    axes.axvline(edge_c, color=GREY, linewidth=1, linestyle="--", zorder=1)
    axes.axhline(edge_o, color=GREY, linewidth=1, linestyle="--", zorder=1)
    for style, changed in ((UNCHANGED_MARKER, False), (CHANGED_MARKER, True)):
        chosen = [p for p in points if p.changed == changed]
        if not chosen:
            continue
        axes.scatter(
            [p.x for p in chosen], [p.y for p in chosen], marker=style.marker, s=22,
            facecolors=style.color if changed else "white", edgecolors=style.color,
            linewidths=1.0, label=f"{style.label} ({len(chosen)})", zorder=3,
        )
    cells = Counter((p.compliance, p.outcome) for p in points)
    for (c, o), count in cells.items():  # each cell says how many items it holds
        axes.text(c + 0.46, o + 0.46, str(count), ha="right", va="top", fontsize=FONT - 1,
                  color="#1A1A1A", zorder=4)
    axes.set_xlim(-0.5, 4.5)
    axes.set_ylim(-0.5, 4.5)
    axes.set_xticks(range(5), [str(v) for v in range(5)])
    axes.set_yticks(range(5), [str(v) for v in range(5)])
    axes.set_xlabel(_("Compliance level (0 absent - 4 assured)"), fontsize=FONT)
    axes.set_ylabel(_("Outcome level (0 not measured - 4 learning loop)"), fontsize=FONT)
    axes.set_title(_("Every answered item: structure against performance"),
                   fontsize=TITLE_FONT, loc="left")
    style_axes(axes)
    from matplotlib.lines import Line2D

    handles, names = axes.get_legend_handles_labels()
    handles.append(Line2D([], [], linestyle="none", marker="$12$", color="#1A1A1A",
                          markersize=9))
    # TRANSLATORS: legend of the item map: the small number in a cell of the grid.
    names.append(_("Items with those two levels (one point each)"))
    bottom_legend(figure, ncols=3, handles=handles, labels=names)
    return figure


def heatmap_chart(result: AssessmentResult, width: float = 6.5,
                  height: float | None = None) -> Figure:
    """Sub-clauses (rows) by axis (columns), shaded by score with the value written in.

    Uses the cividis colour map, whose lightness rises steadily, so the order of the
    shades survives grey printing; cells with no answers are hatched and say "n/a".
    """
    rows = data.subclauses(result)
    labels = [_row_label(r) for r in rows]
    left = 0.15 + max((text_inches(t, FONT - 1) for t in labels), default=0)
    figure = new_figure(width, height or max(2.0, 0.9 + 0.2 * len(rows)),
                        margins=(left, 1.1, 0.55, 0.15))
    axes = figure.add_subplot()
    if not rows:
        empty_message(axes, _("No sub-clause has been answered yet"))
        return figure
    values = np.array(
        [[np.nan if v is None else v for v in (r.compliance_score, r.outcome_score)]
         for r in rows], dtype=float,
    )
    masked = np.ma.masked_invalid(values)
    image = axes.imshow(masked, cmap=SEQUENTIAL_CMAP, vmin=0, vmax=100, aspect="auto")
    for (i, j), value in np.ndenumerate(values):
        if np.isnan(value):
            axes.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=LIGHT,
                                     hatch="///", edgecolor="#BBBBBB", linewidth=0))
            axes.text(j, i, _("n/a"), ha="center", va="center", fontsize=FONT - 1, color=GREY)
        else:
            axes.text(j, i, f"{value:.0f}", ha="center", va="center", fontsize=FONT - 1,
                      color="white" if value < 55 else "black")
    axes.set_xticks([0, 1], [_("Compliance"), _("Outcome")], fontsize=FONT)
    axes.xaxis.tick_top()
    axes.set_yticks(range(len(rows)), labels, fontsize=FONT - 1)
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    box = axes.get_position()
    bar_axes = figure.add_axes((box.x1 + 0.25 / width, box.y0 + box.height * 0.2,
                                0.12 / width, box.height * 0.6))
    colorbar = figure.colorbar(image, cax=bar_axes)
    colorbar.set_label(_("Score (0-100)"), fontsize=FONT)
    colorbar.ax.tick_params(labelsize=FONT - 1)
    axes.set_title(_("Sub-clause scores"), fontsize=TITLE_FONT, loc="left")
    return figure


def _row_label(row: ClauseResult, limit: int = 40) -> str:
    title = label(row.title or "")
    if len(title) > limit:
        title = title[: limit - 1].rstrip() + "…"
    return f"{row.clause} {title}".strip()
