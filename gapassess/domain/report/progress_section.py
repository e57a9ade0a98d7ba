"""Progress since the baseline: the chapter comparing this assessment with the earlier one
it names as its baseline, and the sentence the executive summary gives it.

The comparison itself is ``engine.baseline.compare_with_baseline``, the rule the web
results use too; this module only words it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.shared import Pt

from gapassess.domain.report.tables import Strong, add_table
from gapassess.domain.report.wording import percent, score
from gapassess.domain.wording.progress_text import movement_text, signed
from gapassess.i18n import _, lazy_gettext, ngettext

if TYPE_CHECKING:
    from gapassess.domain.engine.baseline import ClauseChange, IndexChange, ItemChange, Progress
    from gapassess.domain.report.context import ReportContext

INDEX_NAMES = {
    "conformity_readiness": lazy_gettext("Conformity readiness"),
    "transition_readiness": lazy_gettext("Transition readiness"),
    "outcome_maturity": lazy_gettext("Outcome maturity"),
    "compliance_only_share": lazy_gettext("Compliance-only share (lower is better)"),
    "completion": lazy_gettext("Completion"),
    "compliance_score": lazy_gettext("Compliance score (0-100)"),
    "outcome_score": lazy_gettext("Outcome score (0-100)"),
}
#: Items listed by name under "improved" and "fell back"; the rest are counted.
NAMED_ITEMS = 12


def _baseline_name(ctx: ReportContext) -> str:
    if ctx.meta.baseline_title:
        return _("the baseline (%(title)s)", title=ctx.meta.baseline_title)
    return _("the baseline")


def summary_sentence(ctx: ReportContext) -> None:
    """The executive summary's paragraph on progress (nothing without a baseline)."""
    progress = ctx.progress
    if progress is not None:
        ctx.para(progress_sentence(progress, ctx.initial, _baseline_name(ctx)))


def _headline_key(initial: bool, progress: Progress) -> str:
    if initial or progress.index("transition_readiness").now is None:
        return "conformity_readiness"
    return "transition_readiness"


def _index_phrase(change: IndexChange) -> str:
    if change.delta is None:
        return _("%(index)s cannot be compared", index=str(INDEX_NAMES[change.key]).lower())
    # TRANSLATORS: e.g. "transition readiness is up 37 points (from 20% to 57%)".
    return _("%(index)s is %(movement)s (from %(then)s to %(now)s)",
             index=str(INDEX_NAMES[change.key]).lower(), movement=movement_text(change.delta),
             then=percent(change.then), now=percent(change.now))


def progress_sentence(progress: Progress, initial: bool = False,
                      baseline: str = "") -> str:
    """One sentence: the headline readiness and outcome maturity then and now, and how
    many items improved or fell back."""
    readiness = _index_phrase(progress.index(_headline_key(initial, progress)))
    outcome = _index_phrase(progress.index("outcome_maturity"))
    items = _items_phrase(len(progress.improved), len(progress.fell_back))
    # TRANSLATORS: baseline is "the baseline" or "the baseline (2025 internal gap review)";
    # readiness and outcome are the phrases above; items says how many items moved.
    return _("Since %(baseline)s, %(readiness)s and %(outcome)s; %(items)s.",
             baseline=baseline or _("the baseline"), readiness=readiness, outcome=outcome,
             items=items)


def _items_phrase(improved: int, fell_back: int) -> str:
    if not improved and not fell_back:
        return _("no item changed level")
    # TRANSLATORS: completes "...; 34 items improved and 2 fell back." (English says
    # "fell back" for any number).
    rose = ngettext("%(num)d item improved", "%(num)d items improved", improved)
    fell = ngettext("%(num)d fell back", "%(num)d fell back", fell_back)
    return _("%(improved)s and %(fell)s", improved=rose, fell=fell)


def progress_chapter(ctx: ReportContext) -> None:
    """The chapter of its own (nothing without a baseline; one line when the baseline has
    no answers)."""
    if ctx.baseline is None:
        return
    progress = ctx.progress
    ctx.chapter(_("Progress since the baseline"))
    if progress is None:
        ctx.para(_("The baseline (%(title)s) has no answered item, so there is nothing to "
                   "compare this assessment with.", title=ctx.meta.baseline_title)
                 if ctx.meta.baseline_title else
                 _("The baseline has no answered item, so there is nothing to compare this "
                   "assessment with."))
        return
    ctx.para(_(
        "This assessment set beside %(baseline)s. Each movement is today's figure minus "
        "the baseline's, in percentage points. An item improved when its compliance or its "
        "outcome level rose, and fell back when one of them fell; only items rated in both "
        "assessments are compared.", baseline=_baseline_name(ctx)))
    ctx.para(progress_sentence(progress, ctx.initial))
    ctx.heading(_("Indices then and now"), 2)
    _indices_table(ctx, progress)
    ctx.para(_corner_sentence(ctx, progress)).paragraph_format.space_before = Pt(8)
    ctx.heading(_("Movement per clause"), 2)
    _clauses_table(ctx, progress.clauses)
    ctx.heading(_("Items that improved"), 2)
    _items(ctx, progress.improved, improved=True)
    ctx.heading(_("Items that fell back"), 2)
    _items(ctx, progress.fell_back, improved=False)
    if progress.newly_answered:
        ctx.para(ngettext(
            "%(num)d item is answered now that was not answered in the baseline.",
            "%(num)d items are answered now that were not answered in the baseline.",
            progress.newly_answered))


