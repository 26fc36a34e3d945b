"""The quick reading of catalogue files (careerplan/store/yamlfast.py) against the careful one.

A catalogue file is read first from libyaml's events straight to data; anything out of the
ordinary is left to the careful reading (yamlio.parse_positioned), which words problems
with their lines. These tests hold the two to the same data, lines and messages, check
that the quick one is really used, and that problems found only by the careful second
reading are still reported exactly, in bad files as in a 500-entry one.
"""

from __future__ import annotations

import datetime as dt
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_catalogue_validation import GOOD, doc, entry

from careerplan.errors import ValidationFailed
from careerplan.paths import shipped_dir
from careerplan.store import yamlfast, yamlio
from careerplan.store.catalogue import opportunity_files
from careerplan.store.yamlio import MAX_ALIAS_VALUES, MAX_DEPTH, MAX_NODES, parse_yaml


def outcome(read: Any, text: str, depth: int) -> tuple[Any, ...]:
    """What a reading gives: the data, lines and kept text, or the message it raises."""
    try:
        got = read(text, "t.yaml", line_depth=depth)
    except ValidationFailed as exc:
        return ("refused", str(exc))
    return ("read", got.data, got.lines, got.line_depth, got.text)


def same_either_way(text: str, depth: int = 2) -> tuple[Any, ...]:
    quick = outcome(parse_yaml, text, depth)
    careful = outcome(yamlio.parse_positioned, text, depth)
    assert quick == careful
    return quick


def quick_reads(text: str, depth: int = 2) -> bool:
    """Whether the quick reading takes this text itself (rather than giving it up)."""
    try:
        return yamlfast.read(text, "t.yaml", depth) is not None
    except ValidationFailed:
        return True


def alias_bomb(width: int = 9, levels: int = 10) -> str:
    text = "a0: &a0 [" + ", ".join(["lol"] * width) + "]\n"
    for level in range(1, levels):
        text += f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]\n"
    return text


# Texts the quick reading takes itself, each with the same result as the careful one.
ORDINARY = [
    "",
    "---\n",
    "just text\n",
    "version: 1\nopportunities:\n  - id: a\n    hours: 3\n  - id: b\n    when: 2026-01-05\n",
    "a: {b: [1, 2.5, .nan, -.inf, true, no, ~, null, '', 0x1f, 0o17, 1_000]}\n",
    "yes: 1\non: 2\n3: x\n~: y\n2026-01-01: d\n1.5: f\n",
    "a: 'quoted: text'\nb: \"double\"\nc: |\n  block\n  text\nd: >\n  folded\n  text\n",
    "a: ! 12\nb: !!str 12\nc: !!int '7'\nd: !!float 1\ne: !!map {x: 1}\nf: !!seq [1]\n",
    "a: 2026-02-30\nb: 2026-01-01 10:00:00\nc: !!binary aGk=\n",
    "stages: &s [emerging, deputy]\n" + "".join(f"e{i}: {{stages: *s}}\n" for i in range(20)),
    "x: &x 5\nlist:\n  - {a: *x, b: [*x, *x]}\n",
    "version: 1\nopportunities:\n  - &one {id: a, areas: {x: 1}}\n  - {id: b, more: {c: *one}}\n",
    "a: Apply now!\nb: commas, and 50 per cent\n# a comment\n",
    "a:\n  b:\n    c:\n      d: [[[[deep]]]]\n",
    "[1, [2, [3, {a: b}]], {c: [d, e]}]\n",
    "a: text\r\nb: more\r\n",
    "\ufeffa: with a byte-order mark\n",
    "a: caf\u00e9 \u2014 \u00a3500\n",
]

# Texts the quick reading gives up, for the careful one to decide (same result all the same).
GIVEN_UP = [
    "e:\n  x: 1\n  x: 2\n",  # a duplicate key
    "a: b: c\n",  # a syntax error
    "\t- a\n",  # a tab
    "version: 1\nopportunities:\n  - id: [unclosed\n",
    "a: 1\n---\nb: 2\n",  # two documents
    "a: *nowhere\n",  # an undefined alias
    "a: &a 1\nb: &a 2\n",  # an anchor given twice
    "a: &a [*a]\n",  # an alias inside what it names
    "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",  # a merge key
    "a: !!python/name:os.system\n",
    "a: !!python/object/new:os.system [ls]\n",
    "a: !local x\n",
    "a: =\n",  # the value tag, which has no constructor
    "? [a, b]\n: 1\n",  # a list as a key
    "? &k a\n: 1\nb: *k\n",  # an anchored key
    "a: 1" + "0" * 5000 + "\n",  # thousands of digits
    'a: "\\e[31mred"\n',  # a control character through an escape
    "a: \x85x\n",  # a control character in the text itself
    "a: \x07\n",  # one the YAML reader refuses
    alias_bomb(),
    "a:\n" + "- " * (MAX_DEPTH + 5) + "x\n",
    "[" * 5000 + "]" * 5000,
]


