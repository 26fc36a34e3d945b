"""Funding routes as dated data (catalogue/funding.yaml), and whether one is open on a date.

A route (the employer's study-leave budget, NHS England, the apprenticeship levy ...) has a
list of dated rules: who is eligible from when until when, whether it is open to a doctor
in a leadership post, and the note a plan shows. A change of rules (such as the Level 7
apprenticeship levy change of January 2026) is a new period in the YAML, not code.
"""

import datetime as dt
from enum import StrEnum
from typing import Literal, NamedTuple

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from careerplan.model.assessment import Strict, Term
from careerplan.model.opportunity import Source
from careerplan.model.types import GradeId, OrganisationId, RegionId, RoleId, Slug

Kind = Literal["free", "central", "employer", "levy", "self", "membership", "unknown"]


class Closed(StrEnum):
    """Why a route is not open to this person."""

    NHS_ONLY = "nhs-only"  # offered only to NHS organisations
    REGION = "region"  # offered only in other regions
    ROLE = "role"  # offered only to other roles
    GRADE = "grade"  # offered only to doctors on other contracts (or the grade is not given)


class OpenTo(Strict):
    """Who a route is open to, beyond its dated rules (absent fields: anyone)."""

    nhs_only: bool = Field(
        default=False,
        description="Only for those to whom offers limited to the NHS are open (from the "
        "profile: its nhs_offers_open, else its organisation type)",
    )
    regions: list[RegionId] | None = Field(
        default=None, description="Only in these NHS England regions"
    )
    roles: list[RoleId] | None = Field(default=None, description="Only for these roles")
    grades: list[GradeId] | None = Field(
        default=None,
        description="Only for doctors on these contracts (the profile's grade; a profile "
        "that gives none is not counted as eligible)",
    )


class Period(Strict):
    """One dated rule: from and until (inclusive; null = open-ended)."""

    model_config = Strict.model_config | {"populate_by_name": True}

    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None
    open_to_doctors: bool = Field(
        description="Whether a doctor in or aiming at a leadership post can use the route"
    )
    eligible: str = Field(min_length=1, description="Who is eligible, in a sentence")
    note: str = Field(min_length=1, description="What a plan says about the route then")

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.from_ and self.until and self.until < self.from_:
            raise PydanticCustomError(
                "period", "until {u} is before from {f}", {"u": self.until, "f": self.from_}
            )
        return self

    def covers(self, on: dt.date) -> bool:
        return (self.from_ is None or self.from_ <= on) and (self.until is None or on <= self.until)


class Route(Strict):
    id: Slug
    label: str = Field(min_length=1)
    help: str = Field(min_length=1)
    kind: Kind
    rules: list[Period] = Field(min_length=1)
    source: Source | None = None
    checked: dt.date | None = None
    open_to: OpenTo | None = Field(
        default=None, description="Who the route is open to (absent: whoever its rules say)"
    )

    @model_validator(mode="after")
    def _no_overlap(self) -> "Route":
        periods = sorted(self.rules, key=lambda p: p.from_ or dt.date.min)
        for a, b in zip(periods, periods[1:], strict=False):
            if a.until is None or (b.from_ is not None and b.from_ <= a.until):
                raise PydanticCustomError(
                    "overlap", "{id}: two rules cover the same dates", {"id": self.id}
                )
        dated = any(p.from_ or p.until for p in self.rules)
        if dated and (self.source is None or self.checked is None):
            raise PydanticCustomError(
                "route_source",
                "{id}: a dated rule needs the route's `source: {title, url}` and `checked`",
                {"id": self.id},
            )
        return self

    def term(self) -> Term:
        return Term(id=self.id, label=self.label, help=self.help)


class FundingRoutes(Strict):
    """catalogue/funding.yaml."""

    version: int = 1
    nhs_organisations: list[OrganisationId] = Field(
        default_factory=lambda: ["nhs-trust"],
        description="Organisation types to whom offers limited to the NHS are open unless "
        "the profile says otherwise (its nhs_offers_open)",
    )
    routes: list[Route] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> "FundingRoutes":
        ids = [r.id for r in self.routes]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise PydanticCustomError("dupe", "route '{id}' is listed twice", {"id": dupes[0]})
        return self

    def get(self, route_id: str) -> Route | None:
        return next((r for r in self.routes if r.id == route_id), None)

    def of_kind(self, kind: Kind) -> list[Route]:
        """The routes of one kind, e.g. every apprenticeship-levy route."""
        return [r for r in self.routes if r.kind == kind]


def route_ids(routes: FundingRoutes | None, kind: Kind) -> frozenset[str]:
    """The ids of the routes of one kind (none when the catalogue has no funding file)."""
    return frozenset(r.id for r in routes.of_kind(kind)) if routes is not None else frozenset()


class Person(NamedTuple):
    """What eligibility is judged on: whether offers limited to the NHS are open to the
    person, their region (None: not given), role and grade (None: not given)."""

    nhs: bool
    region: str | None
    role: str
    grade: str | None = None  # None: not given


def closed_to(route: Route, who: Person) -> Closed | None:
    """Why `route` is not open to `who`, or None when it is."""
    rule = route.open_to
    if rule is None:
        return None
    if rule.nhs_only and not who.nhs:
        return Closed.NHS_ONLY
    # An unknown region is given the benefit of the doubt: regional entries say so.
    if rule.regions is not None and who.region is not None and who.region not in rule.regions:
        return Closed.REGION
    if rule.roles is not None and who.role not in rule.roles:
        return Closed.ROLE
    # A route for one contract (the SAS development funds) is counted only for those who
    # say they hold it.
    if rule.grades is not None and who.grade not in rule.grades:
        return Closed.GRADE
    return None


class RouteStatus(NamedTuple):
    """Whether a route is open to a doctor on a date, and what the plan should say."""

    route: str
    open: bool
    kind: str
    note: str | None


def route_status(route_id: str, on: dt.date, routes: FundingRoutes) -> RouteStatus:
    """The rule in force for `route_id` on `on`. An unknown route, or a date no rule covers,
    is not open (with a note saying so)."""
    route = routes.get(route_id)
    if route is None:
        return RouteStatus(route_id, False, "unknown", f"Funding route '{route_id}' is not known.")
    for period in route.rules:
        if period.covers(on):
            return RouteStatus(route_id, period.open_to_doctors, route.kind, period.note)
    return RouteStatus(route_id, False, route.kind, f"No rule for {route.label} covers {on}.")
