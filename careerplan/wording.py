"""Numbers, money, dates, plurals, time in post and ratings, worded one way everywhere.

Renderers, the plan engine's sentences and the assessment call these; nothing else formats
a number, a sum of money or a date for a reader. (Machine formats, such as ISO dates in
YAML or calendar files, are not wording and stay ISO.)

Dates: `date` ('3 Feb 2027') on screens and in the plan's own sentences; `long_date`
('3 February 2027') in every exported document; `month` ('Feb 2027') for a month
anywhere. Day first, never US order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence


def number(value: float, places: int = 2, *, grouping: bool = True) -> str:
    """1500 -> '1,500', 0.5 -> '0.5', 13.456 -> '13.46' (at most `places` decimals)."""
    text = f"{value:,.{places}f}" if grouping else f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def num(value: float) -> str:
    """1.0 -> '1', 2.5 -> '2.5', 13.456 -> '13.46', 1656 -> '1,656': `number` as the plan
    engine and the terminal plan say it."""
    return number(value)


def money(value: float) -> str:
    """Pounds, rounded to the penny: '£1,500', '£12.50'; pence only when there are some."""
    pence = round(value * 100)
    sign = "-" if pence < 0 else ""
    pounds, left = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}" + (f".{left:02d}" if left else "")


def date(day: dt.date, *, weekday: bool = False) -> str:
    """'3 Feb 2027' (or 'Wednesday 3 Feb 2027'): day first, never US order."""
    text = f"{day.day} {day:%b %Y}"
    return f"{day:%A} {text}" if weekday else text


def long_date(day: dt.date) -> str:
    """'3 February 2027': the date in an exported document (an appraisal form)."""
    return f"{day.day} {day:%B %Y}"


def numeric_date(day: dt.date) -> str:
    """'03/02/2027': day, month and year as a British date field takes them (dd/mm/yyyy)."""
    return f"{day:%d/%m/%Y}"


def month(day: dt.date) -> str:
    """'Feb 2027': the month a day falls in."""
    return f"{day:%b %Y}"


def month_span(first: dt.date, last: dt.date) -> str:
    """The months from `first` to `last` in a few characters: 'Feb 2027', 'Feb–Apr 2027',
    "Nov '26–Jan '28"."""
    if (first.year, first.month) == (last.year, last.month):
        return month(first)
    if first.year == last.year:
        return f"{first:%b}–{month(last)}"
    return f"{first:%b} '{first:%y}–{last:%b} '{last:%y}"


def long_month_span(first: dt.date, last: dt.date) -> str:
    """The months from `first` to `last` as a document says them: 'February 2027',
    'February to April 2027', 'November 2026 to January 2028'."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%B %Y}"
    if first.year == last.year:
        return f"{first:%B} to {last:%B %Y}"
    return f"{first:%B %Y} to {last:%B %Y}"


def plural(count: float, singular: str, plural_form: str | None = None) -> str:
    """'1 day', '2 days', '1.5 days', '3 people' (give the plural when it is not +s)."""
    return f"{number(count)} {noun(count, singular, plural_form)}"


def noun(count: float, singular: str, plural_form: str | None = None) -> str:
    """The word alone for `count` of them: 'day', 'days', 'item has', 'items have'."""
    return singular if count == 1 else (plural_form or singular + "s")


def tenths(value: float) -> str:
    """Hours or days as a reader checks a total, to a tenth: 2.83 -> '2.8', 12 -> '12'."""
    return number(value, 1)


def hours(value: float) -> str:
    """A number of hours, to a tenth: '1 hour', '2.5 hours', '12.2 hours' (12.25 rounds
    here, once, for every view)."""
    return f"{tenths(value)} {noun(round(value, 1), 'hour')}"


def quantity(value: float, unit: str) -> str:
    """A number with its unit, as an answer is shown: unit 'money' -> '£1,500'; otherwise
    words whose first is the unit in the plural, said in the singular (its last 's'
    dropped) for exactly 1: 'days a week' -> '1 day a week', '2.5 days a week'."""
    if unit == "money":
        return money(value)
    first, _, rest = unit.partition(" ")
    said = plural(value, first.removesuffix("s"), first)
    return f"{said} {rest}" if rest else said


def word_count(count: int) -> str:
    """'one', 'two', 'three', then digits."""
    return {1: "one", 2: "two", 3: "three"}.get(count, str(count))


def years(value: float) -> str:
    """A number of years: '0.5 years', '1 year', '3 years'."""
    return plural(value, "year")


def in_post(years_in_role: float) -> str:
    """Time in post: 'new in post', '6 months in post', '1 year in post', '2.5 years in
    post' (whole months under a year)."""
    if years_in_role < 1:
        months = round(years_in_role * 12)
        return f"{plural(months, 'month')} in post" if months else "new in post"
    return f"{years(years_in_role)} in post"


def rating(value: int, top: int) -> str:
    """A rating on the assessment's scale of 1 to `top`: '2 of 4'."""
    return f"{value} of {top}"


def or_list(values: Sequence[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    if not values:
        return ""
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]


def and_list(values: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if not values:
        return ""
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]


def sentence(text: str) -> str:
    """The text with its first letter a capital."""
    return text[:1].upper() + text[1:]


def cost_note(note: str) -> str:
    """A plan's cost note under a 'Cost' label: 'Unknown: check …', not 'Cost unknown: …'."""
    if note.startswith("Cost "):
        return sentence(note[5:])
    return note
