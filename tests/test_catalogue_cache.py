"""The validated-catalogue cache: fast when nothing changed, invisible when anything did.

The cache directory comes from CAREERPLAN_CACHE_DIR: conftest shares one for the whole run;
the tests here each point it at a fresh folder of their own (the `cache` fixture).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from users import as_ordinary_user, open_folder

from careerplan.store import catalogue_cache
from careerplan.store.catalogue_cache import load_cached

TODAY = dt.date(2026, 12, 3)

ENTRY = """\
version: 1
opportunities:
  - id: {id}
    title: {title}
    kind: programme
    provider: Our Trust
    summary: A local leadership programme.
    stages: [emerging, deputy]
    areas: {{medical-workforce: 2}}
    goals: [develop-directorate]
    format: blended
    time: {{shape: once, hours: 12, basis: estimate}}
    cost: unknown
    cost_unknown_reason: quoted on request
    funding: [employer]
    evidence: Certificate of completion
    source: Our Trust learning catalogue
    last_reviewed: {reviewed}
"""


def write_entry(
    folder: Path,
    name: str = "ours.yaml",
    *,
    id_: str = "local-programme",
    title: str = "Local programme",
    reviewed: str = "2026-06-01",
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(ENTRY.format(id=id_, title=title, reviewed=reviewed), encoding="utf-8")
    return path


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("CAREERPLAN_CACHE_DIR", str(directory))
    monkeypatch.delenv("CAREERPLAN_NO_CACHE", raising=False)
    return directory


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the full (uncached) loads."""
    calls: list[int] = []
    real = catalogue_cache.load_catalogue

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(catalogue_cache, "load_catalogue", counting)
    return calls


def cache_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("catalogue-*.json"))


def test_second_load_comes_from_the_cache(cache: Path, loads: list[int], tmp_path: Path):
    ours = tmp_path / "ours"
    write_entry(ours)
    first = load_cached([ours], today=TODAY)
    second = load_cached([ours], today=TODAY)
    assert len(loads) == 1
    assert len(cache_files(cache)) == 1
    assert second.opportunities == first.opportunities
    assert second.origins == first.origins
    assert "local-programme" in second.opportunities


def test_any_change_to_a_catalogue_file_invalidates_it(
    cache: Path, loads: list[int], tmp_path: Path
):
    ours = tmp_path / "ours"
    path = write_entry(ours)
    load_cached([ours], today=TODAY)
    write_entry(ours, title="Renamed programme")
    assert (
        load_cached([ours], today=TODAY).opportunities["local-programme"].title
        == "Renamed programme"
    )
    write_entry(ours, "more.yaml", id_="another-programme")
    assert "another-programme" in load_cached([ours], today=TODAY).opportunities
    path.unlink()
    assert "local-programme" not in load_cached([ours], today=TODAY).opportunities
    assert len(loads) == 4
    assert len(cache_files(cache)) == 1, "one file per set of folders, replaced on change"


def test_a_new_day_reloads_so_staleness_is_current(cache: Path, loads: list[int]):
    load_cached(today=TODAY)
    load_cached(today=TODAY + dt.timedelta(days=1))
    assert len(loads) == 2


def test_warnings_survive_the_cache(cache: Path, tmp_path: Path, cli):
    ours = tmp_path / "ours"
    write_entry(ours, reviewed="2020-01-01")
    for _ in range(2):
        result = cli("catalogue", "validate", ours)
        assert result.exit_code == 0, result.output
        assert "local-programme: last_reviewed: last reviewed 1 Jan 2020" in result.stderr
    assert cache_files(cache)


def test_invalid_catalogue_is_never_cached(cache: Path, tmp_path: Path, cli):
    ours = tmp_path / "ours"
    path = write_entry(ours)
    path.write_text(path.read_text().replace("hours: 12", "hours: lots"))
    for _ in range(2):
        result = cli("catalogue", "validate", ours)
        assert result.exit_code == 2
        assert "hours" in result.stderr


