"""Custom layouts bounded on every platform (issue 23, item 4).

The worker that renders a custom layout dies with careerplan (kill -9 included: Linux's
PR_SET_PDEATHSIG, and, everywhere, a pipe the worker watches), carries its own CPU-time
limit, and has its memory capped: by itself where /proc tells it its size (Linux), else
watched from outside through `ps` (macOS). Without fork (Windows) custom layouts are
refused in one line. The other platforms are simulated here by taking away fork, /proc,
`ps` and the death signal.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).parent
PLAN = HERE / "fixtures" / "plans" / "new-md.yaml"
LOOP = (
    "{% for a in range(100000) %}{% for b in range(100000) %}{% for c in range(100000) %}"
    "{% endfor %}{% endfor %}{% endfor %}\n"
)
# Builds a 300 MB string (one C call, no output), then loops.
HOG = "{% set s = 'x' | center(300000000) %}" + LOOP
ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "CAREERPLAN_TODAY": "2026-12-03"}

linux_proc = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="finds the worker through /proc"
)


def layout(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ours.md.j2"
    path.write_text(text, encoding="utf-8")
    return path


def one_line(result, *words: str) -> str:
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    for word in words:
        assert word in line, line
    return line


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with open(task / "children", encoding="ascii") as handle:
            found += [int(c) for c in handle.read().split()]
    return found


def running(pid: int) -> bool:
    """Whether `pid` exists and is not a zombie (a zombie uses no processor)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


# What runs careerplan in a child process; `PATCH` is run first (a simulated platform).
STARTER = (
    "import sys; sys.argv = ['careerplan', *sys.argv[1:]]; "
    "import careerplan.render.templating as t; {patch}; "
    "from careerplan.cli import main; main()"
)


@linux_proc
@pytest.mark.slow
@pytest.mark.parametrize(
    "patch",
    ["pass", "t.PR_SET_PDEATHSIG = 0"],  # 0: prctl refuses it, so only the pipe is left
    ids=["death-signal", "pipe-only"],
)
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "kill"])
def test_the_worker_dies_with_careerplan(tmp_path: Path, patch: str, how: int) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            STARTER.format(patch=patch),
            "export",
            str(PLAN),
            "--template",
            str(layout(tmp_path, LOOP)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=ENV,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while not workers and time.monotonic() < deadline:
            time.sleep(0.05)
            workers = children(proc.pid)
        assert workers, "the worker never started"
        time.sleep(0.3)  # it is looping now
        proc.send_signal(how)
        proc.wait(timeout=30)
        gone = time.monotonic() + 3
        while any(running(w) for w in workers) and time.monotonic() < gone:
            time.sleep(0.05)
        assert not any(running(w) for w in workers), "the worker ran on"
    finally:  # never leave a worker behind, even when the test fails
        for w in workers:
            if running(w):
                os.kill(w, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()


def test_the_worker_carries_its_own_cpu_limit(cli, tmp_path: Path, monkeypatch) -> None:
    """With careerplan's own deadline far off, the worker's CPU limit still stops it."""
    from careerplan.render import templating

    monkeypatch.setattr(templating, "MAX_SECONDS", 60.0)
    monkeypatch.setattr(templating, "MAX_CPU_SECONDS", 1)
    started = time.monotonic()
    result = cli("export", PLAN, "--template", layout(tmp_path, LOOP))
    one_line(result, "ours.md.j2", "more than 1 seconds of processor time")
    assert time.monotonic() - started < 30


def test_without_fork_custom_layouts_are_refused_in_one_line(cli, tmp_path, monkeypatch):
    """Windows: no fork, so no worker to bound: refused, and the built-in layout works."""
    monkeypatch.delattr(os, "fork")
    result = cli("export", PLAN, "--template", layout(tmp_path, "# {{ doc.title }}\n"))
    one_line(result, "ours.md.j2", "custom layouts run only where", "without --template")
    assert cli("export", PLAN, "--to", "md").exit_code == 0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_without_proc_the_memory_is_watched_from_outside(cli, tmp_path, monkeypatch):
    """macOS: no /proc, so the worker cannot cap itself; `ps` watches it and ends it."""
    from careerplan.render import templating

    if templating._ps() is None:
        pytest.skip("no ps here")
    monkeypatch.setattr(templating, "_address_space", lambda: 0)
    monkeypatch.setattr(templating, "MAX_EXTRA_MEMORY", 64 * 1024 * 1024)
    polled: list[int] = []
    real_rss = templating._rss
    monkeypatch.setattr(templating, "_rss", lambda pid, ps: polled.append(pid) or real_rss(pid, ps))
    result = cli("export", PLAN, "--template", layout(tmp_path, HOG))
    one_line(result, "ours.md.j2", "needs more memory than a layout may use")
    assert len(polled) >= 2  # the baseline, then the worker


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_without_proc_a_small_layout_still_renders(cli, tmp_path, monkeypatch):
    from careerplan.render import templating

    if templating._ps() is None:
        pytest.skip("no ps here")
    monkeypatch.setattr(templating, "_address_space", lambda: 0)
    result = cli("export", PLAN, "--template", layout(tmp_path, "# {{ doc.title }}\n"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Development plan")


def test_with_neither_proc_nor_ps_custom_layouts_are_refused(cli, tmp_path, monkeypatch):
    from careerplan.render import templating

    monkeypatch.setattr(templating, "_address_space", lambda: 0)
    monkeypatch.setattr(templating, "_ps", lambda: None)
    result = cli("export", PLAN, "--template", layout(tmp_path, "# {{ doc.title }}\n"))
    one_line(result, "ours.md.j2", "neither cap a layout's memory nor watch it")
