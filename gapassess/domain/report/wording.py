"""Plain-language phrases the report uses: classes, dates, numbers, levels."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import TYPE_CHECKING

from gapassess.i18n import _, lazy_gettext, ngettext

if TYPE_CHECKING:
    from gapassess.domain.engine import OverallResult

DAYS_PER_MONTH = 30.44
_EDITION_RE = re.compile(r":(\d{4})$")  # the year of "ISO 9001:2026"

# How the summary names the class most items fall in ("Most rated items are ...").
CLASS_HEADLINE = {
    "outcome-driven": lazy_gettext("outcome-driven"),
    "compliance-only": lazy_gettext("compliance-only"),
    "informal": lazy_gettext("informal"),
    # TRANSLATORS: completes "Most rated items are ..." for items below both thresholds.
    "gap": lazy_gettext("gaps"),
}

# What each overall class means for the business (our wording, after the two-axis idea).
CLASS_MEANING = {
    "outcome-driven": lazy_gettext(
        "The quality system is part of how the business runs: requirements are met and the "
        "practices are measured by what they change for customers, cost and quality. What "
        "remains is to close the few 2026 additions without losing that."
    ),
    "compliance-only": lazy_gettext(
        "The quality system would largely satisfy an auditor, but it does little for the "
        "business: procedures and records exist, yet few practices are measured by their "
        "effect on customers, cost or quality. The organisation pays for a system that "
        "mostly proves itself rather than improving results."
    ),
    "informal": lazy_gettext(
        "Good results come from capable people rather than from the system: practices work "
        "but are not defined or evidenced. Results are at risk when people change roles or "
        "leave, and an auditor would find nonconformities."
    ),
    "gap": lazy_gettext(
        "Neither the structure an auditor expects nor the results the business needs are "
        "in place yet for much of the standard. A certification audit would find "
        "nonconformities; the first job is to build the basic structure."
    ),
}

TIMING_NOTE = lazy_gettext(
    "As a rule of thumb, structure (defined and applied processes) stabilises operations "
    "within three to four months, while a change of culture towards results shows in the "
    "figures after six to nine months."
)


def disclaimer(standard: str, initial: bool = False) -> str:
    """What the report is and is not, for a bank of ``standard`` (e.g. "ISO 9001:2026");
    ``initial`` for an organisation preparing its first certification."""
    family = standard.rsplit(":", 1)[0] if _EDITION_RE.search(standard) else standard
    # TRANSLATORS: standard is the edition ("ISO 9001:2026"), family the standard without
    # the year ("ISO 9001").
    if initial:
        return _(
            "This report supports management in preparing certification to %(standard)s. "
            "It is a self-assessment aid, not an audit: it does not certify conformity to "
            "%(family)s or to any other standard, and it does not replace the judgement of "
            "an accredited certification body or the organisation's own accountability for "
            "its management system.", standard=standard, family=family,
        )
    return _(
        "This report supports management in planning the transition to %(standard)s. It is "
        "a self-assessment aid, not an audit: it does not certify conformity to %(family)s "
        "or to any other standard, and it does not replace the judgement of an accredited "
        "certification body or the organisation's own accountability for its management "
        "system.", standard=standard, family=family,
    )


def edition_year(standard: str) -> str:
    """"ISO 9001:2026" -> "2026"; a name without ":<year>" stays as it is."""
    found = _EDITION_RE.search(standard)
    return found.group(1) if found else standard


def edition_phrase(standard: str) -> str:
    """"ISO 9001:2026" -> "the 2026 edition"; a name without ":<year>" stays as it is."""
    if not _EDITION_RE.search(standard):
        return standard
    # TRANSLATORS: how the text names the standard's new edition; year is "2026".
    return _("the %(year)s edition", year=edition_year(standard))


def long_date(value: dt.date | None) -> str:
    if value is None:
        # TRANSLATORS: a date that was not given.
        return _("not set")
    return f"{value.day} {value:%B %Y}"


def short_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return f"{value.day:02d} {value:%b %Y}"


def months_between(start: dt.date, end: dt.date) -> float:
    return (end - start).days / DAYS_PER_MONTH


def months_phrase(months: float) -> str:
    """"about 7 months", "about 2 weeks", "less than two weeks", "no time"."""
    if months >= 1.5:
        return ngettext("about %(num)d month", "about %(num)d months", round(months))
    weeks = months * DAYS_PER_MONTH / 7
    if weeks >= 1.5:
        return ngettext("about %(num)d week", "about %(num)d weeks", round(weeks))
    if months > 0:
        return _("less than two weeks")
    return _("no time")


def _time_ago(months: float) -> str:
    """How long ago a date passed: "3 months", "2 weeks", "less than two weeks"."""
    if months >= 1.5:
        return ngettext("%(num)d month", "%(num)d months", round(months))
    weeks = months * DAYS_PER_MONTH / 7
    if weeks >= 1.5:
        return ngettext("%(num)d week", "%(num)d weeks", round(weeks))
    return _("less than two weeks") if months > 0 else _("no time")


def time_left(today: dt.date, until: dt.date) -> str:
    months = months_between(today, until)
    if months < 0:
        # TRANSLATORS: time is "3 months", "2 weeks" or "less than two weeks".
        return _("passed %(time)s ago", time=_time_ago(-months))
    # TRANSLATORS: time is "about 3 months", "about 2 weeks", "less than two weeks" or
    # "no time".
    return _("%(time)s left", time=months_phrase(months))


def percent(value: float | None) -> str:
    return _("not available") if value is None else f"{value:.0f}%"


def score(value: float | None) -> str:
    # TRANSLATORS: a score that cannot be computed (not available).
    return _("n/a") if value is None else f"{value:.0f}"


def number(value: float) -> str:
    """A number as short as it can be written: 8, 2.5, 0.25."""
    return f"{value:g}"


def level_text(labels: dict[int, str], level: int | None) -> str:
    if level is None:
        return _("not rated")
    name = labels.get(level)
    return f"{level} {name}" if name else str(level)


def is_draft(overall: OverallResult) -> bool:
    """Whether the figures rest on part of the assessment: some applicable item is not yet
    answered (the engine's rule: answered means rated on both axes)."""
    return overall.answered < overall.applicable


def draft_note(overall: OverallResult) -> str:
    """"Draft: 17% of applicable items answered", or "" for a complete assessment. The
    share is rounded down, so a draft never reads 100%."""
    if not is_draft(overall):
        return ""
    share = f"{math.floor(overall.completion or 0.0)}%"
    # TRANSLATORS: on the cover and in every page header of a report whose assessment is
    # not fully answered; share is a percentage such as "17%".
    return _("Draft: %(share)s of applicable items answered", share=share)
