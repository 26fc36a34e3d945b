"""What an entry costs this person, and by which route: the counted price is the exact
price or a band's upper end. Free and centrally funded routes are not counted against the
budget; with a budget of £0 nothing else is offered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from careerplan import wording
from careerplan.funding import route_status
from careerplan.opportunity import Band

if TYPE_CHECKING:
    from careerplan.engine.context import Context
    from careerplan.opportunity import Opportunity

FREE = "free"
CENTRAL = "nhs-england-funded"
NOT_COUNTED = ("free", "central", "employer")  # routes that leave the budget alone


@dataclass(frozen=True)
class Money:
    """route: free, central (funded nationally), employer (a qualification your employer
    said it pays for), known (a price), band (a price range, counted at its top), unknown
    (no price published), open-band (a range with no upper figure)."""

    route: str
    counted: float | None  # pounds counted against the budget; None: cannot be checked
    price: float | None = None  # the published price or band top, where there is one
    band_label: str | None = None
    membership: bool = False  # may be included in the organisation's membership

    @property
    def paid(self) -> bool:
        """Needs money from the person's budget (or an unknown amount of it)."""
        return self.route not in NOT_COUNTED


def money(opp: Opportunity, ctx: Context) -> Money:
    """The entry's cost route for this person (kept in `ctx.memo`: it depends on neither
    the budget nor the hours, which a what-if changes)."""
    memo = ctx.memo.setdefault("money", {})
    got = memo.get(opp.id)
    if got is None:
        got = memo[opp.id] = _money(opp, ctx)
    return got


def _money(opp: Opportunity, ctx: Context) -> Money:
    kinds = route_kinds(opp, ctx)
    member = "membership" in kinds
    price, band = _price(opp, ctx)
    if "central" in kinds:
        return Money("central", 0.0, price, band)
    if "free" in kinds or price == 0:
        return Money("free", 0.0, price, band)
    if opp.kind == "qualification" and ctx.employer_funds_qualification and "employer" in kinds:
        return Money("employer", 0.0, price, band)
    if price is None:
        route = "open-band" if band else "unknown"
        return Money(route, None, None, band, member)
    return Money("band" if band else "known", float(price), float(price), band, member)


def route_kinds(opp: Opportunity, ctx: Context) -> set[str]:
    """The kinds of the entry's funding routes open to a doctor when the plan starts
    (free, central, employer, self, membership ...), from catalogue/funding.yaml; a
    catalogue without it reads the route ids as kinds ('nhs-england-funded': central)."""
    routes = getattr(ctx.catalogue, "funding", None)
    if routes is None:
        return {"central" if r == CENTRAL else r for r in opp.funding}
    on = ctx.profile.start
    out = set()
    for r in opp.funding:
        status = route_status(r, on, routes)
        if status.open:
            out.add(status.kind)
    return out


def _price(opp: Opportunity, ctx: Context) -> tuple[float | None, str | None]:
    """(counted price or None, the range in words when it is one): the catalogue's
    `counted_cost` is the exact price or a band's upper end (CONTRACT.md)."""
    counted = opp.counted_cost
    band = opp.cost
    if opp.cost_is_band and isinstance(band, Band):
        return counted, f"{wording.money(band.min)} to {wording.money(band.max)}"
    return counted, None
