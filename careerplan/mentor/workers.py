"""One function over many inputs in worker processes, the results in the inputs' order.

A mentor's batch plans each profile on its own, so the profiles can be shared out over
the machine's cores. Workers are forked, so that they start with the catalogue and the
compiled layouts already in memory and nothing needs to be pickled on the way in; only
each result comes back. Where the system cannot fork (Windows) everything runs in this
process, one input after another. The results are the same either way, in the same
order, whatever the number of workers.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: The most workers chosen without --jobs: beyond this, writing files is the limit.
MAX_DEFAULT_JOBS = 8

# The function the forked workers run: inherited from this process at the fork, so that it
# may be a closure (which could not be pickled).
_JOB: Callable[[Any], Any] | None = None
_PARENT = 0


def available_cores() -> int:
    """The cores this process may run on (its affinity, where the system says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def default_jobs() -> int:
    """One worker a core, at most MAX_DEFAULT_JOBS."""
    return min(available_cores(), MAX_DEFAULT_JOBS)


def can_fork() -> bool:
    return hasattr(os, "fork") and "fork" in multiprocessing.get_all_start_methods()


def ordered_map(fn: Callable[[T], R], items: Sequence[T], jobs: int) -> Iterator[R]:
    """fn(item) for each item, yielded in the items' order: in up to `jobs` forked worker
    processes, or here when `jobs` is 1, there is one item, or the system cannot fork.

    `fn` should catch its own errors and return them as values (a worker that dies ends
    the map with BrokenProcessPool). Ctrl-C reaches this process only: the workers finish
    the item in hand (so no file is left half-written) and take no more."""
    workers = min(jobs, len(items))
    if workers <= 1 or not can_fork():
        for item in items:
            yield fn(item)
        return
    from concurrent.futures import ProcessPoolExecutor

    global _JOB, _PARENT
    _JOB, _PARENT = fn, os.getpid()
    # What the workers inherit (the catalogue, the compiled layouts) stays as it is: frozen
    # out of the collector's sight, its pages are not copied into each worker by the
    # collector's passes over them.
    gc.freeze()
    executor = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_worker_start,
    )
    finished = False
    try:
        yield from executor.map(_call, items)
        finished = True
    finally:
        _JOB = None
        executor.shutdown(wait=True, cancel_futures=not finished)
        gc.unfreeze()


def _call(item: Any) -> Any:
    assert _JOB is not None  # set before the workers were forked
    return _JOB(item)


def _worker_start() -> None:  # pragma: no cover - runs in the worker
    """Leave Ctrl-C to the parent, and end with it if it is killed (Linux)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()


def _die_with_parent() -> None:  # pragma: no cover - runs in the worker
    """Ask Linux to end this worker when its parent ends (prctl PR_SET_PDEATHSIG), so
    that a killed careerplan leaves no idle workers behind; elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() != _PARENT:  # the parent ended before the request was made
        os._exit(1)
