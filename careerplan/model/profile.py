"""The profile: one person's self-assessment (written by `assess`, or by hand by a mentor)."""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from careerplan import clock, wording
from careerplan.model.assessment import MAX_SCALE, Strict
from careerplan.model.types import (
    GRADE_NOT_GIVEN,
    REGION_NOT_GIVEN,
    AreaId,
    CharacteristicId,
    CqcRatingId,
    FormatId,
    GoalId,
    GradeId,
    HeldRoleId,
    OrganisationId,
    RegionId,
    RoleId,
    Slug,
    SupportId,
    fill_vocabularies,
    new_dict,
    new_list,
)

PROFILE_VERSION = 1

MAX_ITEMS = {"goals": 3, "priority_areas": 3}
"""Lists with a length limit. Checked after their items, so that a list that is too long
and holds a mistyped id gets both problems reported at once."""


def _on_the_scale(value: int, info: ValidationInfo) -> int:
    """A rating no higher than the top of the assessment's scale (its values come in the
    validation context with the vocabularies, under `scale`; without them, the largest
    scale an assessment may have)."""
    scale = ((info.context or {}).get("vocabularies") or {}).get("scale")
    top = int(scale[-1]) if scale else MAX_SCALE
    if value > top:
        raise PydanticCustomError(
            "rating",
            "{value} is too large: the highest allowed is {top}",
            {"value": value, "top": top},
        )
    return value


# 1 to the top of the assessment's scale (checked against the scale in the context).
Rating = Annotated[
    int,
    Field(ge=1, strict=True, json_schema_extra={"maximum": MAX_SCALE}),
    AfterValidator(_on_the_scale),
]
Number = Annotated[float, Field(strict=True)]


def _too_many(n: int, limit: int) -> str:
    return f"has {n} items; at most {limit} allowed, most important first"


def _unique(values: list[str]) -> list[str]:
    dupes = [v for i, v in enumerate(values) if v in values[:i]]
    if dupes:
        raise PydanticCustomError("duplicate", "'{value}' is listed twice", {"value": dupes[0]})
    return values


class Preferences(Strict):
    formats: list[FormatId] = Field(
        default_factory=new_list, description="Preferred ways of learning; empty for any"
    )

    _u = field_validator("formats")(classmethod(lambda cls, v: _unique(v)))


class Constraints(Strict):
    hours_per_month: Number = Field(ge=0, le=200, description="Hours a month for development")
    budget_gbp: Number = Field(ge=0, le=1_000_000, description="Budget in pounds over the plan")
    apprenticeship_levy: bool = Field(
        default=False,
        strict=True,
        description="Accepted from older profiles, no longer used: the plan notes the "
        "levy's funding rule instead",
    )
    study_leave_days: Number = Field(
        default=10,
        ge=0,
        le=60,
        description="Study and professional leave, days a year (default 10: consultants in "
        "England have 30 days in three years; for SAS doctors a similar amount is "
        "recommended, not an entitlement)",
    )
    employer_funds_qualification: Literal["yes", "no", "not-sure"] = Field(
        default="not-sure",
        description="Will your employer pay for a qualification outside your budget?",
    )
    protected_study_hours_per_month: Number = Field(
        default=0,
        ge=0,
        le=160,
        description="Study time a month your employer protects in work time for a "
        "qualification; a qualification's private study comes from it before your own hours",
    )
    horizon_months: int = Field(default=12, ge=1, le=60, strict=True)
    start: dt.date | None = Field(
        default=None, description="Plan start; default: the Monday after assessed_on"
    )


