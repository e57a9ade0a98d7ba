"""The organisation's working calendar: which days the roadmap may start or end an action.

Working days are Monday to Friday, less the public holidays of the organisation's country
(from the ``holidays`` package; national holidays only, no regional ones) and its company
shutdown periods. The scheduler (engine/schedule.py) takes the result as plain data, a set
of closed dates, made here by ``closed_days``.

Shutdown periods are written one a line, ``YYYY-MM-DD to YYYY-MM-DD label`` (the label is
optional; ``START:END`` works as well), the same way in the profile form and on the command
line; ``parse_shutdowns`` is the one reader of that text.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from gapassess.domain.dates import EARLIEST, LATEST, in_range
from gapassess.i18n import _, get_locale

#: Years of public holidays listed from the start year (far beyond any plan).
HOLIDAY_YEARS = 20
#: Longest shutdown period accepted, in calendar days.
MAX_SHUTDOWN_DAYS = 366
MAX_LABEL = 80
#: The start of the holidays package's warning about years beyond its data.
BEYOND_DATA_WARNING = "Requested Holidays are available only"  # i18n: not shown

_LINE = re.compile(  # i18n: not shown (a pattern)
    r"^\s*(?P<start>[^\s:]+)\s*(?:\sto\s|:)\s*(?P<end>\S+)(?:\s+(?P<label>.*?))?\s*$",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Shutdown:
    """A company shutdown from ``start`` to ``end``, both included."""

    start: date
    end: date
    label: str = ""

    def line(self) -> str:
        """The period as one line of the profile's text."""
        text = f"{self.start.isoformat()} to {self.end.isoformat()}"  # i18n: not shown
        return f"{text} {self.label}" if self.label else text


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    """What the working days are: ``country`` an ISO 3166 alpha-2 code ("" for no public
    holidays) and the shutdown periods."""

    country: str = ""
    shutdowns: tuple[Shutdown, ...] = ()

    @property
    def plain(self) -> bool:
        """Monday to Friday with nothing taken out."""
        return not self.country and not self.shutdowns


class ShutdownError(ValueError):
    """Shutdown text that cannot be read: one message per bad line, each naming its line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _day(text: str) -> date | None:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return None
    return value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None


def parse_shutdown(line: str) -> Shutdown:
    """One period from ``YYYY-MM-DD to YYYY-MM-DD label``; ValueError saying what is wrong."""
    found = _LINE.match(line)
    if found is None:
        raise ValueError(_("write it as YYYY-MM-DD to YYYY-MM-DD, then a label if you like"))
    start, end = _day(found["start"]), _day(found["end"])
    for text, value in ((found["start"], start), (found["end"], end)):
        if value is None:
            raise ValueError(_("“%(text)s” is not a date written YYYY-MM-DD", text=text))
        if not in_range(value):
            raise ValueError(_("%(date)s is not between %(earliest)s and %(latest)s",
                               date=value.isoformat(), earliest=EARLIEST.isoformat(),
                               latest=LATEST.isoformat()))
    assert start is not None and end is not None  # both checked above
    if end < start:
        raise ValueError(_("the period ends (%(end)s) before it starts (%(start)s)",
                           end=end.isoformat(), start=start.isoformat()))
    if (end - start).days >= MAX_SHUTDOWN_DAYS:
        raise ValueError(_("a shutdown can last at most %(days)s days",
                           days=MAX_SHUTDOWN_DAYS))
    label = " ".join((found["label"] or "").split())
    if len(label) > MAX_LABEL:
        raise ValueError(_("the label can have at most %(count)s characters", count=MAX_LABEL))
    return Shutdown(start, end, label)


def parse_shutdowns(text: str) -> tuple[Shutdown, ...]:
    """The periods of ``text``, one a line (blank lines skipped), sorted by start.
    ShutdownError lists every bad line as "Line N: problem"."""
    periods: list[Shutdown] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            periods.append(parse_shutdown(line))
        except ValueError as exc:
            # TRANSLATORS: a problem with one line of the shutdown periods.
            problems.append(_("Line %(number)s: %(problem)s", number=number, problem=exc))
    if problems:
        raise ShutdownError(problems)
    return tuple(sorted(periods, key=lambda p: (p.start, p.end)))


def shutdowns_text(periods: tuple[Shutdown, ...]) -> str:
    """The periods as the profile stores and shows them, one a line."""
    return "\n".join(period.line() for period in periods)


def stored_shutdowns(text: str) -> tuple[Shutdown, ...]:
    """The periods of stored text; lines that no longer read are left out."""
    periods = []
    for line in text.splitlines():
        try:
            periods.append(parse_shutdown(line))
        except ValueError:
            continue
    return tuple(periods)


@lru_cache(maxsize=1)
def supported_countries() -> tuple[str, ...]:
    """The ISO 3166 alpha-2 codes the holidays package has public holidays for."""
    import holidays

    return tuple(sorted(code for code in holidays.list_supported_countries()
                        if len(code) == 2 and code.isupper()))


def country_name(code: str, locale: str | None = None) -> str:
    """The country's name in ``locale`` (default the current one), else its code."""
    from babel import Locale, UnknownLocaleError

    try:
        names = Locale.parse(locale or get_locale()).territories
    except (ValueError, UnknownLocaleError):
        names = Locale("en").territories
    return str(names.get(code, code))


