"""Robustness under hostile input: generated corruptions of catalogues, profiles and plans.

Every case must end in success or a clean error: exit code 0, 1 or 2, a message on stderr
when it fails, never a traceback, never a partial output file. Examples are bounded so the
suite stays quick; failures it found are kept in tests/fixtures/hostile/ and replayed by
test_hostile_fixtures.py.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner
from users import as_ordinary_user, open_folder

from careerplan.cli import app
from careerplan.cli.root import INTERNAL_ERROR

ENV = {"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"}
# 30 fixed examples per property in the normal run (quick and repeatable); for a longer
# hunt: CAREERPLAN_FUZZ_EXAMPLES=2000 CAREERPLAN_FUZZ_RANDOM=1 python -m pytest \
#   tests/test_robustness.py
FUZZ = settings(
    max_examples=int(os.environ.get("CAREERPLAN_FUZZ_EXAMPLES", "30")),
    deadline=None,
    derandomize=not os.environ.get("CAREERPLAN_FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ENTRY: dict[str, Any] = {
    "id": "local-programme",
    "title": "Local programme",
    "kind": "programme",
    "provider": "Our Trust",
    "summary": "A local leadership programme.",
    "stages": ["emerging", "deputy"],
    "areas": {"medical-workforce": 2, "finance": 1},
    "goals": ["develop-directorate"],
    "format": "blended",
    "time": {"shape": "once", "hours": 12, "basis": "estimate"},
    "cost": "unknown",
    "cost_unknown_reason": "quoted on request",
    "funding": ["employer"],
    "url": "https://example.org/programme",
    "evidence": "Certificate of completion",
    "source": "Our Trust learning catalogue",
    "last_reviewed": dt.date(2026, 6, 1),
    "prerequisites": [],
}

PROFILE: dict[str, Any] = {
    "version": 1,
    "name": "Dr A Example",
    "assessed_on": dt.date(2026, 11, 20),
    "role": "medical-director",
    "years_in_role": 0.5,
    "organisation": "nhs-trust",
    "clinical_days_per_week": 1,
    "goals": ["peer-support", "board-effectiveness"],
    "ratings": {"finance": 1, "board-skills": 2, "system-partnership": 3},
    "priority_areas": ["finance"],
    "support_in_place": ["mentor"],
    "preferences": {"formats": ["online", "blended"]},
    "constraints": {
        "hours_per_month": 6,
        "budget_gbp": 1500,
        "apprenticeship_levy": True,
        "horizon_months": 12,
        "start": dt.date(2027, 1, 4),
    },
}

# Values that are wrong, odd or extreme for some field somewhere.
# Text without control characters (those are refused on reading: see the strategy after
# next), so that most examples get past the reader into validation and rendering.
printable_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
hostile_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**15),
    st.integers(max_value=-1),
    st.floats(allow_nan=True, allow_infinity=True),
    printable_text,
    st.just(""),
    st.just("   "),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=5),
    st.text(alphabet=st.characters(min_codepoint=0x80, max_codepoint=0x10FFFF), max_size=20),
    st.dates(),
    st.sampled_from(
        [
            "unknown",
            "free",
            "band-a",
            "local-programme",
            "medical-director",
            "finance",
            "-1",
            "1e309",
            "9" * 400,
            "2026-02-30",
            "~",
            "null",
            "nhs-providers-board-development",
        ]
    ),
)
hostile_values = st.recursive(
    hostile_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(printable_text, children, max_size=4)
    ),
    max_leaves=12,
)


def mutate(data: Any, draw: Callable[[st.SearchStrategy], Any], rounds: int) -> Any:
    """Apply a few random corruptions somewhere inside `data` (a copy)."""
    data = copy.deepcopy(data)
    for _ in range(rounds):
        # Walk down to a random container.
        parent: Any = data
        for _depth in range(draw(st.integers(0, 3))):
            children = (
                list(parent.values())
                if isinstance(parent, dict)
                else list(parent)
                if isinstance(parent, list)
                else []
            )
            children = [c for c in children if isinstance(c, (dict, list))]
            if not children:
                break
            parent = draw(st.sampled_from(children))
        if isinstance(parent, dict):
            op = draw(st.sampled_from(["set", "delete", "add"]))
            keys = list(parent)
            if op == "add" or not keys:
                parent[draw(printable_text)] = draw(hostile_values)
            elif op == "delete":
                del parent[draw(st.sampled_from(keys))]
            else:
                parent[draw(st.sampled_from(keys))] = draw(hostile_values)
        elif isinstance(parent, list):
            op = draw(st.sampled_from(["set", "append", "clear"]))
            if op == "clear":
                parent.clear()
            elif op == "append" or not parent:
                parent.append(draw(hostile_values))
            else:
                parent[draw(st.integers(0, len(parent) - 1))] = draw(hostile_values)
    return data


def dump(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode(
        "utf-8", "surrogatepass"
    )


def corrupt_bytes(raw: bytes, draw: Callable[[st.SearchStrategy], Any]) -> bytes:
    """Byte-level damage: truncation, inserted junk, or a flipped byte."""
    op = draw(st.sampled_from(["truncate", "insert", "flip", "none"]))
    if op == "none" or not raw:
        return raw
    at = draw(st.integers(0, len(raw) - 1))
    if op == "truncate":
        return raw[:at]
    if op == "insert":
        return raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    return raw[:at] + bytes([raw[at] ^ draw(st.integers(1, 255))]) + raw[at + 1 :]


def run(*args: Any) -> Any:
    result = CliRunner().invoke(app, [str(a) for a in args], env=ENV)
    check_clean(result, args)
    return result


def check_clean(result: Any, args: tuple) -> None:
    where = f"careerplan {' '.join(str(a) for a in args)}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"{where}: uncaught {type(result.exception).__name__}\n{trace}")
    assert result.exit_code in (0, 1, 2), f"{where}: exit {result.exit_code}\n{result.output}"
    assert "Traceback" not in result.output, where
    assert INTERNAL_ERROR not in result.stderr, f"{where}: {result.stderr}"
    assert "\x1b" not in result.stderr, f"{where}: raw escape sequence in a message"
    if result.exit_code != 0:
        assert result.stderr.strip(), f"{where}: failed without a message"


_exists: dict[str, bool] = {}


def command_exists(*words: str) -> bool:
    """Whether `careerplan WORDS --help` works: plan, profile and export arrive over time."""
    key = " ".join(words)
    if key not in _exists:
        result = CliRunner().invoke(app, [*words, "--help"], env=ENV)
        _exists[key] = result.exit_code == 0
    return _exists[key]


def need(*words: str) -> None:
    assert command_exists(*words), f"`careerplan {' '.join(words)}` is missing"


# --- catalogue files ----------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_corrupted_catalogue_entries_fail_cleanly(data: st.DataObject):
    doc = {"version": 1, "opportunities": [dict(ENTRY), {**ENTRY, "id": "second-one"}]}
    broken = mutate(doc, data.draw, data.draw(st.integers(1, 3)))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ours"
        folder.mkdir()
        (folder / "ours.yaml").write_bytes(dump(broken))
        result = run("catalogue", "validate", folder)
        if result.exit_code == 2:
            assert "ours.yaml" in result.stderr


@FUZZ
@given(data=st.data())
def test_byte_damaged_catalogue_files_fail_cleanly(data: st.DataObject):
    raw = corrupt_bytes(dump({"version": 1, "opportunities": [ENTRY]}), data.draw)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ours"
        folder.mkdir()
        (folder / "ours.yaml").write_bytes(raw)
        run("catalogue", "validate", folder)


@FUZZ
@given(doc=hostile_values)
def test_arbitrary_documents_as_catalogue_files(doc: Any):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ours"
        folder.mkdir()
        (folder / "ours.yaml").write_bytes(dump(doc))
        result = run("catalogue", "validate", folder)
        assert result.exit_code == 2


# --- profiles -----------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_corrupted_profiles_fail_cleanly(data: st.DataObject):
    need("profile", "validate")
    broken = mutate(PROFILE, data.draw, data.draw(st.integers(1, 3)))
    raw = corrupt_bytes(dump(broken), data.draw) if data.draw(st.booleans()) else dump(broken)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "profile.yaml"
        path.write_bytes(raw)
        result = run("profile", "validate", path)
        if result.exit_code == 2:
            assert "profile.yaml" in result.stderr or "profile" in result.stderr


@FUZZ
@given(data=st.data())
def test_corrupted_profiles_through_the_domain(data: st.DataObject):
    """Independent of the CLI: load_profile raises only careerplan's own errors."""
    from careerplan.errors import CareerplanError
    from careerplan.store.catalogue import load_catalogue
    from careerplan.store.profiles import load_profile

    vocab = _vocab(load_catalogue)
    broken = mutate(PROFILE, data.draw, data.draw(st.integers(1, 3)))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "profile.yaml"
        path.write_bytes(corrupt_bytes(dump(broken), data.draw))
        try:
            load_profile(path, vocab, today=dt.date(2026, 11, 26))
        except CareerplanError as exc:
            assert str(exc).strip()


