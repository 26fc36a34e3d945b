"""Safe YAML under hostile input: aliases, merge keys, size, depth and node limits.

No test here measures time: memory and which code ran are what they check.
"""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest
import yaml

from careerplan.errors import InputError, ValidationFailed
from careerplan.store import yamlio
from careerplan.store.yamlio import MAX_ALIAS_VALUES, MAX_DEPTH, MAX_NODES, load_yaml, parse_yaml


def alias_bomb(width: int = 9, levels: int = 10) -> str:
    text = "a0: &a0 [" + ", ".join(["lol"] * width) + "]\n"
    for level in range(1, levels):
        text += f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]\n"
    return text


def failure(text: str) -> str:
    with pytest.raises(ValidationFailed) as err:
        parse_yaml(text, "t.yaml")
    return str(err.value)


def test_alias_bomb_is_stopped_in_little_memory():
    tracemalloc.start()
    try:
        message = failure(alias_bomb())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message.startswith("t.yaml:")
    assert f"aliases (*name) repeat more than {MAX_ALIAS_VALUES:,} values" in message
    assert peak < 100 * 1024 * 1024, f"peak {peak:,} bytes"


def test_mapping_alias_bomb_is_stopped():
    text = "a0: &a0 {x: 1, y: 2, z: 3}\n"
    for level in range(1, 12):
        prev = f"*a{level - 1}"
        text += f"a{level}: &a{level} {{p: {prev}, q: {prev}, r: {prev}, s: {prev}}}\n"
    assert "aliases (*name) repeat more than" in failure(text)


def test_modest_alias_use_is_fine():
    text = "stages: &s [emerging, deputy]\n" + "".join(
        f"e{i}: {{stages: *s}}\n" for i in range(200)
    )
    data = parse_yaml(text, "t.yaml").data
    assert data["e199"] == {"stages": ["emerging", "deputy"]}


@pytest.mark.parametrize(
    "text", ["a: &a [*a]\n", "a: &a {b: *a}\n", "a: &a {<<: *a}\n", "a: &a [{<<: *a}]\n"]
)
def test_self_referencing_aliases_end_cleanly(text: str):
    assert "t.yaml:1:" in failure(text)


def test_merge_key_own_values_override_merged_ones():
    text = (
        "base: &base {cost: unknown, format: online, hours: 4}\nentry:\n  <<: *base\n  hours: 6\n"
    )
    assert parse_yaml(text, "t.yaml").data["entry"] == {
        "cost": "unknown",
        "format": "online",
        "hours": 6,
    }


def test_merge_key_earlier_mappings_win_and_chain():
    text = (
        "a: &a {x: a, y: a}\nb: &b {<<: *a, y: b, z: b}\n"
        "c: {<<: [*b, {x: late, w: late}], v: own}\n"
    )
    assert parse_yaml(text, "t.yaml").data["c"] == {
        "v": "own",
        "y": "b",
        "z": "b",
        "x": "a",
        "w": "late",
    }


def test_merge_of_a_non_mapping_is_a_clean_error():
    assert "`<<:` must be followed by a mapping" in failure("a: {<<: [1, 2]}\n")


def test_merge_key_bomb_stays_small():
    # Each level merges the previous one nine times; keys repeat, so the result is small.
    text = "m0: &m0 {a: 1, b: 2}\n"
    for level in range(1, 30):
        prev = f"*m{level - 1}"
        text += f"m{level}: &m{level} {{<<: [{', '.join([prev] * 9)}], k{level}: 1}}\n"
    data = parse_yaml(text, "t.yaml").data
    assert len(data["m29"]) == 31


def test_duplicate_keys_still_reported():
    assert "'x' appears twice" in failure("e:\n  x: 1\n  x: 2\n")


