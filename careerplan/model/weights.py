"""The scoring constants of the plan engine (`scoring:` in catalogue/weights.yaml).

Every constant is required: the numbers live in the YAML alone, so no default in Python can
disagree with it. The engine reads them as attributes (`k.min_score`).
"""

from pydantic import BaseModel, ConfigDict, Field


class Scoring(BaseModel):
    """Named constants of the plan engine; weights.yaml says what each one does."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    need: float
    area_decay: float = Field(gt=0, lt=1)
    goal: float
    goal_repeat: float = Field(ge=0, le=1)
    stage_only: float
    stage_specific: float
    stage_general: float
    format_match: float
    format_mismatch: float
    kind_repeat: float = Field(ge=0, le=1)
    programme_step: float = Field(ge=0)
    years_min_score: float
    year_fill: float = Field(default=0.5, ge=0, le=1)
    one_per_family_below: float = Field(ge=0, le=1)
    recommendation_repeat: float = Field(ge=0, le=1)
    unknown_cost: float = Field(ge=0, le=1)
    eligible_free: float = Field(ge=1, le=2)
    unknown_hours: float = Field(gt=0)
    hours_per_leave_day: float = Field(gt=0)
    min_score: float
    fill_min_score: float
    fill_below: float = Field(ge=0, le=1)
    max_items: int = Field(ge=1)
    max_items_per_extra_year: int = Field(ge=0)
    max_items_cap: int = Field(ge=1)
    priorities_shown: int = Field(ge=1)
    priority_min_need: float
    unmet_threshold: float
    covered: float
    early_months: int = Field(ge=1)
    review_every_months: int = Field(ge=1)
    max_notes: int = Field(ge=0)
    max_extra_hours: int = Field(ge=1)
    max_extra_budget: float = Field(ge=0)
    left_out_min: float
    advice_replans: int = Field(ge=1)
    max_protected_hours: int = Field(ge=0, le=160)


SCORING_KEYS = tuple(Scoring.model_fields)