_VOCAB: dict[str, list[str]] = {}


def _vocab(load: Callable) -> dict[str, list[str]]:
    if not _VOCAB:
        _VOCAB.update(load().vocab.ids())
    return _VOCAB


@FUZZ
@given(data=st.data())
def test_corrupted_profiles_make_a_plan_or_fail_cleanly(data: st.DataObject):
    need("plan")
    broken = mutate(PROFILE, data.draw, data.draw(st.integers(1, 2)))
    view = data.draw(st.sampled_from([[], ["--format", "json"]]))  # each example one view
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "profile.yaml"
        path.write_bytes(dump(broken))
        run("plan", "--profile", path, *view)


# --- plans --------------------------------------------------------------------------------

PLANS = Path(__file__).parent / "fixtures" / "plans"
_PLAN: list[dict] = []


def good_plan() -> dict:
    """A real saved plan (the export tests' fixture), parsed once."""
    if not _PLAN:
        _PLAN.append(yaml.safe_load((PLANS / "new-md.yaml").read_text(encoding="utf-8")))
    return _PLAN[0]


@FUZZ
@given(data=st.data())
def test_corrupted_plans_export_or_fail_cleanly_without_partial_files(data: st.DataObject):
    need("export")
    if not (PLANS / "new-md.yaml").is_file():
        pytest.skip("no saved plan fixture yet")
    broken = mutate(good_plan(), data.draw, data.draw(st.integers(1, 3)))
    raw = corrupt_bytes(dump(broken), data.draw) if data.draw(st.booleans()) else dump(broken)
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan.yaml"
        plan.write_bytes(raw)
        out_dir = Path(tmp) / "out"
        out_dir.mkdir()
        target = out_dir / "plan.md"
        result = run("export", plan, "--out", target)
        left = sorted(p.name for p in out_dir.iterdir())
        if result.exit_code == 0:
            assert left == ["plan.md"]
        else:
            assert left == [], f"partial output left behind: {left}"


