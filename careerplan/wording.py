"""Numbers, money, dates, plurals and time in post, worded one way everywhere.

Renderers and the assessment call these; nothing else formats a number or a date for a
reader. (Machine formats, such as ISO dates in YAML, are not wording and stay ISO.)
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
    """1.0 -> '1', 2.5 -> '2.5', 13.456 -> '13.46': a number without thousands commas."""
    return number(value, grouping=False)


def money(value: float) -> str:
    """£1,500, or £12.50 when there are pence."""
    if float(value).is_integer():
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"


def date(day: dt.date, *, weekday: bool = False) -> str:
    """'3 Feb 2027' (or 'Wednesday 3 Feb 2027'): day first, never US order."""
    text = f"{day.day} {day:%b %Y}"
    return f"{day:%A} {text}" if weekday else text


def plural(count: float, singular: str, plural_form: str | None = None) -> str:
    """'1 day', '2 days', '1.5 days', '3 people' (give the plural when it is not +s)."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{number(count)} {word}"


def word_count(count: int) -> str:
    """'one', 'two', 'three', then digits."""
    return {1: "one", 2: "two", 3: "three"}.get(count, str(count))


def years(value: float) -> str:
    """Time in post: '0.5 years', '1 year', '3 years'."""
    return plural(value, "year")


def or_list(values: Sequence[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    if not values:
        return ""
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]


def sentence(text: str) -> str:
    """The text with its first letter a capital."""
    return text[:1].upper() + text[1:]
