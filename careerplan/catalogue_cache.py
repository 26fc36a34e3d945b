"""A cache of the validated catalogue, so that a large catalogue loads fast the second time.

Parsing and validating thousands of YAML entries takes seconds; reading back the validated
result takes milliseconds. The cache lives in the user cache directory (or
$CAREERPLAN_CACHE_DIR), one file per set of catalogue folders, and is keyed by a hash of
the path and bytes of every catalogue file, today's date (staleness warnings depend on
it), the versions of careerplan, pydantic and Python, and the size and time of the modules
that validate. Any change to any of them means a fresh load. A cache file that is corrupt,
unreadable or from another version is ignored and rewritten (a checksum guards the
payload); a cache that cannot be written is skipped. Nothing here ever fails a command.
Set CAREERPLAN_NO_CACHE=1 to turn it off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from careerplan import __version__
from careerplan.catalogue import Catalogue, load_catalogue, opportunity_files, shipped_dir
from careerplan.yamlio import no_gc

CACHE_DIR_VAR = "CAREERPLAN_CACHE_DIR"
NO_CACHE_VAR = "CAREERPLAN_NO_CACHE"
_MAGIC = b"careerplan-catalogue-cache 1\n"
_DIGEST = 32  # bytes of sha256


def cache_dir(environ: dict[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    override = environ.get(CACHE_DIR_VAR, "").strip()
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("careerplan", appauthor=False))


def enabled(environ: dict[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    return environ.get(NO_CACHE_VAR, "").strip().lower() in ("", "0", "no", "false")


def catalogue_files(extra: Iterable[Path], base: Path) -> list[Path]:
    """Every file load_catalogue() reads (and any other YAML file in the base folder)."""
    # Every YAML file beside assessment.yaml (weights, advice, any added later) counts.
    files = sorted({base / "assessment.yaml", base / "weights.yaml", *base.glob("*.yaml")})
    files.extend(opportunity_files(base, shipped=True))
    for folder in extra:
        files.extend(opportunity_files(Path(folder), shipped=False))
    return files


def cache_key(files: list[Path], today: dt.date) -> bytes | None:
    """A digest of every file's path and bytes plus the versions; None if a file is unreadable
    (the normal load then reports it)."""
    import pydantic

    digest = hashlib.sha256()
    for part in (__version__, pydantic.VERSION, sys.version, today.isoformat(), _code_stamp()):
        digest.update(part.encode() + b"\0")
    for path in files:
        try:
            data = path.read_bytes()
        except (OSError, ValueError):
            return None
        name = str(path.resolve()).encode("utf-8", "surrogateescape")
        digest.update(len(name).to_bytes(8, "big") + name)
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.digest()


# The modules whose code decides what a valid catalogue is: a change to any of them (an
# upgrade, or an edit in a development checkout) must not reuse a cache made by the old code.
_VALIDATING_MODULES = (
    "catalogue.py",
    "opportunity.py",
    "assessment.py",
    "advice.py",
    "frameworks.py",
    "validation.py",
    "yamlio.py",
    "errors.py",
    "catalogue_cache.py",
)


def _code_stamp() -> str:
    here = Path(__file__).resolve().parent
    stamps = []
    for name in _VALIDATING_MODULES:
        try:
            info = (here / name).stat()
            stamps.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            stamps.append(f"{name}:missing")
    return ";".join(stamps)


def cache_file(folders: list[Path], directory: Path) -> Path:
    """One cache file per list of catalogue folders, so that the cache cannot grow without
    end: a changed file replaces the entry rather than adding one."""
    names = "\0".join(str(p.resolve()) for p in folders).encode("utf-8", "surrogateescape")
    return directory / f"catalogue-{hashlib.sha256(names).hexdigest()[:20]}.pickle"


def read_cache(path: Path, key: bytes) -> Catalogue | None:
    """The cached catalogue if the file holds one for exactly this key, else None."""
    try:
        blob = path.read_bytes()
        header = len(_MAGIC)
        if blob[:header] != _MAGIC or blob[header : header + _DIGEST] != key:
            return None
        checksum = blob[header + _DIGEST : header + 2 * _DIGEST]
        payload = blob[header + 2 * _DIGEST :]
        if hashlib.sha256(payload).digest() != checksum:
            return None
        with no_gc():  # thousands of small objects, no cycles: the collector only slows it
            catalogue = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - a bad cache is never an error, only a slower start
        return None
    return catalogue if isinstance(catalogue, Catalogue) else None


def write_cache(path: Path, key: bytes, catalogue: Catalogue) -> None:
    """Write the cache atomically (temp file + rename, owner-only); give up quietly."""
    tmp = None
    try:
        payload = pickle.dumps(catalogue, protocol=pickle.HIGHEST_PROTOCOL)
        blob = _MAGIC + key + hashlib.sha256(payload).digest() + payload
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.replace(tmp, path)
        tmp = None
    except Exception:  # noqa: BLE001 - a cache that cannot be written is simply skipped
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def load_cached(
    extra: Iterable[Path] = (),
    *,
    today: dt.date | None = None,
    base: Path | None = None,
    environ: dict[str, str] | None = None,
) -> Catalogue:
    """load_catalogue(), through the cache when it is enabled and valid."""
    extra = list(extra)
    base = base or shipped_dir()
    today = today or dt.date.today()
    if not enabled(environ):
        return load_catalogue(extra, today=today, base=base)
    files = catalogue_files(extra, base)
    key = cache_key(files, today)
    if key is None:
        return load_catalogue(extra, today=today, base=base)
    path = cache_file([base, *extra], cache_dir(environ))
    cached = read_cache(path, key)
    if cached is not None:
        return cached
    catalogue = load_catalogue(extra, today=today, base=base)
    write_cache(path, key, catalogue)
    return catalogue
