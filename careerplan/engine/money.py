"""What an entry costs this person, and by which route: the counted price is the exact
price or a band's upper end, published or careerplan's labelled estimate (a price last
published for an older intake is shown with its year and never counted). Free and
centrally funded routes are not counted against the budget, and count only for those they
are open to (NHS organisations only, a region, a role: catalogue/funding.yaml); with a
budget of £0 nothing else is offered."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import TYPE_CHECKING

from careerplan.model.funding import Closed, Person, closed_to, route_status
from careerplan.model.opportunity import Band, price_words

if TYPE_CHECKING:
    from careerplan.engine.context import Context
    from careerplan.model.opportunity import Opportunity

FREE = "free"
CENTRAL = "nhs-england-funded"
NOT_COUNTED = ("free", "central", "employer")  # routes that leave the budget alone
PRICED = ("known", "band")  # routes with a price counted against the budget
FREE_KINDS = ("free", "central")


@dataclass(frozen=True)
class Money:
    """route: free, central (funded nationally), employer (a qualification your employer
    said it pays for), known (a price), band (a price range, counted at its top), unknown
    (no price published), open-band (a range with no upper figure), closed (none of its
    routes is open to this person: an exclusion, never planned).

    basis: what the counted price is: 'published' (the provider's, for `price_for`),
    'estimate' (careerplan's band from named published prices), or '' (nothing counted).
    `last_published` is an older intake's price in words with its year, never counted;
    `closed` says why a free or central route of the entry is not open to this person."""

    route: str
    counted: float | None  # pounds counted against the budget; None: cannot be checked
    price: float | None = None  # the published price or band top, where there is one
    band_label: str | None = None
    membership: bool = False  # may be included in the organisation's membership
    basis: str = ""
    price_for: str | None = None
    last_published: str | None = None  # e.g. '£14,000 (September 2023 and 2024 intakes)'
    closed: Closed | None = None
    # The free or central route that is open to this person because of who they are (an
    # NHS-only, regional, role or grade route): such an entry wins over an unpriced one.
    eligible: str | None = None

    @property
    def eligible_free(self) -> bool:
        """Free or funded through a route limited to people like this one."""
        return self.route in ("free", "central") and self.eligible is not None

    @property
    def paid(self) -> bool:
        """Needs money from the person's budget (or an unknown amount of it)."""
        return self.route not in NOT_COUNTED

    @property
    def estimate(self) -> bool:
        return self.basis == "estimate" and self.counted is not None


def money(opp: Opportunity, ctx: Context) -> Money:
    """The entry's cost route for this person (kept in `ctx.memo`: it depends on neither
    the budget nor the hours, which a what-if changes)."""
    memo = ctx.memo.setdefault("money", {})
    got = memo.get(opp.id)
    if got is None:
        got = memo[opp.id] = _money(opp, ctx)
    return got


def route_of(opp: Opportunity, ctx: Context) -> tuple[str, str | None]:
    """money(opp, ctx)'s route and the route earned by who the person is (its
    `eligible` where the route is free or central), without the rest of it."""
    price = opp.counted_cost
    # All the route depends on: entries alike in it share one answer (kept like money).
    key = (tuple(opp.funding), price, isinstance(opp.cost, Band), opp.kind == "qualification")
    memo = ctx.memo.get("route")
    if memo is None:
        memo = ctx.memo["route"] = {}
    got = memo.get(key)
    if got is None:
        kinds, closed, earned = funding_routes(opp, ctx)
        got = memo[key] = (_route(opp, ctx, kinds, closed, price), earned)
    return got


def _route(
    opp: Opportunity, ctx: Context, kinds: frozenset[str], closed: Closed | None, price
) -> str:
    if not kinds and closed is not None:
        # Every route it has is closed to this person (a free NHS-only offer, for one).
        return "closed"
    if "central" in kinds:
        return "central"
    if "free" in kinds or price == 0:
        return "free"
    if opp.kind == "qualification" and ctx.employer_funds_qualification and "employer" in kinds:
        return "employer"
    if price is None:
        return "open-band" if _price(opp)[1] else "unknown"
    return "band" if _price(opp)[1] else "known"


def _money(opp: Opportunity, ctx: Context) -> Money:
    kinds, closed, earned = funding_routes(opp, ctx)
    price, band = _price(opp)
    member = "membership" in kinds
    last = _last_published(opp)
    route = _route(opp, ctx, kinds, closed, price)
    if route == "closed":
        return Money("closed", None, price, band, last_published=last, closed=closed)
    if route in ("central", "free"):
        return Money(route, 0.0, price, band, last_published=last, eligible=earned)
    if route == "employer":
        return Money("employer", 0.0, price, band, last_published=last, closed=closed)
    if price is None:
        return Money(route, None, None, band, member, last_published=last, closed=closed)
    return Money(
        route,
        float(price),
        float(price),
        band,
        member,
        basis=opp.cost_basis or "published",
        price_for=opp.price_for,
        last_published=last,
        closed=closed,
    )


def funding_routes(
    opp: Opportunity, ctx: Context
) -> tuple[frozenset[str], Closed | None, str | None]:
    """The kinds of route open to the person, why a free or central one is closed to them
    (`_routes`), and the one they earn (`_eligible_route`): these depend only on its funding
    route ids (and the person): worked out once for each list of ids (a catalogue has
    few), kept in `ctx.memo` like money."""
    memo = ctx.memo.get("funding")
    if memo is None:
        memo = ctx.memo["funding"] = {}
    key = tuple(opp.funding)
    got = memo.get(key)
    if got is None:
        kinds, closed = _routes(opp, ctx)
        got = memo[key] = (frozenset(kinds), closed, _eligible_route(opp, ctx))
    return got


def person(ctx: Context) -> Person:
    """Who eligibility is judged for: offers limited to the NHS are open as the profile
    says, else as its organisation type says (funding.yaml's nhs_organisations)."""
    got = ctx.memo.get("person")
    if got is not None:
        return got
    profile = ctx.profile
    nhs = profile.nhs_offers_open
    if nhs is None:
        routes = getattr(ctx.catalogue, "funding", None)
        nhs_types = routes.nhs_organisations if routes is not None else ["nhs-trust"]
        nhs = profile.organisation in nhs_types
    got = ctx.memo["person"] = Person(
        nhs=nhs, region=profile.known_region, role=profile.role, grade=profile.known_grade
    )
    return got


def route_kinds(opp: Opportunity, ctx: Context) -> set[str]:
    """The kinds of the entry's funding routes open to this person when the plan starts
    (free, central, employer, self, membership ...), from catalogue/funding.yaml; a
    catalogue without it reads the route ids as kinds ('nhs-england-funded': central)."""
    return set(funding_routes(opp, ctx)[0])


def _routes(opp: Opportunity, ctx: Context) -> tuple[set[str], Closed | None]:
    """The open kinds, and why the first free or central route that is not open to this
    person is closed (None when none is)."""
    routes = getattr(ctx.catalogue, "funding", None)
    if routes is None:
        return {"central" if r == CENTRAL else r for r in opp.funding}, None
    on = ctx.profile.start
    who = person(ctx)
    out: set[str] = set()
    closed: Closed | None = None
    for r in opp.funding:
        status = route_status(r, on, routes)
        if not status.open:
            continue
        route = routes.get(r)
        why = closed_to(route, who) if route is not None else None
        if why is None:
            out.add(status.kind)
        elif status.kind in FREE_KINDS and closed is None:
            closed = why
    return out, (None if out & set(FREE_KINDS) else closed)


def _eligible_route(opp: Opportunity, ctx: Context) -> str | None:
    """The first free or central route of the entry that is limited to some people (its
    `open_to`) and open to this one, or None."""
    routes = getattr(ctx.catalogue, "funding", None)
    if routes is None:
        return None
    who = person(ctx)
    for r in opp.funding:
        route = routes.get(r)
        if route is None or route.open_to is None or route.kind not in FREE_KINDS:
            continue
        if route_status(r, ctx.profile.start, routes).open and closed_to(route, who) is None:
            return r
    return None


def _price(opp: Opportunity) -> tuple[float | None, str | None]:
    """(counted price or None, the range in words when it is one): the catalogue's
    `counted_cost` is the exact price or a band's upper end (CONTRACT.md)."""
    counted = opp.counted_cost
    band = opp.cost
    if opp.cost_is_band and isinstance(band, Band):
        return counted, price_words(band)
    return counted, None


def _last_published(opp: Opportunity) -> str | None:
    last = opp.last_published
    if last is None:
        return None
    return f"{price_words(last.price)} ({last.year})"


@dataclass(frozen=True)
class Buy:
    """A priced entry an unspent budget could buy: its id, counted price and basis."""

    id: str
    counted: float
    estimate: bool


def could_buy(
    chosen: set[str], spent: float, ctx: Context, hours_left: float | None = None
) -> tuple[float, list[Buy]]:
    """When most of a budget is unspent: the pounds left and up to two priced entries
    (published or estimated, open to this person, not in the plan, needing no more of the
    person's own hours than `hours_left`) it could buy, best scored first; (0, []) when
    the budget is mostly used or there is none."""
    from careerplan.engine.score import empty_state, exclusion, total_of

    left = round(ctx.budget - spent, 2)
    if ctx.budget <= 0 or left < ctx.budget / 2:
        return 0.0, []
    found = []
    empty = empty_state(ctx)
    for opp in ctx.catalogue.opportunities.values():
        # Paid, with a price counted (a price or a band's top) within what is left:
        # money(opp, ctx).counted, whose whole Money is made only for the two bought. The
        # cheapest tests first (all of them must pass).
        price = opp.counted_cost
        if not price or price > left or opp.id in chosen:
            continue
        if hours_left is not None and opp.time.personal_hours > hours_left:
            continue
        if exclusion(opp, ctx) is None and route_of(opp, ctx)[0] in PRICED:
            found.append((-total_of(opp, ctx, empty), opp.id, opp))
    best = [(opp.id, money(opp, ctx)) for *_, opp in heapq.nsmallest(2, found, key=lambda f: f[:2])]
    return left, [Buy(oid, m.counted or 0.0, m.estimate) for oid, m in best]
