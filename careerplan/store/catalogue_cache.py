"""A cache of the validated catalogue, so that a large catalogue loads fast the second time.

Parsing and validating thousands of YAML entries takes seconds; reading back the validated
result takes a fraction of that. The cache lives in the user cache directory (or
$CAREERPLAN_CACHE_DIR), one file per set of catalogue folders, and is keyed by a hash of
the path and bytes of every catalogue file, today's date (staleness warnings depend on
it), the versions of careerplan, pydantic and Python, and the size and time of the modules
that validate. Any change to any of them means a fresh load. The catalogue that is cached
is parsed from the same bytes the key was made from (read once), so an edit made while a
plan runs can never leave one version cached under another version's key. A cache file
that is corrupt, unreadable or from another version is ignored and rewritten (a checksum
guards the payload); a cache that cannot be written is skipped. Nothing here ever fails a command.
Set CAREERPLAN_NO_CACHE=1 to turn it off.

The cache holds data, never code: JSON of the validated values, rebuilt into the same
models without running anything the file names (a pickle would run whatever a planted
file asked). It is used only from a folder that is the user's own and that no one else can
write (created 0700), and only from a regular file the user owns that no one else can
write: a folder or file that fails any of these is ignored (the catalogue is loaded from
its YAML as if there were no cache), and a FIFO, device or symlink is never opened.
"""

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import operator
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import astuple, fields
from pathlib import Path
from types import UnionType
from typing import Any, Literal, get_args, get_origin, get_type_hints

import pydantic_core
from pydantic import BaseModel

from careerplan import __version__, clock
from careerplan.errors import InputError, Problem
from careerplan.model.catalogue import Catalogue, Origin
from careerplan.model.opportunity import Opportunity
from careerplan.paths import shipped_dir
from careerplan.store.catalogue import load_catalogue, opportunity_files
from careerplan.store.rebuild import construct, is_plain, rebuild_model, rebuilder
from careerplan.store.yamlio import Snapshot, no_gc, read_fd, read_regular, reading_from

CACHE_DIR_VAR = "CAREERPLAN_CACHE_DIR"
NO_CACHE_VAR = "CAREERPLAN_NO_CACHE"
_MAGIC = b"careerplan-catalogue-cache 4 json\n"
_DIGEST = 32  # bytes of sha256


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    override = env.get(CACHE_DIR_VAR, "").strip()
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("careerplan", appauthor=False))


