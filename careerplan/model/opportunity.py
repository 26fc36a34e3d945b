"""One development opportunity in the catalogue, and the file that lists them.

An entry says what it is, whom it is made for (and not for), how its time falls (a typed
`time` shape), what it costs with the evidence for the price, and how it can be funded
(route ids from catalogue/funding.yaml).
"""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from careerplan import clock, wording
from careerplan.model.assessment import Strict
from careerplan.model.placeholders import check_placeholders
from careerplan.model.types import (
    REGION_NOT_GIVEN,
    AreaId,
    CharacteristicId,
    FormatId,
    FundingId,
    GoalId,
    GradeId,
    HeldRoleId,
    KindId,
    OrganisationId,
    RegionId,
    SituationId,
    Slug,
    StageId,
    SupportId,
    Url,
    new_list,
)

UNKNOWN = "unknown"
HOURS_PER_DAY = 7.5
#: How many months an `ongoing` entry without `months` is counted as, for its total hours.
ONGOING_DEFAULT_MONTHS = 12

TIME_EXAMPLE = (
    "time: {shape: once, hours: 2, basis: estimate} (shapes: block, sessions, ongoing, "
    "role, qualification, once; see `careerplan catalogue schema`)"
)

RUBRIC = (
    "Tagging rubric: 3 = the entry's main purpose; 2 = an explicit, substantial part of it; "
    "1 = touched on. Tag only what the entry itself builds."
)


class Source(Strict):
    """Where a fact comes from: a title and an address."""

    title: str = Field(min_length=1)
    url: Url


def _not_future(value: dt.date | None, info: ValidationInfo) -> dt.date | None:
    latest = clock.latest_check((info.context or {}).get("today"))
    if value is not None and value > latest:
        raise PydanticCustomError(
            "future",
            "{v} is in the future; use the date it was checked",
            {"v": wording.date(value)},
        )
    return value


class _Time(Strict):
    basis: Literal["source", "estimate"] = Field(
        description="'source' when the figures come from the provider (give `source` and "
        "`checked`); 'estimate' for careerplan's labelled planning estimate"
    )
    note: str | None = Field(default=None, description="A line on where the figures come from")
    source: Source | None = None
    checked: dt.date | None = None

    _c = field_validator("checked")(classmethod(lambda cls, v, info: _not_future(v, info)))

    @model_validator(mode="after")
    def _sourced(self) -> "_Time":
        if self.basis == "source" and (self.source is None or self.checked is None):
            raise PydanticCustomError(
                "time_source",
                "basis: source needs `source: {title, url}` and `checked: <date>`; "
                "or use basis: estimate",
            )
        return self

    # Computed figures the engine uses; each shape defines them.
    @property
    def total_hours(self) -> float:
        raise NotImplementedError

    @property
    def leave_days(self) -> float:
        """Study or professional leave days (block days, a qualification's taught days)."""
        return 0.0

    @property
    def personal_hours(self) -> float:
        """Hours drawn from personal development time."""
        return self.total_hours

    @property
    def months(self) -> int:  # type: ignore[override]
        return 1


class Block(_Time):
    """Days of study or professional leave taken together, in one month (a course, a day)."""

    shape: Literal["block"]
    days: float = Field(gt=0, le=60, description="Days taken together; 7.5 hours a day")

    @property
    def total_hours(self) -> float:
        return self.days * HOURS_PER_DAY

    @property
    def leave_days(self) -> float:
        return float(self.days)

    @property
    def personal_hours(self) -> float:
        return 0.0


class Sessions(_Time):
    """Sessions spread over months from personal development time (a set, coaching)."""

    shape: Literal["sessions"]
    sessions: int = Field(ge=1, le=100)
    session_hours: float = Field(gt=0, le=24)
    months_: int = Field(alias="months", ge=1, le=60)

    @property
    def total_hours(self) -> float:
        return self.sessions * self.session_hours

    @property
    def months(self) -> int:  # type: ignore[override]
        return self.months_


