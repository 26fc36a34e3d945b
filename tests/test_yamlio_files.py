"""Reading YAML safely with line numbers, and writing files atomically."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from users import as_ordinary_user, open_folder

from careerplan.errors import InputError, OutputError, ValidationFailed
from careerplan.store.files import write_atomic
from careerplan.store.yamlio import load_yaml, parse_yaml


def test_lines_are_recorded_for_nested_values():
    doc = parse_yaml("a:\n  b: 1\n  c:\n    - x\n    - y\n", "t.yaml")
    assert doc.data == {"a": {"b": 1, "c": ["x", "y"]}}
    assert doc.line_of(("a", "b")) == 2
    assert doc.line_of(("a", "c", 1)) == 5
    assert doc.line_of(("a", "missing", 3)) == 1


def test_syntax_error_names_line_and_column():
    with pytest.raises(ValidationFailed) as err:
        parse_yaml("a: 1\nb: [1, 2\nc: 3\n", "t.yaml")
    assert str(err.value).startswith("t.yaml:3: YAML syntax error, column 2")


def test_unsafe_tags_are_refused():
    with pytest.raises(ValidationFailed) as err:
        parse_yaml("a: !!python/object/apply:os.system ['true']\n", "t.yaml")
    assert "t.yaml:1" in str(err.value)


def test_alias_bomb_is_stopped():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    names = "abcdefghijklmnop"
    for prev, cur in zip(names, names[1:], strict=False):
        bomb += (
            f"{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, "
            f"*{prev}, *{prev}, *{prev}, *{prev}]\n"
        )
    with pytest.raises(ValidationFailed) as err:
        parse_yaml(bomb, "bomb.yaml")
    assert "aliases (*name) repeat more than" in str(err.value)


def test_duplicate_keys_are_reported():
    with pytest.raises(ValidationFailed) as err:
        parse_yaml("a: 1\nb: 2\na: 3\n", "t.yaml")
    assert str(err.value) == "t.yaml:3: 'a' appears twice in the same mapping; keep one"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe bad", "is not valid UTF-8 text"),
        (b"\x00\x01\x02", "is a binary file"),
    ],
)
def test_unreadable_text(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "f.yaml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_yaml(path)


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path):
    path = tmp_path / "big.yaml"
    path.write_text("a: 1\n" * 100)
    with pytest.raises(InputError, match="larger than the 100-byte limit"):
        load_yaml(path, max_bytes=100)


def test_folder_and_missing_file(tmp_path: Path):
    with pytest.raises(InputError, match="is a folder"):
        load_yaml(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        load_yaml(tmp_path / "none.yaml")


def test_empty_file_is_none(tmp_path: Path):
    path = tmp_path / "empty.yaml"
    path.write_text("")
    assert load_yaml(path).data is None


def test_write_atomic_refuses_to_overwrite(tmp_path: Path):
    path = tmp_path / "out.md"
    write_atomic(path, "first")
    with pytest.raises(OutputError, match="already exists; use --force"):
        write_atomic(path, "second")
    assert path.read_text() == "first"
    write_atomic(path, "second", force=True)
    assert path.read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_private_files_are_owner_only(tmp_path: Path):
    path = write_atomic(tmp_path / "profile.yaml", "x: 1\n", private=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_missing_folder_is_one_clear_error(tmp_path: Path):
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "nope" / "out.md", "x")


def test_read_only_folder():
    """Run as an ordinary user (root writes into read-only folders): tests/users.py."""
    with open_folder() as base:

        def work() -> list[str]:
            folder = base / "ro"
            folder.mkdir()
            folder.chmod(0o500)
            try:
                with pytest.raises(OutputError, match="read-only"):
                    write_atomic(folder / "out.md", "x")
                return [p.name for p in folder.iterdir()]
            finally:
                folder.chmod(0o700)

        assert as_ordinary_user(work) == []


def test_failed_write_leaves_no_partial_file(tmp_path: Path, monkeypatch):
    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OutputError, match="the disk is full"):
        write_atomic(tmp_path / "out.md", "x" * 1000)
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_appears_during_the_write_is_not_replaced(tmp_path: Path, monkeypatch):
    path = tmp_path / "out.md"
    real_fsync = os.fsync

    def someone_else_writes(fd):
        real_fsync(fd)
        path.write_text("theirs")

    monkeypatch.setattr(os, "fsync", someone_else_writes)
    with pytest.raises(OutputError, match="already exists"):
        write_atomic(path, "mine")
    assert path.read_text() == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]
