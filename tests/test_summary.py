"""`careerplan summary`: figures checked against values worked out by hand on three people."""

from __future__ import annotations

import datetime as dt
import json

import plan_factory as pf
import pytest

from careerplan.mentor.summary import Money, financial_quarter, summarise
from careerplan.model.funding import route_ids
from careerplan.store.planfile import save_plan

JAN, APR, SEP = dt.date(2027, 1, 4), dt.date(2027, 4, 5), dt.date(2027, 9, 1)

# Plans made before January 2026 could carry the Level 7 levy route (catalogue branch: the
# shipped EMML entry no longer lists it), and the summary still reports them.
OLD_LEVY = ["apprenticeship-levy", "employer"]


def test_the_levy_routes_are_the_funding_files_own():
    # Which routes are the levy is data (funding.yaml's `kind`), not an id in the code.
    cat = pf.catalogue()
    assert route_ids(cat.funding, "levy") == {"apprenticeship-levy"}
    assert route_ids(None, "levy") == frozenset()
    group_ = group()
    none = summarise(
        group_,
        cat.vocab,
        advice=cat.advice,
        scale={lv.value: lv.label for lv in cat.assessment.scale},
        levy_routes=frozenset(),
    )
    assert none.levy_items == [] and _summarise(group_).levy_items


def _summarise(plans):
    cat = pf.catalogue()
    scale = {level.value: level.label for level in cat.assessment.scale}
    return summarise(
        plans,
        cat.vocab,
        advice=cat.advice,
        scale=scale,
        levy_routes=route_ids(cat.funding, "levy"),
    )


def group():
    ann = pf.plan(
        pf.profile(
            "Dr Ann",
            ratings={"finance": 1, "board-skills": 2, "quality-safety": 3},
            support=["mentor"],
            levy=True,
        ),
        [
            pf.item("board-development-training", start=JAN, cost=1200, hours=16),
            pf.item("mentoring", start=JAN, hours=10, cost="unknown"),  # cost unknown
            pf.item("emml-bayes", phase=3, start=SEP, cost=9000, hours=300, funding=OLD_LEVY),
        ],
        priorities=[("finance", 3.0), ("board-skills", 2.0)],
    )
    ben = pf.plan(
        pf.profile(
            "Dr Ben",
            ratings={"finance": 2, "board-skills": 2, "mental-health-law": 4},
            support=["peer-group"],
            levy=False,
        ),
        [
            pf.item("board-development-training", phase=2, start=APR, cost=1200, hours=16),
            pf.item("md-action-learning-set", phase=2, start=APR, cost="under-500", hours=18),
            pf.item(
                "emml-bayes",
                phase=3,
                start=SEP,
                cost=9000,
                status="dropped",
                status_date=dt.date(2027, 2, 1),
                history=[(dt.date(2027, 2, 1), "dropped", "not this year")],
            ),
        ],
        priorities=[("finance", 2.0)],
        mentor="Dr M Mentor",
    )
    cat = pf.plan(
        pf.profile("Dr Cat", ratings={"finance": 1, "board-skills": 3}, levy=True),
        [
            pf.item(
                "board-development-training", start=JAN, cost=1200, hours=16, status="in-progress"
            ),
            pf.item(
                "conversations-with-senior-leaders",
                start=JAN,
                status="complete",
                status_date=dt.date(2027, 2, 1),
            ),
            pf.item("emml-bayes", phase=3, start=SEP, cost=9000, hours=300, funding=OLD_LEVY),
        ],
        priorities=[("finance", 3.0)],
    )
    return [("ann", ann), ("ben", ben), ("cat", cat)]


@pytest.fixture(scope="module")
def summary():
    return _summarise(group())


def test_financial_quarters():
    assert financial_quarter(dt.date(2027, 1, 4)) == (
        "2026/27 Q4 (Jan-Mar 2027)",
        dt.date(2027, 1, 1),
    )
    assert financial_quarter(dt.date(2027, 4, 1))[0] == "2027/28 Q1 (Apr-Jun 2027)"
    assert financial_quarter(dt.date(2027, 12, 31))[0] == "2027/28 Q3 (Oct-Dec 2027)"


def test_totals_leave_out_complete_and_dropped(summary):
    # live items: Ann 3, Ben 2 (emml dropped), Cat 2 (conversations complete)
    assert summary.items == 7
    assert summary.total_hours == 16 + 10 + 300 + 16 + 18 + 16 + 300
    assert summary.total_cost == Money(
        known=3 * 1200 + 2 * 9000, band_low=0, band_high=500, unknown=1
    )


def test_items_hours_and_cost_are_totalled_by_financial_quarter(summary):
    got = [(q.label, q.items, q.hours, q.cost) for q in summary.quarters]
    assert got == [
        ("2026/27 Q4 (Jan-Mar 2027)", 3, 16 + 10 + 16, Money(2400, 0, 0, 1)),
        ("2027/28 Q1 (Apr-Jun 2027)", 2, 16 + 18, Money(1200, 0, 500, 0)),
        ("2027/28 Q2 (Jul-Sep 2027)", 2, 600, Money(18000, 0, 0, 0)),
    ]


def test_demand_and_cohort_advice(summary):
    got = [(d.id, d.count, d.advice) for d in summary.demand]
    assert got[0] == (
        "board-development-training",
        3,
        "consider a group booking or an in-house cohort",
    )
    assert got[1] == ("emml-bayes", 2, None)  # two people: below the cohort threshold
    assert {g[0] for g in got[2:]} == {"mentoring", "md-action-learning-set"}
    assert summary.demand[0].cost.known == 3600


def test_the_levy_could_fund_the_apprenticeship_items_of_those_with_access(summary):
    assert [d.id for d in summary.levy_items] == ["emml-bayes"]
    assert summary.levy_cost.known == 18000
    assert summary.levy_people_with_access == 2


