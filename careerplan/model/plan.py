"""The plan: the machine-readable source of truth that every renderer and `review` reads.

Only the data model and its file I/O live here; building a plan is `planner.py` and the
engine package.
"""

import datetime as dt
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from careerplan import wording
from careerplan.model.assessment import Strict
from careerplan.model.profile import Profile, without_defaults
from careerplan.model.types import (
    AreaId,
    FundingId,
    GoalId,
    KindId,
    StageId,
    SupportId,
    new_dict,
    new_list,
)

PLAN_VERSION = 1

Status = Literal["proposed", "agreed", "in-progress", "complete", "carried-forward", "dropped"]

# The engine's typed decisions as a plan file keeps them (engine/reasons.py, money.py,
# time.py hold the same values; a test keeps them in step).
TimeShape = Literal["block", "sessions", "ongoing", "role", "qualification", "once"]
CostRoute = Literal[
    "free", "central", "employer", "known", "band", "unknown", "open-band", "closed"
]
KeptReason = Literal[
    "hours",
    "months",
    "leave",
    "too-long",
    "budget",
    "open-price",
    "top",
    "prerequisite",
    "family",
    "protected",
    "crowded",
    "after-rung",
]
OutReason = Literal[
    "stage",
    "not-for",
    "organisation",
    "covered",
    "done",
    "excluded",
    "no-budget",
    "time-in-post",
    "clinical-days",
    "region",
    "grade",
    "not-open",
    "only-in",
    "unsuited",
    "beyond-post",
    "nights-away",
    "held-role",
    "open-to",
]
ChangeName = Literal[
    "more-hours",
    "more-budget",
    "more-leave",
    "longer-plan",
    "longer-list",
    "ask-price",
    "protected-time",
    "swap",
    "study-load",
    "nothing-small",
]


class Priority(Strict):
    area: AreaId
    label: str
    rating: int | None = Field(
        description="Self-rating, 1 to the top of the assessment's scale, or None if not rated"
    )
    weight: float = Field(description="How much the area matters to this person (importance)")
    need: float = Field(description="(top of the scale - rating) x weight")
    why: str = Field(description="The arithmetic and its reasons, in words")


class RunnerUp(Strict):
    """An entry that was nearly chosen in an item's place: why it lost, and how to swap."""

    id: str
    title: str
    score: float = Field(description="Its score against the finished plan")
    lost: KeptReason | Literal["lower-score"] = Field(
        description="Why it lost: lower-score, crowded (its family or repeats), or the limit "
        "that kept it out (hours, months, leave, budget, top, too-long, protected, ...)"
    )
    swap: str = Field(description="The one command that plans it in this item's place")


class Coverage(Strict):
    """What serves one of the person's goals or top priorities, or why nothing does."""

    kind: Literal["goal", "priority"]
    id: str = Field(description="The goal or area id")
    served_by: list[str] = Field(default_factory=new_list, description="Plan items serving it")
    reason: Literal["no-entry", "excluded", "kept-out", "support", "carried", "crowded"] | None = (
        Field(
            default=None,
            description="Why nothing serves it: no-entry (nothing in the catalogue for it), "
            "excluded (none open to you), kept-out (by the limits: see `kept`), support (your "
            "support in place covers it), carried (items carried forward serve it), crowded "
            "(others scored higher)",
        )
    )
    kept: KeptReason | None = Field(
        default=None, description="kept-out: the limit (hours, budget ...)"
    )
    best: str | None = Field(default=None, description="The best entry for it not in the plan")


class HistoryEntry(Strict):
    on: dt.date
    status: Status
    note: str | None = None


