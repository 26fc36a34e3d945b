"""The report's advice as data: notes, scoring recommendations, support and plan phases.

`catalogue/advice.yaml` says what the report recommends for which situations (a new
medical director, one who keeps clinical work, one aiming beyond the role ...), which
opportunities the support a person already has makes unnecessary, how long each kind of
opportunity usually runs, and how the plan is divided into phases. This module holds its
schema and the one pure function that decides whether a condition fits a person.
"""

import datetime as dt
import string
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from careerplan.model.assessment import Strict
from careerplan.model.types import (
    AreaId,
    GoalId,
    GradeId,
    KindId,
    OrganisationId,
    RoleId,
    SituationId,
    Slug,
    StageId,
    SupportId,
    Url,
    new_dict,
    new_list,
)

# The last three are the catalogue's words that fit the person (careerplan/placeholders.py).
PLACEHOLDERS = ("top_areas", "first_goal", "stage", "clinical_days", "ask", "org", "when_new")


def _check_placeholders(text: str) -> str:
    for _, name, _, _ in string.Formatter().parse(text):
        if name is not None and name not in PLACEHOLDERS:
            raise ValueError(
                f"unknown placeholder {{{name}}}; use one of: "
                + ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            )
    return text


class When(Strict):
    """Conditions on a person; all given conditions must hold (an empty `when` always does).

    Lists mean "any of": `goals: [a, b]` holds if the person has goal a or goal b.
    """

    stages: list[StageId] = Field(default_factory=new_list)
    roles: list[RoleId] = Field(default_factory=new_list)
    grades: list[GradeId] = Field(
        default_factory=new_list,
        description="The profile's grade is one of these (a profile that gives no grade "
        "matches none)",
    )
    organisations: list[OrganisationId] = Field(default_factory=new_list)
    goals: list[GoalId] = Field(default_factory=new_list)
    needs: list[AreaId] = Field(
        default_factory=new_list, description="Any of these areas is among the person's priorities"
    )
    support_missing: list[SupportId] = Field(
        default_factory=new_list, description="None of these is in place"
    )
    support_present: list[SupportId] = Field(
        default_factory=new_list, description="At least one of these is in place"
    )
    min_clinical_days: float | None = Field(default=None, ge=0, le=5)
    max_clinical_days: float | None = Field(default=None, ge=0, le=5)
    levy: bool | None = None
    situations: list[SituationId] = Field(
        default_factory=new_list,
        description="The person is in any of these situations (an interim post, leaving ...)",
    )
    situations_missing: list[SituationId] = Field(
        default_factory=new_list, description="The person is in none of these situations"
    )
    plan_has: list[KindId] = Field(
        default_factory=new_list, description="The plan holds an item of any of these kinds"
    )
    plan_lacks: list[KindId] = Field(
        default_factory=new_list, description="The plan holds no item of these kinds"
    )


SITUATION_PLACEHOLDERS = (
    "{ends}",
    "{months}",
    "{asked}",
    "{length}",
    "{days}",
    "{leave}",
    "{full_leave}",
    "{hours}",
    "{full_hours}",
    "{gross}",
    "{share}",
    "{slack}",
    "{same}",
    "{rated}",
    "{rating}",
    "{same_of}",
    "{roles}",
    "{titles}",
)


class SituationNote(Strict):
    text: str = Field(min_length=1)
    source: str = Field(min_length=1)

    @field_validator("text")
    @classmethod
    def _known(cls, value: str) -> str:
        allowed = {p.strip("{}") for p in SITUATION_PLACEHOLDERS} | set(PLACEHOLDERS)
        for _, name, _, _ in string.Formatter().parse(value):
            if name is not None and name not in allowed:
                raise ValueError(
                    f"unknown placeholder {{{name}}}; use one of: "
                    + ", ".join(sorted("{" + p + "}" for p in allowed))
                )
        return value


ProRata = Literal["hours", "study-leave"]