# --- files that are not what they should be -----------------------------------------------


def _special_paths(tmp: Path) -> dict[str, Path]:
    paths = {}
    paths["empty"] = tmp / "empty.yaml"
    paths["empty"].write_bytes(b"")
    paths["whitespace"] = tmp / "blank.yaml"
    paths["whitespace"].write_bytes(b"\n  \n\t\n")
    paths["binary"] = tmp / "binary.yaml"
    paths["binary"].write_bytes(bytes(range(256)) * 4)
    paths["latin1"] = tmp / "latin1.yaml"
    paths["latin1"].write_bytes("name: Dr Zoë Ça\n".encode("latin-1"))
    paths["utf16"] = tmp / "utf16.yaml"
    paths["utf16"].write_bytes("version: 1\n".encode("utf-16"))
    paths["folder"] = tmp / "folder.yaml"
    paths["folder"].mkdir()
    paths["missing"] = tmp / "missing.yaml"
    paths["huge"] = tmp / "huge.yaml"
    with open(paths["huge"], "wb") as handle:
        handle.truncate(6 * 1024 * 1024)
        handle.seek(0)
        handle.write(b"version: 1\n# ")
    paths["fifo-like-devnull"] = Path(os.devnull)
    paths["endless-device"] = Path("/dev/zero")
    return paths


