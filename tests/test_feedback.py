"""Ratings from others beside one's own (issue 22, item 2): anonymity as properties, what a
blind spot does to a plan, and the command line."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from careerplan.model.feedback import MIN_GROUP, RaterFile, View, others_view, shown_groups
from careerplan.store.catalogue import load_catalogue

AREAS = ["finance", "board-skills", "system-partnership", "quality-safety"]
PROFILE = Path(__file__).parent / "fixtures" / "profiles" / "valid.yaml"  # Dr A Example
OWN = {"finance": 1, "board-skills": 2, "system-partnership": 3}
WORDS = load_catalogue(today=dt.date(2026, 12, 3)).assessment.rater
assert WORDS is not None
NAMEABLE = WORDS.nameable()


def rater(relationship: str, ratings: dict[str, int], **more) -> RaterFile:
    return RaterFile.model_validate(
        {
            "for": "Dr A Example",
            "relationship": relationship,
            "given_on": dt.date(2026, 12, 1),
            "ratings": ratings,
            **more,
        }
    )


raters_strategy = st.lists(
    st.builds(
        lambda rel, ratings, named, share: rater(
            rel,
            ratings,
            named=named and rel == "mentor",
            rater="Prof M" if named and rel == "mentor" else None,
            comment="seen it",
            share_comment=share,
        ),
        st.sampled_from(WORDS.ids()),
        st.dictionaries(st.sampled_from(AREAS), st.integers(1, 4), max_size=4),
        st.booleans(),
        st.booleans(),
    ),
    max_size=9,
)


def _swap(raters: list[RaterFile], a: RaterFile, b: RaterFile) -> list[RaterFile]:
    out = []
    for r in raters:
        if r is a:
            out.append(r.model_copy(update={"ratings": b.ratings}))
        elif r is b:
            out.append(r.model_copy(update={"ratings": a.ratings}))
        else:
            out.append(r)
    return out


@given(raters_strategy)
def test_only_named_mentors_are_shown_alone_and_every_other_group_has_three(raters):
    view = others_view(raters, OWN, AREAS, WORDS)
    for group in view.groups:
        assert group.raters >= MIN_GROUP or group.label.endswith("(mentor)")
    alone = [r for r in raters if r.shown_alone(NAMEABLE)]
    assert sum(g.raters for g in view.groups) + view.unused == len(raters)
    assert len([g for g in view.groups if g.raters < MIN_GROUP]) <= len(alone)


@given(raters_strategy, st.data())
def test_no_single_raters_ratings_can_be_told_from_what_is_shown(raters, data):
    """Swapping two pooled raters' ratings, or changing an unused rater's, changes nothing
    that careerplan shows or plans from: so no output tells one rater's ratings apart."""
    groups, _ = shown_groups(raters, WORDS)
    before = others_view(raters, OWN, AREAS, WORDS)
    pooled = [rs for _, rs in groups if len(rs) >= MIN_GROUP]
    if pooled:
        members = data.draw(st.sampled_from(pooled))
        a, b = members[0], members[-1]
        assert others_view(_swap(raters, a, b), OWN, AREAS, WORDS) == before
    used = {id(r) for _, rs in groups for r in rs}
    for r in raters:
        if id(r) not in used:
            changed = [
                x.model_copy(update={"ratings": {"finance": 4}}) if x is r else x for x in raters
            ]
            assert others_view(changed, OWN, AREAS, WORDS) == before


@given(raters_strategy)
def test_a_comment_is_shown_only_with_consent_and_never_with_a_relationship(raters):
    view = others_view(raters, OWN, AREAS, WORDS)
    shared = {r.comment for r in raters if r.share_comment}
    assert set(view.comments) <= shared
    if not any(r.share_comment for r in raters):
        assert view.comments == () and view.named_comments == ()
    for name, _ in view.named_comments:
        assert any(r.shown_alone(NAMEABLE) and r.rater == name for r in raters)


def test_two_peers_and_a_line_manager_are_not_used_until_a_third_colleague_rates():
    raters = [rater("peer", {"finance": 1}), rater("peer", {"finance": 2})]
    view = others_view(raters, OWN, AREAS, WORDS)
    assert (view.groups, view.areas, view.unused, view.needed) == ((), {}, 2, 1)
    view = others_view([*raters, rater("line-manager", {"finance": 1})], OWN, AREAS, WORDS)
    assert [(g.label, g.raters) for g in view.groups] == [("colleagues", 3)]
    assert view.areas["finance"].others == 1.3


