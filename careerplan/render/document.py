"""The content model of an exported plan: what a reader sees, in reading order.

`build(plan, assessment)` turns a Plan (ids, numbers, dates) into a Document of human
words (labels, money, hours, phases, sources), built once an export. The markdown and HTML
layouts are templates over it; Word, the calendar and the CSV/text for appraisal toolkits
draw it too, so none can say different things. Its items are the ItemViews of
`careerplan.render.items`, which the terminal draws as well, each item's months, time and
cost worded once by `careerplan.render.item_words`. Text here is raw: escaping belongs to
each output format (see `careerplan.render.markdown` and `careerplan.render.html`).
Numbers, money and dates are worded by `careerplan.wording`; dates in the long form every
document uses ('4 January 2027').
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from careerplan import wording
from careerplan.model.assessment import Assessment
from careerplan.model.frameworks import BoardRequirement, Framework, Frameworks, ratings_by_domain
from careerplan.model.plan import Plan
from careerplan.render import item_words
from careerplan.render.items import (
    ItemView,
    clean_text,
    item_views,
    ordered,
    safe_url,
)
from careerplan.wording import long_date

UNKNOWN = "unknown"
#: A need the plan does not meet, said for an appraiser from why its best entry is out (the
#: terminal's own sentence names the figures and the flags to try).
UNMET_NONE = (
    "nothing in the catalogue builds it for you yet: ask your mentor or appraiser about an "
    "opportunity in your organisation or system."
)
UNMET_LIMITS = (
    "what would build it does not fit this plan's time, money or length: agree with your "
    "appraiser whether it should come before something in the plan."
)
UNMET_OTHER = "nothing in this plan builds it much yet: agree with your appraiser how to meet it."
UNMET_WORDS = {
    "none": UNMET_NONE,
    **{
        reason: UNMET_LIMITS
        for reason in (
            "hours",
            "months",
            "leave",
            "too-long",
            "budget",
            "open-price",
            "top",
            "protected",
            "crowded",
            "no-budget",
            "after-rung",
        )
    },
}

#: Note kinds that advise on using careerplan (plan again with --top, --horizon, --include)
#: rather than on the person's development: for the terminal, not an appraiser.
TOOL_NOTES = ("room", "budget")


@dataclass(frozen=True)
class Fact:
    """One line of the summary: a label and its value."""

    label: str
    value: str


@dataclass(frozen=True)
class PriorityView:
    rank: int
    area: str
    label: str
    rating: int | None
    rating_label: str
    need: float
    why: str


@dataclass(frozen=True)
class RatingView:
    """One bar of the ratings chart."""

    area: str
    label: str
    rating: int
    rating_label: str
    priority: bool


@dataclass(frozen=True)
class PhaseView:
    number: int
    label: str
    start: dt.date
    end: dt.date
    items: list[ItemView]
    when: str = ""  # "Items start between Jan and Mar 2027; the last finishes Jun 2027."


@dataclass(frozen=True)
class ReviewView:
    number: int
    on: dt.date
    text: str


@dataclass(frozen=True)
class LabelledText:
    """A note, an unmet need or a piece of support already in place."""

    label: str
    text: str


@dataclass(frozen=True)
class SourceView:
    title: str
    publisher: str
    authors: str | None
    date: str | None
    url: str | None


@dataclass(frozen=True)
class ProviderView:
    name: str
    url: str | None
    items: list[ItemView]


@dataclass(frozen=True)
class DomainUse:
    """A framework domain and the plan's items that develop it."""

    domain: str
    items: list[str]


@dataclass(frozen=True)
class BoardView:
    """The board appraisal section: the board framework's domains the plan develops and
    the ones it leaves untouched."""

    framework: str
    publisher: str
    status: str
    checked: dt.date
    developed: list[DomainUse]
    untouched: list[str]
    fppt: str
    sources: list[SourceView]
    caveat: str = ""  # outside NHS bodies: what is not known, and the report's own caveat


@dataclass(frozen=True)
class RatingGroup:
    domain: str
    ratings: list[LabelledText]  # area label, rating text


@dataclass(frozen=True)
class RatingsByView:
    """The self-ratings grouped by one framework's domains."""

    framework: str
    groups: list[RatingGroup]


@dataclass(frozen=True)
class OthersView:
    """Colleagues' ratings beside the person's own (render/feedback.py words them)."""

    heading: str
    lines: list[str]
    comments: list[str]


