"""The validated-catalogue cache: fast when nothing changed, invisible when anything did.

The cache directory comes from CAREERPLAN_CACHE_DIR, set per test session in conftest.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from careerplan import catalogue_cache
from careerplan.catalogue_cache import load_cached

TODAY = dt.date(2026, 11, 29)

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
    return sorted(directory.glob("catalogue-*.pickle"))


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
        assert "local-programme: last_reviewed: last reviewed 2020-01-01" in result.stderr
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
    "damage", ["empty", "garbage", "truncated", "flipped", "folder", "unreadable", "other-key"]
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
    elif damage == "unreadable":
        if os.geteuid() == 0:
            pytest.skip("root reads any file")
        path.chmod(0)
    elif damage == "other-key":
        start = len(catalogue_cache._MAGIC)
        path.write_bytes(blob[:start] + bytes(32) + blob[start + 32 :])
    result = load_cached([ours], today=TODAY)
    assert "local-programme" in result.opportunities
    assert len(loads) == 2
    if damage not in ("folder", "unreadable"):
        assert load_cached([ours], today=TODAY).opportunities == result.opportunities
        assert len(loads) == 2, "rebuilt cache is used again"


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

    from careerplan.catalogue import shipped_dir

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
