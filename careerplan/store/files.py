"""Writing output files: atomically, never over an existing file without force."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from careerplan.errors import AlreadyExists, InputError, OutputError

#: How long a writer waits for another careerplan run to finish with the same file.
LOCK_WAIT_SECONDS = 30.0


def write_atomic(
    path: Path,
    content: str | bytes,
    *,
    force: bool = False,
    private: bool = False,
    mode: int | None = None,
) -> Path:
    """Write `content` to `path` whole or not at all.

    The text goes to a temporary file in the same folder, is flushed to disk, then renamed
    over the target. `private` files (profiles, plans: personal data) are readable by the
    owner alone (0600); `mode` keeps a replaced file's own permissions instead.

    Nothing is ever written through a symbolic link at `path` (one another user may have
    planted in a shared folder, pointing at your ~/.bashrc): without `force` it is refused
    in one line; with `force` the link itself is replaced (a rename never follows it).
    Run as root, a replaced file keeps its owner (`sudo careerplan review` leaves the plan
    its owner's).
    """
    path = Path(path)
    old = _replaced(path, force=force)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(
            f"{path}: the folder {parent} does not exist; create it first or "
            "choose another location"
        )
    data = content.encode("utf-8") if isinstance(content, str) else content
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=parent, prefix=f".{path.name[:64]}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _set_mode(tmp_name, private=private, mode=mode)
        if old is not None:
            _keep_owner(tmp_name, old)
        if force:
            os.replace(tmp_name, path)
            tmp_name = None
        else:
            _link_new(tmp_name, path)  # the temporary file is removed below
    except AlreadyExists:
        raise
    except OSError as exc:
        raise OutputError(f"{path}: could not be written ({_reason(exc)})") from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return path


def _replaced(path: Path, *, force: bool) -> os.stat_result | None:
    """The regular file that writing `path` replaces (None: a new file, or a link that is
    replaced as it is, its target never touched); OutputError or AlreadyExists if `path`
    may not be written."""
    old = _lstat(path)
    if old is not None and stat.S_ISLNK(old.st_mode):
        if not force:
            raise OutputError(
                f"{path}: is a symbolic link, and careerplan never writes through one; "
                "give another file name, or --force to replace the link itself"
            )
        return None
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name to write")
    if old is not None and not stat.S_ISREG(old.st_mode):  # /dev/full, a FIFO: never
        raise OutputError(f"{path}: is a device or pipe, not a file; give a file name to write")
    if old is not None and not force:
        raise AlreadyExists(path)
    return old


def _set_mode(tmp_name: str, *, private: bool, mode: int | None) -> None:
    if mode is not None:
        os.chmod(tmp_name, mode)
    elif private:
        os.chmod(tmp_name, 0o600)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise OutputError(f"{path}: could not be written ({_reason(exc)})") from None


def _keep_owner(tmp_name: str, old: os.stat_result) -> None:
    """Root replacing someone's file gives the new one the old one's owner and group."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None or geteuid() != 0:
        return  # a user's own write is theirs anyway (and only root may give a file away)
    if (old.st_uid, old.st_gid) != (0, 0):
        os.chown(tmp_name, old.st_uid, old.st_gid)


def followed_link(path: Path) -> Path:
    """The file a change to `path` is written to: `path`, or the file a symbolic link
    there points to, if the user made the link (or, run as root, the target's owner did).

    A link another user made (planted in a shared folder) is refused in one line: a
    review through it would rewrite whatever file it points to."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except OSError:
        return path  # reading it says what is wrong
    if not stat.S_ISLNK(info.st_mode):
        return path
    target = Path(os.path.realpath(path))
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:  # pragma: no cover - Windows: links need privilege to make
        return target
    me = geteuid()
    try:
        target_uid: int | None = os.stat(target).st_uid
    except OSError:
        target_uid = None
    if info.st_uid == me or (me == 0 and info.st_uid == target_uid):
        return target
    raise InputError(
        f"{path}: is a symbolic link another user (uid {info.st_uid}) made, so careerplan "
        "does not write through it; give the plan's own file name"
    )


def _link_new(tmp_name: str, path: Path) -> None:
    """Put the finished file in place only if nothing is there: a file that appeared since
    the check above is kept, never replaced without --force."""
    try:
        os.link(tmp_name, path)
    except FileExistsError:
        raise AlreadyExists(path) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        # A file system without hard links: the check above is the best we can do.
        if path.exists():
            raise AlreadyExists(path) from None
        os.replace(tmp_name, path)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.ENAMETOOLONG:
        return "the name is too long for the file system; choose a shorter one"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the location is read-only or you lack permission; choose another folder"
    return exc.strerror or str(exc)


def lock_path(path: Path) -> Path:
    """The sidecar lock file of `path`: `.NAME.lock` beside it (a link at `path` is not
    followed: callers that write a link's target lock the target)."""
    path = Path(path)
    folder = Path(os.path.realpath(path.parent if str(path.parent) else "."))
    name = path.name
    if len(name.encode("utf-8", "surrogateescape")) > 200:  # '.NAME.lock' must fit in 255
        import hashlib

        digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:16]
        name = f"{name[:60]}.{digest}"
    return folder / f".{name}.lock"


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock on `path` (its sidecar file, `.NAME.lock`) while the block runs.

    Every writer of a plan takes it around read-change-write, so two runs never both read
    the old file and then each write their own change over the other's. The lock is
    filelock's, so it works on Windows (msvcrt) as on Linux and macOS (flock), never
    follows a planted link; the sidecar is removed when let go. Waits up to
    LOCK_WAIT_SECONDS for another run, then refuses in one line.
    """
    from filelock import FileLock, Timeout

    sidecar = lock_path(path)
    lock = FileLock(sidecar, timeout=LOCK_WAIT_SECONDS, mode=0o600, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise InputError(
            f"{path}: another careerplan run is changing this file; try again when it has finished"
        ) from None
    except OSError as exc:
        if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
            raise OutputError(
                f"{path}: cannot lock it for writing ({_reason(exc)}; lock file {sidecar})"
            ) from None
        # A file system without locks (some network shares): as before locks, the
        # read-then-write below is still one short step.
        with contextlib.suppress(OSError):
            os.unlink(sidecar)
        yield
        return
    try:
        yield
    finally:
        # No sidecar left beside the plan: removed while still held. A run waiting on it
        # then finds its inode unlinked, and filelock opens the path afresh.
        with contextlib.suppress(OSError):
            os.unlink(sidecar)
        lock.release()


def make_private_dir(folder: Path) -> Path:
    """Create `folder` and any missing parents readable by the owner alone (0700), as every
    folder careerplan makes is: the plans in it are personal data. A folder that is there
    already is left as it is (it is the user's own choice)."""
    folder = Path(folder)
    missing = []
    here = folder
    while not here.exists() and here != here.parent:
        missing.append(here)
        here = here.parent
    for level in reversed(missing):
        try:
            os.mkdir(level, 0o700)
        except FileExistsError:
            continue  # made meanwhile by another run
        os.chmod(level, 0o700)  # the umask may have taken more than it should
    return folder
