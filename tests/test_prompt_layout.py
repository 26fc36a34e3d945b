"""Prompt hints fit the terminal: a long help line wraps rather than running off the edge."""

from __future__ import annotations

import pytest

from careerplan.assess.prompts import _instruction

LONG = (
    "Some leadership qualifications can be paid for this way. Ask HR or your learning "
    "team if unsure."
)


@pytest.mark.parametrize("width", [60, 80, 90, 120])
def test_help_and_keys_fit_the_width(width: int):
    text = _instruction(LONG, "(arrow keys, then Enter)", 40, width)
    lines = text.split("\n")
    assert all(len(line) <= width - 2 for line in lines), lines
    assert " ".join(part.strip() for part in lines).strip().startswith(LONG)
    assert text.rstrip().endswith("(arrow keys, then Enter)")
