"""`careerplan assess` run for real in a pseudo-terminal, answered with keystrokes."""

from __future__ import annotations

import os
import stat
import sys

import pytest
import yaml
from typer.testing import CliRunner

from careerplan import clock
from careerplan.assess.fields import when_holds
from careerplan.assess.kinds import kind_of
from careerplan.cli import app
from careerplan.store.catalogue import load_catalogue

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.slow

DOWN, UP, BACKSPACE, ENTER, SPACE, CTRL_C = "\x1b[B", "\x1b[A", "\x7f", "\r", " ", "\x03"


def spawn(tmp_path, *args: str, width: int = 120):
    env = {
        **os.environ,
        "CAREERPLAN_STATE_DIR": str(tmp_path / "state"),
        "TERM": "xterm",
        "NO_COLOR": "1",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "COLUMNS": str(width),
        "LINES": "40",
    }
    return pexpect.spawn(
        sys.executable,
        ["-m", "careerplan", "assess", *args],
        cwd=str(tmp_path),
        env=env,
        dimensions=(40, width),
        timeout=20,
        encoding="utf-8",
    )


def answer(child, expect: str, keys: str) -> None:
    child.expect_exact(expect)
    child.send(keys)


# The keys for a clinical director, worked out from the assessment data: each question
# asked (its `when` holds for these answers) is expected by its prompt and answered with
# KEYS[question id], or Enter (its default) for a question not named here.
ASSESSMENT = load_catalogue().assessment
VOCAB = ASSESSMENT.vocabularies
WIPE = BACKSPACE * 30
ROLE = "clinical-director"
FIRST_GOALS = ["step-up-to-md", "peer-support"]
BOARD_GOAL = "board-effectiveness"


def question(qid: str):
    return next(q for q in ASSESSMENT.questions if q.id == qid)


def offered(qid: str, before: dict) -> list:
    return [o.value for o in kind_of(question(qid), ASSESSMENT, clock.today()).options(before)]


def tick(qid: str, values: list, before: dict) -> str:
    """Arrow down the checkbox list, ticking `values`, then Enter."""
    keys, at = "", 0
    for i in sorted(offered(qid, before).index(v) for v in values):
        keys += DOWN * (i - at) + SPACE
        at = i
    return keys + ENTER


def pick(qid: str, value, before: dict, frm=None) -> str:
    """Arrow keys from the default (`frm`, or the first option) to `value`, then Enter."""
    options = offered(qid, before)
    start = options.index(frm) if frm is not None else 0
    steps = options.index(value) - start
    return (DOWN if steps > 0 else UP) * abs(steps) + ENTER


BEFORE_GOALS = {"role": ROLE}
TICKED = sorted(FIRST_GOALS, key=offered("goals", BEFORE_GOALS).index)  # in list order
RANKED = [*TICKED, BOARD_GOAL]  # what the order question starts from
AFTER = {
    "role": {"role": ROLE},
    "organisation": {"organisation": "provider-collaborative"},
    "goals": {"goals": TICKED},
    "board-goals": {"goals": RANKED},
    # The situation questions answered with Enter (no): their follow-ups are not asked.
    "interim": {"situation": {"interim": False, "leaving": False, "less_than_full_time": False}},
}
KEYS = {
    "name": "Dr Pty" + ENTER,
    "role": pick("role", ROLE, {}),
    "years-in-role": WIPE + "3" + ENTER,
    "organisation": pick("organisation", "provider-collaborative", {}, frm="nhs-trust"),
    "goals": tick("goals", FIRST_GOALS, BEFORE_GOALS),
    "board-goals": tick("board-goals", [BOARD_GOAL], {**BEFORE_GOALS, "goals": TICKED}),
    "priority-areas": SPACE + ENTER,  # the first offered
    "support": ENTER,  # none
    "formats": tick("formats", ["in-person"], {}),
    "hours-per-month": WIPE + "8" + ENTER,
    "budget": WIPE + "3000" + ENTER,
}
# The order question asks twice: the first goal (step up), then the next (board).
ORDER = [
    ("Which goal matters most?", DOWN * RANKED.index("step-up-to-md") + ENTER),
    (
        "And which comes next?",
        DOWN * [g for g in RANKED if g != "step-up-to-md"].index(BOARD_GOAL) + ENTER,
    ),
]


def rating_keys(level: int) -> str:
    return DOWN * [lv.value for lv in ASSESSMENT.scale].index(level) + ENTER


def alternate(n: int) -> str:
    """Areas alternate between 3 Confident (odd) and 2 Developing (even), by arrow keys."""
    return rating_keys(3 if n % 2 else 2)


