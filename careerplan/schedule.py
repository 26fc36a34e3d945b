"""Placing plan items in months so that no month asks for more hours than the person has.

Each item runs over a window of whole months, with its hours spread evenly across the
window (so "16 hours from April to July" means four hours a month). `fit` looks for a
window for every item, in order, that keeps each month within the monthly limit, close to
the item's preferred start and length. It is pure and deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

EPS = 1e-9


@dataclass(frozen=True)
class Task:
    """One item to place: `hours` in all, ideally starting in month `start` (0-based) and
    running `months` months, never starting before `earliest`."""

    id: str
    hours: float
    start: int
    months: int
    earliest: int = 0
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Window:
    start: int
    months: int
    rate: float

    @property
    def end(self) -> int:
        """The last month of the window (0-based, inclusive)."""
        return self.start + self.months - 1


def _cost(start: int, months: int, s: int, n: int, horizon: int) -> float:
    want_s = min(start, horizon - 1)
    want_n = max(1, min(months, horizon - want_s))
    cost = (s - want_s) * 1.0 if s >= want_s else (want_s - s) * 1.5
    cost += (n - want_n) * 0.4 if n >= want_n else (want_n - n) * 0.8
    return cost


@lru_cache(maxsize=4096)
def _windows(
    start: int, months: int, horizon: int, earliest: int
) -> tuple[tuple[float, int, int], ...]:
    """Every window from `earliest`, best (nearest the wanted start and length) first."""
    out = []
    for s in range(earliest, horizon):
        for n in range(1, horizon - s + 1):
            out.append((_cost(start, months, s, n, horizon), s, n))
    out.sort()
    return tuple(out)


def fit(tasks: list[Task], horizon: int, per_month: float) -> dict[str, Window] | None:
    """A window for every task (placed in the order given, prerequisites first), or None.

    A task that names others in `after` starts at least one month after each of them
    starts. Returns None when some task cannot be placed within the limit.
    """
    load = [0.0] * horizon
    placed: dict[str, Window] = {}
    for task in tasks:
        earliest = task.earliest
        for other in task.after:
            if other in placed:
                earliest = max(earliest, placed[other].start + 1)
        if earliest >= horizon:
            return None
        free = sum(max(0.0, per_month - load[m]) for m in range(earliest, horizon))
        if task.hours > free + EPS:
            return None
        chosen = None
        for _, s, n in _windows(task.start, task.months, horizon, earliest):
            rate = task.hours / n
            if all(load[m] + rate <= per_month + EPS for m in range(s, s + n)):
                chosen = Window(s, n, rate)
                break
        if chosen is None:
            return None
        for m in range(chosen.start, chosen.start + chosen.months):
            load[m] += chosen.rate
        placed[task.id] = chosen
    return placed


def monthly_load(windows: dict[str, Window], horizon: int) -> list[float]:
    load = [0.0] * horizon
    for w in windows.values():
        for m in range(w.start, w.start + w.months):
            load[m] += w.rate
    return load
