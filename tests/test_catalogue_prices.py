"""Prices a budget can use, and free routes counted only for those they are open to
(issue 19 items 2, 4 and 6; issue 18 item 5)."""

from __future__ import annotations

import datetime as dt

import pytest

from careerplan.catalogue import load_catalogue
from careerplan.engine.context import make_context
from careerplan.engine.money import could_buy, money
from careerplan.engine.score import exclusion
from careerplan.errors import ValidationFailed
from careerplan.opportunity import Band
from careerplan.planner import build_plan
from careerplan.profile import Profile

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
    assert len(with_price) >= 10
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
    assert any("not spent by this plan" in n.text for n in plan.notes)


def test_a_spent_budget_says_nothing_of_it(catalogue):
    ctx = ctx_for(catalogue, person(constraints={"hours_per_month": 10, "budget_gbp": 100}))
    assert could_buy(set(), 80.0, ctx) == (0.0, [])
