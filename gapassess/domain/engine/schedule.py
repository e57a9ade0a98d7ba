"""Working-day calendar and sequential scheduling at a given capacity.

Time is counted in working days (Monday to Friday) from the start date. The transition team
works through the actions one after another at full capacity, so an action of ``p``
person-days takes ``p / rate`` working days, where ``rate`` is the capacity per month divided
by the working days in a month. A milestone also lasts at least its minimum working days.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate

import numpy as np

_EPS = 1e-9
_LIST_LIMIT = 20_000  # working days (about 80 years) kept as a list; beyond, computed


class WorkCalendar:
    """Maps working-day indexes (0 = first working day on or after ``start``) to dates."""

    def __init__(self, start: date):
        while start.weekday() >= 5:
            start += timedelta(days=1)
        self.first = start
        self._offset = start.weekday()  # 0-4
        self._cache: dict[int, date] = {}
        self._days: list[date] = []

    def day(self, index: int) -> date:
        """The date of working day ``index`` (capped at the last representable date)."""
        found = self._cache.get(index)
        if found is None:
            weeks, rest = divmod(index + self._offset, 5)
            days = weeks * 7 + rest - self._offset
            try:
                found = self.first + timedelta(days=days)
            except OverflowError:
                found = date.max
            self._cache[index] = found
        return found

    def days_through(self, end: date) -> int:
        """How many working days lie between the first working day and ``end``, inclusive."""
        if end < self.first:
            return 0
        span = (end - self.first).days
        weeks, rest = divmod(span, 7)
        return weeks * 5 + sum(1 for d in range(rest + 1) if (self._offset + d) % 7 < 5)

    def dates(self, indexes: list[int]) -> list[date]:
        """Dates of many working-day indexes at once."""
        if not indexes:
            return []
        top = max(indexes)
        if top >= _LIST_LIMIT:
            return [self.day(i) for i in indexes]
        days = self._days
        if len(days) <= top:  # a new list, swapped in whole: safe for concurrent readers
            days = days + [self.day(i) for i in range(len(days), top + 1)]
            self._days = days
        return [days[i] for i in indexes]

    def timeline(self, lengths: list[float]) -> tuple[list[date], list[date], list[float]]:
        """Run tasks of ``lengths`` working days back to back from day 0.

        Returns their start dates, due dates and the running clock (len(lengths) + 1 values).
        A task starts on the working day its start time falls in and is due on the last
        working day it uses.
        """
        clock = list(accumulate(lengths, initial=0.0))
        times = np.array(clock)
        first = np.floor(times[:-1] + _EPS).astype(np.int64)
        last = np.maximum(first, np.ceil(times[1:] - _EPS).astype(np.int64) - 1)
        count = len(lengths)
        both = self.dates(np.concatenate([first, last]).tolist())
        return both[:count], both[count:], clock


@lru_cache(maxsize=64)
def work_calendar(start: date) -> WorkCalendar:
    """A shared calendar per start date, so its date lookups are cached across assessments."""
    return WorkCalendar(start)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, keeping the day of month where it exists."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(f"cannot move {day} by {months} months")
