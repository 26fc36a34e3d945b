"""The calendar export, parsed back with icalendar."""

from __future__ import annotations

import datetime as dt

import pytest
from export_support import PERSONAS, load, plan_data, plan_path, run, write_plan
from icalendar import Calendar

from careerplan.engine.calendar import is_working_day, working_day

PERSONA_PROFILES = __import__("pathlib").Path(__file__).parent / "personas"


def events(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def month(day: dt.date) -> str:
    return f"{day:%Y-%m}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_starts_and_targets_fold_into_one_event_a_month(persona: str) -> None:
    plan = load(persona)
    result = run("export", plan_path(persona), "--to", "ics")
    assert result.exit_code == 0, result.stderr
    evs = events(result.stdout_bytes)
    uids = [str(e["UID"]) for e in evs]
    assert len(set(uids)) == len(uids)
    days = {u.split("@")[0]: e.decoded("DTSTART") for u, e in zip(uids, evs, strict=True)}
    starts = {i.start for i in plan.items}
    targets = {i.target_date for i in plan.items} - set(plan.reviews)
    assert len(evs) == len(starts) + len(targets) + len(plan.reviews)
    assert len(evs) < 2 * len(plan.items) + len(plan.reviews)  # fewer than one per date
    by_summary = {str(e["SUMMARY"]): e for e in evs}
    for item in plan.items:
        start = next(e for s, e in by_summary.items() if s.startswith("Start:") and item.title in s)
        assert start.decoded("DTSTART") == working_day(item.start, after=True)
        if item.target_date in plan.reviews:
            review = next(e for e in evs if e.decoded("DTSTART") == item.target_date)
            assert "-review-" in str(review["UID"])
            assert item.title in str(review["DESCRIPTION"]).split("Due by this review")[1]
        else:
            due = next(
                e for s, e in by_summary.items() if s.startswith("Target") and item.title in s
            )
            assert due.decoded("DTSTART") == working_day(item.target_date)
    assert all(is_working_day(day) for day in days.values())


def test_first_steps_are_events_with_alarms_on_working_days(tmp_path) -> None:
    saved = tmp_path / "plan.yaml"
    made = run("plan", str(PERSONA_PROFILES / "consultant-aspiring.yaml"), "--save", str(saved))
    assert made.exit_code == 0, made.stderr
    plan = load(saved)
    steps = [i for i in plan.items if i.first_step_by]
    assert steps
    evs = {str(e["UID"]): e for e in events(run("export", str(saved), "--to", "ics").stdout_bytes)}
    for item in steps:
        ev = next(e for u, e in evs.items() if u.endswith(f"-{item.id}-step@careerplan"))
        assert ev.decoded("DTSTART") == item.first_step_by
        assert is_working_day(item.first_step_by)
        assert str(ev["SUMMARY"]).startswith("Do: ")
        assert item.first_step in str(ev["DESCRIPTION"])
        triggers = sorted(a.decoded("TRIGGER") for a in ev.walk("VALARM"))
        assert triggers == [dt.timedelta(days=-7), dt.timedelta(hours=9)]  # a week ahead; 9 am
    again = {str(e["UID"]) for e in events(run("export", str(saved), "--to", "ics").stdout_bytes)}
    assert again == set(evs)  # re-importing updates the same events
    # Once the item is under way its first step is taken: the event stays, without alarms.
    first = steps[0]
    assert run("review", str(saved), "--item", first.id, "--status", "in-progress").exit_code == 0
    later = {
        str(e["UID"]): e for e in events(run("export", str(saved), "--to", "ics").stdout_bytes)
    }
    step = next(e for u, e in later.items() if u.endswith(f"-{first.id}-step@careerplan"))
    assert not step.walk("VALARM")
    assert step["SEQUENCE"] > evs[str(step["UID"])]["SEQUENCE"]


def test_events_describe_the_action_and_link() -> None:
    plan = load("new-md")
    evs = events(run("export", plan_path("new-md"), "--to", "ics").stdout_bytes)
    forum = next(e for e in evs if "Mental Health Medical Directors Forum" in str(e["SUMMARY"]))
    description = str(forum["DESCRIPTION"])
    assert plan.items[0].action.split(",")[0] in description
    assert "https://www.nhsconfed.org/" in description
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
    items = [e for e in evs if "-review-" not in str(e["UID"]) and "-step@" not in str(e["UID"])]
    assert all(not e.walk("VALARM") for e in items)  # starts and targets: no alarm


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
    items["md-action-learning-set"]["target_date"] = dt.date(2027, 6, 25)  # same month
    edited = run("export", write_plan(tmp_path / "edited.yaml", data), "--to", "ics")
    assert edited.exit_code == 0, edited.stderr
    before = {str(e["UID"]): e for e in events(first)}
    after = {str(e["UID"]): e for e in events(edited.stdout_bytes)}
    assert before.keys() == after.keys()
    moved = next(u for u in after if u.endswith("-target-2027-06@careerplan"))
    assert after[moved].decoded("DTSTART") == dt.date(2027, 6, 25)
    done = next(
        u
        for u, e in after.items()
        if "Mental Health Medical Directors Forum" in str(e["SUMMARY"]) and "-target-" in u
    )
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
    titles = {i.title for i in plan.items if i.status != "dropped"}
    for e in evs:
        uid = str(e["UID"])
        if "-review-" in uid:
            assert str(e["STATUS"]) == "CONFIRMED"
            continue
        # A start or target event is cancelled when every item in it was dropped.
        live = any(t in str(e["SUMMARY"]) for t in titles)
        assert (str(e["STATUS"]) == "CANCELLED") == (not live), e["SUMMARY"]