@pytest.mark.parametrize(
    "kind",
    [
        "empty",
        "whitespace",
        "binary",
        "latin1",
        "utf16",
        "folder",
        "missing",
        "huge",
        "fifo-like-devnull",
        "endless-device",
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ("profile", "validate"),
        ("profile", "show"),
        ("plan", "--profile"),
        ("export",),
        ("status",),
        ("review",),
        ("catalogue", "validate"),
    ],
)
def test_files_that_are_not_yaml(tmp_path: Path, kind: str, command: tuple[str, ...]):
    need(command[0])
    path = _special_paths(tmp_path)[kind]
    if command == ("catalogue", "validate") and kind not in ("folder", "missing", "endless-device"):
        folder = tmp_path / "cat"
        folder.mkdir()
        if path.is_file():
            (folder / "ours.yaml").symlink_to(path)
        path = folder
    result = run(*command, path)
    assert result.exit_code == 2, result.output
    assert str(path.name) in result.stderr or "careerplan:" in result.stderr


@pytest.mark.parametrize(
    "command", [("profile", "validate"), ("export",), ("catalogue", "validate")], ids=" ".join
)
def test_an_unreadable_file(command: tuple[str, ...], monkeypatch: pytest.MonkeyPatch):
    """Run as an ordinary user, since root reads any file (tests/users.py)."""
    from careerplan.cli.commands import load_all

    load_all()  # every command loaded before the fork

    with open_folder() as base:
        for name in ("CAREERPLAN_CACHE_DIR", "CAREERPLAN_STATE_DIR", "CAREERPLAN_CONFIG"):
            monkeypatch.setenv(name, str(base / name.lower()))

        path = base / "unreadable.yaml"
        path.write_text("version: 1\n")
        target = path
        if command == ("catalogue", "validate"):
            target = base / "cat"
            target.mkdir()
            (target / "ours.yaml").symlink_to(path)
        # Once readable first: the modules a command imports lazily are loaded before the
        # fork (the ordinary user may not be able to read the Python installation).
        run(*command, target)
        path.chmod(0)

        def work() -> list[object]:
            result = run(*command, target)
            return [result.exit_code, result.stderr]

        code, stderr = as_ordinary_user(work)  # type: ignore[misc]
    assert code == 2, stderr
    assert "unreadable.yaml" in stderr or "ours.yaml" in stderr, stderr
    assert "not readable" in stderr or "permission denied" in stderr, stderr


# --- the error boundary itself ------------------------------------------------------------


def test_a_bug_is_reported_in_one_line_not_a_traceback(monkeypatch: pytest.MonkeyPatch):
    import careerplan.store.catalogue_cache

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(careerplan.store.catalogue_cache, "load_cached", broken)
    result = CliRunner().invoke(app, ["catalogue", "list"], env=ENV)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.startswith(f"careerplan: {INTERNAL_ERROR} (ZeroDivisionError: ")
    assert "Traceback" not in result.output


def test_debug_setting_shows_the_real_exception(monkeypatch: pytest.MonkeyPatch):
    import careerplan.store.catalogue_cache

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(careerplan.store.catalogue_cache, "load_cached", broken)
    result = CliRunner().invoke(app, ["catalogue", "list"], env={**ENV, "CAREERPLAN_DEBUG": "1"})
    assert isinstance(result.exception, ZeroDivisionError)


def test_control_characters_in_text_are_refused(tmp_path: Path):
    folder = tmp_path / "ours"
    folder.mkdir()
    bad = {**ENTRY, "title\x1b[2J\x07": "x", "summary": "Clears\x1b[2J the screen"}
    (folder / "ours.yaml").write_bytes(dump({"version": 1, "opportunities": [bad]}))
    result = run("catalogue", "validate", folder)
    assert result.exit_code == 2
    assert "invisible control character U+001B" in result.stderr


