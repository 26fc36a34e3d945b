"""How an entry's time falls in a doctor's year.

Study leave and personal development time are different budgets: a two-day course is two
days of study leave in one month, not 15 hours smeared over a year. Each entry has a
shape (the catalogue's `time:`):

    block          days of study leave taken together, in one month
    sessions       n sessions of h hours over m months, from personal time
    ongoing        hours a month (for m months, or the whole plan)
    role           a minimum monthly commitment over m months
    qualification  taught days (study leave) spread over m months, and private study
                   hours a month from personal time
    once           a short task in one month, from personal time

An entry still described by `hours` alone gets the shape its kind implies (a course is a
block, a peer network ongoing, a stretch role a role, ...), with its hours as the total.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from careerplan.engine.context import Context
    from careerplan.model.opportunity import Opportunity

BLOCK_KINDS = ("course", "programme", "shadowing")
SESSION_KINDS = ("action-learning-set", "coaching", "mentoring")
ONGOING_KINDS = ("peer-network",)
ROLE_KINDS = ("committee", "stretch-role")
ONCE_MOST_HOURS = 6  # a derived 'once' task: more than this becomes a few months' work
PROJECT_HOURS_A_MONTH = 3  # ... at about this many hours a month
ROLE_MIN_HOURS_A_MONTH = 2  # a derived role asks at least this much each month


class Shape(NamedTuple):
    """An entry's time within this plan: it runs `months` months; each month it takes
    `personal_per_month` hours of personal development time; over its length it takes
    `leave_days` days of study leave (all in the first month for a block)."""

    shape: str
    months: int
    personal_per_month: float
    leave_days: float
    basis: str  # source, estimate, or allowance (hours unknown)
    hours_per_day: float
    wanted_months: int  # its length as published (longer than the plan: it is cut)
    protected_per_month: float = 0.0  # study in work time the employer protects

    @property
    def personal_hours(self) -> float:
        return round(self.personal_per_month * self.months, 2)

    @property
    def total_hours(self) -> float:
        protected = self.protected_per_month * self.months
        return round(self.personal_hours + protected + self.leave_days * self.hours_per_day, 2)

    def leave_in(self, month: int) -> float:
        """Study-leave days in month `month` of the item (0: its first)."""
        if self.shape == "block":
            return self.leave_days if month == 0 else 0.0
        return self.leave_days / self.months if self.months else 0.0

    @property
    def too_long(self) -> bool:
        """A qualification longer than the plan cannot be done within it."""
        return self.shape == "qualification" and self.wanted_months > self.months


def shape_of(opp: Opportunity, ctx: Context) -> Shape:
    """The entry's shape within this plan (cut to the plan's length where it runs on);
    kept in `ctx.memo` (a what-if changes hours, money or leave, never the length). A
    qualification's private study comes first from the study time the employer protects,
    and only the rest from the person's own hours."""
    protected = float(ctx.profile.constraints.protected_study_hours_per_month)
    memo = ctx.memo.setdefault(("shape", ctx.horizon, protected), {})
    got = memo.get(opp.id)
    if got is None:
        got = _shape_of(opp, ctx)
        if got.shape == "qualification" and protected:
            # It uses what it needs of the protected time, no more: the rest is free for
            # another qualification in the same months (the schedule keeps their sum
            # within the amount agreed).
            used = min(protected, got.personal_per_month)
            own = max(0.0, round(got.personal_per_month - used, 4))
            got = got._replace(personal_per_month=own, protected_per_month=used)
        elif got.shape == "role" and getattr(opp.__dict__.get("time"), "released", False):
            # Work time the employer releases (with their agreement), not the person's own.
            got = got._replace(personal_per_month=0.0, protected_per_month=got.personal_per_month)
        memo[opp.id] = got
    return got


def _shape_of(opp: Opportunity, ctx: Context) -> Shape:
    per_day = ctx.k.hours_per_leave_day
    horizon = ctx.horizon
    time = opp.__dict__.get("time")
    if time is not None:
        return _from_time(time, horizon, per_day)
    old = opp.__dict__.get("hours")  # an entry from before `time:` (CONTRACT.md)
    if old is None or isinstance(old, str):
        hours, basis = float(ctx.k.unknown_hours), "allowance"
    else:
        hours, basis = float(old), opp.__dict__.get("hours_basis") or "estimate"
    kind_months = ctx.catalogue.advice.kind_plan(opp.kind).months
    kind = opp.kind
    if kind in BLOCK_KINDS:
        days = max(0.5, math.ceil(hours / per_day * 2) / 2)
        return Shape("block", 1, 0.0, days, basis, per_day, 1)
    if kind == "qualification":
        months = max(1, kind_months)
        return _cut("qualification", months, hours / months, 0.0, basis, per_day, horizon)
    if kind in ROLE_KINDS:
        months = max(1, kind_months)
        rate = max(ROLE_MIN_HOURS_A_MONTH, hours / months)
        return _cut("role", months, rate, 0.0, basis, per_day, horizon)
    if kind in ONGOING_KINDS or kind in SESSION_KINDS:
        months = max(1, kind_months)
        name = "ongoing" if kind in ONGOING_KINDS else "sessions"
        return _cut(name, months, hours / months, 0.0, basis, per_day, horizon)
    if hours <= ONCE_MOST_HOURS:
        return Shape("once", 1, hours, 0.0, basis, per_day, 1)
    months = math.ceil(hours / PROJECT_HOURS_A_MONTH)
    return _cut("sessions", months, hours / months, 0.0, basis, per_day, horizon)


def _cut(
    shape: str, months: int, rate: float, leave: float, basis: str, per_day: float, horizon: int
) -> Shape:
    """Within the plan: sessions are fitted into it, ongoing work and roles stop at its
    end, a longer qualification is marked too long."""
    if months <= horizon:
        return Shape(shape, months, round(rate, 4), leave, basis, per_day, months)
    if shape == "sessions":  # the same sessions, closer together
        return Shape(
            shape, horizon, round(rate * months / horizon, 4), leave, basis, per_day, months
        )
    kept = leave * horizon / months
    return Shape(shape, horizon, round(rate, 4), round(kept, 2), basis, per_day, months)


def _from_time(time, horizon: int, per_day: float) -> Shape:
    """From the catalogue's `time:` mapping (see CONTRACT.md)."""
    basis = getattr(time, "basis", "estimate")
    shape = time.shape
    if shape == "block":
        return Shape("block", 1, 0.0, float(time.days), basis, per_day, 1)
    if shape == "once":
        return Shape("once", 1, float(time.hours), 0.0, basis, per_day, 1)
    if shape == "sessions":
        months = int(time.months)
        total = float(time.sessions) * float(time.session_hours)
        return _cut("sessions", months, total / months, 0.0, basis, per_day, horizon)
    if shape == "ongoing":
        months = horizon if getattr(time, "whole_plan", False) else int(time.months)
        return _cut("ongoing", months, float(time.hours_per_month), 0.0, basis, per_day, horizon)
    if shape == "role":
        months = int(time.months)
        return _cut("role", months, float(time.hours_per_month), 0.0, basis, per_day, horizon)
    months = int(time.months)  # qualification
    return _cut(
        "qualification",
        months,
        float(time.study_hours_per_month),
        float(time.taught_days),
        basis,
        per_day,
        horizon,
    )
