"""`careerplan plan`: a personalised, explained, phased plan from a profile."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from careerplan import clock
from careerplan.cli import complete, options
from careerplan.cli.common import collector, console, load, mentor_name, out_path
from careerplan.cli.lazy import command_app
from careerplan.cli.options import (
    CatalogueOption,
    ForceOption,
    PlainOption,
    TemplateOption,
    TodayOption,
)

if TYPE_CHECKING:
    from rich.console import Console

    from careerplan.engine.planner import Overrides
    from careerplan.model.catalogue import Catalogue
    from careerplan.model.feedback import OthersView
    from careerplan.model.plan import Plan
    from careerplan.model.profile import Profile


class PlanFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    yaml = "yaml"


def parse_start(value: str | None) -> dt.date | None:
    """--start in any form `assess` takes (4 Jan 2027, 4/1/2027, 2027-01-04)."""
    return None if value is None else clock.parse(value, source="--start")


def make_plan(
    profile: Profile,
    catalogue: Catalogue,
    *,
    today: dt.date | None = None,
    overrides: Overrides | None = None,
    others: OthersView | None = None,
    profile_file: str | None = None,
) -> Plan:
    from careerplan.engine.planner import build_plan

    return build_plan(
        profile,
        catalogue,
        today=today or clock.today(),
        overrides=overrides,
        others=others,
        profile_file=profile_file,
    )


def show_plan(
    profile: Profile,
    catalogue: Catalogue,
    out: Console | None = None,
    *,
    today: dt.date | None = None,
    overrides: Overrides | None = None,
    plain: bool = False,
    profile_file: str | None = None,
) -> Plan:
    """Build the plan for `profile` and print its terminal view (for `assess` to call);
    in plain sentences with `plain` (assess --plain) or TERM=dumb. `profile_file`: the
    saved profile's name, for the commands the plan suggests."""
    from careerplan.render.plan_terminal import print_plan

    plan = make_plan(
        profile, catalogue, today=today, overrides=overrides, profile_file=profile_file
    )
    print_plan(plan, catalogue, out or console(), plain=plain)
    return plan


def save_plan(plan: Plan, path: Path, *, force: bool) -> None:
    """--save: YAML, or JSON for a .json name; atomic, private, never over a file unasked."""
    from careerplan.errors import InputError
    from careerplan.store.planfile import save_plan as write_plan

    if path.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise InputError(
            f"--save {path}: name the file .yaml (or .yml) or .json, so the format is clear"
        )
    write_plan(plan, path, force=force)
    typer.echo(f"Saved the plan to {path} (readable by you alone).", err=True)


def _check_targets(save: Path | None, out: Path | None, to: str | None, *, force: bool) -> None:
    """Refuse a bad --out format or an existing file before writing anything, so that
    `--save A --out B` never leaves A written and B refused."""
    from careerplan.errors import AlreadyExists, InputError

    if out is not None:
        from careerplan.render.export import format_for

        format_for(out, to)
    if save is not None and out is not None and save.resolve() == out.resolve():
        raise InputError(
            f"--save and --out are the same file ({save}); give each its own file name"
        )
    for flag, target in (("--save", save), ("--out", out)):
        if target is not None and target.is_dir():
            raise InputError(f"{flag} {target}: is a folder; give a file name to write")
        if target is not None and target.exists() and not force:
            raise AlreadyExists(target)


PLAN_HELP = (
    "Make a personalised, explained, phased development plan from a profile.\n\n"
    "Shows your priorities and the arithmetic behind them, a timeline, each item with the "
    "reasons it suits you, a SMART action and the evidence for appraisal, totals against "
    "your hours and budget, what is not covered and what would change that, and advice from "
    "the report for your situation (--explain shows every reason and the arithmetic). "
    "--top, --horizon and --start try a what-if without editing the profile; --include ID "
    "and --exclude ID steer it.\n\n"
    "Next year, --previous OLD_PLAN carries unfinished items forward. Mentors: --batch DIR "
    "--out-dir OUT plans every profile in DIR; --mentor NAME records who the plan was agreed "
    "with.\n\n"
    "--plain says it all in sentences, without charts (for a screen reader): "
    "careerplan plan me.yaml --plain\n\n"
    "Example: careerplan plan me.yaml --save plan.yaml"
)


