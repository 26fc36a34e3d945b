"""Inputs at their edges, each tried through the CLI (found in issue 23, item 6).

Huge numbers and names too long for the file system get one line; the saved draft is read
with the guards of every other input; --set corrects a bad value from --answers; a batch
writes each plan's document and data together or not at all; review dates are bounded
when given. (A plan written by root keeps its owner and mode: tests/test_links.py.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
PROFILE = HERE / "personas" / "new-md-nhs-trust.yaml"
TODAY = "2026-12-03"
BIG = "1" + "0" * 400


def clean(result, *, code: int | tuple[int, ...] = 2, lines: int | None = 1) -> str:
    codes = code if isinstance(code, tuple) else (code,)
    assert result.exit_code in codes, result.output
    text = result.stderr
    assert "internal" not in text and "Traceback" not in text, text
    if lines is not None:
        assert len(text.strip().splitlines()) == lines, text
    return text


# --- huge numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answers",
    [
        f"years_in_role: {BIG}\n",
        f"clinical_days_per_week: {BIG}\n",
        f"constraints: {{hours_per_month: {BIG}}}\n",
        f"constraints: {{budget_gbp: {BIG}, horizon_months: {BIG}}}\n",
        f"ratings: {{finance: {BIG}}}\n",
        f"years_in_role: '{BIG} months'\n",
    ],
    ids=["years", "clinical", "hours", "budget-horizon", "rating", "months-text"],
)
def test_a_huge_number_in_answers_is_a_plain_problem(cli, tmp_path, answers) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("version: 1\n" + answers)
    result = cli("assess", "--no-input", "--answers", path, "--out", tmp_path / "p.yaml")
    text = clean(result, lines=None)
    assert "answers.yaml:" in text and "problem" in text
    assert not (tmp_path / "p.yaml").exists()


@pytest.mark.parametrize("key", ["years_in_role", "budget", "ratings.finance", "hours"])
def test_a_huge_number_given_with_set_is_one_line(cli, tmp_path, key) -> None:
    result = cli(
        "assess",
        "--no-input",
        "--answers",
        PROFILE,
        "--set",
        f"{key}={BIG}",
        "--out",
        tmp_path / "p.yaml",
    )
    clean(result)


# --- names at the file system's length limit ----------------------------------------------

LONG = "n" * 300


@pytest.mark.parametrize(
    "args",
    [
        ("plan", PROFILE, "--save", "{dir}/" + LONG + ".yaml"),
        ("plan", PROFILE, "--out", "{dir}/" + LONG + ".md"),
        ("plan", "{dir}/" + LONG + ".yaml"),
        ("assess", "--no-input", "--answers", PROFILE, "--out", "{dir}/" + LONG + ".yaml"),
        ("summary", "{dir}/" + LONG),
        ("export", "{plan}", "--template", "{dir}/" + LONG + ".md.j2"),
        ("export", "{plan}", "--out", "{dir}/" + LONG + ".md"),
        ("plan", "--batch", "{dir}/in", "--out-dir", "{dir}/" + LONG),
        ("catalogue", "validate", "{dir}/" + LONG),
        ("plan", PROFILE, "--catalogue", "{dir}/" + LONG),
        ("plan", PROFILE, "--previous", "{dir}/" + LONG + ".yaml"),
        ("status", "{dir}/" + LONG + ".yaml"),
    ],
    ids=[
        "save",
        "plan-out",
        "profile",
        "assess-out",
        "summary",
        "template",
        "export-out",
        "batch-out-dir",
        "catalogue-validate",
        "catalogue",
        "previous",
        "status",
    ],
)
def test_a_name_too_long_for_the_file_system_is_one_line(cli, tmp_path, args) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.yaml").write_bytes(PROFILE.read_bytes())
    plan = tmp_path / "plan.yaml"
    assert cli("plan", PROFILE, "--save", plan, "--today", TODAY).exit_code == 0
    argv = [str(a).format(dir=tmp_path, plan=plan) for a in args]
    result = cli(*argv)
    text = clean(result, code=(1, 2))
    assert "too long" in text or "no such" in text.lower() or "not" in text


def test_a_name_just_under_the_limit_is_saved(cli, tmp_path) -> None:
    """Its temporary file and its lock file have names that fit, too."""
    name = tmp_path / ("m" * 250 + ".yaml")
    result = cli("plan", PROFILE, "--save", name, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert name.exists()
    review = cli("review", name, "--item", "executive-coaching", "--status", "agreed")
    assert review.exit_code == 0, review.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [name.name]


# --- the saved draft ----------------------------------------------------------------------


def draft_file() -> Path:
    from careerplan.assess.drafts import draft_path

    path = draft_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize(
    "text",
    [
        '{"version": 1, "state": {"answers": {"years_in_role": 1e999}}, "answered": 1}',
        '{"version": 1, "state": {"answers": {}}, "answered": 1e999}',
        '{"version": 1, "state": {"answers": {}}, "answered": NaN}',
        '{"version": 1, "state": {"answers": ' + "[" * 100_000 + "]" * 100_000 + "}}",
        '{"version": 1, "state": {"answers": ' + "[" * 100 + "]" * 100 + "}}",
        '{"version": 1, "state": {"answers": {}}, "answered": 1' + "0" * 5000 + "}",
        "\xff\xfe not text",
    ],
    ids=["inf-answer", "inf-count", "nan", "deep", "nested-100", "long-int", "not-utf8"],
)
def test_a_damaged_draft_is_one_line(cli, tmp_path, text) -> None:
    path = draft_file()
    path.write_bytes(text.encode("latin-1") if text.startswith("\xff") else text.encode())
    result = cli("assess", "--resume", "--no-input", "--out", tmp_path / "p.yaml")
    line = clean(result)
    assert str(path) in line and "delete" in line


def test_a_pipe_as_the_draft_is_refused_not_waited_on(tmp_path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    os.mkfifo(state / "assess-draft.json")
    env = {**os.environ, "CAREERPLAN_STATE_DIR": str(state), "CAREERPLAN_TODAY": TODAY}
    result = subprocess.run(
        [sys.executable, "-m", "careerplan", "assess", "--resume", "--no-input"],
        capture_output=True,
        env=env,
        timeout=60,  # the bug: this hung for ever
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    (line,) = result.stderr.decode().strip().splitlines()
    assert "not a regular file" in line


def test_a_huge_draft_is_refused(cli, tmp_path) -> None:
    path = draft_file()
    path.write_text('{"version": 1, "state": {}, "pad": "' + "x" * 2_000_000 + '"}')
    line = clean(cli("assess", "--resume", "--no-input", "--out", tmp_path / "p.yaml"))
    assert "KB" in line


# --- --set over --answers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "given", "kept"),
    [
        ("years_in_role: 0.5", "years_in_role: -5", "years_in_role=2", "years_in_role: 2"),
        ("finance: 1", "finance: 9", "ratings.finance=2", "finance: 2"),
        ("budget_gbp: 1500", "budget_gbp: -3", "budget=100", "budget_gbp: 100"),
        ("years_in_role: 0.5", "years_in_role: 1.5", "years_in_role=3", "years_in_role: 3"),
    ],
    ids=["bad-years", "bad-rating", "bad-budget", "good-replaced"],
)
def test_set_overrides_answers(cli, tmp_path, old, new, given, kept) -> None:
    text = PROFILE.read_text()
    assert old in text
    answers = tmp_path / "answers.yaml"
    answers.write_text(text.replace(old, new))
    out = tmp_path / "p.yaml"
    result = cli("assess", "--no-input", "--answers", answers, "--set", given, "--out", out)
    assert result.exit_code == 0, result.output
    assert kept in out.read_text()


def test_set_does_not_hide_other_problems_in_answers(cli, tmp_path) -> None:
    text = PROFILE.read_text().replace("budget_gbp: 1500", "budget_gbp: -3")
    answers = tmp_path / "answers.yaml"
    answers.write_text(text)
    result = cli(
        "assess",
        "--no-input",
        "--answers",
        answers,
        "--set",
        "years_in_role=3",
        "--out",
        tmp_path / "p.yaml",
    )
    assert result.exit_code == 2 and "budget_gbp" in result.stderr


# --- a batch writes each plan's files together or not at all -------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    people = tmp_path / "in"
    people.mkdir()
    (people / "a.yaml").write_bytes(PROFILE.read_bytes())
    return people


@pytest.mark.parametrize("blocked", ["a-plan.yaml", "a-plan.md"])
def test_a_batch_writes_both_files_or_neither(cli, tmp_path, folder, blocked) -> None:
    out = tmp_path / "out"
    (out / blocked).mkdir(parents=True)  # the one that cannot be written
    result = cli("plan", "--batch", folder, "--out-dir", out, "--force", "--today", TODAY)
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == [blocked]  # the other is not there


def test_a_failed_document_puts_back_the_earlier_data(cli, tmp_path, folder, monkeypatch):
    out = tmp_path / "out"
    assert cli("plan", "--batch", folder, "--out-dir", out, "--today", TODAY).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    from careerplan.errors import OutputError
    from careerplan.store import files

    real = files.write_atomic

    def full_disk(path, content, **kwargs):
        if Path(path).suffix == ".md":
            raise OutputError(f"{path}: could not be written (the disk is full)")
        return real(path, content, **kwargs)

    monkeypatch.setattr(files, "write_atomic", full_disk)
    result = cli("plan", "--batch", folder, "--out-dir", out, "--force", "--today", "2027-01-05")
    assert result.exit_code == 1
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.name != "summary.md"}
    assert after == {k: v for k, v in before.items() if k != "summary.md"}


# --- review dates -------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["0001-01-01", "1800-12-31", "1899-12-31"])
def test_a_review_date_out_of_range_is_refused_when_given(cli, tmp_path, date) -> None:
    plan = tmp_path / "plan.yaml"
    assert cli("plan", PROFILE, "--save", plan, "--today", TODAY).exit_code == 0
    before = plan.read_bytes()
    result = cli(
        "review",
        plan,
        "--item",
        "executive-coaching",
        "--status",
        "agreed",
        "--date",
        date,
        "--today",
        TODAY,
    )
    line = clean(result)  # refused as the option is read, or as the change is checked
    assert "outside the years 1900 to 2" in line and "report" not in line
    assert plan.read_bytes() == before


def test_a_review_date_in_range_is_kept(cli, tmp_path) -> None:
    plan = tmp_path / "plan.yaml"
    assert cli("plan", PROFILE, "--save", plan, "--today", TODAY).exit_code == 0
    result = cli(
        "review",
        plan,
        "--item",
        "executive-coaching",
        "--status",
        "agreed",
        "--date",
        "1990-01-01",
        "--today",
        TODAY,
    )
    assert result.exit_code == 0, result.output
