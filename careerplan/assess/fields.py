"""Profile fields by dotted path (`constraints.budget_gbp`): reading, writing, their limits
(from the profile format itself) and the `when` conditions that test them."""

from __future__ import annotations

from typing import Any

from careerplan.model.assessment import When
from careerplan.model.profile import Constraints, Preferences, Profile, Situation

EXTRA_FIELDS = ("mentor",)
"""Profile fields that no question asks but that an answers file or --set may fill in."""

RETIRED_FIELDS = ("constraints.apprenticeship_levy",)
"""Fields older profiles carry that are no longer asked: accepted (true or false) and kept,
so that the plan can say why it no longer counts on them (the levy's funding rule)."""

_MODELS: dict[str, type[Profile] | type[Constraints] | type[Preferences] | type[Situation]] = {
    "": Profile,
    "constraints": Constraints,
    "preferences": Preferences,
    "situation": Situation,
}


def get_path(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def _field_info(path: str) -> Any:
    head, _, name = path.rpartition(".")
    model = _MODELS.get(head)
    if model is None or name not in model.model_fields:
        raise KeyError(path)
    return model.model_fields[name]


def bounds(path: str) -> tuple[float | None, float | None]:
    """The lowest and highest number the profile format allows at `path`."""
    lo = hi = None
    for meta in _field_info(path).metadata:
        lo = getattr(meta, "ge", lo)
        hi = getattr(meta, "le", hi)
    return lo, hi


def max_length(path: str) -> int | None:
    for meta in _field_info(path).metadata:
        most = getattr(meta, "max_length", None)
        if most is not None:
            return int(most)
    return None


def when_holds(when: When | None, data: dict[str, Any]) -> bool:
    return when is None or all(cond.holds(get_path(data, path)) for path, cond in when.items())


def could_hold(when: When | None, known: dict[str, Any]) -> bool:
    """Whether a condition may still hold: fields not answered yet could be answered to fit."""
    if when is None:
        return True
    for path, cond in when.items():
        value = get_path(known, path)
        if value is not None and not cond.holds(value):
            return False
    return True
