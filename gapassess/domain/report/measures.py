"""Outcome measures to adopt, drawn from the items below the outcome threshold.

Four measures separate organisations whose QMS drives results from the rest; each item
below the outcome threshold is filed under the measure it feeds (by tag, clause or
wording), and its outcome practice becomes the concrete step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gapassess.domain.report.context import ReportContext
from gapassess.i18n import LazyString, _, lazy_gettext, ngettext

if TYPE_CHECKING:
    from gapassess.domain.engine import ItemResult
    from gapassess.domain.questionnaire import Item

PER_MEASURE = 2
OTHERS = 0  # the practices that feed none of the four are only in the findings


@dataclass(frozen=True)
class Measure:
    key: str
    title: LazyString  # translated when shown
    why: LazyString
    tags: frozenset[str]
    clauses: tuple[str, ...]
    words: tuple[str, ...]


MEASURES = (
    Measure(
        "supplier", lazy_gettext("Supplier performance on the same dashboards"),
        lazy_gettext(
            "Suppliers' delivery and quality results sit next to internal results, reviewed "
            "by the same people at the same meetings, so that a supplier problem is seen as a "
            "business problem rather than a purchasing one."),
        frozenset({"supplier"}), ("8.4",), ("supplier", "provider"),
    ),
    Measure(
        "nonconformity", lazy_gettext("Time to detect and time to resolve nonconformities"),
        lazy_gettext(
            "How long problems stay unseen and how long they take to fix says more about the "
            "system than how many corrective actions were closed on time."),
        frozenset({"nonconformity"}), ("8.7", "10.2"), ("nonconform", "corrective", "complaint"),
    ),
    Measure(
        "customer", lazy_gettext("Customer-experience measures tied to process changes"),
        lazy_gettext(
            "Customer measures (satisfaction, complaints, on-time delivery, returns) are read "
            "against the process changes meant to improve them, so the organisation learns "
            "which changes worked."),
        frozenset({"customer"}), ("5.1.2", "8.2", "9.1.2"), ("customer",),
    ),
    Measure(
        "copq", lazy_gettext("Cost of poor quality, trended over time"),
        lazy_gettext(
            "Scrap, rework, warranty, concessions and the hours lost to them, put in money "
            "and trended month by month: the figure that tells leadership what quality "
            "problems cost and whether improvement pays."),
        frozenset({"outcome-measures", "measurement", "improvement"}), ("9.1", "10.1"),
        ("cost", "rework", "scrap", "waste"),
    ),
)


def measure_of(item: Item) -> str | None:
    """Key of the measure ``item`` feeds best, or None when none clearly fits.

    A shared tag or clause counts two points, each mention of the measure's words in the
    item's outcome practice one; two points are needed, the first measure wins a tie.
    """
    text = item.outcome_practice.lower()
    best, best_score = None, 1
    for measure in MEASURES:
        score = 2 * bool(set(item.tags) & measure.tags)
        score += 2 * any(item.clause == c or item.clause.startswith(c + ".")
                         for c in measure.clauses)
        score += sum(text.count(word) for word in measure.words)
        if score > best_score:
            best, best_score = measure.key, score
    return best


def measures_chapter(ctx: ReportContext) -> None:
    ctx.chapter(_("Outcome measures to adopt"), new_page=False)
    ctx.para(_(
        "Organisations whose quality system drives performance measure outcomes, not "
        "activity: a QMS that reports only the audits it ran and the actions it closed tells "
        "leadership about the QMS, not about the business. These four measures are the ones "
        "to adopt; under each are the practices from this assessment, below the outcome "
        "threshold, that would feed it."
    ))
    weak = [r for r in ctx.result.items
            if r.status == "answered" and r.outcome_gap > 0 and r.item_id in ctx.items]
    weak.sort(key=lambda r: (-r.outcome_gap * r.weight, r.item_id))
    grouped: dict[str | None, list[ItemResult]] = {}
    for r in weak:
        grouped.setdefault(measure_of(ctx.items[r.item_id]), []).append(r)
    for measure in MEASURES:
        ctx.heading(str(measure.title), 2)
        ctx.para(str(measure.why))
        _practices(ctx, grouped.get(measure.key, []), PER_MEASURE,
                   _("No answered item that feeds this measure is below the outcome "
                     "threshold."))
    others = grouped.get(None, [])
    if others and OTHERS:
        ctx.heading(_("Other practices to strengthen"), 2)
        _practices(ctx, others, OTHERS, "")


def _practices(ctx: ReportContext, rows: list[ItemResult], limit: int, empty: str) -> None:
    if not rows:
        ctx.para(empty)
        return
    for r in rows[:limit]:
        item = ctx.items[r.item_id]
        ctx.bullet(item.outcome_practice, label=f"{item.title} ({item.clause})")
    if len(rows) > limit:
        ctx.para(ngettext(
            "And %(num)d more item (see the findings by clause and the roadmap's outcome "
            "actions).",
            "And %(num)d more items (see the findings by clause and the roadmap's outcome "
            "actions).", len(rows) - limit))
