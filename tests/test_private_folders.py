"""Every folder careerplan creates is private, 0700, parents included (issue 20, item 8):
the plans and answers in them are personal data."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from careerplan.store.files import make_private_dir

HERE = Path(__file__).parent
PROFILE = HERE / "personas" / "new-md-nhs-trust.yaml"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="folder modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _open_umask():
    """The loosest usual umask, so that a folder is private only because careerplan made
    it so."""
    old = os.umask(0o002)
    yield
    os.umask(old)


def test_make_private_dir_makes_every_missing_level_0700(tmp_path) -> None:
    deep = tmp_path / "a" / "b" / "c"
    assert make_private_dir(deep) == deep
    for level in (tmp_path / "a", tmp_path / "a" / "b", deep):
        assert mode(level) == 0o700, level


def test_an_existing_folder_is_left_as_it_is(tmp_path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    make_private_dir(shared / "mine")
    assert mode(shared) == 0o755 and mode(shared / "mine") == 0o700


def test_batch_out_dir_and_its_parents_are_private(cli, tmp_path) -> None:
    folder = tmp_path / "mentees"
    folder.mkdir()
    (folder / "one.yaml").write_bytes(PROFILE.read_bytes())
    out = tmp_path / "year" / "plans"
    result = cli("plan", "--batch", folder, "--out-dir", out)
    assert result.exit_code == 0, result.stderr
    assert mode(out) == 0o700 and mode(out.parent) == 0o700


def test_the_folder_of_saved_answers_is_private(tmp_path, monkeypatch) -> None:
    from careerplan.assess.drafts import Draft, save_draft

    state = tmp_path / "state" / "careerplan"
    monkeypatch.setenv("CAREERPLAN_STATE_DIR", str(state))
    saved = save_draft(Draft(state={}))
    assert saved.parent == state
    assert mode(state) == 0o700 and mode(state.parent) == 0o700


def test_the_catalogue_cache_folder_is_private(tmp_path, monkeypatch) -> None:
    from careerplan.store.catalogue_cache import safe_dir

    cache = tmp_path / "cache" / "careerplan"
    assert safe_dir(cache, create=True)
    assert mode(cache) == 0o700 and mode(cache.parent) == 0o700
