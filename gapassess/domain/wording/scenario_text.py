"""The scenario comparison in words, one row per aspect, one column per plan: the same rows
on the roadmap page and in the Word report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from gapassess.domain.engine.scenarios import LateAction, ScenarioOutcome
from gapassess.i18n import _, ngettext

#: Late actions named per plan; the rest are counted.
NAMED_LATE = 5


def _date(value: date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else "–"  # i18n: not shown (a date)


def verdict(outcome: ScenarioOutcome) -> str:
    return _("Fits before the target") if outcome.feasible else _("Does not fit")


def shortfall(outcome: ScenarioOutcome) -> str:
    if outcome.feasible:
        return _("none")
    return _("%(days)s person-days (%(months)s months)",
             days=format(outcome.shortfall_days, ".0f"),
             months=format(outcome.shortfall_months, ".1f"))


def scope(outcome: ScenarioOutcome) -> str:
    if outcome.outcome_after_audit:
        return _("after the audit")
    return _("after the conformity work")


def late_names(late: Sequence[LateAction], limit: int = NAMED_LATE) -> str:
    """The first ``limit`` late actions by title, then how many more."""
    if not late:
        return _("none")
    names = "; ".join(action.title for action in late[:limit])
    rest = len(late) - limit
    if rest > 0:
        return ngettext("%(names)s and %(num)d more", "%(names)s and %(num)d more", rest,
                        names=names)
    return names


def _count(count: int) -> str:
    if not count:
        return _("none")
    return ngettext("%(num)d action", "%(num)d actions", count)


def slipped(outcome: ScenarioOutcome) -> str:
    if outcome.is_current:
        return "–"  # i18n: not shown (nothing to compare)
    return _count(len(outcome.slipped))


def comparison_rows(
        outcomes: Sequence[ScenarioOutcome]) -> list[tuple[str, str, list[str]]]:
    """(key, aspect, one text per plan) for the comparison table."""
    return [
        ("capacity", _("Capacity"),
         [_("%(days)s person-days a month", days=format(o.capacity, "g")) for o in outcomes]),
        ("target", _("Target audit"), [_date(o.target_date) for o in outcomes]),
        ("scope", _("Outcome work"), [scope(o) for o in outcomes]),
        ("feasible", _("Feasible"), [verdict(o) for o in outcomes]),
        ("shortfall", _("Shortfall"), [shortfall(o) for o in outcomes]),
        ("milestones", _("Milestones done"), [_date(o.milestones_end) for o in outcomes]),
        ("late", _("Conformity work and milestones due after the target"),
         [_count(len(o.late)) for o in outcomes]),
        ("slipped", _("Due by the target in the current plan, after it here"),
         [slipped(o) for o in outcomes]),
        ("outcome", _("Outcome actions due after the target"),
         [_count(o.outcome_after) for o in outcomes]),
        ("finish", _("Last action due"), [_date(o.finish) for o in outcomes]),
    ]
