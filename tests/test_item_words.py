"""render/item_words.py: an item's months, time and cost, said one way in each form."""

from __future__ import annotations

import datetime as dt

import pytest
from plan_factory import catalogue, item

from careerplan.render import item_words

D = dt.date


def _item(**change):
    return item("executive-coaching").model_copy(update=change)


@pytest.mark.parametrize(
    ("value", "basis", "said"),
    [
        (1, "source", "1 hour"),
        (1, "estimate", "about 1 hour (estimate)"),
        (12.25, "source", "12.2 hours"),
        (3, "allowance", "3 hours allowed for planning (the provider gives no duration; check)"),
        ("unknown", "estimate", "unknown (check with the provider)"),
    ],
)
def test_total_hours_are_singular_for_one_and_said_to_a_tenth(value, basis, said):
    assert item_words.hours(value, basis) == said


@pytest.mark.parametrize(
    ("start", "target", "short", "long"),
    [
        (D(2027, 1, 4), D(2027, 1, 29), "Jan 2027", "January 2027"),
        # Under 31 days, begun late in one month: said as the month it is done in, alike.
        (D(2027, 1, 25), D(2027, 2, 12), "Jan 2027", "January 2027"),
        (D(2027, 3, 1), D(2027, 11, 30), "Mar–Nov 2027", "March to November 2027"),
        (D(2026, 11, 2), D(2028, 1, 31), "Nov '26–Jan '28", "November 2026 to January 2028"),
    ],
)
def test_short_and_long_months_name_the_same_months(start, target, short, long):
    it = _item(start=start, target_date=target)
    assert (item_words.months(it), item_words.long_months(it)) == (short, long)


def test_time_is_own_hours_then_leave_then_work_time():
    it = _item(personal_hours=12.25, leave_days=2, work_hours_per_month=1, hours_basis="estimate")
    assert item_words.time(it) == (
        "about 12.2 hours of your own time, 2 days of study leave and 1 hour a month of work "
        "time your employer releases or protects"
    )


@pytest.mark.parametrize(
    ("change", "cell"),
    [
        (dict(time_shape="block", leave_days=2, personal_hours=0), "2 days leave"),
        (dict(hours_per_month=2, personal_hours=18), "2 h/month"),
        (dict(hours_per_month=2, personal_hours=18, leave_days=1), "2 h/month + 1d leave"),
        (dict(hours_per_month=0.92, personal_hours=11), "about 1 h/month"),
        (dict(hours_per_month=0.4, personal_hours=5), "under 1 h/month"),
        # Within a month: the person's own hours, as the documents count them, not the
        # total with the leave in it.
        (
            dict(target_date=D(2027, 1, 20), personal_hours=6, leave_days=1, hours=13.5),
            "~6 h + 1d leave",
        ),
        (dict(target_date=D(2027, 1, 20), personal_hours=0, leave_days=1), "1d leave"),
    ],
)
def test_the_time_cell(change, cell):
    assert item_words.short_time(_item(hours_basis="estimate", **change)) == cell


def test_an_unknown_price_with_a_note_is_said_by_the_note_alone():
    vocab = catalogue().vocab
    note = "Its free route is open only to NHS organisations. Cost unknown: ask the provider."
    assert item_words.cost("unknown", note, vocab) == note
    assert item_words.cost(0, None, vocab) == "free"
    assert item_words.cost(1200, None, vocab) == "£1,200"
    assert (
        item_words.cost(1200, "Paid by your employer.", vocab) == "£1,200. Paid by your employer."
    )