plan_app = command_app()


@plan_app.command("plan", help=PLAN_HELP)
def plan_command(
    profile_file: Annotated[
        Path | None,
        typer.Argument(
            metavar="PROFILE", help="The profile (YAML) to plan for.", show_default=False
        ),
    ] = None,
    profile: Annotated[
        Path | None,
        typer.Option("--profile", "-p", metavar="FILE", help="The same, as an option."),
    ] = None,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save",
            metavar="PATH",
            help="Also save the plan (.yaml or .json) for `export` and `review`; private to you.",
        ),
    ] = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            metavar="N",
            help="At most N lines of work (default 7, and 2 more for each year after the "
            "first, up to 12); the further steps of one programme of work, such as building "
            "the directorate, share its line.",
        ),
    ] = None,
    horizon: Annotated[
        int | None,
        typer.Option(
            "--horizon",
            metavar="MONTHS",
            help="Plan over MONTHS months instead of the profile's horizon.",
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="DATE",
            help="Start on DATE (4 Jan 2027, 4/1/2027 or 2027-01-04) instead of the "
            "profile's start.",
        ),
    ] = None,
    feedback: Annotated[
        list[Path] | None,
        typer.Option(
            "--feedback",
            metavar="FILE",
            help="A colleague's ratings (from `careerplan form --rater`), set beside your own "
            "(repeatable; the profile's `feedback:` list is read too). Shown only pooled, at "
            "least three raters together, unless a named mentor agreed.",
        ),
    ] = None,
    include: Annotated[
        list[str] | None,
        typer.Option(
            "--include",
            metavar="ID",
            help="Plan this catalogue entry first (repeatable); the plan notes it.",
            autocompletion=complete.catalogue_ids,
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="ID",
            help="Leave this catalogue entry out (repeatable); the plan notes it.",
            autocompletion=complete.catalogue_ids,
        ),
    ] = None,
    explain: Annotated[
        bool,
        options.explain(
            "Show every reason, the score arithmetic, actions, evidence and the "
            "report's advice (the default view fits a screen or two)."
        ),
    ] = False,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            metavar="OLD_PLAN",
            help="Last year's saved plan: carry its unfinished "
            "items forward; what was completed or dropped is not suggested again.",
        ),
    ] = None,
    mentor: Annotated[
        str | None,
        typer.Option(
            "--mentor",
            metavar="NAME",
            help="Record the mentor's name; exports add an 'Agreed with' line (default: "
            "`mentor` in the settings file; --mentor '' records none).",
        ),
    ] = None,
    batch: Annotated[
        Path | None,
        typer.Option(
            "--batch",
            metavar="DIR",
            help="Plan every profile in DIR (for mentors); needs --out-dir.",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            metavar="OUT",
            help="With --batch: the folder to write the plans to (created if missing, "
            "private; default: `export_dir` in the settings file).",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            help="With --batch: plan in N worker processes (default: one a core).",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        options.out(
            "Also export the plan to FILE: markdown, html, docx (Word), pdf, "
            "json, yaml or ics, from the extension or --to. A bare file name goes to "
            "`export_dir` when the settings file sets one."
        ),
    ] = None,
    to: Annotated[
        str | None,
        options.to(
            "Printed: terminal (default), json or yaml (the plan's data), md, html or "
            "ics. With --out: md, html, docx, pdf, json, yaml or ics (default: the extension). "
            "With --batch: md (default), html, json or yaml.",
            completion=complete.plan_formats,
        ),
    ] = None,
    template: TemplateOption = None,
    plain: PlainOption = False,
    catalogue: CatalogueOption = None,
    force: ForceOption = False,
    today: TodayOption = None,
) -> None:
    """Make a personalised, explained, phased development plan from a profile (PLAN_HELP).

    Example: careerplan plan me.yaml --save plan.yaml
    """
    if batch is None:
        collector(on=False)  # one plan: no garbage worth collecting before it ends
    from careerplan.engine.planner import Overrides
    from careerplan.store.profiles import load_profile

    profile = _one_profile(profile_file, profile)
    overrides = Overrides(
        top=top,
        horizon=horizon,
        start=parse_start(start),
        include=tuple(dict.fromkeys(include or [])),
        exclude=tuple(dict.fromkeys(exclude or [])),
    )
    overrides.check()
    cat = load(catalogue)
    mentor = mentor_name(mentor)
    if batch is not None:
        from careerplan.cli.plan_batch import run_batch_command
        from careerplan.store.config import settings

        if out_dir is None:
            out_dir = settings().export_dir

        run_batch_command(
            batch,
            out_dir,
            to or "md",
            cat,
            today=clock.today(),
            force=force,
            mentor=mentor,
            profile=profile,
            previous=previous,
            save=save,
            out=out,
            template=template,
            overrides=overrides,
            jobs=jobs,
        )
        return
    if profile is None:
        from careerplan.errors import InputError

        raise InputError(
            "give --profile FILE or the profile itself (careerplan plan PROFILE), or "
            "--batch DIR --out-dir OUT to plan a folder of profiles"
        )
    out = out_path(out)
    _check_targets(save, out, to, force=force)
    if mentor is not None:
        from careerplan.mentor.batch import clean_mentor

        mentor = clean_mentor(mentor)  # an escape sequence is refused before anything is shown
    person = load_profile(profile, cat.vocab.ids())
    from careerplan.store.feedback_files import feedback_paths, load_feedback

    others = load_feedback(feedback_paths(person, profile, feedback or []), person, cat)
    if previous is not None:
        from careerplan.cli.plan_batch import carry_from

        plan = carry_from(
            previous, person, cat, today=clock.today(), overrides=overrides, others=others
        )
    else:
        from careerplan.textsafe import shell_word

        plan = make_plan(
            person, cat, overrides=overrides, others=others, profile_file=shell_word(profile)
        )
    if mentor:
        from careerplan.mentor.batch import with_mentor

        plan = with_mentor(plan, mentor)
    if save is not None:
        save_plan(plan, save, force=force)
    if out is not None:
        from careerplan.render.export import export_plan

        written = export_plan(
            plan,
            out,
            to=to,
            force=force,
            assessment=cat.assessment,
            template=template,
            frameworks=cat.frameworks,
            explain=explain,
        )
        typer.echo(f"Exported the plan to {written} (readable by you alone).", err=True)
        return
    fmt = _printed_format(to)
    if fmt is PlanFormat.terminal:
        from careerplan.render.plan_terminal import print_plan

        print_plan(plan, cat, console(), explain=explain, plain=plain)
    elif fmt in (PlanFormat.json, PlanFormat.yaml):
        from careerplan.store.planfile import plan_text

        typer.echo(plan_text(plan, Path(f"plan.{fmt}")), nl=False)
    else:
        from careerplan.render.export import render

        text = render(
            plan,
            fmt,
            assessment=cat.assessment,
            template=template,
            frameworks=cat.frameworks,
            explain=explain,
        )
        typer.echo(text, nl=False)


PRINTABLE = ("terminal", "json", "yaml", "md", "html", "ics")


def _printed_format(to: str | None) -> str:
    """What `--to/--format` asks `plan` to print (no --out, no --batch)."""
    from careerplan.errors import InputError
    from careerplan.render.export import ALIASES

    key = (to or "terminal").strip().lower().lstrip(".")
    key = ALIASES.get(key, key)
    if key not in PRINTABLE:
        hint = "; a Word file needs --out plan.docx" if key == "docx" else ""
        raise InputError(
            f"--to {to}: plan prints one of {', '.join(PRINTABLE)}{hint}; see `careerplan plan -h`"
        )
    return PlanFormat(key) if key in PlanFormat.__members__ else key


def _one_profile(argument: Path | None, option: Path | None) -> Path | None:
    """The profile, given as an argument or as --profile (not two different ones)."""
    if argument is not None and option is not None and argument != option:
        from careerplan.errors import InputError

        raise InputError(
            f"two profiles given ({argument} and --profile {option}); give one of them"
        )
    return argument or option
