"""An item of a plan in words: its months, time, cost and funding, said one way for every
view of the plan.

The terminal (render/plan_terminal.py, render/plain.py) and every export (the Document of
render/document.py, and so markdown, HTML, Word, calendar and CSV) take these words from
here, each in a short form (a table cell on a screen) and a long one (a document), so the
two can never say different things about the same item. Numbers, money and dates inside
them come from `careerplan.wording`. Cheap to import: wording only, no rich, no Jinja2.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

from careerplan import wording

if TYPE_CHECKING:
    from careerplan.model.assessment import Vocabularies
    from careerplan.model.plan import PlanItem

UNKNOWN = "unknown"


# ---------------------------------------------------------------------------------- numbers


tenths = wording.tenths  # hours or days to a tenth: 2.83 -> '2.8'


# ----------------------------------------------------------------------------------- months


def last_month_day(item: PlanItem) -> dt.date:
    """The day whose month ends the item's months: its target date, or its start for an
    item under 31 days long (a task begun late in one month and due early in the next is
    said as the month it is done in)."""
    a, b = item.start, item.target_date
    return a if (b - a).days < 31 else b


def months(item: PlanItem) -> str:
    """The item's months in a few characters: 'Jan 2027', 'Mar–Nov 2027', "Apr '27–Mar '28"."""
    return wording.month_span(item.start, last_month_day(item))


def long_months(item: PlanItem) -> str:
    """The item's months as a document says them: 'January 2027', 'March to November 2027'."""
    return wording.long_month_span(item.start, last_month_day(item))


# ------------------------------------------------------------------------------------- time


def hours(value: float | str, basis: str) -> str:
    """An item's total hours with their basis: '12 hours', 'about 1 hour (estimate)'."""
    if isinstance(value, str):
        return f"{value} (check with the provider)" if value == UNKNOWN else value
    text = wording.hours(value)
    if basis == "allowance":
        return f"{text} allowed for planning (the provider gives no duration; check)"
    return f"about {text} (estimate)" if basis == "estimate" else text


def per_month(value: float) -> str:
    """Hours a month as a person would say them: '3 h/month', 'about 1 h/month' (for
    0.92), 'under 1 h/month'."""
    if value < 0.75:
        return "under 1 h/month"
    whole = math.floor(value + 0.5)
    if abs(value - whole) < 0.05:
        return f"{whole} h/month"
    return f"about {whole} h/month"


def time(item: PlanItem) -> str:
    """What the item asks of the person, in a sentence's words: their own hours, study
    leave and work time the employer releases, from the plan's figures (the same hours
    `plan` and `status` count): 'about 12 hours of your own time and 2 days of study leave'."""
    own = item.own_hours
    if own is None:
        return hours(item.hours, item.hours_basis)
    parts = []
    if own:
        about = "" if item.hours_basis == "source" else "about "
        parts.append(f"{about}{wording.hours(own)} of your own time")
    if item.leave_days:
        parts.append(f"{wording.plural(item.leave_days, 'day')} of study leave")
    if item.work_hours_per_month:
        rate = wording.hours(item.work_hours_per_month)
        parts.append(f"{rate} a month of work time your employer releases or protects")
    if not parts:
        return hours(item.hours, item.hours_basis)
    text = wording.and_list(parts)
    if item.hours_basis == "allowance":
        text += " (an allowance: the provider gives no duration, so check)"
    return text


def short_time(item: PlanItem) -> str:
    """The time in a table cell: '2 days leave', '3 h/month', '~4 h', '2 h/month + 1d leave'."""
    if item.time_shape == "block" and item.leave_days:
        return f"{wording.plural(item.leave_days, 'day')} leave"
    one_month = (item.target_date - item.start).days < 31
    if item.work_hours_per_month and not item.hours_per_month and not one_month:
        return f"{per_month(item.work_hours_per_month)} work"
    if item.hours_per_month and not one_month:
        text = per_month(item.hours_per_month)
        if item.leave_days:
            text += f" + {wording.num(item.leave_days)}d leave"
        return text
    own = item.own_hours
    leave = f"{wording.num(item.leave_days)}d leave" if item.leave_days else ""
    if own == 0 and leave:
        return leave
    said = "?" if own is None else tenths(own)
    if item.hours_basis in ("estimate", "allowance"):
        said = "~" + said
    return f"{said} h + {leave}" if leave else f"{said} h"


def own_time_of(used: float, available: float) -> str:
    """The plan's hours of the person's own time against what they have, as the terminal
    and every document say it: '72 of 144 hours of your own time'."""
    return f"{tenths(used)} of {tenths(available)} hours of your own time"


# ------------------------------------------------------------------------------------- cost


def cost(value: float | str, note: str | None, vocab: Vocabularies) -> str:
    """The cost as a document says it: the price, or the plan's own note on it when that
    tells the whole story ('Free by at least one route ...')."""
    if isinstance(value, str):
        text = "unknown (check with the provider)" if value == UNKNOWN else _band(value, vocab)
    else:
        text = "free" if value == 0 else wording.money(value)
    if not note or note.rstrip(".").casefold() == text.casefold():
        return text
    # A plan's cost note tells the whole story (price, route, whether it is counted):
    # say it once rather than a price that the note then contradicts.
    # So does its note on an unknown price (what to ask the provider, why a free route
    # is not open), which would otherwise follow 'unknown (check with the provider)'.
    if (
        value == UNKNOWN
        or note.startswith(("Free", "Cost", "Funded", "£"))
        or text.casefold() in note.casefold()
    ):
        return wording.cost_note(note)
    return f"{text}. {note}"


def _band(value: str, vocab: Vocabularies) -> str:
    return vocab.label("cost_bands", value)


def short_cost(item: PlanItem, vocab: Vocabularies) -> str:
    """The cost in a few characters: the plan's own words when it has them (typed at
    planning), else from the price (plans written before)."""
    if item.cost_short:
        return item.cost_short
    if item.cost_counted is None:
        if item.cost == UNKNOWN:
            return UNKNOWN
        return _band(str(item.cost), vocab)
    if item.cost_counted == 0:
        return "free" if item.cost in (0, "free") else "free route"
    if isinstance(item.cost, str):
        return f"≤{wording.money(item.cost_counted)}"
    return wording.money(item.cost_counted)


def short_funding(item: PlanItem, vocab: Vocabularies) -> str:
    """The funding routes not already said by the short cost (no 'free / free')."""
    said = short_cost(item, vocab)
    skip = {UNKNOWN}
    if said.startswith("free"):
        skip.add("free")
    return ", ".join(_lower(vocab.label("funding", f)) for f in item.funding if f not in skip)


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]
