"""Every sentence the plan engine says, made from its typed values (needs, scores,
exclusions, rejections, changes, shapes, money) in this one package, and never read back.

Split by what it words: `items` (one plan item: its reasons, arithmetic, time, money and
action), `limits` (what the limits keep out and what would change that), `notes` (the
plan-wide notes), `common` (words they share)."""

from careerplan.engine.sentences.common import days_text, fill, hours_text, ordinal
from careerplan.engine.sentences.items import (
    Action,
    arithmetic,
    cost_short,
    first_step_by,
    money_note,
    need_why,
    programme_reasons,
    reasons,
    shape_text,
    smart_action,
    unspent_text,
    why_line,
)
from careerplan.engine.sentences.limits import (
    change_text,
    crowded_text,
    exclusion_text,
    goal_unserved_text,
    left_out_text,
    no_budget_text,
    not_first_text,
    rejection_text,
    unmet_text,
)
from careerplan.engine.sentences.notes import (
    RoomCounts,
    empty_year_text,
    first_goal_text,
    levy_text,
    past_start_text,
    room_text,
    steer_text,
    support_text,
)

__all__ = [
    "Action",
    "RoomCounts",
    "arithmetic",
    "change_text",
    "cost_short",
    "crowded_text",
    "days_text",
    "empty_year_text",
    "exclusion_text",
    "fill",
    "first_goal_text",
    "first_step_by",
    "goal_unserved_text",
    "hours_text",
    "left_out_text",
    "levy_text",
    "money_note",
    "need_why",
    "no_budget_text",
    "not_first_text",
    "ordinal",
    "past_start_text",
    "programme_reasons",
    "reasons",
    "rejection_text",
    "room_text",
    "shape_text",
    "smart_action",
    "steer_text",
    "support_text",
    "unmet_text",
    "unspent_text",
    "why_line",
]
