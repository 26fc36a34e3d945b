"""The person's situation (profile `situation:`, engine/situation.py): seven personas of our
own, checked on the plan's typed fields, and properties every plan keeps (no item asks
someone to take up a role they hold; acknowledgements never contradict the items; every
item has a reason)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from careerplan.engine.planner import add_months, build_plan
from careerplan.errors import ValidationFailed
from careerplan.model.opportunity import Opportunity
from careerplan.model.plan import Plan
from careerplan.model.profile import Profile
from careerplan.store.catalogue import load_catalogue
from careerplan.store.profiles import validate_profile
from careerplan.store.yamlio import YamlDoc

TODAY = dt.date(2026, 12, 3)
HERE = Path(__file__).parent
SITUATIONS = HERE / "fixtures" / "situation"
PERSONAS = HERE / "personas"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(today=TODAY)


def profile_of(data: dict, catalogue) -> Profile:
    return validate_profile(data, YamlDoc("test.yaml", data), catalogue.vocab.ids(), TODAY)


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def plan_for(name: str, catalogue, **situation) -> Plan:
    data = load(SITUATIONS / f"{name}.yaml")
    if situation:
        data["situation"] = {**data.get("situation", {}), **situation}
    return build_plan(profile_of(data, catalogue), catalogue, today=TODAY)


@pytest.fixture(scope="module")
def plans(catalogue) -> dict[str, Plan]:
    return {p.stem: plan_for(p.stem, catalogue) for p in sorted(SITUATIONS.glob("*.yaml"))}


def ids(plan: Plan) -> list[str]:
    return [i.id for i in plan.items]


def notes(plan: Plan) -> str:
    return " ".join(n.text for n in plan.notes)


def months_of(opp: Opportunity) -> int:
    return int(getattr(opp.time, "months", 1) or 1)


# -- the profile and its schema ----------------------------------------------------------


def test_an_interim_post_needs_its_end_date(catalogue):
    data = load(SITUATIONS / "interim-md.yaml")
    del data["situation"]["post_ends"]
    with pytest.raises(ValidationFailed, match="post_ends"):
        profile_of(data, catalogue)


def test_an_end_date_in_the_past_is_refused(catalogue):
    data = load(SITUATIONS / "interim-md.yaml")
    data["situation"]["post_ends"] = "2026-11-01"
    with pytest.raises(ValidationFailed, match="not after assessed_on"):
        profile_of(data, catalogue)


def test_an_unknown_held_role_is_refused_with_a_suggestion(catalogue):
    data = load(SITUATIONS / "ro-md.yaml")
    data["situation"]["roles_held"] = ["responsible-oficer"]
    with pytest.raises(ValidationFailed, match="responsible-officer"):
        profile_of(data, catalogue)


def test_a_profile_without_a_situation_is_written_as_before(catalogue):
    from careerplan.model.profile import profile_to_data

    data = load(PERSONAS / "new-md-nhs-trust.yaml")
    assert "situation" not in profile_to_data(profile_of(data, catalogue))


def test_the_schemas_carry_the_situation_fields(cli):
    profile = json.loads(cli("profile", "schema").stdout)
    situation = profile["$defs"]["Situation"]["properties"]
    assert "responsible-officer" in situation["roles_held"]["items"]["enum"]
    assert {"interim", "post_ends", "leaving", "leaving_on", "caring"} <= set(situation)
    catalogue = json.loads(cli("catalogue", "schema").stdout)
    entry = catalogue["$defs"]["Opportunity"]["properties"]
    assert {"suits", "only_in", "unsuited", "takes_up_role", "open_to"} <= set(entry)
    assert "scrutiny" in entry["suits"]["items"]["enum"]


# -- the seven personas ------------------------------------------------------------------


def test_interim_md_gets_a_90_day_plan_and_nothing_longer_than_the_post(plans, catalogue):
    plan = plans["interim-md"]
    assert plan.horizon_months == 3
    assert plan.situation is not None and plan.situation.active == ["interim"]
    assert plan.situation.plan_months == 3 and plan.situation.asked_months == 12
    assert plan.items[0].id == "interim-90-day-plan"
    assert plan.items[0].brought_by == "interim"
    assert "new-md-first-months-support-plan" not in ids(plan)
    opps = catalogue.opportunities
    for item in plan.items:
        assert item.target_date <= plan.end
        if opps[item.id].time.shape != "ongoing":
            assert months_of(opps[item.id]) <= 3, item.id
    assert "Your post ends on 5 Mar 2027" in notes(plan)


def test_md_leaving_in_six_months_gets_a_transition_plan(plans, catalogue):
    plan = plans["leaving-md"]
    assert plan.horizon_months == 6
    assert plan.situation is not None and plan.situation.active == ["leaving"]
    assert "leaving-transition-plan" in ids(plan)
    assert "career-next-steps-review" in ids(plan)
    assert {i.brought_by for i in plan.items} >= {"leaving"}
    assert "protected-clinical-time-job-plan" not in ids(plan)
    assert not [i for i in plan.items if i.kind == "stretch-role"]
    kept = {k.id: k.reason for k in plan.situation.kept_out}
    assert kept.get("protected-clinical-time-job-plan") == "unsuited"
    assert "beyond-post" in kept.values()


def test_ltft_charity_md_with_caring_duties(plans, catalogue):
    plan = plans["ltft-charity"]
    assert plan.situation is not None
    assert plan.situation.active == ["caring", "less-than-full-time"]
    assert plan.situation.leave_factor == 0.6
    assert plan.totals.leave_days_per_year == 6
    opps = catalogue.opportunities
    for item in plan.items:
        opp = opps[item.id]
        if opp.format == "in-person" and opp.time.shape == "block":
            assert opp.time.days <= 1, item.id
    # Hours a month as given (they are the person's own), but a fifth kept as slack for
    # caring; study leave pro rata to 3 days of 5.
    assert plan.situation.hours_factor == pytest.approx(0.8)
    assert plan.totals.hours_per_month == pytest.approx(4.0)
    assert max(plan.totals.hours_by_month) <= 4.0 + 1e-9
    text = notes(plan)
    assert "6 days a year rather than the 10 days of a full-time post" in text
    assert "Caring commitments" in text


def test_md_under_a_warning_notice_gets_support_first(plans):
    plan = plans["warning-notice"]
    assert plan.situation is not None and plan.situation.active == ["scrutiny"]
    brought = [i for i in plan.items if i.brought_by == "scrutiny"]
    assert {"support-under-scrutiny", "nhs-practitioner-health"} <= {i.id for i in brought}
    assert any(i.kind in ("coaching", "mentoring") for i in brought)
    first_month = add_months(plan.start, 1)
    assert all(i.start < first_month for i in plan.items[:2])
    assert plan.items[0].brought_by == "scrutiny"
    assert "mental-health-legislation-executive-lead" not in ids(plan)


def test_md_who_holds_statutory_roles_is_not_asked_to_take_them_up(plans, catalogue):
    plan = plans["ro-md"]
    held = set(plan.profile.situation.roles_held)
    opps = catalogue.opportunities
    assert not [i.id for i in plan.items if opps[i.id].takes_up_role in held]
    assert plan.situation is not None
    kept = {k.id: k.held_role for k in plan.situation.kept_out if k.reason == "held-role"}
    assert kept["mental-health-legislation-executive-lead"] == "mental-health-act-lead"
    assert kept["md-medical-education-leadership"] == "director-medical-education"
    assert "You are already the Mental Health Act lead" in notes(plan)


def test_deputy_who_rates_himself_4_everywhere(plans):
    plan = plans["deputy-all-fours"]
    assert plan.situation is not None and plan.situation.active == ["ratings-to-check"]
    assert plan.priorities, "the priorities section never disappears"
    by_id = {i.id: i for i in plan.items}
    assert {"hlm-360-feedback", "appraiser-ratings-conversation"} <= set(by_id)
    early = add_months(plan.start, 3)
    assert by_id["hlm-360-feedback"].start < early
    assert by_id["appraiser-ratings-conversation"].start < early
    assert "All 16 of your ratings are the same (4, Strength)" in notes(plan)


def test_twelve_of_sixteen_the_same_is_checked_but_eleven_is_not(catalogue):
    data = load(SITUATIONS / "deputy-all-fours.yaml")
    areas = list(data["ratings"])
    for i, area in enumerate(areas):
        data["ratings"][area] = 2 if i < 12 else 1 + 2 * (i % 2)  # twelve 2s, then 1, 3, 1, 3
    plan = build_plan(profile_of(data, catalogue), catalogue, today=TODAY)
    assert plan.situation is not None and "ratings-to-check" in plan.situation.active
    data["ratings"][areas[0]] = 3  # eleven 2s
    plan = build_plan(profile_of(data, catalogue), catalogue, today=TODAY)
    assert plan.situation is None or "ratings-to-check" not in plan.situation.active


def test_independent_md_sees_the_caveat_for_settings_outside_the_nhs(plans):
    assert "Your setting." in notes(plans["independent-md"])


def test_a_targeted_programme_only_when_the_person_asks(catalogue):
    from careerplan.engine.context import make_context
    from careerplan.engine.reasons import Out
    from careerplan.engine.score import exclusion

    data = load(PERSONAS / "clinical-director-independent.yaml")
    ready_now = catalogue.opportunities["nhsla-ready-now"]
    plain = make_context(profile_of(data, catalogue), catalogue)
    assert exclusion(ready_now, plain).kind == Out.OPEN_TO
    data["situation"] = {"characteristics": ["global-majority"]}
    asked = make_context(profile_of(data, catalogue), catalogue)
    found = exclusion(ready_now, asked)
    assert found is None or found.kind != Out.OPEN_TO


def test_the_situation_reaches_the_plan_file(cli, tmp_path):
    result = cli(
        "plan",
        "--profile",
        SITUATIONS / "interim-md.yaml",
        "--format",
        "json",
        "--today",
        TODAY.isoformat(),
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["situation"]["active"] == ["interim"]
    assert data["situation"]["ends"] == "2027-03-05"
    assert data["items"][0]["brought_by"] == "interim"


# -- properties over every persona -------------------------------------------------------

ALL = sorted([*PERSONAS.glob("*.yaml"), *SITUATIONS.glob("*.yaml")])


def with_everything_held(path: Path, catalogue) -> Profile:
    data = load(path)
    data["situation"] = {
        **data.get("situation", {}),
        "roles_held": [t.id for t in catalogue.vocab.held_roles],
    }
    return profile_of(data, catalogue)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_nothing_asks_someone_to_take_up_a_role_they_hold(path, catalogue):
    profile = with_everything_held(path, catalogue)
    plan = build_plan(profile, catalogue, today=TODAY)
    opps = catalogue.opportunities
    assert not [i.id for i in plan.items if opps[i.id].takes_up_role is not None]
    for item in plan.items:
        assert "deputise" not in item.action.lower() or not opps[item.id].takes_up_role


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_acknowledgements_never_contradict_the_items(path, catalogue):
    data = load(path)
    data["support_in_place"] = [t.id for t in catalogue.vocab.support]
    plan = build_plan(profile_of(data, catalogue), catalogue, today=TODAY)
    opps = catalogue.opportunities
    for ack in plan.acknowledged:
        rule = catalogue.advice.support_rule(ack.support)
        same = [
            i.id
            for i in plan.items
            if (opps[i.id].provides_support and opps[i.id].provides_support.type == ack.support)
            or (rule and opps[i.id].provides_support is None and i.kind in rule.covers)
        ]
        if same:
            assert "does not add" not in ack.message, (ack.support, same)
            assert opps[same[0]].title in ack.message


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_notes_about_coaching_match_the_plan(path, catalogue):
    data = load(path)
    data["support_in_place"] = []
    plan = build_plan(profile_of(data, catalogue), catalogue, today=TODAY)
    kinds = {i.kind for i in plan.items}
    text = notes(plan)
    if "so the plan adds one" in text:
        assert kinds & {"coaching", "mentoring"}
    if "this plan does not add one" in text:
        assert not kinds & {"coaching", "mentoring"}


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_every_item_has_a_reason_and_the_priorities_never_vanish(path, catalogue):
    plan = build_plan(profile_of(load(path), catalogue), catalogue, today=TODAY)
    assert plan.priorities
    for item in plan.items:
        assert item.why and item.why.strip(), item.id
        assert item.reasons


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_moving_on_from_md_is_said_only_to_medical_directors(path, catalogue):
    data = load(path)
    data["goals"] = ["explore-next-role"]
    plan = build_plan(profile_of(data, catalogue), catalogue, today=TODAY)
    if plan.profile.role != "medical-director":
        assert "the medical director role opens" not in notes(plan)


# -- the board appraisal section, by sector (issue 18, item 7) ---------------------------


def board_section(plan: Plan, catalogue):
    from careerplan.render.document import build

    return build(plan, catalogue.assessment, catalogue.frameworks).board


@pytest.mark.parametrize("organisation", ["independent", "voluntary", "other"])
def test_outside_the_nhs_the_board_section_names_cqc_regulation_5(organisation, catalogue):
    data = load(SITUATIONS / "independent-md.yaml")
    data["organisation"] = organisation
    board = board_section(
        build_plan(profile_of(data, catalogue), catalogue, today=TODAY), catalogue
    )
    assert board is not None
    assert "Regulation 5" in board.framework
    assert board.developed == [] and board.untouched == []  # no NHS board domains
    assert "self-attestation are written for NHS bodies" in board.fppt
    assert "79 per cent" in board.caveat  # the report's own caveat, always in the section
    assert any("cqc.org.uk" in (s.url or "") for s in board.sources)


def test_an_nhs_trust_keeps_nhs_englands_board_framework_and_the_fppt(catalogue):
    data = load(SITUATIONS / "independent-md.yaml")
    data["organisation"] = "nhs-trust"
    board = board_section(
        build_plan(profile_of(data, catalogue), catalogue, today=TODAY), catalogue
    )
    assert board is not None
    assert board.framework == "NHS leadership competency framework for board members"
    assert "Fit and Proper Person Test" in board.fppt
    assert board.caveat == ""


def test_a_provider_collaborative_is_told_it_depends_on_the_organisation(catalogue):
    data = load(SITUATIONS / "independent-md.yaml")
    data["organisation"] = "provider-collaborative"
    board = board_section(
        build_plan(profile_of(data, catalogue), catalogue, today=TODAY), catalogue
    )
    assert board is not None and "provider collaborative" in board.framework
    assert "NHS trust" in board.fppt and "Regulation 5" in board.fppt


def test_the_markdown_export_shows_the_caveat_in_the_board_section(cli, tmp_path):
    saved = tmp_path / "plan.yaml"
    made = cli(
        "plan",
        "--profile",
        SITUATIONS / "independent-md.yaml",
        "--save",
        saved,
        "--today",
        TODAY.isoformat(),
    )
    assert made.exit_code == 0, made.stderr
    out = tmp_path / "plan.md"
    result = cli("export", saved, "--out", out, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.stderr
    section = out.read_text().split("## Board appraisal", 1)[1].split("\n## ", 1)[0]
    assert "CQC Regulation 5" in section
    assert "leadership competency framework for board members*" not in section
    assert "79 per cent" in section


def test_a_requirement_without_a_framework_needs_its_sources():
    from pydantic import ValidationError

    from careerplan.model.frameworks import BoardRequirement

    with pytest.raises(ValidationError, match="sources"):
        BoardRequirement.model_validate(
            {
                "organisations": ["independent"],
                "title": "T",
                "publisher": "P",
                "requirement": "R",
                "caveat": "C",
                "checked": "2026-12-03",
            }
        )


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_a_short_task_says_how_its_hours_fall(path, catalogue):
    """'About 3 hours in one month' only for a task the plan keeps in one month; spread
    over more months, its words say so ('a day stays a day')."""
    plan = build_plan(profile_of(load(path), catalogue), catalogue, today=TODAY)
    for item in plan.items:
        one_month = add_months(item.start, 1) > item.target_date
        if item.time_text and "in one month" in item.time_text:
            assert one_month, (item.id, item.time_text, item.start, item.target_date)
        if item.time_shape == "block":
            assert one_month, item.id


def test_profile_show_lists_only_the_situation_given(catalogue):
    from careerplan.assess.answers import answer_rows

    rows = dict(answer_rows(plan_for("interim-md", catalogue).profile, catalogue.assessment))
    assert rows["Acting or interim post"] == "Yes"
    assert "Post ends" in rows and "Leaving on" not in rows and "Caring commitments" not in rows
    plain = profile_of(load(PERSONAS / "new-md-nhs-trust.yaml"), catalogue)
    assert dict(answer_rows(plain, catalogue.assessment))["Your situation"] == "nothing given"


def test_a_post_ending_after_the_plan_keeps_the_plan_length_and_its_limit(catalogue):
    plan = plan_for("leaving-md", catalogue, leaving_on=dt.date(2028, 6, 1))
    assert plan.horizon_months == 12
    assert plan.situation is not None and plan.situation.plan_months == 12
    assert "runs 12 months, ending before then" in notes(plan)
    opps = catalogue.opportunities
    for item in plan.items:  # nothing runs past the leaving date, 18 months away
        if opps[item.id].time.shape != "ongoing":
            assert months_of(opps[item.id]) <= 18, item.id


def test_caring_leaves_out_residential_programmes(catalogue):
    from careerplan.engine.context import make_context
    from careerplan.engine.reasons import Out
    from careerplan.engine.score import exclusion

    data = load(SITUATIONS / "ltft-charity.yaml")
    data["organisation"] = "nhs-trust"  # where the Aspiring Chief Executive programme is open
    ctx = make_context(profile_of(data, catalogue), catalogue)
    residential = [o for o in catalogue.opportunities.values() if o.residential]
    assert residential
    for opp in residential:
        found = exclusion(opp, ctx)
        assert found is not None, opp.id
    aspiring = catalogue.opportunities["nhsla-aspiring-chief-executive"]
    found = exclusion(aspiring, ctx)  # an established medical director: only caring keeps it out
    assert found is not None and found.kind == Out.NIGHTS_AWAY
    del data["situation"]["caring"]
    assert exclusion(aspiring, make_context(profile_of(data, catalogue), catalogue)) is None


def test_characteristics_stay_in_the_profile_alone(cli, tmp_path, catalogue):
    data = load(PERSONAS / "clinical-director-independent.yaml")
    data["situation"] = {"characteristics": ["global-majority"]}
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(data))
    saved = tmp_path / "plan.yaml"
    made = cli("plan", "--profile", tmp_path / "p.yaml", "--save", saved)
    assert made.exit_code == 0, made.stderr
    assert "global-majority" not in saved.read_text()
    out = tmp_path / "plan.json"
    assert cli("export", saved, "--out", out).exit_code == 0
    assert "global-majority" not in out.read_text()


def test_assess_needs_the_end_date_only_after_a_yes(cli, tmp_path):
    base = [
        "assess",
        "--set", "role=medical-director",
        "--set", "years_in_role=0.2",
        "--set", "organisation=nhs-trust",
        "--set", "goals=excel-in-role",
        "--set", "hours_per_month=8",
        "--set", "budget_gbp=0",
        "--no-input",
        "--out", tmp_path / "p.yaml",
    ]  # fmt: skip
    plain = cli(*base)
    assert plain.exit_code == 0, plain.stderr
    assert "situation" not in (tmp_path / "p.yaml").read_text()
    missing = cli(*base, "--set", "interim=yes", "--force")
    assert missing.exit_code == 2
    assert "When does the acting or interim post end?" in missing.stderr
    given = cli(*base, "--set", "interim=yes", "--set", "post-ends=2027-03-31", "--force")
    assert given.exit_code == 0, given.stderr
    data = yaml.safe_load((tmp_path / "p.yaml").read_text())
    assert data["situation"] == {"interim": True, "post_ends": dt.date(2027, 3, 31)}
