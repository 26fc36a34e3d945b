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


@pytest.mark.parametrize("width", [60, 100])
def test_the_review_screen_keeps_bars_and_whole_ratings(width: int):
    import datetime as dt

    from rich.console import Console

    from careerplan.assess.interview import Interview
    from careerplan.assess.prompts import review_table
    from careerplan.assess.sources import apply_set
    from careerplan.store.catalogue import load_catalogue

    assessment = load_catalogue().assessment
    iv = Interview(assessment, today=dt.date(2026, 11, 26))
    areas = [t for t in assessment.vocabularies.areas]
    for i, area in enumerate(areas):
        apply_set(iv, f"ratings.{area.id}={i % assessment.top + 1}")
    console = Console(width=width, record=True, color_system=None)
    console.print(review_table(iv.review_rows(), None, width=width))
    text = console.export_text()
    assert all(len(line) <= width for line in text.splitlines())
    assert "…" not in text
    for i, _ in enumerate(areas):
        level = i % assessment.top + 1
        assert f"{'█' * level}{'░' * (assessment.top - level)} {level} " in text
    for level in assessment.scale:
        assert f"{level.value} {level.label}" in text


def test_review_completion_dates_are_read_day_first():
    import datetime as dt

    from careerplan.review.prompt import _date_ok

    check = _date_ok(dt.date(2027, 3, 15))
    assert check("1/3/2027") is True
    assert check("1 Mar 2027") is True
    assert check("2027-03-01") is True
    assert "day first, such as 15 Mar 2027" in str(check("3/31/2027"))
    assert "future" in str(check("16/3/2027"))


@pytest.mark.parametrize("width", [60, 80])
def test_questions_wrap_between_words_by_display_width(width: int):
    """A question wraps at the terminal's width in cells, not characters: wide characters
    take two cells; no word is cut, and continuation lines sit under the first word."""
    from rich.cells import cell_len

    from careerplan.assess.prompts import _wrap_message, wrap

    message = "How would 山田 花子 rate 医療 leadership across the system? " * 3
    text, beside = _wrap_message(message.strip(), "[12/36]", width)
    lines = text.split("\n")
    assert len(lines) > 1
    assert cell_len("[12/36] " + lines[0]) <= width - 1
    assert all(cell_len(line) <= width - 1 for line in lines[1:])
    assert all(line.startswith(" " * 8) for line in lines[1:])
    assert " ".join(part.strip() for part in lines) == " ".join(message.split())
    assert beside == cell_len(lines[-1])
    hint = wrap("Consultants in England have 30 days in three years (often 10 a year).", 30)
    assert [cell_len(line) <= 30 for line in hint.split("\n")] == [True] * len(hint.split("\n"))
