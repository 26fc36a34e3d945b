"""`careerplan review` (record progress on a plan) and `careerplan status` (see it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from careerplan import clock, wording
from careerplan.cli import complete
from careerplan.cli.common import console, load, stdin_is_tty
from careerplan.cli.lazy import command_app
from careerplan.cli.options import (
    CatalogueOption,
    PlainOption,
    TerminalOrJsonOption,
    TodayOption,
    terminal_or_json,
)

PlanArgument = Annotated[
    Path,
    typer.Argument(
        metavar="PLAN", help="A plan saved by `careerplan plan --save FILE` (YAML or JSON)."
    ),
]


def _vocabularies(path: Path, catalogue: list[Path] | None) -> dict[str, list[str]]:
    """The catalogue's vocabularies, once `path` is known not to be an export."""
    from careerplan.store.planfile import check_not_export

    check_not_export(path)
    return load(catalogue).vocab.ids()


def _load_plan(path: Path, catalogue: list[Path] | None):
    from careerplan.store.planfile import load_plan

    return load_plan(path, _vocabularies(path, catalogue))


REVIEW_HELP = (
    "Record progress on a saved plan: each item's status, with a dated history and "
    "notes.\n\n"
    "Without --item, asks about each item in turn (statuses: proposed, agreed, "
    "in-progress, complete, dropped) and saves after each answer. With --item, makes "
    "one change for a script. Complete and dropped items are closed; --reopen takes "
    "one up again.\n\n"
    "Example: careerplan review my-plan.yaml --item mentoring --status complete "
    "--note 'Met 4 times'"
)


review_app = command_app()
status_app = command_app()


@review_app.command(help=REVIEW_HELP)
def review(
    plan_file: PlanArgument,
    item: Annotated[
        str | None,
        typer.Option(
            "--item",
            metavar="ID",
            help="The item to update (its id, or its number in the plan); "
            "without it, walk through every item.",
            autocompletion=complete.plan_items,
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="Its new status: proposed, agreed, in-progress, complete or dropped. "
            "complete takes --date (default today); "
            "dropped needs --note with the reason.",
            autocompletion=complete.statuses,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            metavar="TEXT",
            help="A reflection, evidence, or the reason for dropping or reopening.",
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="When it happened (default today): 20 Mar 2027, 20/3/2027 or 2027-03-20.",
        ),
    ] = None,
    reopen: Annotated[
        bool,
        typer.Option(
            "--reopen", help="Take up a complete or dropped item again (needs --status and --note)."
        ),
    ] = False,
    catalogue: CatalogueOption = None,
    today: TodayOption = None,
) -> None:
    """`careerplan review`: the help text is REVIEW_HELP."""
    from careerplan.errors import InputError
    from careerplan.review.progress import Change, apply_change, find_item
    from careerplan.store.planfile import update_plan

    now = clock.today()
    happened = clock.parse(date, source="--date") if date else None
    if item is None and (status or note or date or reopen):
        raise InputError(
            "--status, --note, --date and --reopen need --item ID (the item to "
            "change); see the ids with `careerplan status PLAN`"
        )
    if status is not None:
        from careerplan.review.progress import check_status

        check_status(status)  # before reading the plan: a plain line, not a usage box
    vocab = _vocabularies(plan_file, catalogue)

    def record(change: Change):
        """The change made to the plan as it is in the file now, under its lock."""
        return update_plan(plan_file, vocab, lambda current: apply_change(current, change, now))

    if item is not None:
        seen: dict[str, str] = {}

        def change_one(current):
            found = find_item(current, item)  # an id, or the number the plan shows
            seen.update(id=found.id, before=found.status)
            change = Change(
                item=found.id,
                status=status,
                note=note,
                on=happened,
                reopen=reopen,
            )
            return apply_change(current, change, now)

        plan = update_plan(plan_file, vocab, change_one)
        after = find_item(plan, seen["id"])
        what = (
            f"{seen['before']} → {after.status} on {wording.date(after.status_date or now)}"
            if after.status != seen["before"]
            else "note added"
        )
        typer.echo(f"{after.id}: {what}. Saved {plan_file}")
        return
    from careerplan.store.planfile import load_plan, writable_target

    plan = load_plan(plan_file, vocab)
    writable_target(plan_file)  # a read-only plan is refused before any question
    if not stdin_is_tty():
        raise InputError(
            "review asks questions, but this is not an interactive terminal; "
            "to change an item from a script use "
            "`careerplan review PLAN --item ID --status S [--note TEXT]`"
        )
    from careerplan.errors import Interrupted

    saved = 0

    def save(change: Change):
        nonlocal saved
        updated = record(change)
        saved += 1
        return updated

    try:
        from careerplan.review.prompt import walk
        from careerplan.wording import plural

        _, changed = walk(
            plan, now, save, echo=typer.echo, reload=lambda: load_plan(plan_file, vocab)
        )
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or the input ended (Ctrl-D)
        kept = f"{plural(saved, 'change')} already saved" if saved else "nothing was changed"
        raise Interrupted(
            f"review stopped; {kept} in {plan_file}. Run `careerplan review "
            f"{plan_file}` again to go on (leave done items as they are)."
        ) from None
    if changed:
        typer.echo(
            f"Saved {plural(changed, 'change')} to {plan_file}. "
            f"See where you are with: careerplan status {plan_file}"
        )
    else:
        typer.echo("Nothing changed.")


STATUS_HELP = (
    "Show progress on a saved plan at a glance: per phase and overall, what is "
    "overdue, hours spent against plan, and the next review date.\n\n"
    "For scripts: --format json prints the same as data; --check exits 1 when an item is "
    "overdue (0 when none is), so a weekly job can remind you. --plain says it in "
    "sentences, without bars (for a screen reader): careerplan status my-plan.yaml "
    "--plain\n\n"
    "Example: careerplan status my-plan.yaml --check --format json"
)


@status_app.command(help=STATUS_HELP)
def status(
    plan_file: PlanArgument,
    to: TerminalOrJsonOption = "terminal",
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Exit 1 when an item is overdue (and say so on stderr); 0 when none is. "
            "Example: careerplan status plan.yaml --check",
        ),
    ] = False,
    plain: PlainOption = False,
    catalogue: CatalogueOption = None,
    today: TodayOption = None,
) -> None:
    """`careerplan status`: the help text is STATUS_HELP."""
    from careerplan.render.progress import status_data, status_view
    from careerplan.review.progress import standing

    fmt = terminal_or_json(to)
    now = clock.today()
    plan = _load_plan(plan_file, catalogue)
    where = standing(plan, now)
    if fmt == "json":
        from careerplan.store.yamlio import dump_json

        typer.echo(dump_json(status_data(plan, where, now)), nl=False)
    else:
        from careerplan.render import plain as plain_mode

        out = console()
        if plain_mode.wanted(plain):
            out.out(plain_mode.status_text(plan, where, now, out.width), end="", highlight=False)
        else:
            from careerplan.render.plan_terminal import print_trimmed

            print_trimmed(status_view(plan, where, now), out)  # no spaces at line ends
    if check and where.overdue:
        from careerplan.wording import noun, plural

        typer.echo(
            f"careerplan: {plural(len(where.overdue), 'item')} "
            f"{noun(len(where.overdue), 'is', 'are')} overdue in {plan_file}",
            err=True,
        )
        raise typer.Exit(1)