class Situation(Strict):
    """Where the person stands, beyond role and time in post: each part optional, asked
    only when it applies. The plan adapts to it (careerplan/engine/situation.py)."""

    interim: bool = Field(
        default=False, strict=True, description="In an acting or interim post (give post_ends)"
    )
    post_ends: dt.date | None = Field(
        default=None, description="When the acting or interim post ends"
    )
    leaving: bool = Field(
        default=False, strict=True, description="Planning to leave this role (give leaving_on)"
    )
    leaving_on: dt.date | None = Field(
        default=None, description="When you expect to leave, roughly"
    )
    less_than_full_time: bool = Field(
        default=False,
        strict=True,
        description="Working less than full time (give working_days_per_week)",
    )
    working_days_per_week: Number | None = Field(
        default=None,
        ge=0.5,
        le=4.5,
        description="Days a week you work, if less than full time (absent: full time)",
    )
    caring: bool = Field(
        default=False,
        strict=True,
        description="Caring commitments that limit evenings, travel and nights away",
    )
    cqc_rating: CqcRatingId | None = Field(
        default=None, description="Your organisation's overall CQC rating, if you want it used"
    )
    warning_notice: bool = Field(
        default=False,
        strict=True,
        description="The organisation (or a service you lead) has a CQC warning notice",
    )
    recovery_support: bool = Field(
        default=False,
        strict=True,
        description="The organisation is under enhanced regulatory oversight or in recovery "
        "support (such as NHS England's Recovery Support Programme)",
    )
    roles_held: list[HeldRoleId] = Field(
        default_factory=new_list,
        description="Statutory and portfolio roles you already hold (responsible officer, "
        "Mental Health Act lead ...): the plan never asks you to take one up",
    )
    characteristics: list[CharacteristicId] = Field(
        default_factory=new_list,
        description="Only if you choose to give them: characteristics that open targeted "
        "(positive action) programmes. Never required, never guessed; kept only in your "
        "profile",
    )

    _u = field_validator("roles_held", "characteristics")(classmethod(lambda cls, v: _unique(v)))

    @model_validator(mode="after")
    def _dates_given(self) -> "Situation":
        for flag, day, what in (
            ("interim", "post_ends", "when the acting or interim post ends"),
            ("leaving", "leaving_on", "when you expect to leave"),
            ("less_than_full_time", "working_days_per_week", "the days a week you work"),
        ):
            if getattr(self, flag) and getattr(self, day) is None:
                raise PydanticCustomError(
                    "situation_date",
                    "{flag}: true needs `{day}:`, {what}",
                    {"flag": flag, "day": day, "what": what},
                )
            if getattr(self, day) is not None and not getattr(self, flag):
                raise PydanticCustomError(
                    "situation_date",
                    "`{day}:` is given but `{flag}:` is not true; set `{flag}: true` or "
                    "remove `{day}:`",
                    {"flag": flag, "day": day},
                )
        return self

    @property
    def under_scrutiny(self) -> bool:
        """A warning notice, enhanced oversight or recovery support, or a CQC rating below
        good."""
        low = self.cqc_rating in ("requires-improvement", "inadequate")
        return self.warning_notice or self.recovery_support or low

    @property
    def is_default(self) -> bool:
        return self == Situation()


