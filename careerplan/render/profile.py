"""The terminal view of a profile: the answers, and a bar chart of the self-ratings."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from careerplan import wording
from careerplan.model.assessment import Assessment
from careerplan.model.frameworks import Framework, ratings_by_domain
from careerplan.model.profile import Profile
from careerplan.render.bars import EMPTY, rating_bar

WIDE = 90
"""From this many columns, each rating level is drawn five cells wide (else two)."""


def _bar(value: int | None, top: int, cells: int) -> Text:
    drawn = rating_bar(value, top, cells=cells)
    if value is None:
        return Text(drawn, style="dim")
    filled = drawn.rstrip(EMPTY)
    bar = Text(filled, style="cyan")
    bar.append(drawn[len(filled) :], style="dim")
    return bar


def profile_view(
    profile: Profile,
    assessment: Assessment,
    answers: list[tuple[str, str]],
    *,
    width: int = 100,
    by: Framework | None = None,
) -> RenderableType:
    """`answers`: (label, answer in words) rows, as careerplan.assess.answers makes them;
    `by` groups the self-ratings chart by that framework's domains (an area may sit under
    several)."""
    vocab = assessment.vocabularies

    title = Text(profile.name or "Profile", style="bold underline")
    title.append(f"  assessed {wording.date(profile.assessed_on)}", style="")

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    for label, shown in answers:
        facts.add_row(label, Text(shown))

    top = assessment.top
    cells = 5 if width >= WIDE else 2
    scale = ", ".join(f"{lv.value} {lv.label}" for lv in assessment.scale)
    chart = Table(
        title=f"Self-ratings ({scale})",
        title_justify="left",
        show_header=False,
        box=None,
        padding=(0, 1),
        pad_edge=False,
    )
    chart.add_column(ratio=1)  # the area's name wraps first on a narrow screen
    chart.add_column(no_wrap=True)
    chart.add_column(no_wrap=True)

    if by is not None:
        grouped = _grouped(profile, assessment, by, top, cells)
        return Group(title, Text(""), facts, Text(""), *grouped)
    for term in vocab.areas:
        value = profile.ratings.get(term.id)
        label = "not rated" if value is None else f"{value} {assessment.scale_label(value)}"
        if term.id in profile.priority_areas:
            label += "  (priority)"
        chart.add_row(term.label, _bar(value, top, cells), label)
    rated = len(profile.ratings)
    note = Text(f"{rated} of {len(vocab.areas)} areas rated", style="dim")
    return Group(title, Text(""), facts, Text(""), chart, note)


def _grouped(
    profile: Profile, assessment: Assessment, by: Framework, top: int, cells: int
) -> list[RenderableType]:
    """The self-ratings under each domain of `by`: a heading line per domain (with the
    average rating), then its areas, the bars aligned from one domain to the next."""
    vocab = assessment.vocabularies
    labels = {t.id: t.label for t in vocab.areas}
    scale = ", ".join(f"{lv.value} {lv.label}" for lv in assessment.scale)
    width = max(len(label) for label in labels.values()) + 2
    parts: list[RenderableType] = [Text(f"Self-ratings by {by.title} ({scale})", style="italic")]
    for group in ratings_by_domain(by, profile.ratings, labels):
        mean = group.mean
        heading = Text(group.domain, style="bold")
        heading.append(
            f"  average {wording.number(mean, 1)}" if mean is not None else "  none rated",
            style="dim",
        )
        parts.extend([Text(""), heading])
        table = Table(show_header=False, box=None, padding=(0, 1), pad_edge=False)
        table.add_column(no_wrap=True, width=width)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        for rating in group.ratings:
            value = rating.rating
            shown = "not rated" if value is None else f"{value} {assessment.scale_label(value)}"
            if rating.area in profile.priority_areas:
                shown += "  (priority)"
            table.add_row("  " + rating.label, _bar(value, top, cells), shown)
        parts.append(table)
    parts.append(
        Text(
            f"{len(profile.ratings)} of {len(labels)} areas rated; an area can sit under "
            "several domains. The mapping is careerplan's (catalogue/frameworks.yaml).",
            style="dim",
        )
    )
    return parts
