"""Everything the engine needs to know about the person, computed once."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from careerplan.engine.needs import Need, needs, top_priorities
from careerplan.engine.situation import Adapted, adapt
from careerplan.model.advice import Recommendation, applies
from careerplan.model.weights import Scoring

if TYPE_CHECKING:
    from careerplan.model.catalogue import Catalogue
    from careerplan.model.feedback import OthersView
    from careerplan.model.opportunity import Opportunity
    from careerplan.model.profile import Profile


class Steer(NamedTuple):
    """What the person (or their mentor) asked: entries to include, leave out, or already
    done. Ids are checked against the catalogue before planning."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # from --exclude and the profile's `exclude:`
    done: tuple[str, ...] = ()  # the profile's `done:`

    @property
    def asked(self) -> bool:
        return bool(self.include or self.exclude or self.done)


@dataclass(frozen=True)
class Context:
    profile: Profile
    catalogue: Catalogue
    stage: str
    k: Scoring
    needs: dict[str, Need]
    priorities: list[Need]
    recommendations: list[Recommendation]
    covered: dict[str, str]  # kind -> the support in place that covers it
    horizon: int
    per_month: float
    budget: float
    leave_days_per_year: float
    employer_funds_qualification: bool
    top: int
    steer: Steer = Steer()
    already: tuple[Opportunity, ...] = ()  # in the plan before selection (carried forward)
    situation: Adapted = Adapted()  # what the person's situation changes (situation.py)
    profile_file: str = "PROFILE"  # the profile's file as typed in a shell, for commands
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # see money, time

    @property
    def capacity(self) -> float:
        """Hours of personal development time over the plan."""
        return self.per_month * self.horizon

    def leave_caps(self) -> list[float]:
        """Study-leave days available in each plan year (a part year pro rata), in whole and
        half days, rounded down: leave is taken in days, so a day stays a day (4 days in a
        five-month post, not 4.2)."""
        years = (self.horizon + 11) // 12
        return [
            math.floor(2 * self.leave_days_per_year * min(12, self.horizon - 12 * y) / 12 + 1e-9)
            / 2
            for y in range(years)
        ]

    @property
    def leave_available(self) -> float:
        return round(sum(self.leave_caps()), 2)

    def facts(self) -> dict:
        return {
            **person_facts(self.profile, self.stage, self.priorities),
            "situations": list(self.situation.active),
        }


def person_facts(profile: Profile, stage: str, priorities: list[Need]) -> dict:
    """The person as `advice.applies` sees them."""
    return {
        "stage": stage,
        "role": profile.role,
        "grade": profile.known_grade,
        "organisation": profile.organisation,
        "goals": list(profile.goals),
        "needs": [n.area for n in priorities if n.need > 0],
        "support": list(profile.support_in_place),
        "clinical_days": profile.clinical_days_per_week,
        "levy": profile.constraints.apprenticeship_levy,
        "situations": [],  # filled in by Context.facts once the situation is known
    }


def make_context(
    profile: Profile,
    catalogue: Catalogue,
    *,
    top: int | None = None,
    already: tuple[Opportunity, ...] = (),
    steer: Steer | None = None,
    others: OthersView | None = None,
    profile_file: str | None = None,
) -> Context:
    """`already`: opportunities the plan holds before selection (items carried forward
    from last year); they count towards diminishing returns as if chosen."""
    stage = catalogue.assessment.stage_for(profile.role, profile.years_in_role)
    k = catalogue.weights.scoring
    all_needs = needs(profile, catalogue, stage, others)
    prios = top_priorities(all_needs, k)
    facts = person_facts(profile, stage, prios)
    recs = [r for r in catalogue.advice.recommendations if applies(r.when, facts)]
    covered: dict[str, str] = {}
    for support in profile.support_in_place:
        rule = catalogue.advice.support_rule(support)
        for kind in rule.covers if rule else ():
            covered.setdefault(kind, support)
    c = profile.constraints
    if top is None:  # a longer plan holds a few more items
        extra_years = max(0, (c.horizon_months - 1) // 12)
        top = int(min(k.max_items_cap, k.max_items + k.max_items_per_extra_year * extra_years))
    base = steer or Steer()
    steer = Steer(
        include=base.include,
        exclude=tuple(dict.fromkeys([*base.exclude, *profile.exclude])),
        done=tuple(dict.fromkeys([*base.done, *profile.done])),
    )
    return adapt(
        Context(
            profile=profile,
            catalogue=catalogue,
            stage=stage,
            k=k,
            needs=all_needs,
            priorities=prios,
            recommendations=recs,
            covered=covered,
            horizon=c.horizon_months,
            per_month=float(c.hours_per_month),
            budget=float(c.budget_gbp),
            leave_days_per_year=float(c.study_leave_days),
            employer_funds_qualification=c.employer_funds_qualification == "yes",
            top=top,
            steer=steer,
            already=tuple(already),
            profile_file=profile_file or "PROFILE",
        )
    )
