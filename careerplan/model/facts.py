"""Facts past their review age: each dated fact of an entry or a funding route (a price, a
link, a rule, a programme's dates), where it sits in its file, and how old it is.

The ages are data (weights.yaml: review_after_months); `catalogue validate` turns what is
found here into warnings with file and line, and catalogue/README.md says how to re-check a
fact and record it.
"""

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from careerplan.model.funding import Route
    from careerplan.model.opportunity import Opportunity


class Fact(StrEnum):
    """What kind of dated fact it is."""

    PRICE = "price"  # a published, estimated or last published price
    LINK = "link"  # an entry as a whole and its link (last_reviewed)
    RULE = "rule"  # a funding route's dated rules
    DATES = "dates"  # a programme's length, intake or time shape from its provider


class ReviewAges(BaseModel):
    """Months after which a fact of each kind should be checked again."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    price: int = Field(default=12, ge=1, le=120)
    link: int = Field(default=18, ge=1, le=120)
    rule: int = Field(default=12, ge=1, le=120)
    dates: int = Field(default=12, ge=1, le=120)

    def months(self, fact: Fact) -> int:
        return int(getattr(self, fact.value))


class Stale(NamedTuple):
    """A fact past its review age: the path to it (for its line), its kind and date."""

    path: tuple[str | int, ...]
    fact: Fact
    checked: dt.date
    months: int  # its age in whole months

    @property
    def field(self) -> str:
        return ".".join(str(p) for p in self.path)


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def entry_facts(opp: "Opportunity") -> Iterator[tuple[tuple[str | int, ...], Fact, dt.date]]:
    """Every dated fact of an entry: (path, kind, date checked)."""
    yield ("last_reviewed",), Fact.LINK, opp.last_reviewed
    if opp.price_checked is not None:
        yield ("price_checked",), Fact.PRICE, opp.price_checked
    for i, comp in enumerate(opp.estimate_from):
        yield ("estimate_from", i, "checked"), Fact.PRICE, comp.checked
    if opp.last_published is not None:
        yield ("last_published", "checked"), Fact.PRICE, opp.last_published.checked
    if opp.time.checked is not None:
        yield ("time", "checked"), Fact.DATES, opp.time.checked


def stale(
    facts: Iterator[tuple[tuple[str | int, ...], Fact, dt.date]],
    today: dt.date,
    ages: ReviewAges,
) -> list[Stale]:
    """The facts older than their review age, oldest first."""
    out = []
    for path, fact, checked in facts:
        months = months_between(checked, today)
        if months > ages.months(fact):
            out.append(Stale(path, fact, checked, months))
    return sorted(out, key=lambda s: (s.checked, s.field))


def route_facts(route: "Route") -> Iterator[tuple[tuple[str | int, ...], Fact, dt.date]]:
    """A funding route's dated rules: (path, kind, date checked)."""
    if route.checked is not None:
        yield ("checked",), Fact.RULE, route.checked
