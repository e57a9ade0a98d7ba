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
_TABLE_DAYS = 2_600  # working days (about ten years) listed when a calendar is made


class WorkCalendar:
    """Maps working-day indexes (0 = first working day on or after ``start``) to dates.

    Read-only once made: the dates of the first ``_TABLE_DAYS`` working days are listed when
    the calendar is made, later ones are worked out per call, so one calendar can be shared
    by any number of plans and threads.
    """

    __slots__ = ("_limit", "_offset", "_table", "first")

    def __init__(self, start: date) -> None:
        while start.weekday() >= 5:
            start += timedelta(days=1)
        self.first = start
        self._offset = start.weekday()  # 0-4
        self._limit = (date.max - start).days  # calendar days to the last representable date
        self._table: tuple[date, ...] = tuple(self._computed(list(range(_TABLE_DAYS))))

    def day(self, index: int) -> date:
        """The date of working day ``index`` (capped at the last representable date)."""
        weeks, rest = divmod(index + self._offset, 5)
        days = weeks * 7 + rest - self._offset
        return date.max if days > self._limit else self.first + timedelta(days=days)

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
        table = self._table
        if max(indexes) < len(table):
            return [table[i] for i in indexes]
        return self._computed(indexes)

    def _computed(self, indexes: list[int]) -> list[date]:
        shifted = np.asarray(indexes, dtype=np.int64) + self._offset
        days = np.minimum(shifted // 5 * 7 + shifted % 5 - self._offset, self._limit)
        found: list[date] = (np.datetime64(self.first, "D")
                             + days.astype("timedelta64[D]")).tolist()
        return found

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