def test_small_relationships_are_pooled_so_no_group_can_be_subtracted():
    peers = [rater("peer", {"finance": 2}) for _ in range(3)]
    one_boss = rater("line-manager", {"finance": 4})
    view = others_view([*peers, one_boss], OWN, AREAS, WORDS)
    # Peers alone and everyone together would give the line manager's rating away.
    assert [(g.label, g.raters) for g in view.groups] == [("colleagues", 4)]


def test_a_blind_spot_and_a_hidden_strength_are_named():
    raters = [
        rater("peer", {"board-skills": 1, "system-partnership": 4}),
        rater("peer", {"board-skills": 1, "system-partnership": 4}),
        rater("direct-report", {"board-skills": 1, "system-partnership": 4}),
    ]
    view = others_view(raters, {"board-skills": 3, "system-partnership": 2}, AREAS, WORDS)
    assert view.areas["board-skills"].view is View.blind_spot
    assert view.counted_rating("board-skills", 3) == 1
    assert view.areas["system-partnership"].view is View.hidden_strength
    assert view.counted_rating("system-partnership", 2) == 2


# ---- through the command line ----------------------------------------------------------------


def _write(tmp_path: Path, name: str, relationship: str, ratings: dict, **more) -> Path:
    path = tmp_path / name
    data = {
        "version": 1,
        "for": "Dr A Example",
        "relationship": relationship,
        "given_on": "2026-12-01",
        "ratings": ratings,
        **more,
    }
    path.write_text(yaml.safe_dump(data))
    return path


def _plan(cli, *args) -> dict:
    result = cli("plan", PROFILE, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _need(plan: dict, area: str) -> float | None:
    return next((p["need"] for p in plan["priorities"] if p["area"] == area), None)


def test_others_seeing_a_blind_spot_make_it_a_priority(cli, tmp_path):
    files = [_write(tmp_path, f"peer{i}.yaml", "peer", {"system-partnership": 1}) for i in range(3)]
    alone = _plan(cli)
    assert _need(alone, "system-partnership") is None  # rated 3 by the person: no priority
    with_others = _plan(cli, *[a for f in files for a in ("--feedback", f)])
    assert _need(with_others, "system-partnership") is not None
    (area,) = with_others["feedback"]["areas"]
    assert area == {
        "area": "system-partnership",
        "own": 3,
        "others": 1.0,
        "raters": 3,
        "view": "blind-spot",
    }
    assert "feedback" not in alone  # a plan without raters is written as before


def test_the_profiles_own_feedback_list_is_read_relative_to_it(cli, tmp_path):
    for i in range(3):
        _write(tmp_path, f"r{i}.yaml", "direct-report", {"finance": 3})
    profile = yaml.safe_load(PROFILE.read_text())
    profile["feedback"] = ["r0.yaml", "r1.yaml", "r2.yaml"]
    (tmp_path / "me.yaml").write_text(yaml.safe_dump(profile))
    result = cli("plan", tmp_path / "me.yaml")
    assert result.exit_code == 0, result.stderr
    assert "How others see you (3 people: 3 direct reports)" in result.stdout
    assert "Hidden strength: Finance literacy: you 1, others 3." in result.stdout


def test_fewer_than_three_raters_are_named_as_unused(cli, tmp_path):
    one = _write(tmp_path, "one.yaml", "peer", {"finance": 4}, comment="x", share_comment=True)
    result = cli("plan", PROFILE, "--feedback", one)
    assert result.exit_code == 0, result.stderr
    assert "1 rating not used yet" in result.stdout and "2 more raters would" in result.stdout
    assert "x" not in result.stdout.split("How others see you")[1].split("\n\n")[0].split()


def test_someone_elses_feedback_is_refused_in_one_line(cli, tmp_path):
    other = _write(tmp_path, "other.yaml", "peer", {"finance": 2}, **{"for": "Dr B Other"})
    result = cli("plan", PROFILE, "--feedback", other)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"careerplan: {other}: is feedback for 'Dr B Other', not for 'Dr A Example'; "
        "check you have the right person's file"
    ]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"relationship": "boss"}, "relationship"),
        ({"ratings": {"finance": 9}}, "finance"),
        ({"ratings": {"fnance": 2}}, "fnance"),
    ],
)
def test_a_broken_rater_file_is_named_with_its_line(cli, tmp_path, change, words):
    bad = _write(tmp_path, "bad.yaml", "peer", {"finance": 2})
    data = yaml.safe_load(bad.read_text()) | change
    bad.write_text(yaml.safe_dump(data))
    result = cli("plan", PROFILE, "--feedback", bad)
    assert result.exit_code == 2
    assert f"{bad}:" in result.stderr and words in result.stderr
    assert "Traceback" not in result.stderr