def test_control_characters_in_messages_are_escaped(tmp_path: Path):
    folder = tmp_path / "ours\x1b[2J"  # a file name can hold them too
    folder.mkdir()
    (folder / "ours.yaml").write_text("version: 1\nopportunities: 3\n")
    result = run("catalogue", "validate", folder)
    assert result.exit_code == 2
    assert "ours\\x1b[2J/ours.yaml:2: opportunities: must be a list" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["catalogue", "list", "--format", "json"],
        ["catalogue", "list"],
        ["--help"],
        ["export", "--help"],
    ],
)
def test_a_closed_pipe_ends_quietly(args: list[str]):
    """`careerplan catalogue list | head -1`: the reader has gone before careerplan writes.
    No traceback, no 'internal error', exit code 1."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "careerplan", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **ENV},
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before careerplan has even finished starting
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert stderr == ""


# --- waits that should not happen (issue 14, item 11) --------------------------------------


class Fifo(type(Path())):  # type: ignore[misc]
    """A named pipe's path, and whether a reader ever blocked on it."""

    released = False


@contextlib.contextmanager
def fifo(path: Path) -> Iterator[Fifo]:
    """A named pipe at `path`. Should a reader block on it (the bug), a watchdog opens and
    closes the writing end, so that the test fails (`released`) rather than hangs."""
    os.mkfifo(path)
    pipe = Fifo(path)
    done = threading.Event()

    def release() -> None:
        while not done.wait(2):
            with contextlib.suppress(OSError):  # ENXIO: no reader is waiting, all is well
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
                pipe.released = True

    watchdog = threading.Thread(target=release, daemon=True)
    watchdog.start()
    try:
        yield pipe
    finally:
        done.set()
        watchdog.join()


@pytest.mark.parametrize(
    "command",
    [
        ("profile", "validate"),
        ("plan", "--profile"),
        ("export",),
        ("status",),
        ("review",),
        ("compare", "{good}"),
        ("catalogue", "validate"),
        ("catalogue", "list", "--catalogue"),
    ],
    ids=" ".join,
)
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path, command: tuple[str, ...]):
    with fifo(tmp_path / "input.yaml") as pipe:
        if "{good}" in command:
            good = tmp_path / "good.yaml"
            good.write_bytes(dump(PROFILE))
            command = tuple(str(good) if c == "{good}" else c for c in command)
        result = run(*command, pipe)
    assert not pipe.released, "a reader blocked on the FIFO"
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert "input.yaml" in lines[0]
    assert "not a regular file" in result.stderr or "neither a folder nor" in result.stderr


def test_a_fifo_inside_a_catalogue_folder_is_not_waited_on(tmp_path: Path):
    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "ours.yaml").write_bytes(dump({"version": 1, "opportunities": [ENTRY]}))
    with fifo(folder / "pipe.yaml") as pipe:
        result = run("catalogue", "validate", folder)
    assert not pipe.released, "a reader blocked on the FIFO"
    assert result.exit_code == 0, result.output


# --- templates that should not read files or run for ever (issue 14, item 10) -------------

SAVED_PLAN = Path(__file__).parent / "fixtures" / "plans" / "new-md.yaml"


def _layout(folder: Path, text: str, name: str = "ours.md.j2") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "include",
    [
        '{% include "secret.txt" %}',
        '{% include "linked-key" %}',
        '{% include "sub/notes.txt" %}',
        '{% include "../outside.txt" %}',
        '{% extends "secret.txt" %}',
        '{% import "secret.txt" as s %}',
        '{% include "careerplan/../../../../../../etc/hostname" %}',
    ],
)
@pytest.mark.parametrize("to", ["md", "html"])
def test_a_template_cannot_include_files_beside_it(tmp_path: Path, include: str, to: str):
    secret = tmp_path / "key" / "id_rsa"
    secret.parent.mkdir()
    secret.write_text("PRIVATE-KEY-MATERIAL\n")
    folder = tmp_path / "layouts"
    _layout(folder, "PRIVATE-KEY-MATERIAL\n", "secret.txt")
    _layout(folder / "sub", "PRIVATE-KEY-MATERIAL\n", "notes.txt")
    (tmp_path / "outside.txt").write_text("PRIVATE-KEY-MATERIAL\n")
    (folder / "linked-key").symlink_to(secret)
    layout = _layout(folder, f"Plan\n{include}\n", f"ours.{to}.j2")
    out = tmp_path / f"plan.{to}"
    result = run("export", SAVED_PLAN, "--to", to, "--template", layout, "--out", out)
    assert result.exit_code == 2, result.output
    assert not out.exists()
    assert "PRIVATE-KEY-MATERIAL" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not a built-in layout" in result.stderr