@pytest.mark.parametrize("text", ORDINARY)
@pytest.mark.parametrize("depth", [0, 1, 2, 3])
def test_ordinary_text_is_read_quickly_and_alike(text: str, depth: int):
    same_either_way(text, depth)
    assert quick_reads(text, depth)


@pytest.mark.parametrize("text", ORDINARY)
def test_every_line_is_kept_alike_when_asked_for(text: str):
    """The lines of everything (for a message deeper than an entry) from the quick reading
    are the careful reading's."""
    quick = yamlfast.read(text, "t.yaml", MAX_DEPTH + 1)
    careful = yamlio.parse_positioned(text, "t.yaml")
    assert quick is not None
    assert (quick.data, quick.lines) == (careful.data, careful.lines)


@pytest.mark.parametrize(
    "text",
    [
        "a: {b: &x [1, [2, {c: 3}]]}\nc: *x\nd: [*x]\n",  # aliases above their anchor
        "- &x {a: [1, 2]}\n- *x\n- [*x, {k: *x}]\n",
        "a: &x 1\nb: [*x, *x]\nc: {d: *x}\n",
        "a: &x {b: &y [1, 2], c: *y}\nd: *x\ne: [*x, *y]\n",  # nested anchors
    ],
)
@pytest.mark.parametrize("depth", [0, 1, 2, 3, MAX_DEPTH + 1])
def test_aliases_where_lines_are_kept_give_the_anchors_lines(text: str, depth: int):
    same_either_way(text, depth)


@pytest.mark.parametrize("text", GIVEN_UP)
def test_out_of_the_ordinary_is_left_to_the_careful_reading(text: str):
    same_either_way(text)
    assert not quick_reads(text)


def test_the_shipped_catalogue_is_read_quickly_and_alike():
    folder = Path(yamlio.__file__).resolve().parents[2] / "catalogue"
    files = sorted(folder.rglob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert quick_reads(text), path
        same_either_way(text)


# Data like a catalogue's, with text of every kind (including what needs quoting or
# escaping), written by PyYAML in block and flow style, sometimes with shared parts that
# the writer turns into anchors and aliases.
_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFF), max_size=12
)
_scalar = st.one_of(
    _text,
    st.sampled_from(["yes", "No", "on", "~", "null", "1e3", "0x1F", "2026-02-30", "12:30", "!x"]),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
_data = st.recursive(
    _scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_text, inner, max_size=4)),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=_data,
    shared=st.booleans(),
    flow=st.sampled_from([False, True, None]),
    depth=st.sampled_from([0, 1, 2, 3, MAX_DEPTH + 1]),
)
def test_generated_documents_read_alike(data: Any, shared: bool, flow: Any, depth: int):
    if shared:  # the same object twice: PyYAML writes an anchor and an alias
        data = {"first": data, "again": [data, {"deeper": data}]}
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    same_either_way(text, depth)


@pytest.mark.parametrize("levels", range(MAX_DEPTH - 3, MAX_DEPTH + 3))
def test_nesting_near_the_limit(levels: int):
    text = "[" * levels + "x" + "]" * levels + "\n"
    result = same_either_way(text, 2)
    assert (result[0] == "refused") == (levels > MAX_DEPTH)
    assert "nested more than" in str(result[1]) or levels <= MAX_DEPTH


@pytest.mark.parametrize("levels", [50, 56, 57, 58, 59, 60])
def test_nesting_through_an_alias_near_the_limit(levels: int):
    # The alias puts what it repeats six levels deeper than where it was written.
    text = "a: &a " + "[" * levels + "x" + "]" * levels + "\nb: {c: {d: {e: {f: [*a]}}}}\n"
    result = same_either_way(text, 2)
    assert (result[0] == "refused") == (levels + 6 > MAX_DEPTH)


def test_an_alias_costs_a_reference_not_a_copy():
    text = "stages: &s [emerging, deputy]\nlist:\n" + "".join(
        f"  - {{id: e{i}, stages: *s}}\n" for i in range(10)
    )
    data = yamlfast.read(text, "t.yaml", 2)
    assert data is not None
    assert all(e["stages"] is data.data["stages"] for e in data.data["list"])


def test_alias_bomb_is_stopped_in_little_memory_on_the_quick_reading_too():
    tracemalloc.start()
    try:
        with pytest.raises(ValidationFailed) as err:
            parse_yaml(alias_bomb(), "t.yaml", line_depth=2)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert f"aliases (*name) repeat more than {MAX_ALIAS_VALUES:,} values" in str(err.value)
    assert peak < 100 * 1024 * 1024, f"peak {peak:,} bytes"


