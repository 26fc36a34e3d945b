"""careerplan/textsafe.py is the one place that says which characters are unsafe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from careerplan import textsafe
from careerplan.render.document import safe_url

PACKAGE = Path(textsafe.__file__).parent

# Ways a module could define unsafe characters itself: a range of control characters, a
# comparison with the first printable code point, or Unicode categories.
OWN_RULES = {
    "a range of control characters": re.compile(r"\\x0[0-9]-|\\x1f|\\x7f-"),
    "a code point compared with 32": re.compile(r"ord\(\w+\) ?< ?32"),
    "Unicode categories": re.compile(r"unicodedata|\.category\("),
}


def test_no_module_but_textsafe_defines_unsafe_characters():
    found = [
        f"{path.relative_to(PACKAGE)}:{n}: {what}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "textsafe.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for what, pattern in OWN_RULES.items()
        if pattern.search(line)
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        '_CONTROL = re.compile(r"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]")',
        "if any(ord(c) < 32 for c in text):",
        "unicodedata.category(ch)",
    ],
)
def test_the_guard_catches_what_it_is_for(line):
    assert any(p.search(line) for p in OWN_RULES.values()), line


@pytest.mark.parametrize("bad", ["\x00", "\t", "\n", "\x7f", "\x9b", "\u202e", "\u2066", "\ufffe"])
def test_a_web_address_with_an_unsafe_character_is_dropped(bad):
    assert textsafe.unsafe_char(f"https://example.org/a{bad}b") == bad
    assert safe_url(f"https://example.org/a{bad}b") is None


def test_a_plain_web_address_is_kept():
    assert textsafe.unsafe_char("https://example.org/a(b)?c=d") is None
    assert safe_url(" https://example.org/a(b)?c=d ") == "https://example.org/a(b)?c=d"
