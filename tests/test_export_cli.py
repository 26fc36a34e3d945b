"""`careerplan export` as a user meets it: formats, safe writing and bad plans."""

from __future__ import annotations

import errno
import os
import stat

import pytest
from export_support import plan_data, plan_path, run, write_plan

from careerplan.errors import InputError
from careerplan.render.export import format_for

PLAN = plan_path("new-md")


def test_markdown_to_stdout_by_default() -> None:
    result = run("export", PLAN)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Development plan: Dr Amara Okafor\n")
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("p.md", "md"),
        ("p.markdown", "md"),
        ("p.HTML", "html"),
        ("p.htm", "html"),
        ("p.json", "json"),
        ("p.yml", "yaml"),
        ("p.yaml", "yaml"),
        ("p.ics", "ics"),
    ],
)
def test_format_from_extension(name: str, fmt: str) -> None:
    assert format_for(name, None) == fmt
    assert format_for(name, fmt) == fmt


def test_format_from_to_and_aliases() -> None:
    assert format_for(None, "markdown") == "md"
    assert format_for("notes.txt", "md") == "md"
    assert format_for(None, None) == "md"
    assert format_for(None, "text") == "txt" and format_for("plan.txt", None) == "txt"
    with pytest.raises(InputError, match="unknown format"):
        format_for(None, "pptx")
    with pytest.raises(InputError, match="extension .ics means ics"):
        format_for("plan.ics", "md")
    with pytest.raises(InputError, match="cannot tell the format"):
        format_for("plan.rtf", None)
    assert format_for("plan.pdf", None) == "pdf"


def test_unknown_extension_is_one_line_exit_2(tmp_path) -> None:
    result = run("export", PLAN, "--out", tmp_path / "plan.rtf")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "--to md|html|docx|pdf|csv|txt|json|yaml|ics" in result.stderr


def test_written_file_is_private(tmp_path) -> None:
    out = tmp_path / "plan.md"
    assert run("export", PLAN, "--out", out).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_existing_file_is_not_replaced_without_force(tmp_path) -> None:
    out = tmp_path / "plan.md"
    out.write_text("my notes\n")
    result = run("export", PLAN, "--out", out)
    assert result.exit_code == 1
    assert (
        result.stderr == f"careerplan: {out}: already exists; use --force to replace it, "
        "or choose another file name\n"
    )
    assert out.read_text() == "my notes\n"
    forced = run("export", PLAN, "--out", out, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert out.read_text().startswith("# Development plan")
    assert os.listdir(tmp_path) == ["plan.md"]


def test_missing_folder_is_one_line_exit_1(tmp_path) -> None:
    out = tmp_path / "nowhere" / "plan.html"
    result = run("export", PLAN, "--out", out)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "does not exist" in result.stderr
    assert not out.parent.exists()


@pytest.mark.parametrize(
    ("code", "words"), [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only")]
)
def test_write_failure_leaves_no_partial_file(tmp_path, monkeypatch, code, words) -> None:
    out = tmp_path / "plan.html"
    real_fdopen = os.fdopen

    class Failing:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()
            return False

        def write(self, data):
            self.handle.write(data[: len(data) // 2])  # half written, then the disk fails
            raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: Failing(real_fdopen(fd, mode)))
    result = run("export", PLAN, "--out", out)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and words in result.stderr
    assert os.listdir(tmp_path) == []


def test_failure_keeps_the_old_file_whole(tmp_path, monkeypatch) -> None:
    out = tmp_path / "plan.md"
    out.write_text("previous plan\n")

    def no_rename(*args):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", no_rename)
    result = run("export", PLAN, "--out", out, "--force")
    assert result.exit_code == 1
    assert out.read_text() == "previous plan\n"
    assert os.listdir(tmp_path) == ["plan.md"]


def test_template_with_a_data_format_is_refused(tmp_path) -> None:
    layout = tmp_path / "layout.j2"
    layout.write_text("{{ doc.title }}")
    result = run("export", PLAN, "--to", "ics", "--template", layout)
    assert result.exit_code == 2
    assert "--template applies to the md and html layouts only" in result.stderr


# Plans that are not plans -------------------------------------------------------------


def edited(tmp_path, change) -> str:
    data = plan_data("new-md")
    change(data)
    return write_plan(tmp_path / "edited.yaml", data)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(version=2), "version: plan version 2 is not understood"),
        (lambda d: d.pop("stage"), "stage: is required but missing"),
        (lambda d: d["items"][0].update(status="done"), "items.0.status: 'done' is not allowed"),
        (
            lambda d: d["items"][2].update(kind="programm"),
            "items.2.kind: unknown kind 'programm'; did you mean 'programme'?",
        ),
        (
            lambda d: d["items"][0].update(hours="lots"),
            "items.0.hours: must be a number of hours or 'unknown'",
        ),
        (
            lambda d: d["items"][0].update(target_date="2026-01-01"),
            "items.0: target_date 1 Jan 2026 is before start 4 Jan 2027",
        ),
        (lambda d: d["items"][0].update(start="next week"), "items.0.start: must be a date"),
        (
            lambda d: d["profile"].update(role="medical-directr"),
            "profile.role: unknown role 'medical-directr'",
        ),
        (lambda d: d.update(items="none"), "items: must be a list"),
    ],
)
def test_hand_edited_plan_gets_a_precise_message(tmp_path, change, expected) -> None:
    path = edited(tmp_path, change)
    result = run("export", path, "--to", "md")
    assert result.exit_code == 2
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith((f"careerplan: {path}:", f"{path}:")), result.stderr
    assert expected in result.stderr, result.stderr


def test_history_written_by_hand_with_on_is_read(tmp_path) -> None:
    text = PLAN.read_text(encoding="utf-8").replace(
        "    status: agreed\n",
        "    status: agreed\n    history:\n      - on: 2026-12-01\n        status: agreed\n",
        1,
    )
    path = tmp_path / "hand.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("export", path)
    assert result.exit_code == 0, result.stderr
    assert "Progress: 1 December 2026, agreed." in result.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("just: text\n", "is not a careerplan plan"),
        ("[1, 2\n", "YAML syntax error"),
        ("", "is not a careerplan plan"),
    ],
)
def test_not_a_plan(tmp_path, content, expected) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(content)
    result = run("export", path)
    assert result.exit_code == 2
    assert expected in result.stderr and "Traceback" not in result.stderr


def test_missing_plan_file(tmp_path) -> None:
    result = run("export", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"careerplan: {tmp_path / 'nope.yaml'}: no such file; check the path\n"


def test_an_export_given_as_the_plan_is_named_as_status_names_it(tmp_path) -> None:
    """`export plan.md` answers in one line, as `status plan.md` does, not with a YAML
    syntax error from reading markdown as a plan."""
    exported = tmp_path / "plan.md"
    exported.write_text(run("export", PLAN).stdout)
    (tmp_path / "plan.yaml").write_text(PLAN.read_text())
    answers = []
    for command in ("export", "status"):
        result = run(command, exported)
        assert result.exit_code == 2
        assert "Traceback" not in result.output
        answers.append(result.stderr.strip())
    assert answers[0] == answers[1]
    assert "plan.md: is a markdown export, for reading, not the plan's data" in answers[0]
    assert "give the plan's data beside it, plan.yaml, instead" in answers[0]