def test_areas_rank_by_total_need_with_counts_of_each_rating(summary):
    top = summary.areas[0]
    assert top.area == "finance" and top.counts == {1: 2, 2: 1, 3: 0, 4: 0}
    assert top.low == 3 and top.need == 9 + 4 + 9 and top.unrated == 0
    board = summary.areas[1]
    assert board.area == "board-skills" and board.low == 2 and board.need == 4
    rated = [a.area for a in summary.areas if a.rated]
    assert rated == ["finance", "board-skills", "quality-safety", "mental-health-law"]


def test_people_without_a_mentor_or_peer_support_are_named(summary):
    assert [p.name for p in summary.without_peer_support] == ["Dr Ann", "Dr Cat"]
    assert [p.plans_mentor for p in summary.people] == [True, False, False]  # Ann: mentoring
    assert [p.plans_peer_support for p in summary.people] == [False, True, False]  # Ben: set
    # Ben's plan was agreed with "Dr M Mentor", but that is not Ben's own mentor: only
    # Ann lists a mentor in support_in_place
    assert [p.name for p in summary.without_mentor] == ["Dr Ben", "Dr Cat"]
    assert [p.name for p in summary.without_either] == ["Dr Cat"]


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "directorate"
    d.mkdir()
    for name, plan in group():
        save_plan(plan, d / f"{name}.yaml", force=False)
    return d


def test_cli_is_anonymous_by_default(cli, folder, tmp_path):
    result = cli("summary", folder)
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "3 people; 7 planned items" in out
    assert (
        "Money: £21,600 known, £0 to £500 for items priced in bands and 1 item of unknown cost."
    ) in out
    assert "3 people: Board development training" in out
    assert "group booking or an in-house cohort" in out
    # Ben and Cat have no mentor (Ben's plan was only agreed with one) and neither has
    # mentoring planned; of Ann and Cat (no peer support), neither plan has a peer item
    assert "Without a mentor: 2 of 3; 0 of them have mentoring in their plan." in out
    assert "Without peer support (a peer group or action learning set): 2 of 3; 0 of them" in out
    for name in ("Dr Ann", "Dr Ben", "Dr Cat"):
        assert name not in out
    assert "Ratings by person" not in out
    md = tmp_path / "s.md"
    assert cli("summary", folder, "--to", "md", "--out", md).exit_code == 0
    text = md.read_text()
    assert "Dr Ann" not in text
    assert "| 2026/27 Q4 (Jan-Mar 2027) | 3 | 42 | £2,400 + 1 unknown |" in text
    data = json.loads(cli("summary", folder, "--to", "json").stdout)
    assert "named" not in data and "who" not in data["demand"][0]
    assert data["apprenticeship_levy"]["places"] == 2


def test_named_summary_shows_each_persons_ratings_and_a_shaded_heat_map(cli, folder):
    result = cli("summary", folder, "--named")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Ratings by person" in out
    ann = next(line for line in out.splitlines() if line.startswith("Dr Ann"))
    # columns: finance, board-skills, quality-safety, mental-health-law (greatest need first)
    assert ann.split()[2:] == ["1", "2", "3", "-"]
    assert "No mentor: Dr Ben, Dr Cat." in out
    page = cli("summary", folder, "--named", "--to", "html").stdout
    assert "Dr Ben" in page and page.startswith("<!DOCTYPE html>")
    assert 'style="background:rgba(213,40,27,' in page  # heat-map cells are shaded


def test_a_broken_file_is_listed_and_exit_1(cli, folder):
    (folder / "zed.yaml").write_text("version: 1\nrole: [\n")
    result = cli("summary", folder)
    assert result.exit_code == 1
    assert "3 people" in result.stdout
    assert "1 file could not be read and is left out." in " ".join(result.stdout.split())
    assert "1 of 4 files was left out" in result.stderr
    assert "zed.yaml" in result.stderr and "YAML syntax error" in result.stderr


def test_areas_sorted_by_total_need_as_the_heading_says():
    # board-skills: two people rate it 1-2 but small need; finance: one 2 and a weighted 3
    dee = pf.plan(
        pf.profile("Dr Dee", ratings={"finance": 2, "board-skills": 1}),
        [pf.item("mentoring", start=JAN)],
        priorities=[("finance", 1.0), ("board-skills", 0.5)],
    )  # needs 2, 1.5
    eve = pf.plan(
        pf.profile("Dr Eve", ratings={"finance": 3, "board-skills": 2}),
        [pf.item("mentoring", start=JAN)],
        priorities=[("finance", 9.0), ("board-skills", 0.5)],
    )  # needs 9, 1
    s = _summarise([("dee", dee), ("eve", eve)])
    rated = [(a.area, a.low, a.need) for a in s.areas if a.rated]
    assert rated == [("finance", 1, 11.0), ("board-skills", 2, 2.5)]
    from careerplan.render.summary import sections

    need = next(sec for sec in sections(s) if sec.title == "Areas of greatest need")
    assert "greatest total need first" in need.lines[0]
    assert "outside a person's top priorities adds 0" in need.lines[1]


def test_support_sentences_agree_in_number():
    from careerplan.render.summary import sections

    dee = pf.plan(pf.profile("Dr Dee"), [pf.item("mentoring", start=JAN)])
    eve = pf.plan(pf.profile("Dr Eve"), [pf.item("board-development-training", start=JAN)])
    s = _summarise([("dee", dee), ("eve", eve)])
    support = next(sec for sec in sections(s) if sec.title == "Peer support and mentoring")
    assert "Without a mentor: 2 of 2; 1 of them has mentoring in their plan." in support.lines
    assert any(line.endswith("0 of them have it in their plan.") for line in support.lines)
