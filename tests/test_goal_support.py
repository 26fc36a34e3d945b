"""A goal that only support already in place serves is said so, naming that support, so the
person knows whom to take it to (issue 18 item 4: every goal served or explained)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from careerplan.engine.planner import build_plan
from careerplan.store.catalogue import load_catalogue
from careerplan.store.profiles import load_profile

TODAY = dt.date(2026, 12, 3)
PROFILE = Path(__file__).parent / "fixtures" / "lead" / "new-clinical-lead-with-mentor.yaml"


def test_a_goal_served_only_by_support_in_place_names_that_support() -> None:
    catalogue = load_catalogue(today=TODAY)
    profile = load_profile(PROFILE, catalogue.vocab.ids(), today=TODAY)
    plan = build_plan(profile, catalogue, today=TODAY)
    goal = next(c for c in plan.coverage if c.kind == "goal" and c.id == "clinical-balance")
    assert goal.served_by == [] and goal.reason == "support"
    note = next(n for n in plan.notes if n.kind == "goal")
    assert "(a mentor)" in note.text  # the subject of this test is the wording
