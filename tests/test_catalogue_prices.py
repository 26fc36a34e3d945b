"""Prices a budget can use, and free routes counted only for those they are open to
(issue 19 items 2, 4 and 6; issue 18 item 5)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from careerplan.engine.context import make_context
from careerplan.engine.money import could_buy, money
from careerplan.engine.planner import build_plan
from careerplan.engine.score import exclusion
from careerplan.errors import ValidationFailed
from careerplan.model.opportunity import Band
from careerplan.model.profile import Profile
from careerplan.store.catalogue import load_catalogue

TODAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(today=TODAY)


def person(**over) -> Profile:
    data = {
        "version": 1,
        "assessed_on": "2026-11-18",
        "role": "medical-director",
        "years_in_role": 2,
        "organisation": "nhs-trust",
        "goals": ["excel-in-role"],
        "ratings": {"difficult-environments": 1, "compassionate-leadership": 1},
        "constraints": {"hours_per_month": 10, "budget_gbp": 3000, "start": "2027-01-04"},
    }
    data.update(over)
    return Profile.model_validate(data)


def ctx_for(catalogue, profile):
    return make_context(profile, catalogue)


# ------------------------------------------------------------------------ the data itself


def test_every_counted_price_has_its_basis_source_and_date(catalogue):
    priced = [
        o for o in catalogue.opportunities.values() if o.price_basis in ("published", "estimate")
    ]
    assert len(priced) >= 5
    for opp in priced:
        if opp.price_basis == "published":
            assert opp.price_source and opp.price_source.url.startswith("http"), opp.id
            assert opp.price_checked and opp.price_checked <= TODAY, opp.id
            assert opp.price_for, opp.id
        else:
            assert opp.estimate_from, opp.id
            for comp in opp.estimate_from:
                assert comp.url.startswith("http") and comp.price_for, opp.id
                assert comp.checked <= TODAY, opp.id


def test_most_paid_entries_have_a_price_of_some_kind(catalogue):
    """A counted price, or a last published one shown with its year."""
    paid = [
        o
        for o in catalogue.opportunities.values()
        if o.price_basis != "free" and not set(o.funding) <= {"free", "nhs-england-funded"}
    ]
    with_price = [o for o in paid if o.price_basis != "unknown" or o.last_published]
    assert len(with_price) >= 9
    for opp in paid:
        if opp.last_published:
            assert opp.last_published.year and opp.last_published.checked <= TODAY, opp.id


def test_a_last_published_price_is_never_counted(catalogue):
    for opp in catalogue.opportunities.values():
        if opp.last_published is not None and opp.price_basis == "unknown":
            assert opp.counted_cost is None, opp.id


@pytest.mark.parametrize(
    ("opp_id", "year_words"),
    [
        ("emml-bayes", "2023 and 2024"),
        ("executive-coaching", "2009"),
        ("population-health-course", "2014-15"),
    ],
)
def test_old_prices_are_last_published_with_their_year(catalogue, opp_id, year_words):
    opp = catalogue.opportunities[opp_id]
    assert opp.last_published is not None and year_words in opp.last_published.year
    assert opp.counted_cost != opp.last_published.price


def test_corrected_prices_stay_corrected(catalogue):
    opps = catalogue.opportunities
    assert opps["emml-bayes"].cost == "unknown"
    assert opps["executive-coaching"].cost == "unknown"
    assert "2021" not in (opps["executive-coaching"].cost_note or "")
    pop = opps["population-health-course"]
    assert isinstance(pop.cost, Band) and pop.cost.max != 1710 and pop.cost_basis == "estimate"
    kind = opps["difficult-environments-compassionate-leadership"]
    assert kind.time.shape == "sessions" and kind.cost_basis == "estimate"
    assert "2024/25" in (opps["rcpsych-lmfs-mentor"].cost_note or "")


# -------------------------------------------------------------------------- the schema


def entry(tmp_path, extra: str):
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / "local.yaml").write_text(
        "version: 1\nopportunities:\n  - id: local-course\n    title: Local course\n"
        "    kind: course\n    provider: Us\n    summary: A course.\n    stages: [new-md]\n"
        "    areas: {finance: 2}\n    goals: [excel-in-role]\n    format: online\n"
        "    time: {shape: block, days: 1, basis: estimate}\n    funding: [employer]\n"
        "    evidence: A note.\n    source: Us\n    last_reviewed: 2026-11-01\n" + extra
    )
    return folder


def test_a_published_price_needs_the_intake_or_year_it_is_for(tmp_path):
    folder = entry(
        tmp_path,
        "    cost: 300\n    cost_basis: published\n"
        '    price_source: {title: Prices, url: "https://example.org/p"}\n'
        "    price_checked: 2026-11-01\n",
    )
    with pytest.raises(ValidationFailed) as err:
        load_catalogue([folder], today=TODAY)
    assert "price_for" in str(err.value)


def test_an_estimate_needs_the_published_prices_it_is_made_from(tmp_path):
    folder = entry(tmp_path, "    cost: {min: 100, max: 300}\n    cost_basis: estimate\n")
    with pytest.raises(ValidationFailed) as err:
        load_catalogue([folder], today=TODAY)
    assert "estimate_from" in str(err.value)


# ---------------------------------------------------------------------- the engine


def test_nhs_coaching_register_is_free_only_where_nhs_offers_are_open(catalogue):
    coaching = catalogue.opportunities["executive-coaching"]
    nhs = ctx_for(catalogue, person())
    independent = ctx_for(catalogue, person(organisation="independent"))
    told = ctx_for(catalogue, person(organisation="independent", nhs_offers_open=True))
    assert money(coaching, nhs).route == "free"
    assert money(coaching, independent).route == "unknown"
    assert money(coaching, independent).closed == "nhs-only"
    assert money(coaching, told).route == "free"
    register = catalogue.opportunities["nhs-coaching-register"]
    out = exclusion(register, independent)
    assert out is not None and out.kind == "not-open"


def test_an_estimate_is_counted_and_labelled(catalogue):
    opp = catalogue.opportunities["difficult-environments-compassionate-leadership"]
    ctx = ctx_for(catalogue, person())
    m = money(opp, ctx)
    assert m.counted == 200 and m.estimate


def test_an_unspent_budget_says_what_it_could_buy(catalogue):
    ctx = ctx_for(catalogue, person(organisation="independent"))
    left, buys = could_buy(set(), 0.0, ctx)
    assert left == 3000 and buys
    assert all(b.counted <= 3000 for b in buys)
    plan = build_plan(person(organisation="independent"), catalogue, today=TODAY)
    said = [n.text for n in plan.notes if n.kind == "budget"]
    assert said, [n.text for n in plan.notes]
    unpriced = [i.title for i in plan.items if i.cost_route in ("unknown", "open-band")]
    if unpriced:  # the unpriced items in the plan come first, before what it could buy
        assert "have no published price" in said[0] or "has no published price" in said[0]
        assert "It could also buy" in said[0]
    else:
        assert "budget is unspent. It could buy" in said[0]


def test_a_spent_budget_says_nothing_of_it(catalogue):
    ctx = ctx_for(catalogue, person(constraints={"hours_per_month": 10, "budget_gbp": 100}))
    assert could_buy(set(), 80.0, ctx) == (0.0, [])


# -------------------------------------------------- the new entries (issue 19, "Missing")

NEW = [
    "mha-2025-preparation",
    "responsible-officer-role-and-appraisal",
    "case-investigator-manager-training",
    "nhsla-clinical-executive-fast-track",
    "nw-deputy-aspiring-director-offer",
    "board-member-appraisal-guidance",
    "nhs-providers-health-inequalities-board-guide",
    "q-community",
    "windsor-emerging-strategic-leaders",
    "kings-fund-nexus",
    "pgcert-healthcare-leadership",
    "pgdip-healthcare-leadership",
    "ned-role-preparation",
    "cqc-specialist-adviser",
    "rcp-sas-leadership-programme",
    "support-trainees-pre-consultant-programmes",
    "west-midlands-psychiatry-leadership-programme",
    "recovery-support-programme-leadership",
    "rcpsych-division-leadership-events",
    "apt-2009-medical-director-role",
    "national-clinical-role-exploration",
    "honorary-academic-title",
    "well-led-review-leadership",
]
STAGE_PEOPLE = {
    "aspiring": ("consultant", 2),
    "emerging": ("clinical-director", 2),
    "deputy": ("deputy-medical-director", 2),
    "new-md": ("medical-director", 0.5),
    "established-md": ("medical-director", 2),
    "experienced-md": ("medical-director", 6),
}


@pytest.mark.parametrize("opp_id", NEW)
def test_every_new_entry_is_sourced_dated_and_reachable(catalogue, opp_id):
    opp = catalogue.opportunities[opp_id]
    assert opp.last_reviewed == TODAY
    assert "2026-12-03" in opp.source or opp.price_checked == TODAY, opp_id
    assert opp.url or opp.link_note
    reachable = []
    # Someone in the situation an entry is only for (a trust in recovery support).
    situation = {"recovery_support": True} if opp.only_in == ["scrutiny"] else {}
    for stage in opp.stages:
        role, years = STAGE_PEOPLE[stage]
        for region in opp.regions or [None]:
            p = person(role=role, years_in_role=years, region=region, situation=situation)
            if exclusion(opp, ctx_for(catalogue, p)) is None:
                reachable.append((stage, region))
    assert reachable, f"{opp_id}: no profile can have it"


def test_a_regional_offer_is_only_for_its_region_or_marked(catalogue):
    offer = catalogue.opportunities["nw-deputy-aspiring-director-offer"]
    assert "North West" in offer.title
    deputy = {"role": "deputy-medical-director", "years_in_role": 1}
    for region, out in (("north-west", None), ("not-given", None), ("london", "region")):
        why = exclusion(offer, ctx_for(catalogue, person(**deputy, region=region)))
        assert (why.kind if why else None) == out, region
    independent = person(**deputy, region="north-west", organisation="independent")
    why = exclusion(offer, ctx_for(catalogue, independent))
    assert why is not None and why.kind == "not-open"


# ------------------------------------------- facts that can be kept current (item 5)


def test_validate_lists_facts_past_their_review_age_with_file_and_line(cli):
    result = cli("catalogue", "validate", "--today", "2028-06-01")
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    # a funding rule, an estimate's source and a last published price, each with its line
    assert re.search(r"funding\.yaml:\d+: apprenticeship-levy: checked: funding rule checked", err)
    assert re.search(
        r"board-and-finance\.yaml:\d+: population-health-course: estimate_from\.1\.checked: "
        r"price checked 3 Dec 2026",
        err,
    )
    assert re.search(r"emml-bayes: last_published\.checked: price checked", err)
    assert "catalogue/README.md: re-checking a fact" in err
    fresh = cli("catalogue", "validate", "--today", "2026-12-03")
    assert "over 12 months ago" not in fresh.stderr


def test_list_can_show_each_price_basis_and_when_it_was_checked(cli):
    result = cli("catalogue", "list", "--prices", "--search", "Executive Master")
    assert result.exit_code == 0, result.stderr
    assert "last published" in result.stdout and "2023" in result.stdout
    assert "checked" in result.stdout
    result = cli("catalogue", "list", "--prices", "--search", "360")
    assert "published for" in result.stdout


# ------------------------------------------------ the corrections of issue 19 item 1

ROOT = Path(__file__).parent.parent


def shipped_text() -> str:
    files = [*(ROOT / "catalogue").rglob("*.yaml"), ROOT / "catalogue" / "README.md"]
    files += [ROOT / "README.md", ROOT / "careerplan" / "model" / "profile.py"]
    return "\n".join(" ".join(f.read_text().split()) for f in files)


def test_the_stated_facts_stay_corrected(catalogue):
    text = shipped_text()
    assert "up to 25" not in text  # the levy's exceptions are under 25 (aged 22-24)
    assert "under 25 for care leavers" in text
    assert "22 or over" not in text  # the rule is about new Level 7 apprenticeships
    assert "merged into one membership body" not in text
    assert "subject to due diligence" in text
    assert "Board approved the framework" not in text
    assert "SAS doctors in England have 30 days" not in text
    assert "£25 to £500 an hour" not in text
    opps = catalogue.opportunities
    for mha in ("mental-health-act-knowledge-update", "mental-health-legislation-executive-lead"):
        assert "Mental Health Act 2025" in opps[mha].summary, mha
    mlf = opps["nhs-management-leadership-framework"].summary
    assert "sought approval" in " ".join(mlf.split())
    assert "intake-12" in (opps["nhsla-nye-bevan"].url or "")
    assert "Nexus" in (opps["kings-fund-leadership-courses"].cost_unknown_reason or "")
    help_text = next(q.help for q in catalogue.assessment.questions if q.id == "employer-funds")
    assert "Level 7" in help_text and "1 January 2026" in help_text
    leave = next(q.help for q in catalogue.assessment.questions if q.id == "study-leave")
    assert "recommended, not an entitlement" in " ".join(leave.split())


def test_a_last_published_price_is_shown_with_its_year_never_as_current(catalogue):
    from careerplan.engine import sentences as say

    ctx = ctx_for(catalogue, person(organisation="independent"))
    coaching = catalogue.opportunities["executive-coaching"]
    m = money(coaching, ctx)
    assert m.counted is None and m.route == "unknown"
    note = say.money_note(m, coaching, ctx)
    assert "The last price published was £2,400 (2009" in note
    assert "not counted as today's price" in note
    assert say.cost_short(m) == "ask price"
    plan = build_plan(person(organisation="independent"), catalogue, today=TODAY)
    for item in plan.items:
        opp = catalogue.opportunities[item.id]
        if opp.last_published is not None and opp.price_basis == "unknown":
            assert item.cost_counted is None, item.id
            assert "not counted as today's price" in (item.cost_note or ""), item.id


def test_who_a_route_is_open_to_is_checked_against_the_vocabularies(tmp_path):
    import shutil

    base = tmp_path / "cat"
    shutil.copytree(ROOT / "catalogue", base)
    funding = base / "funding.yaml"
    text = funding.read_text().replace(
        "nhs_organisations: [nhs-trust]", "nhs_organisations: [nhs-trusts]"
    )
    text = text.replace(
        "open_to: {nhs_only: true}", "open_to: {nhs_only: true, regions: [north-wets]}", 1
    )
    funding.write_text(text)
    with pytest.raises(ValidationFailed) as err:
        load_catalogue(base=base, today=TODAY)
    message = str(err.value)
    assert "funding.yaml" in message and "did you mean 'nhs-trust'" in message
    assert "unknown region 'north-wets'; did you mean 'north-west'" in message


def test_the_new_entries_carry_the_situation_they_suit(catalogue):
    opps = catalogue.opportunities
    assert opps["recovery-support-programme-leadership"].only_in == ["scrutiny"]
    assert "leaving" in opps["ned-role-preparation"].suits
    assert "leaving" in opps["cqc-specialist-adviser"].suits
    assert "leaving" in opps["mha-2025-preparation"].unsuited
    assert opps["windsor-emerging-strategic-leaders"].residential
    assert opps["kings-fund-nexus"].residential
    md = {"role": "medical-director", "years_in_role": 2}
    rsp = opps["recovery-support-programme-leadership"]
    assert exclusion(rsp, ctx_for(catalogue, person(**md))) is not None
    scrutiny = person(**md, situation={"recovery_support": True})
    assert exclusion(rsp, ctx_for(catalogue, scrutiny)) is None