class Ongoing(_Time):
    """A forum or network: hours every month, for `months` or (absent) the whole plan."""

    shape: Literal["ongoing"]
    hours_per_month: float = Field(gt=0, le=100)
    months_: int | None = Field(
        default=None,
        alias="months",
        ge=1,
        le=60,
        description=f"Absent: the whole plan (counted as {ONGOING_DEFAULT_MONTHS} months in "
        "total_hours)",
    )

    @property
    def whole_plan(self) -> bool:
        return self.months_ is None

    @property
    def total_hours(self) -> float:
        return self.hours_per_month * self.months

    @property
    def months(self) -> int:  # type: ignore[override]
        return self.months_ or ONGOING_DEFAULT_MONTHS


class Role(_Time):
    """A committee or stretch role: a realistic minimum monthly commitment and length."""

    shape: Literal["role"]
    hours_per_month: float = Field(gt=0, le=100)
    months_: int = Field(alias="months", ge=1, le=60)
    released: bool = Field(
        default=False,
        description="The hours are work time the employer releases for it (a programme of "
        "about a day a week), not the person's own",
    )

    @property
    def total_hours(self) -> float:
        return self.hours_per_month * self.months

    @property
    def months(self) -> int:  # type: ignore[override]
        return self.months_


class Qualification(_Time):
    """Taught days from study leave spread over the months; private study from personal time."""

    shape: Literal["qualification"]
    months_: int = Field(alias="months", ge=1, le=84)
    taught_days: float = Field(ge=0, le=200)
    study_hours_per_month: float = Field(ge=0, le=200)

    @property
    def total_hours(self) -> float:
        return self.taught_days * HOURS_PER_DAY + self.personal_hours

    @property
    def leave_days(self) -> float:
        return float(self.taught_days)

    @property
    def personal_hours(self) -> float:
        return self.study_hours_per_month * self.months

    @property
    def months(self) -> int:  # type: ignore[override]
        return self.months_


class Once(_Time):
    """A short self-directed task done in one month (read a guide, book a conversation)."""

    shape: Literal["once"]
    hours: float = Field(gt=0, le=100)

    @property
    def total_hours(self) -> float:
        return float(self.hours)


Time = Annotated[
    Block | Sessions | Ongoing | Role | Qualification | Once, Field(discriminator="shape")
]


class Band(Strict):
    """A price range in pounds, counted at its upper end."""

    min: float = Field(ge=0, le=1_000_000)
    max: float = Field(ge=0, le=1_000_000)

    @model_validator(mode="after")
    def _ordered(self) -> "Band":
        if self.max < self.min:
            raise PydanticCustomError(
                "band", "max {max} is below min {min}", {"max": self.max, "min": self.min}
            )
        return self


Pounds = Annotated[float, Field(ge=0, le=1_000_000)]


class Comparable(Strict):
    """A published price an estimate is made from: whose, for which intake or year, and
    where it was read."""

    title: str = Field(min_length=1, description="The provider and what the price is for")
    url: Url
    price: Pounds | Band = Field(description="Pounds, or a band {min, max}")
    price_for: str = Field(min_length=1, description="The intake or year it is for")
    checked: dt.date

    _c = field_validator("checked")(classmethod(lambda cls, v, info: _not_future(v, info)))


class LastPublished(Strict):
    """An old price: shown with its year, never counted as today's price."""

    price: Pounds | Band
    year: str = Field(min_length=1, description="The intake or year it was for, e.g. '2024'")
    source: Source
    checked: dt.date

    _c = field_validator("checked")(classmethod(lambda cls, v, info: _not_future(v, info)))


def price_words(price: float | Band) -> str:
    """'£14,000' or '£150 to £200'."""
    from careerplan import wording

    if isinstance(price, Band):
        return f"{wording.money(price.min)} to {wording.money(price.max)}"
    return wording.money(price)


