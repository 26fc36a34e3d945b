"""Reproductions from issue 14 (data lost or made unreadable) and issue 12 (plan files that
are easy to lose), each kept so that it cannot come back.

Every case: success, or one clean line on stderr with exit code 2 and the plan file left as
it was. Never a traceback, never a file the tool itself refuses to read.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerplan.review.progress import find_item
from careerplan.store.catalogue import load_catalogue
from careerplan.store.planfile import load_plan

FIXTURES = Path(__file__).parent / "fixtures"
PLAN = FIXTURES / "review" / "plan.yaml"
PROFILE = FIXTURES / "profiles" / "valid.yaml"
TODAY = "2027-03-15"
FUZZ = settings(
    max_examples=int(os.environ.get("CAREERPLAN_FUZZ_EXAMPLES", "30")),
    deadline=None,
    derandomize=not os.environ.get("CAREERPLAN_FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def plan_file(tmp_path) -> Path:
    path = tmp_path / "plan.yaml"
    shutil.copy(PLAN, path)
    return path


def loaded(path: Path):
    return load_plan(path, load_catalogue().vocab.ids())


def one_clean_line(result, *words: str) -> None:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = [
        line
        for line in result.stderr.strip().splitlines()
        if not line.startswith("careerplan: 1 problem found")  # the count after a file's problem
    ]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def edited(path: Path, change) -> Path:
    """The plan at `path` with `change(data)` applied (hand-edited), written back."""
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return path


# --- 1. two reviews at once ----------------------------------------------------------------


def test_two_review_processes_at_once_keep_both_changes(plan_file, tmp_path):
    """The issue's `review A & review B & wait`: two processes race for one plan (without
    the lock one change was lost in 10 of 10 trials). Each takes the plan's lock and reads
    the plan again before it writes, so both changes are kept, whichever goes first."""
    env = {**os.environ, "NO_COLOR": "1", "CAREERPLAN_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "careerplan", "review", str(plan_file), "--today", TODAY]
    runs = [
        subprocess.Popen(
            [*command, "--item", item, "--status", "agreed"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for item in ("mentoring", "board-development-training")
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    plan = loaded(plan_file)
    assert find_item(plan, "mentoring").status == "agreed"
    assert find_item(plan, "board-development-training").status == "agreed"
    assert not list(plan_file.parent.glob(".*.lock"))  # no lock file left behind


def test_review_waits_for_the_lock_then_refuses_in_one_line(cli, plan_file, monkeypatch):
    from careerplan.store import files

    monkeypatch.setattr(files, "LOCK_WAIT_SECONDS", 0.2)
    before = plan_file.read_bytes()
    with files.locked(plan_file):
        result = cli("review", plan_file, "--item", "mentoring", "--status", "agreed")
    one_clean_line(result, str(plan_file), "another careerplan")
    assert plan_file.read_bytes() == before


def test_interactive_review_keeps_a_change_made_meanwhile(cli, plan_file, monkeypatch):
    """While an interactive review is open, a scripted review completes an item; the
    interactive session's save must not put it back nor drop its history."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    import careerplan.review.prompt as prompt

    monkeypatch.setattr("careerplan.cli.review.stdin_is_tty", lambda: True)
    real_select = prompt.questionary.select
    done = []

    def select(*args, **kwargs):
        if not done:  # someone else changes the plan once the session has read it
            done.append(True)
            other = cli(
                "review",
                plan_file,
                "--item",
                "mentoring",
                "--status",
                "complete",
                "--note",
                "Met four times",
                "--today",
                TODAY,
            )
            assert other.exit_code == 0, other.stderr
        return real_select(*args, **kwargs)

    monkeypatch.setattr(prompt.questionary, "select", select)
    down, enter = "\x1b[B", "\r"
    # First item: mark agreed (the first move), no note; leave the other four as they are.
    keys = down + enter + enter + (enter + enter) * 4
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        result = cli("review", plan_file, "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert "now complete since 15 Mar 2027" in result.stdout  # the question shows it as it is
    plan = loaded(plan_file)
    mentoring = find_item(plan, "mentoring")
    assert mentoring.status == "complete"
    assert mentoring.history[-1].note == "Met four times"
    first = plan.items[0]
    assert first.status == "agreed", first.status


def test_interactive_review_refuses_a_change_that_no_longer_fits(tmp_path, plan_file):
    """The same item closed meanwhile: the session's change is refused in words, the
    file keeps the other run's change."""
    import datetime as _dt

    from careerplan.errors import InputError
    from careerplan.review.progress import Change, apply_change
    from careerplan.store.planfile import update_plan

    vocab = load_catalogue().vocab.ids()
    today = _dt.date(2027, 3, 15)
    update_plan(
        plan_file,
        vocab,
        lambda p: apply_change(p, Change("mentoring", "dropped", "no time", None, False), today),
    )
    with pytest.raises(InputError, match="cannot be made agreed"):
        update_plan(
            plan_file,
            vocab,
            lambda p: apply_change(p, Change("mentoring", "agreed"), today),
        )
    assert find_item(loaded(plan_file), "mentoring").status == "dropped"


# --- 2. control characters in notes and the mentor's name ---------------------------------


@pytest.mark.parametrize("char", ["\x1b[31m", "\x07", "\x7f", "\x0b", "\x0c", "\x9b"])
def test_review_note_with_a_control_character_is_refused(cli, plan_file, char):
    before = plan_file.read_bytes()
    result = cli(
        "review", plan_file, "--item", "mentoring", "--note", f"met{char}twice", "--today", TODAY
    )
    one_clean_line(result, "--note", "control character")
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert plan_file.read_bytes() == before


def test_review_note_line_endings_are_normalised(cli, plan_file):
    result = cli(
        "review", plan_file, "--item", "mentoring", "--note", "one\r\ntwo\rthree", "--today", TODAY
    )
    assert result.exit_code == 0, result.stderr
    assert find_item(loaded(plan_file), "mentoring").history[-1].note == "one\ntwo\nthree"
    assert cli("status", plan_file, "--today", TODAY).exit_code == 0


def test_plan_mentor_with_an_escape_sequence_is_refused(cli, tmp_path):
    out = tmp_path / "p.yaml"
    result = cli("plan", "--profile", PROFILE, "--mentor", "Dr \x1b[2J X", "--save", out)
    one_clean_line(result, "--mentor", "control character")
    assert "\x1b" not in result.stdout + result.stderr
    assert not out.exists()


def test_a_plan_is_never_written_that_cannot_be_read_back(tmp_path, plan_file):
    from careerplan.errors import OutputError
    from careerplan.store.planfile import save_plan

    plan = loaded(plan_file)
    bad = plan.model_copy(update={"mentor": "Dr \x1b X"})
    target = tmp_path / "new.yaml"
    with pytest.raises(OutputError, match="would not read back"):
        save_plan(bad, target, force=False)
    assert not target.exists()


# --- 3. batch: shared stems and the output folder -------------------------------------------


def _two_with_one_stem(folder: Path) -> None:
    folder.mkdir()
    data = yaml.safe_load(PROFILE.read_text())
    (folder / "a.yaml").write_text(yaml.safe_dump({**data, "name": "Dr Yaml"}))
    (folder / "a.json").write_text(json.dumps({**data, "name": "Dr Json"}, default=str))


def test_batch_inputs_sharing_a_stem_get_their_own_plans(cli, tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    _two_with_one_stem(folder)
    result = cli("plan", "--batch", folder, "--out-dir", out, "--to", "json", "--force")
    assert result.exit_code == 0, result.stderr
    assert "2 of 2 plans written" in result.stdout
    names = {json.loads(p.read_text())["profile"]["name"] for p in out.glob("a*-plan.json")}
    assert names == {"Dr Yaml", "Dr Json"}


def test_batch_out_dir_equal_to_the_input_folder_is_refused(cli, tmp_path):
    folder = tmp_path / "in"
    _two_with_one_stem(folder)
    result = cli("plan", "--batch", folder, "--out-dir", folder)
    one_clean_line(result, "--out-dir")
    assert sorted(p.name for p in folder.iterdir()) == ["a.json", "a.yaml"]


def test_batch_to_md_also_saves_the_plan_data_and_summary_reads_the_folder(cli, tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(PROFILE, folder / "one.yaml")
    result = cli("plan", "--batch", folder, "--out-dir", out, "--to", "md")
    assert result.exit_code == 0, result.stderr
    assert (out / "one-plan.md").exists() and (out / "one-plan.yaml").exists()
    assert loaded(out / "one-plan.yaml").profile.name
    assert (out / "summary.md").exists()
    again = cli("summary", out)
    assert again.exit_code == 0, again.stderr


def test_batch_to_yaml_summary_is_not_read_as_a_profile(cli, tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(PROFILE, folder / "one.yaml")
    result = cli("plan", "--batch", folder, "--out-dir", out, "--to", "yaml")
    assert result.exit_code == 0, result.stderr
    again = cli("summary", out)
    assert again.exit_code == 0, again.stderr
    assert "left out" not in again.stderr


# --- 4. numbers that are not numbers --------------------------------------------------------


def _nan_hours(data):
    data["items"][1]["hours"] = float("nan")


def _inf_total(data):
    data["totals"]["hours"] = float("inf")


@pytest.mark.parametrize("change", [_nan_hours, _inf_total])
@pytest.mark.parametrize("command", ["status", "review", "export"])
def test_non_finite_numbers_in_a_plan_are_one_line(cli, plan_file, change, command):
    edited(plan_file, change)
    args = {
        "status": ["status", plan_file],
        "review": ["review", plan_file, "--item", "mentoring", "--status", "agreed"],
        "export": ["export", plan_file, "--to", "md"],
    }[command]
    result = cli(*args)
    one_clean_line(result, str(plan_file), "finite number")


def test_summary_lists_a_bad_plan_and_still_summarises_the_rest(cli, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(PLAN, folder / "good.yaml")
    shutil.copy(PLAN, folder / "bad.yaml")
    edited(folder / "bad.yaml", _nan_hours)
    result = cli("summary", folder, "--to", "md")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert "bad.yaml" in result.stderr and "finite number" in result.stderr
    assert result.stdout.strip()


def test_plan_batch_still_writes_its_summary_with_a_bad_plan(cli, tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(PLAN, folder / "good.yaml")
    shutil.copy(PLAN, folder / "bad.yaml")
    edited(folder / "bad.yaml", _nan_hours)
    result = cli("plan", "--batch", folder, "--out-dir", out)
    assert result.exit_code == 1
    assert (out / "summary.md").exists()
    assert "bad.yaml" in result.stderr


def test_previous_refuses_a_plan_with_nan_hours(cli, plan_file, tmp_path):
    edited(plan_file, _nan_hours)
    result = cli("plan", "--profile", PROFILE, "--previous", plan_file)
    one_clean_line(result, str(plan_file), "finite number")


# --- 5. dates at the edge of the calendar ---------------------------------------------------


def test_profile_starting_in_9999_is_refused_at_validation(cli, tmp_path):
    data = yaml.safe_load(PROFILE.read_text())
    data["constraints"]["start"] = dt.date(9999, 12, 31)
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data))
    for args in (["profile", "validate", path], ["plan", "--profile", path]):
        result = cli(*args)
        one_clean_line(result, str(path), "9999")


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["reviews"].__setitem__(0, "9999-12-30"),
        lambda d: d["items"][0].__setitem__("target_date", "9999-12-31"),
    ],
)
def test_plan_dates_in_9999_are_refused(cli, plan_file, change):
    edited(plan_file, change)
    for args in (["export", plan_file, "--to", "ics"], ["status", plan_file]):
        one_clean_line(cli(*args), str(plan_file), "9999")


# --- 6. duplicate item ids -----------------------------------------------------------------


def test_duplicate_item_ids_are_refused(cli, plan_file):
    edited(plan_file, lambda d: d["items"][2].__setitem__("id", "mentoring"))
    result = cli("status", plan_file)
    one_clean_line(result, str(plan_file), "mentoring", "twice")


# --- 7. symlinks and read-only plans ---------------------------------------------------------


def test_review_through_a_symlink_writes_the_target(cli, plan_file, tmp_path):
    link = tmp_path / "link.yaml"
    link.symlink_to(plan_file)
    result = cli("review", link, "--item", "mentoring", "--status", "agreed", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert find_item(loaded(plan_file), "mentoring").status == "agreed"


def test_review_of_a_read_only_plan_is_refused(cli, plan_file):
    plan_file.chmod(0o444)
    before = plan_file.read_bytes()
    result = cli("review", plan_file, "--item", "mentoring", "--status", "agreed")
    one_clean_line(result, str(plan_file), "read-only")
    assert plan_file.read_bytes() == before
    assert stat.S_IMODE(plan_file.stat().st_mode) == 0o444


def test_review_keeps_the_plan_file_mode(cli, plan_file):
    plan_file.chmod(0o640)
    result = cli("review", plan_file, "--item", "mentoring", "--status", "agreed", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(plan_file.stat().st_mode) == 0o640


# --- 8. damaged drafts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "state",
    [
        {"answers": [1, 2]},
        {"answers": {}, "prior_assessed_on": "soon"},
        {"answers": {}, "given": "x"},
        {"answers": {}, "prior": [1]},
    ],
)
def test_a_damaged_draft_is_one_clean_line_on_resume(cli, state):
    from careerplan.assess.drafts import draft_path

    path = draft_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 1, "state": state, "options": {}}))
    result = cli("assess", "--resume", "--no-input")
    one_clean_line(result, "damaged")


