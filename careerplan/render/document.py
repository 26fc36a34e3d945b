"""The content model of an exported plan: what a reader sees, in reading order.

`build(plan, assessment)` turns a Plan (ids, numbers, dates) into a Document of human
words (labels, money, hours, phases, sources), built once an export. The markdown and HTML
layouts are templates over it; Word, the calendar and the CSV/text for appraisal toolkits
draw it too, so none can say different things. Its items are the ItemViews of
`careerplan.render.items`, which the terminal draws as well, each item's months, time and
cost worded once by `careerplan.render.item_words`; its totals, unmet needs, left-out
entries, notes, reviews and next steps are the sections of `careerplan.render.sections`,
which the terminal draws too. Text here is raw: escaping belongs to
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
from careerplan.render import item_words, sections
from careerplan.render.items import (
    ItemView,
    clean_text,
    item_views,
    ordered,
    safe_url,
)
from careerplan.render.sections import (
    LabelledText,
    LeftOutView,
    PriorityView,
    ReviewView,
    StepView,
)
from careerplan.wording import long_date

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Fact:
    """One line of the summary: a label and its value."""

    label: str
    value: str


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
    left_out: list[LeftOutView]
    acknowledged: list[LabelledText]
    reviews: list[ReviewView]
    next_steps: list[StepView]
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
    person = sections.header(plan, vocab).name
    mentor = sections.mentor(plan)
    scale = {level.value: level.label for level in assessment.scale}
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
        priorities=sections.priorities(plan, vocab, scale),
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
        notes=sections.notes(plan).document,
        unmet=[
            LabelledText(label=u.label, text=u.appraiser)
            for u in sections.unmet(plan, vocab, scale)
        ],
        left_out=sections.left_out(plan),
        acknowledged=sections.acknowledged(plan, vocab),
        reviews=sections.reviews(plan, mentor),
        next_steps=sections.next_steps(plan),
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
        scale=scale,
        role=_role_line(profile.role, profile.organisation, assessment),
        explain=explain,
    )


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
    totals = sections.totals(plan)
    head = sections.header(plan, vocab)
    facts = [
        Fact(
            "Role",
            f"{head.role}, {head.in_post} ({vocab.label('organisations', profile.organisation)})",
        ),
        Fact("Career stage", head.stage),
        Fact("Goals", "; ".join(f"{i + 1}. {g}" for i, g in enumerate(head.goals))),
        Fact(
            "Plan period",
            f"{long_date(plan.start)} to {long_date(plan.end)} ({plan.horizon_months} months)",
        ),
        Fact("Time", totals.time_fact),
        Fact("Money", totals.money_fact),
    ]
    if plan.priorities:
        scale = {level.value: level.label for level in assessment.scale}
        facts.append(
            Fact(
                "Priority areas",
                "; ".join(
                    f"{p.rank}. {p.label} ({p.rating_label})"
                    for p in sections.priorities(plan, vocab, scale)
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
    """'1 of 5, Not yet', or 'not rated' (render/sections.py `rating_text`)."""
    scale = {level.value: level.label for level in assessment.scale}
    return sections.rating_text(rating, scale)


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


# Wording shared by every output: an item's in render/item_words.py ---------------------


def cost_text(cost: float | str, note: str | None, assessment: Assessment) -> str:
    """The cost as a document says it (render/item_words.py `cost`)."""
    return item_words.cost(cost, note, assessment.vocabularies)