class PlanItem(Strict):
    id: str
    title: str
    kind: KindId
    provider: str
    url: str | None = None
    link_note: str | None = Field(
        default=None, description="The catalogue's word on the link (why there is none)"
    )
    phase: int = Field(ge=1)
    phase_label: str
    start: dt.date
    target_date: dt.date
    hours: float | str
    hours_basis: str = Field(
        default="estimate",
        description="source, estimate, or allowance (hours unknown: a planning allowance is used)",
    )
    hours_per_month: float | None = Field(
        default=None,
        description="Hours of personal development time a month while it runs",
    )
    work_hours_per_month: float | None = Field(
        default=None,
        description="Hours a month in work time the employer releases or protects for it",
    )
    time_shape: TimeShape | None = Field(
        default=None, description="block, sessions, ongoing, role, qualification or once"
    )
    time_text: str | None = Field(default=None, description="How its time falls, in words")
    leave_days: float | None = Field(default=None, description="Days of study leave it takes")
    personal_hours: float | None = Field(
        default=None, description="Hours of personal development time (study leave apart)"
    )
    cost: float | str
    cost_note: str | None = None
    cost_counted: float | None = Field(
        default=None,
        description="Pounds counted against the budget; None when it cannot be (cost unknown)",
    )
    cost_route: CostRoute | None = Field(
        default=None,
        description="free, central, employer, known, band, unknown or open-band",
    )
    cost_short: str | None = Field(default=None, description="The cost in a few characters")
    funding: list[FundingId]
    areas: list[AreaId]
    goals: list[GoalId]
    score: float = 0
    why: str | None = Field(default=None, description="Why it is in the plan, in a line")
    reasons: list[str] = Field(min_length=1)
    arithmetic: str | None = Field(default=None, description="The score's arithmetic")
    brought_by: str | None = Field(
        default=None,
        description="The situation (interim, leaving, scrutiny ...) that brought it first",
    )
    filler: bool | None = Field(
        default=None,
        description="True when it scores below a place's usual score and is in only to use "
        "room in a long, mostly empty plan",
    )
    action: str
    first_step: str | None = Field(
        default=None, description="The action's first step, with its date (plans from 2026-11)"
    )
    first_step_by: dt.date | None = Field(default=None, description="When the first step is due")
    evidence: str
    source: str = ""
    programme: str | None = Field(default=None, description="The programme of work it is a step of")
    follows: str | None = Field(
        default=None, description="The step in this plan it continues (a programme's)"
    )
    runners_up: list[RunnerUp] = Field(
        default_factory=new_list, description="Entries nearly chosen in its place (--explain)"
    )
    status: Status = "proposed"
    status_date: dt.date | None = None
    history: list[HistoryEntry] = Field(default_factory=new_list)

    @property
    def own_hours(self) -> float | None:
        """Hours of the person's own development time: the one figure every view counts
        (`plan`'s totals, `status`, the exports). Study-leave days and work time the employer
        releases or protects are not in it. Plans saved before the split give only `hours`;
        None when the hours are unknown."""
        if self.personal_hours is not None:
            return float(self.personal_hours)
        return None if isinstance(self.hours, str) else float(self.hours)

    @property
    def last_note(self) -> str | None:
        """The newest note in the item's history (a reason, a reflection), if any."""
        for entry in reversed(self.history):
            if entry.note:
                return entry.note
        return None

    @field_validator("hours")
    @classmethod
    def _hours_word(cls, value: float | str) -> float | str:
        if isinstance(value, str) and value != "unknown":
            raise PydanticCustomError(
                "hours", "must be a number of hours or 'unknown', not '{value}'", {"value": value}
            )
        return value

    @field_validator("cost")
    @classmethod
    def _cost_word(cls, value: float | str, info: ValidationInfo) -> float | str:
        if isinstance(value, str) and value != "unknown":
            bands = ((info.context or {}).get("vocabularies") or {}).get("cost_bands")
            if bands is not None and value not in bands:
                raise PydanticCustomError(
                    "cost",
                    "'{value}' is not a cost: give pounds as a number, 'unknown', "
                    "or a cost band ({bands})",
                    {"value": value, "bands": ", ".join(bands)},
                )
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> "PlanItem":
        if self.target_date < self.start:
            raise PydanticCustomError(
                "dates",
                "target_date {target} is before start {start}; a target date comes after the start",
                {"target": wording.date(self.target_date), "start": wording.date(self.start)},
            )
        return self


class Totals(Strict):
    hours: float = Field(description="Known and estimated hours of all items")
    hours_available: float = Field(description="hours_per_month x horizon_months")
    cost: float = Field(description="Known costs (GBP) counted against the budget")
    budget: float
    cost_unknown: list[str] = Field(
        default_factory=new_list, description="Items whose cost is unknown: check with provider"
    )
    cost_estimated: list[str] = Field(
        default_factory=new_list,
        description="Items whose counted price is careerplan's estimate, not a published price",
    )
    levy_funded: list[str] = Field(default_factory=new_list)
    free_or_funded: list[str] = Field(default_factory=new_list)
    hours_per_month: float | None = Field(default=None, description="The person's limit")
    hours_by_month: list[float] = Field(
        default_factory=new_list, description="Planned hours in each month of the plan"
    )
    hours_unknown: list[str] = Field(
        default_factory=new_list, description="Items whose hours are a planning allowance"
    )
    leave_days: float | None = Field(default=None, description="Study-leave days planned")
    leave_days_available: float | None = Field(
        default=None, description="Study-leave days over the plan"
    )
    leave_days_per_year: float | None = Field(default=None)