def _saved_plan_with_raters(cli, tmp_path: Path, n: int, ratings: dict) -> Path:
    raters = [_write(tmp_path, f"p{n}-r{i}.yaml", "peer", ratings) for i in range(3)]
    plan = tmp_path / "plans" / f"plan-{n}.yaml"
    plan.parent.mkdir(exist_ok=True)
    args = [a for f in raters for a in ("--feedback", f)]
    result = cli("plan", PROFILE, *args, "--save", plan, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return plan


def test_the_summary_shows_what_a_directorate_over_rates_only_for_three_people(cli, tmp_path):
    # The profile rates system partnership 3 and finance 1; others see 1 and 3.
    for n in range(2):
        _saved_plan_with_raters(cli, tmp_path, n, {"system-partnership": 1, "finance": 3})
    two = json.loads(cli("summary", tmp_path / "plans", "--to", "json").stdout)
    assert two["rating_gaps"] == []
    _saved_plan_with_raters(cli, tmp_path, 2, {"system-partnership": 1, "finance": 3})
    result = cli("summary", tmp_path / "plans", "--to", "json")
    assert result.exit_code == 0, result.stderr
    gaps = json.loads(result.stdout)["rating_gaps"]
    assert gaps == [
        {"area": "system-partnership", "people": 3, "over": 3, "under": 0, "mean_gap": 2.0},
        {"area": "finance", "people": 3, "over": 0, "under": 3, "mean_gap": -2.0},
    ]
    shown = cli("summary", tmp_path / "plans").stdout
    assert "How others' ratings differ from people's own" in shown


class _ScriptedUI:
    """Answers the rater's prompts by step id; confirms by the start of their message."""

    def __init__(self, answers: dict, confirms: dict[str, bool], path: Path):
        self.answers, self.confirms, self.path = answers, confirms, path
        self.asked: list[str] = []

    def section(self, title, number, total):
        pass

    def ask(self, prompt):
        self.asked.append(prompt.step.id)
        return self.answers.get(prompt.step.id, prompt.default)

    def confirm(self, message, *, default=False, help=""):
        return next(v for k, v in self.confirms.items() if message.startswith(k))

    def ask_path(self, default, message=""):
        assert default == Path("feedback-for-dr-a-example-2026-12-03.yaml")
        return self.path


def test_assess_rater_asks_a_mentor_and_saves_a_file_plan_reads(cli, tmp_path):
    from rich.console import Console

    from careerplan.assess.rater import run_rater

    catalogue = load_catalogue(today=dt.date(2026, 12, 3))
    ui = _ScriptedUI(
        {
            "relationship": "mentor",
            "ratings.finance": 2,
            "ratings.board-skills": 1,
            "comment": "  Ready for a national role  ",
            "rater": "Prof M Mentor",
        },
        {"May your comment": True, "As their mentor": True},
        tmp_path / "view.yaml",
    )
    path = run_rater(
        "Dr A Example",
        catalogue,
        console=Console(file=open(os.devnull, "w")),  # noqa: SIM115
        terminal=True,
        today=dt.date(2026, 12, 3),
        out=None,
        force=False,
        ui=ui,
    )
    assert ui.asked[0] == "relationship" and ui.asked[-2:] == ["comment", "rater"]
    assert len([a for a in ui.asked if a.startswith("ratings.")]) == len(catalogue.vocab.areas)
    data = yaml.safe_load(path.read_text())
    assert data["ratings"] == {"finance": 2, "board-skills": 1}
    assert (data["comment"], data["named"], data["rater"]) == (
        "Ready for a national role",
        True,
        "Prof M Mentor",
    )
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    result = cli("plan", PROFILE, "--feedback", path, "--explain")
    assert result.exit_code == 0, result.stderr
    assert "How others see you (1 person: Prof M Mentor (mentor))" in result.stdout
    assert "Prof M Mentor: Ready for a national role" in result.stdout


def test_assess_rater_without_a_terminal_points_to_the_web_page(cli):
    result = cli("assess", "--rater", "--for", "Dr A Example")
    assert result.exit_code == 2
    assert "careerplan form --rater --for NAME" in result.stderr


def test_compare_shows_how_the_gap_between_self_and_others_changed(cli, tmp_path):
    base = yaml.safe_load(PROFILE.read_text())
    for year, (own, theirs) in {2025: (3, 1), 2026: (3, 2)}.items():
        folder = tmp_path / str(year)
        folder.mkdir()
        for i in range(3):
            _write(folder, f"r{i}.yaml", "peer", {"system-partnership": theirs})
        profile = {
            **base,
            "assessed_on": f"{year}-01-05",
            "ratings": {**base["ratings"], "system-partnership": own},
            "feedback": ["r0.yaml", "r1.yaml", "r2.yaml"],
        }
        (folder / "me.yaml").write_text(yaml.safe_dump(profile))
    args = (tmp_path / "2026" / "me.yaml", tmp_path / "2025" / "me.yaml")
    data = json.loads(cli("compare", *args, "--to", "json").stdout)
    area = next(a for a in data["areas"] if a["area"] == "system-partnership")
    assert (area["others"], area["own_minus_others"]) == ([1.0, 2.0], [2.0, 1.0])
    finance = next(a for a in data["areas"] if a["area"] == "finance")
    assert finance["own_minus_others"] == [None, None]
    shown = cli("compare", *args).stdout
    assert "System partnership: +2 (5 Jan 2025) → +1 (5 Jan 2026)" in shown
    markdown = cli("compare", *args, "--to", "md").stdout
    assert "## Your own rating minus others'" in markdown


def test_a_mentors_batch_reads_each_mentees_feedback_folder(cli, tmp_path):
    mentees = tmp_path / "mentees"
    mentees.mkdir()
    for name in ("dr-a", "dr-b", "dr-c"):
        (mentees / f"{name}.yaml").write_text(PROFILE.read_text())
        folder = mentees / f"{name}.feedback"
        folder.mkdir()
        for i in range(3):
            _write(folder, f"r{i}.yaml", "peer", {"system-partnership": 1})
    out = tmp_path / "plans"
    result = cli("plan", "--batch", mentees, "--out-dir", out, "--to", "yaml")
    assert result.exit_code == 0, result.stderr
    plan = yaml.safe_load((out / "dr-a-plan.yaml").read_text())
    assert plan["feedback"]["areas"][0]["view"] == "blind-spot"
    summary = json.loads(cli("summary", out, "--to", "json").stdout)
    assert summary["rating_gaps"][0]["area"] == "system-partnership"
    assert summary["rating_gaps"][0]["over"] == 3


def _with_folder(tmp_path: Path, theirs: int, **more) -> Path:
    (tmp_path / "me.yaml").write_text(PROFILE.read_text())
    folder = tmp_path / "me.feedback"
    folder.mkdir()
    for i in range(3):
        _write(folder, f"r{i}.yaml", "direct-report", {"system-partnership": theirs}, **more)
    return tmp_path / "me.yaml"


def test_exports_show_others_beside_own_and_escape_their_comments(cli, tmp_path):
    me = _with_folder(tmp_path, 1, comment="<img src=x onerror=alert(1)> *hi*", share_comment=True)
    result = cli("plan", me, "--out", tmp_path / "plan.md")
    assert result.exit_code == 0, result.stderr
    markdown = (tmp_path / "plan.md").read_text()
    assert "## How others see you (3 people: 3 direct reports)" in markdown
    assert "Blind spot: System partnership: you 3, others 1;" in markdown
    assert "A colleague: \\<img src=x onerror=alert(1)\\> \\*hi\\*" in markdown
    assert cli("plan", me, "--out", tmp_path / "plan.html").exit_code == 0
    page = (tmp_path / "plan.html").read_text()
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert cli("plan", me, "--out", tmp_path / "plan.docx").exit_code == 0
    import docx

    headings = [p.text for p in docx.Document(str(tmp_path / "plan.docx")).paragraphs]
    assert "How others see you (3 people: 3 direct reports)" in headings


def test_profile_show_sets_others_beside_own(cli, tmp_path):
    me = _with_folder(tmp_path, 1)
    shown = cli("profile", "show", me)
    assert shown.exit_code == 0, shown.stderr
    assert "How others see you (3 people: 3 direct reports)" in shown.stdout
    data = json.loads(cli("profile", "show", me, "--format", "json").stdout)
    assert data["others"]["areas"] == [
        {"area": "system-partnership", "own": 3, "others": 1.0, "raters": 3, "view": "blind-spot"}
    ]
