"""Terminal views of the catalogue: the list table, one entry in full, the summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from careerplan import wording
from careerplan.model.catalogue import Catalogue
from careerplan.model.opportunity import (
    UNKNOWN,
    Band,
    Block,
    Ongoing,
    Opportunity,
    Qualification,
    Role,
    Sessions,
    price_words,
)
from careerplan.model.placeholders import fill
from careerplan.wording import tenths as num  # hours to a tenth, as in every plan view


def cost_text(opp: Opportunity, catalogue: Catalogue, *, short: bool = False) -> str:
    cost = opp.cost
    if isinstance(cost, Band):
        text = f"{wording.money(cost.min)}–{wording.money(cost.max)}"
        if short:
            return text
        estimate = ", an estimate" if opp.cost_basis == "estimate" else ""
        return f"{text} (counted as {wording.money(cost.max)}, the upper end{estimate})"
    if cost == UNKNOWN or isinstance(cost, str):
        return "unknown" if short else f"unknown: {opp.cost_unknown_reason}"
    text = "free" if cost == 0 else wording.money(cost)
    if short:
        return text
    if opp.cost_basis == "estimate":
        text = f"about {text} (estimate)"
    return text


def price_evidence(opp: Opportunity) -> str | None:
    parts = []
    if opp.cost_note:
        parts.append(opp.cost_note.rstrip("."))
    if opp.price_source:
        checked = f", checked {wording.date(opp.price_checked)}" if opp.price_checked else ""
        year = f" (for {opp.price_for})" if opp.price_for else ""
        parts.append(f"source{year}: {opp.price_source.title} <{opp.price_source.url}>{checked}")
    for comp in opp.estimate_from:
        parts.append(
            f"estimated from {price_words(comp.price)} for {comp.price_for}: {comp.title} "
            f"<{comp.url}>, checked {wording.date(comp.checked)}"
        )
    last = opp.last_published
    if last is not None:
        parts.append(
            f"last published {price_words(last.price)} ({last.year}), not counted: "
            f"{last.source.title} <{last.source.url}>, checked {wording.date(last.checked)}"
        )
    return "; ".join(parts) or None


def basis_text(opp: Opportunity) -> str:
    """What the price is: 'published for 2025/26', 'estimate', 'last published 2024' ..."""
    basis = opp.price_basis
    if basis == "published":
        return f"published for {opp.price_for}" if opp.price_for else "published"
    if basis == "unknown" and opp.last_published is not None:
        return f"last published ({opp.last_published.year})"
    return basis


def checked_of(opp: Opportunity) -> str:
    """When the price (or else the entry) was last checked."""
    dates = [opp.price_checked] if opp.price_checked else []
    dates += [c.checked for c in opp.estimate_from]
    if opp.last_published is not None:
        dates.append(opp.last_published.checked)
    return wording.date(max(dates) if dates else opp.last_reviewed)


def entry_time(opp: Opportunity) -> str:
    t = opp.time
    if isinstance(t, Block):
        what = f"{wording.plural(t.days, 'day')} of leave together"
    elif isinstance(t, Sessions):
        what = (
            f"{wording.plural(t.sessions, 'session')} of {num(t.session_hours)} h over "
            f"{wording.plural(t.months, 'month')}"
        )
    elif isinstance(t, Ongoing):
        span = "the whole plan" if t.whole_plan else wording.plural(t.months, "month")
        what = f"{num(t.hours_per_month)} h a month for {span}"
    elif isinstance(t, Role):
        what = f"{num(t.hours_per_month)} h a month for {wording.plural(t.months, 'month')}"
    elif isinstance(t, Qualification):
        what = (
            f"{wording.plural(t.months, 'month')}: {wording.plural(t.taught_days, 'taught day')} "
            f"and {num(t.study_hours_per_month)} h a month of study"
        )
    else:
        what = f"{num(t.total_hours)} h once"
    text = f"{what}; about {num(t.total_hours)} h in all"
    return f"{text} (estimate)" if t.basis == "estimate" else text


def list_table(
    opps: Sequence[Opportunity], catalogue: Catalogue, *, prices: bool = False
) -> RenderableType:
    table = Table(expand=False, show_lines=False)
    table.add_column("opportunity (id)", ratio=1, overflow="fold")
    table.add_column("kind", no_wrap=True)
    table.add_column("hours", justify="right", no_wrap=True)
    table.add_column("cost", no_wrap=True)
    if prices:
        table.add_column("price basis", overflow="fold")
        table.add_column("checked", no_wrap=True)
    for opp in opps:
        name = Text(opp.title, style="bold")
        name.append("\n")
        name.append(opp.id, style="cyan")
        hours = num(opp.total_hours)
        row: list[Text | str] = [name, opp.kind, hours, cost_text(opp, catalogue, short=True)]
        if prices:
            row += [basis_text(opp), checked_of(opp)]
        table.add_row(*row)
    caption = Text(
        f"{wording.plural(len(opps), 'opportunity', 'opportunities')}. Hours are estimates "
        "unless the provider states them; `careerplan catalogue show ID` for details."
    )
    return Group(table, caption)


def _whom_rows(opp: Opportunity, catalogue: Catalogue) -> list[tuple[str, str]]:
    """Whom the entry is not for, and the only organisation types and contracts it is for."""
    vocab = catalogue.vocab
    rows = [("not for", ", ".join(opp.not_for))] if opp.not_for else []
    only = [vocab.label("organisations", o) for o in opp.organisations or []]
    only += [vocab.label("grades", g) for g in opp.grades or []]
    if only:
        rows.append(("only for", ", ".join(only)))
    return rows


def entry_view(opp: Opportunity, catalogue: Catalogue) -> RenderableType:
    vocab = catalogue.vocab
    # No profile here: placeholders get their default words ("your organisation" ...).
    words = catalogue.wording.values(None, None, None)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    rows: list[tuple[str, str]] = [
        ("id", opp.id),
        ("kind", vocab.label("kinds", opp.kind)),
        ("provider", opp.provider),
        ("summary", fill(opp.summary, words)),
        ("stages", ", ".join(vocab.label("stages", s) for s in opp.stages)),
        ("areas", ", ".join(f"{vocab.label('areas', a)} ({s}/3)" for a, s in opp.areas.items())),
        ("goals", ", ".join(vocab.label("goals", g) for g in opp.goals)),
        ("format", opp.format),
        ("time", entry_time(opp)),
        ("cost", cost_text(opp, catalogue)),
    ]
    evidence = price_evidence(opp)
    if evidence:
        rows.append(("price source", evidence))
    rows.append(("funding", ", ".join(vocab.label("funding", f) for f in opp.funding)))
    link = opp.url or "none recorded"
    if opp.url and opp.url_is_homepage:
        link += " (the provider's home page)"
    if opp.link_note:
        link += f" ({opp.link_note})"
    rows.append(("link", link))
    rows += _whom_rows(opp, catalogue)
    rows.append(("evidence", fill(opp.evidence, words)))
    if opp.action:
        rows.append(("first step", fill(opp.action, words)))
    if opp.report_says:
        rows.append(("report says", opp.report_says))
    if opp.prerequisites:
        rows.append(("after", ", ".join(opp.prerequisites)))
    rows.append(("source", opp.source))
    rows.append(("last reviewed", opp.last_reviewed.isoformat()))
    if opp.regions:
        rows.append(("regions", ", ".join(vocab.label("regions", r) for r in opp.regions)))
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