class Profile(Strict):
    """A person's answers. Field order is the order written to YAML."""

    version: int = Field(description="Profile format version; this careerplan writes 1")
    name: str | None = Field(default=None, max_length=200)
    assessed_on: dt.date
    role: RoleId
    grade: GradeId | None = Field(
        default=None,
        description="Your contract: consultant, SAS (specialty doctor, specialist or "
        "associate specialist), resident doctor or other; absent if not given. Study leave "
        "and some funding routes differ by contract",
    )
    years_in_role: Number = Field(ge=0, le=60)
    organisation: OrganisationId
    clinical_days_per_week: Number = Field(default=0, ge=0, le=5)
    # Eligibility for regional and NHS-only offers (issue 19 item 4): both optional.
    region: RegionId | None = Field(
        default=None, description="NHS England region, for regional offers; absent if not given"
    )
    nhs_offers_open: bool | None = Field(
        default=None,
        strict=True,
        description="Whether offers limited to the NHS are open to you; absent: from the "
        "organisation type (yes for an NHS trust)",
    )
    goals: list[GoalId] = Field(
        min_length=1, description="Most important first, 1 to 3", json_schema_extra={"maxItems": 3}
    )
    ratings: dict[AreaId, Rating] = Field(
        default_factory=new_dict,
        description="Area -> self-rating, 1 to the top of the assessment's scale "
        "(shipped: 1 Not yet, 2 Developing, 3 Confident, 4 Strength)",
    )
    priority_areas: list[AreaId] = Field(
        default_factory=new_list,
        description="Up to 3 areas to work on first",
        json_schema_extra={"maxItems": 3},
    )
    support_in_place: list[SupportId] = Field(default_factory=new_list)
    preferences: Preferences = Field(default_factory=Preferences)
    situation: Situation = Field(
        default_factory=Situation,
        description="Interim post, leaving, less than full time, caring, regulatory "
        "context, roles held and (by choice) characteristics; all optional",
    )
    constraints: Constraints
    mentor: str | None = Field(default=None, max_length=200)
    done: list[Slug] = Field(
        default_factory=new_list, description="Catalogue ids already done: never planned again"
    )
    exclude: list[Slug] = Field(
        default_factory=new_list, description="Catalogue ids not wanted in the plan"
    )
    feedback: list[Annotated[str, Field(min_length=1, max_length=1000)]] = Field(
        default_factory=new_list,
        max_length=200,
        description="Rater files (from `careerplan form --rater`), relative to this profile",
    )

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            raise PydanticCustomError("version", "must be the whole number 1")
        if value > PROFILE_VERSION:
            raise PydanticCustomError(
                "version",
                "version {v} was written by a newer careerplan; upgrade careerplan "
                "(this one reads version {ours})",
                {"v": value, "ours": PROFILE_VERSION},
            )
        if value < 1:
            raise PydanticCustomError("version", "must be 1")
        return value

    @field_validator("name", "mentor")
    @classmethod
    def _plain(cls, value: str | None) -> str | None:
        """A name a plan can hold (and so Word): no U+FFFE, U+FFFF or lone surrogate."""
        from careerplan.textsafe import refused_char

        if value is not None and (bad := refused_char(value)):
            raise PydanticCustomError(
                "character",
                "holds the character U+{code}, which a plan cannot hold; remove it",
                {"code": f"{ord(bad):04X}"},
            )
        return value

    @field_validator("goals", "priority_areas", "support_in_place", "done", "exclude")
    @classmethod
    def _no_repeats(cls, value: list[str], info: ValidationInfo) -> list[str]:
        limit = MAX_ITEMS.get(info.field_name or "")
        if limit is not None and len(value) > limit:
            raise PydanticCustomError("too_many", _too_many(len(value), limit))
        return _unique(value)

    @field_validator("assessed_on")
    @classmethod
    def _not_future(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        today = (info.context or {}).get("today") or clock.today()
        if value > today:
            raise PydanticCustomError(
                "future",
                "{v} is in the future; use the date the assessment was made",
                {"v": wording.date(value)},
            )
        return value

    @model_validator(mode="after")
    def _situation_dates(self) -> "Profile":
        for day in ("post_ends", "leaving_on"):
            value = getattr(self.situation, day)
            if value is not None and value <= self.assessed_on:
                raise PydanticCustomError(
                    "situation_date",
                    "situation.{day} {v} is not after assessed_on {on}; give the date ahead",
                    {"day": day, "v": value.isoformat(), "on": self.assessed_on.isoformat()},
                )
        return self

    @model_validator(mode="after")
    def _default_start(self) -> "Profile":
        if self.constraints.start is None:
            object.__setattr__(self.constraints, "start", default_start(self.assessed_on))
        return self

    @property
    def known_grade(self) -> str | None:
        """The grade, or None when not given (absent, or answered 'Rather not say')."""
        return None if self.grade in (None, GRADE_NOT_GIVEN) else self.grade

    @property
    def known_region(self) -> str | None:
        """The region, or None when not given (absent, or answered 'Rather not say')."""
        return None if self.region in (None, REGION_NOT_GIVEN) else self.region

    @property
    def start(self) -> dt.date:
        assert self.constraints.start is not None
        return self.constraints.start

    @property
    def years_in_role_at_start(self) -> float:
        """Time in post when the plan starts: the years given at assessment, plus the time
        from the assessment to the start."""
        return self.years_in_role + max((self.start - self.assessed_on).days, 0) / 365.25

    def rating(self, area: str, unrated: int) -> int:
        return self.ratings.get(area, unrated)


def profile_to_data(profile: Profile) -> dict[str, Any]:
    """The profile as plain JSON-friendly data (dates as ISO strings). Fields added later
    (study leave, steering lists) are left out while they hold their defaults, so a profile
    is written as before unless the person set them."""
    return _tidy_numbers(without_defaults(profile.model_dump(mode="json", exclude_none=True)))


def without_defaults(data: dict[str, Any]) -> dict[str, Any]:
    """Profile data without the later fields that still hold their defaults."""
    for key, default in LATER_DEFAULTS["constraints"].items():
        if data["constraints"].get(key) == default:
            del data["constraints"][key]
    for key in ("done", "exclude", "feedback"):
        if not data.get(key):
            data.pop(key, None)
    situation = {  # only what was given ('not rated or not sure' is the same as nothing)
        k: v
        for k, v in (data.get("situation") or {}).items()
        if v not in (False, [], None, "not-rated")
    }
    if situation:
        data["situation"] = situation
    else:
        data.pop("situation", None)
    return data


LATER_DEFAULTS = {
    "constraints": {
        "study_leave_days": 10,
        "employer_funds_qualification": "not-sure",
        "protected_study_hours_per_month": 0,
    }
}


def profile_json_schema(vocabularies: dict[str, list[str]]) -> dict[str, Any]:
    schema = Profile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "careerplan profile"
    if scale := vocabularies.get("scale"):  # the catalogue's own top
        schema["properties"]["ratings"]["additionalProperties"]["maximum"] = int(scale[-1])
    return fill_vocabularies(schema, vocabularies)


def _tidy_numbers(data: Any) -> Any:
    """Write 1.0 as 1 so that hand-written and saved profiles look alike."""
    if isinstance(data, dict):
        return {k: _tidy_numbers(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_tidy_numbers(v) for v in data]
    if isinstance(data, float) and data.is_integer():
        return int(data)
    return data


def default_start(assessed_on: dt.date) -> dt.date:
    """The Monday after `assessed_on` (the working day after, when it is a bank holiday):
    when a plan starts unless the profile says."""
    from careerplan.engine.calendar import working_day

    return working_day(assessed_on + dt.timedelta(days=7 - assessed_on.weekday()), after=True)