@dataclass(frozen=True)
class Document:
    """Everything an exported plan shows. Field names are the custom-layout variables."""

    title: str
    person: str | None
    start: dt.date
    end: dt.date
    generated_on: dt.date
    generator: str
    stage: str
    summary: list[Fact]
    priorities: list[PriorityView]
    ratings: list[RatingView]
    items: list[ItemView]
    phases: list[PhaseView]
    notes: list[LabelledText]
    unmet: list[LabelledText]
    left_out: list[LabelledText]
    acknowledged: list[LabelledText]
    reviews: list[ReviewView]
    sources: list[SourceView]
    providers: list[ProviderView]
    mentor: str | None
    footer: str
    extra: dict = field(default_factory=dict)
    scale: dict[int, str] = field(default_factory=dict)  # the rating scale: 1..top -> label
    board: BoardView | None = None  # board-level roles only
    ratings_by: RatingsByView | None = None  # when asked for (export --by FRAMEWORK)
    role: str = ""  # 'Medical director or chief medical officer, NHS trust'
    explain: bool = False  # export --explain: an appendix with the arithmetic
    others: OthersView | None = None  # colleagues' ratings, when the plan has them


def _others(plan: Plan, assessment: Assessment) -> OthersView | None:
    if plan.feedback is None:
        return None
    from careerplan.render import feedback as words

    labels = {t.id: t.label for t in assessment.vocabularies.areas}
    return OthersView(
        heading=words.heading(plan.feedback),
        lines=[clean_text(line) for line in words.lines(plan.feedback, labels, every_area=True)],
        comments=[clean_text(line) for line in words.comments(plan.feedback)],
    )


def build(
    plan: Plan,
    assessment: Assessment,
    frameworks: Frameworks | None = None,
    by: Framework | None = None,
    explain: bool = False,
) -> Document:
    """The Document for `plan`, with every id turned into its label.

    `frameworks` (the catalogue's) adds each item's Good medical practice domains and, for
    a board-level role, the board appraisal section; `by` groups the self-ratings by that
    framework's domains; `explain` adds the appendix with the scoring arithmetic.
    """
    vocab = assessment.vocabularies
    profile = plan.profile
    frameworks = frameworks or Frameworks()
    priority_rank = {p.area: i for i, p in enumerate(plan.priorities)}
    items = item_views(plan, vocab, frameworks.medical)
    person = _clean(profile.name) or None
    mentor = _clean(plan.mentor or profile.mentor or "") or None
    return Document(
        others=_others(plan, assessment),
        title=f"Development plan: {person}" if person else "Development plan",
        person=person,
        start=plan.start,
        end=plan.end,
        generated_on=plan.generated_on,
        generator=plan.generator,
        stage=vocab.label("stages", plan.stage),
        summary=_summary(plan, assessment, mentor),
        priorities=[
            PriorityView(
                rank=i + 1,
                area=p.area,
                label=p.label or vocab.label("areas", p.area),
                rating=p.rating,
                rating_label=_rating_text(p.rating, assessment),
                need=p.need,
                why=p.why,
            )
            for i, p in enumerate(plan.priorities)
        ],
        ratings=[
            RatingView(
                area=area,
                label=vocab.label("areas", area),
                rating=rating,
                rating_label=assessment.scale_label(rating),
                priority=area in priority_rank,
            )
            for area in vocab.ids()["areas"]
            if (rating := profile.ratings.get(area)) is not None
        ],
        items=items,
        phases=_phases(items),
        # Why the plan is not fuller is advice on using careerplan (--top, --horizon), for
        # the terminal; a document for an appraiser leaves it out.
        notes=[
            LabelledText(label=n.source, text=n.text)
            for n in plan.notes
            if n.kind not in TOOL_NOTES
        ],
        unmet=[
            LabelledText(
                label=vocab.label("areas", u.area),
                # Plans made before the reason was recorded keep their own sentence.
                text=_unmet_text(profile.ratings.get(u.area), u.reason, assessment)
                if u.reason
                else u.message,
            )
            for u in plan.unmet
        ],
        # Plans from engines that record opportunities kept out by the limits.
        left_out=[
            LabelledText(label=x.title, text=x.message)
            for x in getattr(plan, "left_out", None) or []
        ],
        acknowledged=[
            LabelledText(label=vocab.label("support", a.support), text=a.message)
            for a in plan.acknowledged
        ],
        reviews=_reviews(plan.reviews, mentor),
        sources=[
            SourceView(
                title=s.title,
                publisher=s.publisher,
                authors=s.authors,
                date=f"checked {long_date(s.checked)}" if s.checked else _source_date(s.date),
                url=safe_url(s.url),
            )
            for s in plan.sources
        ],
        providers=_providers(items),
        mentor=mentor,
        footer=f"Generated by {plan.generator} on {long_date(plan.generated_on)}. "
        "Hours marked as estimates and costs marked unknown are not from the "
        "provider: check them with the provider before you commit.",
        extra=dict(plan.extra),
        board=_board(plan, items, frameworks),
        ratings_by=_ratings_by(by, profile.ratings, assessment) if by else None,
        scale={level.value: level.label for level in assessment.scale},
        role=_role_line(profile.role, profile.organisation, assessment),
        explain=explain,
    )