def test_a_template_may_still_extend_the_built_in_layout(tmp_path: Path):
    layout = _layout(
        tmp_path,
        '{% extends "careerplan/plan.md.j2" %}{% block title %}# Ours{% endblock %}\n',
    )
    result = run("export", SAVED_PLAN, "--template", layout)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()


def test_a_template_that_loops_for_ever_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from careerplan.render import templating

    monkeypatch.setattr(templating, "MAX_SECONDS", 1.0)  # the real limit is 10 s
    layout = _layout(
        tmp_path,
        "{% for a in range(100000) %}{% for b in range(100000) %}{% for c in range(100000) %}"
        "{% endfor %}{% endfor %}{% endfor %}\n",
    )
    result = run("export", SAVED_PLAN, "--template", layout)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "ran for more than 1 seconds and was stopped" in line


@pytest.mark.parametrize(
    "body",
    [
        "{% for a in range(100000) %}{% for b in range(100000) %}xxxxxxxx{% endfor %}{% endfor %}",
        "{{ 'x' * 100000000 }}",
    ],
    ids=["loops", "one-huge-string"],
)
def test_a_template_that_writes_without_end_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str
):
    from careerplan.render import templating

    monkeypatch.setattr(templating, "MAX_OUTPUT_CHARS", 1024 * 1024)
    layout = _layout(tmp_path, body + "\n")
    out = tmp_path / "plan.md"
    result = run("export", SAVED_PLAN, "--template", layout, "--out", out)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "the template wrote more than 1 MB" in line
    assert not out.exists()


def test_a_template_that_exhausts_memory_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from careerplan.render import templating

    monkeypatch.setattr(templating, "MAX_EXTRA_MEMORY", 64 * 1024 * 1024)
    layout = _layout(tmp_path, "{{ 'x' | center(2000000000) }}\n")
    result = run("export", SAVED_PLAN, "--template", layout)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "ours.md.j2: the template needs more memory than a layout may use" in line


def test_a_fifo_as_a_template_is_refused(tmp_path: Path):
    with fifo(tmp_path / "ours.md.j2") as pipe:
        result = run("export", SAVED_PLAN, "--template", pipe)
    assert not pipe.released
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr


# --- smaller edges (issue 14, "Smaller, still wrong") --------------------------------------

PERSONA = Path(__file__).parent / "personas" / "associate-md-clinical-balance.yaml"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["status", SAVED_PLAN, "--today", "2026-99-01"], "--today: '2026-99-01' is not a date"),
        (["review", SAVED_PLAN, "--today", "soon"], "--today: 'soon' is not a date"),
        (["compare", PERSONA, PERSONA, "--to", "xml"], "'xml' is not one of"),
        (["catalogue", "list", "--format", "xml"], "'xml' is not one of"),
        (["plan", "--profile", PERSONA, "--format", "xml"], "--to xml: plan prints one of"),
        (["plan", "--profile", PERSONA, "--no-such-option"], "No such option"),
        (["--no-such-option"], "No such option"),
        (["no-such-command"], "No such command"),
    ],
)
def test_a_bad_option_value_is_one_line(args: list[Any], words: str):
    result = run(*args)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("careerplan: ") and words in line
    assert "Usage:" not in result.output and "╭" not in result.output
    assert line.endswith("-h`")


def test_help_is_still_help():
    result = CliRunner().invoke(app, ["compare"], env=ENV)
    assert "Usage" in result.output or "Missing" in result.output