def test_too_many_values_are_refused_part_way_without_composing(
    monkeypatch: pytest.MonkeyPatch,
):
    def compose(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the quick reading should have refused it itself")

    monkeypatch.setattr(yamlio.yaml, "compose", compose)
    text = "[" + ",".join(["1"] * (MAX_NODES * 3)) + "]\n"
    with pytest.raises(ValidationFailed) as err:
        parse_yaml(text, "t.yaml", line_depth=2)
    assert str(err.value) == (
        f"t.yaml: more than {MAX_NODES:,} values; the file is too large: split it into "
        "smaller files"
    )
    monkeypatch.undo()
    assert outcome(yamlio.parse_positioned, text, 2) == ("refused", str(err.value))


def repeats(times: int) -> str:
    """A list of 1,000 values, repeated `times` times deeper down by aliases."""
    return "a: &a [" + ", ".join(["x"] * 1000) + "]\nb: {c: [" + ", ".join(["*a"] * times) + "]}\n"


def test_values_repeated_past_the_limit_are_left_to_the_careful_reading():
    # Well within the composer's count, but the aliases repeat too many values.
    assert quick_reads(repeats(90))
    assert same_either_way(repeats(90))[0] == "read"
    assert not quick_reads(repeats(120))
    refused = same_either_way(repeats(120))
    assert f"aliases (*name) repeat more than {MAX_ALIAS_VALUES:,} values" in refused[1]


def test_catalogue_entries_are_read_quickly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    from careerplan.store.catalogue import load_catalogue

    careful: list[str] = []
    real = yamlio.parse_positioned

    def positioned(text: str, name: str, **kwargs: Any) -> Any:
        careful.append(Path(name).name)
        return real(text, name, **kwargs)

    monkeypatch.setattr(yamlio, "parse_positioned", positioned)
    (tmp_path / "ours.yaml").write_text(doc(entry()), encoding="utf-8")
    catalogue = load_catalogue([tmp_path], today=dt.date(2026, 12, 3))
    assert catalogue.origins["local-programme"].line == 3
    assert "ours.yaml" not in careful
    shipped_entries = {p.name for p in opportunity_files(shipped_dir(), shipped=True)}
    assert shipped_entries and not shipped_entries & set(careful)


# --- problems found only by the careful second reading, in a large file --------------------


def big_file(breakage: dict[str, str | None], at: int = 437, total: int = 500) -> str:
    """`total` valid entries, the one at index `at` broken as `entry()` would break it."""
    entries = [entry(f"entry-{i}", **(breakage if i == at else {})) for i in range(total)]
    return doc(*entries)


def line_of(text: str, marker: str, index: int = 437) -> int:
    """The line of the first line from entry `index` on that holds `marker`."""
    lines = text.splitlines()
    start = 2 + index * len(GOOD.splitlines())
    assert lines[start].startswith(f"  - id: entry-{index}")
    return next(n for n in range(start, len(lines)) if marker in lines[n]) + 1


@pytest.mark.parametrize(
    "breakage, marker, message",
    [
        (
            {"cost": "0\n    cost: 1"},
            "cost: 1",
            "'cost' appears twice in the same mapping; keep one",
        ),
        (
            {"time": "{shape: once, hours: -5, basis: estimate}"},
            "hours: -5",
            "entry-437: time.once.hours: -5 is too small",
        ),
        ({"summary": "A fine programme.\n\tnotes: x"}, "\tnotes", "YAML syntax error"),
        ({"title": "[unclosed"}, "kind:", "YAML syntax error"),
        ({"url": '"https://example.org/\\e[2J"'}, "url:", "invisible control character U+001B"),
        ({"last_reviewed": "2026-02-30"}, "2026-02-30", "2026-02-30 is not a real date"),
    ],
)
def test_a_problem_deep_in_a_large_file_is_named_at_its_line(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, breakage, marker, message
):
    text = big_file(breakage)
    (tmp_path / "ours.yaml").write_text(text, encoding="utf-8")
    # A value of the wrong kind is read quickly, and found by validation; the rest is found
    # only by the careful second reading.
    assert quick_reads(text) == (marker in ("hours: -5", "2026-02-30"))
    quick = cli("catalogue", "validate", str(tmp_path))
    assert quick.exit_code == 2
    assert f"ours.yaml:{line_of(text, marker)}: " in quick.stderr
    assert message in quick.stderr
    monkeypatch.setattr(yamlfast, "read", lambda *args: None)  # the careful reading only
    careful = cli("catalogue", "validate", str(tmp_path))
    assert (careful.exit_code, careful.stdout, careful.stderr) == (
        quick.exit_code,
        quick.stdout,
        quick.stderr,
    )


def test_a_warning_deep_in_a_large_file_names_its_line(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    priced = (
        "1200\n    cost_basis: published\n"
        '    price_source: {title: Our price list, url: "https://example.org/prices"}\n'
        "    price_checked: 2024-01-01\n"
        "    price_for: 2024/25"
    )
    text = big_file({"cost": priced})
    (tmp_path / "ours.yaml").write_text(text, encoding="utf-8")
    assert quick_reads(text)
    quick = cli("catalogue", "validate", str(tmp_path))
    assert quick.exit_code == 0, quick.stderr
    assert (
        f"ours.yaml:{line_of(text, 'price_checked')}: entry-437: price_checked: price checked 1 Jan 2024, over 12 months"
        in quick.stderr
    )
    monkeypatch.setattr(yamlfast, "read", lambda *args: None)  # the careful reading only
    careful = cli("catalogue", "validate", str(tmp_path))
    assert (careful.stdout, careful.stderr) == (quick.stdout, quick.stderr)
