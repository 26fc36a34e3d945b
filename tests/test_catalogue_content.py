"""The shipped catalogue holds every opportunity the report names, each citing its section."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from careerplan.model.funding import route_status
from careerplan.model.opportunity import UNKNOWN
from careerplan.model.placeholders import NAMES, fill
from careerplan.store.catalogue import load_catalogue

TODAY = dt.date(2026, 12, 3)

# Issue 10, item 7: opportunities the first catalogue lacked -> words in title or summary.
ISSUE_ITEMS = {
    "chief-clinical-information-officer-role": "chief clinical information officer",
    "psychological-professions-oversight": "psychological professions",
    "md-medical-education-leadership": "medical education",
    "succession-planning-trainees": "uccession",
    "set-up-cross-organisation-action-learning-set": "action learning set",
    "targeted-diversity-support": "targeted",
    "nhsla-executive-director-pathway": "Executive Director Pathway",
    "nhsla-aspiring-chief-executive": "Aspiring Chief Executive",
    "nhsla-nye-bevan": "Nye Bevan",
    "nhsla-ready-now": "Ready Now",
    "nhs-coaching-register": "coaching and mentoring register",
    "rcpsych-lmfs-mentor": "Leadership and Management Fellow",
    "hlm-self-assessment": "Healthcare Leadership Model",
    "hlm-360-feedback": "360",
    "fmlm-fellowship": "FMLM Fellowship",
    "nhs-practitioner-health": "Practitioner Health",
    "hfma-how-finance-works": "HFMA",
    "rcp-preparing-to-be-md": "prepare to be a medical director",
    "nhs-management-leadership-framework": "management and leadership framework",
}

# id -> words that must appear in its title or provider (the report's own naming)
REPORT_ITEMS = {
    # Appendix 2
    "rcpsych-leadership-resources": "Royal College of Psychiatrists",
    "fmlm-medical-directors-role-guide": "Medical Director",
    "mh-medical-directors-forum": "Forum",
    "nhs-health-careers-management": "Health Careers",
    "kings-fund-leadership-courses": "King",
    "nhs-confed-leadership-support": "Confederation",
    "nhs-providers-board-development": "NHS Providers",
    "emml-bayes": "Bayes",
    "perry-mason-2016-value-of-psychiatrists": "Value of Psychiatrists",
    "till-sen-crimlisk-2022-leadership-development": "Psychiatric Leadership Development",
    # The body of the report
    "board-development-training": "oard",
    "peer-group-internal-external": "peer",
    "executive-coaching": "oaching",
    "mentoring": "entor",
    "population-health-course": "opulation health",
    "md-action-learning-set": "ction learning",
    "board-action-learning-set": "ction learning",
    "cross-organisation-action-learning-set": "ction learning",
    "shadowing-across-settings": "hadow",
    "conversations-with-senior-leaders": "onversations",
    "difficult-environments-compassionate-leadership": "ompassionate",
    "corporate-colleagues-programme": "orporate",
    "rcpsych-committees-projects": "ommittee",
    "healthcare-leadership-masters": "aster",
    "apprenticeship-levy-funding-conversation": "pprenticeship levy",
    "deputy-cd-peer-group": "eer group",
    "organisation-wide-leadership-development": "rganisation",
    "medical-workforce-od-lead": "rganisational development",
    "triangulated-leadership-model": "riangulat",
    "medical-leadership-competency-framework": "ompetency framework",
    "staff-survey-diversity-review": "taff survey",
    "protected-clinical-time-job-plan": "rotected",
    "stretch-provider-collaborative-lead": "rovider collaborative",
    "stretch-system-clinical-leadership-group": "ystem",
    "stretch-sro-mhld": "enior responsible officer",
    "stretch-icb-programme-board": "ICB",
    "stretch-ics-subcommittee": "ICS",
    "stretch-regional-md-group": "egional",
}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_at_least_35_entries(catalogue):
    assert len(catalogue.opportunities) >= 35


@pytest.mark.parametrize(("opp_id", "words"), REPORT_ITEMS.items())
def test_report_item_is_present_and_cites_the_report(catalogue, opp_id, words):
    opp = catalogue.opportunities.get(opp_id)
    assert opp is not None, f"{opp_id} missing from the catalogue"
    assert words in f"{opp.title} {opp.provider} {opp.summary}"
    assert opp.source.startswith("Report: "), opp.source


def test_every_area_goal_and_stage_is_served(catalogue):
    ids = catalogue.vocab.ids()
    opps = list(catalogue.opportunities.values())
    for area in ids["areas"]:
        assert sum(area in o.areas for o in opps) >= 2, area
    for goal in ids["goals"]:
        assert sum(goal in o.goals for o in opps) >= 2, goal
    for stage in ids["stages"]:
        assert sum(stage in o.stages for o in opps) >= 5, stage


def test_stage_rules_follow_design(catalogue):
    stage = catalogue.assessment.stage_for
    assert stage("consultant", 3) == "aspiring"
    assert stage("clinical-lead", 1) == "emerging"
    assert stage("deputy-medical-director", 2) == "deputy"
    assert stage("medical-director", 0.5) == "new-md"
    assert stage("medical-director", 1) == "established-md"
    assert stage("medical-director", 4.9) == "established-md"
    assert stage("medical-director", 5) == "experienced-md"


# ------------------------------------------------------------------- issue 10, item 8


@pytest.mark.parametrize(("opp_id", "words"), ISSUE_ITEMS.items())
def test_the_opportunities_the_first_catalogue_lacked_are_present(catalogue, opp_id, words):
    opp = catalogue.opportunities.get(opp_id)
    assert opp is not None, f"{opp_id} missing from the catalogue"
    assert words.casefold() in f"{opp.title} {opp.provider} {opp.summary}".casefold()
    assert opp.url or opp.link_note, opp_id


def test_no_unknown_price_without_a_reason(catalogue):
    for opp in catalogue.opportunities.values():
        if opp.cost == UNKNOWN:
            reason = opp.cost_unknown_reason or ""
            assert len(reason) > 20 and "not yet looked up" not in reason, opp.id


def test_links_are_to_the_opportunity_or_say_why_not(catalogue):
    for opp in catalogue.opportunities.values():
        if opp.url is None or opp.url_is_homepage:
            assert opp.link_note, opp.id


def test_no_levy_route_is_open_to_an_adult_after_its_end_date(catalogue):
    routes = catalogue.funding
    assert routes is not None
    levy = route_status("apprenticeship-levy", dt.date(2025, 12, 31), routes)
    assert levy.open and levy.kind == "levy"
    after = route_status("apprenticeship-levy", dt.date(2026, 1, 1), routes)
    assert not after.open and after.note and "under 22" in after.note
    levy_ids = {r.id for r in routes.routes if r.kind == "levy"}
    for opp in catalogue.opportunities.values():
        for route in opp.funding:
            status = route_status(route, TODAY, routes)
            assert status.open, f"{opp.id} offers {route}, closed to doctors on {TODAY}"
        if opp.kind == "qualification":
            assert not levy_ids & set(opp.funding), opp.id
    texts = " ".join(
        f"{o.summary} {o.action or ''}" for o in catalogue.opportunities.values()
    ).casefold()
    assert "whether the apprenticeship levy can fund" not in texts


def test_placeholders_resolve_for_every_role_and_organisation(catalogue):
    ids = catalogue.vocab.ids()
    wording = catalogue.wording
    texts = [
        t for o in catalogue.opportunities.values() for t in (o.summary, o.action or "", o.evidence)
    ]
    texts += [n.text for n in catalogue.advice.notes]
    used = {name for t in texts for name in NAMES if "{" + name + "}" in t}
    assert used == set(NAMES)  # every placeholder is in use somewhere
    for role, org, years in itertools.product(ids["roles"], ids["organisations"], (0.5, 3)):
        values = wording.values(role, org, years)
        for text in texts:
            out = fill(text, values)
            assert not any("{" + n + "}" in out for n in NAMES)
        if org != "nhs-trust":
            assert "trust" not in values["org"]
    cd = wording.values("clinical-director", "nhs-trust", 3)
    assert cd["ask"] == "your associate or deputy medical director"
    assert wording.values("deputy-medical-director", "independent", 3)["ask"] == (
        "your medical director"
    )
    assert wording.values("medical-director", "independent", 0.5) == {
        "ask": "your chief executive or chair",
        "org": "your organisation",
        "when_new": "in your first months in post",
    }
    board = catalogue.opportunities["board-development-training"].action or ""
    independent = fill(board, wording.values("medical-director", "independent", 2))
    assert "trust" not in independent and "your organisation's financial position" in independent


def test_area_tags_follow_the_rubric_for_worked_examples(catalogue):
    get = catalogue.opportunities.__getitem__
    first_months = get("new-md-first-months-support-plan")
    assert "finance" not in first_months.areas
    assert first_months.areas.get("board-skills", 0) <= 1
    assert "board-effectiveness" not in first_months.goals
    assert "finance" not in get("apprenticeship-levy-funding-conversation").areas
    assert get("leadership-development-investment-case").areas.get("finance", 0) <= 1
    survey = get("staff-survey-diversity-review")
    assert "health-inequalities" not in survey.goals and survey.organisations == ["nhs-trust"]
    thread = get("leadership-golden-thread-training")
    assert "research-innovation" not in thread.areas and "academic" not in thread.goals
    assert "peer-support" not in get("mentoring").goals
    assert "diversity-inclusion" not in get("executive-lead-health-inequalities").areas


def test_who_each_entry_is_for(catalogue):
    get = catalogue.opportunities.__getitem__
    board = get("board-development-training")
    assert "emerging" in board.stages and not board.not_for  # a CD stepping up
    assert get("nhs-providers-board-development").organisations == ["nhs-trust"]
    for id_ in ("quality-improvement-lead", "research-innovation-lead"):
        assert "aspiring" in get(id_).stages
    assert "emerging" in get("protected-clinical-time-job-plan").stages
    cross = get("cross-organisation-action-learning-set")
    assert "associate-medical-director" in cross.not_for
    assert "clinical-director" in get("deputy-cd-peer-group").not_for
    forum = get("mh-medical-directors-forum").provides_support
    assert forum and (forum.type, forum.scope) == ("peer-group", "national")
    mentor = get("mentoring").provides_support
    assert mentor and mentor.type == "mentor"
    ids = catalogue.vocab.ids()
    for opp in catalogue.opportunities.values():
        assert set(opp.not_for) <= set(ids["stages"]) | set(ids["roles"]), opp.id
        assert not set(opp.not_for) & set(opp.stages), opp.id


def test_shipped_catalogue_validates_without_warnings(cli):
    result = cli("catalogue", "validate")
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr


@pytest.mark.parametrize("role", ["consultant", "clinical-director", "medical-director"])
def test_more_budget_advice_never_points_at_the_levy(catalogue, role):
    """A person with no budget and no levy is never told a levy could pay (issue 10, 8)."""
    from careerplan.engine.planner import build_plan
    from careerplan.model.profile import Profile

    person = Profile.model_validate(
        {
            "version": 1,
            "assessed_on": "2026-11-20",
            "role": role,
            "years_in_role": 2,
            "organisation": "nhs-trust",
            "goals": ["step-up-to-md", "chief-executive", "excel-in-role"],
            "ratings": {"finance": 1, "board-skills": 1},
            "priority_areas": ["finance", "board-skills"],
            "constraints": {"hours_per_month": 10, "budget_gbp": 0},
        },
        context={"vocabularies": catalogue.vocab.ids()},
    )
    plan = build_plan(person, catalogue, today=TODAY)
    said = " ".join(x.message for x in plan.left_out) + " ".join(u.message for u in plan.unmet)
    assert "levy" not in said.casefold()
    assert plan.totals.cost == 0


# Providers that name no single body, which read badly after "Ask" ("Ask Various (…) for the
# price", "Ask Peers (…)"): an entry with no price from one of them says whom to ask.
_NO_SINGLE_BODY = ("Various", "Universities", "Peers", "Your ", "Self", "Accredited", "Medical ")


def test_an_unpriced_entry_says_whom_to_ask_for_the_price(catalogue):
    for opp in catalogue.opportunities.values():
        if opp.price_basis == "unknown" and opp.provider.startswith(_NO_SINGLE_BODY):
            assert opp.price_from, opp.id
