"""Next year's plan from last year's: carry-forward over a two-year scenario (pure)."""

from __future__ import annotations

import datetime as dt

import plan_factory as pf
import pytest

from careerplan.review.carry_forward import next_plan, outcome, room_left
from careerplan.review.progress import Change, apply_changes, find_item

YEAR1 = dt.date(2026, 11, 26)
REVIEW1 = dt.date(2027, 11, 20)
YEAR2 = dt.date(2027, 11, 26)
YEAR3 = dt.date(2028, 11, 27)


class FakeEngine:
    """Stands in for the plan engine: picks the first catalogue entries it is given, and
    remembers what it was asked with."""

    def __init__(
        self,
        picks=(
            "fmlm-medical-directors-role-guide",
            "mentoring",
            "board-development-training",
            "career-next-steps-review",
            "executive-coaching",
        ),
    ):
        self.picks = picks
        self.calls = []

    def __call__(self, profile, catalogue, *, today, **options):
        self.calls.append((profile, set(catalogue.opportunities), today, options))
        chosen = [i for i in self.picks if i in catalogue.opportunities][:2]
        return pf.plan(
            profile, [pf.item(i, start=profile.start) for i in chosen], generated_on=today
        )


def year1():
    person = pf.profile("Dr A Example", hours=6, budget=1500, assessed_on=YEAR1)
    plan = pf.plan(
        person,
        [
            pf.item("new-md-first-months-support-plan", start=dt.date(2027, 1, 4)),
            pf.item("mentoring", start=dt.date(2027, 1, 4), target=dt.date(2027, 6, 30)),
            pf.item("emml-bayes", phase=3, start=dt.date(2027, 9, 1), hours=300),
            pf.item("md-action-learning-set", phase=2, start=dt.date(2027, 4, 5)),
            pf.item("board-development-training", phase=2, start=dt.date(2027, 3, 1), cost=1000),
        ],
        generated_on=YEAR1,
    )
    return apply_changes(
        plan,
        [
            Change(
                "new-md-first-months-support-plan",
                "complete",
                note="Agreed with CEO",
                on=dt.date(2027, 2, 20),
            ),
            Change("mentoring", "in-progress", on=dt.date(2027, 3, 1)),
            Change(
                "emml-bayes", "dropped", note="No study leave this year", on=dt.date(2027, 5, 1)
            ),
            Change("board-development-training", "agreed", on=dt.date(2027, 2, 1)),
        ],
        REVIEW1,
    )


def test_outcome_sorts_items():
    out = outcome(year1())
    assert [i.id for i in out.carried] == [
        "mentoring",
        "md-action-learning-set",
        "board-development-training",
    ]
    assert [i.id for i in out.completed] == ["new-md-first-months-support-plan"]
    assert [i.id for i in out.dropped] == ["emml-bayes"]


def test_room_left_sets_aside_carried_hours_and_cost():
    carried = outcome(year1()).carried  # three items, cost 1000 (others unknown)
    hours = sum(float(i.hours) for i in carried)
    assert len(carried) == 3 and hours > 30
    person = pf.profile(hours=6, budget=1500)
    left = room_left(person, carried)
    assert left.constraints.hours_per_month == pytest.approx(6 - hours / 12)
    assert left.constraints.budget_gbp == 500
    assert person.constraints.budget_gbp == 1500  # unchanged


