"""`careerplan assess`: the interactive self-assessment (or its scripted equivalent)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated

import typer

from careerplan.cli import options
from careerplan.cli.common import console, stdin_is_tty
from careerplan.cli.lazy import command_app
from careerplan.cli.options import CatalogueOption, ForceOption, ForOption, TodayOption

assess_app = command_app()


@assess_app.command()
def assess(
    out: Annotated[
        Path | None,
        options.out(
            "Where to save the profile. Default: profile-YYYY-MM-DD.yaml here (you can "
            "change the name before saving)."
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Carry on with the assessment you stopped (answers are saved "
            "after every question).",
        ),
    ] = False,
    from_profile: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="PROFILE",
            help="Last time's profile: ask the same questions with its answers as defaults, "
            "and save a new, dated profile (the annual review).",
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="A full or partial profile whose answers are used without asking.",
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="KEY=VALUE",
            help="One answer, e.g. --set role=medical-director, --set budget=1500, --set "
            "goals=peer-support,finance, --set ratings.finance=2 (repeatable).",
        ),
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input", help="Never prompt: a missing answer is an error naming the question."
        ),
    ] = False,
    rater: Annotated[
        bool,
        options.rater(
            "Give your view of a colleague instead (with --for NAME): the leadership "
            "areas, your relationship and a comment; saves a feedback file to send them."
        ),
    ] = False,
    person: ForOption = None,
    plain: Annotated[
        bool,
        options.plain(
            "Ask line by line: plain numbered questions, answers typed and ended with "
            "Enter, no menus, colours or bars (for screen readers; also when TERM=dumb)."
        ),
    ] = False,
    force: ForceOption = False,
    catalogue: CatalogueOption = None,
    today: TodayOption = None,
) -> None:
    """Answer the self-assessment and save your profile (about ten minutes).

    Asks about your role, goals, confidence in sixteen leadership areas,
    support, time and budget; shows a summary to check; saves the profile
    (readable by you only). Answers are saved as you go: after Ctrl-C,
    `careerplan assess --resume` carries on.

    Example: careerplan assess --from profile-2025-11-20.yaml

    Example: careerplan assess --rater --for 'Dr A Example'
    """
    from careerplan.assess.session import AssessOptions, after_save, run_assess
    from careerplan.cli.common import load
    from careerplan.cli.plan import show_plan
    from careerplan.render.plain import wanted

    plainly = wanted(plain)  # --plain, or TERM=dumb
    if rater or person is not None:
        _rate(person if rater else None, out=out, force=force, catalogue=catalogue, plain=plainly)
        return

    opts = AssessOptions(
        out=out,
        force=force,
        resume=resume,
        from_profile=from_profile,
        answers=answers,
        sets=list(set_ or []),
        no_input=no_input,
        catalogue=catalogue,
        plain=plainly,
    )
    terminal = stdin_is_tty()
    out_console = console(stderr=not terminal)
    outcome = run_assess(opts, console=out_console, terminal=terminal, load=load)
    # The plan at the end in the same plain way as the questions, when they were plain.
    # Its suggested commands name the profile just saved (careerplan plan me.yaml --include ...).
    from careerplan.textsafe import shell_word

    named = shell_word(outcome.path)
    after_save(
        outcome, out_console, functools.partial(show_plan, plain=opts.plain, profile_file=named)
    )


def _rate(
    person: str | None, *, out: Path | None, force: bool, catalogue, plain: bool = False
) -> None:
    """assess --rater --for NAME (line by line with --plain or TERM=dumb)."""
    from careerplan import clock
    from careerplan.assess.rater import run_rater
    from careerplan.cli.common import load
    from careerplan.errors import InputError

    if person is None or not person.strip():
        raise InputError("--rater and --for NAME go together: say whom you are rating")
    terminal = stdin_is_tty()
    out_console = console(stderr=not terminal)
    ui = None
    if plain and terminal:
        from careerplan.assess.plain import PlainUI

        ui = PlainUI(out_console)
    run_rater(
        " ".join(person.split()),
        load(catalogue),
        console=out_console,
        terminal=terminal,
        today=clock.today(),
        out=out,
        force=force,
        ui=ui,
    )