NoteKind = Literal[
    "report",
    "room",
    "years",
    "steer",
    "first-goal",
    "goal",
    "levy",
    "dates",
    "carried",
    "situation",
    "budget",
    "other",
]


class Note(Strict):
    text: str
    source: str
    kind: NoteKind | None = Field(
        default=None,
        description="What the note is about: report (the report's advice for you), room (why "
        "the plan is not fuller), years (a year of a long plan with nothing new), steer "
        "(what you asked), first-goal, goal (a goal nothing serves), levy, dates, carried "
        "(items carried forward), situation (the person's situation), budget (what an "
        "unspent budget could buy), other",
    )


class Unmet(Strict):
    area: AreaId
    need: float
    message: str
    best: str | None = Field(default=None, description="The best entry for it not in the plan")
    reason: KeptReason | OutReason | Literal["low-score", "none"] | None = Field(
        default=None,
        description="Why its best entry is not in: a limit (hours, months, leave, budget, top, "
        "too-long, protected, family ...), an exclusion (stage, no-budget, covered ...), "
        "low-score, or none (nothing open serves it)",
    )
    change: ChangeName | None = Field(
        default=None, description="What would change it (as left_out)"
    )
    best_score: float | None = Field(
        default=None,
        description="low-score: its best entry's score beside the plan (below a place's)",
    )
    more_hours: int | None = Field(
        default=None, description="more-hours: the extra hours a month that bring its best in"
    )
    hours_per_month: float | None = Field(
        default=None, description="more-hours: the hours a month counted in all with them"
    )


class Overrides(Strict):
    """What-if options the plan was made with (--top, --horizon, --start)."""

    top: int | None = None
    horizon_months: int | None = None
    start: dt.date | None = None


class Asked(Strict):
    """Entries the person asked to include or leave out (--include, --exclude)."""

    include: list[str] = Field(default_factory=new_list)
    exclude: list[str] = Field(default_factory=new_list)


class PreviousPlan(Strict):
    """Last year's plan, when items were carried forward from it (--previous)."""

    source: str
    generated_on: dt.date
    carried: list[str] = Field(default_factory=new_list)
    completed: list[str] = Field(default_factory=new_list)
    dropped: list[str] = Field(default_factory=new_list)


class LeftOut(Strict):
    """A valuable opportunity the person's limits kept out, and what would let it in."""

    id: str
    title: str
    score: float
    message: str
    reason: KeptReason | Literal["no-budget"] | None = Field(
        default=None, description="hours, months, leave, budget, crowded, no-budget ..."
    )
    change: ChangeName | None = Field(default=None, description="more-hours, more-budget, ...")
    more_hours: int | None = None
    more_budget: float | None = None
    protected_hours: int | None = Field(
        default=None, description="protected-time, longer-plan: protected study hours a month"
    )
    horizon_months: int | None = Field(default=None, description="longer-plan: the plan's months")
    include: bool | None = Field(
        default=None, description="the change was checked asking for it (--include)"
    )
    top: int | None = Field(
        default=None, description="longer-list: the --top with which it comes in, checked"
    )
    exclude: list[str] = Field(
        default_factory=new_list,
        description="swap: the plan's items to leave out (--exclude) to have it instead",
    )
    lower_rung: str | None = Field(
        default=None, description="a qualification: the lower rung of its ladder that fits"
    )
    study_hours: float | None = Field(
        default=None, description="study-load: the qualification's study hours a month"
    )
    study_months: int | None = Field(default=None, description="study-load: ... for months")
    first_rung: str | None = Field(
        default=None, description="study-load: its ladder's first rung, said with what it needs"
    )


class Acknowledged(Strict):
    support: SupportId
    message: str


class Source(Strict):
    title: str
    publisher: str
    authors: str | None = None
    date: str | None = None
    checked: dt.date | None = Field(default=None, description="When its link was checked")
    url: str | None = None


class SituationOut(Strict):
    """An entry the person's situation keeps out of the plan, and why (typed)."""

    id: str
    reason: Literal["held-role", "unsuited", "beyond-post", "nights-away"]
    held_role: str | None = Field(default=None, description="held-role: the role held")


