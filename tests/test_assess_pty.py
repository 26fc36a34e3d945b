"""`careerplan assess` run for real in a pseudo-terminal, answered with keystrokes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest
import yaml

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.slow

DOWN, UP, BACKSPACE, ENTER, SPACE, CTRL_C = "\x1b[B", "\x1b[A", "\x7f", "\r", " ", "\x03"


def spawn(tmp_path, *args: str):
    env = {
        **os.environ,
        "CAREERPLAN_STATE_DIR": str(tmp_path / "state"),
        "TERM": "xterm",
        "NO_COLOR": "1",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "COLUMNS": "120",
        "LINES": "40",
    }
    return pexpect.spawn(
        sys.executable,
        ["-m", "careerplan", "assess", *args],
        cwd=str(tmp_path),
        env=env,
        dimensions=(40, 120),
        timeout=20,
        encoding="utf-8",
    )


def answer(child, expect: str, keys: str) -> None:
    child.expect_exact(expect)
    child.send(keys)


ABOUT_YOU = [
    ("Your name, as it should appear", "Dr Pty" + ENTER),
    ("Which role are you in now?", DOWN * 2 + ENTER),  # clinical director
    ("How many years have you been in this role?", BACKSPACE + "3" + ENTER),
    ("What kind of organisation", DOWN * 3 + ENTER),  # provider collaborative
    ("How many days a week", ENTER),  # 1
]
GOALS = [
    ("Choose up to three", DOWN + SPACE + DOWN * 4 + SPACE + ENTER),  # step up, peer support
    ("Add a board-level goal", SPACE + ENTER),  # board effectiveness
    ("Which goal matters most?", ENTER),  # step up to md
    ("And which comes next?", DOWN + ENTER),  # board effectiveness
]


def ratings(start: int = 1) -> list[tuple[str, str]]:
    # Areas alternate between 3 Confident and 2 Developing.
    return [(f"(area {n} of 16)", (DOWN * (2 if n % 2 else 1)) + ENTER) for n in range(start, 17)]


REST = [
    ("Any areas you most want to work on?", SPACE + ENTER),  # the first offered
    ("What support do you already have?", ENTER),  # none
    ("Which ways of learning suit you?", SPACE + ENTER),  # in person
    ("How many hours a month", BACKSPACE + "8" + ENTER),
    ("What budget is available", BACKSPACE + "3000" + ENTER),
    ("apprenticeship levy?", ENTER),  # no
    ("How far ahead should the plan look?", ENTER),  # 12 months
    ("When should the plan start?", ENTER),  # next Monday
    ("Save these answers, or change one?", ENTER),
]


def finish(child) -> None:
    """After saving: the plan (once the plan engine is installed) may offer markdown."""
    child.expect_exact("Saved your profile to")
    if child.expect([pexpect.EOF, "Save this plan as markdown"], timeout=60) == 1:
        child.send(DOWN + ENTER)  # no
        child.expect(pexpect.EOF)
    child.close()


def check(profile_path, tmp_path) -> dict:
    data = yaml.safe_load(profile_path.read_text())
    assert data["name"] == "Dr Pty"
    assert data["role"] == "clinical-director"
    assert data["years_in_role"] == 3
    assert data["organisation"] == "provider-collaborative"
    assert data["goals"] == ["step-up-to-md", "board-effectiveness", "peer-support"]
    assert data["ratings"]["finance"] == 3 and data["ratings"]["board-skills"] == 2
    assert len(data["ratings"]) == 16
    assert data["preferences"]["formats"] == ["in-person"]
    assert data["constraints"]["hours_per_month"] == 8
    assert data["constraints"]["budget_gbp"] == 3000
    assert stat.S_IMODE(os.stat(profile_path).st_mode) == 0o600
    check_valid = subprocess.run(
        [sys.executable, "-m", "careerplan", "profile", "validate", str(profile_path)],
        capture_output=True,
        text=True,
    )
    assert check_valid.returncode == 0, check_valid.stderr
    return data


def test_assess_in_a_real_terminal(tmp_path):
    child = spawn(tmp_path, "--out", "p.yaml")
    for expect, keys in ABOUT_YOU + GOALS + ratings() + REST:
        answer(child, expect, keys)
    finish(child)
    assert child.exitstatus == 0
    check(tmp_path / "p.yaml", tmp_path)


def test_number_keys_choose_the_numbered_option(tmp_path):
    """Typing 3 then Enter on the rating scale records 3 Confident, not the first option."""
    digits = [(f"(area {n} of 16)", ("3" if n % 2 else "2") + ENTER) for n in range(1, 17)]
    role_by_digit = [("Which role are you in now?", "3" + ENTER)]  # clinical director
    child = spawn(tmp_path, "--out", "p.yaml")
    steps = ABOUT_YOU[:1] + role_by_digit + ABOUT_YOU[2:] + GOALS + digits + REST
    for expect, keys in steps:
        answer(child, expect, keys)
    finish(child)
    assert child.exitstatus == 0
    data = check(tmp_path / "p.yaml", tmp_path)
    assert sorted(set(data["ratings"].values())) == [2, 3]


def test_ctrl_c_then_resume_in_a_real_terminal(tmp_path):
    child = spawn(tmp_path, "--out", "p.yaml")
    for expect, keys in ABOUT_YOU + GOALS + ratings()[:5]:
        answer(child, expect, keys)
    child.expect_exact("(area 6 of 16)")
    child.send(CTRL_C)
    child.expect_exact("careerplan assess --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in child.before

    child = spawn(tmp_path, "--resume")
    child.expect_exact("Welcome back")
    for expect, keys in ratings(6) + REST:
        answer(child, expect, keys)
    finish(child)
    assert child.exitstatus == 0
    check(tmp_path / "p.yaml", tmp_path)
    assert not (tmp_path / "state" / "assess-draft.json").exists()