def _unmet_text(rating: int | None, reason: str | None, assessment: Assessment) -> str:
    """The area's rating ('Rated ...' or 'Not rated') and what to do about the need."""
    rated = _rating_text(rating, assessment)
    rated = "Not rated" if rating is None else f"Rated {rated}"
    return f"{rated}; {UNMET_WORDS.get(reason or '', UNMET_OTHER)}"


def _role_line(role: str, organisation: str, assessment: Assessment) -> str:
    """'Clinical director, voluntary sector', 'Medical director ..., NHS trust': the role
    and where, for the title line ('other' says nothing of where)."""
    vocab = assessment.vocabularies
    text = vocab.label("roles", role)
    if organisation == "other":
        return text
    where = vocab.label("organisations", organisation)
    return f"{text}, {_first_lower(where) if where[1:2].islower() else where}"


def _board(plan: Plan, items: list[ItemView], frameworks: Frameworks) -> BoardView | None:
    """The board appraisal section for a board-level role: NHS England's board framework and
    the Fit and Proper Person Test for NHS bodies; for other providers, the requirement that
    applies to them (catalogue/frameworks.yaml `board_requirements`), with its caveat."""
    if not frameworks.is_board_level(plan.profile.role):
        return None
    rule = frameworks.board_requirement(plan.profile.organisation)
    if rule is not None and rule.framework is None:
        return _requirement(rule)
    board = frameworks.get(rule.framework) if rule and rule.framework else frameworks.board
    if board is None:
        return None
    by_id = {i.id: i for i in items}
    developed, untouched = [], []
    for domain in board.domains:
        titles = [
            by_id[p.id].title
            for p in ordered(plan.items)
            if any(domain.id in board.areas.get(a, []) for a in p.areas)
        ]
        if titles:
            developed.append(DomainUse(domain.label, titles))
        else:
            untouched.append(domain.label)
    return BoardView(
        framework=board.title,
        publisher=board.publisher,
        status=board.status,
        checked=board.checked,
        developed=developed,
        untouched=untouched,
        fppt=board.attestation or "",
        sources=[
            SourceView(title=s.title, publisher=board.publisher, authors=None, date=None, url=s.url)
            for s in board.sources
        ],
    )


def _requirement(rule: BoardRequirement) -> BoardView:
    """The section for a provider outside the NHS: the requirement that applies, no domains."""
    publisher = rule.publisher or ""
    return BoardView(
        framework=rule.title or "",
        publisher=publisher,
        status=rule.status or "",
        checked=rule.checked or dt.date.min,
        developed=[],
        untouched=[],
        fppt=(rule.requirement or "").strip(),
        sources=[
            SourceView(title=s.title, publisher=publisher, authors=None, date=None, url=s.url)
            for s in rule.sources
        ],
        caveat=(rule.caveat or "").strip(),
    )


def _ratings_by(
    framework: Framework, ratings: dict[str, int], assessment: Assessment
) -> RatingsByView:
    labels = {t.id: t.label for t in assessment.vocabularies.areas}
    groups = [
        RatingGroup(
            domain=g.domain,
            ratings=[LabelledText(r.label, _rating_text(r.rating, assessment)) for r in g.ratings],
        )
        for g in ratings_by_domain(framework, ratings, labels)
    ]
    return RatingsByView(framework=framework.title, groups=groups)


def _phases(items: list[ItemView]) -> list[PhaseView]:
    phases: list[PhaseView] = []
    for number in sorted({i.phase for i in items}):
        members = [i for i in items if i.phase == number]
        first = min(i.start for i in members)
        phases.append(
            PhaseView(
                number=number,
                label=members[0].phase_label,
                start=first,
                end=max(i.target_date for i in members),
                items=members,
                when=phase_when(
                    first, max(i.start for i in members), max(i.target_date for i in members)
                ),
            )
        )
    return phases


def phase_when(first: dt.date, last_start: dt.date, end: dt.date) -> str:
    """When a phase's items start and when the last one finishes, in months."""
    month = wording.month
    if month(first) == month(last_start) == month(end):
        return f"Items start and finish in {month(first)}."
    if month(first) == month(last_start):
        starts = f"Items start in {month(first)}"
    else:
        starts = f"Items start between {month(first)} and {month(last_start)}"
    return f"{starts}; the last finishes in {month(end)}."