@lru_cache(maxsize=32)
def public_holidays(country: str, first_year: int) -> frozenset[date]:
    """The weekday public holidays of ``country`` from ``first_year`` for HOLIDAY_YEARS
    years (none for "" or a country the holidays package does not know)."""
    if not country or country not in supported_countries():
        return frozenset()
    import holidays

    last = min(first_year + HOLIDAY_YEARS, LATEST.year)
    with warnings.catch_warnings():
        # Some countries' movable holidays are computed only for some years; the package
        # warns about the years beyond and gives the holidays it can (fixed dates).
        warnings.filterwarnings("ignore", message=BEYOND_DATA_WARNING, category=UserWarning)
        found = holidays.country_holidays(country, years=range(first_year, last + 1))
    return frozenset(day for day in found if day.weekday() < 5)


@lru_cache(maxsize=64)
def closed_days(calendar: WorkingCalendar, start: date) -> frozenset[date]:
    """Weekdays on or after ``start`` that are not working days: public holidays and
    shutdown days."""
    if calendar.plain:
        return frozenset()
    days = {day for day in public_holidays(calendar.country, start.year) if day >= start}
    for period in calendar.shutdowns:
        day = max(period.start, start)
        while day <= period.end:
            if day.weekday() < 5:
                days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"  # i18n: not shown (a date)


def _period(period: Shutdown) -> str:
    start, end = period.start, period.end
    if start == end:
        text = _long(start)
    else:
        # TRANSLATORS: a shutdown period, two dates.
        text = _("%(start)s to %(end)s", start=_long(start), end=_long(end))
    # TRANSLATORS: a shutdown period and its label.
    return _("%(period)s (%(label)s)", period=text, label=period.label) if period.label else text


def describe(calendar: WorkingCalendar, start: date | None = None) -> str:
    """The working days in words: "Monday to Friday, excluding public holidays in Germany
    and the shutdown periods 24 December 2026 to 1 January 2027 (Christmas)".

    The country is named only when the holidays package has public holidays for it in the
    years planned from ``start`` (default today); else the text says it has none."""
    periods = "; ".join(_period(p) for p in calendar.shutdowns)
    country = country_name(calendar.country) if calendar.country else ""
    year = (start or date.today()).year
    if country and not public_holidays(calendar.country, year):
        if periods:
            return _("Monday to Friday, excluding the shutdown periods %(periods)s (no public "
                     "holiday data is available for %(country)s)", country=country,
                     periods=periods)
        return _("Monday to Friday (no public holiday data is available for %(country)s)",
                 country=country)
    if country and periods:
        return _("Monday to Friday, excluding public holidays in %(country)s and the "
                 "shutdown periods %(periods)s", country=country, periods=periods)
    if country:
        return _("Monday to Friday, excluding public holidays in %(country)s",
                 country=country)
    if periods:
        return _("Monday to Friday, excluding the shutdown periods %(periods)s",
                 periods=periods)
    return _("Monday to Friday (no public holidays or shutdown periods given)")
