"""Shared look of every chart: palette, hatching, figure creation and PNG output.

Colours come from the Okabe-Ito palette (distinguishable with the common forms of
colour blindness); every series also differs by hatching or marker shape and by
lightness, so a chart still reads when printed in grey.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from gapassess.i18n import LazyString, lazy_gettext

if TYPE_CHECKING:
    from matplotlib.axes import Axes

# Okabe-Ito
BLUE = "#0072B2"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
YELLOW = "#F0E442"
BLACK = "#000000"
GREY = "#6E6E6E"
LIGHT = "#F2F2F2"


@dataclass(frozen=True)
class Look:
    """How one series is drawn and what its legend says (translated when shown)."""

    color: str
    label: LazyString
    hatch: str = ""
    marker: str = ""


COMPLIANCE = Look(BLUE, lazy_gettext("Compliance (structure)"), hatch="//")
OUTCOME = Look(ORANGE, lazy_gettext("Outcome (performance)"), hatch="..")
KIND_STYLE = {
    "conformity": Look(BLUE, lazy_gettext("Conformity action"), hatch="//"),
    "outcome": Look(ORANGE, lazy_gettext("Outcome action"), hatch=".."),
    "milestone": Look(BLACK, lazy_gettext("Milestone")),
}
CHANGED_MARKER = Look(VERMILLION, lazy_gettext("Changed in 2026"), marker="^")
UNCHANGED_MARKER = Look(BLUE, lazy_gettext("Unchanged"), marker="o")
SEQUENTIAL_CMAP = "cividis"

FONT = 8
TITLE_FONT = 10
DPI = 150
LEGEND_LOCATION: Final = "lower center"  # i18n: not shown (a matplotlib position)
PNG_SOFTWARE_KEY = "Software"  # i18n: not shown (a PNG metadata key, left empty)


def new_figure(width: float, height: float,
               margins: tuple[float, float, float, float] = (0.6, 0.2, 0.35, 0.55)) -> Figure:
    """A Figure drawn by Agg, independent of any global pyplot state.

    ``margins`` (left, right, top, bottom) are in inches. Fixed margins are used rather
    than a layout engine, which would draw every chart twice.
    """
    figure = Figure(figsize=(width, height))
    FigureCanvasAgg(figure)
    left, right, top, bottom = margins
    figure.subplots_adjust(left=left / width, right=1 - right / width,
                           top=1 - top / height, bottom=bottom / height)
    return figure


def text_inches(text: str, size: float = FONT) -> float:
    """Width of ``text`` in inches at ``size`` points in the default font (for margins)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    width, _, _ = text_to_path.get_text_width_height_descent(
        text, FontProperties(size=size), ismath=False)
    return width / 72 * 1.06  # hinting at print resolution makes text a little wider


def bottom_legend(figure: Figure, ncols: int = 2, **kwargs: Any) -> None:
    figure.legend(fontsize=FONT - 1, ncols=ncols, loc=LEGEND_LOCATION,
                  bbox_to_anchor=(0.5, 0.0), frameon=False, **kwargs)


def figure_png(figure: Figure, dpi: int = DPI) -> bytes:
    """Render ``figure`` to PNG bytes in memory."""
    if not isinstance(figure.canvas, FigureCanvasAgg):
        FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    # light compression: files barely grow and encoding is several times faster
    figure.savefig(buffer, format="png", dpi=dpi, metadata={PNG_SOFTWARE_KEY: None},
                   pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def label(text: object) -> str:
    """Text safe for matplotlib: dollar signs never start mathematical notation."""
    return str(text).replace("$", r"\$")


def empty_message(axes: Axes, message: str) -> None:
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=TITLE_FONT, color=GREY,
              transform=axes.transAxes)
    axes.set_axis_off()


def style_axes(axes: Axes) -> None:
    axes.tick_params(labelsize=FONT)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