def test_two_year_scenario():
    engine = FakeEngine()
    new_profile = pf.profile(
        "Dr A Example",
        years=1.5,
        assessed_on=YEAR2,
        start=dt.date(2028, 1, 3),
        ratings={"finance": 2, "board-skills": 2},
    )
    plan2 = next_plan(
        new_profile, pf.catalogue(), year1(), today=YEAR2, build=engine, source="plan-2027.yaml"
    )
    # the engine was not offered what was completed, dropped or carried
    offered = engine.calls[0][1]
    for gone in (
        "new-md-first-months-support-plan",
        "emml-bayes",
        "mentoring",
        "md-action-learning-set",
        "board-development-training",
    ):
        assert gone not in offered
    # ...and had the carried items' time and money set aside
    assert engine.calls[0][0].constraints.budget_gbp == 500
    # work under way first (phase 1, from the start); the never-started action learning set
    # keeps its phase 2 and its place: 91 days after the start, as in year 1
    assert [(i.id, i.phase, i.start) for i in plan2.items] == [
        ("mentoring", 1, dt.date(2028, 1, 3)),
        ("board-development-training", 1, dt.date(2028, 1, 3)),
        ("fmlm-medical-directors-role-guide", 1, dt.date(2028, 1, 3)),
        ("career-next-steps-review", 1, dt.date(2028, 1, 3)),
        ("md-action-learning-set", 2, dt.date(2028, 1, 3) + dt.timedelta(days=91)),
    ]
    assert [i.status for i in plan2.items] == [
        "carried-forward",
        "carried-forward",
        "proposed",
        "proposed",
        "carried-forward",
    ]
    mentoring = find_item(plan2, "mentoring")
    assert mentoring.status == "carried-forward" and mentoring.phase == 1
    assert mentoring.start == dt.date(2028, 1, 3)
    assert mentoring.target_date - mentoring.start == dt.date(2027, 6, 30) - dt.date(2027, 1, 4)
    assert [h.status for h in mentoring.history] == ["proposed", "in-progress", "carried-forward"]
    assert mentoring.reasons[0].startswith("Carried forward from your plan of 26 Nov 2026")
    assert (
        mentoring.reasons[1] == "When first planned: Test item: builds career-landscape, "
        "clinical-corporate-balance, difficult-environments."
    )
    assert plan2.profile == new_profile  # the real constraints, not the reduced ones
    assert plan2.totals.budget == 1500 and plan2.totals.cost == 1000
    note = plan2.notes[0]
    assert note.source == "plan-2027.yaml"
    assert "3 unfinished items carried forward" in note.text
    assert "Completed, so not suggested again: Agree a support plan" in note.text
    assert "No study leave this year" in note.text
    assert plan2.previous_plan.completed == ["new-md-first-months-support-plan"]
    assert any(n.kind == "carried" for n in plan2.notes)

    # Year 2 is reviewed: mentoring done, the action learning set dropped; one new item done.
    plan2 = apply_changes(
        plan2,
        [
            Change("mentoring", "complete", on=dt.date(2028, 3, 1)),
            Change(
                "md-action-learning-set", "dropped", note="No set nearby", on=dt.date(2028, 4, 1)
            ),
            Change("fmlm-medical-directors-role-guide", "complete", on=dt.date(2028, 2, 1)),
        ],
        dt.date(2028, 11, 1),
    )
    engine3 = FakeEngine()
    plan3 = next_plan(
        pf.profile("Dr A Example", years=2.5, assessed_on=YEAR3, start=dt.date(2029, 1, 1)),
        pf.catalogue(),
        plan2,
        today=YEAR3,
        build=engine3,
    )
    carried = [i for i in plan3.items if i.status == "carried-forward"]
    assert [i.id for i in carried] == ["board-development-training", "career-next-steps-review"]
    board = carried[0]
    # carried twice: its whole history survives
    assert [h.status for h in board.history] == [
        "proposed",
        "agreed",
        "carried-forward",
        "carried-forward",
    ]
    new_ids = [i.id for i in plan3.items if i.status != "carried-forward"]
    assert "mentoring" not in new_ids and "fmlm-medical-directors-role-guide" not in new_ids
    assert new_ids == ["executive-coaching"]


def test_nothing_to_carry():
    plan = year1()
    plan = apply_changes(
        plan,
        [
            Change("mentoring", "complete"),
            Change("md-action-learning-set", "dropped", note="x"),
            Change("board-development-training", "complete"),
        ],
        REVIEW1,
    )
    plan2 = next_plan(
        pf.profile(assessed_on=YEAR2, start=dt.date(2028, 1, 3)),
        pf.catalogue(),
        plan,
        today=YEAR2,
        build=FakeEngine(),
    )
    assert all(i.status == "proposed" for i in plan2.items)
    assert plan2.notes[0].kind == "carried"
    assert plan2.previous_plan is not None and plan2.previous_plan.carried == []


# --- through the CLI, with the real plan engine -------------------------------------------

HERE = __import__("pathlib").Path(__file__).parent / "fixtures" / "compare"


