"""Calendar reminders (iCalendar, RFC 5545) for a plan, written with the icalendar library.

One all-day event for each item's start and each target date, and one for each review
date with an alarm a week before. UIDs are derived from the person, the plan's start and
the item id, so exporting the same plan again gives the same UIDs and re-importing
updates the events instead of duplicating them. A dropped item's events are exported as
cancelled, so a calendar that had them marks them off; each recorded status change raises
an item's SEQUENCE, so calendars that compare revisions take the update.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from careerplan.plan import Plan
from careerplan.render.document import Document
from careerplan.wording import long_date

UID_DOMAIN = "careerplan"


def plan_key(plan: Plan) -> str:
    """A short stable identifier of this person's plan for this period."""
    seed = f"{' '.join((plan.profile.name or '').split()).casefold()}|{plan.start.isoformat()}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16]


def uid(plan: Plan, *parts: str) -> str:
    return "-".join(["plan", plan_key(plan), *parts]) + f"@{UID_DOMAIN}"


def render_ics(plan: Plan, doc: Document) -> bytes:
    from icalendar import Alarm, Calendar, Event

    from careerplan import __version__

    cal = Calendar()
    cal.add("prodid", f"-//careerplan//careerplan {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", doc.title)
    stamp = dt.datetime.combine(plan.generated_on, dt.time(0, 0), tzinfo=dt.UTC)

    def event(
        uid_: str,
        day: dt.date,
        summary: str,
        description: str,
        url: str | None = None,
        cancelled: bool = False,
        sequence: int = 0,
    ) -> Event:
        ev = Event()
        ev.add("uid", uid_)
        ev.add("dtstamp", stamp)
        ev.add("sequence", sequence)
        ev.add("dtstart", day)
        ev.add("dtend", day + dt.timedelta(days=1))
        ev.add("summary", summary)
        ev.add("description", description)
        ev.add("transp", "TRANSPARENT")
        ev.add("categories", ["Development plan"])
        ev.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        if url:
            ev.add("url", url)
        return ev

    for item in doc.items:
        link = f"\nLink: {item.url}" if item.url else ""
        common = (
            f"Action: {item.action}\n"
            f"Evidence for appraisal: {item.evidence}\n"
            f"Provider: {item.provider}{link}\n"
            f"Time: {item.hours}. Cost: {item.cost}.\n"
            f"Plan period: {long_date(doc.start)} to {long_date(doc.end)}."
        )
        cancelled = item.status_id == "dropped"
        revision = len(item.history)  # each recorded status change is a revision
        cal.add_component(
            event(
                uid(plan, item.id, "start"),
                item.start,
                f"Start: {item.title}",
                f'Start of "{item.title}" (phase {item.phase}: {item.phase_label}); target '
                f"date {long_date(item.target_date)}.\n{common}",
                item.url,
                cancelled,
                revision,
            )
        )
        cal.add_component(
            event(
                uid(plan, item.id, "target"),
                item.target_date,
                f"Target date: {item.title}",
                f'Target date for "{item.title}" (started {long_date(item.start)}).\n{common}',
                item.url,
                cancelled,
                revision,
            )
        )

    who = doc.mentor or "your mentor, coach or appraiser"
    for review in doc.reviews:
        ev = event(
            uid(plan, "review", str(review.number)),
            review.on,
            f"Development plan review {review.number} of {len(doc.reviews)}",
            f"{review.text}.\nBring the plan and the evidence for each item.\n"
            "Items: " + "; ".join(i.title for i in doc.items),
        )
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add(
            "description",
            f"Development plan review in a week ({long_date(review.on)}): book time with {who}",
        )
        alarm.add("trigger", dt.timedelta(days=-7))
        ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical()