def enabled(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return env.get(NO_CACHE_VAR, "").strip().lower() in ("", "0", "no", "false")


def catalogue_files(extra: Iterable[Path], base: Path) -> list[Path]:
    """Every file load_catalogue() reads (and any other YAML file in the base folder)."""
    # Every YAML file beside assessment.yaml (weights, advice, any added later) counts.
    files = sorted({base / "assessment.yaml", base / "weights.yaml", *base.glob("*.yaml")})
    files.extend(opportunity_files(base, shipped=True))
    for folder in extra:
        files.extend(opportunity_files(Path(folder), shipped=False))
    return files


def cache_key(files: list[Path], today: dt.date, snapshot: Snapshot | None = None) -> bytes | None:
    """A digest of every file's path and bytes plus the versions; None if a file is unreadable
    (the normal load then reports it). The bytes digested are kept in `snapshot`, so that
    the catalogue can be parsed from exactly them (see load_cached)."""
    import pydantic

    digest = hashlib.sha256()
    for part in (__version__, pydantic.VERSION, sys.version, today.isoformat(), _code_stamp()):
        digest.update(part.encode() + b"\0")
    for path in files:
        try:
            data = read_regular(path, what="catalogue file")
        except (OSError, ValueError, InputError):
            return None
        if snapshot is not None:
            snapshot.add(path, data)
        name = str(path.resolve()).encode("utf-8", "surrogateescape")
        digest.update(len(name).to_bytes(8, "big") + name)
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.digest()


# The folders whose code decides what a valid catalogue is and what loading it gives (the
# package's own modules beside them too): a change to any module in them (an upgrade, or
# an edit in a development checkout) must not reuse a cache made by the old code.
_VALIDATING_FOLDERS = ("", "model", "store")


def _code_stamp() -> str:
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    stamps = []
    for folder in _VALIDATING_FOLDERS:
        try:
            with os.scandir(os.path.join(package, folder)) as found:
                for entry in found:
                    if entry.name.endswith(".py"):
                        info = entry.stat()
                        stamps.append(f"{folder}/{entry.name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            stamps.append(f"{folder}:unreadable")
    return ";".join(sorted(stamps))


def cache_file(folders: list[Path], directory: Path) -> Path:
    """One cache file per list of catalogue folders, so that the cache cannot grow without
    end: a changed file replaces the entry rather than adding one."""
    names = "\0".join(str(p.resolve()) for p in folders).encode("utf-8", "surrogateescape")
    return directory / f"catalogue-{hashlib.sha256(names).hexdigest()[:20]}.json"


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (always true where there are no
    owners to check)."""
    if not hasattr(os, "geteuid"):  # pragma: no cover - Windows
        return True
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def safe_dir(directory: Path, *, create: bool) -> bool:
    """Whether `directory` is a folder that is the user's own and that no one else can
    write; with `create`, a missing one is made (0700)."""
    try:
        info = os.stat(directory)
    except FileNotFoundError:
        if not create:
            return False
        try:
            from careerplan.store.files import make_private_dir

            make_private_dir(directory)  # the folder and any missing parents, 0700
            info = os.stat(directory)
        except OSError:
            return False
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _private(info)


def _read_private(path: Path) -> bytes | None:
    """The bytes of `path` if it is a regular file the user owns and no one else can write;
    never follows a symlink and never waits on a FIFO or device."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _private(info):
            return None
        return read_fd(fd, info.st_size + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def read_cache(path: Path, key: bytes) -> Catalogue | None:
    """The cached catalogue if the file holds one for exactly this key, else None."""
    if not safe_dir(path.parent, create=False):
        return None
    blob = _read_private(path)
    if blob is None:
        return None
    try:
        header = len(_MAGIC)
        if blob[:header] != _MAGIC or blob[header : header + _DIGEST] != key:
            return None
        checksum = blob[header + _DIGEST : header + 2 * _DIGEST]
        payload = blob[header + 2 * _DIGEST :]
        if hashlib.sha256(payload).digest() != checksum:
            return None
        with no_gc():  # thousands of small objects, no cycles: the collector only slows it
            return decode(payload)
    except Exception:  # noqa: BLE001 - a bad cache is never an error, only a slower start
        return None


def write_cache(path: Path, key: bytes, catalogue: Catalogue) -> None:
    """Write the cache atomically (temp file + rename, owner-only); give up quietly.

    Nothing is written unless reading it back gives exactly this catalogue (see
    `reads_back`), so that a model that gains a field the encoding does not know costs
    speed, never truth."""
    try:
        with no_gc():  # rows for every entry, no cycles: the collector only slows it
            payload = encode(catalogue)
            if not reads_back(catalogue):
                return
    except Exception:  # noqa: BLE001 - a cache that cannot be written is simply skipped
        return
    write_quietly(path, _MAGIC + key + hashlib.sha256(payload).digest() + payload)


def reads_back(catalogue: Catalogue) -> bool:
    """Whether decode(encode()) gives back exactly this catalogue, checked on everything
    but its entries and on one entry of each shape (see `_shape`).

    Entries of the same shape take the same way through encoding and rebuilding: their
    values differ only in text, whole numbers, numbers, flags, dates and literal words
    (within models, the literal tags are part of the shape), which JSON and the rebuilder
    give back as they were. So one of each stands for all (a 20,000-entry catalogue has a
    few dozen shapes), at a fifth of the cost of decoding everything; tests check the whole
    round trip on generated catalogues."""
    opportunities: dict[str, Opportunity] = {}
    seen: set[tuple[Any, ...]] = set()
    values_of = operator.attrgetter(*_rebuilt_fields())
    for id_, opp in catalogue.opportunities.items():
        shape = (frozenset(opp.model_fields_set), *map(_shape, values_of(opp)))
        if shape not in seen:
            seen.add(shape)
            opportunities[id_] = opp
    sample = dataclasses.replace(catalogue, opportunities=opportunities)
    return bool(decode(encode(sample)) == sample)


@functools.cache
def _rebuilt_fields() -> tuple[str, ...]:
    """The entry fields whose JSON is not already their value (dates, models, numbers …)."""
    return tuple(n for n, info in Opportunity.model_fields.items() if not is_plain(info.annotation))


_LEAVES = frozenset({str, int, float, bool, type(None), dt.date})


def _shape(value: Any) -> Any:
    """What a value's way through encoding and rebuilding depends on: its types all the
    way down, and within models the values of literal fields (by which a union's member
    is told from another)."""
    kind = type(value)
    if kind in _LEAVES:
        return kind
    if isinstance(value, BaseModel):
        held = value.__dict__
        return (kind, *[held[n] if tag else _shape(held[n]) for n, tag in _tags(kind)])
    if kind is list or kind is tuple:
        return (kind, *map(_shape, value))
    if kind is dict:
        return (kind, *map(_shape, value), *map(_shape, value.values()))
    return kind


def _tags(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """A model's fields, each with whether it is a literal (a tag)."""
    hit = _TAGS.get(model)
    if hit is None:
        hit = _TAGS[model] = tuple(
            (name, get_origin(info.annotation) is Literal)
            for name, info in model.model_fields.items()
        )
    return hit


_TAGS: dict[type[BaseModel], tuple[tuple[str, bool], ...]] = {}


def write_quietly(path: Path, blob: bytes) -> None:
    """A cache file written atomically in a private folder (temp file + rename), or not at
    all: a cache that cannot be written is simply skipped."""
    tmp = None
    try:
        if not safe_dir(path.parent, create=True):
            return
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.replace(tmp, path)  # replaces a planted link or FIFO itself, never its target
        tmp = None
    except Exception:  # noqa: BLE001 - a cache that cannot be written is simply skipped
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def encode(catalogue: Catalogue) -> bytes:
    """The catalogue as JSON: models as their JSON dumps, entries as rows of field values
    under one list of field names (half the size, and quicker to read back), with the
    fields each was given as an index into one list of field sets. Written by pydantic's
    JSON writer, which writes the values as their models' dumps do (by field name, and
    inf and nan as Python's json module writes them), three times quicker than dumping
    each entry to Python and writing that."""
    names = list(Opportunity.model_fields)
    values_of = operator.attrgetter(*names)
    field_sets: dict[tuple[str, ...], int] = {}
    given = []
    rows = []
    for opp in catalogue.opportunities.values():
        given.append(field_sets.setdefault(tuple(sorted(opp.model_fields_set)), len(field_sets)))
        rows.append(values_of(opp))
    data = {
        **{
            part: (value.model_dump(mode="json") if value is not None else None)
            for part in _parts()
            for value in [getattr(catalogue, part)]
        },
        "names": names,
        "field_sets": [list(fields) for fields in field_sets],
        "given": given,
        "rows": rows,
        "origins": [[id_, o.file, o.line] for id_, o in catalogue.origins.items()],
        "warnings": [list(astuple(w)) for w in catalogue.warnings],
        "files": [str(p) for p in catalogue.files],
    }
    return pydantic_core.to_json(data, by_alias=False, inf_nan_mode="constants")


def decode(payload: bytes) -> Catalogue:
    """The catalogue from encode()'s JSON, rebuilt without validating again (it was valid
    when written, and the checksum and key say it is unchanged): see careerplan.store.rebuild."""
    # pydantic-core's JSON reader (Rust), as its writer made it: a 5,000-entry cache in
    # 42 ms where the standard library's takes 74 ms.
    data = pydantic_core.from_json(payload)
    names = data["names"]
    if names != list(Opportunity.model_fields):
        raise ValueError("the entry fields changed")
    # Only the fields whose JSON is not already their value (dates, models) are rebuilt.
    convert = [
        (i, rebuilder(info.annotation))
        for i, (name, info) in enumerate(Opportunity.model_fields.items())
        if not is_plain(info.annotation)
    ]
    field_sets = [frozenset(fields) for fields in data["field_sets"]]
    opportunities: dict[str, Opportunity] = {}
    for values, index in zip(data["rows"], data["given"], strict=True):
        for i, rebuild_value in convert:
            if values[i] is not None:
                values[i] = rebuild_value(values[i])
        opp = construct(Opportunity, dict(zip(names, values, strict=True)), set(field_sets[index]))
        opportunities[opp.id] = opp
    parts: dict[str, Any] = {
        part: rebuild_model(model, data[part])
        for part, model in _parts().items()
        if data.get(part) is not None
    }
    return Catalogue(
        opportunities=opportunities,
        origins={id_: Origin(file, line) for id_, file, line in data["origins"]},
        warnings=[Problem(*fields) for fields in data["warnings"]],
        files=[Path(p) for p in data["files"]],
        **parts,
    )


def _parts() -> dict[str, type[BaseModel]]:
    """The catalogue's models besides its entries (assessment, weights, advice, funding
    routes, wording, frameworks …), each kept whole in the cache as its JSON dump."""
    hints = get_type_hints(Catalogue)
    out: dict[str, type[BaseModel]] = {}
    for part in fields(Catalogue):
        kind = _model_in(hints[part.name])
        if kind is not None:
            out[part.name] = kind
    return out


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model named by a field's annotation (also `Model | None`)."""
    members = get_args(annotation) if isinstance(annotation, UnionType) else (annotation,)
    for candidate in members:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


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
    today = today or clock.today()
    if not enabled(environ):
        return load_catalogue(extra, today=today, base=base)
    files = catalogue_files(extra, base)
    snapshot = Snapshot()
    key = cache_key(files, today, snapshot)
    if key is None:
        return load_catalogue(extra, today=today, base=base)
    path = cache_file([base, *extra], cache_dir(environ))
    cached = read_cache(path, key)
    if cached is not None:
        return cached
    # Parsed from the very bytes the key was made of: a file edited since (and perhaps
    # edited back) cannot leave one version's catalogue cached under another's key. A
    # file the key did not cover (one added meanwhile) means nothing is cached this time.
    with reading_from(snapshot):
        catalogue = load_catalogue(extra, today=today, base=base)
    if not snapshot.missed:
        write_cache(path, key, catalogue)
    return catalogue