def steps(ratings=alternate, role_keys: str | None = None, keys=None) -> list:
    """(text to expect, keys to send) for every question asked of the persona."""
    answers = {**KEYS, **(keys or {})}
    out = []
    known: dict = {}  # the answers so far, as each question's `when` sees them
    for q in ASSESSMENT.questions:
        if not when_holds(q.when, known):
            continue
        known.update(AFTER.get(q.id, {}))
        if q.kind == "ratings":
            keys = [t.id for t in getattr(VOCAB, q.choices or "")]
            noun = ASSESSMENT.noun(q.choices or "")
            out += [(f"({noun} {n} of {len(keys)})", ratings(n)) for n in range(1, len(keys) + 1)]
        elif q.kind == "order":
            out += ORDER
        elif q.id == "role" and role_keys is not None:
            out.append((q.prompt, role_keys))
        else:
            out.append((q.prompt, answers.get(q.id, ENTER)))
    out.append(("Save these answers, or change one?", ENTER))
    return out


def finish(child) -> None:
    """After saving: the plan is shown, and markdown offered (answer no)."""
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
    assert data["goals"] == ["step-up-to-md", BOARD_GOAL, "peer-support"]
    first, second = (t.id for t in VOCAB.areas[:2])
    assert data["ratings"][first] == 3 and data["ratings"][second] == 2
    assert len(data["ratings"]) == len(VOCAB.areas)
    assert data["preferences"]["formats"] == ["in-person"]
    assert data["constraints"]["hours_per_month"] == 8
    assert data["constraints"]["budget_gbp"] == 3000
    assert stat.S_IMODE(os.stat(profile_path).st_mode) == 0o600
    check_valid = CliRunner().invoke(app, ["profile", "validate", str(profile_path)])
    assert check_valid.exit_code == 0, check_valid.stderr
    return data


def test_ctrl_c_then_resume_in_a_real_terminal(tmp_path):
    """The whole assessment by arrow keys in a real terminal, stopped by Ctrl-C at the
    sixth question and finished after --resume."""
    child = spawn(tmp_path, "--out", "p.yaml")
    everything = steps()
    sixth = next(i for i, (text, _) in enumerate(everything) if " 6 of " in text)
    for expect, keys in everything[:sixth]:
        answer(child, expect, keys)
    child.expect_exact(everything[sixth][0])
    child.send(CTRL_C)
    child.expect_exact("careerplan assess --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in child.before

    child = spawn(tmp_path, "--resume")
    child.expect_exact("Welcome back")
    for expect, keys in everything[sixth:]:
        answer(child, expect, keys)
    finish(child)
    assert child.exitstatus == 0
    check(tmp_path / "p.yaml", tmp_path)
    assert not (tmp_path / "state" / "assess-draft.json").exists()


def last_words(q) -> list[str]:
    """A question's last word and its hint's: a line cut at the terminal's edge loses
    them, and a word is never broken where the text wraps."""
    return [text.split()[-1] for text in (q.prompt, q.help) if text]


@pytest.mark.parametrize("width", [80, 60])
def test_assess_at_80_and_60_columns_by_numbers(tmp_path, width):
    """Every question and hint is seen whole at 80 and 60 columns; numbers pick options
    (typing 3 then Enter on the rating scale records 3 Confident, not the first option)
    and tick boxes, and the boxes ticked stay on the screen."""
    goals = offered("goals", BEFORE_GOALS)
    by_number = {
        "role": str(offered("role", {}).index(ROLE) + 1) + ENTER,
        "goals": "".join(str(goals.index(g) + 1) for g in FIRST_GOALS) + ENTER,
        "board-goals": "1" + ENTER,
        "formats": str(offered("formats", {}).index("in-person") + 1) + ENTER,
        "study-leave": "5 days" + ENTER,
    }
    everything = steps(ratings=lambda n: ("3" if n % 2 else "2") + ENTER, keys=by_number)
    prompts = {q.prompt: q for q in ASSESSMENT.questions}
    child = spawn(tmp_path, "--out", "p.yaml", width=width)
    for expect, keys in everything:
        q = prompts.get(expect)
        for word in last_words(q) if q is not None else [expect]:
            child.expect_exact(word)
        child.send(keys)
        if q is not None and q.id == "goals":
            ticked = [VOCAB.label("goals", g) for g in TICKED]
            child.expect_exact("; ".join(ticked))  # the labels, not "done (2 selections)"
        if q is not None and q.id == "study-leave":
            child.expect_exact("Understood as 5 days a year.")
    finish(child)
    assert child.exitstatus == 0
    data = check(tmp_path / "p.yaml", tmp_path)
    assert data["constraints"]["study_leave_days"] == 5
