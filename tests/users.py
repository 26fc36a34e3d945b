"""Running part of a test as another user, so that permission tests run everywhere.

CI runs as root, and root reads unreadable files and writes into read-only folders; a test
of what an ordinary user sees runs its `work` in a forked child that has dropped to
`nobody` (no groups). Run as an ordinary user already, the work simply runs. The child can
reach only folders others may enter: make them with `open_folder()`.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

NOBODY = pwd.getpwnam("nobody").pw_uid if hasattr(os, "fork") else -1


def as_user(uid: int, work: Callable[[], object]) -> object:
    """Run `work` in a forked child as `uid` (no groups); its JSON-able answer, or the
    child's traceback (a failed assertion included) as an AssertionError."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        answer: object
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            answer = {"ok": work()}
        except BaseException:  # noqa: BLE001 - reported to the parent
            answer = {"error": traceback.format_exc()}
        with os.fdopen(write_end, "w") as out:
            json.dump(answer, out)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as answers:
        text = answers.read()
    os.waitpid(pid, 0)
    got = json.loads(text)
    if "error" in got:
        raise AssertionError(f"as uid {uid}:\n{got['error']}")
    return got["ok"]


def as_ordinary_user(work: Callable[[], object]) -> object:
    """Run `work` as `nobody` when the tests run as root, else as ourselves."""
    if os.geteuid() != 0:
        return work()
    return as_user(NOBODY, work)


@contextmanager
def open_folder() -> Iterator[Path]:
    """A temporary folder anyone may write in, like /tmp (pytest's own is owner-only)."""
    base = Path(tempfile.mkdtemp(prefix="careerplan-user-"))
    base.chmod(0o1777)
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)
