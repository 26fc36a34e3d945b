"""The terminal view of a profile: the answers, and a bar chart of the self-ratings."""

from __future__ import annotations

import datetime as dt

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from careerplan.assessment import Assessment
from careerplan.frameworks import Framework, ratings_by_domain
from careerplan.interview import Interview, get_path
from careerplan.profile import Profile, profile_to_data

BAR_CELLS = 5
"""Width of one rating level in the bar chart."""


def rating_bar(value: int | None, top: int) -> Text:
    if value is None:
        return Text("·" * (BAR_CELLS * top), style="dim")
    bar = Text("█" * (BAR_CELLS * value), style="cyan")
    bar.append("░" * (BAR_CELLS * (top - value)), style="dim")
    return bar


def profile_view(
    profile: Profile, assessment: Assessment, by: Framework | None = None
) -> RenderableType:
    """The profile's answers and its self-ratings chart; `by` groups the chart by that
    framework's domains (an area may sit under several)."""
    vocab = assessment.vocabularies
    shower = Interview(assessment, today=dt.date.today())
    data = profile_to_data(profile)

    title = Text(profile.name or "Profile", style="bold underline")
    title.append(f"  assessed {profile.assessed_on:%-d %B %Y}", style="")

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    done: set[str] = set()
    for q in assessment.questions:
        if q.kind == "ratings" or q.field in done or q.field == "name":
            continue
        done.add(q.field)
        value = get_path(data, q.field)
        if q.field == "goals":
            shown = shower.show(q.model_copy(update={"kind": "order"}), value)
            label = "Goals"
        else:
            shown = shower.show(q, value)
            label = q.label
        facts.add_row(label, Text(shown))
        if q.field == "years_in_role":
            stage = assessment.stage_for(profile.role, profile.years_in_role)
            facts.add_row(
                "Career stage", Text(f"{vocab.label('stages', stage)} (from role and years)")
            )
    if profile.mentor:
        facts.add_row("Mentor", Text(profile.mentor))

    top = max(level.value for level in assessment.scale)
    scale = ", ".join(f"{lv.value} {lv.label}" for lv in assessment.scale)
    chart = Table(
        title=f"Self-ratings ({scale})",
        title_justify="left",
        show_header=False,
        box=None,
        padding=(0, 1),
        pad_edge=False,
    )
    chart.add_column(no_wrap=True)
    chart.add_column(no_wrap=True)
    chart.add_column(no_wrap=True)

    def add(area: str, label: str, indent: str = "") -> None:
        value = profile.ratings.get(area)
        shown = "not rated" if value is None else f"{value} {assessment.scale_label(value)}"
        if area in profile.priority_areas:
            shown += "  (priority)"
        chart.add_row(indent + label, rating_bar(value, top), shown)

    if by is not None:
        return Group(title, Text(""), facts, Text(""), *_grouped(profile, assessment, by, top))
    for term in vocab.areas:
        value = profile.ratings.get(term.id)
        label = "not rated" if value is None else f"{value} {assessment.scale_label(value)}"
        if term.id in profile.priority_areas:
            label += "  (priority)"
        chart.add_row(term.label, rating_bar(value, top), label)
    rated = len(profile.ratings)
    note = Text(f"{rated} of {len(vocab.areas)} areas rated", style="dim")
    return Group(title, Text(""), facts, Text(""), chart, note)


def _grouped(
    profile: Profile, assessment: Assessment, by: Framework, top: int
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
        heading.append(f"  average {mean:.1f}" if mean is not None else "  none rated", style="dim")
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
            table.add_row("  " + rating.label, rating_bar(value, top), shown)
        parts.append(table)
    parts.append(
        Text(
            f"{len(profile.ratings)} of {len(labels)} areas rated; an area can sit under "
            "several domains. The mapping is careerplan's (catalogue/frameworks.yaml).",
            style="dim",
        )
    )
    return parts
