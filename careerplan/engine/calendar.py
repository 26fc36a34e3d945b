"""The plan's calendar: months counted from the plan's start, and its review dates.

Pure date arithmetic; the planner and the renderers place items and reviews with it.
"""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later (the month's last day if it is shorter)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_start(plan_start: dt.date, month: int) -> dt.date:
    return add_months(plan_start, month)


def month_end(plan_start: dt.date, month: int) -> dt.date:
    """Last day of plan month `month` (0-based)."""
    return add_months(plan_start, month + 1) - dt.timedelta(days=1)


def reviews(start: dt.date, horizon: int, every: int) -> list[dt.date]:
    """A review at the end of every `every` months, and one at the end of the plan."""
    every = max(1, every)
    out = [month_end(start, m - 1) for m in range(every, horizon, every)]
    out.append(month_end(start, horizon - 1))
    return out


# ---------------------------------------------------------------------------------- items