@pytest.mark.parametrize(
    ("name", "start"), [("x.json", "{"), ("x.md", "#"), ("x.html", "<!"), ("x.txt", "How")]
)
def test_compare_out_takes_the_format_from_the_extension(tmp_path: Path, name: str, start: str):
    out = tmp_path / name
    result = run("compare", PERSONA, PERSONA, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8").lstrip().startswith(start)
    if name == "x.json":
        import json

        json.loads(out.read_text(encoding="utf-8"))


def test_compare_out_with_an_unknown_extension_is_refused(tmp_path: Path):
    out = tmp_path / "x.xlsx"  # .pdf and .docx are written since compare went to the portfolio
    result = run("compare", PERSONA, PERSONA, "--out", out)
    assert result.exit_code == 2
    assert "cannot tell the format from the extension '.xlsx'" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "command", [("profile", "validate"), ("export",), ("status",), ("catalogue", "validate")]
)
def test_invalid_utf8_names_the_file_once(tmp_path: Path, command: tuple[str, ...]):
    path = tmp_path / "bad-bytes.yaml"
    path.write_bytes(b"version: 1\nname: Dr Zo\xeb\n")
    target = tmp_path if command == ("catalogue", "validate") else path
    result = run(*command, target)
    assert result.exit_code == 2
    assert result.stderr.count("bad-bytes.yaml") == 1, result.stderr
    assert "bad-bytes.yaml:2: is not valid UTF-8 text" in result.stderr


def test_a_number_of_thousands_of_digits_gets_a_plain_message(tmp_path: Path):
    path = tmp_path / "profile.yaml"
    path.write_bytes(
        dump(PROFILE).replace(b"years_in_role: 0.5", b"years_in_role: 1" + b"0" * 5000)
    )
    result = run("profile", "validate", path)
    assert result.exit_code == 2
    assert "a number with thousands of digits" in result.stderr
    assert "set_int_max_str_digits" not in result.stderr


def test_a_huge_value_is_not_echoed_whole(tmp_path: Path):
    goals = ",".join(f"goal-{i}" for i in range(10_000))
    result = run("assess", "--no-input", "--set", f"goals={goals}", "--out", tmp_path / "p.yaml")
    assert result.exit_code == 2
    assert max(len(line) for line in result.stderr.splitlines()) < 1000
    assert "characters cut" in result.stderr


_BIDI = "\u202e\u2066\u2067\u2068\u2069\u200e\u200f"


@pytest.mark.parametrize("to", ["md", "html"])
def test_direction_marks_in_names_never_reach_markdown_or_html(tmp_path: Path, to: str):
    profile = tmp_path / "profile.yaml"
    profile.write_bytes(dump({**PROFILE, "name": f"Dr A{_BIDI} Example\u202egnp.exe"}))
    out = tmp_path / f"plan.{to}"
    result = run("plan", "--profile", profile, "--out", out)
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "Example" in text
    assert not set(_BIDI) & set(text)


def test_direction_marks_in_messages_are_escaped(tmp_path: Path):
    folder = tmp_path / "ours\u202e"
    folder.mkdir()
    (folder / "ours.yaml").write_text("version: 1\nopportunities: 3\n")
    result = run("catalogue", "validate", folder)
    assert "ours\\u202e/ours.yaml" in result.stderr
    assert "\u202e" not in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["catalogue", "list"], ["plan", "--profile", str(PERSONA)]])
def test_a_full_device_on_stdout_is_one_line(args: list[str], tmp_path: Path):
    import subprocess
    import sys

    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "careerplan", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            env={**os.environ, **ENV, "CAREERPLAN_CACHE_DIR": str(tmp_path)},
            timeout=120,
        )
    stderr = proc.stderr.decode()
    assert proc.returncode == 1, stderr
    (line,) = stderr.strip().splitlines()
    assert line.startswith("careerplan: cannot write the output (No space left on device)")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_out_to_a_device_is_refused_even_with_force():
    result = run("plan", "--profile", PERSONA, "--out", "/dev/full", "--to", "md", "--force")
    assert result.exit_code == 1
    assert "/dev/full: is a device or pipe, not a file" in result.stderr
    assert Path("/dev/full").is_char_device()