def _cost(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError(
            "bad", f"must be pounds, a band {{min, max}} or 'unknown', not {value}"
        )
    if isinstance(value, (int, float)):
        if value != value:  # NaN (`.nan` in YAML) compares unequal to itself
            raise PydanticCustomError("bad", "must be a number of pounds or 'unknown', not .nan")
        if value < 0:
            raise PydanticCustomError("bad", f"must not be negative ({value})")
        if value > 1_000_000:
            raise PydanticCustomError("bad", f"{value} is implausibly large")
        return value
    if isinstance(value, str):
        if value == UNKNOWN:
            return value
        if value == "free":
            return 0
        raise PydanticCustomError(
            "bad",
            "'{value}' is not a cost: give pounds as a number (0 = free), a band "
            "{min: 500, max: 2000}, or 'unknown' with cost_unknown_reason",
            {"value": value},
        )
    return value


Cost = Annotated[
    float | int | Band | Literal["unknown"],
    BeforeValidator(_cost),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "number", "minimum": 0},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["min", "max"],
                    "properties": {
                        "min": {"type": "number", "minimum": 0},
                        "max": {"type": "number", "minimum": 0},
                    },
                },
                {"const": UNKNOWN},
            ]
        }
    ),
]
Strength = Annotated[int, Field(ge=1, le=3)]
# A stage or role id (checked against both vocabularies in the entry's validator).
StageOrRole = Annotated[str, WithJsonSchema({"type": "string", "x-vocabulary": "stages_roles"})]


class Support(Strict):
    """What support an entry IS, so support already in place excludes only the same kind."""

    type: SupportId = Field(description="coach, mentor, peer-group or action-learning-set")
    scope: Literal["local", "national", "system"] = Field(
        description="local (inside one organisation), system (across an ICS or region), national"
    )


