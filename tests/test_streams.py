"""Any output encoding, a closed standard output, Ctrl-C at start-up (issue 23, item 3).

Run as the user runs careerplan: a real process whose output is a pipe in the encoding
given by PYTHONIOENCODING (what Windows gives `careerplan plan me.yaml > plan.txt`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

STABLE_ENV = {"NO_COLOR": "1", "COLUMNS": "100", "TERM": "xterm"}  # TERM=dumb is plain mode
HERE = Path(__file__).parent
PROFILE = HERE / "personas" / "new-md-nhs-trust.yaml"
ENV = {**os.environ, **STABLE_ENV, "CAREERPLAN_TODAY": "2026-12-03"}


def careerplan(*args: object, encoding: str | None = None, **kwargs) -> subprocess.CompletedProcess:
    env = dict(ENV)
    if encoding:
        env["PYTHONIOENCODING"] = encoding
    return subprocess.run(
        [sys.executable, "-m", "careerplan", *map(str, args)],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
        **kwargs,
    )


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "plan.yaml"
    assert careerplan("plan", PROFILE, "--save", path).returncode == 0
    return path


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "latin-1"])
@pytest.mark.parametrize("command", ["plan", "status", "export"])
def test_printing_in_another_encoding_replaces_what_it_cannot_hold(
    plan: Path, encoding: str, command: str
) -> None:
    args = {"plan": ("plan", PROFILE), "status": ("status", plan), "export": ("export", plan)}
    result = careerplan(*args[command], encoding=encoding)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert result.stderr == b""
    if command == "export":  # click writes UTF-8 where the console claims only ASCII
        chosen = "utf-8" if encoding == "ascii" else encoding
        assert "Dr A Example" in result.stdout.decode(chosen)
        return
    text = result.stdout.decode(encoding)  # every byte is in the encoding asked for
    assert "Dr A Example" in text
    if encoding == "ascii" and command == "plan":
        assert "?" in text  # '·', '£', the bars: replaced, not an error


def test_an_error_message_in_ascii_is_still_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "café-£.yaml"
    result = careerplan("plan", missing, encoding="ascii")
    assert result.returncode == 2
    lines = result.stderr.decode("utf-8").splitlines()  # click: UTF-8 for an ASCII console
    assert len(lines) == 1 and "internal" not in lines[0]


@pytest.mark.parametrize("args", [("plan", PROFILE), ("status", "{plan}"), ("--help",)])
def test_a_closed_stdout_ends_quietly_with_exit_1(plan: Path, args: tuple) -> None:
    argv = [str(a).format(plan=plan) for a in args]
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, runpy, sys; os.close(1); "
            "sys.argv = ['careerplan', *sys.argv[1:]]; runpy.run_module('careerplan', "
            "run_name='__main__')",
            *argv,
        ],
        capture_output=False,
        stderr=subprocess.PIPE,
        env=ENV,
        timeout=120,
        check=False,
    )
    stderr = proc.stderr.decode()
    assert "Traceback" not in stderr and "internal" not in stderr
    assert proc.returncode == 1
    assert stderr.strip().splitlines()[-1].startswith("careerplan: standard output is closed")


def test_a_closed_stdout_still_saves(tmp_path: Path) -> None:
    saved = tmp_path / "p.yaml"
    proc = subprocess.run(
        [sys.executable, "-m", "careerplan", "plan", PROFILE, "--save", saved],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENV,
        timeout=120,
        check=False,
        pass_fds=(),
        preexec_fn=lambda: os.close(1),
    )
    assert "Traceback" not in proc.stderr.decode()
    assert proc.returncode == 1 and saved.exists()


# The interpreter's own start and the import of careerplan.cli (about 2 ms, before
# careerplan's first line can run) are Python's: the process says "go" on stderr once
# main()'s first step, its Ctrl-C handler, is in place (on a busy machine a signal sent
# between "go" and main() would otherwise hit the starter's own line), and the interrupts
# are timed from there, across the imports of the command, the catalogue and the plan.
STARTER = (
    "import sys, _signal; sys.argv = ['careerplan', *sys.argv[1:]]; "
    "from careerplan.cli import main, _quit_while_starting; "
    "_signal.signal(_signal.SIGINT, _quit_while_starting); "
    "sys.stderr.write('go\\n'); sys.stderr.flush(); main()"
)


@pytest.mark.slow
@pytest.mark.parametrize(
    "delay", [0.001, 0.003, 0.006, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45]
)
def test_ctrl_c_at_start_up_is_quiet(delay: float, tmp_path: Path) -> None:
    """Never a traceback; exit code 130 and one line (or 0 if it had already finished)."""
    out = tmp_path / "p.yaml"
    proc = subprocess.Popen(
        [sys.executable, "-c", STARTER, "plan", str(PROFILE), "--save", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    assert proc.stderr is not None
    assert proc.stderr.readline() == b"go\n"
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    text = stderr.decode()
    assert "Traceback" not in text and "internal" not in text, text
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    if proc.returncode == 0:  # it had finished before the signal came
        return
    if proc.returncode == -signal.SIGINT:
        # The command had finished, saved the plan and said so, and the signal came while
        # the interpreter was closing (the shell reports 130 the same): nothing half-done.
        assert text.startswith("Saved the plan") and out.exists(), text
        return
    assert proc.returncode == 130, (proc.returncode, text)
    *before, last = text.strip().splitlines()
    assert last == "careerplan: interrupted"
    # On a fast machine the plan may already be saved (and said so) when the signal comes.
    assert all(line.startswith("Saved the plan to ") for line in before), text


def test_interrupt_while_starting_ends_at_once(monkeypatch) -> None:
    """The start-up handler itself (in process): one line and exit code 130."""
    from careerplan import cli

    written = []
    monkeypatch.setattr(os, "write", lambda fd, data: written.append((fd, data)))

    def exit_(code: int) -> None:
        raise SystemExit(code)

    monkeypatch.setattr(os, "_exit", exit_)
    with pytest.raises(SystemExit) as ended:
        cli._quit_while_starting(signal.SIGINT, None)
    assert ended.value.code == 130
    assert written == [(2, b"careerplan: interrupted\n")]


@pytest.mark.parametrize("where", ["open", "close"])
def test_an_interrupt_typer_catches_itself_is_said(monkeypatch, capsys, where) -> None:
    """Ctrl-C as the command's context opens or closes, outside the root's make_context and
    invoke, is caught by typer and turned into exit code 130 without a word: the run still
    says 'careerplan: interrupted', once."""
    import typer._click.core as click_core

    from careerplan.cli import root

    monkeypatch.setattr(root, "_interrupted_said", False)
    monkeypatch.setattr(sys, "argv", ["careerplan", "catalogue", "vocab"])
    name = "__enter__" if where == "open" else "close"
    real = getattr(click_core.Context, name)
    calls = []

    def interrupted(self, *args):
        calls.append(self)
        if len(calls) == 1:
            raise KeyboardInterrupt
        return real(self, *args)

    monkeypatch.setattr(click_core.Context, name, interrupted)
    with pytest.raises(SystemExit) as ended:
        root.main()
    assert ended.value.code == 130
    said = capsys.readouterr().err
    assert said.splitlines()[-1:] == ["careerplan: interrupted"]
    assert said.count("interrupted") == 1


def test_a_command_that_says_it_stopped_is_not_said_again(monkeypatch, capsys) -> None:
    """`assess` stopped by Ctrl-C says so its own way (its answers are kept): exit 130 and
    that line alone, not 'careerplan: interrupted' after it."""
    from careerplan.cli import lazy, root
    from careerplan.errors import Interrupted

    monkeypatch.setattr(root, "_interrupted_said", False)
    monkeypatch.setattr(sys, "argv", ["careerplan", "catalogue", "vocab"])

    def stopped(self, ctx):
        raise Interrupted("stopped. Your 2 answers are saved")

    monkeypatch.setattr(lazy.LazyGroup, "invoke", stopped)
    with pytest.raises(SystemExit) as ended:
        root.main()
    assert ended.value.code == 130
    assert capsys.readouterr().err.splitlines() == ["careerplan: stopped. Your 2 answers are saved"]


def test_a_ctrl_c_python_could_not_raise_is_delivered_again(monkeypatch) -> None:
    """Ctrl-C in a callback (the import system's lock cleanup) reaches Python's
    'Exception ignored' hook and would be lost, with a traceback printed: careerplan's hook
    raises it again in the command instead, and reports anything else as Python does."""
    import types

    from careerplan.cli import streams

    reported = []
    monkeypatch.setattr(sys, "__unraisablehook__", reported.append)
    other = types.SimpleNamespace(exc_value=ValueError("x"))
    streams._unraisable(other)
    assert reported == [other]
    ctrl_c = types.SimpleNamespace(exc_value=KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        streams._unraisable(ctrl_c)
        for _ in range(100_000):  # the signal is taken between two steps of Python
            pass
    assert reported == [other]
