"""Reading what a person types (or a YAML value) as a number, years, a date or a list.

British forms are read where they are unambiguous: "£1,500", "18 months", "1/12/2026",
"1 Dec 2026" (day first, never US order).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from typing import Any


class AnswerError(ValueError):
    """An answer that is not allowed; the message says what is."""


TRUE = {"y", "yes", "true", "1", "on"}
FALSE = {"n", "no", "false", "0", "off"}
_MONTHS = {
    name.lower(): n
    for n in range(1, 13)
    for name in (calendar.month_name[n], calendar.month_abbr[n], calendar.month_abbr[n] + ".")
}
_MONTHS["sept"] = 9
_NUMBER = r"\d+(?:\.\d+)?|\.\d+"


def parse_number(value: Any) -> float | int:
    """A number from a YAML value or typed text ('1,500', '£1,500'); ValueError if none."""
    if isinstance(value, bool):
        raise ValueError
    try:  # a whole number of 400 digits is too large for a float: not an answer either
        if isinstance(value, (int, float)):
            number = float(value)
        else:
            text = str(value).strip().replace(",", "").replace("£", "").replace("_", "")
            number = float(text)
    except OverflowError:
        raise ValueError from None
    if not math.isfinite(number):
        raise ValueError
    return int(number) if number.is_integer() else number


def parse_years(value: Any) -> float | int:
    """Years from '1.5', '3 years' or '18 months' (months are turned into years)."""
    if not isinstance(value, str):
        return parse_number(value)
    match = re.fullmatch(
        rf"\s*({_NUMBER})\s*(months?|mths?|mo|years?|yrs?)?\s*", value.strip().lower()
    )
    if not match:
        return parse_number(value)
    number = float(match.group(1))
    if not math.isfinite(number):  # '1' and 400 zeros
        raise ValueError
    if (match.group(2) or "").startswith("m"):
        number = round(number / 12, 2)
    return int(number) if number.is_integer() else number


_SHORT = {"hours": ("h", "hr", "hrs"), "days": ("d",), "months": ("mth", "mths", "mo")}
_PER = {"a", "per", "each", "every", "/"}


def parse_quantity(value: Any, unit: str | None) -> float | int:
    """A number, perhaps typed with its unit: '5 days' or '5 days a year' for a question
    shown in "days a year", '8 hours a month' or '8h' for "hours a month", '2 weeks' for
    days (ten working days); ValueError if none."""
    if not isinstance(value, str) or not unit or unit == "money":
        return parse_number(value)
    text = value.strip().lower().replace("/", " / ")
    match = re.fullmatch(rf"({_NUMBER}|\d{{1,3}}(?:,\d{{3}})+)\s*([a-z][a-z /]*)?", text)
    if not match or not match.group(2):
        return parse_number(value)
    number = parse_number(match.group(1))
    words = match.group(2).split()
    main, *rest = unit.split()  # "days", ["a", "year"]
    said, *per = words
    if said in ("week", "weeks", "wk", "wks") and main == "days":
        number = number * 5
    elif said not in (main, main.rstrip("s"), *_SHORT.get(main, ())):
        raise ValueError(value)
    if per and not (rest and per[0] in _PER and per[1:] == rest[1:]):
        raise ValueError(value)
    return int(number) if float(number).is_integer() else number


def parse_date(value: Any) -> dt.date:
    """A date as 2026-12-01, 1/12/2026, 1-12-2026, 1.12.2026, 1 Dec 2026 or 1 December
    2026 (day first, never US order; a weekday in front is allowed); ValueError if none."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text)
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    words = text.replace(",", " ").lower().split()
    if words and words[0].rstrip(".") in _WEEKDAYS:
        words = words[1:]
    if len(words) == 3 and words[0].rstrip("stndrh").isdigit() and words[1] in _MONTHS:
        day = int(re.sub(r"\D", "", words[0]))
        if words[2].isdigit() and len(words[2]) == 4:
            return dt.date(int(words[2]), _MONTHS[words[1]], day)
    raise ValueError(text)


_WEEKDAYS = {
    name.lower() for n in range(7) for name in (calendar.day_name[n], calendar.day_abbr[n])
}


def items(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return list(value)
    raise AnswerError("must be a list of ids, such as [a, b] (or a, b after --set)")