def test_cli_two_years(cli, tmp_path):
    from careerplan.store.planfile import load_plan

    vocab = pf.catalogue().vocab.ids()
    first = tmp_path / "plan-1.yaml"
    result = cli(
        "plan",
        "--profile",
        HERE / "2025.yaml",
        "--save",
        first,
        "--format",
        "json",
        "--mentor",
        "Dr M Mentor",
    )
    assert result.exit_code == 0, result.stderr
    plan1 = load_plan(first, vocab)
    assert plan1.mentor == "Dr M Mentor"
    done, dropped, going = (i.id for i in plan1.items[:3])
    for args in (
        ["--item", done, "--status", "complete"],
        ["--item", dropped, "--status", "dropped", "--note", "Not now"],
        ["--item", going, "--status", "in-progress"],
    ):
        assert cli("review", first, *args).exit_code == 0
    second = tmp_path / "plan-2.yaml"
    result = cli(
        "plan",
        "--profile",
        HERE / "2026.yaml",
        "--previous",
        first,
        "--save",
        second,
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    plan2 = load_plan(second, vocab)
    ids = [i.id for i in plan2.items]
    assert done not in ids and dropped not in ids
    carried = {i.id: i for i in plan2.items if i.status == "carried-forward"}
    assert set(carried) == {i.id for i in plan1.items[2:]}
    assert [h.status for h in carried[going].history][-2:] == ["in-progress", "carried-forward"]
    assert carried[going].phase == 1 and carried[going].start == plan2.start
    assert (
        plan2.notes[0].kind == "carried" and plan2.notes[0].source == "previous plan: plan-1.yaml"
    )
    assert plan2.previous_plan is not None and set(plan2.previous_plan.carried) == set(carried)
    # the year's limits still hold with the carried items in
    assert plan2.totals.hours <= plan2.totals.hours_available
    assert plan2.totals.hours_per_month == plan2.profile.constraints.hours_per_month
    # and the export says what was carried
    md = cli("export", second, "--to", "md")
    assert md.exit_code == 0, md.stderr
    assert "Carried forward from your plan of" in md.stdout


def test_cli_previous_plan_of_someone_else_warns(cli, tmp_path):
    first = tmp_path / "plan-1.yaml"
    assert (
        cli("plan", "--profile", HERE / "2025.yaml", "--save", first, "--format", "json").exit_code
        == 0
    )
    other = tmp_path / "other.yaml"
    other.write_text((HERE / "2026.yaml").read_text().replace("Dr B Example", "Dr Z Other"))
    result = cli("plan", "--profile", other, "--previous", first, "--format", "json")
    assert result.exit_code == 0
    assert (
        "the previous plan is for Dr B Example but the profile is for Dr Z Other" in result.stderr
    )


def test_carried_items_count_as_already_chosen():
    """Last year's unfinished board development training is carried forward; the new
    year's items are chosen as if it were already in the plan, so a second board
    development programme is not stacked on it (the real engine, not the fake)."""
    from careerplan.engine.context import make_context
    from careerplan.engine.planner import build_plan
    from careerplan.engine.select import select

    goals = ("board-effectiveness", "peer-support")
    person = pf.profile(
        "Dr A Example", hours=6, budget=3000, goals=goals, ratings={"finance": 1, "board-skills": 1}
    )
    old = pf.plan(
        person,
        [pf.item("board-development-training", phase=2, start=dt.date(2027, 3, 1), cost=1000)],
        generated_on=YEAR1,
    )
    old = apply_changes(
        old, [Change("board-development-training", "agreed", on=dt.date(2027, 2, 1))], REVIEW1
    )
    again = pf.profile(
        "Dr A Example",
        hours=6,
        budget=3000,
        goals=goals,
        assessed_on=YEAR2,
        start=dt.date(2028, 1, 3),
    )
    plan = next_plan(again, pf.catalogue(), old, today=YEAR2, build=build_plan)
    ids = [i.id for i in plan.items]
    assert ids.count("board-development-training") == 1
    assert "nhs-providers-board-development" not in ids
    # the engine: a carried item counts towards its family and areas like a chosen one
    cat = pf.catalogue()
    carried = cat.opportunities["board-development-training"]
    ctx = make_context(again, cat, already=(carried,))
    sel = select(ctx)
    assert "board-development-training" not in [c.opp.id for c in sel.chosen]
    assert sel.state.families["taught"] >= 1
    assert sel.state.coverage["board-skills"] > 0
    for c in sel.chosen:
        if cat.advice.family(c.opp.kind) == "taught":
            assert c.score.kind_count >= 1


def test_carried_free_route_item_is_listed_once():
    """A carried item of unknown cost with a free route counts as free, as the engine
    would count it, not as both free and of unknown cost."""
    person = pf.profile("Dr A Example", assessed_on=YEAR1)
    old = pf.plan(
        person, [pf.item("peer-group-internal-external", cost="unknown")], generated_on=YEAR1
    )
    assert old.items[0].cost == "unknown" and "free" in old.items[0].funding
    plan = next_plan(
        pf.profile("Dr A Example", assessed_on=YEAR2),
        pf.catalogue(),
        old,
        today=YEAR2,
        build=FakeEngine(picks=()),
    )
    assert "peer-group-internal-external" in plan.totals.free_or_funded
    assert "peer-group-internal-external" not in plan.totals.cost_unknown
