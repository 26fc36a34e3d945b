"""`careerplan plan` through the CLI: the terminal view, data formats, saving, what-ifs,
and bad input."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import stat
from pathlib import Path

import pytest
import yaml

PERSONAS = Path(__file__).parent / "personas"
NEW_MD = PERSONAS / "new-md-nhs-trust.yaml"


def plan_data(cli, *args) -> dict:
    result = cli("plan", "--profile", NEW_MD, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("persona", sorted(p.name for p in PERSONAS.glob("*.yaml")))
def test_terminal_view_reads_at_80_columns(cli, monkeypatch, persona):
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("plan", "--profile", PERSONAS / persona)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b[" not in out  # NO_COLOR and not a terminal: plain text
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert all(line == line.rstrip() for line in lines)
    for heading in (
        "Development plan for",
        "Your priorities",
        "Timeline",
        "The plan",
        "Totals against your limits",
        "Reviews",
        "Your next",  # 'three steps', or 'two steps' for a plan of two items
    ):
        assert heading in out, heading
    # the When column is never cut short, and hours a month are said as a person would
    data = json.loads(cli("plan", "--profile", PERSONAS / persona, "--format", "json").stdout)
    for item in data["items"]:
        start, end = (dt.date.fromisoformat(item[k]) for k in ("start", "target_date"))
        if start.year != end.year:
            assert f"{start:%b} '{start:%y}–{end:%b} '{end:%y}" in out, item["id"]
    assert not re.search(r"\d\.\d+ h/month", out)
    # every review date whole, and a long list wrapped under the dates, not the label
    block = re.search(r"^Reviews  (.*?)\n\n", out, re.M | re.S)
    assert block, persona
    dates = re.findall(r"(?:^| )(\d{1,2} [A-Z][a-z]{2} \d{4})[,.]", block.group(1), re.M)
    assert len(dates) == len(data["reviews"]), block.group(0)
    assert all(line.startswith(" " * 9) for line in block.group(1).splitlines()[1:])


def test_terminal_view_shows_the_person_and_the_plan(cli):
    out = cli("plan", "--profile", NEW_MD).stdout
    data = plan_data(cli)
    assert "Dr A Example" in out and "New medical director" in out
    assert "need 12.15" in out  # finance, the top priority
    for item in data["items"]:
        assert item["title"][:20] in out
        assert item["why"].split(";")[0][:20] in out  # a one-line why for each item
    assert f"{data['totals']['hours']:g} of 72 hours" in out
    assert "Study leave" in out and "Money" in out
    steps = out.split("Your next three steps", 1)[1]
    assert steps.count("By ") == 3
    assert "Score:" not in out and "(Report: Conclusion – recommendations)" not in out
    explained = cli("plan", "--profile", NEW_MD, "--explain").stdout
    assert "Your self-ratings" in explained and "▶ need 12.15" in explained
    assert "Score: needs met" in explained
    assert "(Report: Conclusion – recommendations)" in explained
    assert len(explained.splitlines()) > len(out.splitlines())


@pytest.mark.parametrize("persona", sorted(p.name for p in PERSONAS.glob("*.yaml")))
def test_a_twelve_month_plan_fits_a_screen_or_two(cli, monkeypatch, persona):
    monkeypatch.setenv("COLUMNS", "100")
    result = cli("plan", "--profile", PERSONAS / persona)
    assert result.exit_code == 0, result.stderr
    data = json.loads(cli("plan", "--profile", PERSONAS / persona, "--format", "json").stdout)
    if data["horizon_months"] <= 12:
        assert len(result.stdout.splitlines()) <= 120


def test_json_and_yaml_carry_the_same_plan(cli):
    data = plan_data(cli)
    as_yaml = cli("plan", "--profile", NEW_MD, "--format", "yaml")
    assert as_yaml.exit_code == 0
    assert yaml.safe_load(as_yaml.stdout) == json.loads(json.dumps(data))
    assert data["stage"] == "new-md"
    assert data["profile"]["name"] == "Dr A Example"
    for key in (
        "priorities",
        "items",
        "totals",
        "reviews",
        "notes",
        "unmet",
        "acknowledged",
        "sources",
        "mentor",
    ):
        assert key in data
    assert all(item["reasons"] and item["action"] and item["evidence"] for item in data["items"])


def test_save_is_private_atomic_and_never_overwrites(cli, tmp_path):
    target = tmp_path / "plan.yaml"
    first = cli("plan", "--profile", NEW_MD, "--save", target)
    assert first.exit_code == 0, first.stderr
    assert "Saved the plan" in first.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    saved = yaml.safe_load(target.read_text())
    assert saved["items"] and saved["profile"]["role"] == "medical-director"
    again = cli("plan", "--profile", NEW_MD, "--save", target)
    assert again.exit_code == 1 and "--force" in again.stderr
    forced = cli("plan", "--profile", NEW_MD, "--save", target, "--force", "--top", "2")
    assert forced.exit_code == 0
    assert len(yaml.safe_load(target.read_text())["items"]) <= 2
    assert list(tmp_path.iterdir()) == [target]  # no temporary files left behind


def test_saved_plan_reads_back(cli, tmp_path):
    from careerplan.store.catalogue import load_catalogue
    from careerplan.store.planfile import load_plan

    target = tmp_path / "plan.json"
    assert cli("plan", "--profile", NEW_MD, "--save", target, "--format", "json").exit_code == 0
    data = json.loads(target.read_text())
    plan = load_plan(target, load_catalogue().vocab.ids())
    assert [i.id for i in plan.items] == [i["id"] for i in data["items"]]


def test_save_needs_a_known_extension(cli, tmp_path):
    result = cli("plan", "--profile", NEW_MD, "--save", tmp_path / "plan.txt")
    assert result.exit_code == 2
    assert ".yaml" in result.stderr and not (tmp_path / "plan.txt").exists()


def test_what_if_options(cli):
    data = plan_data(cli, "--top", "3", "--horizon", "24", "--start", "2027-06-01")
    assert len(data["items"]) <= 3
    assert data["horizon_months"] == 24
    assert data["start"] == "2027-06-01" and data["end"] == "2029-05-31"
    assert data["profile"]["constraints"]["horizon_months"] == 24
    assert all(i["target_date"] <= "2029-05-31" for i in data["items"])


def test_same_profile_same_output(cli):
    a = cli("plan", "--profile", NEW_MD, "--format", "json").stdout
    b = cli("plan", "--profile", NEW_MD, "--format", "json").stdout
    assert a == b


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--start", "next monday"], "--start: 'next monday' is not a date; give one such as"),
        (["--top", "0"], "--top 0"),
        (["--horizon", "0"], "--horizon 0"),
    ],
)
def test_bad_options_are_one_clear_line(cli, args, fragment):
    result = cli("plan", "--profile", NEW_MD, *args)
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_missing_and_broken_profiles(cli, tmp_path):
    missing = cli("plan", "--profile", tmp_path / "nope.yaml")
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text(NEW_MD.read_text().replace("role: medical-director", "role: medical-directr"))
    result = cli("plan", "--profile", broken)
    assert result.exit_code == 2
    assert f"{broken}:" in result.stderr and "did you mean 'medical-director'" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_organisation_entry_can_join_the_plan(cli, tmp_path):
    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "local.yaml").write_text("""\
