"""Working days: public holidays of the organisation's country and its shutdown periods."""

from __future__ import annotations

import warnings
from datetime import date, timedelta

import numpy as np
import pytest
from babel import Locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.engine.schedule import _TABLE_DAYS, WorkCalendar
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.domain.scoring_model import default_scoring_model
from gapassess.domain.working_days import (
    Shutdown,
    ShutdownError,
    WorkingCalendar,
    closed_days,
    describe,
    parse_shutdowns,
    public_holidays,
    shutdowns_text,
    supported_countries,
)
from tests.test_scoring_factories import answers_for, small_bank

CHRISTMAS = date(2026, 12, 25)  # a Friday


# --- the calendar with closed days ------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(start=st.dates(date(2026, 1, 1), date(2030, 12, 31)),
       closed=st.sets(st.dates(date(2025, 12, 1), date(2032, 12, 31)), max_size=60),
       indexes=st.lists(st.integers(0, 3 * _TABLE_DAYS // 2), max_size=30))
def test_closed_days_are_skipped_like_numpy_business_days(start, closed, indexes):
    calendar = WorkCalendar(start, frozenset(closed))
    holidays = sorted(closed)
    expected = np.busday_offset(start, indexes, roll="forward", holidays=holidays)
    assert calendar.dates(indexes) == [d.item() for d in expected]
    assert [calendar.day(i) for i in indexes] == [d.item() for d in expected]
    assert calendar.first == np.busday_offset(start, 0, roll="forward",
                                              holidays=holidays).item()
    for end in (start, start + timedelta(days=17), date(2031, 6, 30)):
        count = np.busday_count(calendar.first, end + timedelta(days=1), holidays=holidays)
        assert calendar.days_through(end) == max(0, int(count))


def test_a_start_on_a_closed_day_moves_to_the_next_working_day():
    calendar = WorkCalendar(date(2026, 12, 24), frozenset({date(2026, 12, 24), CHRISTMAS}))
    assert calendar.first == date(2026, 12, 28)
    assert calendar.days_through(date(2026, 12, 27)) == 0


# --- holidays and shutdowns as dates -----------------------------------------------------

def test_closed_days_hold_the_country_holidays_and_the_shutdown_weekdays():
    shutdown = Shutdown(date(2027, 7, 30), date(2027, 8, 9), "Summer")  # Friday to Monday
    days = closed_days(WorkingCalendar("GB", (shutdown,)), date(2026, 12, 1))
    assert CHRISTMAS in days and date(2026, 12, 28) in days  # Boxing Day moved to Monday
    assert date(2027, 7, 31) not in days  # a Saturday: not a working day anyway
    assert {date(2027, 7, 30), date(2027, 8, 2), date(2027, 8, 9)} <= days
    assert date(2027, 8, 10) not in days
    assert closed_days(WorkingCalendar(), date(2026, 12, 1)) == frozenset()
    assert CHRISTMAS not in closed_days(WorkingCalendar("CN"), date(2026, 12, 1))


def test_supported_countries_are_alpha_2_codes():
    codes = supported_countries()
    assert {"DE", "GB", "US", "FR"} <= set(codes)
    assert all(len(code) == 2 for code in codes)


def test_shutdown_lines_read_and_write_back():
    text = "2027-08-02:2027-08-13\n\n 2026-12-24 to 2027-01-01  Christmas  shutdown \n"
    periods = parse_shutdowns(text)
    assert periods == (Shutdown(date(2026, 12, 24), date(2027, 1, 1), "Christmas shutdown"),
                       Shutdown(date(2027, 8, 2), date(2027, 8, 13), ""))
    assert parse_shutdowns(shutdowns_text(periods)) == periods


def test_every_bad_shutdown_line_is_named():
    text = "2027-08-02 to 2027-08-13 ok\nnext summer\n2027-02-30 to 2027-03-01\n" \
           "2027-05-10 to 2027-05-01\n1990-01-01 to 1990-01-02\n2027-01-01 to 2029-01-01"
    with pytest.raises(ShutdownError) as caught:
        parse_shutdowns(text)
    problems = caught.value.problems
    assert [p.split(":")[0] for p in problems] == ["Line 2", "Line 3", "Line 4", "Line 5",
                                                   "Line 6"]
    assert "YYYY-MM-DD to YYYY-MM-DD" in problems[0]
    assert "2027-02-30" in problems[1]
    assert "before it starts" in problems[2]
    assert "between 2000-01-01" in problems[3]
    assert "at most 366 days" in problems[4]


# --- the roadmap never plans on a closed day ---------------------------------------------

def _top(result):
    return min(result.roadmap.actions, key=lambda a: a.priority)


def _starts_where_the_top_priority_is_due_on(day: date, bank, answers, capacity: float):
    """Start dates that, on plain weekdays, put the top priority's due date on ``day``."""
    found = []
    for back in range(1, 40):
        start = day - timedelta(days=back)
        result = assess(bank, answers, default_scoring_model(),
                        OrgProfile(start_date=start, capacity=capacity))
        if _top(result).due == day:
            found.append(start)
    return found


def test_the_top_priority_is_never_due_on_christmas_day_where_it_is_a_holiday():
    bank = get_questionnaire()
    answers = answers_for(bank, 0, 0)
    capacity = 8.0
    starts = _starts_where_the_top_priority_is_due_on(CHRISTMAS, bank, answers, capacity)
    assert starts  # without the country's holidays it is
    for country in ("GB", "DE", "FR", "US"):
        for start in starts:
            result = assess(bank, answers, default_scoring_model(), OrgProfile(
                start_date=start, capacity=capacity, calendar=WorkingCalendar(country)))
            top = _top(result)
            assert top.due != CHRISTMAS and top.start != CHRISTMAS, (country, start)
            assert all(CHRISTMAS not in (a.start, a.due) for a in result.roadmap.actions)


COUNTRIES = st.sampled_from(["", "GB", "DE", "US", "FR", "IT", "JP", "BR"])
SHUTDOWNS = st.lists(
    st.tuples(st.dates(date(2026, 6, 1), date(2029, 12, 31)), st.integers(0, 30)).map(
        lambda pair: Shutdown(pair[0], pair[0] + timedelta(days=pair[1]))), max_size=4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(country=COUNTRIES, shutdowns=SHUTDOWNS,
       start=st.dates(date(2026, 6, 1), date(2028, 12, 31)),
       capacity=st.sampled_from([0.5, 2.0, 5.0, 8.0, 15.0, 40.0]),
       after=st.booleans(), level=st.integers(0, 2))
def test_no_scheduled_date_is_a_non_working_day(country, shutdowns, start, capacity, after,
                                                level):
    bank = small_bank()
    calendar = WorkingCalendar(country, tuple(shutdowns))
    result = assess(bank, answers_for(bank, level, 0), default_scoring_model(), OrgProfile(
        start_date=start, capacity=capacity, calendar=calendar, outcome_after_target=after))
    closed = closed_days(calendar, start)
    assert result.roadmap.actions
    for action in result.roadmap.actions:
        for day in (action.start, action.due):
            assert day.weekday() < 5 and day not in closed, (action.id, day)
    for phase in result.roadmap.phases:
        assert phase.start not in closed and phase.end not in closed
    assert result.roadmap.start_date not in closed


def test_shutdowns_push_the_plan_later_and_can_make_it_infeasible():
    bank = get_questionnaire()
    answers = answers_for(bank, 1, 1)
    base = OrgProfile(start_date=date(2027, 1, 4), target_date=date(2028, 3, 31), capacity=12)
    plain = assess(bank, answers, default_scoring_model(), base).roadmap
    shut = Shutdown(date(2027, 1, 4), date(2027, 12, 31), "Rebuild")
    closed = assess(bank, answers, default_scoring_model(), OrgProfile(
        start_date=base.start_date, target_date=base.target_date, capacity=12,
        calendar=WorkingCalendar("", (shut,)))).roadmap
    assert closed.start_date == date(2028, 1, 3)
    assert closed.shortfall_days > plain.shortfall_days
    assert not closed.feasible


# --- the calendar in words ----------------------------------------------------------------

PLAN_START = date(2027, 1, 4)
CHRISTMAS_SHUTDOWN = (Shutdown(date(2027, 12, 24), date(2027, 12, 31), "Christmas"),)


def _unlisted_code() -> str:
    """A country code the holidays package does not list (a code stored before it was
    dropped, say)."""
    return next(code for code in sorted(Locale("en").territories)
                if len(code) == 2 and code.isalpha() and code not in supported_countries())


def test_the_country_is_named_only_where_there_are_public_holidays():
    assert describe(WorkingCalendar("DE"), PLAN_START) == \
        "Monday to Friday, excluding public holidays in Germany"
    assert not public_holidays("UA", PLAN_START.year), "the package now has UA holidays"
    assert describe(WorkingCalendar("UA"), PLAN_START) == \
        "Monday to Friday (no public holiday data is available for Ukraine)"
    unlisted = _unlisted_code()
    name = str(Locale("en").territories[unlisted])
    assert describe(WorkingCalendar(unlisted), PLAN_START) == \
        f"Monday to Friday (no public holiday data is available for {name})"
    assert describe(WorkingCalendar("UA", CHRISTMAS_SHUTDOWN), PLAN_START) == (
        "Monday to Friday, excluding the shutdown periods 24 December 2027 to 31 December "
        "2027 (Christmas) (no public holiday data is available for Ukraine)")


def test_holidays_only_for_some_years_give_no_warning_and_the_years_there_are():
    """The package warns about years beyond its data for a few countries (India's movable
    holidays); the plan takes the holidays it gives and nothing is printed."""
    public_holidays.cache_clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = public_holidays("IN", 2030)
    assert date(2040, 1, 26) in found  # Republic Day, a Thursday beyond the movable data