@pytest.mark.parametrize(
    "damage", ["empty", "garbage", "truncated", "flipped", "folder", "other-key"]
)
def test_a_damaged_cache_is_silently_rebuilt(
    cache: Path, loads: list[int], tmp_path: Path, damage: str
):
    ours = tmp_path / "ours"
    write_entry(ours)
    load_cached([ours], today=TODAY)
    (path,) = cache_files(cache)
    blob = path.read_bytes()
    if damage == "empty":
        path.write_bytes(b"")
    elif damage == "garbage":
        path.write_bytes(os.urandom(4096))
    elif damage == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "flipped":
        path.write_bytes(blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:])
    elif damage == "folder":
        path.unlink()
        path.mkdir()
    elif damage == "other-key":
        start = len(catalogue_cache._MAGIC)
        path.write_bytes(blob[:start] + bytes(32) + blob[start + 32 :])
    result = load_cached([ours], today=TODAY)
    assert "local-programme" in result.opportunities
    assert len(loads) == 2
    if damage != "folder":
        assert load_cached([ours], today=TODAY).opportunities == result.opportunities
        assert len(loads) == 2, "rebuilt cache is used again"


def test_an_unreadable_cache_is_silently_rebuilt(loads: list[int], monkeypatch: pytest.MonkeyPatch):
    """Run as an ordinary user, since root reads any file (tests/users.py)."""
    with open_folder() as base:
        monkeypatch.setenv("CAREERPLAN_CACHE_DIR", str(base / "cache"))
        monkeypatch.delenv("CAREERPLAN_NO_CACHE", raising=False)

        def work() -> list[object]:
            ours = base / "ours"
            write_entry(ours)
            load_cached([ours], today=TODAY)
            (path,) = cache_files(base / "cache")
            path.chmod(0)
            result = load_cached([ours], today=TODAY)
            return ["local-programme" in result.opportunities, len(loads)]

        assert as_ordinary_user(work) == [True, 2]


