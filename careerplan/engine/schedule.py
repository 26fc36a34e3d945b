"""Placing plan items in months: no month asks for more personal development hours than
the person has, and no plan year for more study leave than they have.

An item's shape fixes its length and its hours each month (see `time.py`): the schedule
only chooses the month it starts, as near its preferred start as the limits allow, later
rather than earlier. Pure and deterministic.
"""

from __future__ import annotations

from typing import NamedTuple

from careerplan.engine.time import Shape

EPS = 1e-9


class Task(NamedTuple):
    """One item to place: preferably starting in month `start` (0-based), never before
    `earliest`, and at least a month after each item in `after` starts."""

    id: str
    shape: Shape
    start: int
    earliest: int = 0
    after: tuple[str, ...] = ()
    stretch: int = 1  # a short task may spread over up to this many months to fit
    after_end: tuple[str, ...] = ()  # starts after each of these ends (a programme's step)
    protected: float = 0.0  # protected study hours a month it uses (a qualification)
    soon: bool = False  # rather spread over more months than start later (week one work)


class Window(NamedTuple):
    start: int
    months: int
    rate: float  # personal development hours a month while it runs
    leave_days: float

    @property
    def end(self) -> int:
        """The last month of the window (0-based, inclusive)."""
        return self.start + self.months - 1


class Limits(NamedTuple):
    horizon: int
    per_month: float
    leave_caps: tuple[float, ...]  # study-leave days in each plan year
    protected: float = 0.0  # protected study hours a month, shared by every qualification


class Failure(Exception):
    """Why a task could not be placed: 'months' (hours a month), 'leave', or 'protected'
    (the month's protected study time is used by another qualification)."""

    def __init__(self, task: str, why: str):
        super().__init__(why)
        self.task = task
        self.why = why


def _starts(want: int, earliest: int, last: int) -> list[int]:
    want = min(max(want, earliest), last)
    return [*range(want, last + 1), *range(want - 1, earliest - 1, -1)]


def fit(tasks: list[Task], limits: Limits) -> dict[str, Window]:
    """A window for every task, placed in the order given (prerequisites first); raises
    Failure naming the first task that cannot be placed and why."""
    horizon = limits.horizon
    load = [0.0] * horizon
    leave = [0.0] * len(limits.leave_caps)
    protected = [0.0] * horizon
    placed: dict[str, Window] = {}
    for task in tasks:
        shape = task.shape
        earliest = _earliest(task, placed)
        why = "months"
        chosen = None
        for s, length in _tries(task, earliest, horizon):
            rate = (
                shape.personal_hours / length
                if length != shape.months
                else shape.personal_per_month
            )
            months = range(s, s + length)
            if any(load[m] + rate > limits.per_month + EPS for m in months):
                continue
            if task.protected and any(
                protected[m] + task.protected > limits.protected + EPS for m in months
            ):
                why = "protected"
                continue
            days = [0.0] * len(leave)
            for i, m in enumerate(months):
                days[m // 12] += shape.leave_in(i)
            if any(leave[y] + d > limits.leave_caps[y] + EPS for y, d in enumerate(days) if d):
                why = "leave"
                continue
            chosen = Window(s, length, rate, shape.leave_days)
            for m in months:
                load[m] += rate
                protected[m] += task.protected
            for y, d in enumerate(days):
                leave[y] += d
            break
        if chosen is None:
            raise Failure(task.id, why)
        placed[task.id] = chosen
    return placed


def _tries(task: Task, earliest: int, horizon: int) -> list[tuple[int, int]]:
    """(start, length) to try, in order: at its own length, the starts nearest the one it
    wants; then spread over more months (up to `stretch`). A task wanted soon (`soon`) takes
    the nearest start first, spread if it must, rather than waiting for a month with room."""
    shape = task.shape
    lengths = range(shape.months, max(shape.months, task.stretch) + 1)
    last = horizon - shape.months
    starts = _starts(task.start, earliest, last) if earliest <= last else []
    if task.soon:
        return [(s, n) for s in starts for n in lengths if s + n <= horizon]
    return [(s, n) for n in lengths for s in starts if s + n <= horizon]


def _earliest(task: Task, placed: dict[str, Window]) -> int:
    """A month after each item it comes after starts; after each step it follows ends."""
    earliest = task.earliest
    for other in task.after:
        if other in placed:
            earliest = max(earliest, placed[other].start + 1)
    for other in task.after_end:
        if other in placed:
            earliest = max(earliest, placed[other].end + 1)
    return earliest


def monthly_load(windows: dict[str, Window], horizon: int) -> list[float]:
    load = [0.0] * horizon
    for w in windows.values():
        for m in range(w.start, w.start + w.months):
            load[m] += w.rate
    return load