def test_too_many_values_is_refused_part_way_through_composing(monkeypatch: pytest.MonkeyPatch):
    resolved: list[int] = []
    counting = yamlio._counting_loader()
    real = counting.resolve

    def resolve(self, *args):
        resolved.append(1)
        return real(self, *args)

    monkeypatch.setattr(counting, "resolve", resolve)
    text = "[" + ",".join(["1"] * (MAX_NODES * 3)) + "]\n"
    message = failure(text)
    assert f"more than {MAX_NODES:,} values" in message
    assert "split it into smaller files" in message
    assert len(resolved) == MAX_NODES + 1, "stopped at the limit, not at the end"


def test_too_many_tagged_values_are_counted_before_composing(monkeypatch: pytest.MonkeyPatch):
    def compose(*args, **kwargs):
        raise AssertionError("should have stopped before composing")

    monkeypatch.setattr(yamlio.yaml, "compose", compose)
    text = "[" + ",".join(["!!int 1"] * (MAX_NODES + 10)) + "]\n"
    assert f"more than {MAX_NODES:,} values" in failure(text)


def test_many_values_within_the_limit_load():
    text = "".join(f"k{i}: {i}\n" for i in range(20_000))
    assert parse_yaml(text, "t.yaml").data["k19999"] == 19999


@pytest.mark.parametrize(
    "text",
    [
        "[" * 5000 + "]" * 5000,
        "".join("  " * i + f"k{i}:\n" for i in range(300)),
        "a:\n" + "- " * (MAX_DEPTH + 5) + "x\n",
    ],
)
def test_deep_nesting_is_a_clean_error(text: str):
    assert "t.yaml:" in failure(text)


def test_deep_nesting_with_the_pure_python_parser(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(yamlio, "_Loader", yaml.SafeLoader)
    assert "t.yaml" in failure("[" * 20000 + "]" * 20000)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("a: 1" + "0" * 5000 + "\n", "a number with thousands of digits is not a sensible"),
        ("a: !!python/name:os.system\n", "YAML error"),
        ("a: !!python/object/new:os.system [ls]\n", "not supported"),
        ("? [a, b]\n: 1\n", "a key must be a plain word"),
        ("a: b: c\n", "YAML syntax error"),
        ("\t- a\n", "YAML syntax error"),
    ],
)
def test_odd_scalars_and_tags(text: str, fragment: str):
    assert fragment in failure(text)


def test_impossible_date_is_kept_as_text_for_validation_to_name():
    # The field's validation then says which field and goes on to the other problems.
    assert parse_yaml("a: 2026-02-30\n", "t.yaml").data == {"a": "2026-02-30"}


def test_size_limit_names_the_limit(tmp_path: Path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# padding\n" * (yamlio.MAX_BYTES // 10 + 1))
    with pytest.raises(InputError) as err:
        load_yaml(path, what="profile")
    assert f"{yamlio.MAX_BYTES:,}-byte limit for a profile" in str(err.value)


def test_control_and_unicode_characters(tmp_path: Path):
    path = tmp_path / "u.yaml"
    path.write_text('name: "Dr Ünïcødé 医生 \\u202e"\n', encoding="utf-8")
    assert load_yaml(path).data["name"].startswith("Dr Ünïcødé")
    path.write_bytes(b"name: a\x07b\n")
    with pytest.raises(ValidationFailed) as err:
        load_yaml(path)
    assert "u.yaml:1" in str(err.value)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_device_is_not_read_without_end():
    with pytest.raises(InputError) as err:
        load_yaml(Path("/dev/zero"), what="profile")
    assert "/dev/zero: is not a regular file" in str(err.value)


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="needs /dev/fd")
def test_a_pipe_is_refused_with_one_line():
    # `careerplan plan --profile <(ssh host cat profile.yaml)`: a pipe cannot be told from a
    # named FIFO that no one will ever write to (which would block for ever), so both are
    # refused before anything is read (issue 14, item 11).
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, b"version: 1\nrole: medical-director\n")
        os.close(write_end)
        with pytest.raises(InputError) as err:
            load_yaml(Path(f"/dev/fd/{read_end}"), what="profile")
        assert "is not a regular file" in str(err.value)
        assert "\n" not in str(err.value)
    finally:
        os.close(read_end)