def _indices_table(ctx: ReportContext, progress: Progress) -> None:
    rows = []
    for change in (*progress.indices, *progress.scores):
        if ctx.initial and change.key == "transition_readiness":
            continue
        shown = score if change.key in ("compliance_score", "outcome_score") else percent
        rows.append([Strong(str(INDEX_NAMES[change.key])), shown(change.then),
                     shown(change.now), movement_text(change.delta) or "–"])
    # TRANSLATORS: column headings of the indices table ("Baseline" is the earlier
    # assessment, "Now" this one).
    add_table(ctx.document, [_("Index"), _("Baseline"), _("Now"), _("Movement")], rows,
              widths=(6.0, 2.6, 2.6, 3.6), total_width=ctx.width())


def _corner_sentence(ctx: ReportContext, progress: Progress) -> str:
    then, now = ctx.class_name(progress.class_then), ctx.class_name(progress.class_now)
    if progress.class_then == progress.class_now:
        return _("Taken as a whole the system is in the %(corner)s corner, as it was at the "
                 "baseline.", corner=now.lower())
    return _("Taken as a whole the system has moved from the %(then)s corner to the "
             "%(now)s corner.", then=then.lower(), now=now.lower())


def _pair(then: float | None, now: float | None) -> str:
    # TRANSLATORS: a score at the baseline, today's score and the movement: "54 → 71 (+17)".
    return _("%(then)s → %(now)s (%(move)s)", then=score(then), now=score(now),
             move=signed(None if then is None or now is None else now - then))


def _clauses_table(ctx: ReportContext, clauses: tuple[ClauseChange, ...]) -> None:
    if not clauses:
        ctx.para(_("No clause is in both assessments."))
        return
    rows = [[[Strong(_("Clause %(clause)s", clause=c.clause)), c.title],
             _pair(c.compliance_then, c.compliance_now), _pair(c.outcome_then, c.outcome_now),
             _("%(then)s → %(now)s", then=ctx.class_name(c.class_then),
               now=ctx.class_name(c.class_now))]
            for c in clauses]
    # TRANSLATORS: column headings of the movement per clause ("Corner" is the clause's
    # class at the baseline and now).
    add_table(ctx.document, [_("Clause"), _("Compliance"), _("Outcome"), _("Corner")], rows,
              widths=(5.4, 2.9, 2.9, 4.6), total_width=ctx.width())


def _level_pair(then: int | None, now: int | None) -> str:
    def level(value: int | None) -> str:
        # TRANSLATORS: a level that was not rated.
        return _("not rated") if value is None else str(value)

    return _("%(then)s → %(now)s", then=level(then), now=level(now))


def _rise(item: ItemChange) -> int:
    return sum(now - then for now, then in ((item.compliance_now, item.compliance_then),
                                            (item.outcome_now, item.outcome_then))
               if now is not None and then is not None)


def _items(ctx: ReportContext, items: tuple[ItemChange, ...], improved: bool) -> None:
    if not items:
        ctx.para(_("No item rose a level since the baseline.") if improved else
                 _("No item fell back a level since the baseline."))
        return
    # the biggest moves first, then in clause order
    ordered = sorted(items, key=lambda i: -_rise(i) if improved else _rise(i))
    named = ordered[:NAMED_ITEMS]
    rows = [[[Strong(i.title), _("clause %(clause)s", clause=i.clause)],
             _level_pair(i.compliance_then, i.compliance_now),
             _level_pair(i.outcome_then, i.outcome_now)] for i in named]
    # TRANSLATORS: column headings of the items that moved: the level (0 to 4) on each axis.
    add_table(ctx.document, [_("Item"), _("Compliance (0-4)"), _("Outcome (0-4)")],
              rows,
              widths=(8.6, 3.2, 3.2), total_width=ctx.width())
    if len(ordered) > len(named):
        ctx.caption(ngettext(
            "The %(shown)s largest moves of %(num)d item are shown.",
            "The %(shown)s largest moves of %(num)d items are shown.",
            len(ordered), shown=len(named)))
