"""`careerplan catalogue …`: browse, show, validate and describe the catalogue."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from careerplan.cli import complete, options
from careerplan.cli.common import console, load
from careerplan.cli.lazy import command_app
from careerplan.cli.options import CatalogueOption, TodayOption

catalogue_app = command_app(
    help="Browse and check the catalogue of development opportunities.\n\n"
    "Example: careerplan catalogue list --goal board-effectiveness",
    no_args_is_help=True,
)


class ListFormat(StrEnum):
    table = "table"
    json = "json"


@catalogue_app.command("list")
def list_(
    kind: Annotated[
        str | None,
        typer.Option(
            help="Only this kind, e.g. coaching.", autocompletion=complete.vocabulary("kinds")
        ),
    ] = None,
    area: Annotated[
        str | None,
        typer.Option(
            help="Only those building this area, e.g. finance.",
            autocompletion=complete.vocabulary("areas"),
        ),
    ] = None,
    goal: Annotated[
        str | None,
        typer.Option(
            help="Only those serving this goal.", autocompletion=complete.vocabulary("goals")
        ),
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option(
            help="Only those fitting this career stage, e.g. new-md.",
            autocompletion=complete.vocabulary("stages"),
        ),
    ] = None,
    free: Annotated[bool, typer.Option("--free", help="Only those that cost nothing.")] = False,
    prices: Annotated[
        bool,
        typer.Option(
            "--prices",
            help="Show each price's basis (published for which year, estimate, last "
            "published) and when it was checked.",
        ),
    ] = False,
    search: Annotated[
        str | None, typer.Option(help="Text to look for in id, title, provider and summary.")
    ] = None,
    format: Annotated[
        ListFormat,
        options.to("table, or json for every field.", metavar=None),
    ] = ListFormat.table,
    catalogue: CatalogueOption = None,
    today: TodayOption = None,
) -> None:
    """List opportunities, filtered.

    Example: careerplan catalogue list --area finance --free
    """
    from careerplan.store.catalogue import filter_opportunities

    cat = load(catalogue)
    opps = filter_opportunities(
        cat, kind=kind, area=area, goal=goal, stage=stage, free=free, search=search
    )
    if format is ListFormat.json:
        from careerplan.store.yamlio import dump_json

        typer.echo(dump_json([o.model_dump(mode="json") for o in opps]), nl=False)
        return
    from careerplan.render.catalogue import list_table

    console().print(list_table(opps, cat, prices=prices))


@catalogue_app.command()
def show(
    id: Annotated[
        str,
        typer.Argument(
            help="The opportunity's id, as in `catalogue list`.",
            autocompletion=complete.catalogue_ids,
        ),
    ],
    catalogue: CatalogueOption = None,
    today: TodayOption = None,
) -> None:
    """Show one opportunity in full, with its source.

    Example: careerplan catalogue show emml-bayes
    """
    from careerplan.render.catalogue import entry_view

    cat = load(catalogue)
    console().print(entry_view(cat.get(id), cat))


@catalogue_app.command()
def validate(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="[DIR]", help="Your organisation's folder of opportunities to check too."
        ),
    ] = None,
    catalogue: CatalogueOption = None,
    today: TodayOption = None,
) -> None:
    """Check the shipped catalogue (and DIR): every problem, in one pass.

    Exits 0 when valid (warnings are shown), 2 with one line per problem otherwise.

    Example: careerplan catalogue validate ./our-opportunities
    """
    from careerplan.render.catalogue import summary_view

    cat = load([*(catalogue or []), *([folder] if folder else [])])
    out = console()
    out.print(summary_view(cat))
    from careerplan.textsafe import terminal

    for warning in cat.warnings:  # an organisation's text: shown, not obeyed
        typer.echo(terminal(f"warning: {warning}"), err=True)
    if cat.warnings:
        from careerplan.wording import plural

        typer.echo(plural(len(cat.warnings), "warning"), err=True)


@catalogue_app.command()
def schema(
    frameworks: Annotated[
        bool,
        typer.Option("--frameworks", help="The schema of catalogue/frameworks.yaml instead."),
    ] = False,
    programmes: Annotated[
        bool,
        typer.Option("--programmes", help="The schema of catalogue/programmes.yaml instead."),
    ] = False,
    today: TodayOption = None,
) -> None:
    """Print the JSON Schema of an opportunities file, for editor checking.

    Example: careerplan catalogue schema > opportunities.schema.json
    """
    from careerplan.model.opportunity import opportunities_json_schema
    from careerplan.store.yamlio import dump_json

    cat = load(None)
    if frameworks:
        from careerplan.model.frameworks import frameworks_json_schema

        typer.echo(dump_json(frameworks_json_schema(cat.vocab.ids())), nl=False)
        return
    if programmes:
        from careerplan.model.programmes import programmes_json_schema

        typer.echo(dump_json(programmes_json_schema(cat.vocab.ids())), nl=False)
        return
    typer.echo(dump_json(opportunities_json_schema(cat.vocab.ids())), nl=False)


@catalogue_app.command()
def vocab(
    name: Annotated[
        str | None,
        typer.Argument(
            help="One vocabulary, e.g. areas or goals.",
            autocompletion=complete.vocabulary_names,
        ),
    ] = None,
    today: TodayOption = None,
) -> None:
    """List the ids that profiles and catalogue entries may use, with their meaning.

    Example: careerplan catalogue vocab areas
    """
    from rich.table import Table

    from careerplan.errors import InputError
    from careerplan.model.assessment import VOCABULARY_NAMES
    from careerplan.model.types import then

    cat = load(None)
    if name is not None and name not in VOCABULARY_NAMES:
        raise InputError(
            f"unknown vocabulary '{name}'"
            + then(name, VOCABULARY_NAMES, f"choose from: {', '.join(VOCABULARY_NAMES)}")
        )
    out = console()
    for vocabulary in [name] if name else VOCABULARY_NAMES:
        table = Table(title=vocabulary, title_justify="left")
        table.add_column("id", style="cyan", no_wrap=True)
        table.add_column("label")
        table.add_column("meaning")
        for term in getattr(cat.vocab, vocabulary):
            table.add_row(term.id, term.label, term.help)
        out.print(table)
