"""Bar charts: the clause profile on both axes and readiness by kind of 2026 change."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure

from gapassess.domain.charts import data
from gapassess.domain.charts.style import (
    COMPLIANCE,
    FONT,
    OUTCOME,
    TITLE_FONT,
    bottom_legend,
    empty_message,
    label,
    new_figure,
    style_axes,
    text_inches,
)
from gapassess.i18n import _

if TYPE_CHECKING:
    from gapassess.domain.engine import AssessmentResult, ClauseResult

BAR_EDGE = "#1A1A1A"


def clause_profile_chart(result: AssessmentResult, width: float = 6.5,
                         height: float = 3.4) -> Figure:
    """Compliance and outcome score (0-100) for each top clause, thresholds dashed.

    Two bar containers (compliance, outcome), each with one bar per clause.
    """
    figure = new_figure(width, height, margins=(0.55, 0.1, 0.3, 0.95))
    axes = figure.add_subplot()
    clauses = data.top_clauses(result)
    if not clauses:
        empty_message(axes, _("No clause has been answered yet"))
        return figure
    x = np.arange(len(clauses))
    bar_width = 0.38
    thresholds = data.threshold_scores(result)
    for offset, series, attr, limit, limit_label in (
        (-bar_width / 2, COMPLIANCE, "compliance_score", thresholds[0],
         _("Compliance threshold")),
        (bar_width / 2, OUTCOME, "outcome_score", thresholds[1], _("Outcome threshold")),
    ):
        values = [getattr(c, attr) for c in clauses]
        bars = axes.bar(
            x + offset, [v or 0 for v in values], bar_width, color=series.color,
            hatch=series.hatch, edgecolor=BAR_EDGE, linewidth=0.6, label=str(series.label),
        )
        axes.bar_label(bars, labels=[_value(v) for v in values], fontsize=FONT - 1, padding=1)
        axes.axhline(limit, color=series.color, linestyle="--" if attr[0] == "c" else ":",
                     linewidth=1.2, label=limit_label)
    axes.set_xticks(x, [_clause_label(c) for c in clauses], fontsize=FONT)
    axes.set_ylim(0, 109)
    axes.set_yticks(range(0, 101, 20))
    axes.set_ylabel(_("Score (0-100)"), fontsize=FONT)
    axes.set_title(_("Where each clause stands on structure and on performance"),
                   fontsize=TITLE_FONT, loc="left")
    style_axes(axes)
    bottom_legend(figure)
    return figure


def readiness_by_change_chart(result: AssessmentResult, width: float = 6.5,
                              height: float = 3.0) -> Figure:
    """Share of answered items meeting each threshold, per kind of 2026 change."""
    rows = data.readiness_by_change(result)
    names = [f"{data.CHANGE_LABELS.get(r.kind, label(r.kind))} ({r.answered})" for r in rows]
    left = 0.25 + max((text_inches(n) for n in names), default=0)
    figure = new_figure(width, height, margins=(left, 0.1, 0.3, 0.75))
    axes = figure.add_subplot()
    if not rows:
        empty_message(axes, _("No item has been answered yet"))
        return figure
    y = np.arange(len(rows))[::-1]
    bar_height = 0.38
    for offset, series, attr in (
        (bar_height / 2, COMPLIANCE, "conformity_ready"),
        (-bar_height / 2, OUTCOME, "outcome_ready"),
    ):
        values = [getattr(r, attr) for r in rows]
        bars = axes.barh(
            y + offset, [v or 0 for v in values], bar_height, color=series.color,
            hatch=series.hatch, edgecolor=BAR_EDGE, linewidth=0.6,
            label=(_("Meets the compliance threshold") if attr[0] == "c"
                   else _("Meets the outcome threshold")),
        )
        axes.bar_label(bars, labels=[_value(v, "%") for v in values], fontsize=FONT - 1,
                       padding=2)
    axes.set_yticks(y, names, fontsize=FONT)
    axes.set_xlim(0, 112)
    axes.set_xticks(range(0, 101, 20))
    axes.set_xlabel(_("Share of answered items, weighted (%)"), fontsize=FONT)
    axes.set_title(_("Readiness by kind of 2026 change (items answered in brackets)"),
                   fontsize=TITLE_FONT, loc="left")
    style_axes(axes)
    bottom_legend(figure)
    return figure


def _value(value: float | None, suffix: str = "") -> str:
    # TRANSLATORS: on a bar or in a cell that has no value (not available).
    return _("n/a") if value is None else f"{value:.0f}{suffix}"


def _clause_label(clause: ClauseResult) -> str:
    title = label(getattr(clause, "title", "") or "")
    short = title.split(" ")[0] if title else ""
    return f"{clause.clause}\n{short}" if short else str(clause.clause)

