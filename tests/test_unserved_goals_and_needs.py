"""What a plan says of a goal or a need it does not serve with an item: the support already
in place that serves it, named, and the entry where a person would start (issue 18 item 4:
every goal and priority served or explained)."""

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


def test_an_unmet_need_names_the_ladders_first_rung_not_a_top_up() -> None:
    """A need the plan does not meet names where a person starts: the certificate, not a
    diploma top-up that needs the certificate first (as a goal's best entry already did)."""
    catalogue = load_catalogue(today=TODAY)
    path = Path(__file__).parent / "fixtures" / "lead" / "sas-doctor-north-west-no-budget.yaml"
    profile = load_profile(path, catalogue.vocab.ids(), today=TODAY)
    plan = build_plan(profile, catalogue, today=TODAY)
    bests = {u.best for u in plan.unmet if u.best}
    assert "pgdip-after-pgcert-healthcare-leadership" not in bests
    assert "masters-top-up-healthcare-leadership" not in bests
    board = next(u for u in plan.unmet if u.area == "board-skills")
    assert board.best == "pgcert-healthcare-leadership"