version: 1
opportunities:
  - id: our-finance-for-new-directors
    title: Our trust's finance induction for new directors
    kind: programme
    provider: Our Trust finance team
    summary: Four sessions with the director of finance on the trust's accounts.
    stages: [new-md]
    areas: {finance: 3, board-skills: 2, corporate-functions: 2}
    goals: [board-effectiveness, peer-support]
    format: online
    time:
      shape: sessions
      sessions: 4
      session_hours: 2
      months: 2
      basis: source
      source: {title: Our Trust learning catalogue 2026, url: "https://example.org/learning"}
      checked: 2026-11-01
    cost: 0
    funding: [free]
    evidence: Attendance record and a note on one board question it helped you ask.
    source: Our Trust learning catalogue 2026
    last_reviewed: 2026-11-01
""")
    data = plan_data(cli, "--catalogue", folder)
    ours = next(i for i in data["items"] if i["id"] == "our-finance-for-new-directors")
    assert ours["hours_basis"] == "source" and ours["cost_counted"] == 0
    assert any("finance literacy 1 of 4" in r for r in ours["reasons"])


def test_show_plan_for_assess(tmp_path):
    from rich.console import Console

    from careerplan.cli.plan import show_plan
    from careerplan.store.catalogue import load_catalogue
    from careerplan.store.profiles import load_profile

    cat = load_catalogue()
    profile = load_profile(NEW_MD, cat.vocab.ids())
    buffer = io.StringIO()
    plan = show_plan(profile, cat, Console(file=buffer, width=80, no_color=True))
    text = buffer.getvalue()
    assert plan.items and plan.items[0].title[:20] in text
    assert "Your next three steps" in text


def test_hours_a_month_are_said_as_a_person_would():
    from careerplan.render.plan_terminal import per_month_text

    assert per_month_text(0.92) == "about 1 h/month"
    assert per_month_text(3) == "3 h/month"
    assert per_month_text(2.8) == "about 3 h/month"
    assert per_month_text(0.4) == "under 1 h/month"


@pytest.mark.parametrize(
    "persona", ["experienced-md-chief-executive.yaml", "deputy-provider-collaborative.yaml"]
)
def test_plan_and_status_give_the_same_hours(cli, tmp_path, persona):
    """One figure for hours: `status` counts the person's own hours as `plan` totals them,
    not study-leave days or released work time as hours (issue 20, item 6)."""
    saved = tmp_path / "plan.yaml"
    made = cli("plan", "--profile", PERSONAS / persona, "--save", saved)
    assert made.exit_code == 0, made.stderr
    totals = yaml.safe_load(saved.read_text())["totals"]
    planned = re.search(r"(\d+(?:\.\d)?) of \d+ hours of your own time", made.stdout)
    assert planned and float(planned.group(1)) == totals["hours"]
    status = cli("status", saved)
    assert status.exit_code == 0, status.stderr
    assert f"0 of {planned.group(1)} hours of your own time spent" in status.stdout
    if totals.get("leave_days"):
        days = f"{totals['leave_days']:g}"
        assert f"Study leave: 0 of {days} day" in status.stdout
    data = json.loads(cli("status", saved, "--format", "json").stdout)
    assert data["hours"]["planned"] == totals["hours"]
    assert data["study_leave_days"]["planned"] == (totals.get("leave_days") or 0)


def test_a_plan_starting_late_in_a_month_runs_its_first_month_to_the_next_ones_end(cli, tmp_path):
    profile = tmp_path / "late.yaml"
    profile.write_text(
        "version: 1\nassessed_on: 2026-12-03\nrole: associate-medical-director\n"
        "years_in_role: 2\norganisation: nhs-trust\ngoals: [system-leadership]\n"
        "constraints: {hours_per_month: 8, budget_gbp: 0, horizon_months: 6, start: 2026-12-21}\n"
    )
    result = cli("plan", profile, "--today", "3 Dec 2026")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if line.rstrip().endswith("J  F  M  A  M  J"))
    assert lines[head - 1].strip() == "2027"  # the columns are January to June 2027
    assert "Plan:   6 months, 21 Dec 2026 to 30 Jun 2027" in result.stdout
    assert "Reviews  31 Mar 2027, 30 Jun 2027." in result.stdout


def test_explain_gives_each_link_whole_with_the_catalogues_note_on_it(cli, monkeypatch):
    """A web address is folded, never cut; the catalogue's note on a link (one region's
    coaching register given as an example) is shown beside it, and an item with no page
    says why."""
    monkeypatch.setenv("COLUMNS", "80")
    profile = Path(__file__).parent / "fixtures" / "lead" / "new-clinical-lead-with-mentor.yaml"
    out = cli("plan", "--profile", profile, "--explain").stdout
    data = json.loads(cli("plan", "--profile", profile, "--format", "json").stdout)
    flat = re.sub(r"\s+", "", out)
    for item in data["items"]:
        if item.get("url"):
            assert item["url"] in flat, item["id"]  # whole, once the folds are joined
        if item.get("link_note"):
            assert re.sub(r"\s+", "", item["link_note"]) in flat, item["id"]
    assert "…" not in "".join(line for line in out.splitlines() if "https://" in line)