class Opportunity(Strict):
    """A development opportunity: what it is, whom it fits, what it costs, where it's from."""

    id: Slug = Field(description="Unique slug, e.g. nhs-providers-board-development")
    title: str = Field(min_length=1)
    kind: KindId
    provider: str = Field(min_length=1)
    price_from: str | None = Field(
        default=None,
        min_length=1,
        description="Whom to ask for the price where `provider` names several or none, as "
        "it reads after 'Ask' (e.g. 'your organisational development team'); else the provider",
    )
    summary: str = Field(min_length=1, description="What it is; may use {ask}, {org}, {when_new}")
    stages: list[StageId] = Field(
        min_length=1, description="The stages it is made for (scored as a fit, not a gate)"
    )
    not_for: list[StageOrRole] = Field(
        default_factory=new_list,
        description="Stage or role ids it is not for: excluded outright",
    )
    organisations: list[OrganisationId] | None = Field(
        default=None,
        description="Only these organisation types can take it (e.g. [nhs-trust]); absent = all",
    )
    max_years_in_role: float | None = Field(
        default=None,
        gt=0,
        le=60,
        description="Only for those at most this many years in post when the plan starts "
        "(e.g. a plan for the first months in a role); absent = any",
    )
    max_clinical_days: float | None = Field(
        default=None,
        ge=0,
        le=5,
        description="Only for those with at most this many clinical days a week; absent = any",
    )
    only_in: list[SituationId] | None = Field(
        default=None,
        description="Only for people in one of these situations (e.g. [interim] for a "
        "90-day plan); absent = anyone",
    )
    suits: list[SituationId] = Field(
        default_factory=new_list,
        description="Situations it is the first thing to plan for (e.g. [scrutiny] for "
        "confidential support): brought to the start of such a person's plan",
    )
    unsuited: list[SituationId] = Field(
        default_factory=new_list,
        description="Not for people in these situations (e.g. a first-six-months plan "
        "for someone in a three-month interim post, who gets a 90-day plan instead)",
    )
    residential: bool = Field(
        default=False,
        description="It includes residential modules (nights away): left out for someone "
        "whose caring commitments rule them out",
    )
    takes_up_role: HeldRoleId | None = Field(
        default=None,
        description="The statutory or portfolio role it asks someone to take up or deputise "
        "in: never planned for someone who already holds it",
    )
    open_to: list[CharacteristicId] | None = Field(
        default=None,
        description="A targeted (positive action) programme: only for people who chose to "
        "say they have one of these characteristics; absent = anyone",
    )
    provides_support: Support | None = Field(
        default=None, description="The support it is (coach, mentor, peer group, set) and its scope"
    )
    areas: dict[AreaId, Strength] = Field(
        min_length=1, description="Development areas it builds, each 1-3. " + RUBRIC
    )
    goals: list[GoalId] = Field(
        min_length=1,
        description="Goals it directly advances (not merely relates to); most direct first",
    )
    format: FormatId | Literal["unknown"]
    time: Time = Field(description="How its time falls: " + TIME_EXAMPLE)
    cost: Cost = Field(
        description="Pounds (0 = free), a band {min, max} (counted at its upper end), or "
        "'unknown' with cost_unknown_reason"
    )
    cost_basis: Literal["published", "estimate"] | None = Field(
        default=None,
        description="Required for a price above 0 or a band: 'published' (the provider's "
        "price, with price_source, price_checked and price_for) or 'estimate' (careerplan's "
        "band made from the published prices in estimate_from, each cited)",
    )
    price_source: Source | None = Field(
        default=None, description="Where a published price comes from"
    )
    price_checked: dt.date | None = Field(
        default=None, description="The date the price was checked"
    )
    price_for: str | None = Field(
        default=None,
        min_length=1,
        description="Which intake or year a published price is for, e.g. '2025/26'",
    )
    estimate_from: list[Comparable] = Field(
        default_factory=new_list,
        description="The named published prices an estimate is made from (required for "
        "cost_basis: estimate)",
    )
    last_published: LastPublished | None = Field(
        default=None,
        description="An old price, shown with its year and never counted as current",
    )
    regions: list[RegionId] | None = Field(
        default=None,
        description="A regional offer: only these NHS England regions (absent = all); shown "
        "to others only when their region is not known",
    )
    grades: list[GradeId] | None = Field(
        default=None,
        description="Only for doctors on these contracts (the SAS Leadership Programme: "
        "[sas]; absent = any); shown to those who give no grade",
    )
    cost_note: str | None = Field(default=None, description="e.g. 'per place, 2025/26, excl. VAT'")
    cost_unknown_reason: str | None = Field(
        default=None, min_length=1, description="Why the price is unknown (required then)"
    )
    funding: list[FundingId] = Field(
        min_length=1, description="Funding route ids from catalogue/funding.yaml"
    )
    url: Url | None = Field(default=None, description="The opportunity's own page")
    url_is_homepage: bool = Field(
        default=False, description="True when `url` is only the provider's home page"
    )
    link_note: str | None = Field(
        default=None, description="Why there is no better link (or none at all)"
    )
    evidence: str = Field(
        min_length=1,
        description="How completion can be shown at appraisal; may use {ask}, {org}, {when_new}",
    )
    action: str | None = Field(
        default=None,
        description="A suggested first concrete step; may use {ask}, {org}, {when_new}",
    )
    source: str = Field(min_length=1, description="Report section, or the provider")
    report_says: str | None = Field(
        default=None, description="What the report says of it, paraphrased"
    )
    last_reviewed: dt.date
    prerequisites: list[Slug] = Field(default_factory=new_list)
    replaces: bool = Field(
        default=False, description="Set true to replace a shipped entry with the same id"
    )
    # Old fields, refused with a message that shows the new form.
    hours: SkipJsonSchema[Any] = Field(default=None, exclude=True)
    hours_basis: SkipJsonSchema[Any] = Field(default=None, exclude=True)

    _checked = field_validator("price_checked")(
        classmethod(lambda cls, v, info: _not_future(v, info))
    )

    @field_validator("hours", "hours_basis")
    @classmethod
    def _old_hours(cls, value: Any, info: ValidationInfo) -> Any:
        if value is not None:
            raise PydanticCustomError(
                "old_field",
                "`{field}` is replaced by `time`; write for example " + TIME_EXAMPLE,
                {"field": info.field_name},
            )
        return value

    @field_validator("regions")
    @classmethod
    def _real_regions(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and REGION_NOT_GIVEN in value:
            raise PydanticCustomError(
                "region",
                "'{v}' is an answer, not a region: list NHS England regions",
                {"v": REGION_NOT_GIVEN},
            )
        return value

    @field_validator("summary", "evidence", "action")
    @classmethod
    def _placeholders(cls, value: str | None) -> str | None:
        if value is not None:
            check_placeholders(value)
        return value

    @field_validator("not_for")
    @classmethod
    def _not_for_ids(cls, value: list[str], info: ValidationInfo) -> list[str]:
        vocabularies = (info.context or {}).get("vocabularies")
        if not vocabularies:
            return value
        allowed = [*vocabularies.get("stages", []), *vocabularies.get("roles", [])]
        from careerplan.model.types import suggestion

        for item in value:
            if item not in allowed:
                raise PydanticCustomError(
                    "unknown_id",
                    "'{value}' is neither a stage nor a role{hint}",
                    {"value": item, "hint": suggestion(item, allowed)},
                )
        return value

    @model_validator(mode="after")
    def _price_evidence(self) -> "Opportunity":
        if self.cost == UNKNOWN:
            if not self.cost_unknown_reason:
                raise PydanticCustomError(
                    "cost_reason",
                    "cost: unknown needs `cost_unknown_reason:` saying why (for example "
                    "'the provider publishes no price; quoted on request')",
                )
            return self
        if self.cost_unknown_reason:
            raise PydanticCustomError(
                "cost_reason", "cost_unknown_reason is only for cost: unknown; remove it"
            )
        if self.cost_is_band or (self.counted_cost or 0) > 0:
            _check_basis(self)
        return self

    # --------------------------------------------------------------- computed, for the engine
    @property
    def price_basis(self) -> str:
        """'published' or 'estimate' for a price counted against a budget, 'free' for a
        price of 0, 'unknown' when there is none (a last-published price is not one)."""
        if self.cost == UNKNOWN:
            return "unknown"
        if not self.cost_is_band and self.counted_cost == 0:
            return "free"
        return self.cost_basis or "published"

    @property
    def cost_is_band(self) -> bool:
        return isinstance(self.cost, Band)

    @property
    def counted_cost(self) -> float | None:
        """The pounds counted against a budget: the price, a band's upper end, or None."""
        if isinstance(self.cost, Band):
            return float(self.cost.max)
        if self.cost == UNKNOWN:
            return None
        return float(self.cost)

    @property
    def is_free(self) -> bool:
        return self.counted_cost == 0

    @property
    def total_hours(self) -> float:
        return self.time.total_hours

    @property
    def hours_known(self) -> bool:
        return True


def _check_basis(opp: Opportunity) -> None:
    """A counted price says its basis: a published price its source, date and intake or
    year; an estimate the published prices it is made from."""
    if opp.cost_basis == "estimate":
        if not opp.estimate_from:
            raise PydanticCustomError(
                "price_evidence",
                "cost_basis: estimate needs `estimate_from:` listing the published prices it "
                "is made from, each {title, url, price, price_for, checked}",
            )
        return
    names = ("cost_basis", "price_source", "price_checked", "price_for")
    missing = [name for name in names if getattr(opp, name) is None]
    if missing:
        raise PydanticCustomError(
            "price_evidence",
            "a price needs {missing}: say whether it is published or an estimate, "
            "where it comes from ({title, url}), the date it was checked and which intake "
            "or year it is for",
            {"missing": ", ".join(f"`{m}`" for m in missing)},
        )


def opportunities_json_schema(vocabularies: dict[str, list[str]]) -> dict[str, Any]:
    """JSON Schema of an opportunities file, with vocabulary ids as enums for editors."""
    from careerplan.model.types import fill_vocabularies

    entry = Opportunity.model_json_schema()
    defs = entry.pop("$defs", {})
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "careerplan opportunities file",
        "type": "object",
        "additionalProperties": False,
        "required": ["opportunities"],
        "properties": {
            "version": {"const": 1},
            "opportunities": {"type": "array", "items": {"$ref": "#/$defs/Opportunity"}},
        },
        "$defs": {**defs, "Opportunity": entry},
    }
    both = {
        **vocabularies,
        "stages_roles": [*vocabularies.get("stages", []), *vocabularies.get("roles", [])],
    }
    return fill_vocabularies(schema, both)
