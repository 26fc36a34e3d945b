"""One development opportunity in the catalogue, and the file that lists them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from careerplan.assessment import Strict
from careerplan.validation import AreaId, FormatId, FundingId, GoalId, KindId, Slug, StageId, Url

UNKNOWN = "unknown"


def _number_or_unknown(what: str, allow_band: bool):
    def check(value: Any) -> Any:
        if isinstance(value, bool):
            raise PydanticCustomError(
                "bad", f"must be a number of {what} or 'unknown', not {value}"
            )
        if isinstance(value, (int, float)):
            if value != value:  # NaN (`.nan` in YAML) compares unequal to itself
                raise PydanticCustomError(
                    "bad", f"must be a number of {what} or 'unknown', not .nan"
                )
            if value < 0:
                raise PydanticCustomError("bad", f"must not be negative ({value})")
            if value > 1_000_000:
                raise PydanticCustomError("bad", f"{value} is implausibly large")
            return value
        if isinstance(value, str):
            if value == UNKNOWN or allow_band:
                return value
            raise PydanticCustomError(
                "bad", f"must be a number of {what} or 'unknown', not '{value}'"
            )
        raise PydanticCustomError("bad", f"must be a number of {what} or 'unknown'")

    return check


Hours = Annotated[
    float | int | str,
    BeforeValidator(_number_or_unknown("hours", False)),
    WithJsonSchema({"oneOf": [{"type": "number", "minimum": 0}, {"const": UNKNOWN}]}),
]
Cost = Annotated[
    float | int | str,
    BeforeValidator(_number_or_unknown("pounds", True)),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "x-vocabulary": "cost_bands"},
                {"const": UNKNOWN},
            ]
        }
    ),
]
Strength = Annotated[int, Field(ge=1, le=3)]


class Opportunity(Strict):
    """A development opportunity: what it is, whom it fits, what it costs, where it's from."""

    id: Slug = Field(description="Unique slug, e.g. nhs-providers-board-development")
    title: str = Field(min_length=1)
    kind: KindId
    provider: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    stages: list[StageId] = Field(min_length=1)
    areas: dict[AreaId, Strength] = Field(
        min_length=1, description="Development areas it builds, each with a strength 1-3"
    )
    goals: list[GoalId] = Field(min_length=1)
    format: FormatId | Literal["unknown"]
    hours: Hours = Field(description="Estimated total hours, or 'unknown'")
    hours_basis: Literal["source", "estimate"] = Field(
        default="estimate",
        description="'source' when the hours come from the provider or report; otherwise the "
        "figure is careerplan's labelled planning estimate",
    )
    cost: Cost = Field(description="GBP, a cost band id, or 'unknown'")
    funding: list[FundingId] = Field(min_length=1)
    url: Url | None = None
    evidence: str = Field(min_length=1, description="How completion can be shown at appraisal")
    action: str | None = Field(default=None, description="A suggested first concrete step")
    source: str = Field(min_length=1, description="Report section, or the provider")
    report_says: str | None = Field(
        default=None, description="What the report says of it, paraphrased"
    )
    last_reviewed: dt.date
    prerequisites: list[Slug] = Field(default_factory=list)
    replaces: bool = Field(
        default=False, description="Set true to replace a shipped entry with the same id"
    )

    @field_validator("cost")
    @classmethod
    def _cost_band(cls, value: Any, info: Any) -> Any:
        if isinstance(value, str) and value != UNKNOWN:
            bands = ((info.context or {}).get("vocabularies") or {}).get("cost_bands")
            if bands is not None and value not in bands:
                from careerplan.validation import suggestion

                raise PydanticCustomError(
                    "unknown_id",
                    "'{value}' is not a cost: give pounds as a number, "
                    "'unknown', or a cost band ({bands}){hint}",
                    {"value": value, "bands": ", ".join(bands), "hint": suggestion(value, bands)},
                )
        return value

    @property
    def is_free(self) -> bool:
        return self.cost == 0 or self.cost == "free"

    @property
    def hours_known(self) -> bool:
        return not isinstance(self.hours, str)


def opportunities_json_schema(vocabularies: dict[str, list[str]]) -> dict[str, Any]:
    """JSON Schema of an opportunities file, with vocabulary ids as enums for editors."""
    from careerplan.validation import fill_vocabularies

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
    return fill_vocabularies(schema, vocabularies)