@pytest.mark.parametrize(
    "body",
    [
        {"version": 1, "state": {"answers": [1, 2]}},
        {"version": 1, "state": {"prior_assessed_on": "2026-13-45"}},
        {"version": 1, "state": {"given_from": ["x"]}},
        {"version": 1, "state": {}, "options": [1]},
    ],
)
def test_the_draft_store_names_a_damaged_draft(tmp_path, body):
    """load_draft is what the interactive resume offer calls too: it turns the InputError
    into 'Note: ... Starting a new assessment.'"""
    from careerplan.assess.drafts import load_draft
    from careerplan.errors import InputError

    path = tmp_path / "draft.json"
    path.write_text(json.dumps(body))
    with pytest.raises(InputError, match="the saved answers are damaged"):
        load_draft(path)


# --- smaller items --------------------------------------------------------------------------


def test_plan_save_and_out_the_same_file_is_refused_before_writing(cli, tmp_path):
    target = tmp_path / "a.yaml"
    result = cli("plan", "--profile", PROFILE, "--save", target, "--out", target)
    one_clean_line(result, "same file")
    assert not target.exists()


def test_plan_save_to_a_folder_says_it_is_a_folder(cli, tmp_path):
    result = cli("plan", "--profile", PROFILE, "--save", tmp_path)
    one_clean_line(result, "folder")
    assert "already exists" not in result.stderr