def test_a_cache_that_cannot_be_written_is_skipped(
    tmp_path: Path, loads: list[int], monkeypatch: pytest.MonkeyPatch
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("CAREERPLAN_CACHE_DIR", str(blocker / "cache"))
    assert load_cached(today=TODAY).opportunities
    assert load_cached(today=TODAY).opportunities
    assert len(loads) == 2


def test_no_cache_switch(cache: Path, loads: list[int], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CAREERPLAN_NO_CACHE", "1")
    load_cached(today=TODAY)
    load_cached(today=TODAY)
    assert len(loads) == 2
    assert not cache.exists()


def test_cache_file_is_private(cache: Path):
    load_cached(today=TODAY)
    (path,) = cache_files(cache)
    assert path.stat().st_mode & 0o077 == 0


def test_unreadable_catalogue_file_bypasses_the_cache(cache: Path, tmp_path: Path, cli):
    ours = tmp_path / "ours"
    write_entry(ours)
    (ours / "broken.yaml").mkdir()  # a folder named like a file: not a catalogue file
    (ours / "binary.yaml").write_bytes(b"\x00\x01\x02")
    result = cli("catalogue", "validate", ours)
    assert result.exit_code == 2
    assert "binary.yaml" in result.stderr
    assert "Traceback" not in result.output


def test_any_yaml_file_in_the_base_folder_invalidates(
    cache: Path, loads: list[int], tmp_path: Path
):
    import shutil

    from careerplan.paths import shipped_dir

    base = tmp_path / "base"
    shutil.copytree(shipped_dir(), base)
    load_cached(base=base, today=TODAY)
    load_cached(base=base, today=TODAY)
    assert len(loads) == 1
    (base / "advice-or-anything-new.yaml").write_text("# new data file\n")
    load_cached(base=base, today=TODAY)
    assert len(loads) == 2
    weights = base / "weights.yaml"
    weights.write_text(weights.read_text() + "\n# edited\n")
    load_cached(base=base, today=TODAY)
    assert len(loads) == 3


# --- a cache is data, never code, and only the user's own (issue 14, item 9) --------------


def _plant(cache: Path, payload: bytes, ours: Path, *, suffix: str | None = None) -> Path:
    """A cache file with a correct header, key and checksum around `payload`, where the
    next load_cached([ours]) will look for it."""
    from careerplan.paths import shipped_dir

    base = shipped_dir()
    key = catalogue_cache.cache_key(catalogue_cache.catalogue_files([ours], base), TODAY)
    assert key is not None
    path = catalogue_cache.cache_file([base, ours], cache)
    if suffix is not None:  # an old cache's name
        path = path.with_suffix(suffix)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_bytes(catalogue_cache._MAGIC + key + hashlib.sha256(payload).digest() + payload)
    path.chmod(0o600)
    return path


class _Payload:
    """Unpickling this runs a shell command (the attack on a pickled cache)."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.parametrize("suffix", [None, ".pickle"])
def test_a_planted_pickle_never_runs(
    cache: Path, tmp_path: Path, loads: list[int], suffix: str | None
):
    ours = tmp_path / "ours"
    write_entry(ours)
    marker = tmp_path / "pwned"
    _plant(cache, pickle.dumps(_Payload(marker)), ours, suffix=suffix)
    result = load_cached([ours], today=TODAY)
    assert not marker.exists(), "the planted cache ran a command"
    assert "local-programme" in result.opportunities
    assert len(loads) == 1


def _forged(ours: Path) -> bytes:
    """A well-formed cache that claims an entry the catalogue does not have."""
    from careerplan.store.catalogue import load_catalogue

    real = load_catalogue([ours], today=TODAY)
    (opp,) = [o for o in real.opportunities.values() if o.id == "local-programme"]
    real.opportunities["planted"] = opp.model_copy(update={"id": "planted"})
    return catalogue_cache.encode(real)


@pytest.mark.parametrize("who", ["folder-world-writable", "file-group-writable", "file-symlink"])
def test_a_cache_others_can_write_is_ignored(
    cache: Path, tmp_path: Path, loads: list[int], who: str
):
    ours = tmp_path / "ours"
    write_entry(ours)
    path = _plant(cache, _forged(ours), ours)
    start = len(catalogue_cache._MAGIC)
    key = path.read_bytes()[start : start + 32]
    accepted = catalogue_cache.read_cache(path, key)
    assert accepted is not None and "planted" in accepted.opportunities  # as it stands
    if who == "folder-world-writable":
        cache.chmod(0o777)
    elif who == "file-group-writable":
        path.chmod(0o620)
    else:
        real = tmp_path / "elsewhere.json"
        path.rename(real)
        path.symlink_to(real)
    result = load_cached([ours], today=TODAY)
    assert "planted" not in result.opportunities
    assert len(loads) == 1


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_a_cache_owned_by_someone_else_is_ignored(cache: Path, tmp_path: Path, loads: list[int]):
    ours = tmp_path / "ours"
    write_entry(ours)
    path = _plant(cache, _forged(ours), ours)
    os.chown(path, 65534, 65534)
    assert "planted" not in load_cached([ours], today=TODAY).opportunities
    os.chown(path, 0, 0)
    os.chown(cache, 65534, 65534)
    assert "planted" not in load_cached([ours], today=TODAY).opportunities


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_cache_file_that_is_a_fifo_or_device_link_is_not_read(
    cache: Path, tmp_path: Path, loads: list[int], kind: str
):
    from test_robustness import fifo

    ours = tmp_path / "ours"
    write_entry(ours)
    path = _plant(cache, b"{}", ours)
    path.unlink()
    if kind == "fifo":
        with fifo(path) as pipe:
            result = load_cached([ours], today=TODAY)
        assert not pipe.released, "the cache reader blocked on a FIFO"
    else:
        path.symlink_to("/dev/zero")
        opened: list[str] = []
        real_open = os.open

        def watching(name, *args, **kwargs):
            fd = real_open(name, *args, **kwargs)
            if os.path.realpath(name) == "/dev/zero":
                opened.append(str(name))
            return fd

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(os, "open", watching)
            real_read = Path.read_bytes

            def reading(self: Path) -> bytes:
                if os.path.realpath(self) == "/dev/zero":
                    opened.append(str(self))
                    return b""
                return real_read(self)

            patch.setattr(Path, "read_bytes", reading)
            result = load_cached([ours], today=TODAY)
        assert opened == [], "followed a cache file's link to a device"
    assert "local-programme" in result.opportunities
    assert len(loads) == 1


def test_the_cache_folder_is_created_private_under_any_umask(cache: Path):
    old = os.umask(0)
    try:
        load_cached(today=TODAY)
    finally:
        os.umask(old)
    assert cache.stat().st_mode & 0o777 == 0o700
    (path,) = cache_files(cache)
    assert path.stat().st_mode & 0o077 == 0


def test_the_cache_is_json_that_rebuilds_the_same_catalogue(cache: Path, tmp_path: Path):
    import json

    from careerplan.store.catalogue import load_catalogue

    ours = tmp_path / "ours"
    write_entry(ours, reviewed="2020-01-01")  # stale: a warning to carry too
    fresh = load_catalogue([ours], today=TODAY)
    load_cached([ours], today=TODAY)
    (path,) = cache_files(cache)
    json.loads(path.read_bytes()[len(catalogue_cache._MAGIC) + 64 :])
    cached = load_cached([ours], today=TODAY)
    assert cached == fresh
    assert cached.warnings and cached.warnings == fresh.warnings
    opp = cached.opportunities["local-programme"]
    assert opp.model_fields_set == fresh.opportunities["local-programme"].model_fields_set
    assert opp.last_reviewed == dt.date(2020, 1, 1)


def test_every_part_of_the_shipped_catalogue_is_rebuilt_as_its_own_types(cache: Path):
    from careerplan.store.catalogue import load_catalogue

    fresh = load_catalogue([], today=TODAY)
    again = catalogue_cache.decode(catalogue_cache.encode(fresh))
    assert again == fresh
    for part in catalogue_cache._parts():
        assert getattr(again, part) == getattr(fresh, part), part
    for id_, opp in fresh.opportunities.items():
        rebuilt = again.opportunities[id_]
        assert type(rebuilt.time) is type(opp.time), id_
        assert type(rebuilt.cost) is type(opp.cost), id_
        assert rebuilt.model_fields_set == opp.model_fields_set, id_


def test_a_catalogue_the_encoding_cannot_rebuild_is_not_cached(
    cache: Path, loads: list[int], monkeypatch: pytest.MonkeyPatch
):
    # Nothing is written unless reading it back gives exactly the same catalogue.
    monkeypatch.setattr(catalogue_cache, "decode", lambda payload: None)
    load_cached([], today=TODAY)
    assert cache_files(cache) == []
    load_cached([], today=TODAY)
    assert len(loads) == 2


# --- a cache that cannot go stale (issue 23, item 5) --------------------------------------


def test_an_edit_made_and_undone_during_a_load_is_never_cached(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The edit lands after the key is taken and is undone before the next run: the key
    is the first version's, so what is cached under it must be the first version too."""
    ours = tmp_path / "ours"
    entry = write_entry(ours, title="First version")
    first = entry.read_text()
    real = catalogue_cache.load_catalogue

    def edited_meanwhile(*args, **kwargs):
        entry.write_text(first.replace("First version", "Second version"))
        try:
            return real(*args, **kwargs)
        finally:
            entry.write_text(first)

    monkeypatch.setattr(catalogue_cache, "load_catalogue", edited_meanwhile)
    loaded = load_cached([ours], today=TODAY)
    assert loaded.opportunities["local-programme"].title == "First version"  # as keyed
    monkeypatch.setattr(catalogue_cache, "load_catalogue", real)
    again = load_cached([ours], today=TODAY)
    assert again.opportunities["local-programme"].title == "First version"


def test_a_file_added_during_a_load_is_not_cached_under_a_key_without_it(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    ours = tmp_path / "ours"
    write_entry(ours)
    real = catalogue_cache.load_catalogue

    def added_meanwhile(*args, **kwargs):
        write_entry(ours, "later.yaml", id_="added-later")
        return real(*args, **kwargs)

    monkeypatch.setattr(catalogue_cache, "load_catalogue", added_meanwhile)
    assert "added-later" in load_cached([ours], today=TODAY).opportunities
    assert cache_files(cache) == []  # the key did not cover it: nothing cached
    (ours / "later.yaml").unlink()
    monkeypatch.setattr(catalogue_cache, "load_catalogue", real)
    assert "added-later" not in load_cached([ours], today=TODAY).opportunities


def test_plans_while_the_catalogue_is_edited_never_see_a_stale_cache(cache: Path, tmp_path: Path):
    """A real race: one thread rewrites an entry between two versions as fast as it can
    while loads run; each load gives one whole version, and once the edits stop, the
    version on disk."""
    import threading

    ours = tmp_path / "ours"
    entry = write_entry(ours, title="Version A")
    texts = [entry.read_text(), entry.read_text().replace("Version A", "Version B")]
    stop = threading.Event()

    def edit() -> None:
        i = 0
        while not stop.is_set():
            i += 1
            tmp = entry.with_suffix(".tmp")
            tmp.write_text(texts[i % 2])
            os.replace(tmp, entry)

    editor = threading.Thread(target=edit)
    editor.start()
    try:
        seen = {
            load_cached([ours], today=TODAY).opportunities["local-programme"].title
            for _ in range(25)
        }
    finally:
        stop.set()
        editor.join()
    assert seen <= {"Version A", "Version B"}
    for final in texts:
        entry.write_text(final)
        expected = "Version A" if "Version A" in final else "Version B"
        for _ in range(2):  # the fresh load, then the cache it wrote
            assert load_cached([ours], today=TODAY).opportunities["local-programme"].title == (
                expected
            )


def test_every_module_that_loads_a_catalogue_is_in_the_code_stamp():
    """A change to the code of any module used in loading (a model class, a validator, the
    YAML reader …) must mean a fresh load, not a cache made by the old code."""
    import subprocess
    import sys

    script = (
        "import sys; from careerplan.store.catalogue_cache import load_catalogue as load; "
        "load(); print('\\n'.join(m.__file__ for n, m in list(sys.modules.items()) "
        "if n.startswith('careerplan') and getattr(m, '__file__', None)))"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    package = Path(catalogue_cache.__file__).resolve().parents[1]
    used = {Path(f).resolve().relative_to(package).as_posix() for f in run.stdout.split()}
    assert {"model/opportunity.py", "store/yamlfast.py", "errors.py"} <= used
    stamped = {part.split(":")[0].lstrip("/") for part in catalogue_cache._code_stamp().split(";")}
    assert used <= stamped, used - stamped
    assert "unreadable" not in catalogue_cache._code_stamp()


# --- the round trip, proved on generated catalogues; checked on a sample when written ----


@functools.cache
def _shipped():
    """The shipped catalogue, loaded once for these tests (none of them changes it)."""
    from careerplan.store.catalogue import load_catalogue

    return load_catalogue([], today=TODAY)


@functools.cache
def _entry_dicts() -> list[dict]:
    return [o.model_dump(exclude_unset=True) for o in _shipped().opportunities.values()]


_COSTS = st.one_of(
    st.integers(0, 20_000),
    st.floats(0, 20_000, allow_nan=False),
    st.just("unknown"),
    st.builds(
        lambda a, b: {"min": min(a, b), "max": max(a, b)}, st.integers(0, 9000), st.floats(0, 9000)
    ),
)


@st.composite
def _catalogues(draw: st.DrawFn):
    """The shipped catalogue with its entries replaced by new ones: each a shipped entry
    with some fields taken from another and its cost changed, kept where still valid."""
    from pydantic import ValidationError

    from careerplan.model.catalogue import Origin
    from careerplan.model.opportunity import Opportunity

    shipped = _shipped()
    dicts = _entry_dicts()
    context = {"vocabularies": shipped.vocab.ids(), "today": TODAY}
    entries = {}
    for n in range(draw(st.integers(1, 8))):
        raw = dict(draw(st.sampled_from(dicts)))
        donor = draw(st.sampled_from(dicts))
        for name in draw(st.lists(st.sampled_from(sorted(donor)), max_size=8)):
            raw[name] = donor[name]
        if draw(st.booleans()):
            raw["cost"] = draw(_COSTS)
        raw["id"] = f"generated-{n}"
        raw.pop("replaces", None)
        try:
            entries[raw["id"]] = Opportunity.model_validate(raw, context=context)
        except ValidationError:
            continue
    assume(entries)
    return dataclasses.replace(
        shipped,
        opportunities=entries,
        origins={id_: Origin("generated.yaml", 3 + i) for i, id_ in enumerate(entries)},
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogue=_catalogues())
def test_generated_catalogues_come_back_the_same(catalogue):
    again = catalogue_cache.decode(catalogue_cache.encode(catalogue))
    assert again == catalogue
    for id_, opp in catalogue.opportunities.items():
        rebuilt = again.opportunities[id_]
        assert type(rebuilt.time) is type(opp.time)
        assert type(rebuilt.cost) is type(opp.cost)
        assert rebuilt.model_fields_set == opp.model_fields_set
    assert catalogue_cache.reads_back(catalogue)


def test_the_check_when_writing_holds_an_entry_of_every_shape(monkeypatch: pytest.MonkeyPatch):
    """Among many entries alike, the one whose cost is a range is in the sample checked: a
    round trip that got only that one wrong is caught, and nothing is written."""
    from careerplan.model.opportunity import Band

    shipped = _shipped()
    alike = [o for o in shipped.opportunities.values() if type(o.cost) is int]
    ranged = next(o for o in shipped.opportunities.values() if isinstance(o.cost, Band))
    entries = {f"e{i}": o.model_copy(update={"id": f"e{i}"}) for i, o in enumerate(alike * 20)}
    entries[ranged.id] = ranged
    catalogue = dataclasses.replace(shipped, opportunities=entries)
    assert catalogue_cache.reads_back(catalogue)
    real = catalogue_cache.decode

    def wrong_for_ranges(payload: bytes):
        back = real(payload)
        for opp in back.opportunities.values():
            if isinstance(opp.cost, Band):
                opp.__dict__["cost"] = Band(min=opp.cost.min, max=opp.cost.max + 1)
        return back

    monkeypatch.setattr(catalogue_cache, "decode", wrong_for_ranges)
    assert not catalogue_cache.reads_back(catalogue)
    shapes = {catalogue_cache._shape(o.time) for o in entries.values()}
    assert len(shapes) < len(entries) / 10  # the sample is small


def test_entries_that_differ_only_in_values_share_a_shape():
    shipped = _shipped()
    once = next(o for o in shipped.opportunities.values() if type(o.time).__name__ == "Once")
    noted = once.time.model_copy(update={"note": "some words"})
    assert catalogue_cache._shape(noted.model_copy(update={"note": "other words"})) == (
        catalogue_cache._shape(noted)
    )
    assert catalogue_cache._shape(once.time.model_copy(update={"hours": 99.5})) == (
        catalogue_cache._shape(once.time)
    )
    # A value given or not, and each member of a union, are shapes of their own.
    assert catalogue_cache._shape(noted) != catalogue_cache._shape(
        once.time.model_copy(update={"note": None})
    )
    kinds = {type(o.time) for o in shipped.opportunities.values()}
    shapes = {catalogue_cache._shape(o.time)[0] for o in shipped.opportunities.values()}
    assert shapes == kinds and len(kinds) >= 5
