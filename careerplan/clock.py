"""Today's date, in one place: `--today` on any command, else $CAREERPLAN_TODAY, else the
computer's clock. Plans, reviews, statuses and file names are dated from `today()`, so a
plan can be made as of any day and tests never depend on the real date."""

from __future__ import annotations

import datetime as dt
import os

ENV = "CAREERPLAN_TODAY"

_pinned: dt.date | None = None

#: Dates a person's input may hold (a profile's start, a hand-edited plan's dates): the
#: calendar arithmetic of a plan (months added, reviews, next year's plan) stays in range.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)

#: A plan runs up to five years past its start, so its own dates may go that much further.
PLAN_LATEST = dt.date(2209, 12, 31)


def parse(value: str, *, source: str) -> dt.date:
    """A date in any form `assess` accepts (2027-01-04, 4/1/2027, 4 Jan 2027), checked to
    lie in the years a plan may cover; an InputError naming `source` otherwise."""
    from careerplan.errors import InputError
    from careerplan.parsing import parse_date

    try:
        day = parse_date(value)
    except ValueError:
        raise InputError(
            f"{source}: {value!r} is not a date; give one such as 4 Jan 2027, 4/1/2027 "
            "or 2027-01-04"
        ) from None
    if not EARLIEST <= day <= LATEST:
        raise InputError(
            f"{source}: {value} is outside the years {EARLIEST.year} to {LATEST.year}; "
            "check the year"
        )
    return day


def pin(day: dt.date | None) -> None:
    """Take `day` as today for the rest of this run (None: back to the environment and the
    clock)."""
    global _pinned
    _pinned = day


def computer_date() -> dt.date:
    """The computer's own date, whatever day is taken as today: only for checking that a
    fact's `checked:` date is not a typo in the future (a plan made `--today` a week ago
    still reads a catalogue checked yesterday)."""
    return dt.date.today()


def latest_check(day: dt.date | None = None) -> dt.date:
    """The latest date a fact can have been checked: today, or the computer's date if later."""
    return max(day or today(), computer_date())


def today() -> dt.date:
    """The date careerplan takes as today."""
    if _pinned is not None:
        return _pinned
    value = os.environ.get(ENV, "").strip()
    if value:
        return parse(value, source=f"${ENV}")
    return dt.date.today()