class PlanSituation(Strict):
    """What the person's situation changed in this plan (engine/situation.py)."""

    active: list[str] = Field(
        description="Situation ids: interim, leaving, less-than-full-time, caring, scrutiny, "
        "ratings-to-check"
    )
    ends: dt.date | None = Field(
        default=None, description="When the interim post ends, or the person expects to leave"
    )
    plan_months: int | None = Field(default=None, description="The plan's length, cut to `ends`")
    asked_months: int | None = Field(default=None, description="The length asked for")
    leave_factor: float = Field(default=1.0, description="Study leave pro rata to days worked")
    hours_factor: float = Field(
        default=1.0,
        description="Hours a month counted: pro rata to days worked, less the slack kept for "
        "caring (totals.hours_per_month is the profile's hours times this)",
    )
    first: list[str] = Field(default_factory=new_list, description="Entries brought first")
    kept_out: list[SituationOut] = Field(
        default_factory=new_list, description="Entries the situation keeps out, with why"
    )


class FeedbackArea(Strict):
    """One area seen by the person and by others (issue 22)."""

    area: AreaId
    own: int | None = Field(description="The person's own rating, None if not rated")
    others: float = Field(description="Others' average, from the groups that may be shown")
    raters: int
    view: Literal["blind-spot", "hidden-strength", "agreed"]


class FeedbackGroup(Strict):
    label: str = Field(description="Who they are: 'peers', 'colleagues', or a named mentor")
    raters: int
    averages: dict[AreaId, float] = Field(default_factory=new_dict)


class Feedback(Strict):
    """Others' ratings as the plan may show them: pooled so that no single rater's ratings
    can be worked out (careerplan.model.feedback)."""

    groups: list[FeedbackGroup] = Field(default_factory=new_list)
    areas: list[FeedbackArea] = Field(default_factory=new_list)
    comments: list[str] = Field(default_factory=new_list)
    named_comments: list[tuple[str, str]] = Field(default_factory=new_list)
    unused: int = Field(0, description="Raters left out to keep raters anonymous")
    needed: int = Field(0, description="More ratings that would let them count")


class Plan(Strict):
    version: int = PLAN_VERSION
    generated_on: dt.date
    generator: str
    profile: Profile
    stage: StageId
    start: dt.date
    end: dt.date
    horizon_months: int
    priorities: list[Priority]
    items: list[PlanItem]
    totals: Totals
    reviews: list[dt.date]
    notes: list[Note] = Field(default_factory=new_list)
    unmet: list[Unmet] = Field(default_factory=new_list)
    left_out: list[LeftOut] = Field(
        default_factory=new_list,
        description="Valuable opportunities kept out by the limits, each with what would let it in",
    )
    acknowledged: list[Acknowledged] = Field(default_factory=new_list)
    coverage: list[Coverage] = Field(
        default_factory=new_list,
        description="Every goal and top priority: what serves it, or why not",
    )
    sources: list[Source] = Field(default_factory=new_list)
    mentor: str | None = None
    overrides: Overrides | None = None
    asked: Asked | None = None
    previous_plan: PreviousPlan | None = None
    situation: PlanSituation | None = Field(
        default=None, description="What the person's situation changed; absent when nothing"
    )
    feedback: Feedback | None = Field(
        default=None, description="Others' ratings beside the person's own, pooled"
    )
    extra: dict[str, Any] = Field(
        default_factory=new_dict, description="Room for later versions; kept as it is"
    )


# Fields added after the first plan files were written: left out of the data when empty, so
# a plan without them is written exactly as before.
LATER_FIELDS = {
    "plan": (
        "left_out",
        "coverage",
        "overrides",
        "asked",
        "previous_plan",
        "situation",
        "feedback",
    ),
    "note": ("kind",),
    "unmet": ("best", "reason", "change", "best_score", "more_hours", "hours_per_month"),
    "item": (
        "programme",
        "follows",
        "runners_up",
        "hours_per_month",
        "cost_counted",
        "time_shape",
        "time_text",
        "leave_days",
        "personal_hours",
        "cost_route",
        "cost_short",
        "why",
        "arithmetic",
        "brought_by",
        "filler",
    ),
    "totals": (
        "hours_per_month",
        "hours_by_month",
        "hours_unknown",
        "leave_days",
        "leave_days_available",
        "leave_days_per_year",
    ),
    "left_out": (
        "reason",
        "change",
        "more_hours",
        "more_budget",
        "protected_hours",
        "horizon_months",
        "include",
        "lower_rung",
        "top",
        "exclude",
        "study_hours",
        "study_months",
        "first_rung",
    ),
}


M = TypeVar("M", bound=Strict)


