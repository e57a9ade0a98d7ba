"""The quadrant picture: where the organisation stands on the two axes, for leadership.

The overall compliance score (structure) runs along the bottom and the overall outcome
score (performance) up the side, both 0-100, divided at the scoring model's score
thresholds into the four named corners of ``classification``. A filled diamond marks
the organisation now; with a baseline an open circle marks where it stood then and an
arrow joins the two.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.patches import FancyArrowPatch, Rectangle

from gapassess.domain.charts import data
from gapassess.domain.charts.style import (
    BLUE,
    FONT,
    GREY,
    TITLE_FONT,
    VERMILLION,
    empty_message,
    label,
    new_figure,
    style_axes,
    text_inches,
)
from gapassess.i18n import _, lazy_gettext

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from gapassess.domain.engine import AssessmentResult

OFFSET_POINTS = "offset points"  # i18n: not shown (a matplotlib coordinate system)
#: (class, compliance high?, outcome high?, shade, what the corner means in a few words)
CORNERS = (
    ("gap", False, False, "#E4E4E4", lazy_gettext("a nonconformity waiting to be found")),
    ("informal", False, True, "#F3F3F3", lazy_gettext("results without a system")),
    ("compliance-only", True, False, "#F3F3F3", lazy_gettext("a certificate and a binder")),
    ("outcome-driven", True, True, "#FFFFFF", lazy_gettext("the system drives results")),
)


def position(result: AssessmentResult) -> tuple[float, float] | None:
    """(compliance score, outcome score) of the whole assessment; None until both are known."""
    overall = result.overall
    if overall.compliance_score is None or overall.outcome_score is None:
        return None
    return overall.compliance_score, overall.outcome_score


MARGINS = (0.6, 0.15, 0.3, 0.5)  # left, right, top, bottom, in inches


def quadrant_chart(result: AssessmentResult, baseline: AssessmentResult | None = None,
                   width: float = 6.3, height: float = 3.7) -> Figure:
    """The organisation's place among the four corners (and its baseline's, if given)."""
    figure = new_figure(width, height, margins=MARGINS)
    axes = figure.add_subplot()
    now = position(result)
    if now is None:
        empty_message(axes, _("Not enough items are rated on both axes yet"))
        return figure
    c_limit, o_limit = data.threshold_scores(result)
    _corners(axes, result, c_limit, o_limit, width - MARGINS[0] - MARGINS[1])
    then = position(baseline) if baseline is not None else None
    if then is not None:
        axes.scatter([then[0]], [then[1]], marker="o", s=70, facecolors="white",
                     edgecolors=GREY, linewidths=1.5, zorder=3)
        if abs(then[0] - now[0]) + abs(then[1] - now[1]) > 3:
            axes.add_patch(FancyArrowPatch(then, now, arrowstyle="-|>", mutation_scale=12,
                                           color=GREY, linewidth=1.2, shrinkA=6, shrinkB=8,
                                           zorder=3))
        _point_label(axes, then, _("Baseline %(c)s / %(o)s", c=format(then[0], ".0f"),
                                   o=format(then[1], ".0f")), GREY, other=now)
    axes.scatter([now[0]], [now[1]], marker="D", s=90, color=VERMILLION, edgecolors="black",
                 linewidths=0.8, zorder=4)
    _point_label(axes, now, _("Now %(c)s / %(o)s", c=format(now[0], ".0f"),
                              o=format(now[1], ".0f")), "black", other=then, bold=True)
    axes.set_xlim(0, 100)
    axes.set_ylim(0, 100)
    axes.set_xticks(range(0, 101, 20))
    axes.set_yticks(range(0, 101, 20))
    axes.set_xlabel(_("Compliance score: is the system in place? (0-100)"), fontsize=FONT)
    axes.set_ylabel(_("Outcome score: does it drive results? (0-100)"), fontsize=FONT)
    axes.set_title(_("Where the organisation stands on the two axes"), fontsize=TITLE_FONT,
                   loc="left")
    style_axes(axes)
    return figure


def wrap(text: str, inches: float, size: float) -> str:
    """``text`` broken into lines no wider than ``inches`` where the words allow."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_inches(f"{lines[-1]} {word}", size) <= inches:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _corners(axes: Axes, result: AssessmentResult, c_limit: float, o_limit: float,
             axes_inches: float) -> None:
    for key, c_high, o_high, shade, meaning in CORNERS:
        x0, x1 = (c_limit, 100.0) if c_high else (0.0, c_limit)
        y0, y1 = (o_limit, 100.0) if o_high else (0.0, o_limit)
        axes.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=shade,
                                 edgecolor="none", zorder=0))
        name = label(result.model.class_name(key) or key)
        x = x1 - 1.5 if c_high else x0 + 1.5
        y = y1 - 2.5 if o_high else y0 + 2.5
        ha = "right" if c_high else "left"
        color = BLUE if key == "outcome-driven" else GREY
        here = key == result.overall.classification
        # the name on the outer line, what it means below or above it, within the corner
        room = (x1 - x0 - 3) / 100 * axes_inches
        meaning_text = wrap(label(meaning), room, FONT - 1)
        step = FONT * 1.4  # points
        lines = meaning_text.count("\n") + 1
        name_at, meaning_at = (0.0, -step) if o_high else ((FONT - 1) * 1.25 * lines + 2, 0.0)
        for text, offset, size, bold in ((name, name_at, FONT, here),
                                         (meaning_text, meaning_at, FONT - 1, False)):
            axes.annotate(text, (x, y), xytext=(0, offset), textcoords=OFFSET_POINTS,
                          ha=ha, va="top" if o_high else "bottom", fontsize=size,
                          color=color, fontweight="bold" if bold else "normal", zorder=1)
    axes.axvline(c_limit, color=GREY, linewidth=1, linestyle="--", zorder=1)
    axes.axhline(o_limit, color=GREY, linewidth=1, linestyle="--", zorder=1)


def _point_label(axes: Axes, at: tuple[float, float], text: str, color: str,
                 other: tuple[float, float] | None, bold: bool = False) -> None:
    """Write ``text`` beside the point ``at``, on the side away from ``other`` and the
    nearest edge, so the two labels never sit on each other."""
    x, y = at
    right = x < 70
    if other is not None and abs(other[0] - x) < 25:
        right = x >= other[0]
    # below the point near the top (where the corner names are) or under a point above
    below = y > 70 or (other is not None and other[1] > y and abs(other[1] - y) < 12)
    axes.annotate(text, at, xytext=(9 if right else -9, -10 if below else 8),
                  textcoords=OFFSET_POINTS, ha="left" if right else "right",
                  va="top" if below else "bottom", fontsize=FONT, color=color,
                  fontweight="bold" if bold else "normal", zorder=5,
                  bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                        "edgecolor": "none", "alpha": 0.85})
