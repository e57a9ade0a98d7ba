"""Plain-language phrases the report uses: classes, dates, numbers, levels."""

from __future__ import annotations

import datetime as dt
import re

DAYS_PER_MONTH = 30.44
_EDITION_RE = re.compile(r":(\d{4})$")  # the year of "ISO 9001:2026"

CLASS_HEADLINE = {
    "outcome-driven": "outcome-driven",
    "compliance-only": "compliance-only",
    "informal": "informal",
    "gap": "gaps",
}

# What each overall class means for the business (our wording, after the two-axis idea).
CLASS_MEANING = {
    "outcome-driven": (
        "The quality system is part of how the business runs: requirements are met and the "
        "practices are measured by what they change for customers, cost and quality. The "
        "task for the transition is to close the few 2026 additions without losing that."
    ),
    "compliance-only": (
        "The quality system would largely satisfy an auditor, but it does little for the "
        "business: procedures and records exist, yet few practices are measured by their "
        "effect on customers, cost or quality. The organisation pays for a system that "
        "mostly proves itself rather than improving results."
    ),
    "informal": (
        "Good results come from capable people rather than from the system: practices work "
        "but are not defined or evidenced. Results are at risk when people change roles or "
        "leave, and an auditor would find nonconformities."
    ),
    "gap": (
        "Neither the structure an auditor expects nor the results the business needs are "
        "in place yet for much of the standard. The transition audit would find "
        "nonconformities; the first job is to build the basic structure."
    ),
}

TIMING_NOTE = (
    "As a rule of thumb, structure (defined and applied processes) stabilises operations "
    "within three to four months, while a change of culture towards results shows in the "
    "figures after six to nine months."
)

def disclaimer(standard: str) -> str:
    """What the report is and is not, for a bank of ``standard`` (e.g. "ISO 9001:2026")."""
    family = standard.rsplit(":", 1)[0] if _EDITION_RE.search(standard) else standard
    return (
        f"This report supports management in planning the transition to {standard}. It is "
        f"a self-assessment aid, not an audit: it does not certify conformity to {family} or "
        "to any other standard, and it does not replace the judgement of an accredited "
        "certification body or the organisation's own accountability for its management "
        "system."
    )


def edition_year(standard: str) -> str:
    """"ISO 9001:2026" -> "2026"; a name without ":<year>" stays as it is."""
    found = _EDITION_RE.search(standard)
    return found.group(1) if found else standard


def edition_phrase(standard: str) -> str:
    """"ISO 9001:2026" -> "the 2026 edition"; a name without ":<year>" stays as it is."""
    return f"the {edition_year(standard)} edition" if _EDITION_RE.search(standard) else standard


def long_date(value: dt.date | None) -> str:
    if value is None:
        return "not set"
    return f"{value.day} {value:%B %Y}"


def short_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return f"{value.day:02d} {value:%b %Y}"


def months_between(start: dt.date, end: dt.date) -> float:
    return (end - start).days / DAYS_PER_MONTH


def months_phrase(months: float) -> str:
    """"about 7 months", "about 2 weeks", "less than a week"."""
    if months >= 1.5:
        return f"about {months:.0f} months"
    weeks = months * DAYS_PER_MONTH / 7
    if weeks >= 1.5:
        return f"about {weeks:.0f} weeks"
    if months > 0:
        return "less than two weeks"
    return "no time"


def time_left(today: dt.date, until: dt.date) -> str:
    months = months_between(today, until)
    if months < 0:
        return f"passed {months_phrase(-months).replace('about ', '')} ago"
    return f"{months_phrase(months)} left"


def percent(value: float | None) -> str:
    return "not available" if value is None else f"{value:.0f}%"


def score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def level_text(labels: dict[int, str], level: int | None) -> str:
    if level is None:
        return "not rated"
    name = labels.get(level)
    return f"{level} {name}" if name else str(level)