def _summary(plan: Plan, assessment: Assessment, mentor: str | None) -> list[Fact]:
    vocab = assessment.vocabularies
    profile = plan.profile
    facts = [
        Fact(
            "Role",
            f"{vocab.label('roles', profile.role)}, {wording.in_post(profile.years_in_role)} "
            f"({vocab.label('organisations', profile.organisation)})",
        ),
        Fact("Career stage", vocab.label("stages", plan.stage)),
        Fact(
            "Goals",
            "; ".join(f"{i + 1}. {vocab.label('goals', g)}" for i, g in enumerate(profile.goals)),
        ),
        Fact(
            "Plan period",
            f"{long_date(plan.start)} to {long_date(plan.end)} ({plan.horizon_months} months)",
        ),
        Fact("Time", _time_summary(plan)),
        Fact("Money", _money_summary(plan)),
    ]
    if plan.priorities:
        facts.append(
            Fact(
                "Priority areas",
                "; ".join(
                    f"{i + 1}. {p.label or vocab.label('areas', p.area)} "
                    f"({_rating_text(p.rating, assessment)})"
                    for i, p in enumerate(plan.priorities)
                ),
            )
        )
    if profile.clinical_days_per_week:
        days = wording.plural(profile.clinical_days_per_week, "day")
        facts.append(Fact("Clinical work", f"{days} a week"))
    if profile.support_in_place:
        facts.append(
            Fact(
                "Support in place",
                wording.sentence(
                    wording.and_list(
                        [_first_lower(vocab.label("support", s)) for s in profile.support_in_place]
                    )
                ),
            )
        )
    if mentor:
        facts.append(Fact("Mentor", mentor))
    phases = len({i.phase for i in plan.items})
    facts.append(
        Fact(
            "Items",
            f"{len(plan.items)} in {wording.plural(phases, 'phase')}" if plan.items else "none yet",
        )
    )
    return facts


def _time_summary(plan: Plan) -> str:
    """The hours of the person's own time, as `plan` and `status` give them, and the study
    leave apart in days."""
    totals = plan.totals
    a_month = wording.plural(plan.profile.constraints.hours_per_month, "hour")
    text = f"{item_words.own_time_of(totals.hours, totals.hours_available)} ({a_month} a month)"
    if totals.leave_days:
        text += f"; {wording.tenths(totals.leave_days)} "
        if totals.leave_days_available is not None:
            text += f"of {wording.tenths(totals.leave_days_available)} "
        text += f"{wording.noun(totals.leave_days_available or totals.leave_days, 'day')} "
        text += "of study leave"
    return text


def _money_summary(plan: Plan) -> str:
    totals = plan.totals
    money = wording.money
    text = f"{money(totals.cost)} known costs of a {money(totals.budget)} budget"
    if totals.cost_unknown:
        unknown = wording.plural(len(totals.cost_unknown), "item has", "items have")
        text += f"; {unknown} an unknown cost (check with the provider)"
    if totals.levy_funded:
        levy = wording.plural(len(totals.levy_funded), "item")
        text += f"; {levy} through the apprenticeship levy"
    levy = "can" if plan.profile.constraints.apprenticeship_levy else "cannot"
    return text + f"; the apprenticeship levy {levy} be used"


def _reviews(dates: list[dt.date], mentor: str | None) -> list[ReviewView]:
    who = mentor or "your mentor, coach or appraiser"
    out = []
    for i, on in enumerate(dates):
        if i == len(dates) - 1 and len(dates) > 1:
            text = (
                f"End-of-plan review with {who}: what was completed, what to carry "
                "forward, and a fresh self-assessment"
            )
        else:
            text = f"Review progress with {who}; update each item's status"
        out.append(ReviewView(number=i + 1, on=on, text=text))
    return out


def _providers(items: list[ItemView]) -> list[ProviderView]:
    order: list[str] = []
    grouped: dict[str, list[ItemView]] = {}
    for item in items:
        if item.provider not in grouped:
            order.append(item.provider)
            grouped[item.provider] = []
        grouped[item.provider].append(item)
    return [
        ProviderView(
            name=name, url=next((i.url for i in grouped[name] if i.url), None), items=grouped[name]
        )
        for name in order
    ]


def _rating_text(rating: int | None, assessment: Assessment) -> str:
    if rating is None:
        return "not rated"
    return f"{wording.rating(rating, assessment.top)}, {assessment.scale_label(rating)}"


def _source_date(value: str | None) -> str | None:
    """A source's date as stored: an ISO date, or (plans made before the `checked`
    field) 'checked' and an ISO date; anything else as it is."""
    if not value:
        return None
    prefix = "checked " if value.startswith("checked ") else ""
    try:
        return prefix + long_date(dt.date.fromisoformat(value.removeprefix(prefix)))
    except ValueError:
        return value


def _first_lower(label: str) -> str:
    """'A mentor' -> 'a mentor', for a label inside a list."""
    return label[:1].lower() + label[1:]


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


# Wording shared by every output: an item's in render/item_words.py ---------------------


def cost_text(cost: float | str, note: str | None, assessment: Assessment) -> str:
    """The cost as a document says it (render/item_words.py `cost`)."""
    return item_words.cost(cost, note, assessment.vocabularies)
