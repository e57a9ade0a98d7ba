"""Working-day calendar and sequential scheduling at a given capacity.

Time is counted in working days from the start date: Monday to Friday, less the closed days
the calendar is given (public holidays and shutdown periods, worked out by the caller, see
gapassess.domain.working_days). The transition team
works through the actions one after another at full capacity, so an action of ``p``
person-days takes ``p / rate`` working days, where ``rate`` is the capacity per month divided
by the working days in a month. A milestone also lasts at least its minimum working days.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate

import numpy as np

_EPS = 1e-9
_TABLE_DAYS = 2_600  # working days (about ten years) listed when a calendar is made


class WorkCalendar:
    """Maps working-day indexes (0 = first working day on or after ``start``) to dates.

    A working day is a weekday (Monday to Friday) that is not in ``closed``. Read-only once
    made: the dates of the first ``_TABLE_DAYS`` working days are listed when the calendar is
    made, later ones are worked out per call, so one calendar can be shared by any number of
    plans and threads.

    Working days are counted on the grid of weekdays from ``start`` (weekday ``n`` is the
    ``n``-th Monday-to-Friday date): the closed weekdays, as sorted grid positions ``s_j``,
    are skipped, so working day ``i`` is weekday ``i + k`` where ``k`` counts the ``j`` with
    ``s_j - j <= i``, one binary search.
    """

    __slots__ = ("_base", "_closed", "_limit", "_offset", "_skips", "_table", "first")

    def __init__(self, start: date, closed: frozenset[date] = frozenset()) -> None:
        while start.weekday() >= 5:
            start += timedelta(days=1)
        self._base = start  # first weekday: position 0 of the weekday grid
        self._offset = start.weekday()  # 0-4
        self._limit = (date.max - start).days  # calendar days to the last representable date
        # closed weekdays on or after the base, sorted, as dates and as grid positions
        self._closed: tuple[date, ...] = tuple(sorted(
            d for d in closed if d >= start and d.weekday() < 5))
        positions = np.array([self._weekdays_through(d) - 1 for d in self._closed],
                             dtype=np.int64)
        self._skips = positions - np.arange(len(positions), dtype=np.int64)
        self._table: tuple[date, ...] = tuple(self._computed(list(range(_TABLE_DAYS))))
        self.first = self._table[0]

    def _weekdays_through(self, end: date) -> int:
        """Weekdays from the base to ``end``, inclusive."""
        if end < self._base:
            return 0
        weeks, rest = divmod((end - self._base).days, 7)
        return weeks * 5 + sum(1 for d in range(rest + 1) if (self._offset + d) % 7 < 5)

    def day(self, index: int) -> date:
        """The date of working day ``index`` (capped at the last representable date)."""
        if index < len(self._table):
            return self._table[index]
        return self._computed([index])[0]

    def days_through(self, end: date) -> int:
        """How many working days lie between the first working day and ``end``, inclusive."""
        return self._weekdays_through(end) - bisect_right(self._closed, end)

    def dates(self, indexes: list[int]) -> list[date]:
        """Dates of many working-day indexes at once."""
        if not indexes:
            return []
        table = self._table
        if max(indexes) < len(table):
            return [table[i] for i in indexes]
        return self._computed(indexes)

    def _computed(self, indexes: list[int]) -> list[date]:
        wanted = np.asarray(indexes, dtype=np.int64)
        if len(self._skips):
            wanted = wanted + np.searchsorted(self._skips, wanted, side="right")
        shifted = wanted + self._offset
        days = np.minimum(shifted // 5 * 7 + shifted % 5 - self._offset, self._limit)
        found: list[date] = (np.datetime64(self._base, "D")
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
def work_calendar(start: date, closed: frozenset[date] = frozenset()) -> WorkCalendar:
    """A shared calendar per start date and closed days, so its date lookups are cached
    across assessments."""
    return WorkCalendar(start, closed)


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
