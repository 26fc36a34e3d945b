"""Unit tests of matching, scheduling and planning: needs, scores, money, constraints."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from careerplan import matching
from careerplan.catalogue import load_catalogue, shipped_dir
from careerplan.errors import InputError, ValidationFailed
from careerplan.planner import Overrides, add_months, build_plan, reviews
from careerplan.profile import validate_profile
from careerplan.schedule import Task, fit, monthly_load
from careerplan.yamlio import YamlDoc

TODAY = dt.date(2026, 11, 30)

BASE = {
    "version": 1,
    "assessed_on": "2026-11-20",
    "role": "medical-director",
    "years_in_role": 0.5,
    "organisation": "nhs-trust",
    "clinical_days_per_week": 1,
    "goals": ["peer-support", "board-effectiveness"],
    "ratings": {"finance": 1, "board-skills": 2},
    "priority_areas": ["finance"],
    "support_in_place": [],
    "constraints": {
        "hours_per_month": 6,
        "budget_gbp": 1500,
        "apprenticeship_levy": False,
        "horizon_months": 12,
        "start": "2027-01-04",
    },
}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(today=TODAY)


def profile(catalogue, **changes):
    data = {**BASE, **changes}
    if "constraints" in changes:
        data["constraints"] = {**BASE["constraints"], **changes["constraints"]}
    return validate_profile(data, YamlDoc("test-profile.yaml", data), catalogue.vocab.ids(), TODAY)


def org_catalogue(tmp_path: Path, entries: str):
    folder = tmp_path / "ours"
    folder.mkdir(exist_ok=True)
    (folder / "local.yaml").write_text(
        "version: 1\nopportunities:\n" + textwrap.indent(textwrap.dedent(entries), "  ")
    )
    return load_catalogue([folder], today=TODAY)


def entry(id_: str, **fields) -> str:
    data = {
        "id": id_,
        "title": f"Test {id_}",
        "kind": "programme",
        "provider": "Test trust",
        "summary": "A test entry.",
        "stages": "[new-md]",
        "areas": "{finance: 3}",
        "goals": "[board-effectiveness]",
        "format": "online",
        "hours": 10,
        "cost": 0,
        "funding": "[employer]",
        "evidence": "A certificate.",
        "source": "Test",
        "last_reviewed": "2026-11-01",
    }
    data.update(fields)
    # The catalogue schema's `time` shape and price evidence (catalogue branch).
    data["time"] = f"{{shape: once, hours: {data.pop('hours')}, basis: estimate}}"
    if data["cost"] == "unknown":
        data["cost_unknown_reason"] = "quoted on request"
    elif data["cost"] != 0:
        data["cost_basis"] = "published"
        data["price_source"] = '{title: Test prices, url: "https://example.org/prices"}'
        data["price_checked"] = "2026-11-01"
    lines = [f"- id: {data.pop('id')}"] + [f"  {k}: {v}" for k, v in data.items()]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------- needs


def test_need_is_gap_times_weight_from_the_catalogue(catalogue):
    p = profile(catalogue)
    w = catalogue.weights
    stage = catalogue.assessment.stage_for(p.role, p.years_in_role)
    assert stage == "new-md"
    importance = (
        w.base
        + w.goal_rank[1] * w.goals["board-effectiveness"].get("finance", 0)
        + w.goal_rank[0] * w.goals["peer-support"].get("finance", 0)
        + w.stages[stage].get("finance", 0)
        + w.priority_bonus
    )
    n = matching.needs(p, catalogue, stage)["finance"]
    assert n.importance == pytest.approx(importance)
    assert n.need == pytest.approx(3 * importance)
    assert f"gap 3 × weight {matching._num(importance)}" in n.why
    assert "named it a priority" in n.why and "second goal" in n.why


def test_unrated_area_counts_as_the_unrated_default(catalogue):
    p = profile(catalogue)
    n = matching.needs(p, catalogue, "new-md")["quality-safety"]
    assert n.rating is None
    assert n.counted_rating == catalogue.weights.unrated
    assert "did not rate" in n.why


def test_priorities_rank_by_need_and_keep_named_areas(catalogue):
    p = profile(catalogue, ratings={"finance": 4, "board-skills": 1})
    ctx = matching.make_context(p, catalogue)
    areas = [n.area for n in ctx.priorities]
    assert "finance" in areas  # named, though rated a strength
    assert next(n for n in ctx.priorities if n.area == "finance").need == 0
    needs = [n.need for n in ctx.priorities]
    assert needs == sorted(needs, reverse=True)


# ---------------------------------------------------------------------------------- scores


def test_other_stages_are_excluded(catalogue):
    p = profile(catalogue, role="consultant", years_in_role=3, goals=["chief-executive"])
    ctx = matching.make_context(p, catalogue)
    for opp in catalogue.opportunities.values():
        why = matching.exclusion(opp, ctx)
        assert (why is None) == ("aspiring" in opp.stages), opp.id
    plan = build_plan(p, catalogue, today=TODAY)
    assert all("aspiring" in catalogue.opportunities[i.id].stages for i in plan.items)


def test_returns_diminish_for_areas_and_similar_kinds(catalogue):
    ctx = matching.make_context(profile(catalogue), catalogue)
    training = catalogue.opportunities["board-development-training"]
    alone = matching.score(training, ctx)
    state = matching.State()
    state.add(catalogue.opportunities["nhs-providers-board-development"], ctx)
    after = matching.score(training, ctx, state)
    assert after.total < alone.total
    assert after.kind_factor < 1  # a programme already: a course is a similar kind
    finance_alone = next(a for a in alone.areas if a.area == "finance")
    finance_after = next(a for a in after.areas if a.area == "finance")
    assert finance_after.value < finance_alone.value and finance_after.already


def test_earlier_goals_count_more(catalogue):
    first = matching.make_context(profile(catalogue, goals=["board-effectiveness"]), catalogue)
    second = matching.make_context(
        profile(catalogue, goals=["peer-support", "board-effectiveness"]), catalogue
    )
    opp = catalogue.opportunities["board-development-training"]
    g1 = matching.score(opp, first).goals[0]
    g2 = matching.score(opp, second).goals[0]
    assert g1.rank == 0 and g2.rank == 1 and g1.value > g2.value


def test_every_number_in_the_score_is_said(catalogue):
    ctx = matching.make_context(profile(catalogue), catalogue)
    s = matching.score(catalogue.opportunities["board-development-training"], ctx)
    text = matching.arithmetic(s, ctx)
    for a in s.areas:
        assert f"need {matching._num(a.need)} × {a.share:.2f}" in text
    for g in s.goals:
        assert matching._num(g.value) in text
    for _, bonus, _ in s.bonuses:
        assert f"report recommendation {matching._num(bonus)}" in text
    assert f"= {matching._num(s.base)}" in text
    assert matching._num(s.total) in text


# ---------------------------------------------------------------------------------- money


def test_money_routes(tmp_path):
    cat = org_catalogue(
        tmp_path,
        "".join(
            [
                entry("t-band", cost="{min: 500, max: 2000}"),
                entry("t-unknown", cost="unknown"),
                entry("t-levy", cost=9000, funding="[apprenticeship-levy, employer]"),
                entry("t-nhse", cost=1200, funding="[nhs-england-funded]"),
                entry("t-free", cost=0, funding="[free]"),
                entry("t-known", cost=750),
            ]
        ),
    )
    with_levy = matching.make_context(profile(cat, constraints={"apprenticeship_levy": True}), cat)
    without = matching.make_context(profile(cat), cat)
    get = cat.opportunities.__getitem__
    assert matching.money(get("t-band"), without).counted == 2000  # the upper end
    unknown = matching.money(get("t-unknown"), without)
    assert unknown.counted is None and "check with the provider" in unknown.note
    assert matching.money(get("t-levy"), with_levy).route == "levy"
    assert matching.money(get("t-levy"), without).counted == 9000
    assert matching.money(get("t-nhse"), without).counted == 0
    assert matching.money(get("t-free"), without).counted == 0
    assert matching.money(get("t-known"), without).counted == 750


def test_unknown_cost_with_a_free_route_tells_one_story(tmp_path):
    """Cost 'unknown' but a free route: the note, the markdown cost line, the totals and
    the terminal cost column all say 'free route', never also 'unknown'."""
    from careerplan.render.document import cost_text
    from careerplan.render.plan_terminal import cost_short, funding_short

    cat = org_catalogue(
        tmp_path,
        entry(
            "t-freeish",
            cost="unknown",
            funding="[free, membership]",
            hours=4,
            goals="[peer-support, board-effectiveness]",
            areas="{finance: 3, board-skills: 3}",
        ),
    )
    plan = build_plan(profile(cat), cat, today=TODAY)
    item = next(i for i in plan.items if i.id == "t-freeish")
    assert "t-freeish" in plan.totals.free_or_funded
    assert "t-freeish" not in plan.totals.cost_unknown
    line = cost_text(item.cost, item.cost_note, cat.assessment)
    assert line.startswith("Free by at least one route")
    assert "unknown" not in line.casefold() and "; T" not in line
    said = [cost_short(item, cat.vocab), funding_short(item, cat.vocab)]
    assert said == ["free route", "membership"]
    free = item.model_copy(update={"cost": 0, "funding": ["free"], "cost_note": "Free."})
    assert [cost_short(free, cat.vocab), funding_short(free, cat.vocab)] == ["free", ""]
    assert cost_text(free.cost, free.cost_note, cat.assessment) == "free"


def test_budget_and_levy_decide_what_is_affordable(tmp_path):
    cat = org_catalogue(
        tmp_path,
        entry(
            "t-costly",
            cost=2000,
            hours=8,
            areas="{finance: 3, board-skills: 3}",
            goals="[peer-support, board-effectiveness]",
        )
        + entry(
            "t-levy-masters",
            cost=9000,
            hours=8,
            funding="[apprenticeship-levy]",
            areas="{board-skills: 3}",
        ),
    )
    poor = build_plan(profile(cat, constraints={"budget_gbp": 1500}), cat, today=TODAY)
    assert "t-costly" not in [i.id for i in poor.items]
    assert "t-levy-masters" not in [i.id for i in poor.items]
    assert poor.totals.cost <= 1500
    said = " ".join(x.message for x in poor.left_out) + " ".join(u.message for u in poor.unmet)
    assert "budget" in said
    rich = build_plan(
        profile(cat, constraints={"budget_gbp": 5000, "apprenticeship_levy": True}),
        cat,
        today=TODAY,
    )
    got = {i.id: i for i in rich.items}
    assert "t-costly" in got and got["t-costly"].cost_counted == 2000
    assert got["t-levy-masters"].cost_counted == 0
    assert rich.totals.levy_funded == ["t-levy-masters"]
    assert rich.totals.cost == pytest.approx(sum(i.cost_counted or 0 for i in rich.items))


def test_prerequisites_come_first(tmp_path):
    cat = org_catalogue(
        tmp_path,
        entry(
            "t-first",
            areas="{corporate-functions: 1}",
            kind="action",
            format="self-directed",
            hours=2,
        )
        + entry("t-then", prerequisites="[t-first]", hours=6),
    )
    plan = build_plan(profile(cat), cat, today=TODAY)
    got = {i.id: i for i in plan.items}
    assert {"t-first", "t-then"} <= got.keys()
    assert got["t-first"].start < got["t-then"].start
    assert any("comes earlier in this plan" in r for r in got["t-then"].reasons)


def test_more_hours_advice_counts_the_prerequisite(tmp_path):
    """An item left out for time whose prerequisite is not in the plan: the advice names
    the prerequisite, counts its hours, and planning again with the hours it suggests
    includes both."""
    cat = org_catalogue(
        tmp_path,
        entry(
            "t-base",
            areas="{corporate-functions: 1}",
            kind="peer-network",
            hours=12,
            goals="[peer-support]",
            stages="[new-md, established-md, experienced-md]",
        )
        + entry(
            "t-top",
            prerequisites="[t-base]",
            kind="action",
            hours=16,
            areas="{finance: 3, board-skills: 3}",
        ),
    )
    plan = build_plan(profile(cat, constraints={"hours_per_month": 2}), cat, today=TODAY)
    assert "t-top" not in [i.id for i in plan.items]
    left = next(x for x in plan.left_out if x.id == "t-top")
    assert "needs about 28 hours" in left.message
    assert "Test t-base, 12 hours, which it builds on" in left.message
    wanted = re.search(r"\((\d+) in all\) would allow it", left.message)
    assert wanted, left.message
    again = build_plan(
        profile(cat, constraints={"hours_per_month": int(wanted[1])}), cat, today=TODAY
    )
    assert {"t-base", "t-top"} <= {i.id for i in again.items}


# ------------------------------------------------------------------------------ scheduling


def test_fit_keeps_every_month_within_the_limit():
    tasks = [
        Task("a", 12, 0, 12),
        Task("b", 16, 3, 4),
        Task("c", 3, 0, 1),
        Task("d", 6, 0, 2, after=("c",)),
    ]
    placed = fit(tasks, 12, 4)
    assert placed is not None
    assert max(monthly_load(placed, 12)) <= 4 + 1e-9
    assert placed["d"].start > placed["c"].start
    assert sum(w.rate * w.months for w in placed.values()) == pytest.approx(37)


def test_fit_says_when_it_cannot():
    assert fit([Task("a", 30, 0, 3)], 6, 4) is None
    assert fit([Task("a", 0, 0, 1)], 1, 0) is not None


def test_add_months_and_reviews():
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 11, 15), 3) == dt.date(2028, 2, 15)
    assert reviews(dt.date(2027, 1, 4), 12, 3) == [
        dt.date(2027, 4, 3),
        dt.date(2027, 7, 3),
        dt.date(2027, 10, 3),
        dt.date(2028, 1, 3),
    ]
    assert reviews(dt.date(2027, 1, 4), 2, 3) == [dt.date(2027, 3, 3)]


# ---------------------------------------------------------------------------------- plans


def test_no_time_means_no_items_and_says_what_would_help(catalogue):
    plan = build_plan(
        profile(catalogue, constraints={"hours_per_month": 0}), catalogue, today=TODAY
    )
    assert plan.items == []
    assert plan.totals.hours == 0
    finance = next(u for u in plan.unmet if u.area == "finance")
    assert "more hour" in finance.message


def test_overrides_change_the_what_if(catalogue):
    p = profile(catalogue)
    plan = build_plan(
        p, catalogue, today=TODAY, overrides=Overrides(top=2, horizon=6, start=dt.date(2027, 3, 1))
    )
    assert len(plan.items) <= 2
    assert plan.horizon_months == 6 and plan.profile.constraints.horizon_months == 6
    assert plan.start == dt.date(2027, 3, 1) and plan.end == dt.date(2027, 8, 31)
    assert plan.extra["overrides"] == {"top": 2, "horizon_months": 6, "start": "2027-03-01"}
    with pytest.raises(InputError, match="--top"):
        Overrides(top=0).check()
    with pytest.raises(InputError, match="--horizon"):
        Overrides(horizon=61).check()


def test_support_in_place_is_acknowledged(catalogue):
    plan = build_plan(
        profile(catalogue, support_in_place=["coach", "action-learning-set"]),
        catalogue,
        today=TODAY,
    )
    assert not [i for i in plan.items if i.kind in ("coaching", "action-learning-set")]
    assert [a.support for a in plan.acknowledged] == ["coach", "action-learning-set"]
    assert "finance literacy" in plan.acknowledged[0].message  # names the top priority


# ------------------------------------------------------------------------- advice file


@pytest.fixture
def base_copy(tmp_path: Path) -> Path:
    base = tmp_path / "base"
    shutil.copytree(shipped_dir(), base)
    return base


def test_a_broken_advice_file_names_file_and_line(base_copy):
    advice = base_copy / "advice.yaml"
    text = advice.read_text().replace("when: {stages: [new-md]}", "when: {stages: [new-mdd]}", 1)
    advice.write_text(text)
    line = text.splitlines().index(next(x for x in text.splitlines() if "new-mdd" in x)) + 1
    with pytest.raises(ValidationFailed) as err:
        load_catalogue(base=base_copy, today=TODAY)
    message = "\n".join(err.value.lines())
    assert f"advice.yaml:{line}" in message and "did you mean 'new-md'" in message


def test_advice_naming_a_missing_entry_is_a_problem(base_copy):
    advice = base_copy / "advice.yaml"
    advice.write_text(
        advice.read_text().replace(
            "ids: [md-action-learning-set,", "ids: [md-action-learning-sett,", 1
        )
    )
    with pytest.raises(ValidationFailed, match="md-action-learning-sett' is not in the catalogue"):
        load_catalogue(base=base_copy, today=TODAY)


def test_a_misspelt_scoring_constant_is_a_problem(base_copy):
    weights = base_copy / "weights.yaml"
    weights.write_text(weights.read_text().replace("  min_score:", "  min_scor:", 1))
    with pytest.raises(ValidationFailed, match="did you mean 'min_score'"):
        load_catalogue(base=base_copy, today=TODAY)


def test_a_catalogue_without_advice_still_plans(base_copy, catalogue):
    (base_copy / "advice.yaml").unlink()
    cat = load_catalogue(base=base_copy, today=TODAY)
    plan = build_plan(profile(cat), cat, today=TODAY)
    assert plan.items and plan.notes == []


def test_action_wording_fits_every_item_of_its_kind(catalogue):
    """The 'Then ...' wording of a kind must fit every item of that kind: a self-directed
    action's first step is the action itself (so not 'Then do it'), and 'stretch role'
    items include one-off contributions such as presenting (so not 'take on the role')."""
    advice = catalogue.advice
    assert not advice.kind_plan("action").doing.startswith("do it")
    kinds = {
        o.kind
        for o in catalogue.opportunities.values()
        if o.title.startswith(("Present", "Lead a topic"))
    }
    assert kinds, "the catalogue has one-off contributions to check"
    for kind in kinds:
        assert "the role" not in advice.kind_plan(kind).doing
