"""Calendar reminders (iCalendar, RFC 5545) for a plan, written with the icalendar library.

The calendar holds what a doctor must do and when, in as few events as say it:
- each dated first step ("By 15 Jan 2027: book the study leave ...") is an event on its
  day, with an alarm a week before and one at 9 am on the day;
- the items that start on a day are one event ("Start: A; B"), and the items due on a day
  one event (in a new plan, items start on a month's first working day and are due on its
  last);
- each review is an event with an alarm a week before; the targets due on a review's day
  (the last working day of its month) are listed in it rather than in an event of their
  own.
Every date is a working day in England (the plan's dates already are).

UIDs are derived from the person, the plan's start and what the event is for (an item's
id for its first step; the month, and which day in it, for starts and targets; the
review's number), so
exporting the same plan again gives the same UIDs and re-importing updates the events
instead of duplicating them. An event whose items were all dropped is exported as
cancelled, so a calendar that had it marks it off; each recorded status change raises an
event's SEQUENCE, so calendars that compare revisions take the update.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from careerplan.engine.calendar import working_day
from careerplan.model.plan import Plan
from careerplan.render.document import Document, ItemView
from careerplan.wording import long_date

if TYPE_CHECKING:
    from icalendar import Alarm, Event

UID_DOMAIN = "careerplan"


def plan_key(plan: Plan) -> str:
    """A short stable identifier of this person's plan for this period."""
    seed = f"{' '.join((plan.profile.name or '').split()).casefold()}|{plan.start.isoformat()}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16]


def uid(plan: Plan, *parts: str) -> str:
    return "-".join(["plan", plan_key(plan), *parts]) + f"@{UID_DOMAIN}"


#: Statuses after which an item's first step has been taken: its event keeps its place in
#: the calendar but loses its alarms.
UNDER_WAY = ("in-progress", "complete")


def render_ics(plan: Plan, doc: Document) -> bytes:
    from icalendar import Calendar

    from careerplan import __version__

    cal = Calendar()
    cal.add("prodid", f"-//careerplan//careerplan {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", doc.title)
    events = _Events(plan, doc)
    for ev in [*events.first_steps(), *events.starts(), *events.targets(), *events.reviews()]:
        cal.add_component(ev)
    return cal.to_ical()


def _month(day: dt.date) -> str:
    return f"{day:%Y-%m}"


