"""`careerplan summary`: what a directorate needs, from a folder of plans or profiles."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from careerplan import clock
from careerplan.cli import options
from careerplan.cli.common import console, emit, load, out_path
from careerplan.cli.lazy import command_app
from careerplan.cli.options import CatalogueOption, ForceOption, PlainOption, TodayOption


class SummaryFormat(StrEnum):
    terminal = "terminal"
    md = "md"
    html = "html"
    json = "json"


SUMMARY_HELP = (
    "Summarise a directorate's development needs for a business case: areas of "
    "greatest need (a heat map), demand per opportunity, hours and cost by quarter, "
    "what the apprenticeship levy could fund, and who has no peer support or mentor.\n\n"
    "Individual ratings and names appear only with --named. A file that cannot be "
    "read is listed at the end and the exit code is 1; the others are still "
    "summarised.\n\n"
    "--plain says it in sentences, without the heat map's shading or tables (for a screen "
    "reader): careerplan summary ./directorate --plain\n\n"
    "Example: careerplan summary ./directorate --to md --out summary.md"
)


summary_app = command_app()


@summary_app.command(help=SUMMARY_HELP)
def summary(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            help="A folder of saved plans or profiles (YAML or JSON), one per person.",
        ),
    ],
    named: Annotated[
        bool,
        typer.Option(
            "--named",
            help="Show names and individual ratings (off by default: figures are aggregated).",
        ),
    ] = False,
    to: Annotated[
        SummaryFormat,
        options.to("terminal, md, html or json.", metavar=None),
    ] = SummaryFormat.terminal,
    out: Annotated[Path | None, options.out()] = None,
    force: ForceOption = False,
    plain: PlainOption = False,
    catalogue: CatalogueOption = None,
    today: TodayOption = None,
) -> None:
    """`careerplan summary`: the help text is SUMMARY_HELP."""
    from careerplan.mentor.batch import BatchOptions, input_files, load_plan_or_profile, run_batch
    from careerplan.mentor.summary import summarise
    from careerplan.model.funding import route_ids
    from careerplan.render import summary as render
    from careerplan.wording import noun, plural

    out = out_path(out)  # a bare file name: into the settings' export folder, if set
    now = clock.today()
    cat = load(catalogue)
    files = input_files(folder)
    # A summary does not show 'N more hours a month would allow it', which costs re-planning.
    options = BatchOptions(today=now, what_if_hours=False)
    result = run_batch(
        files,
        make=lambda p: load_plan_or_profile(p, cat, options),
        write=lambda p, _plan: p,
    )
    files = [p for p in files if p not in result.skipped]  # a batch's own summary file
    if not result.plans:
        from careerplan.errors import InputError

        raise InputError(
            f"{folder}: {'none of the' if len(files) != 1 else 'the'} "
            f"{plural(len(files), 'file')} could be read as a plan "
            "or profile:\n" + "\n".join(f"  {f.path.name}: {f.message}" for f in result.failed)
        )
    s = summarise(
        [(p.stem, plan) for p, plan in result.plans],
        cat.vocab,
        advice=cat.advice,
        scale={lv.value: lv.label for lv in cat.assessment.scale},
        levy_routes=route_ids(cat.funding, "levy"),
        named=named,
        left_out=[f.path.name for f in result.failed],
    )
    from careerplan.render import plain as plain_mode

    if to is SummaryFormat.terminal and plain_mode.wanted(plain):
        screen = console()
        text = plain_mode.summary_text(s, screen.width if out is None else 100)
        if out is None:
            screen.out(text, end="", highlight=False)
        else:
            emit(text, out, force=force, private=True)
    elif to is SummaryFormat.terminal and out is None:
        console().print(render.terminal_view(s))
    elif to is SummaryFormat.terminal:
        from careerplan.render.text import to_text

        emit(to_text(render.terminal_view(s)), out, force=force, private=True)
    else:
        emit(render.summary_text(s, to.value), out, force=force, private=True)
    if result.failed:
        typer.echo(
            f"careerplan: {len(result.failed)} of {plural(len(files), 'file')} "
            f"{noun(len(result.failed), 'was', 'were')} left out:",
            err=True,
        )
        from careerplan.textsafe import terminal

        for failure in result.failed:  # file names are other people's: shown, not obeyed
            for line in failure.message.splitlines() or [""]:
                named = line.startswith(str(failure.path))
                text = f"  {line}" if named else f"  {failure.path.name}: {line}"
                typer.echo(terminal(text), err=True)
        raise typer.Exit(1)
