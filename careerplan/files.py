"""Writing output files: atomically, never over an existing file without force."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from careerplan.errors import AlreadyExists, OutputError


def write_atomic(
    path: Path, content: str | bytes, *, force: bool = False, private: bool = False
) -> Path:
    """Write `content` to `path` whole or not at all.

    The text goes to a temporary file in the same folder, is flushed to disk, then renamed
    over the target. `private` files (profiles, plans: personal data) are readable by the
    owner alone (0600).
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name to write")
    if path.exists() and not path.is_file():  # /dev/full, a FIFO: never replaced, even forced
        raise OutputError(f"{path}: is a device or pipe, not a file; give a file name to write")
    if path.exists() and not force:
        raise AlreadyExists(path)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(
            f"{path}: the folder {parent} does not exist; create it first or "
            "choose another location"
        )
    data = content.encode("utf-8") if isinstance(content, str) else content
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if private:
            os.chmod(tmp_name, 0o600)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
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
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the location is read-only or you lack permission; choose another folder"
    return exc.strerror or str(exc)