class _Events:
    """The plan's events, made from its document (what the exports show) and its items
    (the first steps)."""

    def __init__(self, plan: Plan, doc: Document):
        self.plan, self.doc = plan, doc
        self.stamp = dt.datetime.combine(plan.generated_on, dt.time(0, 0), tzinfo=dt.UTC)
        self.steps = {i.id: i for i in plan.items}
        self.review_days = {r.on for r in doc.reviews}

    def event(
        self,
        uid_: str,
        day: dt.date,
        summary: str,
        description: str,
        *,
        url: str | None = None,
        items: Sequence[ItemView] = (),
        start: bool = False,
    ) -> Event:
        from icalendar import Event

        ev = Event()
        ev.add("uid", uid_)
        ev.add("dtstamp", self.stamp)
        ev.add("sequence", sum(len(i.history) for i in items))  # a status change: a revision
        day = working_day(day, after=start)  # a plan saved before dates kept to them
        ev.add("dtstart", day)
        ev.add("dtend", day + dt.timedelta(days=1))
        ev.add("summary", summary)
        ev.add("description", description)
        ev.add("transp", "TRANSPARENT")
        ev.add("categories", ["Development plan"])
        cancelled = bool(items) and all(i.status_id == "dropped" for i in items)
        ev.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        if url:
            ev.add("url", url)
        return ev

    def first_steps(self) -> list[Event]:
        out = []
        for item in self.doc.items:
            planned = self.steps.get(item.id)
            if planned is None or planned.first_step_by is None or not planned.first_step:
                continue
            day = planned.first_step_by
            ev = self.event(
                uid(self.plan, item.id, "step"),
                day,
                f"Do: {_first_words(planned.first_step)}",
                f'{planned.first_step}\nThe first step of "{item.title}" (item '
                f"{item.number}), which starts {long_date(item.start)}.\n"
                + _about(item, action=item.action.removeprefix(planned.first_step).strip()),
                url=item.url,
                items=[item],
            )
            if item.status_id not in UNDER_WAY:  # a step already taken needs no reminder
                ev.add_component(_alarm(dt.timedelta(days=-7), f"In a week: {planned.first_step}"))
                ev.add_component(_alarm(dt.timedelta(hours=9), planned.first_step))
            out.append(ev)
        return out

    def starts(self) -> list[Event]:
        out = []
        for key, items in _by_day(self.doc.items, lambda i: i.start).items():
            live = _live(items)
            out.append(
                self.event(
                    uid(self.plan, "start", key),
                    live[0].start,
                    "Start: " + "; ".join(i.title for i in live),
                    "\n\n".join(
                        f"Item {i.number}, {i.title}: starts {long_date(i.start)}; target "
                        f"date {long_date(i.target_date)}.\n{_about(i)}"
                        for i in live
                    ),
                    url=live[0].url if len(live) == 1 else None,
                    items=items,
                    start=True,
                )
            )
        return out

    def targets(self) -> list[Event]:
        out = []
        for key, items in _by_day(self.doc.items, lambda i: i.target_date).items():
            if items[0].target_date in self.review_days:
                continue  # listed in that day's review
            live = _live(items)
            out.append(
                self.event(
                    uid(self.plan, "target", key),
                    live[0].target_date,
                    "Target date: " + "; ".join(i.title for i in live),
                    "\n\n".join(_due(i) for i in live),
                    url=live[0].url if len(live) == 1 else None,
                    items=items,
                )
            )
        return out

    def reviews(self) -> list[Event]:
        doc = self.doc
        who = doc.mentor or "your mentor, coach or appraiser"
        out = []
        for review in doc.reviews:
            items = [i for i in doc.items if i.target_date == review.on]
            live = [i for i in items if i.status_id != "dropped"]
            targets = ""
            if live:
                targets = "\n\nDue by this review:\n" + "\n\n".join(_due(i) for i in live)
            ev = self.event(
                uid(self.plan, "review", str(review.number)),
                review.on,
                f"Development plan review {review.number} of {len(doc.reviews)}",
                f"{review.text}.\nBring the plan and the evidence for each item.\n"
                "Items: " + "; ".join(i.title for i in doc.items) + targets,
                items=items,
            )
            ev["status"] = "CONFIRMED"  # a review stands whatever its items' fate
            ev.add_component(
                _alarm(
                    dt.timedelta(days=-7),
                    f"Development plan review in a week ({long_date(review.on)}): book "
                    f"time with {who}",
                )
            )
            out.append(ev)
        return out


def _by_day(
    items: Sequence[ItemView], when: Callable[[ItemView], dt.date]
) -> dict[str, list[ItemView]]:
    """The items by the day `when` gives, each day keyed by its month ("2027-06"; a second
    day in the same month "2027-06-2"), so that a day's event keeps its UID when the plan
    is exported again, whatever happens in other months."""
    days: dict[dt.date, list[ItemView]] = {}
    for item in sorted(items, key=lambda i: (when(i), i.number)):
        days.setdefault(when(item), []).append(item)
    out: dict[str, list[ItemView]] = {}
    for day, on_day in days.items():
        key = n = _month(day)
        count = 1
        while key in out:
            count += 1
            key = f"{n}-{count}"
        out[key] = on_day
    return out


def _live(items: list[ItemView]) -> list[ItemView]:
    """The items not dropped; all of them when every one was (the event is cancelled)."""
    return [i for i in items if i.status_id != "dropped"] or items


def _about(item: ItemView, action: str | None = None) -> str:
    """What an item asks and shows; `action` in place of the whole action (a first step's
    event says the step itself first, then "Then ...")."""
    link = f"\nLink: {item.url}" if item.url else ""
    return (
        f"Action: {item.action if action is None else action}\n"
        f"Evidence for appraisal: {item.evidence}\n"
        f"Provider: {item.provider}{link}\n"
        f"Time: {item.time}. Cost: {item.cost.rstrip('. ')}."
    )


def _due(item: ItemView) -> str:
    return (
        f"Item {item.number}, {item.title}: due {long_date(item.target_date)} (started "
        f"{long_date(item.start)}); status: {item.status}.\n{_about(item)}"
    )


def _first_words(step: str, most: int = 60) -> str:
    """The first step without its "By DATE: " (the event's date says it), cut short."""
    text = step.split(": ", 1)[1] if step.startswith("By ") and ": " in step else step
    text = text.rstrip(".")
    if len(text) <= most:
        return text
    return text[: most - 1].rsplit(" ", 1)[0] + "…"


def _alarm(trigger: dt.timedelta, description: str) -> Alarm:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    alarm.add("trigger", trigger)
    return alarm
