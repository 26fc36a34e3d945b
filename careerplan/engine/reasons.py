"""Decisions as typed values: why an entry can never be in this plan (an Exclusion), why a
wanted entry was kept out (a Rejection), and what would change that (a Change).

Sentences are made from these in `sentences.py` alone and never read back: code that
decides (which advice to give, what to count) looks at the kinds and numbers here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


class Out(StrEnum):
    """Why an entry cannot be in this plan at all."""

    STAGE = "stage"  # made for other stages
    NOT_FOR = "not-for"  # the entry says it is not for this role or stage
    ORGANISATION = "organisation"  # only for other kinds of organisation
    COVERED = "covered"  # support in place already covers its kind
    DONE = "done"  # the profile says it is done
    EXCLUDED = "excluded"  # the person asked to leave it out
    NO_BUDGET = "no-budget"  # paid (or price unknown) and the budget is £0
    TIME_IN_POST = "time-in-post"  # only for those newer in post
    CLINICAL_DAYS = "clinical-days"  # only for those with fewer clinical days
    # The person's situation (engine/situation.py):
    HELD_ROLE = "held-role"  # asks the person to take up a role they already hold
    ONLY_IN = "only-in"  # only for people in another situation
    UNSUITED = "unsuited"  # not for people in the person's situation
    OPEN_TO = "open-to"  # a targeted programme the person has not asked to be considered for
    BEYOND_POST = "beyond-post"  # longer than an interim post or the time before leaving
    NIGHTS_AWAY = "nights-away"  # days away in person, ruled out by caring commitments
    REGION = "region"  # a regional offer of another NHS England region
    GRADE = "grade"  # for doctors on another contract (the profile's grade)
    NOT_OPEN = "not-open"  # none of its funding routes is open to this person


class CostWhy(StrEnum):
    """Why an entry's score is multiplied for its cost (Score.cost_factor)."""

    UNKNOWN = "unknown"  # no price, and no free route open to the person: weights unknown_cost
    ELIGIBLE_FREE = "eligible-free"  # free or funded through a route limited to people
    # like this one, and open to them: weights eligible_free


class Exclusion(NamedTuple):
    kind: Out
    stages: tuple[str, ...] = ()  # STAGE: the stages it is for
    support: str | None = None  # COVERED: the support in place
    limit: float = 0.0  # TIME_IN_POST: most years in post; CLINICAL_DAYS: most days a week
    # BEYOND_POST: the months it runs; NIGHTS_AWAY: the days away
    held: str | None = None  # HELD_ROLE: the role held
    situations: tuple[str, ...] = ()  # ONLY_IN: the situations it is for
    regions: tuple[str, ...] = ()  # REGION: the regions it is offered in
    grades: tuple[str, ...] = ()  # GRADE: the contracts it is for
    closed: str | None = None  # NOT_OPEN: why (funding.Closed)


class Kept(StrEnum):
    """Why a wanted entry was kept out by the limits."""

    HOURS = "hours"  # more hours than the plan has left
    MONTHS = "months"  # the hours do not fit month by month alongside the rest
    LEAVE = "leave"  # more study leave than is left in some plan year
    TOO_LONG = "too-long"  # a qualification longer than the plan
    BUDGET = "budget"  # costs more than the budget left
    OPEN_PRICE = "open-price"  # a price range with no upper figure
    TOP = "top"  # the plan already holds as many items as it shows
    PREREQUISITE = "prerequisite"  # builds on an entry that cannot be in this plan
    FAMILY = "family"  # the plan already has one of its family (the same kind, one per
    # family: not necessarily serving the same purpose)
    PROTECTED = "protected"  # another qualification uses the protected study time then
    CROWDED = "crowded"  # others scored higher: the plan's items already build what it builds
    AFTER_RUNG = "after-rung"  # the next rung of a ladder cannot finish in the plan after
    # the rung below it ends


@dataclass(frozen=True)
class Rejection:
    kind: Kept
    hours_needed: float = 0.0  # HOURS: with what it builds on
    hours_left: float = 0.0
    capacity: float = 0.0
    per_month: float = 0.0  # MONTHS: the monthly limit
    leave_needed: float = 0.0  # LEAVE: days
    leave_per_year: float = 0.0
    months_needed: int = 0  # TOO_LONG
    horizon: int = 0
    money_needed: float = 0.0  # BUDGET: with what it builds on
    money_left: float = 0.0
    budget: float = 0.0
    top: int = 0  # TOP: the most items shown
    bundle: tuple[str, ...] = ()  # prerequisites it would bring (ids)
    blocker: str | None = None  # PREREQUISITE: the entry it builds on
    blocker_out: Exclusion | None = None  # ... and why that cannot be in the plan
    # AFTER_RUNG: blocker is the rung below, months_needed its own months, horizon the
    # plan's; after the plan month (1-based) it could start in
    after: int = 0


class ChangeKind(StrEnum):
    MORE_HOURS = "more-hours"
    MORE_BUDGET = "more-budget"
    MORE_LEAVE = "more-leave"
    LONGER_PLAN = "longer-plan"
    LONGER_LIST = "longer-list"
    ASK_PRICE = "ask-price"
    PROTECTED_TIME = "protected-time"  # a qualification: study time in work hours
    SWAP = "swap"  # planned with --include (as well), or in place of its family (--exclude)
    STUDY_LOAD = "study-load"  # a qualification needing more study a month than the most
    # protected time employers usually release and the person's own hours together
    NOTHING_SMALL = "nothing-small"  # no small change brings it in
    NONE = "none"  # advice not worked out (summaries of many plans)


class Change(NamedTuple):
    """What would bring an entry in: checked by planning again where it says so."""

    kind: ChangeKind
    hours: int = 0  # MORE_HOURS: extra hours a month; PROTECTED_TIME: protected hours a month
    per_month: float = 0.0  # ... the new monthly total
    pounds: float = 0.0  # MORE_BUDGET: extra pounds
    budget: float = 0.0  # ... the new budget
    days: float = 0.0  # MORE_LEAVE
    months: int = 0  # LONGER_PLAN
    top: int = 0  # LONGER_LIST
    swap_out: tuple[str, ...] = ()  # SWAP: the plan's items it would replace
    verified: bool = False  # planned again with the change, and the entry was in
    about: str = ""  # NOTHING_SMALL: what was tried (hours, money, leave)
    far: bool = False  # NOTHING_SMALL: the entry needs far more than this plan has
    protected: int = 0  # LONGER_PLAN: ... with this much protected study time a month too
    include: bool = False  # ... and planned again asking for the entry (--include)
    rung: str = ""  # a qualification: the lower rung of its ladder that fits the plan as it
    # is (planned again with it asked for, it came in); '' when none was found
    # STUDY_LOAD: the study it takes (hours a month, months), the most protected time the
    # plan suggests (weights: max_protected_hours), the ladder's first rung with its own
    # study, and the change (within that most) that lets the first rung in, checked by
    # planning again; None when none does
    study: float = 0.0
    study_months: int = 0
    ceiling: int = 0
    first_rung: str = ""
    first_study: float = 0.0
    first_months: int = 0
    first_change: Change | None = None


class NoteKind(StrEnum):
    ROOM = "room"  # the plan uses less than half its time
    STEER = "steer"  # what the person asked to include, leave out or mark done
    FIRST_GOAL = "first-goal"  # the first goal could not be served
    LEVY = "levy"  # the apprenticeship levy no longer funds this person
    BUDGET = "budget"  # most of the budget is unspent: what it could buy
