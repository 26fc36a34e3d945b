"""Terminal views of the catalogue: the list table, one entry in full, the summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from careerplan.catalogue import Catalogue
from careerplan.opportunity import Opportunity


def cost_text(opp: Opportunity, catalogue: Catalogue, *, short: bool = False) -> str:
    if isinstance(opp.cost, str):
        if opp.cost == "unknown":
            return "unknown" if short else "unknown (check with provider)"
        return catalogue.vocab.label("cost_bands", opp.cost)
    return "free" if opp.cost == 0 else f"£{opp.cost:,.0f}"


def hours_text(opp: Opportunity) -> str:
    if isinstance(opp.hours, str):
        return "unknown"
    hours = f"{opp.hours:g} h"
    return f"~{hours} (estimate)" if opp.hours_basis == "estimate" else hours


def list_table(opps: Sequence[Opportunity], catalogue: Catalogue) -> RenderableType:
    table = Table(expand=False, show_lines=False)
    table.add_column("opportunity (id)", ratio=1, overflow="fold")
    table.add_column("kind", no_wrap=True)
    table.add_column("hours", justify="right", no_wrap=True)
    table.add_column("cost", no_wrap=True)
    for opp in opps:
        name = Text(opp.title, style="bold")
        name.append("\n")
        name.append(opp.id, style="cyan")
        hours = "?" if isinstance(opp.hours, str) else f"{opp.hours:g}"
        table.add_row(name, opp.kind, hours, cost_text(opp, catalogue, short=True))
    caption = Text(
        f"{len(opps)} opportunities. Hours are estimates unless the provider "
        "states them; `careerplan catalogue show ID` for details."
    )
    return Group(table, caption)


def entry_view(opp: Opportunity, catalogue: Catalogue) -> RenderableType:
    vocab = catalogue.vocab
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    rows: list[tuple[str, str]] = [
        ("id", opp.id),
        ("kind", vocab.label("kinds", opp.kind)),
        ("provider", opp.provider),
        ("summary", opp.summary),
        ("stages", ", ".join(vocab.label("stages", s) for s in opp.stages)),
        ("areas", ", ".join(f"{vocab.label('areas', a)} ({s}/3)" for a, s in opp.areas.items())),
        ("goals", ", ".join(vocab.label("goals", g) for g in opp.goals)),
        ("format", opp.format),
        ("hours", hours_text(opp)),
        ("cost", cost_text(opp, catalogue)),
        ("funding", ", ".join(vocab.label("funding", f) for f in opp.funding)),
        ("link", opp.url or "none recorded"),
        ("evidence", opp.evidence),
    ]
    if opp.action:
        rows.append(("first step", opp.action))
    if opp.report_says:
        rows.append(("report says", opp.report_says))
    if opp.prerequisites:
        rows.append(("after", ", ".join(opp.prerequisites)))
    rows.append(("source", opp.source))
    rows.append(("last reviewed", opp.last_reviewed.isoformat()))
    origin = catalogue.origins.get(opp.id)
    if origin:
        rows.append(("defined in", str(origin)))
    for key, value in rows:
        table.add_row(key, Text(value))
    return Group(Text(opp.title, style="bold underline"), Text(""), table)


def summary_view(catalogue: Catalogue) -> RenderableType:
    counts = Counter(o.kind for o in catalogue.opportunities.values())
    heading = Text(
        f"Catalogue valid: {len(catalogue.opportunities)} opportunities in "
        f"{len(catalogue.files)} files"
    )
    table = Table()
    table.add_column("kind")
    table.add_column("entries", justify="right")
    for kind in catalogue.vocab.ids()["kinds"]:
        if counts.get(kind):
            table.add_row(catalogue.vocab.label("kinds", kind), str(counts[kind]))
    return Group(heading, table)
