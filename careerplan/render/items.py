"""The items of a plan as every view shows them: one ItemView an item, in reading order.

`item_views(plan, vocab)` turns each PlanItem (ids, numbers, dates) into the words a
reader sees: labels, its months, its time, its cost and funding (worded by
render/item_words.py), each in a long form for a document and a short one for a table cell.
The exports take them inside the Document (render/document.py); the terminal
(render/plan_terminal.py, render/plain.py) takes them from here, so that a screen and a
document number, order and word every item alike. Kept apart from the Document so that
the terminal's start-up does not pay for the rest of it. Text here is raw: escaping
belongs to each output format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from careerplan import wording
from careerplan.render import item_words
from careerplan.textsafe import one_line, unsafe_char
from careerplan.wording import long_date

if TYPE_CHECKING:
    from careerplan.model.assessment import Vocabularies
    from careerplan.model.frameworks import Framework
    from careerplan.model.plan import Plan, PlanItem

UNKNOWN = "unknown"


class HistoryView(NamedTuple):
    """One dated entry in an item's progress history: its status and any note."""

    on: dt.date
    status: str
    note: str | None


@dataclass(frozen=True)
class ItemView:
    number: int
    id: str
    title: str
    kind: str
    provider: str
    url: str | None
    phase: int
    phase_label: str
    start: dt.date
    target_date: dt.date
    hours: str
    cost: str
    funding: str
    areas: list[str]
    needs: list[str]
    goals: list[str]
    reasons: list[str]
    action: str
    evidence: str
    source: str
    status: str
    status_id: str
    status_date: dt.date | None
    history: list[HistoryView]
    link_note: str = ""  # the catalogue's note on the link (an example region), or NO_LINK
    gmc: list[str] = field(default_factory=list)  # Good medical practice domains it evidences
    why: str = ""  # the reasons as one paragraph, for an appraiser
    when: str = ""  # its months: 'January to March 2027'
    time: str = ""  # the person's own hours and study leave: 'about 12 hours of your own time'
    months: str = ""  # its months in a table cell: 'Jan–Mar 2027'
    time_short: str = ""  # its time in a table cell: '2 h/month', '~6 h', '2 days leave'
    cost_short: str = ""  # its cost in a table cell: 'free', '£1,200', 'ask price'
    funding_short: str = ""  # the funding routes the short cost does not already say
    arithmetic: str = ""  # the score's arithmetic (the appendix, with --explain)
    about: str = ""  # what, from whom, when, time and cost, in one sentence


def item_views(plan: Plan, vocab: Vocabularies, medical: Framework | None = None) -> list[ItemView]:
    """The plan's items as every view shows them, numbered in reading order; `medical`
    (the Good medical practice framework) adds the domains each evidences. The terminal
    draws its table and details from these, the exports from the Document that holds them."""
    priority_rank = {p.area: i for i, p in enumerate(plan.priorities)}
    return [
        _item(i + 1, item, vocab, priority_rank, medical)
        for i, item in enumerate(ordered(plan.items))
    ]


def ordered(items: list[PlanItem]) -> list[PlanItem]:
    """Reading order: by phase, then start date; ties keep the plan's own order."""
    return sorted(items, key=lambda i: (i.phase, i.start))


def _item(
    number: int,
    item: PlanItem,
    vocab: Vocabularies,
    priority_rank: dict[str, int],
    medical: Framework | None,
) -> ItemView:
    needs = sorted((a for a in item.areas if a in priority_rank), key=priority_rank.__getitem__)
    return ItemView(
        number=number,
        id=item.id,
        title=item.title,
        kind=vocab.label("kinds", item.kind),
        provider=item.provider,
        url=safe_url(item.url),
        link_note=_link_note(item),
        phase=item.phase,
        phase_label=item.phase_label,
        start=item.start,
        target_date=item.target_date,
        hours=item_words.hours(item.hours, item.hours_basis),
        cost=item_words.cost(item.cost, item.cost_note, vocab),
        funding=", ".join(vocab.label("funding", f) for f in item.funding) or UNKNOWN,
        areas=[vocab.label("areas", a) for a in item.areas],
        needs=[vocab.label("areas", a) for a in (needs or item.areas)],
        goals=[vocab.label("goals", g) for g in item.goals],
        # The score's arithmetic is for the terminal and the plan data; an appraiser
        # reads the reasons in words.
        reasons=[r for r in item.reasons if not r.startswith("Score: ")],
        action=item.action,
        evidence=item.evidence,
        source=item.source,
        status=status_text(item.status, item.status_date, vocab),
        status_id=item.status,
        status_date=item.status_date,
        history=[
            HistoryView(on=h.on, status=vocab.label("statuses", h.status), note=h.note)
            for h in item.history
        ],
        gmc=[d.name for d in medical.domains_for(needs or item.areas)] if medical else [],
        why=_paragraph(r for r in item.reasons if not r.startswith("Score: ")),
        when=item_words.long_months(item),
        time=item_words.time(item),
        months=item_words.months(item),
        time_short=item_words.short_time(item),
        cost_short=item_words.short_cost(item, vocab),
        funding_short=item_words.short_funding(item, vocab),
        arithmetic=item.arithmetic or "",
        about=_about(item, vocab),
    )


def _paragraph(sentences: Iterable[str]) -> str:
    """Sentences as one paragraph, each with its capital and its full stop."""
    out = []
    for text in sentences:
        text = clean_text(text)
        if text:
            out.append(wording.sentence(text) + ("" if text[-1] in ".!?" else "."))
    return " ".join(out)


def _about(item: PlanItem, vocab: Vocabularies) -> str:
    """'Coaching: Accredited coach; February to July 2027; about 12 hours of your own
    time; cost: free.'"""
    kind = vocab.label("kinds", item.kind)
    cost = item_words.cost(item.cost, item.cost_note, vocab).rstrip(". ")
    if cost[1:2].islower():  # 'Free by ...' -> 'free by ...', never 'NHS' -> 'nHS'
        cost = cost[:1].lower() + cost[1:]
    when = item_words.long_months(item)
    # 'cost unknown: ask the provider ...', not 'cost: unknown: ask the provider ...'
    said = f"cost {cost}" if cost.startswith("unknown:") else f"cost: {cost}"
    return f"{kind}: {item.provider}; {when}; {item_words.time(item)}; {said}."


def clean_text(value: object) -> str:
    """`value` as one line of plain text: no control or bidi characters, single spaces,
    nothing Word's XML cannot hold (careerplan/textsafe.py has the rules)."""
    return one_line(value)


def status_text(status: str, on: dt.date | None, vocab: Vocabularies) -> str:
    label = vocab.label("statuses", status)
    # 'Complete on 12 May 2027', as appraisal toolkits put it.
    return f"{label} on {long_date(on)}" if on else label


NO_LINK = "none recorded; search for the provider"


def _link_note(item: PlanItem) -> str:
    """The catalogue's own note on an item's link (one region's register as an example, an
    action in your own organisation with no page), else that none is known where there is
    no link."""
    if item.link_note:
        return item.link_note
    return "" if item.url else NO_LINK


def safe_url(url: str | None) -> str | None:
    """`url` if it is a plain web address; anything else (javascript:, data:) is dropped."""
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if unsafe_char(url) or any(ch.isspace() or ch in '<>"`\\' for ch in url):
        return None
    return url