class SituationRules(Strict):
    """The numbers behind the engine's use of the person's situation (engine/situation.py)."""

    min_rated: int = Field(
        default=8, ge=1, description="Ratings are checked only when at least this many are given"
    )
    same_share: float = Field(
        default=0.75,
        gt=0,
        le=1,
        description="Ratings to check: at least this share of them the same (12 of 16), or "
        "every one at the top",
    )
    first_most: int = Field(
        default=3,
        ge=1,
        le=6,
        description="At most this many entries that suit a situation are planned first "
        "for it (the best of each family)",
    )
    caring_most_days: float = Field(
        default=1,
        ge=0,
        description="With caring commitments, in-person blocks of more days than this "
        "(nights away) are left out",
    )
    pro_rata: list[ProRata] = Field(
        default_factory=lambda: list[ProRata](["study-leave"]),
        description="Less than full time: what is counted pro rata to the days worked "
        "(hours a month and study leave are given as for a full-time post)",
    )
    hours_share: dict[SituationId, Annotated[float, Field(gt=0, le=1)]] = Field(
        default_factory=new_dict,
        description="Situation -> the share of each month's hours the plan fills, the rest "
        "left as slack (caring commitments, say)",
    )
    schedule_first: list[SituationId] = Field(
        default_factory=new_list,
        description="Situations whose first entries are placed before any other work, in "
        "this order (a 90-day plan in an interim post in week one)",
    )
    unsuited_kinds: dict[SituationId, list[KindId]] = Field(
        default_factory=new_dict,
        description="Situation -> kinds of entry left out for someone in it (new external "
        "roles and committees under regulatory scrutiny, say)",
    )
    first_reasons: dict[SituationId, str] = Field(
        default_factory=new_dict,
        description="Situation -> why an entry that suits it comes first (said in the item's "
        "reasons); a few words for the plan's table come from `first_short`",
    )
    first_short: dict[SituationId, str] = Field(default_factory=new_dict)
    roles_held_note: SituationNote | None = Field(
        default=None,
        description="Said when roles the person already holds keep entries out: {roles} "
        "and {titles} name them",
    )
    notes: dict[SituationId, SituationNote] = Field(
        default_factory=new_dict,
        description="Situation -> the note shown with the plan (always shown, never "
        "crowded out by the note limit). Placeholders: " + ", ".join(SITUATION_PLACEHOLDERS),
    )


class Note(Strict):
    """Advice from the report shown with the plan when `when` fits the person."""

    id: Slug
    when: When = Field(default_factory=When)
    text: str = Field(min_length=1)
    source: str = Field(min_length=1, description="The report section it comes from")
    always: bool = Field(
        default=False,
        description="Shown whenever it fits, beyond the plan's note limit (a caveat the "
        "person must see, such as the one for settings outside the NHS)",
    )

    _t = field_validator("text")(classmethod(lambda cls, v: _check_placeholders(v)))


class Recommendation(Strict):
    """A report recommendation that adds `bonus` to matching opportunities' scores."""

    id: Slug
    when: When = Field(default_factory=When)
    ids: list[Slug] = Field(
        default_factory=new_list,
        description="Catalogue entries it names; when given, only these match",
    )
    kinds: list[KindId] = Field(default_factory=new_list)
    areas: list[AreaId] = Field(
        default_factory=new_list, description="Opportunities building any of these areas"
    )
    min_strength: int = Field(
        default=2,
        ge=1,
        le=3,
        description="An opportunity matches "
        "`areas` when it builds one of them at least this strongly",
    )
    bonus: float = Field(gt=0, le=20)
    reason: str = Field(min_length=1, description="One sentence said in the item's reasons")
    source: str = Field(min_length=1)

    _t = field_validator("reason")(classmethod(lambda cls, v: _check_placeholders(v)))

    @model_validator(mode="after")
    def _targets(self) -> "Recommendation":
        if not self.ids and not self.kinds and not self.areas:
            raise ValueError("name the `ids`, `kinds` or `areas` of opportunity it favours")
        return self


class SupportRule(Strict):
    """Support already in place: which kinds it makes unnecessary, and what to say instead."""

    support: SupportId
    covers: list[KindId] = Field(default_factory=new_list)
    message: str = Field(min_length=1)
    message_when_added: str | None = Field(
        default=None,
        description="Said instead of `message` when the plan still adds support of the same "
        "type (one wider than the person's own, such as a set with other organisations); "
        "{added} is replaced by the item's title. Absent: a plain sentence saying so",
    )

    _t = field_validator("message")(classmethod(lambda cls, v: _check_placeholders(v)))

    @field_validator("message_when_added")
    @classmethod
    def _added(cls, value: str | None) -> str | None:
        if value is not None:
            _check_placeholders(value.replace("{added}", ""))
        return value


class KindPlan(Strict):
    """How an opportunity of a kind is planned: its phase and its usual length."""

    kind: KindId
    phase: Literal["early", "main", "long"] = Field(
        description="early: foundations, peer support, quick wins; main: the main period; "
        "long: qualifications, stretch roles, career moves"
    )
    months: int = Field(ge=1, le=60, description="Usual length in months")
    family: str = Field(
        default="",
        description="Kinds in the same family count as similar "
        "(a plan avoids stacking them); empty: the kind itself",
    )
    family_label: str = Field(
        default="", description="Words for the family, e.g. 'taught course or programme'"
    )
    repeat: float | None = Field(
        default=None,
        gt=0,
        le=1,
        description="Factor for each "
        "similar item already in the plan; default: scoring."
        "kind_repeat in weights.yaml",
    )
    format_matters: bool = Field(
        default=True,
        description="False for kinds that are steps "
        "at work rather than ways of learning: the person's "
        "preferred formats are not applied",
    )
    depth: float = Field(
        default=1.0,
        gt=0,
        le=1,
        description="How far it builds an area "
        "compared with a fuller opportunity of the same strength (a short "
        "guide: 0.5)",
    )
    doing: str = Field(
        min_length=1,
        description="What the person does, e.g. 'take part in "
        "the programme' (used in the SMART action)",
    )


