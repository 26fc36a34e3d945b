"""The plan's calendar: its months, its review dates and the working days things fall on.

A plan's months are calendar months: month 0 runs from the plan's start to the end of its
month (or of the next month, when the start leaves less than half of its own), and each
later month from its 1st to its last day, so an item shown in "Jun 2027" runs 1 to 30
June. Reviews, first steps, starts and targets fall on working days in England: not a
weekend, nor a bank holiday (from the `holidays` library, which keeps England's bank
holidays, substitute days included, so no list of ours goes out of date).

Pure date arithmetic; the planner and the renderers place items and reviews with it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import cache

#: A start after this day of the month leaves less than half of the month: the plan's
#: first month runs on to the end of the next calendar month.
LATE_IN_MONTH = 15


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later (the month's last day if it is shorter)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _first_month(plan_start: dt.date) -> dt.date:
    """The 1st of the calendar month that is the plan's month 0."""
    first = plan_start.replace(day=1)
    return add_months(first, 1) if plan_start.day > LATE_IN_MONTH else first


def month_start(plan_start: dt.date, month: int) -> dt.date:
    """First day of plan month `month` (0-based): the plan's start, or a month's 1st."""
    if month <= 0:
        return plan_start
    return add_months(_first_month(plan_start), month)


def month_end(plan_start: dt.date, month: int) -> dt.date:
    """Last day of plan month `month` (0-based): the last day of a calendar month."""
    return add_months(_first_month(plan_start), month + 1) - dt.timedelta(days=1)


def month_of(plan_start: dt.date, day: dt.date, horizon: int) -> int:
    """The plan month (0-based, at most `horizon` - 1) that `day` falls in."""
    first = _first_month(plan_start)
    months = (day.year - first.year) * 12 + day.month - first.month
    return min(max(months, 0), horizon - 1)


def reviews(start: dt.date, horizon: int, every: int) -> list[dt.date]:
    """A review at the end of every `every` months, and one at the end of the plan: the
    last working day of the month."""
    every = max(1, every)
    out = [month_end(start, m - 1) for m in range(every, horizon, every)]
    out.append(month_end(start, horizon - 1))
    return [working_day(day) for day in out]


# ---------------------------------------------------------------------------- working days


@cache
def _bank_holidays(year: int) -> frozenset[dt.date]:
    # Importing `holidays` costs more than the rest of a plan's start-up: the dates are
    # kept in the user cache after the first time (careerplan/holiday_cache.py).
    from careerplan.store.holiday_cache import bank_holidays

    return bank_holidays(year, _from_holidays_package)


def _from_holidays_package(year: int) -> frozenset[dt.date]:
    from holidays.countries.united_kingdom import UnitedKingdom

    return frozenset(UnitedKingdom(subdiv="ENG", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a bank holiday in England."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def bank_holiday(day: dt.date) -> bool:
    return day in _bank_holidays(day.year)


def working_day(day: dt.date, *, after: bool = False) -> dt.date:
    """`day` if it is a working day, else the working day before it (for a date something
    is due by), or after it with `after` (for a date something starts on)."""
    step = dt.timedelta(days=1 if after else -1)
    while not is_working_day(day):
        day += step
    return day