def test_a_plan_too_large_to_read_back_is_not_written(tmp_path, plan_file, monkeypatch):
    from careerplan.errors import OutputError
    from careerplan.store import yamlio
    from careerplan.store.planfile import save_plan

    monkeypatch.setattr(yamlio, "MAX_BYTES", 1000)
    target = tmp_path / "big.yaml"
    with pytest.raises(OutputError, match="too large"):
        save_plan(loaded(plan_file), target, force=False)
    assert not target.exists()


# --- issue 12: exports given where plan data is wanted; items by number; dates -------------


@pytest.mark.parametrize("command", ["status", "review"])
@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_an_export_given_instead_of_the_plan_names_the_file_to_use(cli, tmp_path, command, suffix):
    export = tmp_path / f"plan-2026-11-29{suffix}"
    export.write_text("# A plan\n\nsome text: here\n")
    result = cli(command, export)
    one_clean_line(result, export.name, "plan-2026-11-29.yaml")


def test_summary_of_a_folder_of_exports_names_the_files_to_use(cli, tmp_path):
    (tmp_path / "a-plan.md").write_text("# A plan\n")
    result = cli("summary", tmp_path)
    one_clean_line(result, "a-plan.md", ".yaml")


def test_review_item_by_its_number(cli, plan_file):
    result = cli("review", plan_file, "--item", "2", "--status", "agreed", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert find_item(loaded(plan_file), "mentoring").status == "agreed"
    one_clean_line(cli("review", plan_file, "--item", "9", "--status", "agreed"), "9")


def test_status_shows_dates_as_the_plan_does(cli, plan_file):
    result = cli("status", plan_file, "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert "4 Jan 2027" in result.stdout and "2027-01-04" not in result.stdout


# --- the hostile plan files, replayed through every command that reads a plan ---------------

HOSTILE = sorted((FIXTURES / "hostile-plans").glob("*.yaml"))


def test_there_are_hostile_plans():
    assert len(HOSTILE) >= 9


@pytest.mark.parametrize("fixture", HOSTILE, ids=[p.name for p in HOSTILE])
def test_hostile_plan_is_refused_cleanly_everywhere(cli, tmp_path, fixture):
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    before = path.read_bytes()
    for args in (
        ["status", path],
        ["review", path, "--item", "mentoring", "--note", "x"],
        ["export", path, "--to", "ics", "--out", tmp_path / "x.ics"],
        ["plan", "--profile", PROFILE, "--previous", path, "--save", tmp_path / "next.yaml"],
    ):
        result = cli(*args)
        one_clean_line(result, fixture.name)
        assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert path.read_bytes() == before
    assert not (tmp_path / "x.ics").exists() and not (tmp_path / "next.yaml").exists()


# --- a property: whatever note is typed, the plan still reads back -----------------------------

NOTE_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40
)


@FUZZ
@given(note=NOTE_TEXT)
def test_any_note_is_refused_in_one_line_or_reads_back(note):
    from typer.testing import CliRunner

    from careerplan.cli import app

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.yaml"
        shutil.copy(PLAN, path)
        result = CliRunner().invoke(
            app, ["review", str(path), "--item", "mentoring", "--note", note, "--today", TODAY]
        )
        assert result.exit_code in (0, 2), result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        if result.exit_code == 2:
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        else:
            assert CliRunner().invoke(app, ["status", str(path)]).exit_code == 0


def test_previous_given_an_export_names_the_file_to_use(cli, tmp_path):
    export = tmp_path / "plan-2026.md"
    export.write_text("# A plan\n")
    (tmp_path / "plan-2026.yaml").write_text("")
    result = cli("plan", "--profile", PROFILE, "--previous", export)
    one_clean_line(result, "plan-2026.md", "beside it, plan-2026.yaml, instead")


def test_plan_start_in_9999_is_one_line(cli):
    result = cli("plan", "--profile", PROFILE, "--start", "9999-12-31")
    one_clean_line(result, "--start", "9999")


def test_plan_save_force_over_a_symlink_replaces_the_link_not_its_target(cli, tmp_path, plan_file):
    """Issue 23: --force never writes through a link (it may be one another user planted);
    the link itself is replaced. tests/test_links.py has the rest."""
    before = plan_file.read_bytes()
    link = tmp_path / "link.yaml"
    link.symlink_to(plan_file)
    result = cli("plan", "--profile", PROFILE, "--save", link, "--force")
    assert result.exit_code == 0, result.stderr
    assert not link.is_symlink()
    assert plan_file.read_bytes() == before
    assert loaded(link).generator != "careerplan test fixture (hand-made)"


def test_a_file_system_without_locks_still_takes_a_review(cli, plan_file, monkeypatch):
    import errno
    import fcntl

    def no_locks(fd, op):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    result = cli("review", plan_file, "--item", "mentoring", "--status", "agreed", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert find_item(loaded(plan_file), "mentoring").status == "agreed"


def test_a_planted_lock_link_is_refused_in_one_line(cli, plan_file, tmp_path):
    (tmp_path / ".plan.yaml.lock").symlink_to(tmp_path / "elsewhere")
    result = cli("review", plan_file, "--item", "mentoring", "--status", "agreed")
    assert result.exit_code == 1 and "cannot lock it" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "elsewhere").exists()


def test_the_lock_is_filelocks_so_it_is_the_same_on_windows(cli, plan_file, monkeypatch):
    """The plan's lock is a filelock.FileLock on its sidecar (flock here, msvcrt on
    Windows, where the old fcntl lock did nothing): a run holding filelock's lock on the
    sidecar keeps a review out, and the sidecar is gone once the review has its turn."""
    from filelock import FileLock

    from careerplan.store import files

    monkeypatch.setattr(files, "LOCK_WAIT_SECONDS", 0.2)
    sidecar = files.lock_path(plan_file)
    with FileLock(sidecar):
        held = cli("review", plan_file, "--item", "mentoring", "--status", "agreed")
    one_clean_line(held, str(plan_file), "another careerplan")
    free = cli("review", plan_file, "--item", "mentoring", "--status", "agreed")
    assert free.exit_code == 0, free.stderr
    assert not sidecar.exists()
