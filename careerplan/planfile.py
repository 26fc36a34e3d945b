"""Reading and writing a saved plan file, in the format its name says (YAML or JSON)."""

from __future__ import annotations

from pathlib import Path

from careerplan.plan import Plan, plan_json, plan_yaml

PLAN_HEADER = (
    "# careerplan plan: personal data, keep it private.\n"
    "# Render it with `careerplan export`; update it with `careerplan review`.\n"
)


def plan_text(plan: Plan, path: Path) -> str:
    """The plan as JSON for a .json file, otherwise as YAML."""
    if Path(path).suffix.lower() == ".json":
        return plan_json(plan)
    return PLAN_HEADER + plan_yaml(plan)


def save_plan(plan: Plan, path: Path, *, force: bool) -> Path:
    """Write the plan atomically, readable by its owner alone."""
    from careerplan.files import write_atomic

    return write_atomic(Path(path), plan_text(plan, path), force=force, private=True)