class Phase(Strict):
    number: int = Field(ge=1, le=3)
    label: str = Field(min_length=1)
    help: str = Field(min_length=1)


class SummaryAdvice(Strict):
    """What `careerplan summary` says about a directorate's plans together."""

    cohort_min_people: int = Field(
        default=3, ge=2, description="At least this many people wanting one opportunity"
    )
    cohort_advice: dict[KindId, str] = Field(
        default_factory=new_dict,
        description="Kind -> what to suggest when cohort_min_people or more want it",
    )
    peer_family: str = Field(
        default="peer",
        description="The `family` of kinds that are peer support (support that covers "
        "one of them counts as peer support in place)",
    )


class Report(Strict):
    """The report the advice comes from: every plan names it among its sources."""

    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    authors: str = Field(min_length=1)
    published: dt.date
    url: Url | None = None
    checked: dt.date | None = Field(default=None, description="When the link was checked")


class Advice(Strict):
    version: Literal[1]
    report: Report | None = Field(
        default=None, description="The report this advice comes from (named in every plan)"
    )
    phases: list[Phase] = Field(min_length=3, max_length=3)
    kinds: list[KindPlan] = Field(default_factory=new_list)
    support: list[SupportRule] = Field(default_factory=new_list)
    recommendations: list[Recommendation] = Field(default_factory=new_list)
    notes: list[Note] = Field(default_factory=new_list)
    summary: SummaryAdvice = Field(default_factory=SummaryAdvice)
    situations: SituationRules = Field(default_factory=SituationRules)

    @model_validator(mode="after")
    def _unique(self) -> "Advice":
        if sorted(p.number for p in self.phases) != [1, 2, 3]:
            raise ValueError("phases: give phases numbered 1, 2 and 3")
        for name, key in (
            ("kinds", "kind"),
            ("support", "support"),
            ("recommendations", "id"),
            ("notes", "id"),
        ):
            values = [getattr(x, key) for x in getattr(self, name)]
            dupes = sorted({v for v in values if values.count(v) > 1})
            if dupes:
                raise ValueError(f"{name}: '{dupes[0]}' is listed twice")
        return self

    @cached_property
    def _kinds_by_id(self) -> dict[str, KindPlan]:
        return {k.kind: k for k in self.kinds}

    def kind_plan(self, kind: str) -> KindPlan:
        found = self._kinds_by_id.get(kind)
        if found is not None:
            return found
        return KindPlan(kind=kind, phase="main", months=3, doing="complete it", family=kind)

    def family(self, kind: str) -> str:
        return self.kind_plan(kind).family or kind

    def phase(self, number: int) -> Phase:
        for p in self.phases:
            if p.number == number:
                return p
        raise KeyError(number)

    def support_rule(self, support: str) -> SupportRule | None:
        for rule in self.support:
            if rule.support == support:
                return rule
        return None


DEFAULT_ADVICE: dict[str, Any] = {
    "version": 1,
    "phases": [
        {"number": 1, "label": "First three months", "help": "Foundations and quick wins"},
        {"number": 2, "label": "Main period", "help": "The main development work"},
        {"number": 3, "label": "Longer term", "help": "Long items"},
    ],
}


def applies(when: When, person: dict[str, Any]) -> bool:
    """Does `when` fit a person described by `person` (see planner.person_facts)?"""

    def any_of(wanted: list[str], have: list[str] | str) -> bool:
        if not wanted:
            return True
        have_list = [have] if isinstance(have, str) else have
        return any(w in have_list for w in wanted)

    if not any_of(when.stages, person["stage"]):
        return False
    if not any_of(when.roles, person["role"]):
        return False
    if when.grades and person.get("grade") not in when.grades:
        return False
    if not any_of(when.organisations, person["organisation"]):
        return False
    if not any_of(when.goals, person["goals"]):
        return False
    if not any_of(when.needs, person["needs"]):
        return False
    if when.support_missing and any(s in person["support"] for s in when.support_missing):
        return False
    if when.support_present and not any(s in person["support"] for s in when.support_present):
        return False
    return _numbers_hold(when, person) and _situation_holds(when, person)


def _numbers_hold(when: When, person: dict[str, Any]) -> bool:
    days = person["clinical_days"]
    if when.min_clinical_days is not None and days < when.min_clinical_days:
        return False
    if when.max_clinical_days is not None and days > when.max_clinical_days:
        return False
    return when.levy is None or when.levy == person["levy"]


def _situation_holds(when: When, person: dict[str, Any]) -> bool:
    """The situation and plan conditions; a condition on the plan holds only once the plan
    is known (`plan_kinds` among the facts)."""
    situations = person.get("situations", [])
    if when.situations and not any(s in situations for s in when.situations):
        return False
    if any(s in situations for s in when.situations_missing):
        return False
    if not (when.plan_has or when.plan_lacks):
        return True
    kinds = person.get("plan_kinds")
    if kinds is None:
        return False
    if when.plan_has and not any(k in kinds for k in when.plan_has):
        return False
    return not any(k in kinds for k in when.plan_lacks)