def built(model: type[M], /, **values: Any) -> M:
    """A plan model made from values the engine has already checked and typed, without
    validating them again: validation is for plan files read back, and building a plan's
    validators costs a single plan's start-up more than the engine does. The values are
    given the types validation would give them (a whole number in a float field becomes a
    float, a tuple in a list field a list, an enum member in a Literal field its string),
    so what is saved and shown is byte-identical; a test compares built plans with
    validated ones, value by value and type by type."""
    fields = model.model_fields
    for name, value in values.items():
        annotation: Any = fields[name].annotation
        values[name] = _typer(annotation)(value)
    return typing.cast(M, model.model_construct(**values))


def _same(value: Any) -> Any:
    return value


@functools.cache
def _typer(annotation: Any) -> Callable[[Any], Any]:
    """A function giving a value the type validation gives it for `annotation` (the kinds
    of annotation the plan models use: floats, strings, literals, lists, tuples, unions,
    models)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _typer(args[0])
    if origin in (typing.Union, types.UnionType):
        given = [a for a in args if a is not type(None)]
        if len(given) == 1:
            return _typer(given[0])
        return _scalar(
            float in given, any(a is str or typing.get_origin(a) is Literal for a in given)
        )
    if annotation is float or annotation is str or origin is Literal:
        return _scalar(annotation is float, annotation is not float)
    if origin is list:
        each = _typer(args[0])
        return lambda v: [each(x) for x in v]
    if origin is tuple and args and args[-1] is not Ellipsis:
        parts = [_typer(a) for a in args]
        return lambda v: tuple(f(x) for f, x in zip(parts, v, strict=True))
    return _same


def _scalar(to_float: bool, to_str: bool) -> Callable[[Any], Any]:
    def typed(value: Any) -> Any:
        if to_float and type(value) is int:
            return float(value)
        if to_str and isinstance(value, str) and type(value) is not str:
            return str(value)
        return value

    return typed


def plan_data(plan: Plan) -> dict[str, Any]:
    data = plan.model_dump(mode="json")
    data["profile"] = without_defaults(data["profile"])

    def drop_empty(d: dict[str, Any], keys: tuple[str, ...]) -> None:
        for key in keys:
            if key in d and d[key] in (None, []):
                del d[key]

    drop_empty(data, LATER_FIELDS["plan"])
    drop_empty(data["totals"], LATER_FIELDS["totals"])
    for item in data["items"]:
        drop_empty(item, LATER_FIELDS["item"])
    for row in data.get("left_out", []):
        drop_empty(row, LATER_FIELDS["left_out"])
    for row in data.get("notes", []):
        drop_empty(row, LATER_FIELDS["note"])
    for row in data.get("unmet", []):
        drop_empty(row, LATER_FIELDS["unmet"])
    return data


#: Notes of plans written before notes had a kind: the kind from the note's source, once,
#: when the file is loaded (the only place a note's words are read).
_KIND_OF_SOURCE = (
    ("Report", "report"),
    ("How full this plan is", "room"),
    ("Each year of the plan", "years"),
    ("What you asked", "steer"),
    ("Your first goal", "first-goal"),
    ("Your goals", "goal"),
    ("Funding rule", "levy"),
    ("The plan's dates", "dates"),
    ("Carried forward", "carried"),
    ("Your budget", "budget"),
)


def upgrade_plan_data(data: dict[str, Any]) -> dict[str, Any]:
    """An older plan file's data in today's shape: what it kept in `extra` (overrides,
    asked, previous_plan) moves to the typed fields, and each note gets its kind."""
    data = dict(data)
    extra = data.get("extra")
    if isinstance(extra, dict):
        extra = dict(extra)
        for key in ("overrides", "asked", "previous_plan"):
            if key in extra and key not in data:
                data[key] = extra.pop(key)
        data["extra"] = extra
    notes = data.get("notes")
    if isinstance(notes, list):
        previous = data.get("previous_plan")
        carried = previous.get("source") if isinstance(previous, dict) else None
        data["notes"] = [_note_kind(n, carried) for n in notes]
    return data


def _note_kind(note: Any, carried: str | None) -> Any:
    if not isinstance(note, dict) or "kind" in note or not isinstance(note.get("source"), str):
        return note
    if carried is not None and note["source"] == carried:
        return {**note, "kind": "carried"}
    for start, kind in _KIND_OF_SOURCE:
        if note["source"].startswith(start):
            return {**note, "kind": kind}
    return {**note, "kind": "other"}
