"""The calendar export, parsed back with icalendar."""

from __future__ import annotations

import datetime as dt

import pytest
from export_support import PERSONAS, load, plan_data, plan_path, run, write_plan
from icalendar import Calendar


def events(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


@pytest.mark.parametrize("persona", PERSONAS)
def test_one_event_per_start_target_and_review(persona: str) -> None:
    plan = load(persona)
    result = run("export", plan_path(persona), "--to", "ics")
    assert result.exit_code == 0, result.stderr
    evs = events(result.stdout_bytes)
    assert len(evs) == 2 * len(plan.items) + len(plan.reviews)
    uids = [str(e["UID"]) for e in evs]
    assert len(set(uids)) == len(uids)
    days = {str(e["UID"]): e.decoded("DTSTART") for e in evs}
    for item in plan.items:
        start = next(d for u, d in days.items() if u.endswith(f"-{item.id}-start@careerplan"))
        target = next(d for u, d in days.items() if u.endswith(f"-{item.id}-target@careerplan"))
        assert (start, target) == (item.start, item.target_date)
    reviews = sorted(d for u, d in days.items() if "-review-" in u)
    assert reviews == sorted(plan.reviews)


def test_events_describe_the_action_and_link() -> None:
    plan = load("new-md")
    evs = events(run("export", plan_path("new-md"), "--to", "ics").stdout_bytes)
    forum = next(
        e for e in evs if str(e["UID"]).endswith("mh-medical-directors-forum-start@careerplan")
    )
    description = str(forum["DESCRIPTION"])
    assert plan.items[0].action.split(",")[0] in description
    assert "https://www.nhsconfed.org/" in description
    assert str(forum["URL"]) == "https://www.nhsconfed.org/"
    assert isinstance(forum.decoded("DTSTART"), dt.date)
    assert not isinstance(forum.decoded("DTSTART"), dt.datetime)  # all-day


def test_reviews_have_an_alarm_a_week_before() -> None:
    evs = events(run("export", plan_path("new-md"), "--to", "ics").stdout_bytes)
    reviews = [e for e in evs if "-review-" in str(e["UID"])]
    assert reviews
    for review in reviews:
        alarms = review.walk("VALARM")
        assert len(alarms) == 1
        assert alarms[0].decoded("TRIGGER") == dt.timedelta(days=-7)
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
    items = [e for e in evs if "-review-" not in str(e["UID"])]
    assert all(not e.walk("VALARM") for e in items)


def test_uids_are_stable_across_runs_and_edits(tmp_path) -> None:
    first = run("export", plan_path("new-md"), "--to", "ics").stdout_bytes
    second = run("export", plan_path("new-md"), "--to", "ics").stdout_bytes
    assert first == second
    # A later review changes statuses and a date: same events, updated.
    data = plan_data("new-md")
    items = {item["id"]: item for item in data["items"]}
    forum = items["mh-medical-directors-forum"]
    forum["status"] = "complete"
    forum["status_date"] = dt.date(2027, 3, 20)
    forum["history"] = [{"on": dt.date(2027, 3, 20), "status": "complete"}]
    items["md-action-learning-set"]["target_date"] = dt.date(2027, 7, 30)
    edited = run("export", write_plan(tmp_path / "edited.yaml", data), "--to", "ics")
    assert edited.exit_code == 0, edited.stderr
    before = {str(e["UID"]): e for e in events(first)}
    after = {str(e["UID"]): e for e in events(edited.stdout_bytes)}
    assert before.keys() == after.keys()
    moved = next(u for u in after if u.endswith("md-action-learning-set-target@careerplan"))
    assert after[moved].decoded("DTSTART") == dt.date(2027, 7, 30)
    done = next(u for u in after if u.endswith("mh-medical-directors-forum-target@careerplan"))
    assert after[done]["SEQUENCE"] > before[done]["SEQUENCE"]


def test_another_person_gets_other_uids(tmp_path) -> None:
    data = plan_data("new-md")
    data["profile"]["name"] = "Dr Someone Else"
    other = events(run("export", write_plan(tmp_path / "o.yaml", data), "--to", "ics").stdout_bytes)
    mine = events(run("export", plan_path("new-md"), "--to", "ics").stdout_bytes)
    assert not {str(e["UID"]) for e in other} & {str(e["UID"]) for e in mine}


def test_dropped_items_are_cancelled() -> None:
    plan = load("clinical-director")
    dropped = [i.id for i in plan.items if i.status == "dropped"]
    assert dropped
    evs = events(run("export", plan_path("clinical-director"), "--to", "ics").stdout_bytes)
    for e in evs:
        is_dropped = any(f"-{d}-" in str(e["UID"]) for d in dropped)
        assert (str(e["STATUS"]) == "CANCELLED") == is_dropped
