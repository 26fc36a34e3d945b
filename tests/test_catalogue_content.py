"""The shipped catalogue holds every opportunity the report names, each citing its section."""

from __future__ import annotations

import pytest

from careerplan.catalogue import load_catalogue

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


def test_levy_funding_where_the_report_says_so(catalogue):
    levy = {o.id for o in catalogue.opportunities.values() if "apprenticeship-levy" in o.funding}
    assert {"emml-bayes", "healthcare-leadership-masters"} <= levy


def test_every_area_goal_and_stage_is_served(catalogue):
    ids = catalogue.vocab.ids()
    opps = list(catalogue.opportunities.values())
    for area in ids["areas"]:
        assert sum(area in o.areas for o in opps) >= 2, area
    for goal in ids["goals"]:
        assert sum(goal in o.goals for o in opps) >= 2, goal
    for stage in ids["stages"]:
        assert sum(stage in o.stages for o in opps) >= 5, stage


def test_no_invented_hours_are_presented_as_fact(catalogue):
    # Hours the report or provider does not state are labelled as estimates.
    for opp in catalogue.opportunities.values():
        if opp.hours_basis == "source":
            assert opp.source, opp.id


def test_stage_rules_follow_design(catalogue):
    stage = catalogue.assessment.stage_for
    assert stage("consultant", 3) == "aspiring"
    assert stage("clinical-lead", 1) == "emerging"
    assert stage("deputy-medical-director", 2) == "deputy"
    assert stage("medical-director", 0.5) == "new-md"
    assert stage("medical-director", 1) == "established-md"
    assert stage("medical-director", 4.9) == "established-md"
    assert stage("medical-director", 5) == "experienced-md"
