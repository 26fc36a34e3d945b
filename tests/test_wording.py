"""careerplan.wording: every number, sum of money, date, plural and time in post a reader
sees is worded there, one way; a guard keeps formatting from growing back elsewhere."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from careerplan import wording

D = dt.date
PACKAGE = Path(__file__).parent.parent / "careerplan"


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (0, "£0"),
        (1500, "£1,500"),
        (1500.0, "£1,500"),
        (12.5, "£12.50"),
        (12.05, "£12.05"),
        (1234567.891, "£1,234,567.89"),
        (1199.999999, "£1,200"),  # a sum's float error is not shown as pence
        (0.004, "£0"),
        (-25, "-£25"),
    ],
)
def test_money_is_pounds_with_pence_only_when_there_are_some(value, said):
    assert wording.money(value) == said


@pytest.mark.parametrize(
    ("value", "places", "said"),
    [
        (1500, 2, "1,500"),
        (13.456, 2, "13.46"),
        (13.456, 1, "13.5"),
        (2.0, 2, "2"),
        (-0.001, 2, "0"),
    ],
)
def test_numbers_round_to_their_places_and_drop_trailing_zeros(value, places, said):
    assert wording.number(value, places) == said


def test_num_is_number_with_two_places():
    assert wording.num(1656) == "1,656" and wording.num(0.333) == "0.33" and wording.num(3.0) == "3"


def test_dates_are_day_first_short_on_screens_long_in_documents():
    day = D(2027, 2, 3)
    assert wording.date(day) == "3 Feb 2027"
    assert wording.date(day, weekday=True) == "Wednesday 3 Feb 2027"
    assert wording.long_date(day) == "3 February 2027"
    assert wording.month(day) == "Feb 2027"


@pytest.mark.parametrize(
    ("first", "last", "said"),
    [
        (D(2027, 2, 1), D(2027, 2, 28), "Feb 2027"),
        (D(2027, 2, 1), D(2027, 4, 30), "Feb–Apr 2027"),
        (D(2026, 11, 2), D(2028, 1, 31), "Nov '26–Jan '28"),
    ],
)
def test_month_spans_are_short(first, last, said):
    assert wording.month_span(first, last) == said


@pytest.mark.parametrize(
    ("count", "one", "many", "said"),
    [
        (1, "day", None, "1 day"),
        (2, "day", None, "2 days"),
        (0, "day", None, "0 days"),
        (1.5, "day", None, "1.5 days"),
        (1, "person", "people", "1 person"),
        (3, "person", "people", "3 people"),
        (1, "item has", "items have", "1 item has"),
        (2, "item has", "items have", "2 items have"),
        (1200, "hour", None, "1,200 hours"),
    ],
)
def test_plurals(count, one, many, said):
    assert wording.plural(count, one, many) == said
    assert wording.noun(count, one, many) == said.split(" ", 1)[1]


@pytest.mark.parametrize(
    ("years", "said"),
    [
        (0, "new in post"),
        (0.02, "new in post"),  # under a fortnight
        (1 / 12, "1 month in post"),
        (0.5, "6 months in post"),
        (0.99, "12 months in post"),
        (1, "1 year in post"),
        (2.5, "2.5 years in post"),
        (12, "12 years in post"),
    ],
)
def test_time_in_post(years, said):
    assert wording.in_post(years) == said


def test_ratings_lists_sentences_and_cost_notes():
    assert wording.rating(2, 4) == "2 of 4" and wording.rating(5, 5) == "5 of 5"
    assert wording.and_list(["a"]) == "a" and wording.and_list(["a", "b", "c"]) == "a, b and c"
    assert wording.or_list(["a", "b"]) == "a or b" and wording.and_list([]) == ""
    assert wording.sentence("about 3 hours") == "About 3 hours"
    assert wording.cost_note("Cost unknown: ask the provider.") == "Unknown: ask the provider."
    assert wording.cost_note("Free.") == "Free."


# ----------------------------------------------------------------------------- the guard

# Formatting that belongs in wording.py (or, for the scale's top, in the assessment data).
# Machine formats (%Y-%m-%d, isoformat, the calendar's own) are not wording and stay.
FORBIDDEN = {
    "a rating 'of 4'": re.compile(r"\bof 4\b"),
    "arithmetic on a hard-coded top rating": re.compile(
        r"\b4 [-−] (?:\w+\.)*\w*(?:rating|counted)"
    ),
    "a month and year formatted by hand": re.compile(r"%[bB] %Y"),
    "pounds formatted by hand": re.compile(r"£\{"),
    "a plural made by hand": re.compile(r"""['"]s['"] if \S+ != 1 else ['"]['"]"""),
}


def _sources() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if p.name != "wording.py"] + sorted(
        (PACKAGE / "templates").glob("*.j2")
    )


def test_wording_is_formatted_only_in_wording_py():
    found = []
    for path in _sources():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for what, pattern in FORBIDDEN.items():
                if pattern.search(line):
                    found.append(f"{path.relative_to(PACKAGE)}:{n}: {what}: {line.strip()}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        'rated = f"rated {rating} of 4"',
        "gap = 4 - n.counted_rating",
        'bar = "█" * rating + "░" * (4 - rating)',
        'return f"{day.day} {day:%b %Y}"',
        'return f"{day:%B %Y}"',
        'return f"£{value:,.0f}"',
        """f"{n} day{'s' if n != 1 else ''}\"""",
    ],
)
def test_the_guard_catches_what_it_is_for(line):
    assert any(p.search(line) for p in FORBIDDEN.values()), line


def test_the_guard_leaves_machine_formats_alone():
    for line in ('f"{day:%Y-%m-%d}"', "day.isoformat()", 'day.strftime("%b")[0]'):
        assert not any(p.search(line) for p in FORBIDDEN.values()), line


@pytest.mark.parametrize(
    ("value", "unit", "said"),
    [
        (1500, "money", "£1,500"),
        (1, "days a week", "1 day a week"),
        (2.5, "days a week", "2.5 days a week"),
        (1, "years", "1 year"),
        (0.5, "years", "0.5 years"),
        (6, "hours a month", "6 hours a month"),
    ],
)
def test_an_answer_is_shown_with_its_unit(value, unit, said):
    assert wording.quantity(value, unit) == said


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (1, "1 hour"),
        (0.96, "1 hour"),
        (2.5, "2.5 hours"),
        (12.25, "12.2 hours"),
        (1656, "1,656 hours"),
    ],
)
def test_hours_are_said_to_a_tenth_one_way(value, said):
    assert wording.hours(value) == said
    assert said.startswith(wording.tenths(value) + " ")
